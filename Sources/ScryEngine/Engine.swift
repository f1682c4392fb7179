import ScryLanguage
import ScryStore

/// Answers parsed statements over a store.
public struct Engine {
    public let store: Store
    public var settings: EngineSettings
    /// A `show` of at least this many rows is streamed to the renderer chunk by chunk
    /// (`ResultStream`); nil: always built whole, as a library caller reads `rows`.
    public var streamsFrom: Int?

    public init(store: Store, settings: EngineSettings = EngineSettings()) {
        self.store = store
        self.settings = settings
    }

    /// The answer to `statement`, or a diagnostic at the part of it that is wrong.
    public func run(_ statement: Statement, in source: SourceFile) throws(Diagnostic) -> ResultTable {
        try runTimed(statement, in: source).result
    }

    /// The answer, with where the time went.
    public func runTimed(_ statement: Statement, in source: SourceFile) throws(Diagnostic) -> (result: ResultTable, timing: StatementTiming) {
        // The caller puts parameters' values in their places first (`Statement.binding`);
        // one still here was never given a value.
        if let unset = statement.binding(Parameters()).diagnostics.first { throw unset }
        let context = QueryContext(store: store, settings: settings)
        context.statementRange = statement.range
        let start = ContinuousClock.now
        let result = try answer(statement, compiler: RowCompiler(context: context, source: source))
        let end = ContinuousClock.now
        let planned = context.planned ?? end
        return (result, StatementTiming(plan: planned - start, execute: end - planned))
    }

    private func answer(_ statement: Statement, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        switch statement.kind {
        case .show(let show):
            let table = try run(show, compiler: compiler)
            guard let pivot = show.pivot else { return table }
            let isKey = show.items.isEmpty ? Column.defaultColumns.map { PivotLayout.isKey(.field($0)) }
                : show.items.map { PivotLayout.isKey($0.expression) }
            return try pivoted(table, pivot, layout: PivotLayout(isKey: isKey, givenOrder: PivotLayout.givenOrder(of: pivot, in: show.filter)),
                               compiler: compiler)
        case .describe(let describe): return try run(describe, compiler: compiler)
        case .aggregate(let aggregate):
            let table = try run(aggregate, compiler: compiler)
            guard let pivot = aggregate.pivot else { return table }
            // The groups say what each figure is of; the aggregations are the figures.
            let isKey = aggregate.groups.map { _ in true } + aggregate.aggregations.map { _ in false }
            return try pivoted(table, pivot, layout: PivotLayout(isKey: isKey, givenOrder: PivotLayout.givenOrder(of: pivot, in: aggregate.filter)),
                               compiler: compiler)
        case .trend(let trend): return try run(trend, compiler: compiler)
        case .rank(let rank): return try run(rank, compiler: compiler)
        case .compare(let compare): return try run(compare, compiler: compiler)
        case .benchmark(let benchmark): return try run(benchmark, compiler: compiler)
        case .scorecard(let scorecard): return try run(scorecard, compiler: compiler)
        case .chart(let chart): return try run(chart, compiler: compiler)
        case .workings(let workings): return try run(workings, compiler: compiler)
        }
    }
}
