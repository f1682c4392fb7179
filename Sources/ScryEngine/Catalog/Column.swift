import ScryStore

/// A column a statement can name: one of the catalog's fields (stored, from the
/// indicator or area tables, or derived), or one part of the comparison with a comparator
/// (`gap_region`, `verdict_neighbours`): the columns are this one table, and everything
/// that lists them (the row compiler, filters, `.help columns`, Tab completion, name
/// suggestions) reads it.
enum Column: Hashable, Sendable, CaseIterable {
    case field(Field)
    case comparison(Comparator, ComparisonPart)

    /// The catalog's fields. A case is spelt as the column's name in the language, so that
    /// searching the code for a column's name finds its case.
    enum Field: String, CaseIterable, Sendable {
        case dataset, code, name, theme, polarity, period_type, unit, decimals
        case area, area_type, area_region
        case period, value, numerator, denominator, target, floor, rag, note, commentary
        case financial_year, academic_year, calendar_year
        case previous, previous_period, dot, year_ago, year_ago_period, dot_year, rag_calc
        case england, england_period, region_value, region_period
        case neighbours_mean, neighbours_median, neighbours_count, neighbours_size, neighbours_period
        case national_rank, ranked_of, quartile, quartile_q1, quartile_median, quartile_q3
        case ci95_lower, ci95_upper, ci998_lower, ci998_upper
        case recent_trend, recent_trend_verdict, recent_trend_reason
        case funnel_centre, funnel95_lower, funnel95_upper, funnel998_lower, funnel998_upper, funnel95_position, funnel998_position
    }

    /// What a comparison column is: the gap, the verdict by polarity, the Wilson 95%
    /// significance verdict, the gap signed by polarity, or the verdict of the figure's
    /// confidence interval against the comparator (at `.set ci_level`, or at 95% or 99.8%).
    enum ComparisonPart: String, CaseIterable, Sendable {
        case gap, verdict, significance, worse_by, ci_verdict, ci95_verdict, ci998_verdict
    }

    static var allCases: [Column] {
        Field.allCases.map(Column.field)
            + ComparisonPart.allCases.flatMap { part in Comparator.allCases.map { Column.comparison($0, part) } }
    }

    /// The column's name in the language: `value`, `gap_region`.
    var name: String {
        switch self {
        case .field(let field): field.rawValue
        case .comparison(let comparator, let part): part.rawValue + "_" + comparator.rawValue
        }
    }

    /// The column `text` names, by its name or an alias, in any case.
    static func named(_ text: String) -> Column? {
        byName[text.lowercased()]
    }

    private static let byName: [String: Column] = {
        var names: [String: Column] = [:]
        for column in allCases {
            names[column.name] = column
            for alias in column.description.aliases { names[alias] = column }
        }
        return names
    }()

    /// Every name and alias a column is known by, then the area levels used as columns in
    /// filters: what suggestions choose among.
    static var allNames: [String] {
        allCases.map(\.name) + allCases.flatMap(\.description.aliases) + Array(areaLevels.keys).sorted()
    }

    /// Area types used as columns in filters: `district in (EAST, SOUTH)`.
    static let areaLevels: [String: AreaType] = [
        "district": .district, "districts": .district, "authority": .authority, "authorities": .authority,
        "region": .region, "regions": .region, "national": .national, "neighbours": .neighbours,
    ]

    /// What `show *` shows.
    static let defaultColumns: [Field] = [.dataset, .code, .area, .period, .value, .numerator, .denominator, .target, .floor, .rag]

    var isNumeric: Bool { description.type.isNumeric }

    /// Columns that hold a figure in the indicator's own unit (a percentage stays a
    /// percentage), as against counts, gaps in points, and the rest.
    var isFigure: Bool { description.type == .figure }

    /// Columns whose values can be compared with each other's: `rag != rag_calc`,
    /// `dot = dot_year`, `verdict_england = verdict_neighbours`: those that take the same
    /// fixed set of values.
    var family: ValueDomain? { description.domain.isEnumerated ? description.domain : nil }
}

/// One catalog entry: what a column is called, what it holds, which values it takes and
/// the line `.help columns` gives it. How each is computed is the row compiler's
/// exhaustive switch (`RowCompiler.compile(_:)`).
struct ColumnDescription {
    /// Where a column comes from, which is also how `.help columns` groups them. A column
    /// of the indicator section is a function of the indicator alone, and one of the area
    /// section of the area alone: grouping by one is worked out once per indicator or area.
    enum Section: String, CaseIterable {
        case indicator = "Of the indicator"
        case area = "Of the area"
        case stored = "Of each figure, as loaded"
        case derived = "Derived from the history"
        case comparators = "Comparators (see compare)"
        case standing = "Standing among all authorities (LAIT's rules)"
        case statistics = "Confidence limits, from numerator and denominator (Fingertips' methods)"
        case trend = "Recent trend: the latest five annual figures (Fingertips' trend markers)"
        case funnel = "Funnel limits among the authorities (PHEindicatormethods)"
        case comparison = "Against a comparator X"
    }

    /// The shape of a column's values, which says how they are shown: a figure in the
    /// indicator's unit and decimals; a count or plain number as loaded; a whole number; a
    /// difference of figures in the indicator's decimals (points for percentages); a period;
    /// a RAG rating; a direction of travel; text.
    enum ValueType: Equatable {
        case figure, amount, whole, difference, period, rating, direction, text

        var isNumeric: Bool {
            switch self {
            case .figure, .amount, .whole, .difference: true
            case .period, .rating, .direction, .text: false
            }
        }
    }

    var section: Section
    var type: ValueType
    var domain: ValueDomain
    var help: String
    var aliases: [String] = []
}

extension Column {
    var description: ColumnDescription {
        switch self {
        case .field(let field): field.description
        case .comparison(let comparator, let part): part.description(against: comparator)
        }
    }
}

extension Column.Field {
    var description: ColumnDescription {
        typealias Entry = ColumnDescription
        switch self {
        case .dataset: return Entry(section: .indicator, type: .text, domain: .datasets, help: "the dataset the indicator was loaded from")
        case .code: return Entry(section: .indicator, type: .text, domain: .indicatorCodes, help: "the indicator's code", aliases: ["indicator", "measure"])
        case .name: return Entry(section: .indicator, type: .text, domain: .indicatorNames, help: "the indicator's name")
        case .theme: return Entry(section: .indicator, type: .text, domain: .themes, help: "the scorecard section it is reported in")
        case .polarity: return Entry(section: .indicator, type: .text, domain: .polarities, help: "H higher is better, L lower, T close to target, blank none")
        case .period_type: return Entry(section: .indicator, type: .text, domain: .periodTypes, help: "M month, YTD, R12M rolling 12 months, SS snapshot, ACYTD, A, Q")
        case .unit: return Entry(section: .indicator, type: .text, domain: .units, help: "percent, per10000, count, days…")
        case .decimals: return Entry(section: .indicator, type: .whole, domain: .numbers, help: "the decimals its figures are shown with")
        case .area: return Entry(section: .area, type: .text, domain: .areas, help: "the area's name")
        case .area_type: return Entry(section: .area, type: .text, domain: .areaTypes, help: "national, region, authority, district or neighbours", aliases: ["type"])
        case .area_region: return Entry(section: .area, type: .text, domain: .regions, help: "the region the area is in, to group by: sum(value) by area_region")
        case .period: return Entry(section: .stored, type: .period, domain: .periods, help: "the period the figure is for (.help periods)")
        case .value: return Entry(section: .stored, type: .figure, domain: .numbers, help: "the figure, in the indicator's unit")
        case .numerator: return Entry(section: .stored, type: .amount, domain: .numbers, help: "what the figure counts")
        case .denominator: return Entry(section: .stored, type: .amount, domain: .numbers, help: "what it is a share or rate of")
        case .target: return Entry(section: .stored, type: .figure, domain: .numbers, help: "the target set for the figure")
        case .floor: return Entry(section: .stored, type: .figure, domain: .numbers, help: "the floor standard, the least acceptable figure: short of it is red")
        case .rag: return Entry(section: .stored, type: .rating, domain: .ratings, help: "the RAG rating as published")
        case .note: return Entry(section: .stored, type: .text, domain: .text, help: "a footnote loaded with the figure")
        case .commentary: return Entry(section: .stored, type: .text, domain: .text, help: "what the scorecard says about the figure")
        case .financial_year: return Entry(section: .derived, type: .period, domain: .periods, help: "the financial year (April to March) holding the period's last month: sum(value) by financial_year")
        case .academic_year: return Entry(section: .derived, type: .period, domain: .periods, help: "the academic year (September to August) holding the period's last month")
        case .calendar_year: return Entry(section: .derived, type: .period, domain: .periods, help: "the calendar year holding the period's last month")
        case .previous: return Entry(section: .derived, type: .figure, domain: .numbers, help: "the figure for the previous period of the same kind")
        case .previous_period: return Entry(section: .derived, type: .period, domain: .periods, help: "which period that is")
        case .dot: return Entry(section: .derived, type: .direction, domain: .directions, help: "direction of travel since then, by polarity", aliases: ["direction"])
        case .year_ago: return Entry(section: .derived, type: .figure, domain: .numbers, help: "the figure for the same kind of period twelve months before")
        case .year_ago_period: return Entry(section: .derived, type: .period, domain: .periods, help: "which period that is")
        case .dot_year: return Entry(section: .derived, type: .direction, domain: .directions, help: "direction of travel over the year")
        case .rag_calc: return Entry(section: .derived, type: .rating, domain: .ratings, help: "RAG by the rules (.set rag_tolerance N)")
        case .england: return Entry(section: .comparators, type: .figure, domain: .numbers, help: "England's figure: of the same period for a national measure, else as of the local period (.set comparator_lag N months)")
        case .england_period: return Entry(section: .comparators, type: .period, domain: .periods, help: "the period England's figure is for")
        case .region_value: return Entry(section: .comparators, type: .figure, domain: .numbers, help: "the region's figure (London's for an Inner or Outer London area without a latest figure)")
        case .region_period: return Entry(section: .comparators, type: .period, domain: .periods, help: "the period the region's figure is for")
        case .neighbours_mean: return Entry(section: .comparators, type: .figure, domain: .numbers, help: "the mean of the statistical neighbours' figures")
        case .neighbours_median: return Entry(section: .comparators, type: .figure, domain: .numbers, help: "their median")
        case .neighbours_count: return Entry(section: .comparators, type: .whole, domain: .numbers, help: "how many neighbours had a figure")
        case .neighbours_size: return Entry(section: .comparators, type: .whole, domain: .numbers, help: "how many neighbours are in the group, with data or not")
        case .neighbours_period: return Entry(section: .comparators, type: .period, domain: .periods, help: "the period the neighbours' figures are for")
        case .national_rank: return Entry(section: .standing, type: .whole, domain: .numbers, help: "rank among all authorities, 1 the best (2 figures at least)")
        case .ranked_of: return Entry(section: .standing, type: .whole, domain: .numbers, help: "how many authorities were ranked")
        case .quartile: return Entry(section: .standing, type: .text, domain: .bands, help: "quartile band, A the best (4 figures at least)")
        case .quartile_q1: return Entry(section: .standing, type: .figure, domain: .numbers, help: "the bands' lower limit (R type 7)")
        case .quartile_median: return Entry(section: .standing, type: .figure, domain: .numbers, help: "the bands' middle limit")
        case .quartile_q3: return Entry(section: .standing, type: .figure, domain: .numbers, help: "the bands' upper limit")
        case .ci95_lower: return Entry(section: .statistics, type: .figure, domain: .numbers, help: "lower 95% limit: Wilson for a percentage; for a rate, Byar's from 10 events, exact Poisson below")
        case .ci95_upper: return Entry(section: .statistics, type: .figure, domain: .numbers, help: "upper 95% limit")
        case .ci998_lower: return Entry(section: .statistics, type: .figure, domain: .numbers, help: "lower 99.8% limit")
        case .ci998_upper: return Entry(section: .statistics, type: .figure, domain: .numbers, help: "upper 99.8% limit")
        case .recent_trend: return Entry(section: .trend, type: .text, domain: .trendDirections, help: "increasing, decreasing, no significant change or cannot be calculated: chi-square for trend for a percentage, a regression weighted by the confidence limits for a rate")
        case .recent_trend_verdict: return Entry(section: .trend, type: .text, domain: .trendVerdicts, help: "getting better or worse by polarity (increasing or decreasing without one)")
        case .recent_trend_reason: return Entry(section: .trend, type: .text, domain: .text, help: "what decided it, or why it cannot be calculated")
        case .funnel_centre: return Entry(section: .funnel, type: .figure, domain: .numbers, help: "England's figure, else the authorities' pooled figure for the period")
        case .funnel95_lower: return Entry(section: .funnel, type: .figure, domain: .numbers, help: "lower 95% limit at the figure's denominator")
        case .funnel95_upper: return Entry(section: .funnel, type: .figure, domain: .numbers, help: "upper 95% limit")
        case .funnel998_lower: return Entry(section: .funnel, type: .figure, domain: .numbers, help: "lower 99.8% limit")
        case .funnel998_upper: return Entry(section: .funnel, type: .figure, domain: .numbers, help: "upper 99.8% limit")
        case .funnel95_position: return Entry(section: .funnel, type: .text, domain: .funnelPositions, help: "above, inside or below the 95% limits")
        case .funnel998_position: return Entry(section: .funnel, type: .text, domain: .funnelPositions, help: "the same at 99.8%")
        }
    }
}

extension Column.ComparisonPart {
    /// The entry of this part against `comparator`. The bare part (`gap`, `verdict`…) is
    /// against England.
    func description(against comparator: Comparator) -> ColumnDescription {
        let aliases = comparator == .england ? [rawValue] : []
        switch self {
        case .gap:
            return ColumnDescription(section: .comparison, type: .difference, domain: .numbers,
                                     help: "the figure less X's (points for percentages)", aliases: aliases)
        case .verdict:
            return ColumnDescription(section: .comparison, type: .text, domain: .verdicts,
                                     help: "better, worse or similar by polarity", aliases: aliases)
        case .significance:
            return ColumnDescription(section: .comparison, type: .text, domain: .significances,
                                     help: "Wilson 95% verdict, where numerator and denominator are known", aliases: aliases)
        case .worse_by:
            return ColumnDescription(section: .comparison, type: .difference, domain: .numbers,
                                     help: "the gap signed by polarity: positive when worse", aliases: aliases)
        case .ci_verdict:
            return ColumnDescription(section: .comparison, type: .text, domain: .intervalVerdicts,
                                     help: "X outside the figure's confidence interval (.set ci_level): better or worse by polarity, higher or lower without one; else similar",
                                     aliases: aliases)
        case .ci95_verdict:
            return ColumnDescription(section: .comparison, type: .text, domain: .intervalVerdicts,
                                     help: "the same at 95%", aliases: aliases)
        case .ci998_verdict:
            return ColumnDescription(section: .comparison, type: .text, domain: .intervalVerdicts,
                                     help: "the same at 99.8%", aliases: aliases)
        }
    }
}

extension Comparator {
    /// The fields that hold this comparator's figure and the period it is for.
    var fields: (value: Column.Field, period: Column.Field) {
        switch self {
        case .england: (.england, .england_period)
        case .region: (.region_value, .region_period)
        case .neighbours: (.neighbours_mean, .neighbours_period)
        case .target: (.target, .period)
        case .previous: (.previous, .previous_period)
        case .year_ago: (.year_ago, .year_ago_period)
        }
    }
}
