import ScryStore

/// The columns a statement can name: stored, from the indicator and area tables, or
/// derived (direction of travel, computed RAG, comparators, gaps and verdicts).
enum Column: String, CaseIterable {
    case dataset, code, name, theme, polarity, period_type, unit, decimals
    case area, area_type, area_region, period, value, numerator, denominator, target, floor, rag, note, commentary
    case previous, previous_period, dot, year_ago, year_ago_period, dot_year, rag_calc
    case england, england_period, region_value, region_period
    case neighbours_mean, neighbours_median, neighbours_count, neighbours_period
    case national_rank, ranked_of, quartile, quartile_q1, quartile_median, quartile_q3
    case gap, verdict, significance, worse_by
    case gap_england, gap_region, gap_neighbours, gap_target, gap_previous, gap_year_ago
    case verdict_england, verdict_region, verdict_neighbours, verdict_target, verdict_previous, verdict_year_ago
    case significance_england, significance_region, significance_neighbours, significance_target, significance_previous, significance_year_ago
    case worse_by_england, worse_by_region, worse_by_neighbours, worse_by_target, worse_by_previous, worse_by_year_ago

    /// Other names for a column.
    static let aliases: [String: Column] = ["indicator": .code, "measure": .code, "direction": .dot, "type": .area_type]

    /// Area types used as columns in filters: `district in (EAST, SOUTH)`.
    static let areaLevels: [String: AreaType] = [
        "district": .district, "districts": .district, "authority": .authority, "authorities": .authority,
        "region": .region, "regions": .region, "national": .national, "neighbours": .neighbours,
    ]

    static func named(_ text: String) -> Column? {
        let lowered = text.lowercased()
        return Column(rawValue: lowered) ?? aliases[lowered]
    }

    static var allNames: [String] { allCases.map(\.rawValue) + Array(areaLevels.keys).sorted() }

    /// What a comparison column compares with, and which part of the comparison it is:
    /// `gap_region` → (region, gap). Bare `gap`, `verdict` and `significance` are against
    /// England.
    enum ComparisonPart { case gap, verdict, significance, worseBy }
    var comparison: (Comparator, ComparisonPart)? {
        switch self {
        case .gap: return (.england, .gap)
        case .verdict: return (.england, .verdict)
        case .significance: return (.england, .significance)
        case .worse_by: return (.england, .worseBy)
        default: break
        }
        let parts: [(String, ComparisonPart)] = [("gap_", .gap), ("verdict_", .verdict), ("significance_", .significance), ("worse_by_", .worseBy)]
        for (prefix, part) in parts where rawValue.hasPrefix(prefix) {
            return Comparator(rawValue: String(rawValue.dropFirst(prefix.count))).map { ($0, part) }
        }
        return nil
    }

    /// Columns holding numbers, usable in arithmetic and `<`.
    var isNumeric: Bool {
        switch self {
        case .value, .numerator, .denominator, .target, .floor, .previous, .decimals, .year_ago, .england, .region_value,
             .neighbours_mean, .neighbours_median, .neighbours_count, .national_rank, .ranked_of,
             .quartile_q1, .quartile_median, .quartile_q3:
            true
        default:
            comparison?.1 == .gap || comparison?.1 == .worseBy
        }
    }

    /// Columns that hold a figure in the indicator's own unit (a percentage stays a
    /// percentage), as against counts, gaps in points, and the rest.
    var isFigure: Bool {
        switch self {
        case .value, .target, .floor, .previous, .year_ago, .england, .region_value, .neighbours_mean, .neighbours_median,
             .quartile_q1, .quartile_median, .quartile_q3: true
        default: false
        }
    }

    /// Columns whose values can be compared with each other's: `rag != rag_calc`,
    /// `dot = dot_year`, `verdict_england = verdict_neighbours`.
    var family: String? {
        switch self {
        case .rag, .rag_calc: "rag"
        case .dot, .dot_year: "direction"
        default: comparison.map { "\($0.1)" }
        }
    }

    /// What `show *` shows.
    static let defaultColumns: [Column] = [.dataset, .code, .area, .period, .value, .numerator, .denominator, .target, .floor, .rag]
}
