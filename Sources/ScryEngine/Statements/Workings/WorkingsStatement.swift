import ScryLanguage
import ScryStore
import ScrySpelling

/// The figures a `workings` statement can show the workings of, each once: the columns of
/// each (or `pooled`, the aggregation). Parsing, the error for a column without workings
/// and Tab completion read this table; `Engine.run(_: Workings, …)` switches over it.
public enum WorkedFigure: CaseIterable, Sendable {
    case neighbours, standing, pooled, calculatedRAG, england, region

    /// The names that ask for it: its columns, or the aggregation's name.
    var names: [String] {
        switch self {
        case .neighbours: [Column.Field.neighbours_mean, .neighbours_median, .neighbours_count, .neighbours_size, .neighbours_period].map(\.rawValue)
        case .standing: [Column.Field.national_rank, .ranked_of, .quartile, .quartile_q1, .quartile_median, .quartile_q3].map(\.rawValue)
        case .pooled: [Aggregation.Function.pooled.rawValue]
        case .calculatedRAG: [Column.Field.rag_calc.rawValue]
        case .england: [Column.Field.england, .england_period].map(\.rawValue)
        case .region: [Column.Field.region_value, .region_period].map(\.rawValue)
        }
    }

    /// Every name a workings can be asked for by, for completion and messages.
    public static let allNames: [String] = allCases.flatMap(\.names)

    /// The figure `text` names (a column by its name or an alias), if it has workings.
    static func named(_ text: String) -> WorkedFigure? {
        let name = Column.named(text)?.name ?? text.lowercased()
        return allCases.first { $0.names.contains(name) }
    }
}

extension Engine {
    /// `workings neighbours_mean of ReReferral for Kent in 2025` → how the figure was worked
    /// out, a row for each figure it is worked from, through the very lookups and rules its
    /// column uses. Without a period, the area's latest figure of the indicator.
    func run(_ workings: Workings, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let figure = try workedFigure(workings.figure)
        let indicator = try singleIndicator(workings.indicator, compiler: compiler)
        guard let area = compiler.resolveArea(workings.area.text) else { throw compiler.unknownArea(workings.area.text, at: workings.area.range) }
        // The figure the workings are of: the area's, in the period (or its latest).
        func row() throws(Diagnostic) -> Int {
            let rows = try select(nil, also: try workedNarrowings(workings.period, indicator: indicator, areas: [area], compiler: compiler), compiler: compiler)
            guard let row = latestRow(rows) else { throw try noFigure(workings, indicator: indicator, area: area, compiler: compiler) }
            return row
        }
        switch figure {
        case .pooled: return try pooledWorkings(workings, indicator: indicator, area: area, compiler: compiler)
        case .neighbours: return neighbourWorkings(try row(), compiler: compiler)
        case .standing: return standingWorkings(try row(), compiler: compiler)
        case .calculatedRAG: return calculatedRAGWorkings(try row(), compiler: compiler)
        case .england: return comparatorWorkings(.england, row: try row(), compiler: compiler)
        case .region: return comparatorWorkings(.region, row: try row(), compiler: compiler)
        }
    }

    private func workedFigure(_ name: NameReference) throws(Diagnostic) -> WorkedFigure {
        if let figure = WorkedFigure.named(name.text) { return figure }
        let listed = WorkedFigure.allNames.joined(separator: ", ")
        if let column = Column.named(name.text) {
            throw Diagnostic.error("'\(column.name)' has no workings: a workings is shown for \(listed)", at: name.range,
                                   suggestion: Spelling.didYouMean(name.text, among: WorkedFigure.allNames))
        }
        throw Diagnostic.error("unknown column '\(name.text)': a workings is shown for \(listed)", at: name.range,
                               suggestion: Spelling.didYouMean(name.text, among: WorkedFigure.allNames + Column.allNames))
    }

    /// The one indicator a name gives, or an error at it: unknown, or of several datasets.
    func singleIndicator(_ name: NameReference, compiler: RowCompiler) throws(Diagnostic) -> Int {
        let indicators = compiler.resolveIndicators(name.text)
        guard !indicators.isEmpty else { throw compiler.unknownIndicator(name.text, at: name.range) }
        guard indicators.count == 1, let indicator = indicators.first else {
            let datasets = indicators.map { store.datasets[store.indicators[$0].dataset].name }
            throw Diagnostic.error("'\(name.text)' is an indicator of several datasets (\(datasets.joined(separator: ", "))): load one of them alone",
                                   at: name.range)
        }
        return indicator
    }

    /// The indicator's rows for the areas in the statement's period (each area's latest
    /// without one).
    func workedNarrowings(_ period: PeriodValue?, indicator: Int, areas: [Int], compiler: RowCompiler) throws(Diagnostic) -> [Narrowing] {
        var narrowings: [Narrowing] = [.indicators(Narrowing.members([indicator], of: store.indicators.count)),
                                       .areas(Narrowing.members(areas, of: store.areas.count))]
        if let period { narrowings.append(try compiler.narrowing(PeriodPredicate.compare(.equal, period))) }
        return narrowings
    }

    /// The row of the latest period among `rows` (the shortest, when two end in the same month).
    func latestRow(_ rows: [Int]) -> Int? {
        let periods = store.observations.period
        return rows.max { a, b in
            let left = Period(raw: periods[a]), right = Period(raw: periods[b])
            return (left.endMonth, -left.length) < (right.endMonth, -right.length)
        }
    }

    /// The error for an area without a figure of the indicator in the period: at the
    /// period, naming the periods it has.
    private func noFigure(_ workings: Workings, indicator: Int, area: Int, compiler: RowCompiler) throws(Diagnostic) -> Diagnostic {
        let code = store.indicators[indicator].code, name = store.areas[area].name
        let all = try select(nil, also: workedNarrowings(nil, indicator: indicator, areas: [area], compiler: compiler), compiler: compiler)
        guard !all.isEmpty else {
            return Diagnostic.error("\(name) has no figure of \(code): the workings are of a figure shown for an area", at: workings.area.range)
        }
        let periods = all.map { Period(raw: store.observations.period[$0]) }.sorted { $0.endMonth > $1.endMonth }.prefix(4)
        return Diagnostic.error("\(name) has no figure of \(code) for '\(compiler.source.text(of: workings.period!.range))'",
                                at: workings.period!.range,
                                suggestion: "its latest: " + periods.map(\.description).joined(separator: ", "))
    }

    /// The figure of `row` as its column shows it.
    func figureCell(_ value: Double?, of row: Int) -> Cell {
        let indicator = store.indicators[Int(store.observations.indicator[row])]
        return value.map { .number($0, decimals: indicator.decimals, unit: indicator.unit) } ?? .empty
    }

    /// The columns most workings share: what each row is, the area and period it is of,
    /// its figure, and how it counts.
    static let workingsColumns: [ResultTable.Column] = [.init("part"), .init("area"), .init("period"), .init("value", numeric: true), .init("working")]

    /// A row of the shared columns.
    func workingsRow(_ part: String, area: Int? = nil, period: Period? = nil, _ value: Cell, _ working: String) -> [Cell] {
        [.text(part), area.map { .text(store.areas[$0].name) } ?? .empty, period.map(Cell.period) ?? .empty, value, .text(working)]
    }

    /// A row without a figure.
    func workingsRow(_ part: String, area: Int? = nil, period: Period? = nil, _ working: String) -> [Cell] {
        workingsRow(part, area: area, period: period, .empty, working)
    }

    /// The first row of a workings: the figure it is for.
    func localRow(_ row: Int, _ working: String) -> [Cell] {
        let observations = store.observations
        return workingsRow("figure", area: Int(observations.area[row]), period: Period(raw: observations.period[row]),
                           cellOf(observations.value[row], row: row), working)
    }

    /// A stored figure as a cell: its number, or its symbol.
    func cellOf(_ value: NumericCell, row: Int) -> Cell {
        guard value.state == .present else { return value.state == .blank ? .empty : .missing(value.state) }
        return figureCell(value.value, of: row)
    }

    /// Why a figure that is not a number was left out: `left out: confidential (c)`.
    static func leftOut(_ state: CellState) -> String {
        "left out: " + symbolMeaning(state)
    }

    /// What a symbol stands for: `confidential (c)`.
    static func symbolMeaning(_ state: CellState) -> String {
        state.meaning + (state.symbol.isEmpty ? "" : " (\(state.symbol))")
    }
}
