/// What a figure measures, which sets how pooled rates are scaled and how figures are shown.
public enum Unit: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case percent = 0
    case per10000
    case per1000
    case per100000
    case count
    case days
    case weeks
    case average
    case score
    case ratio
    case currency

    public var code: String {
        switch self {
        case .percent: "percent"
        case .per10000: "per10000"
        case .per1000: "per1000"
        case .per100000: "per100000"
        case .count: "count"
        case .days: "days"
        case .weeks: "weeks"
        case .average: "average"
        case .score: "score"
        case .ratio: "ratio"
        case .currency: "currency"
        }
    }

    public var description: String { code }

    /// Σ numerator / Σ denominator is multiplied by this to give the figure in this unit;
    /// nil where a pooled figure has no meaning.
    public var poolingScale: Double? {
        switch self {
        case .percent: 100
        case .per10000: 10_000
        case .per1000: 1_000
        case .per100000: 100_000
        case .average, .ratio: 1
        case .count, .days, .weeks, .score, .currency: nil
        }
    }

    /// Decimals shown when an indicator does not say.
    var defaultDecimals: Int {
        switch self {
        case .percent, .per10000, .per1000, .per100000, .average, .ratio: 1
        case .count, .days, .weeks, .score, .currency: 0
        }
    }

    public init?(code text: some StringProtocol) {
        let lowered = text.lowercased()
        guard let unit = Unit.allCases.first(where: { $0.code == lowered }) else { return nil }
        self = unit
    }

    static var writtenForms: String { allCases.map(\.code).joined(separator: ", ") }
}
