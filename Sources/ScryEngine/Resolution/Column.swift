import ScryStore

/// The columns a statement can name: stored, from the indicator and area tables, or
/// derived (`previous`, `dot`).
enum Column: String, CaseIterable {
    case dataset, code, name, theme, polarity, period_type, unit, decimals
    case area, area_type, period, value, numerator, denominator, target, floor, rag, note
    case previous, previous_period, dot

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

    /// Columns holding numbers, usable in arithmetic and `<`.
    var isNumeric: Bool {
        switch self {
        case .value, .numerator, .denominator, .target, .floor, .previous, .decimals: true
        default: false
        }
    }

    /// What `show *` shows.
    static let defaultColumns: [Column] = [.dataset, .code, .area, .period, .value, .numerator, .denominator, .target, .floor, .rag]
}
