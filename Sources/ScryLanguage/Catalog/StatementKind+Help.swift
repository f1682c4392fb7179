/// Each statement kind's help topic: its synopsis, what it answers, and examples that
/// run against the built-in dataset (a test in the shell runs every one).
extension StatementKind {
    /// The synopsis and what the statement answers, for `.help KIND`.
    public var help: String {
        switch self {
        case .show: """
                show COLUMNS [where FILTER] [order by EXPR [asc|desc], …] [limit N [per EXPR, …]] [pivot by COLUMN]
                  One row per observation that matches. COLUMNS are column names, arithmetic
                  (value - target), aliases (value as v) or *. See .help columns and .help filters.
                  limit N per EXPR, … takes the first N rows of each group of rows with the
                  same values (limit 3 per code: each indicator's top three), in the order
                  given, ties by the later order items, then the data's order; the groups come
                  in the order their values sort, each group's rows together.
                  pivot by COLUMN sets that column's values out as columns (as psql's
                  \\crosstabview): periods oldest first, values listed in the filter
                  (area in (Kent, England)) in that order, others as they first appear.
                  Rows are keyed by the columns that say what a figure is of (dataset, the
                  indicator's and the area's columns, period); the other columns are spread:
                  one fills the cells, several get a row each, named in a figure column (a
                  scorecard's trend table: result, target and RAG under the months). An absent
                  figure is blank, a suppressed one keeps its symbol; two figures for one cell
                  are an error, and so are more than 24 columns (narrow the range).
                """
        case .compare: """
                compare INDICATOR with COMPARATOR, … [for AREA, …] [where FILTER] [order by …] [limit N]
                  Each authority or district figure beside each comparator: england, region,
                  neighbours (mean, median and how many had data), target, previous, year_ago.
                  A national measure's England, region and neighbours are of its own period; a
                  local scorecard's comparators lag, so they are taken as of the local period
                  (the latest ending on or before it, at most comparator_lag months older: .set),
                  and a note says when one is older. Each comparator's period is shown, with the
                  gap, a verdict by polarity and, where numerator and denominator are known, a
                  Wilson 95% significance verdict. With national data loaded, each authority's
                  rank, how many were ranked and its quartile band come first. for AREA, …
                  sets several areas side by side: a row for each figure and period, a column
                  for each area in the order given.
                """
        case .aggregate: """
                FUNCTION(value), … [by COLUMN, …] [where FILTER] [having CONDITION] [order by …] [limit N]
                  count, sum, avg, min, max, median, stddev (sample), percentile(value, P) (R type 7)
                  and pooled(value) (Σ numerator / Σ denominator, ×100 or ×10,000 by unit).
                  `count by COLUMN` counts rows; count(distinct EXPR) counts the distinct present
                  values (missing and suppressed ones not counted, text ignoring case).
                  having CONDITION keeps the result rows that meet it, naming the result's
                  columns as they are headed (having count > 1, having avg(value) > 80 and
                  district != EAST), once the groups are finished, before order by and limit.
                  Group by financial_year, academic_year or calendar_year to roll months up to
                  the year that holds their last month. Missing and suppressed values are left out and
                  counted in a note; summing snapshots or year-to-date figures across periods,
                  averaging rates and mixing units give warnings. pivot by COLUMN sets one
                  group's values out as columns (see .help show); the other groups key the rows.
                """
        case .trend: """
                trend INDICATOR [for AREA, …] [from PERIOD to PERIOD] [where FILTER] [pivot by COLUMN]
                  One row per period, oldest first, with direction of travel, and a sparkline.
                  Several areas are set side by side: a row per period, a column of values for
                  each area in the order given. pivot by period sets the periods across, a row
                  of values for each area (see .help show).
                """
        case .rank: """
                rank authorities|districts|regions by INDICATOR [in PERIOD] [where FILTER] [limit N]
                  LAIT's rules: 1 = best by polarity, ties share the lowest rank, missing values
                  unranked, quartile bands A (best) to D by R type 7 percentiles; ranked_of says
                  how many were ranked. A rank needs 2 figures and bands 4. A filter that leaves
                  some out ranks within them, and a within column says so
                  (where area in authorities of "South East"). Indicators with T polarity or
                  none are refused.
                """
        case .describe: """
                describe INDICATOR   (or .describe CODE)
                  Definition, polarity, period type, unit, periods and areas of an indicator.
                """
        case .benchmark: """
                benchmark INDICATOR, … | * for AREA [last N | from PERIOD to PERIOD] [where FILTER]
                  LAIT's local-authority page for each indicator: the periods as columns, oldest
                  first (the latest five unless last N or a range says otherwise); a row each
                  for the area, its region, its statistical neighbours' mean and England, with
                  the change from the previous period; then a summary: the latest period, its
                  direction of travel, the rank among all authorities (of how many), the
                  quartile band and its limits, the polarity, and each comparator's period
                  where it differs from the area's. * takes every indicator of the area that
                  the filter leaves (where theme = "…", where dataset = …). The figures follow
                  compare's rules: a national measure's comparators are of its own period, a
                  scorecard's are as of the local period. JSON gives one object per indicator.
                """
        case .scorecard: """
                scorecard for AREA [in PERIOD] [where FILTER]
                  An authority's scorecard for one period, as the monthly documents lay it out:
                  a section for each theme in the data's order, a row for each indicator with
                  polarity, period type, result, numerator and denominator, RAG as published
                  (rag_calc, the calculated one, where none is), target and floor, previous
                  result and direction of travel, a year ago, comparators with their own
                  periods, and a sparkline of its last six periods; commentary under the
                  indicators that have it; then a summary of RAG counts and directions. Each
                  indicator's latest period unless in PERIOD says; where the area is in several
                  datasets, the one with the latest figures (where dataset = … picks another).
                  --format html makes a page to attach as it is.
                """
        case .chart: """
                chart INDICATOR [for AREA, …] [with england|region|neighbours, …] [from PERIOD to PERIOD] [where FILTER]
                chart INDICATOR by authorities|districts|regions [in PERIOD] [highlight AREA] [where FILTER]
                  A line chart over time: a line for each area (the figures of trend) and for each
                  comparator of the first area (those of compare), the target and floor as dashed
                  reference lines where the indicator has them; at most four lines. The y axis
                  starts near the lowest figure, not at zero, and says where it starts.
                  A bar chart of one level's areas for one period (the latest when none is given),
                  best first by polarity as rank orders them (by value for T polarity or none),
                  bars from zero, the highlighted area marked, England and the target as
                  reference lines. Missing and suppressed figures are gaps, never zero.
                  Drawn in the terminal at its width (braille, coloured unless NO_COLOR; ASCII when
                  the locale is not UTF-8), or as SVG: .mode svg, --format svg, or .once FILE.svg
                  and .output FILE.svg (a file ending .svg always gets SVG). csv, json, markdown
                  and line cannot draw a chart: trend and compare give its figures.
                """
        case .workings: """
                workings FIGURE of INDICATOR for AREA [in PERIOD]
                  How a computed figure was worked out, a row each, by the rules its column uses.
                  FIGURE is neighbours_mean (or _median, _count, _size, _period): each neighbour in
                  the neighbour file's order with its figure and period, or why it had none;
                  national_rank (or ranked_of, quartile, quartile_q1, _median, _q3): how many were
                  ranked, how many better, the ties, who was left out and why, the band limits
                  and the band; pooled: the parts' numerators and denominators summed (an
                  authority's districts, a region's or England's authorities); rag_calc: value,
                  target, floor, tolerance and the rule that gave the rating; england, region_value
                  (or their _period): which period was taken and why. Without in, the area's
                  latest period of the indicator.
                """
        }
    }

    /// Statements to try, each of which runs against the built-in dataset.
    public var examples: [String] {
        switch self {
        case .show: [
                "show code, name, value, target, rag where rag = red and period = latest",
                "show area, value, previous, dot where code = A10 and period = latest order by value desc limit 5",
                "show code, value - target as over where code = A10 and area = Kent and period = 2013-07",
                "show period, value, target, rag where code = SCS02 and area = Kent and period in (2012-09, 2012-12, 2013-03, 2013-07) pivot by period",
                "show code, area, value where code = CS3 and period = 2017-12 order by value desc limit 2 per code",
            ]
        case .compare: [
                "compare A10 with england, neighbours, region where area = Kent and period = latest",
                "compare CS3 with target, previous where area = City",
                "compare CS3 with england, target for City, EAST, SOUTH where period = 2017-12",
            ]
        case .aggregate: [
                "count by rag, theme where period = 2012-07",
                "avg(value), min(value), max(value), percentile(value, 90) by district where code = CS3",
                "pooled(value) by period where code = CS3",
                "count by theme, rag where dataset = \"kent-2013-07\" and rag is not missing pivot by rag",
                "count(distinct area), count by code where dataset = \"city-2017-12\" having count(distinct area) > 6",
                "sum(value) by financial_year where code = CPS38",
            ]
        case .trend: ["trend A3 for Kent from 2012-09 to 2013-07", "trend DAR01 for Darlington, \"Darlington Area 1\", \"Darlington Area 2\"",
                      "trend SCS16 for Kent pivot by period"]
        case .rank: ["rank districts by CS3 in 2017-12", "rank districts by CS3 in 2017-12 where area in districts of City"]
        case .describe: ["describe A10"]
        case .scorecard: ["scorecard for Kent in 2012-07", "scorecard for Kent where dataset = \"kent-2019-07\" and theme = \"CHILDREN\""]
        case .benchmark: ["benchmark A10 for Kent last 3", "benchmark * for Kent last 2 where theme = \"Child protection\""]
        case .chart: ["chart SCS02 for Kent from 2012-09 to 2013-07", "chart A10 for Kent with england, neighbours",
                      "chart CS3 by districts in 2017-12 highlight EAST"]
        case .workings: ["workings rag_calc of SCS16 for Kent in 2013-07", "workings pooled of CS3 for City in 2017-12",
                         "workings england of CPS04 for Kent in 2019-07"]
        }
    }
}
