import Synchronization

/// Facts derived from a store, worked out the first time a statement asks for them and
/// kept until the store changes: the block summaries every filtered scan reads, each
/// indicator's rows, the engine's rankings.
///
/// A store is a value; its cache is a reference that every mutation of the store's tables
/// replaces with an empty one, so a cached fact always describes the tables beside it.
public final class StoreCache: Sendable {
    public struct Key: Hashable, Sendable {
        var name: String
        var number: Int

        public init(_ name: String, _ number: Int = 0) {
            self.name = name
            self.number = number
        }
    }

    private let entries = Mutex<[Key: any Sendable]>([:])

    init() {}

    /// The fact stored under `key`, computed by `make` when it is not there yet. `make` runs
    /// outside the lock, so it may ask the cache for other facts.
    public func value<T: Sendable>(_ key: Key, make: () -> T) -> T {
        if let found = entries.withLock({ $0[key] }) as? T { return found }
        let made = make()
        entries.withLock { $0[key] = made }
        return made
    }
}

/// A summary of each block of `BlockSummaries.size` consecutive rows: the smallest and
/// largest indicator and area codes and period months in it. A scan skips a block whose
/// ranges cannot hold a row its filter wants, and tests no row of a block whose ranges
/// pass whole, as DuckDB's zone maps do. Indicator histories are usually written
/// indicator by indicator, so most blocks hold one indicator.
public struct BlockSummaries: Sendable {
    static let shift = 11
    public static let size = 1 << shift

    public private(set) var minIndicator: [UInt16] = []
    public private(set) var maxIndicator: [UInt16] = []
    public private(set) var minArea: [UInt16] = []
    public private(set) var maxArea: [UInt16] = []
    public private(set) var minStart: [Int32] = []
    public private(set) var maxStart: [Int32] = []
    public private(set) var minEnd: [Int32] = []
    public private(set) var maxEnd: [Int32] = []

    public var count: Int { minIndicator.count }

    public static func rows(ofBlock block: Int, in total: Int) -> Range<Int> {
        (block << shift)..<min(total, (block + 1) << shift)
    }

    init(_ observations: ObservationTable) {
        let total = observations.count
        let blocks = (total + Self.size - 1) >> Self.shift
        observations.indicator.withUnsafeBufferPointer { indicators in
            observations.area.withUnsafeBufferPointer { areas in
                observations.period.withUnsafeBufferPointer { periods in
                    for block in 0..<blocks {
                        let rows = Self.rows(ofBlock: block, in: total)
                        var lowIndicator = UInt16.max, highIndicator = UInt16.min, lowArea = UInt16.max, highArea = UInt16.min
                        var lowStart = Int32.max, highStart = Int32.min, lowEnd = Int32.max, highEnd = Int32.min
                        for row in rows {
                            lowIndicator = min(lowIndicator, indicators[row])
                            highIndicator = max(highIndicator, indicators[row])
                            lowArea = min(lowArea, areas[row])
                            highArea = max(highArea, areas[row])
                            let (start, end) = Period.months(raw: periods[row])
                            lowStart = min(lowStart, start)
                            highStart = max(highStart, start)
                            lowEnd = min(lowEnd, end)
                            highEnd = max(highEnd, end)
                        }
                        minIndicator.append(lowIndicator)
                        maxIndicator.append(highIndicator)
                        minArea.append(lowArea)
                        maxArea.append(highArea)
                        minStart.append(lowStart)
                        maxStart.append(highStart)
                        minEnd.append(lowEnd)
                        maxEnd.append(highEnd)
                    }
                }
            }
        }
    }
}

/// One indicator's rows, grouped by area and, within an area, ordered by the month their
/// period ends (rows ending in the same month keep their store order).
public struct IndicatorRows: Sendable {
    /// Row numbers; area `a`'s are `rows[offsets[a]..<offsets[a + 1]]`.
    let rows: [Int32]
    let offsets: [Int32]

    public func rows(ofArea area: Int) -> ArraySlice<Int32> {
        guard area + 1 < offsets.count else { return [] }
        return rows[Int(offsets[area])..<Int(offsets[area + 1])]
    }

    init(indicator: Int, store: Store) {
        let observations = store.observations
        let wanted = UInt16(indicator)
        let summaries = store.blockSummaries
        var found: [Int32] = []
        var counts = [Int32](repeating: 0, count: store.areas.count + 1)
        observations.indicator.withUnsafeBufferPointer { indicators in
            observations.area.withUnsafeBufferPointer { areas in
                for block in 0..<summaries.count where summaries.minIndicator[block] <= wanted && wanted <= summaries.maxIndicator[block] {
                    for row in BlockSummaries.rows(ofBlock: block, in: observations.count) where indicators[row] == wanted {
                        found.append(Int32(row))
                        counts[Int(areas[row]) + 1] += 1
                    }
                }
            }
        }
        for area in counts.indices.dropFirst() { counts[area] += counts[area - 1] }
        var placed = [Int32](repeating: 0, count: found.count)
        var next = counts
        for row in found {
            let area = Int(observations.area[Int(row)])
            placed[Int(next[area])] = row
            next[area] += 1
        }
        // Within each area, by end month; a stable insertion sort, since rows usually come in
        // order already.
        observations.period.withUnsafeBufferPointer { periods in
            func end(_ row: Int32) -> Int32 { Period.months(raw: periods[Int(row)]).end }
            for area in 0..<(counts.count - 1) {
                let low = Int(counts[area]), high = Int(counts[area + 1])
                guard high - low > 1 else { continue }
                var sorted = true
                for index in (low + 1)..<high where end(placed[index - 1]) > end(placed[index]) { sorted = false; break }
                if sorted { continue }
                let ordered = placed[low..<high].enumerated().sorted { a, b in
                    let (x, y) = (end(a.element), end(b.element))
                    return x != y ? x < y : a.offset < b.offset
                }.map(\.element)
                placed.replaceSubrange(low..<high, with: ordered)
            }
        }
        rows = placed
        offsets = counts
    }
}

extension Store {
    /// The block summaries of the observations.
    public var blockSummaries: BlockSummaries {
        cache.value(StoreCache.Key("blocks")) { BlockSummaries(observations) }
    }

    /// One indicator's rows by area and end month.
    public func rows(ofIndicator indicator: Int) -> IndicatorRows {
        cache.value(StoreCache.Key("indicator rows", indicator)) { IndicatorRows(indicator: indicator, store: self) }
    }
}

extension Period {
    /// The first and last month of a packed period, without building one.
    @inline(__always)
    public static func months(raw: UInt32) -> (start: Int32, end: Int32) {
        let start = Int32(raw >> 15)
        return (start, start + Int32((raw >> 7) & 0xFF))
    }
}
