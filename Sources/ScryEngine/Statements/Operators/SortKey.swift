import ScryLanguage
import ScryStore

extension Engine {
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

extension [Engine.SortKey] {
    /// -1, 0 or 1 for the rows at positions `a` and `b`: the first key that tells them
    /// apart decides.
    func compare(_ a: Int, _ b: Int) -> Int {
        for key in self {
            let order = key.compare(a, b)
            if order != 0 { return order }
        }
        return 0
    }
}
