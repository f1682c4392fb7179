import ScryLanguage
import ScryStore

/// `count(distinct EXPR)`: the number of distinct present values in each group. Missing
/// and suppressed values are not counted; text is distinct ignoring case, as `=` compares
/// it; periods by their months and kind, whatever their status.
///
/// A column with a code in the store (`area`, `code`, any column of the indicator or of
/// the area, `period`) is counted by numbers, never by hashing a value per row: each
/// indicator's or area's value gets a number once, and one set for the whole statement
/// holds `group << 32 | number` pairs; a pair met for the first time counts one for its
/// group. Any other expression hashes its values, with the group.
final class DistinctCount {
    enum Source {
        /// The store's code column and, for each code, the number of its value
        /// (`UInt32.max` for a missing one): two indicators with one code share a number.
        case codes([UInt16], numbers: [UInt32])
        /// Each row's period number (`Store.periodCodes`) and, for each, the number of
        /// its period without status.
        case periods([UInt32], numbers: [UInt32])
        case values((Int) -> RowValue)
    }

    private struct Pair: Hashable {
        var group: Int32
        var value: RowValue
    }

    let source: Source
    private var pairs = KeyTable()
    private var pairCount = 0
    private var valuePairs = Set<Pair>()

    init(_ expression: RowExpression, store: Store) {
        let observations = store.observations
        func numbered(_ codes: KeyPath<ObservationTable, [UInt16]>, among count: Int) -> Source {
            var numberOf: [RowValue: UInt32] = [:]
            let numbers = store.firstRows(of: codes, count: count).map { row -> UInt32 in
                guard row >= 0 else { return .max }
                let value = expression.value(Int(row))
                guard !Self.isMissing(value) else { return .max }
                let folded = value.folded
                if let known = numberOf[folded] { return known }
                numberOf[folded] = UInt32(numberOf.count)
                return UInt32(numberOf.count - 1)
            }
            return .codes(observations[keyPath: codes], numbers: numbers)
        }
        switch expression.column?.description.section {
        case .indicator?: source = numbered(\.indicator, among: store.indicators.count)
        case .area?: source = numbered(\.area, among: store.areas.count)
        default:
            if expression.column == .field(.period) {
                let codes = store.periodCodes
                var numberOf: [UInt32: UInt32] = [:]
                let numbers = codes.periods.map { period -> UInt32 in
                    let raw = period.withoutStatus.raw
                    if let known = numberOf[raw] { return known }
                    numberOf[raw] = UInt32(numberOf.count)
                    return UInt32(numberOf.count - 1)
                }
                source = .periods(codes.codes, numbers: numbers)
            } else {
                source = .values(expression.value)
            }
        }
        switch source {
        case .codes(_, let numbers), .periods(_, let numbers): width = Int(numbers.lazy.filter { $0 != .max }.max() ?? 0) + 1
        case .values: width = 0
        }
    }

    /// Values by number: a bit for each group and number (`group * width + number`) while
    /// groups times numbers stay under `bitLimit`, then the pairs seen in a hash table.
    private let width: Int
    private var seen: [UInt64] = []
    private var usesBits = true
    /// At most this many bits (128 MiB); a test lowers it to reach the hash table.
    nonisolated(unsafe) static var bitLimit = 1 << 30

    /// Marks `number` seen in `group`; whether it was new.
    @inline(__always)
    private func firstSighting(_ group: Int, _ number: UInt32) -> Bool {
        if usesBits {
            let bit = group * width + Int(number)
            if bit >> 6 >= seen.count {
                if (group + 1) * width <= Self.bitLimit {
                    seen += repeatElement(0, count: max(bit >> 6 + 1, seen.count * 2) - seen.count)
                } else {
                    movePairsToTable()
                    return firstSighting(group, number)
                }
            }
            let mask: UInt64 = 1 << UInt64(bit & 63)
            if seen[bit >> 6] & mask != 0 { return false }
            seen[bit >> 6] |= mask
            return true
        }
        let before = pairCount
        _ = pairs.id(of: UInt64(UInt32(truncatingIfNeeded: group)) << 32 | UInt64(number), next: &pairCount)
        return pairCount > before
    }

    /// Too many groups for a bit each: the pairs seen so far go into the hash table.
    private func movePairsToTable() {
        for (word, bits) in seen.enumerated() where bits != 0 {
            for offset in 0..<64 where bits & (1 << UInt64(offset)) != 0 {
                let bit = word << 6 + offset
                _ = pairs.id(of: UInt64(bit / width) << 32 | UInt64(bit % width), next: &pairCount)
            }
        }
        seen = []
        usesBits = false
    }

    /// A value not counted: missing or suppressed, no rating or direction, empty text.
    static func isMissing(_ value: RowValue) -> Bool {
        switch value {
        case .missing: true
        case .direction(let direction): direction == nil
        case .rag(let rag): rag == .none
        case .text(let text): text.isEmpty
        case .number, .period: false
        }
    }

    /// A count of the same expression, with nothing seen yet: one per stretch of rows
    /// gathered on its own thread (`GroupScan`).
    init(sameAs other: DistinctCount) {
        source = other.source
        width = other.width
    }

    /// Whether stretches of rows can be counted apart and merged: values counted by number.
    var countsInParts: Bool {
        if case .values = source { return false }
        return true
    }

    /// Adds a block of rows: a group's `count` goes up by one for each value new to it,
    /// its `missing` for each value not counted.
    func gather(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, into table: inout TallyTable) {
        switch source {
        case .codes(let codes, let numbers): gatherNumbers(rows, groups: groups, codes: codes, numbers: numbers, into: &table)
        case .periods(let codes, let numbers): gatherNumbers(rows, groups: groups, codes: codes, numbers: numbers, into: &table)
        case .values(let read):
            for (row, group) in zip(rows, groups) {
                let value = read(Int(row))
                if Self.isMissing(value) {
                    table.missing[Int(group)] += 1
                } else if valuePairs.insert(Pair(group: group, value: value.folded)).inserted {
                    table.count[Int(group)] += 1
                }
            }
        }
    }

    /// `gather` of values by number: while the bits for every group so far fit, one loop
    /// through pointers with no test of room per row; else through the pairs' table.
    private func gatherNumbers<Code: BinaryInteger>(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>,
                                                    codes: [Code], numbers: [UInt32], into table: inout TallyTable) {
        var most: Int32 = -1
        for group in groups { most = max(most, group) }
        let bitsNeeded = (Int(most) + 1) * width
        if usesBits, bitsNeeded > Self.bitLimit { movePairsToTable() }
        if usesBits, seen.count << 6 < bitsNeeded {
            let words = (bitsNeeded + 63) >> 6
            seen += repeatElement(0, count: min(max(words, seen.count * 2), (Self.bitLimit + 63) >> 6) - seen.count)
        }
        var bits = seen
        seen = []
        defer { seen = bits }
        let width = self.width, usesBits = self.usesBits
        codes.withUnsafeBufferPointer { codes in
        numbers.withUnsafeBufferPointer { numbers in
        bits.withUnsafeMutableBufferPointer { bits in
        table.count.withUnsafeMutableBufferPointer { counts in
        table.missing.withUnsafeMutableBufferPointer { missing in
            for (row, group) in zip(rows, groups) {
                let number = numbers[Int(codes[Int(row)])]
                if number == .max {
                    missing[Int(group)] += 1
                } else if usesBits {
                    let bit = Int(group) * width + Int(number)
                    let word = bits[bit >> 6], mask: UInt64 = 1 << UInt64(bit & 63)
                    if word & mask == 0 {
                        bits[bit >> 6] = word | mask
                        counts[Int(group)] += 1
                    }
                } else if firstSighting(Int(group), number) {
                    counts[Int(group)] += 1
                }
            }
        }
        }
        }
        }
        }
    }

    /// Adds what another stretch of rows saw, later in the store: its group `g` is
    /// `groups[g]` here, and a value new to a group here counts one for it.
    func merge(_ other: DistinctCount, groups: [Int32], into table: inout TallyTable) {
        other.forEachPair { group, number in
            let mine = Int(groups[group])
            if firstSighting(mine, number) { table.count[mine] += 1 }
        }
    }

    /// Each (group, number) seen.
    private func forEachPair(_ body: (Int, UInt32) -> Void) {
        if usesBits {
            for (word, bits) in seen.enumerated() where bits != 0 {
                var rest = bits
                while rest != 0 {
                    let bit = word << 6 + rest.trailingZeroBitCount
                    body(bit / width, UInt32(bit % width))
                    rest &= rest - 1
                }
            }
        } else {
            pairs.forEachKey { key in body(Int(key >> 32), UInt32(truncatingIfNeeded: key)) }
        }
    }
}
