import Foundation

/// The values a median or percentile keeps when its groups are few (every part bounded,
/// an indicator's, area's or period's, at most one group for every eight rows): each
/// value goes straight into a chunk of its group's own, cut from large slabs, so no list
/// of (group, value) pairs is kept and then put in group order (12 bytes a value
/// written, then read and written again as 8, mostly fresh pages). A group's first
/// chunk holds 8 values and each next one twice as many as the last, up to 4,096: a
/// group of few values wastes little, a large one makes few chunks. A group's values are
/// read only to be selected from (`percentiles`).
///
/// One stretch of rows fills one of these on one thread; it is read, never written, once
/// the scan is over (`TallyTable.percentiles`).
final class GroupValueChunks {
    /// Where a group's next value goes, and the end of its last chunk.
    private struct Cursor {
        var next: UnsafeMutablePointer<Double>
        var end: UnsafeMutablePointer<Double>
    }

    static let firstChunk = 8
    static let largestChunk = 4_096
    /// Values a slab holds (a chunk larger than a slab gets one of its own): tests make it
    /// small, to see groups' chunks spread over many slabs.
    nonisolated(unsafe) static var slabSize = 1 << 16

    private var slabs: [UnsafeMutablePointer<Double>] = []
    /// Slabs mapped on their own in huge pages (`large`): their starts and sizes in bytes.
    private var mapped: [(start: UnsafeMutableRawPointer, bytes: Int)] = []
    /// Whether many values are coming (a stretch of a million rows or more): slabs of
    /// 2 MiB mapped in huge pages, so that the kernel gives the memory in a few large
    /// pieces, not 512 faults of 4 KiB each (80 MB of kept values made some 20,000).
    private let large: Bool
    private static let hugePage = 1 << 21
    private var slabNext: UnsafeMutablePointer<Double>?
    private var slabLeft = 0
    /// Every group's cursor (`groups` of them, room for `room`): one that has no chunk yet
    /// has `next == end`, never read.
    private var cursors: UnsafeMutablePointer<Cursor>
    private var room = 0
    private(set) var groups = 0
    /// Each group's first and last chunk, -1 before any.
    private var first: [Int32] = []
    private var last: [Int32] = []
    /// Each chunk's start, size and the next chunk of its group (-1 for the last).
    private var chunkStart: [UnsafeMutablePointer<Double>] = []
    private var chunkSize: [Int32] = []
    private var chunkNext: [Int32] = []
    /// Where a cursor without a chunk points: never written or read.
    private static var nowhere: UnsafeMutablePointer<Double> { UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)! }

    init(large: Bool = false) {
        self.large = large
        cursors = UnsafeMutablePointer<Cursor>.allocate(capacity: 1)
    }

    deinit {
        cursors.deallocate()
        for slab in slabs { slab.deallocate() }
        for slab in mapped { munmap(slab.start, slab.bytes) }
    }

    /// A slab of `capacity` values: from the allocator, or mapped on its own at a huge
    /// page's boundary and marked for huge pages (the allocator's when mapping fails).
    private func newSlab(_ capacity: Int) -> UnsafeMutablePointer<Double> {
        let bytes = (capacity * MemoryLayout<Double>.stride + Self.hugePage - 1) / Self.hugePage * Self.hugePage
        guard large, let region = mmap(nil, bytes + Self.hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              region != MAP_FAILED else {
            let slab = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            slabs.append(slab)
            return slab
        }
        // The part before the first boundary, and after the slab, given back.
        let address = Int(bitPattern: region)
        let start = (address + Self.hugePage - 1) / Self.hugePage * Self.hugePage
        if start > address { munmap(region, start - address) }
        let end = start + bytes, regionEnd = address + bytes + Self.hugePage
        if regionEnd > end { munmap(UnsafeMutableRawPointer(bitPattern: end), regionEnd - end) }
        let slab = UnsafeMutableRawPointer(bitPattern: start)!
        madvise(slab, bytes, Int32(MADV_HUGEPAGE))
        mapped.append((slab, bytes))
        return slab.bindMemory(to: Double.self, capacity: bytes / MemoryLayout<Double>.stride)
    }

    /// Room for groups `0..<groups`.
    func grow(to groups: Int) {
        guard groups > self.groups else { return }
        if groups > room {
            let larger = max(groups, room * 2)
            let moved = UnsafeMutablePointer<Cursor>.allocate(capacity: larger)
            moved.moveInitialize(from: cursors, count: self.groups)
            cursors.deallocate()
            cursors = moved
            room = larger
        }
        (cursors + self.groups).initialize(repeating: Cursor(next: Self.nowhere, end: Self.nowhere), count: groups - self.groups)
        first += repeatElement(-1, count: groups - self.groups)
        last += repeatElement(-1, count: groups - self.groups)
        self.groups = groups
    }

    /// Keeps `value` for `group` (which has room).
    @inline(__always)
    func keep(_ value: Double, group: Int) {
        if cursors[group].next == cursors[group].end { addChunk(group) }
        cursors[group].next.pointee = value
        cursors[group].next += 1
    }

    /// Keeps and counts (into `counts`, by group) the present figures of a block of rows.
    func keepPresent(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>,
                     states: UnsafeBufferPointer<UInt8>, counts: UnsafeMutableBufferPointer<Int>) {
        for (row, group) in zip(rows, groups) where states[Int(row)] == 0 {
            counts[Int(group)] += 1
            keep(values[Int(row)], group: Int(group))
        }
    }

    /// A new last chunk for `group`, twice its last one (up to the largest), from the
    /// current slab or a new one (what a slab has left when a chunk does not fit is left).
    private func addChunk(_ group: Int) {
        let size = last[group] < 0 ? Self.firstChunk : min(Int(chunkSize[Int(last[group])]) * 2, Self.largestChunk)
        if slabLeft < size {
            let capacity = max(size, large ? Self.hugePage / MemoryLayout<Double>.stride : Self.slabSize)
            slabNext = newSlab(capacity)
            slabLeft = capacity
        }
        let start = slabNext!
        slabNext = start + size
        slabLeft -= size
        let chunk = Int32(chunkStart.count)
        chunkStart.append(start)
        chunkSize.append(Int32(size))
        chunkNext.append(-1)
        if last[group] < 0 { first[group] = chunk } else { chunkNext[Int(last[group])] = chunk }
        last[group] = chunk
        cursors[group] = Cursor(next: start, end: start + size)
    }

    /// How many values `group` has.
    func count(_ group: Int) -> Int {
        var total = 0
        forEachChunk(group) { total += $0.count }
        return total
    }

    /// Calls `body` with each chunk of `group`'s values, in the order kept.
    func forEachChunk(_ group: Int, _ body: (UnsafeBufferPointer<Double>) -> Void) {
        guard group < groups else { return }
        var chunk = first[group]
        while chunk >= 0 {
            let next = chunkNext[Int(chunk)]
            let start = chunkStart[Int(chunk)]
            body(UnsafeBufferPointer(start: start, count: next < 0 ? cursors[group].next - start : Int(chunkSize[Int(chunk)])))
            chunk = next
        }
    }

    /// Copies `group`'s values, in the order kept, to the start of `target` (which has
    /// room for them); how many.
    func copy(_ group: Int, into target: UnsafeMutablePointer<Double>) -> Int {
        var copied = 0
        forEachChunk(group) { chunk in
            (target + copied).update(from: chunk.baseAddress!, count: chunk.count)
            copied += chunk.count
        }
        return copied
    }

    // MARK: Percentiles of one group's values

    /// Groups of at least this many values are bracketed before they are selected from
    /// (`percentiles`): four samples' worth.
    private static let bracketedFrom = 4_096
    /// How many places of the sample either side of a percentile's place the bracket
    /// reaches: three standard deviations of that place in a sample of 1,024 (at most
    /// 0.5 × √1,024 = 16 each), so that a bracket misses about one time in a few hundred;
    /// tests make it 0, to see misses.
    nonisolated(unsafe) static var bracketSlack = 49
    private static let sampleSize = 1_024

    /// Percentiles `ps` of one group's values, kept in several stretches' chunks (each
    /// stretch's chunks and the group's number there, -1 for none), `total` of them;
    /// `buffer` has room for them all.
    ///
    /// Each percentile of a large group is bracketed first, as Floyd and Rivest's
    /// selection samples (CACM 18(3), 1975): two values picked out of an evenly spaced
    /// sample of 1,024 of the group's, a little below and above where the percentile
    /// falls in it; one pass then counts the values below the lower and copies those
    /// between the two (a few in a hundred), and the selection works on those alone, the
    /// figure the same as from every value. When the percentile's places are not between
    /// the two (bad luck), every value is copied and selected from.
    static func percentiles(_ ps: [Double], of parts: [(chunks: GroupValueChunks, group: Int)], total: Int,
                            buffer: UnsafeMutablePointer<Double>) -> [Double?] {
        func eachChunk(_ body: (UnsafeBufferPointer<Double>) -> Void) {
            for part in parts where part.group >= 0 { part.chunks.forEachChunk(part.group, body) }
        }
        func selectedFromAll(_ ps: [Double]) -> [Double?] {
            var copied = 0
            for part in parts where part.group >= 0 { copied += part.chunks.copy(part.group, into: buffer + copied) }
            return Statistics.percentiles(selectingIn: UnsafeMutableBufferPointer(start: buffer, count: copied), ps)
        }
        guard total >= bracketedFrom, !ps.isEmpty else { return selectedFromAll(ps) }
        // The sample: every `step`th value, from the first.
        let step = total / sampleSize
        var sample = [Double](repeating: 0, count: sampleSize)
        var seen = 0, taken = 0
        eachChunk { chunk in
            var index = (step - seen % step) % step
            while index < chunk.count, taken < sampleSize {
                sample[taken] = chunk[index]
                taken += 1
                index += step
            }
            seen += chunk.count
        }
        // Each percentile's places in the sample either side (below 0: none, all values
        // from the lowest; past the end: none, up to the highest), those values selected
        // in order, each among those after the one before.
        let places = ps.map { Statistics.ranks($0, of: total) }
        let brackets = places.map { place -> (low: Int, high: Int) in
            let low = min(place.lower * sampleSize / total - bracketSlack, sampleSize - 1)
            return (low, max(place.upper * sampleSize / total + bracketSlack, low))
        }
        var sampled: [Int: Double] = [:]
        sample.withUnsafeMutableBufferPointer { sample in
            var from = 0
            for place in Set(brackets.flatMap { [$0.low, $0.high] }).sorted() where place > 0 && place < sampleSize - 1 {
                Statistics.select(place, in: sample, from: from)
                sampled[place] = sample[place]
                from = place
            }
        }
        var figures = [Double?](repeating: nil, count: ps.count)
        for (index, place) in places.enumerated() {
            let low = sampled[brackets[index].low] ?? -.infinity, high = sampled[brackets[index].high] ?? .infinity
            // Values below the bracket counted, those in it copied (each written, kept when it is in).
            var below = 0, kept = 0
            eachChunk { chunk in
                for value in chunk {
                    buffer[kept] = value
                    kept &+= Branchless.one(value >= low) & Branchless.one(value <= high)
                    below &+= Branchless.one(value < low)
                }
            }
            if below <= place.lower, place.upper < below + kept {
                figures[index] = Statistics.percentiles(selectingIn: UnsafeMutableBufferPointer(start: buffer, count: kept), [ps[index]],
                                                        total: total, below: below)[0]
            } else {
                figures[index] = selectedFromAll([ps[index]])[0]
            }
        }
        return figures
    }
}
