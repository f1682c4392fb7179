import ScryStore

/// Each group's indicators' distinct periods, counted for the rule on summing figures that
/// are not additive over periods (a year-to-date or rolling figure summed across months),
/// for those indicators' rows alone.
///
/// Columnar, not a set per group and indicator: a (group, indicator) pair is numbered in
/// one hash table (looked up again only when the pair changes from the row before), a
/// (pair, period) in another, and a pair's count goes up when its period is new. A row
/// costs one probe of a table of the distinct (pair, period)s met.
struct PeriodsMet {
    private var pairs = KeyTable()
    private var pairGroups: [Int32] = []
    private var pairIndicators: [UInt16] = []
    /// Each pair's distinct periods.
    private var pairCounts: [Int32] = []
    private var met = KeyTable()
    private var metCount = 0
    /// Whether an indicator's periods are counted: it is not additive over periods.
    private let counted: [Bool]
    private let periodCodes: [UInt32]

    init(store: Store) {
        counted = store.indicators.map { !$0.periodType.isAdditiveOverPeriods }
        periodCodes = store.periodCodes.codes
    }

    private mutating func pair(_ group: Int32, _ indicator: UInt16) -> Int32 {
        var next = pairGroups.count
        let pair = pairs.id(of: UInt64(UInt32(bitPattern: group)) << 16 | UInt64(indicator), next: &next)
        if next > pairGroups.count {
            pairGroups.append(group)
            pairIndicators.append(indicator)
            pairCounts.append(0)
        }
        return pair
    }

    /// Notes the periods of a block's rows, row `rows[i]` in group `groups[i]`.
    mutating func gather(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, indicators: UnsafeBufferPointer<UInt16>) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: rows.count) { keys in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: rows.count) { numbers in
                var listed = 0
                var lastGroup: Int32 = -1, lastIndicator = UInt16.max, lastPair: Int32 = 0
                periodCodes.withUnsafeBufferPointer { codes in
                    counted.withUnsafeBufferPointer { counted in
                        for (row, group) in zip(rows, groups) {
                            let indicator = indicators[Int(row)]
                            guard counted[Int(indicator)] else { continue }
                            if group != lastGroup || indicator != lastIndicator {
                                lastPair = pair(group, indicator)
                                (lastGroup, lastIndicator) = (group, indicator)
                            }
                            keys[listed] = UInt64(UInt32(bitPattern: lastPair)) << 32 | UInt64(codes[Int(row)])
                            listed += 1
                        }
                    }
                }
                let before = metCount
                met.ids(of: UnsafeBufferPointer(rebasing: keys[0..<listed]), into: numbers, next: &metCount)
                // New (pair, period)s are numbered from `before` in the order first met:
                // each counted at its first row.
                var new = before
                for index in 0..<listed where Int(numbers[index]) == new {
                    pairCounts[Int(keys[index] >> 32)] += 1
                    new += 1
                }
            }
        }
    }

    /// Adds another stretch's periods, its group `g` being this one's `groups[g]`.
    mutating func merge(_ later: PeriodsMet, groups: [Int32]) {
        let pairs = later.pairGroups.indices.map { pair(groups[Int(later.pairGroups[$0])], later.pairIndicators[$0]) }
        later.met.forEachKey { key in
            let before = metCount
            _ = met.id(of: UInt64(UInt32(bitPattern: pairs[Int(key >> 32)])) << 32 | key & 0xFFFF_FFFF, next: &metCount)
            if metCount > before { pairCounts[Int(pairs[Int(key >> 32)])] += 1 }
        }
    }

    /// Each group's counted indicators met in more than one period, and how many: the
    /// rule has nothing to say of one.
    func countsByGroup() -> [Int: [Int: Int]] {
        var counts: [Int: [Int: Int]] = [:]
        for pair in pairGroups.indices where pairCounts[pair] > 1 {
            counts[Int(pairGroups[pair]), default: [:]][Int(pairIndicators[pair])] = Int(pairCounts[pair])
        }
        return counts
    }
}
