import ScryLanguage
import ScryStore

extension Engine {
    /// `show` → the selected observations, one row each.
    func run(_ show: Show, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        var columns: [RowExpression] = []
        var names: [String] = []
        if show.items.isEmpty {
            columns = Column.defaultColumns.map { compiler.compile($0) }
            names = Column.defaultColumns.map(\.rawValue)
        } else {
            for item in show.items {
                columns.append(try compiler.compile(item.expression))
                names.append(item.alias ?? compiler.source.text(of: item.expression.range))
            }
        }
        let items = Self.resolvingAliases(show.order, in: show.items)
        let limited = show.per.isEmpty
            ? try orderedRows(show.filter, by: items, limit: show.limit?.count, compiler: compiler)
            : try topPerGroup(try select(show.filter, compiler: compiler), by: items, limit: show.limit?.count ?? 0, per: show.per, compiler: compiler)
        var table = ResultTable(columns: zip(names, columns).map { ResultTable.Column($0, numeric: $1.isNumeric) })
        if show.pivot == nil, let streamsFrom, limited.count >= streamsFrom {
            let (stream, notes) = try stream(limited, columns, context: compiler.context)
            table.stream = stream
            table.notes += notes
            if columns.contains(where: { $0.column == .field(.value) }) { table.notes += disclosureWarnings(limited, lookups: compiler.context.lookups) }
            return table
        }
        table.rows.reserveCapacity(limited.count)
        table.notes += try Self.tallyingRowByRow(limited, context: compiler.context) { row in table.rows.append(columns.map { $0.cell(row) }) }
        if columns.contains(where: { $0.column == .field(.value) }) { table.notes += disclosureWarnings(limited, lookups: compiler.context.lookups) }
        return table
    }

    /// `order by` items that name a select item's alias (`show value - target as distance
    /// order by distance`) stand for its expression, as in SQL; a column's own name wins.
    static func resolvingAliases(_ items: [OrderItem], in select: [SelectItem]) -> [OrderItem] {
        items.map { item in
            guard case .name(let name) = item.expression.kind, Column.named(name) == nil,
                  let aliased = select.first(where: { $0.alias?.lowercased() == name.lowercased() })
            else { return item }
            var resolved = item
            resolved.expression = Expression(aliased.expression.kind, item.expression.range)
            return resolved
        }
    }

    /// `body` for each row in order, as it makes the row's cells, and the notes their
    /// lookups tallied (a comparator counts what it reads as its cells are made); Ctrl-C
    /// checked between stretches of rows.
    private static func tallyingRowByRow(_ rows: [Int], context: QueryContext, _ body: (Int) -> Void) throws(Diagnostic) -> [Note] {
        context.startTallying()
        for (position, row) in rows.enumerated() {
            if position & 0xFFFF == 0 { try context.checkInterruption() }
            body(row)
        }
        return context.tallyNotes
    }

    /// The rows as a stream, and the notes of its cells. A column read from the store alone
    /// is made a chunk at a time as it is written; any other (a comparator, whose lookups
    /// are tallied into notes as its cells are made) is made whole first, row by row as
    /// the rows would be, so that its notes are said with the rows.
    private func stream(_ rows: [Int], _ columns: [RowExpression], context: QueryContext) throws(Diagnostic) -> (ResultStream, [Note]) {
        let readable = columns.map { chunkMakers({ Array(rows[$0]) }, [$0])?.first }
        let made = columns.indices.filter { readable[$0] == nil }
        var cells = made.map { _ in [Cell]() }
        var notes: [Note] = []
        if !made.isEmpty {
            for index in cells.indices { cells[index].reserveCapacity(rows.count) }
            notes = try Self.tallyingRowByRow(rows, context: context) { row in
                for (index, column) in made.enumerated() { cells[index].append(columns[column].cell(row)) }
            }
        }
        let makers = columns.indices.map { column in
            readable[column] ?? { [cells] in
                let index = made.firstIndex(of: column)!
                return ChunkMaker { range in .cells(Array(cells[index][range])) }
            }()
        }
        return (ResultStream(count: rows.count, interruption: context.interruption, makers: makers), notes)
    }

    /// For each column, what makes its chunk of the rows `rows(range)` gives, when every
    /// column is read from the store alone (no comparator, whose lookups are tallied into
    /// notes as cells are made): labels of indicators, areas and periods by number, stored
    /// figures as they are; nil otherwise.
    func chunkMakers(_ rows: @escaping (Range<Int>) -> [Int], _ columns: [RowExpression]) -> [ChunkMaker]? {
        let observations = store.observations
        let store = self.store
        var makers: [ChunkMaker] = []
        for expression in columns {
            guard let column = expression.column else { return nil }
            switch column {
            case .field(.value):
                let values = observations.value.values, states = observations.value.states, indicators = observations.indicator
                let decimals = store.indicators.map(\.decimals), units = store.indicators.map(\.unit)
                makers.append(ChunkMaker { range in
                    let slice = rows(range)
                    return .figures(values: slice.map { values[$0] }, states: slice.map { states[$0] },
                                    formats: slice.map { Int32(indicators[$0]) }, decimals: decimals, units: units)
                })
            case .field(.numerator), .field(.denominator):
                let source = column == .field(.numerator) ? observations.numerator : observations.denominator
                makers.append(ChunkMaker { range in
                    let slice = rows(range)
                    return .amounts(values: slice.map { source.values[$0] }, states: slice.map { source.states[$0] })
                })
            case .field(.period):
                let codes = store.periodCodes
                let labels = codes.periods.map { Cell.period($0) }
                makers.append(ChunkMaker(labels: labels) { range in .labels(codes: rows(range).map { Int32(codes.codes[$0]) }, labels: labels) })
            case _ where column.description.section == .indicator || column.description.section == .area:
                let byIndicator = column.description.section == .indicator
                let codes = byIndicator ? observations.indicator : observations.area
                let first = store.firstRows(of: byIndicator ? \.indicator : \.area, count: byIndicator ? store.indicators.count : store.areas.count)
                let labels = first.map { $0 < 0 ? Cell.empty : expression.cell(Int($0)) }
                makers.append(ChunkMaker(labels: labels) { range in .labels(codes: rows(range).map { Int32(codes[$0]) }, labels: labels) })
            case _ where column.description.section == .stored:
                makers.append(ChunkMaker { range in .cells(rows(range).map(expression.cell)) })
            default:
                return nil
            }
        }
        return makers
    }
}
