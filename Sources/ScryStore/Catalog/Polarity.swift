/// Which direction of a figure is better.
public enum Polarity: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// No polarity: an activity indicator (a count of demand). No RAG, no rank.
    case none = 0
    /// `H`: higher is better.
    case high
    /// `L`: lower is better.
    case low
    /// `T`: staying close to the target is better.
    case target

    /// `H`, `L`, `T`, or empty for none.
    public var code: String {
        switch self {
        case .none: ""
        case .high: "H"
        case .low: "L"
        case .target: "T"
        }
    }

    public var description: String { code }

    /// Reads `H`, `L`, `T`, `High`, `Low`, `Target`; blank, `-` or `NA` for none.
    public init?(code text: some StringProtocol) {
        switch text.lowercased() {
        case "", "-", "na", "none": self = .none
        case "h", "high": self = .high
        case "l", "low": self = .low
        case "t", "target": self = .target
        default: return nil
        }
    }

    public static let writtenForms = "H, L, T or blank"
}

/// The period a figure covers, relative to the month it is reported for.
public enum PeriodType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// `M`: the figure for the month.
    case month = 0
    /// `YTD`: financial year to date (April to the reported month).
    case yearToDate
    /// `R12M`: the 12 months ending with the reported month.
    case rolling12Months
    /// `SS`: a snapshot at the month end.
    case snapshot
    /// `ACYTD`: academic year to date (September to the reported month).
    case academicYearToDate
    /// `A`: annual.
    case annual
    /// `Q`: quarterly.
    case quarter

    public var code: String {
        switch self {
        case .month: "M"
        case .yearToDate: "YTD"
        case .rolling12Months: "R12M"
        case .snapshot: "SS"
        case .academicYearToDate: "ACYTD"
        case .annual: "A"
        case .quarter: "Q"
        }
    }

    public var description: String { code }

    /// Figures of this type may be summed across periods without counting anything twice.
    public var isAdditiveOverPeriods: Bool { self == .month || self == .quarter }

    /// How `2013/14` is read for an indicator of this type.
    public var splitYears: SplitYearKind { self == .academicYearToDate ? .academic : .financial }

    public init?(code text: some StringProtocol) {
        switch text.uppercased() {
        case "M": self = .month
        case "YTD": self = .yearToDate
        case "R12M", "R12": self = .rolling12Months
        case "SS": self = .snapshot
        case "ACYTD", "AC YTD": self = .academicYearToDate
        case "A": self = .annual
        case "Q": self = .quarter
        default: return nil
        }
    }

    public static let writtenForms = "M, YTD, R12M, SS, ACYTD, A or Q"
}

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
    public var defaultDecimals: Int {
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

    public static var writtenForms: String { allCases.map(\.code).joined(separator: ", ") }
}

/// A RAG rating: red, amber or green.
public enum RAG: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case red
    case amber
    case green

    /// `R`, `A`, `G`, or empty for none.
    public var code: String {
        switch self {
        case .none: ""
        case .red: "R"
        case .amber: "A"
        case .green: "G"
        }
    }

    public var description: String { code }

    public init?(code text: some StringProtocol) {
        switch text.lowercased() {
        case "": self = .none
        case "r", "red": self = .red
        case "a", "amber": self = .amber
        case "g", "green": self = .green
        default: return nil
        }
    }

    public static let writtenForms = "R, A, G or blank"
}
