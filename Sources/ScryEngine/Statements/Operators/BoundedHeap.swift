/// The first `capacity` of the elements offered, by `before`, kept in a heap whose root is
/// the last of them: one pass, never more than `capacity` elements held or sorted (top-N).
/// The heap lives in slots it is given, so that many heaps (one per group) can share one
/// flat buffer instead of an array each.
struct BoundedHeap {
    /// The heap's slots: its elements are `slots[0..<count]`.
    let slots: UnsafeMutableBufferPointer<Int32>
    private(set) var count = 0

    init(_ slots: UnsafeMutableBufferPointer<Int32>) { self.slots = slots }

    /// Keeps `element` if it is among the first `slots.count` offered so far.
    mutating func offer(_ element: Int32, before: (Int32, Int32) -> Bool) {
        if count < slots.count {
            slots[count] = element
            count += 1
            var child = count - 1
            while child > 0, before(slots[(child - 1) / 2], slots[child]) {
                slots.swapAt(child, (child - 1) / 2)
                child = (child - 1) / 2
            }
            return
        }
        guard count > 0, before(element, slots[0]) else { return }
        slots[0] = element
        var parent = 0
        while true {
            var last = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < count && before(slots[last], slots[child]) { last = child }
            if last == parent { break }
            slots.swapAt(parent, last)
            parent = last
        }
    }

    /// The elements kept, in order.
    func sorted(by before: (Int32, Int32) -> Bool) -> [Int32] { slots[0..<count].sorted(by: before) }
}
