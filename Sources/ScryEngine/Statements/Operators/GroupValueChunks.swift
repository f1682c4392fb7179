/// The values a median or percentile keeps when its groups are few (a flat table's, at
/// most one for every eight rows): each value goes straight into a chunk of its group's
/// own, cut from large slabs, so no list of (group, value) pairs is kept and then put in
/// group order (12 bytes a value written, then read and written again as 8, mostly fresh
/// pages). A group's first chunk holds 8 values and each next one twice as many as the
/// last, up to 4,096: a group of few values wastes little, a large one makes few chunks.
/// A group's values are copied together, in row order, only to be selected from
/// (`copy(_:into:)`).
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

    init() {
        cursors = UnsafeMutablePointer<Cursor>.allocate(capacity: 1)
    }

    deinit {
        cursors.deallocate()
        for slab in slabs { slab.deallocate() }
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
            let group = Int(group)
            counts[group] += 1
            if cursors[group].next == cursors[group].end { addChunk(group) }
            cursors[group].next.pointee = values[Int(row)]
            cursors[group].next += 1
        }
    }

    /// A new last chunk for `group`, twice its last one (up to the largest), from the
    /// current slab or a new one (what a slab has left when a chunk does not fit is left).
    private func addChunk(_ group: Int) {
        let size = last[group] < 0 ? Self.firstChunk : min(Int(chunkSize[Int(last[group])]) * 2, Self.largestChunk)
        if slabLeft < size {
            let capacity = max(size, Self.slabSize)
            let slab = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            slabs.append(slab)
            slabNext = slab
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
        guard group < groups else { return 0 }
        var total = 0
        var chunk = first[group]
        while chunk >= 0 {
            let next = chunkNext[Int(chunk)]
            total += next < 0 ? cursors[group].next - chunkStart[Int(chunk)] : Int(chunkSize[Int(chunk)])
            chunk = next
        }
        return total
    }

    /// Copies `group`'s values, in the order kept, to the start of `target` (which has
    /// room for them); how many.
    func copy(_ group: Int, into target: UnsafeMutablePointer<Double>) -> Int {
        guard group < groups else { return 0 }
        var copied = 0
        var chunk = first[group]
        while chunk >= 0 {
            let next = chunkNext[Int(chunk)]
            let start = chunkStart[Int(chunk)]
            let size = next < 0 ? cursors[group].next - start : Int(chunkSize[Int(chunk)])
            (target + copied).update(from: start, count: size)
            copied += size
            chunk = next
        }
        return copied
    }
}
