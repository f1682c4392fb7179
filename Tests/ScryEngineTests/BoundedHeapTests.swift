import Testing
import ScryTestSupport
@testable import ScryEngine

struct BoundedHeapTests {
    @Test(arguments: [0, 1, 3, 10, 200])
    func keepsTheFirstLimitOfWhateverIsOffered(limit: Int) {
        var generator = SplitMix64(seed: 0x4EA9)
        let offered = (0..<150).map { _ in Int32.random(in: 0..<60, using: &generator) }
        var slots = [Int32](repeating: -1, count: limit)
        let kept = slots.withUnsafeMutableBufferPointer { slots in
            var heap = BoundedHeap(slots)
            for element in offered { heap.offer(element, before: <) }
            return heap.sorted(by: <)
        }
        #expect(kept == Array(offered.sorted().prefix(limit)))
    }
}
