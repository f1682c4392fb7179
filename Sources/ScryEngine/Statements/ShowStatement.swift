import ScryLanguage
import ScryStore

extension Engine {
    /// `show` → the selected observations, one row each.
    func run(_ show: Show, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let selection = try select(show.filter, compiler: compiler)
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
        let limited = try order(selection, by: Self.resolvingAliases(show.order, in: show.items),
                                limit: show.limit?.count, compiler: compiler)
        var table = ResultTable(columns: zip(names, columns).map { ResultTable.Column($0, numeric: $1.isNumeric) })
        table.rows.reserveCapacity(limited.count)
        compiler.context.startTallying()
        for (position, row) in limited.enumerated() {
            if position & 0xFFFF == 0 { try compiler.context.checkInterruption() }
            table.rows.append(columns.map { $0.cell(row) })
        }
        table.notes += compiler.context.tallyNotes
        if columns.contains(where: { $0.column == .field(.value) }) { table.notes += disclosureWarnings(limited) }
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

    /// The rows that pass `filter` and the statement's own conditions (`also`), in store
    /// order.
    func select(_ filter: Condition?, also: [Narrowing] = [], compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let rows = try compiler.rowFilter(filter, also: also)
        compiler.context.markPlanned()
        return try rows.rows(of: store, context: compiler.context)
    }

    /// Rows sorted by `order`, or by indicator, area and period when there is none, the
    /// first `limit` of them when given. Missing values sort last whichever the direction.
    ///
    /// Each row's sort keys are worked out once, not at every comparison; with a limit, the
    /// first rows are picked in one pass with a heap of `limit` rows rather than by sorting
    /// them all (`order by value desc limit 3` over 10 million rows: one pass).
    func order(_ rows: [Int], by items: [OrderItem], limit: Int? = nil, compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let observations = store.observations
        if items.isEmpty {
            // Store order is mostly this order already (exports come sorted): then no sort.
            let keys = rows.map { UInt64(observations.indicator[$0]) << 48 | UInt64(observations.area[$0]) << 32 | UInt64(observations.period[$0]) }
            let sorted = zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }
            let ordered = sorted ? rows : rows.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && rows[$0] < rows[$1]) }.map { rows[$0] }
            return limit.map { Array(ordered.prefix($0)) } ?? ordered
        }
        var keys: [SortKey] = []
        for item in items {
            let expression = try compiler.compile(item.expression)
            keys.append(try SortKey(rows, expression, descending: item.descending, context: compiler.context))
        }
        // Whether the row at position `a` of `rows` comes before the one at `b`. Once
        // Ctrl-C is pressed every row ties, so that a long sort ends at once.
        func before(_ a: Int, _ b: Int) -> Bool {
            if Interruption.isRequested { return false }
            for key in keys {
                let order = key.compare(a, b)
                if order != 0 { return order < 0 }
            }
            return rows[a] < rows[b]
        }
        guard let limit, limit < rows.count else {
            let sorted = rows.indices.sorted(by: before)
            try compiler.context.checkInterruption()
            return sorted.map { rows[$0] }
        }
        // A heap whose root is the last of the best `limit` positions seen so far.
        var heap: [Int] = []
        heap.reserveCapacity(limit)
        for position in rows.indices {
            if position & 0xFFFF == 0 { try compiler.context.checkInterruption() }
            if heap.count < limit {
                heap.append(position)
                var child = heap.count - 1
                while child > 0, before(heap[(child - 1) / 2], heap[child]) {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if let root = heap.first, before(position, root) {
                heap[0] = position
                var parent = 0
                while true {
                    var largest = parent
                    for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && before(heap[largest], heap[child]) { largest = child }
                    if largest == parent { break }
                    heap.swapAt(parent, largest)
                    parent = largest
                }
            }
        }
        return heap.sorted(by: before).map { rows[$0] }
    }

    /// One `order by` item's value for every row, worked out once: numbers as doubles;
    /// anything else as the rank of its value among the item's distinct values (areas,
    /// codes, periods: few), so that sorting compares integers, not text. Absent values
    /// are flagged, to sort last.
    struct SortKey {
        var numbers: [Double] = []
        var ranks: [UInt32] = []
        var absent: [Bool] = []
        let descending: Bool

        init(_ rows: [Int], _ expression: RowExpression, descending: Bool, context: QueryContext) throws(Diagnostic) {
            self.descending = descending
            absent.reserveCapacity(rows.count)
            var codes: [UInt32] = [], distinct: [RowValue] = [], code: [RowValue: UInt32] = [:]
            if expression.isNumeric { numbers.reserveCapacity(rows.count) } else { codes.reserveCapacity(rows.count) }
            for (position, row) in rows.enumerated() {
                if position & 0xFFFF == 0 { try context.checkInterruption() }
                let value = expression.value(row)
                // A numeric expression that gives something other than a number sorts last.
                absent.append(value.isAbsent || (expression.isNumeric && value.number == nil))
                if expression.isNumeric {
                    numbers.append(value.number ?? 0)
                } else if let known = code[value] {
                    codes.append(known)
                } else {
                    code[value] = UInt32(distinct.count)
                    codes.append(UInt32(distinct.count))
                    distinct.append(value)
                }
            }
            guard !expression.isNumeric else { return }
            // Distinct values in order (text ignoring case); values that compare equal share a rank.
            let folded = distinct.map(\.folded)
            let order = folded.indices.sorted { RowValue.compare(folded[$0], folded[$1], folded: true) < 0 }
            var rankOf = [UInt32](repeating: 0, count: distinct.count)
            var rank: UInt32 = 0
            for (position, index) in order.enumerated() {
                if position > 0, RowValue.compare(folded[order[position - 1]], folded[index], folded: true) != 0 { rank += 1 }
                rankOf[index] = rank
            }
            ranks = codes.map { rankOf[Int($0)] }
        }

        /// -1, 0 or 1 for the rows at positions `a` and `b`, absent values last.
        func compare(_ a: Int, _ b: Int) -> Int {
            if absent[a] || absent[b] { return absent[a] == absent[b] ? 0 : (absent[a] ? 1 : -1) }
            let order: Int
            if ranks.isEmpty {
                order = numbers[a] < numbers[b] ? -1 : (numbers[a] > numbers[b] ? 1 : 0)
            } else {
                order = ranks[a] < ranks[b] ? -1 : (ranks[a] > ranks[b] ? 1 : 0)
            }
            return descending ? -order : order
        }
    }
}

extension RowValue {
    var isAbsent: Bool {
        switch self {
        case .missing: true
        case .direction(let direction): direction == nil
        default: false
        }
    }

    /// The value as it sorts: text in lower case, so that `folded: true` comparisons need
    /// not lower it again.
    var folded: RowValue {
        if case .text(let text) = self { return .text(text.lowercased()) }
        return self
    }

    /// -1, 0 or 1; absent values after every present one; text ignoring case (already
    /// lowered when `folded`).
    static func compare(_ left: RowValue, _ right: RowValue, folded: Bool = false) -> Int {
        if left.isAbsent || right.isAbsent { return left.isAbsent == right.isAbsent ? 0 : (left.isAbsent ? 1 : -1) }
        switch (left, right) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)):
            let x = folded ? a : a.lowercased(), y = folded ? b : b.lowercased()
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.period(let a), .period(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.rag(let a), .rag(let b)): return a.rawValue < b.rawValue ? -1 : (a.rawValue > b.rawValue ? 1 : 0)
        case (.direction(let a?), .direction(let b?)):
            let order = Direction.allCases
            let x = order.firstIndex(of: a) ?? 0, y = order.firstIndex(of: b) ?? 0
            return x < y ? -1 : (x > y ? 1 : 0)
        default: return 0
        }
    }
}
