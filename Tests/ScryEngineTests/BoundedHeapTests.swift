import Testing
import ScryTestSupport
@testable import ScryEngine

struct BoundedHeapTests {
    @Test(arguments: [0, 1, 3, 10, 200])
    func keepsTheFirstLimitOfWhateverIsOffered(limit: Int) {
        var generator = SplitMix64(seed: 0x4EA9)
        let offered = (0..<150).map { _ in Int.random(in: 0..<60, using: &generator) }
        var heap = BoundedHeap(limit: limit)
        for element in offered { heap.offer(element, before: <) }
        #expect(heap.sorted(by: <) == Array(offered.sorted().prefix(limit)))
    }
}
