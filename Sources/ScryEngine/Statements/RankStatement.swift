import ScryLanguage
import ScryStore
import ScrySpelling

extension Engine {
    /// `rank authorities by CPP_rate in 2025` → the areas of one level, best first, with
    /// rank, how many were ranked and quartile band by LAIT's rules (R/fn_analysis.R). Without
    /// `in`, each area's figure for the indicator's latest period. A rank needs
    /// `Ranking.minimumRanked` figures and bands `Ranking.minimumBanded`. When the filter
    /// leaves some of the level's figures out (`where area in authorities of "South East"`),
    /// the ranks are among those selected and a `within` column says so.
    func run(_ rank: Rank, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        guard let level = Column.areaLevels[rank.level.text.lowercased()], level != .national else {
            throw Diagnostic.error("cannot rank '\(rank.level.text)': rank authorities, districts, regions or neighbours",
                                   at: rank.level.range,
                                   suggestion: Spelling.didYouMean(rank.level.text, among: ["authorities", "districts", "regions", "neighbours"]))
        }
        let indicatorIndex = try compiler.singleIndicator(rank.indicator)
        let indicator = store.indicators[indicatorIndex]
        guard indicator.polarity == .high || indicator.polarity == .low else {
            // LAIT refuses too (calculate_rank gives "-" without High or Low polarity).
            let why = indicator.polarity == .none ? "an activity indicator has no polarity" : "its polarity is T (close to target), so no value is simply better"
            let written = compiler.source.text(of: rank.indicator.range)
            let period = rank.period.map { compiler.source.text(of: $0.range) } ?? "latest"
            throw Diagnostic.error("\(indicator.code) cannot be ranked: \(why)", at: rank.indicator.range,
                                   suggestion: "to list \(rank.level.text.lowercased()) by value, write: show area, value where code = \(written) "
                                       + "and area_type = \(level) and period = \(period) order by value desc")
        }
        let period = try compiler.narrowing(PeriodPredicate.compare(.equal, rank.period ?? PeriodValue(.latest, rank.indicator.range)))
        let observations = store.observations
        let areas = store.areas
        let own: [Narrowing] = [.indicators(Narrowing.members([indicatorIndex], of: store.indicators.count)),
                                .areas(areas.map { $0.type == level }), period]
        let selection = try select(rank.filter, also: own, compiler: compiler)
        let values = selection.map { observations.value[$0].number }
        let present = values.compactMap { $0 }
        // The population: a rank among one figure is no rank, and bands need four.
        let ranked = present.count >= Ranking.minimumRanked
        let banded = ranked && indicator.hasQuartileBands && present.count >= Ranking.minimumBanded
        let ranks = ranked ? Ranking.ranks(values, polarity: indicator.polarity) : values.map { _ in nil }
        let quartiles = banded ? Ranking.quartiles(present) : nil
        // Ranked within a subset when the filter leaves out figures the level has.
        var within: String?
        if rank.filter != nil {
            let all = try select(nil, also: own, compiler: compiler).filter { observations.value[$0].state == .present }.count
            if all > present.count { within = subsetLabel(rank.filter!, compiler: compiler) }
        }
        let valueColumn = compiler.compile(.value)
        let periodColumn = compiler.compile(.period)
        var columns: [ResultTable.Column] = [.init("rank", numeric: true), .init("ranked_of", numeric: true)]
        if within != nil { columns.append(.init("within")) }
        columns += [.init("area"), .init("value", numeric: true), .init("quartile"), .init("period")]
        var table = ResultTable(columns: columns)
        var rows: [(Int?, String, [Cell])] = []
        for (position, row) in selection.enumerated() {
            let band = values[position].flatMap { banded ? Ranking.band(of: $0, among: present, polarity: indicator.polarity) : nil }
            let name = areas[Int(observations.area[row])].name
            var cells: [Cell] = [ranks[position].map { .count($0) } ?? .empty, ranks[position] != nil ? .count(present.count) : .empty]
            if let within { cells.append(.text(within)) }
            cells += [.text(name), valueColumn.cell(row), band.map { .text($0.rawValue) } ?? .empty, periodColumn.cell(row)]
            rows.append((ranks[position], name, cells))
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
        if selection.isEmpty {
            table.notes.append("note: no \(level) has a figure for \(indicator.code) in that period")
        } else if !ranked {
            table.notes.append("note: no rank: a rank needs at least \(Ranking.minimumRanked) \(level == .authority ? "authorities" : "areas") with a figure, and \(present.count) \(present.count == 1 ? "has" : "have") one")
        } else if indicator.hasQuartileBands && !banded {
            table.notes.append("note: no quartile band: bands need at least \(Ranking.minimumBanded) figures, and \(present.count) are ranked")
        }
        if let quartiles {
            let figure = { (value: Double) in Cell.number(value, decimals: indicator.decimals, unit: indicator.unit) }
            let bands = indicator.polarity == .low ? "A up to Q1, D above Q3" : "A above Q3, D up to Q1"
            let heading = "note: quartile bands" + (within.map { " within \($0)" } ?? "")
            table.notes.append("\(heading): Q1 \(figure(quartiles.q1)), median \(figure(quartiles.median)), Q3 \(figure(quartiles.q3)) (R type 7); \(bands)")
        }
        if let within { table.notes.append("note: ranked within \(within), not among all \(level == .authority ? "authorities" : "areas of the level")") }
        table.rows = table.rows.limited(to: rank.limit)
        return table
    }

    /// What a subset ranking is within: the area groups the filter names (`South East`,
    /// `Kent's neighbours`), or `the selected areas`.
    private func subsetLabel(_ filter: Condition, compiler: RowCompiler) -> String {
        var groups: [String] = []
        func collect(_ condition: Condition) {
            switch condition.kind {
            case .and(let left, let right):
                collect(left)
                collect(right)
            case .inGroup(_, let group, negated: false):
                groups.append(compiler.label(of: group))
            default:
                break
            }
        }
        collect(filter)
        return groups.isEmpty ? "the selected areas" : groups.joined(separator: " and ")
    }
}
