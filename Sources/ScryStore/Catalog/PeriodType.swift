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
    var splitYears: SplitYearKind { self == .academicYearToDate ? .academic : .financial }

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

    static let writtenForms = "M, YTD, R12M, SS, ACYTD, A or Q"
}
