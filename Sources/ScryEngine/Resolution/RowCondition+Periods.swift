import ScryLanguage
import ScryStore

extension RowCompiler {
    /// `period = latest`, `period in 2017/18`, `period from 2012-09 to 2013-07`, `period in
    /// last 12 months`: each label is read as each indicator's period type reads it, and
    /// `latest`, `previous` and `last` are relative to each indicator's own history.
    func compile(_ predicate: PeriodPredicate) throws(Diagnostic) -> Predicate {
        let observations = store.observations
        switch predicate {
        case .compare(let operation, let value):
            let resolve = try resolver(value)
            return { row in
                let period = Period(raw: observations.period[row])
                guard let wanted = resolve(Int(observations.indicator[row])) else { return false }
                // `!=` is the opposite of `=`: the same kind of period over the same months.
                let same = period.withoutStatus.raw == wanted.start.raw && period.endMonth == wanted.end
                switch operation {
                case .equal: return same
                case .notEqual: return !same
                case .less: return period.endMonth < wanted.start.startMonth
                case .lessOrEqual: return period.endMonth <= wanted.end
                case .greater: return period.startMonth > wanted.end
                case .greaterOrEqual: return period.startMonth >= wanted.start.startMonth
                }
            }
        case .within(let value):
            let resolve = try resolver(value)
            return { row in
                let period = Period(raw: observations.period[row])
                guard let span = resolve(Int(observations.indicator[row])) else { return false }
                return period.startMonth >= span.start.startMonth && period.endMonth <= span.end
            }
        case .inList(let values):
            var tests: [Predicate] = []
            for value in values { tests.append(try compile(.compare(.equal, value))) }
            let frozen = tests
            return { row in frozen.contains { $0(row) } }
        case .range(let first, let last):
            let from = try resolver(first), to = try resolver(last)
            return { row in
                let period = Period(raw: observations.period[row])
                let indicator = Int(observations.indicator[row])
                guard let start = from(indicator), let end = to(indicator) else { return false }
                return period.startMonth >= start.start.startMonth && period.endMonth <= end.end
            }
        }
    }

    /// What a period value means for an indicator: a period (its exact identity, for
    /// `=`) and the last month it reaches (for spans such as `last 12 months`).
    struct ResolvedPeriod {
        var start: Period
        var end: Int
    }

    private func resolver(_ value: PeriodValue) throws(Diagnostic) -> (Int) -> ResolvedPeriod? {
        let context = self.context
        let store = self.store
        switch value.kind {
        case .latest:
            return { indicator in context.latest(indicator).map { ResolvedPeriod(start: $0.withoutStatus, end: $0.endMonth) } }
        case .previous:
            return { indicator in context.previous(indicator).map { ResolvedPeriod(start: $0.withoutStatus, end: $0.endMonth) } }
        case .last(let count, let unit):
            let months = unit.hasPrefix("year") ? count * 12 : unit.hasPrefix("quarter") ? count * 3 : count
            return { indicator in
                guard let latest = context.latest(indicator),
                      let start = Period(kind: .months, startMonth: max(0, latest.endMonth - months + 1), length: 1)
                else { return nil }
                return ResolvedPeriod(start: start, end: latest.endMonth)
            }
        case .label(let label):
            // Check the label once, so that a bad one is an error at its place.
            do {
                _ = try Period.parse(label)
            } catch {
                throw Diagnostic.error(error.message, at: value.range)
            }
            let byIndicator = store.indicators.map { indicator in try? context.period(label, for: indicator) }
            return { indicator in
                byIndicator[indicator].map { ResolvedPeriod(start: $0.withoutStatus, end: $0.endMonth) }
            }
        }
    }
}
