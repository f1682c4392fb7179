/// The first `limit` of the elements offered, by `before`, kept in a heap whose root is
/// the last of them: one pass, never more than `limit` elements held or sorted (top-N).
struct BoundedHeap {
    let limit: Int
    private(set) var elements: [Int] = []

    init(limit: Int) { self.limit = limit }

    /// Keeps `element` if it is among the first `limit` offered so far.
    mutating func offer(_ element: Int, before: (Int, Int) -> Bool) {
        if elements.count < limit {
            elements.append(element)
            var child = elements.count - 1
            while child > 0, before(elements[(child - 1) / 2], elements[child]) {
                elements.swapAt(child, (child - 1) / 2)
                child = (child - 1) / 2
            }
            return
        }
        guard let root = elements.first, before(element, root) else { return }
        elements[0] = element
        var parent = 0
        while true {
            var last = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < elements.count && before(elements[last], elements[child]) {
                last = child
            }
            if last == parent { break }
            elements.swapAt(parent, last)
            parent = last
        }
    }

    /// The elements kept, in order.
    func sorted(by before: (Int, Int) -> Bool) -> [Int] { elements.sorted(by: before) }
}
