import ScryLanguage
import ScryStore
import ScrySpelling

extension Engine {
    /// The comparators a local figure can be set beside.
    enum Comparator: String, CaseIterable {
        case england, region, neighbours, target, previous, year_ago

        static let aliases: [String: Comparator] = ["national": .england, "sn": .neighbours, "statistical_neighbours": .neighbours,
                                                    "year": .year_ago, "last_year": .year_ago]
    }

    /// `compare A10 with england, neighbours where area = Kent and period = latest` → each
    /// local figure (authorities and districts) beside each comparator: the comparator's
    /// value and the period it is for (its latest ending on or before the local period, as
    /// comparators lag), the gap (local − comparator), a verdict by polarity, and, where
    /// the numerator and denominator are known, a verdict by significance.
    func run(_ compare: Compare, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let indicators = compiler.resolveIndicators(compare.indicator.text)
        guard !indicators.isEmpty else { throw compiler.unknownIndicator(compare.indicator.text, at: compare.indicator.range) }
        var comparators: [(Comparator, String)] = []
        for reference in compare.comparators {
            let lowered = reference.text.lowercased()
            guard let comparator = Comparator(rawValue: lowered) ?? Comparator.aliases[lowered] else {
                throw Diagnostic.error("unknown comparator '\(reference.text)'", at: reference.range,
                                       suggestion: Spelling.didYouMean(reference.text, among: Comparator.allCases.map(\.rawValue))
                                           ?? "compare with england, region, neighbours, target, previous or year_ago")
            }
            comparators.append((comparator, comparator.rawValue))
        }
        var member = [Bool](repeating: false, count: store.indicators.count)
        for index in indicators { member[index] = true }
        let observations = store.observations
        let areas = store.areas
        let selection = try select(compare.filter, compiler: compiler).filter { row in
            let type = areas[Int(observations.area[row])].type
            return member[Int(observations.indicator[row])] && (type == .authority || type == .district)
        }
        let index = ObservationIndex(store: store, indicators: indicators)
        let several = comparators.count > 1
        var columns: [ResultTable.Column] = [.init("code"), .init("area"), .init("period"), .init("value", numeric: true)]
        for (_, name) in comparators {
            let prefix = several ? name + "_" : ""
            columns += [.init(name, numeric: true), .init(name + "_period"), .init(prefix + "gap", numeric: true),
                        .init(prefix + "verdict"), .init(prefix + "significance")]
        }
        var table = ResultTable(columns: columns)
        let valueColumn = compiler.compile(.value)
        for row in selection {
            let indicator = store.indicators[Int(observations.indicator[row])]
            let area = Int(observations.area[row])
            let period = Period(raw: observations.period[row])
            var cells: [Cell] = [.text(indicator.code), .text(areas[area].name), .period(period), valueColumn.cell(row)]
            for (comparator, _) in comparators {
                let match = comparatorValue(comparator, row: row, index: index, context: compiler.context)
                cells += comparison(row: row, indicator: indicator, match: match)
            }
            table.rows.append(cells)
        }
        table.rows = try orderCompared(table, selection: selection, compare: compare, compiler: compiler)
        if let limit = compare.limit { table.rows = Array(table.rows.prefix(limit.count)) }
        if selection.isEmpty { table.notes.append("note: no authority or district figure of \(compare.indicator.text) matches") }
        return table
    }

    /// The comparator's figure for a local row: its value and the period it is for.
    private func comparatorValue(_ comparator: Comparator, row: Int, index: ObservationIndex, context: QueryContext) -> (value: NumericCell, period: Period)? {
        let observations = store.observations
        let indicator = Int(observations.indicator[row])
        let period = Period(raw: observations.period[row])
        let area = Int(observations.area[row])
        switch comparator {
        case .target:
            return (observations.target[row], period)
        case .previous:
            return context.previousRow(row).map { (observations.value[$0], Period(raw: observations.period[$0])) }
        case .year_ago:
            return index.exact(indicator: indicator, area: area, kind: period.kind, endMonth: period.endMonth - 12)
        case .england:
            guard let england = store.areas.firstIndex(where: { $0.type == .national }) else { return nil }
            return index.asOf(indicator: indicator, area: england, endMonth: period.endMonth)
        case .region:
            var current: Int? = area
            while let step = current, store.areas[step].type != .region { current = store.areas[step].parent }
            return current.flatMap { index.asOf(indicator: indicator, area: $0, endMonth: period.endMonth) }
        case .neighbours:
            var authority: Int? = area
            while let step = authority, store.areas[step].type != .authority { authority = store.areas[step].parent }
            guard let owner = authority,
                  let group = store.areas.indices.first(where: { store.areas[$0].type == .neighbours && store.areas[$0].parent == owner })
            else { return nil }
            return index.asOf(indicator: indicator, area: group, endMonth: period.endMonth)
        }
    }

    private func comparison(row: Int, indicator: Indicator, match: (value: NumericCell, period: Period)?) -> [Cell] {
        let observations = store.observations
        guard let match, let theirs = match.value.number else {
            let shown: Cell = match.map { $0.value.state == .blank ? .empty : .missing($0.value.state) } ?? .empty
            return [shown, match.map { .period($0.period) } ?? .empty, .empty, .empty, .empty]
        }
        let comparatorCell = Cell.number(theirs, decimals: indicator.decimals, unit: indicator.unit)
        guard let ours = observations.value[row].number else {
            return [comparatorCell, .period(match.period), .empty, .empty, .empty]
        }
        let gap = Cell.number(ours - theirs, decimals: indicator.decimals, unit: indicator.unit == .percent ? nil : indicator.unit)
        var verdict: Cell = .empty
        if indicator.polarity == .high || indicator.polarity == .low {
            if Rounding.equalAtDisplay(ours, theirs, decimals: indicator.decimals) {
                verdict = .text("similar")
            } else {
                verdict = .text((ours > theirs) == (indicator.polarity == .high) ? "better" : "worse")
            }
        }
        var significance: Cell = .empty
        if indicator.unit == .percent, let top = observations.numerator[row].number, let bottom = observations.denominator[row].number,
           let judged = Significance.verdict(successes: top, trials: bottom, comparator: theirs / 100) {
            significance = .text(judged.rawValue)
        }
        return [comparatorCell, .period(match.period), gap, verdict, significance]
    }

    private func orderCompared(_ table: ResultTable, selection: [Int], compare: Compare, compiler: RowCompiler) throws(Diagnostic) -> [[Cell]] {
        guard !compare.order.isEmpty else { return table.rows }
        return try sortResult(table, by: compare.order, compiler: compiler)
    }
}

/// Observations of some indicators by indicator and area, sorted by the month they end, to
/// find a comparator's figure as of a local period.
struct ObservationIndex {
    private var rows: [Int: [Int]] = [:]
    private let store: Store

    init(store: Store, indicators: [Int]) {
        self.store = store
        let wanted = Set(indicators)
        let observations = store.observations
        for row in 0..<observations.count where wanted.contains(Int(observations.indicator[row])) {
            rows[Self.key(Int(observations.indicator[row]), Int(observations.area[row])), default: []].append(row)
        }
        for key in rows.keys {
            rows[key]?.sort { Period(raw: observations.period[$0]).endMonth < Period(raw: observations.period[$1]).endMonth }
        }
    }

    private static func key(_ indicator: Int, _ area: Int) -> Int { indicator << 16 | area }

    /// The area's latest figure ending on or before `endMonth`.
    func asOf(indicator: Int, area: Int, endMonth: Int) -> (value: NumericCell, period: Period)? {
        let observations = store.observations
        guard let candidates = rows[Self.key(indicator, area)],
              let row = candidates.last(where: { Period(raw: observations.period[$0]).endMonth <= endMonth })
        else { return nil }
        return (observations.value[row], Period(raw: observations.period[row]))
    }

    /// The area's figure of this kind of period ending exactly in `endMonth`.
    func exact(indicator: Int, area: Int, kind: Period.Kind, endMonth: Int) -> (value: NumericCell, period: Period)? {
        let observations = store.observations
        guard let row = rows[Self.key(indicator, area)]?.first(where: {
            let period = Period(raw: observations.period[$0])
            return period.endMonth == endMonth && period.kind == kind
        }) else { return nil }
        return (observations.value[row], Period(raw: observations.period[row]))
    }
}
