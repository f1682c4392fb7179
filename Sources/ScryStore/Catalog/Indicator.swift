/// An indicator's metadata: one row of the store's indicator table.
public struct Indicator: Sendable, Equatable {
    /// The dataset that declared it (an index into `Store.datasets`).
    public var dataset: Int
    public var code: String
    public var name: String
    public var theme: String
    public var polarity: Polarity
    public var periodType: PeriodType
    /// How a split year such as `2013/14` is read for this indicator: financial (April to
    /// March) or academic (September to August).
    var splitYears: SplitYearKind
    /// How a bare year such as `2024` is read for this indicator.
    var bareYear: BareYear
    /// Whether ranks come with quartile bands (LAIT's `No_Quartile` turns them off).
    public var hasQuartileBands = true
    /// How its England, region and neighbour figures are matched to a local figure: the
    /// same period (national statistics), or as of it (a local scorecard's).
    public var comparatorTiming: ComparatorTiming = .asOf
    /// The code of the national measure this local indicator is compared with (its
    /// England, region and neighbour figures), from a dataset's `mapping.csv`: a
    /// scorecard's CP-plan rate → LAIT's `CPP_rate`. Empty when none.
    public var nationalMeasure = ""
    public var unit: Unit
    public var decimals: Int
    public var definition: String
    public var source: String

    init(
        dataset: Int, code: String, name: String, theme: String = "", polarity: Polarity,
        periodType: PeriodType, unit: Unit, decimals: Int? = nil, definition: String = "", source: String = "",
        splitYears: SplitYearKind? = nil, bareYear: BareYear = .calendarYear
    ) {
        self.dataset = dataset
        self.code = code
        self.name = name
        self.theme = theme
        self.polarity = polarity
        self.periodType = periodType
        self.splitYears = splitYears ?? periodType.splitYears
        self.bareYear = bareYear
        self.unit = unit
        self.decimals = decimals ?? unit.defaultDecimals
        self.definition = definition
        self.source = source
    }

    /// What decides how this indicator reads a period label: indicators alike in it read
    /// every label alike, so a parsed label can be kept for all of them.
    public struct PeriodReading: Hashable, Sendable {
        var splitYears: SplitYearKind
        var bareYear: BareYear
    }

    public var periodReading: PeriodReading { PeriodReading(splitYears: splitYears, bareYear: bareYear) }

    /// A period label as this indicator reads it: split years as financial or academic
    /// years by `splitYears`, and a bare year by `bareYear`. National statistics (whose
    /// bare years are not calendar years) publish a few figures under a bare number of one
    /// to three digits, no year (LAIT's `0`): that label is an undated period.
    public func period(_ label: some StringProtocol) throws(PeriodParseError) -> Period {
        if bareYear != .calendarYear, let undated = Period.undated(label: label) { return undated }
        let period = try Period.parse(label, splitYears: splitYears, yearsOverMonths: bareYear != .calendarYear)
        guard period.kind == .calendarYear else { return period }
        return try bareYear.reading(year: period.start.year, status: period.status, splitYears: splitYears) ?? period
    }

    /// A code is a letter, then letters, digits or `_`: `A10`, `CPP_rate`.
    static func isValidCode(_ code: some StringProtocol) -> Bool {
        guard let first = code.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return code.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }
}

/// How a bare year such as `2024` is read. Local scorecards mean the calendar year; LAIT
/// labels each figure with the year its period ends in.
public enum BareYear: Sendable, Equatable, Hashable {
    /// January to December.
    case calendarYear
    /// The financial or academic year ending in that year: `2024` is 2023/24.
    case splitYearEnding
    /// A snapshot in that month of the year (1-12): a January census, the end of September.
    case month(Int)

    func reading(year: Int, status: Period.Status, splitYears: SplitYearKind) throws(PeriodParseError) -> Period? {
        switch self {
        case .calendarYear:
            return nil
        case .splitYearEnding:
            return splitYears == .financial ? Period.financialYear(year - 1, status: status) : Period.academicYear(year - 1, status: status)
        case .month(let month):
            return Period.month(year, month, status: status)
        }
    }
}

/// How an indicator's England, region and neighbour figures are matched to a local figure.
///
/// National statistics (LAIT's data, the DfE's files) publish every area's figure for the
/// same periods, and LAIT sets an authority's figure beside England, region and neighbours
/// of the same year: a comparator is that period's figure or none. A local scorecard's own
/// England or region rows were copied from earlier publications (seed 002 sets July 2019
/// beside England 2016/17), and a local indicator mapped to a national measure meets the
/// measure's last published year: those comparators lag by nature and are taken as of the
/// local period, within the engine's `comparator_lag`.
public enum ComparatorTiming: UInt8, Sendable, Equatable {
    /// The comparator's figure for the same period, or none.
    case samePeriod
    /// The comparator's latest figure ending on or before the local period.
    case asOf
}
