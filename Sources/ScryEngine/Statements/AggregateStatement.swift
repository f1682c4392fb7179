import ScryLanguage
import ScryStore

extension Engine {
    /// `avg(value), count by district where …` → one row per group, with a note for every
    /// rule of DOMAIN.md the question runs into and for every value left out as missing.
    func run(_ aggregate: Aggregate, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        var selection = try select(aggregate.filter, compiler: compiler)
        var groups: [RowExpression] = []
        var groupNames: [String] = []
        for group in aggregate.groups {
            if case .name(let text) = group.kind, Column.named(text) == nil, let level = Column.areaLevels[text.lowercased()] {
                // `by district`: the districts, each a group.
                let areas = store.areas
                let column = store.observations.area
                selection = selection.filter { areas[Int(column[$0])].type == level }
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

        // Group the selected rows, keeping groups in order of their values.
        var members: [[RowValue]: [Int]] = [:]
        var firstRow: [[RowValue]: Int] = [:]
        for row in selection {
            let key = groups.map { $0.value(row) }
            members[key, default: []].append(row)
            if firstRow[key] == nil { firstRow[key] = row }
        }
        var keys = Array(members.keys)
        keys.sort { left, right in
            for (a, b) in zip(left, right) {
                let order = RowValue.compare(a, b)
                if order != 0 { return order < 0 }
            }
            return false
        }
        if groups.isEmpty, keys.isEmpty { keys = [[]] }

        var table = ResultTable(columns: groupNames.map { ResultTable.Column($0) } + measures.map { ResultTable.Column($0.name, numeric: true) })
        var notes = NoteCollector()
        for key in keys {
            let rows = members[key] ?? []
            var cells: [Cell] = groups.map { group in firstRow[key].map { group.cell($0) } ?? .empty }
            for measure in measures {
                cells.append(measure.compute(rows, store: store, notes: &notes))
            }
            table.rows.append(cells)
        }
        table.notes = notes.lines
        if !aggregate.order.isEmpty {
            table.rows = try sortResult(table, by: aggregate.order, compiler: compiler)
        }
        if let limit = aggregate.limit { table.rows = Array(table.rows.prefix(limit.count)) }
        return table
    }

    /// Orders result rows by result columns, named as they are headed (`count`,
    /// `avg(value)`, `district`).
    func sortResult(_ table: ResultTable, by items: [OrderItem], compiler: RowCompiler) throws(Diagnostic) -> [[Cell]] {
        var keys: [(Int, Bool)] = []
        for item in items {
            let written = compiler.source.text(of: item.expression.range).lowercased().filter { !$0.isWhitespace }
            guard let index = table.columns.firstIndex(where: { $0.name.lowercased().filter { !$0.isWhitespace } == written }) else {
                throw Diagnostic.error("'\(compiler.source.text(of: item.expression.range))' is not a column of this result: order by one of \(table.columns.map { "'\($0.name)'" }.joined(separator: ", "))",
                                       at: item.expression.range)
            }
            keys.append((index, item.descending))
        }
        return table.rows.sorted { a, b in
            for (index, descending) in keys {
                let order = Cell.compare(a[index], b[index])
                if order == 0 { continue }
                if a[index].isAbsent || b[index].isAbsent { return order < 0 }
                return descending ? order > 0 : order < 0
            }
            return false
        }
    }
}

/// Notes said once each, in the order first met.
struct NoteCollector {
    private(set) var lines: [String] = []
    mutating func add(_ line: String) {
        if !lines.contains(line) { lines.append(line) }
    }
}

extension RowValue: Hashable {
    func hash(into hasher: inout Hasher) {
        switch self {
        case .number(let value): hasher.combine(0); hasher.combine(value)
        case .missing(let state): hasher.combine(1); hasher.combine(state)
        case .text(let text): hasher.combine(2); hasher.combine(text)
        case .period(let period): hasher.combine(3); hasher.combine(period)
        case .rag(let rag): hasher.combine(4); hasher.combine(rag)
        case .direction(let direction): hasher.combine(5); hasher.combine(direction)
        }
    }
}

extension Cell {
    var isAbsent: Bool {
        switch self {
        case .empty, .missing: true
        default: false
        }
    }

    var sortNumber: Double? {
        switch self {
        case .number(let value, _, _): value
        case .count(let value): Double(value)
        default: nil
        }
    }

    static func compare(_ left: Cell, _ right: Cell) -> Int {
        if left.isAbsent || right.isAbsent { return left.isAbsent == right.isAbsent ? 0 : (left.isAbsent ? 1 : -1) }
        if let a = left.sortNumber, let b = right.sortNumber { return a < b ? -1 : (a > b ? 1 : 0) }
        if case .period(let a) = left, case .period(let b) = right { return a < b ? -1 : (a > b ? 1 : 0) }
        let a = CellFormatter.text(left).lowercased(), b = CellFormatter.text(right).lowercased()
        return a < b ? -1 : (a > b ? 1 : 0)
    }
}
