import ScryLanguage
import ScryStore

extension RowCompiler {
    /// `period = latest`, `period in 2017/18`, `period from 2012-09 to 2013-07`, `period in
    /// last 12 months`: each label is read as each indicator's period type reads it, and
    /// `latest`, `previous` and `last` are relative to each indicator's own history. Every
    /// form but `!=` and `in (…)` is a window of months for each indicator.
    func narrowing(_ predicate: PeriodPredicate) throws(Diagnostic) -> Narrowing {
        let count = store.indicators.count
        switch predicate {
        // `period = last 5 years` means the span, as `period in last 5 years` does: no
        // single period equals a span of several.
        case .compare(.equal, let value) where value.isSpan:
            return try narrowing(.within(value))
        case .compare(let operation, let value):
            let resolved = try resolve(value)
            if operation == .notEqual {
                return try narrowing(.compare(.equal, value)).negated(store)
            }
            var window = PeriodWindow(indicators: count, exact: operation == .equal)
            for (indicator, wanted) in resolved.enumerated() {
                guard let wanted else { continue }
                switch operation {
                // The same kind of period over the same months.
                case .equal: window.allow(indicator, exactly: wanted.start.raw, end: wanted.end)
                case .notEqual: break
                // Before a year means dated periods before it: an undated label is no year.
                case .less: window.allow(indicator, from: earliest(wanted), to: wanted.start.startMonth - 1)
                case .lessOrEqual: window.allow(indicator, from: earliest(wanted), to: wanted.end)
                case .greater: window.allow(indicator, startingFrom: wanted.end + 1)
                case .greaterOrEqual: window.allow(indicator, startingFrom: wanted.start.startMonth)
                }
            }
            return .periods(window)
        case .within(let value):
            var window = PeriodWindow(indicators: count)
            for (indicator, span) in try resolve(value).enumerated() {
                if let span { window.allow(indicator, from: span.start.startMonth, to: span.end) }
            }
            return .periods(window)
        case .inList(let values):
            var choices: [Narrowing] = []
            for value in values { choices.append(try narrowing(.compare(.equal, value))) }
            return Narrowing.any(of: choices, store: store)
        case .range(let first, let last):
            let from = try resolve(first), to = try resolve(last)
            var window = PeriodWindow(indicators: count)
            for indicator in 0..<count {
                if let start = from[indicator], let end = to[indicator] { window.allow(indicator, from: start.start.startMonth, to: end.end) }
            }
            return .periods(window)
        }
    }

    /// Where a window up to `wanted` starts: at the first dated month for a dated period.
    private func earliest(_ wanted: ResolvedPeriod) -> Int {
        wanted.start.isUndated ? Int(Int32.min) : Period.firstDatedMonth
    }

    /// What a period value means for each indicator.
    private func resolve(_ value: PeriodValue) throws(Diagnostic) -> [ResolvedPeriod?] {
        let resolve = try resolver(value)
        return store.indicators.indices.map(resolve)
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
            return { indicator in store.latestPeriod(of: indicator).map { ResolvedPeriod(start: $0.withoutStatus, end: $0.endMonth) } }
        case .previous:
            return { indicator in store.previousPeriod(of: indicator).map { ResolvedPeriod(start: $0.withoutStatus, end: $0.endMonth) } }
        case .last(let count, let unit):
            // More months than any history holds reach back to its start (a period's months
            // are 32-bit); a count too large to multiply is no error, and no overflow.
            let (product, overflow) = count.multipliedReportingOverflow(by: unit.hasPrefix("year") ? 12 : unit.hasPrefix("quarter") ? 3 : 1)
            let months = overflow ? Int(Int32.max) : min(product, Int(Int32.max))
            return { indicator in
                guard let latest = store.latestPeriod(of: indicator),
                      let start = Period(kind: .months, startMonth: max(0, latest.endMonth - months + 1), length: 1)
                else { return nil }
                return ResolvedPeriod(start: start, end: latest.endMonth)
            }
        case .label(let label):
            // Check the label once, so that a bad one is an error at its place.
            do {
                // An undated label (LAIT's `0`) is a period only to national measures.
                if Period.undated(label: label) == nil { _ = try Period.parse(label) }
            } catch {
                throw Diagnostic.error(error.message, at: value.range)
            }
            let byIndicator = store.indicators.map { indicator in try? context.lookups.period(label, for: indicator) }
            if let undated = Period.undated(label: label), !store.observations.period.contains(undated.raw) {
                throw Diagnostic.error("'\(label)' is not a period: a bare number below 1000 is an undated label, and no figure loaded has '\(label)' (LAIT's '0' is one)",
                                       at: value.range)
            }
            return { indicator in
                byIndicator[indicator].map { ResolvedPeriod(start: $0.withoutStatus, end: $0.endMonth) }
            }
        case .parameter(let name), .lastParameter(let name, _, _):
            // `runTimed` refuses a statement with a parameter left in it before this.
            throw Diagnostic.error("parameter ':\(name)' is not set", at: value.range)
        }
    }
}
