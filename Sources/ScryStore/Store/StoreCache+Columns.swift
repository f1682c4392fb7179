/// Per block of `BlockSummaries.size` rows, the smallest and largest present figure of a
/// numeric column and how many of its cells are not a figure (missing or suppressed): a
/// top-N by the column skips the blocks that cannot hold a better row, and `is missing`
/// counts a block without reading it, as DuckDB's zone maps let it.
public struct FigureRanges: Sendable {
    /// +∞ and −∞ for a block with no figure.
    public private(set) var minimum: [Double] = []
    public private(set) var maximum: [Double] = []
    public private(set) var absent: [Int32] = []

    init(_ column: NumericColumn) {
        let total = column.values.count
        let blocks = (total + BlockSummaries.size - 1) >> BlockSummaries.shift
        minimum.reserveCapacity(blocks)
        maximum.reserveCapacity(blocks)
        absent.reserveCapacity(blocks)
        column.values.withUnsafeBufferPointer { values in
            column.states.withUnsafeBufferPointer { states in
                for block in 0..<blocks {
                    var low = Double.infinity, high = -Double.infinity, missing: Int32 = 0
                    for row in BlockSummaries.rows(ofBlock: block, in: total) {
                        if states[row] == 0 {
                            low = Swift.min(low, values[row])
                            high = Swift.max(high, values[row])
                        } else {
                            missing += 1
                        }
                    }
                    minimum.append(low)
                    maximum.append(high)
                    absent.append(missing)
                }
            }
        }
    }
}

/// Each row's period as a number in period order (`periods[codes[row]]`), so that a sort
/// or a grouping by period compares and hashes small integers: the store holds few
/// distinct periods (120 in ten million monthly rows).
public struct PeriodCodes: Sendable {
    public let codes: [UInt32]
    /// The distinct periods, in order.
    public let periods: [Period]

    init(_ column: [UInt32]) {
        var seen: [UInt32: UInt32] = [:]
        var firstCodes = [UInt32](repeating: 0, count: column.count)
        column.withUnsafeBufferPointer { raws in
            var lastRaw = UInt32.max, lastCode: UInt32 = 0
            for (row, raw) in raws.enumerated() {
                if raw != lastRaw {
                    if let known = seen[raw] {
                        lastCode = known
                    } else {
                        lastCode = UInt32(seen.count)
                        seen[raw] = lastCode
                    }
                    lastRaw = raw
                }
                firstCodes[row] = lastCode
            }
        }
        // Codes in the order first met, renumbered in period order.
        let ordered = seen.sorted { $0.key < $1.key }
        var renumber = [UInt32](repeating: 0, count: ordered.count)
        for (position, entry) in ordered.enumerated() { renumber[Int(entry.value)] = UInt32(position) }
        periods = ordered.map { Period(raw: $0.key) }
        codes = firstCodes.map { renumber[Int($0)] }
    }
}

extension Store {
    /// The block ranges of the value, numerator or denominator column.
    public func figureRanges(of column: KeyPath<ObservationTable, NumericColumn>, named name: String) -> FigureRanges {
        cache.value(StoreCache.Key("figure ranges " + name)) { FigureRanges(observations[keyPath: column]) }
    }

    public var periodCodes: PeriodCodes {
        cache.value(StoreCache.Key("period codes")) { PeriodCodes(observations.period) }
    }
}
