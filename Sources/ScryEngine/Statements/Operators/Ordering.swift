import ScryLanguage
import ScryStore

extension Engine {
    /// The rows that pass `filter`, in the order given, the first `limit` of them when
    /// given: a top-N straight from the scan, without gathering every row that passes.
    func orderedRows(_ filter: Condition?, by items: [OrderItem], limit: Int?, compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let rows = try compiler.rowFilter(filter)
        compiler.context.markPlanned()
        if let limit, !items.isEmpty {
            return try topRows(rows, by: RowOrder(items, compiler: compiler), limit: limit, context: compiler.context)
        }
        return try order(rows.rows(of: store, context: compiler.context), by: items, limit: limit, compiler: compiler)
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
            // Store order is mostly this order already (exports come sorted): then no sort,
            // and no key kept, only each compared with the one before.
            func key(_ row: Int) -> UInt64 {
                observationKey(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]), period: observations.period[row])
            }
            var sorted = true, last: UInt64 = 0
            for row in rows {
                let next = key(row)
                if next < last {
                    sorted = false
                    break
                }
                last = next
            }
            if sorted { return limit.map { Array(rows.prefix($0)) } ?? rows }
            let keys = rows.map(key)
            let ordered = rows.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && rows[$0] < rows[$1]) }.map { rows[$0] }
            return limit.map { Array(ordered.prefix($0)) } ?? ordered
        }
        let rowOrder = try RowOrder(items, compiler: compiler)
        let interruption = compiler.context.interruption
        if let limit, limit < rows.count {
            var heap = TopRows(limit: limit, order: rowOrder)
            for (position, row) in rows.enumerated() {
                if position & 0xFFFF == 0 { try compiler.context.checkInterruption() }
                heap.offer(row)
            }
            return heap.sorted()
        }
        if rowOrder.isTyped, let positions = try Self.packedSort(rows, by: rowOrder, context: compiler.context) { return positions.map { rows[$0] } }
        // Keys that are expressions: each row's worked out once, then compared by position.
        var keys: [SortKey] = []
        for (expression, descending) in rowOrder.expressions {
            keys.append(try SortKey(rows, expression, descending: descending, context: compiler.context))
        }
        // Once Ctrl-C is pressed every row ties, so that a long sort ends at once.
        let sorted = rows.indices.sorted { a, b in
            if interruption.isRequested { return false }
            let order = keys.compare(a, b)
            return order != 0 ? order < 0 : rows[a] < rows[b]
        }
        try compiler.context.checkInterruption()
        return sorted.map { rows[$0] }
    }

    /// The first `limit` rows that pass `filter`, in the order given, without gathering
    /// every row that passes: a heap of `limit` rows, a quick test of each row's first key
    /// against the last row kept, and, when the first key is a stored figure, the blocks
    /// visited best first and skipped whole once they cannot hold a better row (`order by
    /// value desc limit 25` over ten million rows reads a few blocks).
    func topRows(_ filter: RowFilter, by order: RowOrder, limit: Int, context: QueryContext) throws(Diagnostic) -> [Int] {
        guard limit > 0 else { return [] }
        var heap = TopRows(limit: limit, order: order)
        let summaries = store.blockSummaries
        var visit: [Int]?
        if order.ranges != nil {
            let best = (0..<summaries.count).map { order.bestLeading(inBlock: $0) ?? 0 }
            visit = best.indices.sorted { best[$0] != best[$1] ? best[$0] < best[$1] : $0 < $1 }
        }
        try filter.forEachBlock(of: store, context: context, visiting: visit,
                                skipping: { block in
                                    guard heap.isFull, let best = order.bestLeading(inBlock: block) else { return false }
                                    return best > heap.worstLeading
                                }) { rows in
            for row in rows { heap.offer(Int(row)) }
        }
        return heap.sorted()
    }

    /// Rows from which a packed sort's words are worked out on every processor; tests
    /// make it small.
    nonisolated(unsafe) static var packedInPartsFrom = 1 << 16

    /// The positions of `rows` in the order of their keys (ties in the order given),
    /// packed into two 64-bit words each (a stored figure takes one word, a rank or a
    /// period as many bits as its values need): one sort of fixed-width entries, no
    /// comparison of values. Nil when the keys need more than two words.
    static func packedSort(_ rows: [Int], by order: RowOrder, context: QueryContext) throws(Diagnostic) -> [Int]? {
        // Each key as a field of `bits` bits: its value for a row, in key order, absent last.
        var fields: [(bits: Int, value: (Int) -> UInt64)] = []
        for key in order.keys {
            switch key {
            case .figure(let values, let states, let descending):
                fields.append((64, { row in states[row] != 0 ? .max : RowOrder.orderedBits(values[row], descending: descending) }))
            case .ranked(let codes, let rank, let descending):
                let top = UInt64(rank.lazy.filter { $0 != RowOrder.absentRank }.max() ?? 0)
                fields.append((64 - (top + 1).leadingZeroBitCount, { row in
                    let found = rank[Int(codes[row])]
                    if found == RowOrder.absentRank { return top + 1 }
                    return descending ? top - UInt64(found) : UInt64(found)
                }))
            case .period(let codes, let count, let descending):
                let top = UInt64(max(count, 1) - 1)
                fields.append((max(1, 64 - top.leadingZeroBitCount), { row in descending ? top - UInt64(codes[row]) : UInt64(codes[row]) }))
            case .expression:
                return nil
            }
        }
        // Fields laid into words from the most significant bit; a field never straddles two.
        var placement: [(word: Int, shift: Int)] = []
        var word = 0, used = 0
        for field in fields {
            if used + field.bits > 64 { word += 1; used = 0 }
            used += field.bits
            placement.append((word, 64 - used))
        }
        guard word < 2 else { return nil }
        // The position goes in the second word's low 32 bits when the keys leave them free
        // (16 bytes an entry, not 24: `order by value, code, area, period` needs 64 + 25 bits).
        if word == 0 || used <= 32, rows.count <= Int(UInt32.max) {
            var entries: [PackedPair] = try packedEntries(rows, fields: fields, placement: placement, context: context)
            try Self.sortUnlessSorted(&entries, context: context)
            return entries.map { Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: $0.second)) }
        }
        var entries: [PackedEntry] = try packedEntries(rows, fields: fields, placement: placement, context: context)
        try Self.sortUnlessSorted(&entries, context: context)
        return entries.map { Int($0.row) }
    }

    /// Each row's entry: its position, then each field's bits or-ed into its word at its
    /// place. Field by field (each closure fetched once, not once a row: that retained and
    /// released its context ten million times), a million rows at a time split over the
    /// processors.
    private static func packedEntries<Entry: PackedWords>(_ rows: [Int], fields: [(bits: Int, value: (Int) -> UInt64)],
                                                          placement: [(word: Int, shift: Int)],
                                                          context: QueryContext) throws(Diagnostic) -> [Entry] {
        // (Plain words: each is written below before it is read.)
        var entries = [Entry](unsafeUninitializedCapacity: rows.count) { _, count in count = rows.count }
        try rows.withUnsafeBufferPointer { rows throws(Diagnostic) in
            try entries.withUnsafeMutableBufferPointer { entries throws(Diagnostic) in
                for start in stride(from: 0, to: rows.count, by: 1 << 20) {
                    try context.checkInterruption()
                    let end = min(rows.count, start + (1 << 20))
                    let parts = end - start >= packedInPartsFrom ? ParallelWork.processors : 1
                    _ = ParallelWork.map(parts) { part in
                        let range = (start + (end - start) * part / parts)..<(start + (end - start) * (part + 1) / parts)
                        for position in range { entries[position] = Entry(position: position) }
                        for (field, place) in zip(fields, placement) {
                            let value = field.value, shift = UInt64(place.shift)
                            if place.word == 0 {
                                for position in range { entries[position].first |= value(rows[position]) << shift }
                            } else {
                                for position in range { entries[position].second |= value(rows[position]) << shift }
                            }
                        }
                    }
                }
            }
        }
        return entries
    }

    /// Rows often come in their order already (a store sorted by code, area and period;
    /// groups met in it): then a pass tells, and nothing is sorted.
    static func sortUnlessSorted<Entry: Comparable>(_ entries: inout [Entry], context: QueryContext) throws(Diagnostic) {
        try context.checkInterruption()
        if !zip(entries, entries.dropFirst()).allSatisfy({ $0 < $1 }) {
            sortInParts(&entries)
            try context.checkInterruption()
        }
    }

    /// Sorts `entries`: many of them in as many stretches as there are processors, each
    /// on its own thread, then merged in place, each sorted prefix copied aside and merged
    /// with the next stretch from the front (no more room than the prefix: a second copy
    /// of all ten million entries took the sorted export past twice the store). Entries
    /// are all distinct, each holding its row's position, so no question of ties arises.
    static func sortInParts<Entry: Comparable>(_ entries: inout [Entry]) {
        let parts = entries.count >= 1 << 20 ? ParallelWork.processors : 1
        guard parts > 1 else {
            entries.sort()
            return
        }
        let count = entries.count
        let bounds = (0...parts).map { count * $0 / parts }
        entries.withUnsafeMutableBufferPointer { buffer in
            _ = ParallelWork.map(parts) { part in
                var stretch = UnsafeMutableBufferPointer(rebasing: buffer[bounds[part]..<bounds[part + 1]])
                stretch.sort()
            }
            for part in 1..<parts {
                let left = Array(buffer[0..<bounds[part]])
                var i = 0, j = bounds[part], out = 0
                let end = bounds[part + 1]
                // `out` never passes `j`: what it overwrites was read already.
                while i < left.count, j < end {
                    if buffer[j] < left[i] {
                        buffer[out] = buffer[j]
                        j += 1
                    } else {
                        buffer[out] = left[i]
                        i += 1
                    }
                    out += 1
                }
                while i < left.count {
                    buffer[out] = left[i]
                    i += 1
                    out += 1
                }
            }
        }
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
