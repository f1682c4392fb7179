/// One statement of a script.
public struct Statement: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case show(Show)
        case compare(Compare)
        case aggregate(Aggregate)
        case trend(Trend)
        case rank(Rank)
        case describe(Describe)
        case benchmark(Benchmark)
        case scorecard(Scorecard)
        case chart(Chart)
        case workings(Workings)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// `show code, value where … order by … limit …`
public struct Show: Hashable, Sendable {
    /// Empty for `show *`.
    public var items: [SelectItem]
    public var filter: Condition?
    public var order: [OrderItem]
    public var limit: Limit?
    public var pivot: Pivot?
    /// `limit 3 per code`: the limit applies to each group of rows with the same values of
    /// these; empty for a limit over all rows.
    public var per: [Expression] = []
}

public struct SelectItem: Hashable, Sendable {
    public var expression: Expression
    public var alias: String?
    public var range: SourceRange
}

/// `compare A10 with england, neighbours where …`; `compare A10 with england for Kent,
/// Medway` sets the areas side by side.
public struct Compare: Hashable, Sendable {
    public var indicator: NameReference
    public var comparators: [NameReference]
    /// Empty for every local area; more than one sets them side by side, in this order.
    public var areas: [NameReference] = []
    public var filter: Condition?
    public var order: [OrderItem]
    public var limit: Limit?
}

/// `avg(value), count by district where …`
public struct Aggregate: Hashable, Sendable {
    public var aggregations: [Aggregation]
    public var groups: [Expression]
    public var filter: Condition?
    /// `having count > 1`: a condition on the result's rows, named as they are headed.
    public var having: Condition?
    public var order: [OrderItem]
    public var limit: Limit?
    public var pivot: Pivot?
}

public struct Aggregation: Hashable, Sendable {
    public enum Function: String, Hashable, Sendable, CaseIterable {
        case count, sum, avg, min, max, median, stddev, percentile, pooled
    }

    public var function: Function
    /// nil for `count` and `count(*)`.
    public var argument: Expression?
    /// The second argument: `percentile(value, 90)`.
    public var parameter: Double?
    public var range: SourceRange
    /// `count(distinct area)`: the number of distinct present values.
    public var distinct = false
}

/// `trend A3 for Kent from 2012-09 to 2013-07`; `trend A3 for Kent, City` sets the areas
/// side by side.
public struct Trend: Hashable, Sendable {
    public var indicator: NameReference
    /// Empty for every area; more than one sets them side by side, in this order.
    public var areas: [NameReference]
    public var from: PeriodValue?
    public var to: PeriodValue?
    public var filter: Condition?
    public var pivot: Pivot?

    /// The first area named, the only one of a trend for one area.
    public var area: NameReference? { areas.first }
}

/// `rank authorities by CPP_rate in 2025`
public struct Rank: Hashable, Sendable {
    public var level: NameReference
    public var indicator: NameReference
    public var period: PeriodValue?
    public var filter: Condition?
    public var order: [OrderItem]
    public var limit: Limit?
}

/// `chart A10 for Kent with england`: a line chart over time; `chart CS3 by districts in
/// 2017-12 highlight EAST`: a bar chart of one level's areas for one period, in rank order.
public struct Chart: Hashable, Sendable {
    public enum Layout: Hashable, Sendable {
        /// A line for each area named (every area when none is), and for each comparator.
        case overTime(areas: [NameReference], comparators: [NameReference], from: PeriodValue?, to: PeriodValue?)
        /// A bar for each area of the level (`authorities`, `districts`, `regions`).
        case byArea(level: NameReference, period: PeriodValue?, highlight: NameReference?)
    }

    public var indicator: NameReference
    public var layout: Layout
    public var filter: Condition?
}

/// `describe A10`
public struct Describe: Hashable, Sendable {
    public var indicator: NameReference
}

/// `workings neighbours_mean of ReReferral for Kent in 2025`: how a computed figure was
/// worked out. `figure` is a column's name or `pooled`.
public struct Workings: Hashable, Sendable {
    public var figure: NameReference
    public var indicator: NameReference
    public var area: NameReference
    /// Nil for the area's latest figure of the indicator.
    public var period: PeriodValue?
}

public struct OrderItem: Hashable, Sendable {
    public var expression: Expression
    public var descending: Bool
    public var range: SourceRange
}

/// `pivot by period`: the values of one of the result's columns become columns, as psql's
/// `\crosstabview` does.
public struct Pivot: Hashable, Sendable {
    /// The result column whose values become columns: `period`, `area`, or any other.
    public var column: NameReference
    public var range: SourceRange

    public init(column: NameReference, range: SourceRange) {
        self.column = column
        self.range = range
    }
}

/// `benchmark ReReferral for Kent last 5`; `benchmark * for Kent where theme = "…"`:
/// LAIT's local-authority page, an indicator at a time.
public struct Benchmark: Hashable, Sendable {
    /// Empty for `*`: every indicator of the area that the filter leaves.
    public var indicators: [NameReference]
    public var area: NameReference
    public var from: PeriodValue?
    public var to: PeriodValue?
    /// `last N`: the latest N periods.
    public var last: Limit?
    public var filter: Condition?
}

/// `scorecard for Kent in 2012-07 where dataset = "kent-2012-07"`: one authority's
/// scorecard for one period, as the seeds lay it out.
public struct Scorecard: Hashable, Sendable {
    public var area: NameReference
    /// nil for each indicator's latest period.
    public var period: PeriodValue?
    public var filter: Condition?
}

public struct Limit: Hashable, Sendable {
    public var count: Int
    public var range: SourceRange
    /// The name of the parameter written for the count (`limit :n`), until its value
    /// takes the place of `count`.
    public var parameter: String?
}
