import ScryLanguage
import ScryStore

extension Engine {
    /// `describe A10` → the indicator's metadata, one field a row; several datasets' when
    /// they share the code. The values are of several kinds (names, a count, a period), in
    /// one mixed column.
    func run(_ describe: Describe, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let indices = compiler.resolveIndicators(describe.indicator.text)
        guard !indices.isEmpty else { throw compiler.unknownIndicator(describe.indicator.text, at: describe.indicator.range) }
        var table = ResultTable(columns: [.init("field"), .init("value", mixed: true)])
        for (position, index) in indices.enumerated() {
            let indicator = store.indicators[index]
            if position > 0 { table.rows.append([.empty, .empty]) }
            var periods: [Period] = []
            var areas = Set<UInt16>()
            for row in 0..<store.observations.count where Int(store.observations.indicator[row]) == index {
                periods.append(Period(raw: store.observations.period[row]))
                areas.insert(store.observations.area[row])
            }
            let fields: [(String, Cell)] = [
                ("dataset", .text(store.datasets[indicator.dataset].name)),
                ("code", .text(indicator.code)),
                ("name", .text(indicator.name)),
                ("theme", .text(indicator.theme)),
                ("polarity", .text(Self.describe(indicator.polarity))),
                ("period type", .text(Self.describe(indicator.periodType))),
                ("unit", .text(indicator.unit.code)),
                ("decimals", .text(String(indicator.decimals))),
                ("definition", .text(indicator.definition)),
                ("source", .text(indicator.source)),
                ("observations", .count(periods.count)),
                ("areas", .text(Self.listing(areas.sorted().map { store.areas[Int($0)].name }))),
                ("latest period", store.latestPeriod(of: index).map(Cell.period) ?? .empty),
            ]
            for (field, value) in fields where value != .empty && value != .text("") {
                table.rows.append([.text(field), value])
            }
        }
        return table
    }

    static func describe(_ polarity: Polarity) -> String {
        switch polarity {
        case .none: "none (an activity indicator: no RAG, no rank)"
        case .high: "H (higher is better)"
        case .low: "L (lower is better)"
        case .target: "T (close to the target is better)"
        }
    }

    static func describe(_ type: PeriodType) -> String {
        switch type {
        case .month: "M (the month's figure)"
        case .yearToDate: "YTD (financial year to date: April to the month)"
        case .rolling12Months: "R12M (the 12 months ending with the month)"
        case .snapshot: "SS (a snapshot at the month end)"
        case .academicYearToDate: "ACYTD (academic year to date: September to the month)"
        case .annual: "A (annual)"
        case .quarter: "Q (quarterly)"
        }
    }

    /// Names joined with commas, the first dozen of a long list and how many there are.
    static func listing(_ names: [String]) -> String {
        guard names.count > 12 else { return names.joined(separator: ", ") }
        return names.prefix(12).joined(separator: ", ") + " and \(names.count - 12) more (\(names.count) in all)"
    }
}
