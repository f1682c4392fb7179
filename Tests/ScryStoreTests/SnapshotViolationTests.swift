import Foundation
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

    /// Two kinds of damage once passed the checks and trapped at query time.
    @Test func aStatesArrayShorterThanItsValuesIsReported() throws {
        var store = try BuiltInDataset.load()
        let column = store.observations.value
        store.observations.value = NumericColumn(values: column.values, states: Array(column.states.dropLast(3)))
        #expect(store.invariantViolations().contains { $0.contains("column value has") && $0.contains("states for") })
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func aFigureThatIsNotFiniteIsReported(figure: Double) throws {
        var store = try BuiltInDataset.load()
        var values = store.observations.numerator.values
        values[5] = figure
        store.observations.numerator = NumericColumn(values: values, states: store.observations.numerator.states)
        #expect(store.invariantViolations().contains("column numerator holds a number that is infinite or NaN"))
    }

    /// The same damage written to a file is refused by the load, with the reason.
    @Test func aDamagedSnapshotOnDiskIsRefused() throws {
        var store = try BuiltInDataset.load()
        var values = store.observations.value.values
        values[0] = .nan
        store.observations.value = NumericColumn(values: values, states: store.observations.value.states)
        let path = NSTemporaryDirectory() + "scry-damaged-\(getpid())-\(Int.random(in: 0..<1_000_000)).snap"
        defer { unlink(path) }
        try Snapshot.save(store, to: path)
        #expect(throws: LoadFailure.self) { _ = try Snapshot.load(path: path) }
        do {
            _ = try Snapshot.load(path: path)
        } catch {
            #expect(error.errors.first?.message.contains("infinite or NaN") == true)
        }
    }
}
