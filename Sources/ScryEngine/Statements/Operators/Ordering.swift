import ScryLanguage
import ScryStore

extension Engine {
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
            let keys = rows.map { observationKey(indicator: Int(observations.indicator[$0]), area: Int(observations.area[$0]), period: observations.period[$0]) }
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
        let interruption = compiler.context.interruption
        func before(_ a: Int, _ b: Int) -> Bool {
            if interruption.isRequested { return false }
            let order = keys.compare(a, b)
            return order != 0 ? order < 0 : rows[a] < rows[b]
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

    /// Orders result rows by result columns, named as they are headed (`count`,
    /// `avg(value)`, `district`).
    func sortResult(_ table: ResultTable, by items: [OrderItem], compiler: RowCompiler) throws(Diagnostic) -> [[Cell]] {
        var keys: [(Int, Bool)] = []
        for item in items {
            let index = try Self.resultColumn(item.expression, of: table, source: compiler.source, clause: "order by")
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

extension Array {
    /// The first `limit` elements (`limit 10`), or all of them without a limit.
    func limited(to limit: Limit?) -> [Element] {
        limit.map { Array(prefix($0.count)) } ?? self
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

extension Cell {
    var isAbsent: Bool {
        switch self {
        case .empty, .missing: true
        default: false
        }
    }

    /// The cell's value as rows' values are compared: a count as a number, nothing as a
    /// missing value.
    var sortValue: RowValue {
        switch self {
        case .empty: .missing(.blank)
        case .missing(let state): .missing(state)
        case .text(let text): .text(text)
        case .number(let value, _, _): .number(value)
        case .count(let value): .number(Double(value))
        case .rag(let rag): .rag(rag)
        case .direction(let direction): .direction(direction)
        case .period(let period): .period(period)
        }
    }

    /// -1, 0 or 1, by value as `show … order by` compares rows: numbers and counts by
    /// size, periods in period order, text ignoring case, RAGs red, amber, green, directions
    /// improved, same, worsened; absent values after every present one. Never by the text
    /// a renderer shows (`10` before `9`, `A` before `R`).
    static func compare(_ left: Cell, _ right: Cell) -> Int {
        RowValue.compare(left.sortValue, right.sortValue)
    }
}
