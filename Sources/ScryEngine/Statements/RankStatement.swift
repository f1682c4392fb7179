import ScryLanguage
import ScryStore
import ScrySpelling

extension Engine {
    /// `rank authorities by CPP_rate in 2025` → the areas of one level, best first, with
    /// rank and quartile band by LAIT's rules. Without `in`, each area's figure for the
    /// indicator's latest period.
    func run(_ rank: Rank, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        guard let level = Column.areaLevels[rank.level.text.lowercased()], level != .national else {
            throw Diagnostic.error("cannot rank '\(rank.level.text)': rank authorities, districts, regions or neighbours",
                                   at: rank.level.range,
                                   suggestion: Spelling.didYouMean(rank.level.text, among: ["authorities", "districts", "regions", "neighbours"]))
        }
        let indicators = compiler.resolveIndicators(rank.indicator.text)
        guard !indicators.isEmpty else { throw compiler.unknownIndicator(rank.indicator.text, at: rank.indicator.range) }
        guard indicators.count == 1, let indicatorIndex = indicators.first else {
            let datasets = indicators.map { store.datasets[store.indicators[$0].dataset].name }
            throw Diagnostic.error("'\(rank.indicator.text)' is an indicator of several datasets (\(datasets.joined(separator: ", "))): add where dataset = \"…\"",
                                   at: rank.indicator.range)
        }
        let indicator = store.indicators[indicatorIndex]
        guard indicator.polarity == .high || indicator.polarity == .low else {
            let why = indicator.polarity == .none ? "an activity indicator has no polarity" : "its polarity is T (close to target), so no value is simply better"
            throw Diagnostic.error("\(indicator.code) cannot be ranked: \(why)", at: rank.indicator.range)
        }
        let period = try compiler.narrowing(PeriodPredicate.compare(.equal, rank.period ?? PeriodValue(.latest, rank.indicator.range)))
        let observations = store.observations
        let areas = store.areas
        let selection = try select(rank.filter, also: [.indicators(Narrowing.members([indicatorIndex], of: store.indicators.count)),
                                                       .areas(areas.map { $0.type == level }), period],
                                   compiler: compiler)
        let values = selection.map { observations.value[$0].number }
        let ranks = Ranking.ranks(values, polarity: indicator.polarity)
        let present = values.compactMap { $0 }
        let valueColumn = compiler.compile(.value)
        let periodColumn = compiler.compile(.period)
        var table = ResultTable(columns: [.init("rank", numeric: true), .init("area"), .init("value", numeric: true),
                                          .init("quartile"), .init("period")])
        var rows: [(Int?, String, [Cell])] = []
        for (position, row) in selection.enumerated() {
            let band = values[position].flatMap { indicator.hasQuartileBands ? Ranking.band(of: $0, among: present, polarity: indicator.polarity) : nil }
            let name = areas[Int(observations.area[row])].name
            rows.append((ranks[position], name, [ranks[position].map { .count($0) } ?? .empty, .text(name), valueColumn.cell(row),
                                                 band.map { .text($0.rawValue) } ?? .empty, periodColumn.cell(row)]))
        }
        rows.sort { a, b in
            switch (a.0, b.0) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.1.lowercased() < b.1.lowercased()
            }
        }
        table.rows = rows.map(\.2)
        let unranked = values.filter { $0 == nil }.count
        if unranked > 0 { table.notes.append("note: \(unranked) area\(unranked == 1 ? " has" : "s have") no value and no rank") }
        if selection.isEmpty { table.notes.append("note: no \(level) has a figure for \(indicator.code) in that period") }
        if let limit = rank.limit { table.rows = Array(table.rows.prefix(limit.count)) }
        return table
    }
}
