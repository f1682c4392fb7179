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
        var facts: [GroupFacts] = []
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
        var tallies = [[Tally]](repeating: [], count: gatherers.count)
        let needsPeriods = measures.contains(where: \.needsPeriods)
        var ids = [Int32](repeating: 0, count: BlockSummaries.size)
        let observations = store.observations
        try filter.forEachBlock(of: store, context: compiler.context) { rows in
            ids.withUnsafeMutableBufferPointer { ids in keys.groups(of: rows, into: ids) }
            if keys.count > facts.count {
                facts += Array(repeating: GroupFacts(), count: keys.count - facts.count)
                for index in tallies.indices { tallies[index] += Array(repeating: Tally(), count: keys.count - tallies[index].count) }
            }
            ids.withUnsafeBufferPointer { ids in
                let groupsOfRows = UnsafeBufferPointer(rebasing: ids[0..<rows.count])
                Self.gatherFacts(rows, groups: groupsOfRows, into: &facts, observations: observations, periods: needsPeriods)
                for (index, measure) in gatherers.enumerated() {
                    measure.gather(rows, groups: groupsOfRows, into: &tallies[index], store: store)
                }
            }
        }

        var order = try orderGroups(facts.map(\.firstRow), by: groups, context: compiler.context)
        if groups.isEmpty, order.isEmpty {
            // No row: one row of empty measures (count 0).
            order = [0]
            facts = [GroupFacts()]
            tallies = tallies.map { _ in [Tally()] }
        }

        var table = ResultTable(columns: groupNames.map { ResultTable.Column($0) } + measures.map { ResultTable.Column($0.name, numeric: true) })
        func row(_ group: Int, notes: inout NoteCollector) -> [Cell] {
            var cells: [Cell] = groups.map { $0.cell(facts[group].firstRow) }
            for (index, measure) in measures.enumerated() {
                cells.append(measure.finish(tallies[tallyOf[index]][group], facts[group], store: store, notes: &notes))
            }
            return cells
        }
        var notes = NoteCollector()
        table.rows = order.map { row($0, notes: &notes) }
        if let condition = aggregate.having {
            // The notes are of the groups kept: those of the rest are said no more.
            let kept = try having(condition, over: table, source: compiler.source)
            table.rows = kept.map { table.rows[$0] }
            notes = NoteCollector()
            for position in kept { _ = row(order[position], notes: &notes) }
        }
        table.notes = notes.notes
        if !aggregate.order.isEmpty {
            table.rows = try sortResult(table, by: aggregate.order, compiler: compiler)
        }
        table.rows = table.rows.limited(to: aggregate.limit)
        return table
    }

    /// Counts each group's rows and notes its first row, its indicators, whether it has
    /// numerators and denominators and, when asked, each indicator's periods.
    private static func gatherFacts(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, into facts: inout [GroupFacts],
                                     observations: ObservationTable, periods: Bool) {
        observations.indicator.withUnsafeBufferPointer { indicators in
            observations.numerator.states.withUnsafeBufferPointer { tops in
                observations.denominator.states.withUnsafeBufferPointer { bottoms in
                    facts.withUnsafeMutableBufferPointer { facts in
                        // A run of rows of one group at a time.
                        var start = 0
                        while start < rows.count {
                            let group = Int(groups[start])
                            var end = start + 1
                            while end < rows.count, groups[end] == groups[start] { end += 1 }
                            if facts[group].rows == 0 { facts[group].firstRow = Int(rows[start]) }
                            facts[group].rows += end - start
                            var last = -1
                            for index in start..<end {
                                let indicator = Int(indicators[Int(rows[index])])
                                if indicator != last {
                                    last = indicator
                                    if !facts[group].indicators.contains(indicator) { facts[group].indicators.append(indicator) }
                                }
                            }
                            if !facts[group].hasCounts {
                                for index in start..<end where tops[Int(rows[index])] == 0 && bottoms[Int(rows[index])] == 0 {
                                    facts[group].hasCounts = true
                                    break
                                }
                            }
                            if periods {
                                for index in start..<end {
                                    let row = Int(rows[index])
                                    facts[group].periods[Int(indicators[row]), default: []].insert(observations.period[row])
                                }
                            }
                            start = end
                        }
                    }
                }
            }
        }
    }
}
