import ScryLanguage
import ScryStore

extension Engine {
    /// `avg(value), count by district where …` → one row per group, with a note for every
    /// rule of docs/domain.md the question runs into and for the values left out as missing.
    ///
    /// One pass over the selected rows, block by block: each row's group is found (by the
    /// indicator's, the area's or the period's own code when the groups are columns of
    /// those, else by the values of the group expressions) and every measure's tally for
    /// that group takes the row.
    func run(_ aggregate: Aggregate, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        var conditions: [Narrowing] = []
        var groups: [RowExpression] = []
        var groupNames: [String] = []
        for group in aggregate.groups {
            if case .name(let text) = group.kind, Column.named(text) == nil, let level = Column.areaLevels[text.lowercased()] {
                // `by district`: the districts, each a group.
                conditions.append(.areas(store.areas.map { $0.type == level }))
                groups.append(compiler.compile(.area))
                groupNames.append(text.lowercased())
            } else {
                groups.append(try compiler.compile(group))
                groupNames.append(compiler.source.text(of: group.range))
            }
        }
        var measures: [Measure] = []
        for aggregation in aggregate.aggregations {
            measures.append(try Measure(aggregation, compiler: compiler))
        }
        let filter = try compiler.rowFilter(aggregate.filter, also: conditions)
        compiler.context.markPlanned()

        // Grouped by period, every group's indicators have one period each: nothing to count.
        let facts = GroupFactsTable(keepsPeriods: measures.contains(where: \.needsPeriods) && !groups.contains { $0.column == .field(.period) },
                                    keepsUnits: !measures.allSatisfy { $0.aggregation.function == .count },
                                    keepsCounts: measures.contains(where: \.needsCounts), store: store)
        // One tally for the measures that share one (avg, min and max of value).
        var sharing: [String: Int] = [:]
        var gatherers: [Measure] = []
        let tallyOf = measures.map { measure in
            let key = measure.sharingKey
            if let known = sharing[key] { return known }
            sharing[key] = gatherers.count
            gatherers.append(measure)
            return gatherers.count - 1
        }
        // `count` alone of every row that passes: a block whose summaries tell how many of
        // its rows pass (all, or its figures missing or present) adds that number, its rows
        // never listed.
        let countsOnly = groups.isEmpty && measures.allSatisfy { $0.aggregation.function == .count && $0.argument == nil }
        var scan = try GroupScan.scan(filter, keys: GroupKeys(groups, store: store), facts: facts, measures: gatherers,
                                      countsOnly: countsOnly, store: store, context: compiler.context)
        let keys = scan.keys
        let groupCount = keys.count
        // Medians and percentiles of every group, each tally's together.
        var selected: [[Double?]?] = measures.map { _ in nil }
        for index in scan.tallies.indices where scan.tallies[index].shape == .valuesToo {
            let users = measures.indices.filter { tallyOf[$0] == index && measures[$0].percentileWanted != nil }
            let figures = scan.tallies[index].percentiles(users.map { measures[$0].percentileWanted! }, groups: groupCount)
            for (user, figures) in zip(users, figures) { selected[user] = figures }
        }

        var order: [Int]
        if let inOrder = keys.groupsInOrder() {
            order = inOrder
        } else {
            order = try orderGroups((0..<groupCount).map { Int(scan.facts.firstRow[$0]) }, by: groups, context: compiler.context)
        }
        if groups.isEmpty, order.isEmpty {
            // No row: one row of empty measures (count 0).
            order = [0]
        }

        var table = ResultTable(columns: groupNames.map { ResultTable.Column($0) } + measures.map { ResultTable.Column($0.name, numeric: true) })
        let finished = FinishedGroups(store: store, groups: groups, measures: measures, facts: scan.facts, tallies: scan.tallies,
                                      tallyOf: tallyOf, selected: selected)
        if let condition = aggregate.having {
            if let kept = Self.countsHaving(condition, over: order, table: table, groupColumns: groups.count, finished: finished, source: compiler.source) {
                order = kept
            } else {
                order = try having(condition, over: order, columns: table.columns, compiler: compiler) { groups, column in
                    var quiet = NoteCollector()
                    return finished.cells(groups, column, notes: &quiet)
                }
            }
        }
        // The notes are of the groups kept: with a limit and no order (nor pivot), the
        // first groups alone have cells made and notes said.
        var notes = NoteCollector()
        let limited = aggregate.order.isEmpty && aggregate.pivot == nil ? aggregate.limit.map { Array(order.prefix($0.count)) } ?? order : order
        if aggregate.order.isEmpty, aggregate.pivot == nil, let streamsFrom, limited.count >= streamsFrom,
           let keyMakers = chunkMakers({ [facts = scan.facts] range in limited[range].map { Int(facts.firstRow[$0]) } }, groups) {
            // Many groups: their rows made as they are written. The notes come first, from
            // every group's measures that has rules (a count has none), since the session
            // says them after the rows.
            // The cells made for the notes are kept for the rows when they are not many
            // (a million at most), not made again as the rows are written.
            let ruled = measures.indices.filter { finished.counts(of: $0) == nil }.map { groups.count + $0 }
            let keepsCells = limited.count * ruled.count <= 1 << 20
            var made = [Int: [Cell]]()
            for start in stride(from: 0, to: limited.count, by: 0x10000) where !ruled.isEmpty {
                try compiler.context.checkInterruption()
                let stretch = limited[start..<min(limited.count, start + 0x10000)]
                for column in ruled {
                    let cells = finished.cells(stretch, column, notes: &notes)
                    if keepsCells { made[column, default: []] += cells }
                }
            }
            table.notes = notes.notes
            let measureMakers = measures.indices.map { index in
                ChunkMaker { [made] range in
                    if let cells = made[groups.count + index] { return .cells(Array(cells[range])) }
                    var quiet = NoteCollector()
                    return .cells(finished.cells(limited[range], groups.count + index, notes: &quiet))
                }
            }
            table.stream = ResultStream(count: limited.count, interruption: compiler.context.interruption, makers: keyMakers + measureMakers)
            return table
        }
        // Column by column (each measure's rules and tallies looked up once), then as rows,
        // a stretch of groups at a time.
        table.rows.reserveCapacity(limited.count)
        for start in stride(from: 0, to: limited.count, by: 0x10000) {
            try compiler.context.checkInterruption()
            let stretch = limited[start..<min(limited.count, start + 0x10000)]
            let cells = table.columns.indices.map { finished.cells(stretch, $0, notes: &notes) }
            table.rows += stretch.indices.map { position in cells.map { $0[position - stretch.startIndex] } }
        }
        table.notes = notes.notes
        if !aggregate.order.isEmpty {
            table.rows = try sortResult(table, by: aggregate.order, compiler: compiler)
        }
        table.rows = table.rows.limited(to: aggregate.limit)
        return table
    }
}

extension Engine {
    /// `having count > 1` (a count compared with a number): the groups whose count passes,
    /// read off the counts themselves, with no cell made per group (ten million groups when
    /// looking for duplicates). Nil for any other condition, which `having` tests on cells.
    fileprivate static func countsHaving(_ condition: Condition, over groups: [Int], table: ResultTable, groupColumns: Int,
                                         finished: FinishedGroups, source: SourceFile) -> [Int]? {
        guard case .compare(let left, let operation, let right) = condition.kind, case .number(let number) = right.kind,
              let column = try? resultColumn(left, of: table, source: source, clause: "having takes"), column >= groupColumns,
              let counts = finished.counts(of: column - groupColumns) else { return nil }
        return groups.filter { group in
            let count = Double(group < counts.count ? counts[group] : 0)
            return ResultFilter.holds(operation, count < number ? -1 : count > number ? 1 : 0)
        }
    }
}

/// An aggregate's groups once every row is in: what their cells are made from, shared by
/// reference with the chunks of a streamed result (no copy of the tallies or the store
/// per cell).
private final class FinishedGroups: @unchecked Sendable {
    let store: Store
    let groups: [RowExpression]
    let measures: [Measure]
    let facts: GroupFactsTable
    let tallies: [TallyTable]
    let tallyOf: [Int]
    /// Each median's or percentile's figure for every group, selected once.
    let selected: [[Double?]?]

    /// Each measure's figures when it is a count, which needs no rule to finish.
    private var countArrays: [[Int]?] = []

    init(store: Store, groups: [RowExpression], measures: [Measure], facts: GroupFactsTable, tallies: [TallyTable], tallyOf: [Int],
         selected: [[Double?]?]) {
        self.selected = selected
        self.store = store
        self.groups = groups
        self.measures = measures
        self.facts = facts
        self.tallies = tallies
        self.tallyOf = tallyOf
        countArrays = measures.indices.map { index in
            let measure = measures[index]
            guard measure.aggregation.function == .count else { return nil }
            let tally = tallies[tallyOf[index]]
            return measure.argument == nil ? tally.rows : tally.count
        }
    }

    /// The cells of `groups` in result column `column`: a group column's value at each
    /// group's first row, or a measure finished with its rules' notes. A column at a time,
    /// so that the measure and its tallies are looked up once, not once a cell.
    func cells(_ groups: some Collection<Int>, _ column: Int, notes: inout NoteCollector) -> [Cell] {
        if column < self.groups.count {
            let expression = self.groups[column], firstRow = facts.firstRow
            return groups.map { expression.cell(Int(firstRow[$0])) }
        }
        let index = column - self.groups.count
        if let counts = countArrays[index] { return groups.map { .count($0 < counts.count ? counts[$0] : 0) } }
        let measure = measures[index], tally = tallies[tallyOf[index]], selected = self.selected[index]
        var cells: [Cell] = []
        cells.reserveCapacity(groups.count)
        for group in groups {
            let figure = selected.flatMap { group < $0.count ? $0[group] : nil }
            cells.append(measure.finish(tally.tally(group), selected: figure, facts[group], store: store, notes: &notes))
        }
        return cells
    }

    /// A `count`'s figures for every group, which need no rule to finish.
    func counts(of index: Int) -> [Int]? {
        countArrays[index]
    }
}
