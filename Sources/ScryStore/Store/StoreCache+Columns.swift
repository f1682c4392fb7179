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

    public var rowsByEndMonth: RowsByEndMonth {
        cache.value(StoreCache.Key("rows by end month")) { RowsByEndMonth(periodCodes) }
    }
}

/// Every row listed by the month its period ends, each month's in store order: a filter to
/// a period (`period = 2025-03`, `period = latest`) reads the rows ending in its months,
/// not every block's rows, as a sorted column's zone maps would let it. Four bytes a row.
public struct RowsByEndMonth: Sendable {
    /// The first month any period ends in; `offsets` has one entry a month after it, and one more.
    public let firstMonth: Int32
    private let offsets: [Int]
    private let rows: [Int32]

    /// From each row's period number: the months found once per distinct period, then
    /// the rows counted and placed by their period's month.
    init(_ periods: PeriodCodes) {
        let ends = periods.periods.map { Period.months(raw: $0.raw).end }
        guard let low = ends.min(), let high = ends.max() else {
            firstMonth = 0
            offsets = [0]
            rows = []
            return
        }
        firstMonth = low
        let months = ends.map { Int($0 - low) }
        var counts = [Int](repeating: 0, count: Int(high - low) + 2)
        periods.codes.withUnsafeBufferPointer { codes in
            for code in codes { counts[months[Int(code)] + 1] += 1 }
        }
        for month in 1..<counts.count { counts[month] += counts[month - 1] }
        offsets = counts
        var next = counts
        rows = [Int32](unsafeUninitializedCapacity: periods.codes.count) { rows, count in
            periods.codes.withUnsafeBufferPointer { codes in
                for (row, code) in codes.enumerated() {
                    let month = months[Int(code)]
                    rows[next[month]] = Int32(truncatingIfNeeded: row)
                    next[month] += 1
                }
            }
            count = periods.codes.count
        }
    }

    /// How many rows end in `months`.
    public func count(endingIn months: ClosedRange<Int32>) -> Int {
        guard let range = positions(months) else { return 0 }
        return range.count
    }

    /// The rows ending in `months`: in store order within each month.
    public func rows(endingIn months: ClosedRange<Int32>) -> ArraySlice<Int32> {
        guard let range = positions(months) else { return [] }
        return rows[range]
    }

    private func positions(_ months: ClosedRange<Int32>) -> Range<Int>? {
        let last = firstMonth + Int32(offsets.count - 2)
        let low = max(months.lowerBound, firstMonth), high = min(months.upperBound, last)
        guard low <= high else { return nil }
        return offsets[Int(low - firstMonth)]..<offsets[Int(high - firstMonth) + 1]
    }
}
