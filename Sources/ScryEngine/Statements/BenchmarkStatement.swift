import ScryLanguage
import ScryStore

extension Engine {
    /// `benchmark ReReferral for Kent last 5` → LAIT's local-authority page
    /// (R/lait_modules/mod_la_lvl_table.R), a section for each indicator:
    /// - `figures`: the periods as columns, oldest first; a row each for the area, its region
    ///   (London's for Inner or Outer London without a latest figure, as `clean_ldn_region`),
    ///   its statistical neighbours' mean and England, as `la_long` binds them; and the
    ///   change from the previous period, as `calculate_change_from_prev_yr` puts it in a
    ///   column of its own (scry's previous period: the one of the same kind before it);
    /// - `summary`: as `LA_StatsTableServer`: the latest period, its direction of travel (by
    ///   polarity, as `dot`), the change, the rank among all authorities and how many were
    ///   ranked, the quartile band and its limits, the polarity; and each comparator's
    ///   period, for the comparators whose latest figure is not of the area's period. What
    ///   has no figure is left out of the summary.
    /// The periods are those of the latest one's kind.
    /// Every figure is the one the columns of the same names give (`value`, `region_value`,
    /// `neighbours_mean`, `england`, `national_rank`…), so the rules are compare's.
    func run(_ benchmark: Benchmark, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        guard let area = compiler.resolveArea(benchmark.area.text) else {
            throw compiler.unknownArea(benchmark.area.text, at: benchmark.area.range)
        }
        var conditions: [Narrowing] = [.areas(Narrowing.members([area], of: store.areas.count))]
        // Indicators in the order given; for `*`, in the data's order.
        var order: [Int: Int] = [:]
        for reference in benchmark.indicators {
            let found = compiler.resolveIndicators(reference.text)
            guard !found.isEmpty else { throw compiler.unknownIndicator(reference.text, at: reference.range) }
            for indicator in found where order[indicator] == nil { order[indicator] = order.count }
        }
        if !order.isEmpty { conditions.append(.indicators(Narrowing.members(Array(order.keys), of: store.indicators.count))) }
        if let from = benchmark.from, let to = benchmark.to {
            conditions.append(try compiler.narrowing(PeriodPredicate.range(from, to)))
        }
        let selection = try select(benchmark.filter, also: conditions, compiler: compiler)
        let observations = store.observations
        var rowsByIndicator: [Int: [Int]] = [:]
        for row in selection where Period(raw: observations.period[row]).kind != .undated {
            rowsByIndicator[Int(observations.indicator[row]), default: []].append(row)
        }
        let indicators = rowsByIndicator.keys.sorted { (order[$0] ?? $0, $0) < (order[$1] ?? $1, $1) }
        let layout = BenchmarkLayout(compiler: compiler, area: area)
        compiler.context.startTallying()
        var table = ResultTable(columns: [])
        for indicator in indicators {
            try compiler.context.checkInterruption()
            var rows = rowsByIndicator[indicator]!
            rows.sort { Period(raw: observations.period[$0]) < Period(raw: observations.period[$1]) }
            // Periods of the latest one's kind: a scorecard's months, not the year's outturn beside them.
            let kind = Period(raw: observations.period[rows.last!]).kind
            rows.removeAll { Period(raw: observations.period[$0]).kind != kind }
            let shown = benchmark.last.map { rows.suffix($0.count) } ?? (benchmark.from == nil ? rows.suffix(Self.benchmarkPeriods) : rows[...])
            guard shown.count <= PivotLayout.maximumColumns else {
                throw Diagnostic.error("\(store.indicators[indicator].code) has \(shown.count) periods in that range, more than the "
                                           + "\(PivotLayout.maximumColumns) columns a screen can show",
                                       at: benchmark.from.map { SourceRange($0.range.start, benchmark.to!.range.end) } ?? benchmark.last!.range,
                                       suggestion: "ask for fewer: last \(PivotLayout.maximumColumns), or a narrower range")
            }
            table.sections.append(layout.section(indicator, rows: Array(shown)))
        }
        table.notes += compiler.context.tallyNotes
        if indicators.isEmpty {
            let what = benchmark.indicators.isEmpty ? "no indicator" : benchmark.indicators.map(\.text).joined(separator: ", ")
            table.notes.append("note: \(what) has a dated figure for \(store.areas[area].name) that matches")
        }
        return table
    }

    /// How many periods a benchmarking table shows unless told: LAIT shows every year, which
    /// for a theme of monthly scorecard figures would not fit a screen.
    static let benchmarkPeriods = 5
}

/// Lays out one indicator's benchmarking section from the rows of one area.
struct BenchmarkLayout {
    let compiler: RowCompiler
    let area: Int

    private var store: Store { compiler.store }

    /// The comparator rows under the area's: a label, the column giving the figure, and the
    /// column giving the period it is for.
    private struct Comparison {
        var label: String
        var figure: RowExpression
        var periodColumn: Column.Field
    }

    func section(_ indicator: Int, rows: [Int]) -> ResultSection {
        let meta = store.indicators[indicator]
        let observations = store.observations
        let value = compiler.compile(Column.Field.value)
        let comparisons = [
            Comparison(label: compiler.context.lookups.comparisonRegion(of: area, indicator: indicator).map { store.areas[$0].name } ?? "Region",
                       figure: compiler.compile(Column.Field.region_value), periodColumn: .region_period),
            Comparison(label: "Statistical neighbours", figure: compiler.compile(Column.Field.neighbours_mean),
                       periodColumn: .neighbours_period),
            Comparison(label: "England", figure: compiler.compile(Column.Field.england), periodColumn: .england_period),
        ]
        let latest = rows.last!
        let previous = compiler.context.lookups.previousRow(latest)
        func change(_ figure: RowExpression) -> Cell {
            guard let previous, case .number(let now) = figure.value(latest), case .number(let before) = figure.value(previous) else { return .empty }
            return .number(now - before, decimals: meta.decimals, unit: meta.unit == .percent ? nil : meta.unit)
        }

        var figures = ResultTable(columns: [.init("area")] + rows.map { .init(Period(raw: observations.period[$0]).description, numeric: true) }
                                      + [.init("change", numeric: true)])
        figures.rows.append([.text(store.areas[area].name)] + rows.map(value.cell) + [change(value)])
        var laterComparators: [(String, Cell)] = []
        let local = Cell.period(Period(raw: observations.period[latest]))
        for comparison in comparisons {
            let cells = rows.map(comparison.figure.cell)
            // A comparator with no figure at all (a scorecard without a region) is left out.
            guard cells.contains(where: { $0 != .empty }) else { continue }
            figures.rows.append([.text(comparison.label)] + cells + [change(comparison.figure)])
            let period = compiler.compile(comparison.periodColumn).cell(latest)
            if period != .empty, period != local { laterComparators.append((comparison.periodColumn.rawValue, period)) }
        }

        var summaryColumns: [(String, Cell)] = [("period", local),
                                                ("dot", compiler.compile(Column.Field.dot).cell(latest)),
                                                ("change", change(value))]
        summaryColumns += [Column.Field.national_rank, .ranked_of, .quartile, .quartile_q1, .quartile_median, .quartile_q3]
            .map { ($0.rawValue, compiler.compile($0).cell(latest)) }
        summaryColumns.append(("polarity", .text(meta.polarity.code)))
        summaryColumns += laterComparators
        // What has no figure (a rank without national data, a polarity of none) is left out;
        // the notes say why.
        summaryColumns.removeAll { $0.0 != "period" && $0.1 == .empty || $0.1 == .text("") }
        var summary = ResultTable(columns: summaryColumns.map { name, cell in
            var column = ResultTable.Column(name, numeric: cell.isFigure)
            column.isBand = name == Column.Field.quartile.rawValue
            return column
        })
        summary.rows = [summaryColumns.map(\.1)]

        return ResultSection(fields: [.init("code", .text(meta.code)), .init("name", .text(meta.name)),
                                      .init("dataset", .text(store.datasets[meta.dataset].name)),
                                      .init("area", .text(store.areas[area].name)), .init("unit", .text(meta.unit.description)),
                                      .init("polarity", meta.polarity == .none ? .empty : .text(meta.polarity.code))],
                             parts: [.init("figures", figures), .init("summary", summary, isRecord: true)])
    }
}
