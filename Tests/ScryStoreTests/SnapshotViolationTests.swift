import Testing
@testable import ScryStore

/// A damaged snapshot is checked before it is used: the checks must report what they find
/// in any store, however broken, and never fail themselves.
struct SnapshotViolationTests {
    @Test(arguments: [-1, 9_999])
    func aParentOutsideTheAreaTableIsReportedNotFollowed(parent: Int) throws {
        var store = try BuiltInDataset.load()
        store.areas[0].parent = parent
        #expect(store.snapshotViolations().isEmpty, "a parent outside the table is not a cycle")
        #expect(store.invariantViolations().contains("area 0 has a parent outside the table"))
    }

    @Test func aParentCycleIsReported() throws {
        var store = try BuiltInDataset.load()
        store.areas[0].parent = 1
        store.areas[1].parent = 0
        #expect(store.snapshotViolations() == ["area parents form a cycle"])
    }
}
