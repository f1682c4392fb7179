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

        var keys = GroupKeys(groups, store: store)
        var facts = GroupFactsTable(keepsPeriods: measures.contains(where: \.needsPeriods),
                                    keepsUnits: !measures.allSatisfy { $0.aggregation.function == .count }, store: store)
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
        var tallies = gatherers.map { TallyTable($0.tallyShape) }
        var ids = [Int32](repeating: 0, count: BlockSummaries.size)
        let observations = store.observations
        // `count` alone of every row that passes: a block whose summaries tell how many of
        // its rows pass (all, or its figures missing or present) adds that number, its rows
        // never listed.
        let countsOnly = groups.isEmpty && measures.allSatisfy { $0.aggregation.function == .count && $0.argument == nil }
        if countsOnly {
            facts.grow(to: 1)
            for index in tallies.indices { tallies[index].grow(to: 1) }
        }
        var wholeRows = 0
        try filter.forEachBlock(of: store, context: compiler.context, whole: countsOnly ? { wholeRows += $0 } : nil) { rows in
            ids.withUnsafeMutableBufferPointer { ids in keys.groups(of: rows, into: ids) }
            if keys.count > facts.count {
                // Room grows by half again, not by each block's new groups, never past the
                // number of groups there can be (a flat table's slots).
                let room = min(max(keys.count, facts.count + facts.count / 2), keys.capacity ?? .max)
                facts.grow(to: room)
                for index in tallies.indices { tallies[index].grow(to: room) }
            }
            ids.withUnsafeBufferPointer { ids in
                let groupsOfRows = UnsafeBufferPointer(rebasing: ids[0..<rows.count])
                facts.gather(rows, groups: groupsOfRows, observations: observations)
                for (index, measure) in gatherers.enumerated() {
                    measure.gather(rows, groups: groupsOfRows, into: &tallies[index], store: store)
                }
            }
        }
        for index in tallies.indices where wholeRows > 0 { tallies[index].rows[0] += wholeRows }
        let groupCount = keys.count
        for index in tallies.indices { tallies[index].arrangeValues(groups: groupCount) }

        var order: [Int]
        if let inOrder = keys.groupsInOrder() {
            order = inOrder
        } else {
            order = try orderGroups((0..<groupCount).map { Int(facts.firstRow[$0]) }, by: groups, context: compiler.context)
        }
        if groups.isEmpty, order.isEmpty {
            // No row: one row of empty measures (count 0).
            order = [0]
        }

        var table = ResultTable(columns: groupNames.map { ResultTable.Column($0) } + measures.map { ResultTable.Column($0.name, numeric: true) })
        let finished = FinishedGroups(store: store, groups: groups, measures: measures, facts: facts, tallies: tallies, tallyOf: tallyOf)
        if let condition = aggregate.having {
            order = try having(condition, over: order, columns: table.columns, compiler: compiler) { group, column in
                var quiet = NoteCollector()
                return finished.cell(group, column, notes: &quiet)
            }
        }
        // The notes are of the groups kept.
        var notes = NoteCollector()
        let limited = aggregate.order.isEmpty ? aggregate.limit.map { Array(order.prefix($0.count)) } ?? order : order
        if aggregate.order.isEmpty, aggregate.pivot == nil, let streamsFrom, limited.count >= streamsFrom,
           let keyMakers = chunkMakers({ [facts] range in limited[range].map { Int(facts.firstRow[$0]) } }, groups) {
            // Many groups: their rows made as they are written. The notes come first, from
            // every group's measures that has rules (a count has none), since the session
            // says them after the rows.
            let ruled = measures.indices.filter { finished.counts(of: $0) == nil }.map { groups.count + $0 }
            for (position, group) in order.enumerated() where !ruled.isEmpty {
                if position & 0xFFFF == 0 { try compiler.context.checkInterruption() }
                for column in ruled { _ = finished.cell(group, column, notes: &notes) }
            }
            table.notes = notes.notes
            let measureMakers = measures.indices.map { index in
                ChunkMaker { range in
                    var quiet = NoteCollector()
                    return .cells(limited[range].map { finished.cell($0, groups.count + index, notes: &quiet) })
                }
            }
            table.stream = ResultStream(count: limited.count, interruption: compiler.context.interruption, makers: keyMakers + measureMakers)
            return table
        }
        table.rows.reserveCapacity(order.count)
        for (position, group) in order.enumerated() {
            if position & 0xFFFF == 0 { try compiler.context.checkInterruption() }
            table.rows.append(table.columns.indices.map { finished.cell(group, $0, notes: &notes) })
        }
        table.notes = notes.notes
        if !aggregate.order.isEmpty {
            table.rows = try sortResult(table, by: aggregate.order, compiler: compiler)
        }
        table.rows = table.rows.limited(to: aggregate.limit)
        return table
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

    /// Each measure's figures when it is a count, which needs no rule to finish.
    private var countArrays: [[Int]?] = []

    init(store: Store, groups: [RowExpression], measures: [Measure], facts: GroupFactsTable, tallies: [TallyTable], tallyOf: [Int]) {
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

    /// A group's cell in result column `column`: a group column's value at its first row,
    /// or a measure finished with its rules' notes.
    func cell(_ group: Int, _ column: Int, notes: inout NoteCollector) -> Cell {
        if column < groups.count { return groups[column].cell(Int(facts.firstRow[group])) }
        let index = column - groups.count
        if let counts = countArrays[index] { return .count(group < counts.count ? counts[group] : 0) }
        let tally = tallyOf[index]
        return tallies[tally].withValues(of: group) { values in
            measures[index].finish(tallies[tally].tally(group), values: values, facts[group], store: store, notes: &notes)
        }
    }

    /// A `count`'s figures for every group, which need no rule to finish.
    func counts(of index: Int) -> [Int]? {
        countArrays[index]
    }
}
