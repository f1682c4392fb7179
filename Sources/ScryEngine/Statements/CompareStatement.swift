import ScryLanguage
import ScryStore
import ScrySpelling

extension Engine {
    /// `compare A10 with england, neighbours where area = Kent and period = latest` → each
    /// local figure (authorities and districts) beside each comparator: the comparator's
    /// value and the period it is for (its latest ending on or before the local period, as
    /// comparators lag), the gap (local − comparator), a verdict by polarity, and, where
    /// the numerator and denominator are known, a verdict by significance. Neighbours add
    /// their median and how many of the group had data. With national data loaded, each
    /// authority's rank and quartile band among all authorities follow its value.
    func run(_ compare: Compare, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let indicators = compiler.resolveIndicators(compare.indicator.text)
        guard !indicators.isEmpty else { throw compiler.unknownIndicator(compare.indicator.text, at: compare.indicator.range) }
        var comparators: [Comparator] = []
        for reference in compare.comparators { comparators.append(try Comparator.named(reference)) }
        let local = store.areas.map { $0.type == .authority || $0.type == .district }
        var conditions: [Narrowing] = [.indicators(Narrowing.members(indicators, of: store.indicators.count)), .areas(local)]
        let place = try compiler.places(of: compare.areas)
        if !place.isEmpty { conditions.append(.areas(Narrowing.members(Array(place.keys), of: store.areas.count))) }
        let selection = try select(compare.filter, also: conditions, compiler: compiler)
        let several = comparators.count > 1
        // Published neighbour averages have no median or count: show those only for groups.
        let hasNeighbourGroups = store.areas.contains { !$0.neighbours.isEmpty }
        var columns: [ResultTable.Column] = [.init("code"), .init("area"), .init("period"), .init("value", numeric: true)]
        var compiled: [RowExpression] = [.code, .area, .period, .value].map { compiler.compile($0) }
        // Rank and band among all authorities, with how many were ranked, when there are
        // others to rank among.
        if selection.contains(where: { compiler.context.standing($0).rank != nil }) {
            columns += [.init("national_rank", numeric: true), .init("ranked_of", numeric: true), .init("quartile")]
            compiled += [compiler.compile(.national_rank), compiler.compile(.ranked_of), compiler.compile(.quartile)]
        }
        for comparator in comparators {
            let name = comparator.rawValue
            let suffix = several ? "_" + name : ""
            let (value, period) = comparator.fields
            columns += [.init(name, numeric: true), .init(name + "_period")]
            compiled += [compiler.compile(value), compiler.compile(period)]
            if comparator == .neighbours, hasNeighbourGroups {
                columns += [.init("neighbours_median", numeric: true), .init("neighbours_count", numeric: true)]
                compiled += [compiler.compile(Column.Field.neighbours_median), compiler.compile(Column.Field.neighbours_count)]
            }
            columns += [.init("gap" + suffix, numeric: true), .init("verdict" + suffix), .init("significance" + suffix)]
            compiled += [Column.ComparisonPart.gap, .verdict, .significance].map { compiler.compile(.comparison(comparator, $0)) }
        }
        var table = ResultTable(columns: columns)
        var rows = selection
        if compare.order.isEmpty { rows = rows.limited(to: compare.limit) }
        compiler.context.startTallying()
        table.rows = rows.map { row in compiled.map { $0.cell(row) } }
        if !compare.order.isEmpty { table.rows = try sortResult(table, by: compare.order, compiler: compiler) }
        table.rows = table.rows.limited(to: compare.limit)
        table.notes += compiler.context.tallyNotes
        if selection.isEmpty { table.notes.append("note: no authority or district figure of \(compare.indicator.text) matches") }
        // `for Kent, Medway`: the areas side by side, a row for each figure.
        guard let pivot = PivotLayout.sideBySide(compare.areas) else { return table }
        let layout = PivotLayout(isKey: table.columns.map { Column.named($0.name).map(PivotLayout.isKey) ?? false },
                                 givenOrder: compiler.names(in: place))
        return try pivoted(table, pivot, layout: layout, compiler: compiler)
    }
}
