/// A span of months with a kind and a status, packed into 32 bits so that period filters
/// are integer comparisons.
///
/// Layout, high to low: start month (17 bits, months since January of year 0), length in
/// months minus one (8 bits), kind (4 bits), status (3 bits). Ordering the raw value
/// orders periods by start, then by length: a month sorts before the year it begins.
public struct Period: Hashable, Comparable, Sendable {
    public let raw: UInt32

    public enum Kind: UInt8, Sendable, CaseIterable {
        case month = 0
        /// A quarter of the financial year (Q1 = April to June).
        case quarter
        /// April to March.
        case financialYear
        /// September to August.
        case academicYear
        /// January to December.
        case calendarYear
        /// Any run of whole months (`2017-06/2017-11`).
        case months
        /// Several calendar years (`2014-16`).
        case calendarYears
        /// Several financial years (`2013/14-15/16`).
        case financialYears
        /// Several academic years (`AY 2013/14-15/16`).
        case academicYears
        /// A published label that names no span of time, a bare number below 1000 (LAIT's
        /// `0`): kept so that nothing published is lost. Its "months" are the number, so it
        /// sorts before every dated period, as LAIT's tables show it; it is never the as-of
        /// match, previous or year-ago period of a dated one.
        case undated
    }

    /// The status a published label may carry: `2021 (Final)`, `2025 (prov)`.
    public enum Status: UInt8, Sendable, CaseIterable {
        case none = 0
        case final
        case provisional
        case revised
        case outturn

        var suffix: String {
            switch self {
            case .none: ""
            case .final: " (Final)"
            case .provisional: " (prov)"
            case .revised: " (Rev)"
            case .outturn: " (OT)"
            }
        }
    }

    static let startBits: UInt32 = 17
    static let maximumStartMonth = Int(1 << startBits) - 1
    static let maximumLength = 256

    public init(raw: UInt32) { self.raw = raw }

    /// A span of `length` months from `startMonth` (months since January of year 0).
    /// Nil when the span cannot be represented (before year 0, after year 10922, or
    /// longer than 256 months).
    public init?(kind: Kind, startMonth: Int, length: Int, status: Status = .none) {
        guard startMonth >= 0, startMonth <= Self.maximumStartMonth,
              length >= 1, length <= Self.maximumLength
        else { return nil }
        raw = UInt32(startMonth) << 15 | UInt32(length - 1) << 7 | UInt32(kind.rawValue) << 3 | UInt32(status.rawValue)
    }

    public var startMonth: Int { Int(raw >> 15) }
    public var length: Int { Int((raw >> 7) & 0xFF) + 1 }
    /// The last month of the span (inclusive).
    public var endMonth: Int { startMonth + length - 1 }
    public var kind: Kind { Kind(rawValue: UInt8((raw >> 3) & 0xF)) ?? .months }
    var status: Status { Status(rawValue: UInt8(raw & 0x7)) ?? .none }

    /// The same span without its status: `2021 (Final)` and `2021` cover the same months.
    public var withoutStatus: Period { Period(raw: raw & ~0x7) }

    var start: YearMonth { YearMonth(index: startMonth) }
    var end: YearMonth { YearMonth(index: endMonth) }

    /// Whether this period lies wholly inside `other`.
    func isWithin(_ other: Period) -> Bool {
        startMonth >= other.startMonth && endMonth <= other.endMonth
    }

    public static func < (left: Period, right: Period) -> Bool { left.raw < right.raw }

    // MARK: Constructors for each kind

    public static func month(_ year: Int, _ month: Int, status: Status = .none) -> Period? {
        guard (1...12).contains(month) else { return nil }
        return Period(kind: .month, startMonth: YearMonth(year: year, month: month).index, length: 1, status: status)
    }

    /// A financial year named by the year it starts in: 2013 is 2013/14.
    static func financialYear(_ startYear: Int, status: Status = .none) -> Period? {
        Period(kind: .financialYear, startMonth: YearMonth(year: startYear, month: 4).index, length: 12, status: status)
    }

    /// An academic year named by the year it starts in: 2018 is 2018/19.
    static func academicYear(_ startYear: Int, status: Status = .none) -> Period? {
        Period(kind: .academicYear, startMonth: YearMonth(year: startYear, month: 9).index, length: 12, status: status)
    }

    static func calendarYear(_ year: Int, status: Status = .none) -> Period? {
        Period(kind: .calendarYear, startMonth: YearMonth(year: year, month: 1).index, length: 12, status: status)
    }

    /// Quarter 1-4 of the financial year starting in `startYear`: Q3 of 2015 is October to
    /// December 2015.
    static func quarter(_ quarter: Int, ofFinancialYear startYear: Int, status: Status = .none) -> Period? {
        guard (1...4).contains(quarter) else { return nil }
        let start = YearMonth(year: startYear, month: 4).index + (quarter - 1) * 3
        return Period(kind: .quarter, startMonth: start, length: 3, status: status)
    }

    static func months(from first: YearMonth, through last: YearMonth, status: Status = .none) -> Period? {
        guard last.index >= first.index else { return nil }
        return Period(kind: .months, startMonth: first.index, length: last.index - first.index + 1, status: status)
    }

    static func calendarYears(_ firstYear: Int, through lastYear: Int, status: Status = .none) -> Period? {
        guard lastYear > firstYear else { return nil }
        return Period(kind: .calendarYears, startMonth: YearMonth(year: firstYear, month: 1).index,
                      length: (lastYear - firstYear + 1) * 12, status: status)
    }

    static func financialYears(_ firstStartYear: Int, through lastStartYear: Int, status: Status = .none) -> Period? {
        guard lastStartYear > firstStartYear else { return nil }
        return Period(kind: .financialYears, startMonth: YearMonth(year: firstStartYear, month: 4).index,
                      length: (lastStartYear - firstStartYear + 1) * 12, status: status)
    }

    /// The undated label `number` (0 to 999).
    static func undated(_ number: Int) -> Period? {
        guard (0..<firstDatedMonth).contains(number) else { return nil }
        return Period(kind: .undated, startMonth: number, length: 1)
    }

    /// The undated label a bare number below 1000 is, written as digits only; nil for
    /// anything else.
    public static func undated(label: some StringProtocol) -> Period? {
        guard !label.isEmpty, label.utf8.count <= 3, label.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return undated(Int(label) ?? -1)
    }

    /// Months from here on are dated; undated labels lie below (the year 83 and earlier,
    /// which no indicator has).
    public static let firstDatedMonth = 1000

    public var isUndated: Bool { kind == .undated }

    static func academicYears(_ firstStartYear: Int, through lastStartYear: Int, status: Status = .none) -> Period? {
        guard lastStartYear > firstStartYear else { return nil }
        return Period(kind: .academicYears, startMonth: YearMonth(year: firstStartYear, month: 9).index,
                      length: (lastStartYear - firstStartYear + 1) * 12, status: status)
    }
}

/// A calendar month as an index: months since January of year 0.
struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    let index: Int

    init(index: Int) { self.index = index }
    init(year: Int, month: Int) { index = year * 12 + (month - 1) }

    var year: Int { index / 12 }
    /// 1 to 12.
    var month: Int { index % 12 + 1 }

    static func < (left: YearMonth, right: YearMonth) -> Bool { left.index < right.index }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2013-07`.
    var description: String {
        let yearText = String(year)
        let padded = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        return padded + (month < 10 ? "-0" : "-") + String(month)
    }
}
