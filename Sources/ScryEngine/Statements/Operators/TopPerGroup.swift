import ScryLanguage
import ScryStore

extension Engine {
    /// `show … order by … limit N per EXPR, …`: the first `limit` rows of each group of rows
    /// with the same values of `groups`, in the order `items` give (ties broken by the later
    /// items, then by the data's order; by indicator, area and period without items).
    ///
    /// Each row's group is numbered by `GroupKeys`; a `BoundedHeap` of at most `limit`
    /// positions per group takes each row in one pass, so that no more than `limit` rows a group are ever sorted. The groups come out
    /// in the order their values sort ascending (as `order by` would sort them), each
    /// group's rows in the order given.
    func topPerGroup(_ rows: [Int], by items: [OrderItem], limit: Int, per groups: [Expression],
                     compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let context = compiler.context
        var expressions: [RowExpression] = []
        for group in groups { expressions.append(try compiler.compile(group)) }
        guard limit > 0, !rows.isEmpty else { return [] }

        // Each row's group, a block at a time.
        var keys = GroupKeys(expressions, store: store)
        var groupOf = [Int32](repeating: 0, count: rows.count)
        let block = 0x10000
        var start = 0
        while start < rows.count {
            try context.checkInterruption()
            let end = min(start + block, rows.count)
            let part = rows[start..<end].map { Int32($0) }
            groupOf.withUnsafeMutableBufferPointer { ids in
                part.withUnsafeBufferPointer { part in
                    keys.groups(of: part, into: UnsafeMutableBufferPointer(rebasing: ids[start..<end]))
                }
            }
            start = end
        }

        // Keys read from the store's columns when they all are (`RowOrder`), else a sort
        // key per item made for every row.
        let typed = try RowOrder(items, compiler: compiler)
        var sortKeys: [SortKey] = []
        if !typed.isTyped {
            for (expression, descending) in typed.expressions {
                sortKeys.append(try SortKey(rows, expression, descending: descending, context: context))
            }
        }
        let observations = store.observations
        let storeOrder: [UInt64] = items.isEmpty
            ? rows.map { observationKey(indicator: Int(observations.indicator[$0]), area: Int(observations.area[$0]), period: observations.period[$0]) }
            : []
        // Whether the row at position `a` comes before the one at `b`. Once Ctrl-C is
        // pressed every row ties, so that the pass ends at once.
        let interruption = context.interruption
        func before(_ a32: Int32, _ b32: Int32) -> Bool {
            if interruption.isRequested { return false }
            let (a, b) = (Int(a32), Int(b32))
            if items.isEmpty, storeOrder[a] != storeOrder[b] { return storeOrder[a] < storeOrder[b] }
            if typed.isTyped, !items.isEmpty { return typed.before(rows[a], rows[b]) }
            let order = sortKeys.compare(a, b)
            return order != 0 ? order < 0 : rows[a] < rows[b]
        }

        // Each group's heap gets min(limit, its rows) slots of one flat buffer, so that a
        // group per row costs a few bytes a row, not an array each.
        var firstRows = [Int](repeating: -1, count: keys.count)
        var offsets = [Int](repeating: 0, count: keys.count + 1)
        for (position, group) in groupOf.enumerated() {
            if position & 0xFFFF == 0 { try context.checkInterruption() }
            if firstRows[Int(group)] < 0 { firstRows[Int(group)] = rows[position] }
            offsets[Int(group) + 1] += 1
        }
        for group in 0..<keys.count { offsets[group + 1] = offsets[group] + min(offsets[group + 1], limit) }
        var slots = [Int32](repeating: 0, count: offsets[keys.count])
        let kept: [[Int32]] = try slots.withUnsafeMutableBufferPointer { slots throws(Diagnostic) in
            var heaps = (0..<keys.count).map { BoundedHeap(UnsafeMutableBufferPointer(rebasing: slots[offsets[$0]..<offsets[$0 + 1]])) }
            for position in rows.indices {
                if position & 0xFFFF == 0 { try context.checkInterruption() }
                heaps[Int(groupOf[position])].offer(Int32(position), before: before)
            }
            return heaps.map { $0.sorted(by: before) }
        }
        try context.checkInterruption()

        var result: [Int] = []
        for group in try orderGroups(firstRows, by: expressions, context: context) {
            result += kept[group].map { rows[Int($0)] }
        }
        try context.checkInterruption()
        return result
    }
}
