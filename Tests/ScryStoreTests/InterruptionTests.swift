import Foundation
import Testing
@testable import ScryStore

/// Ctrl-C during a load: the readers look at the flag as they go, and the load fails with
/// "interrupted", leaving the store as it was. Each test raises a flag of its own
/// (`Interruption.$current`), so that statements and loads that other tests run at the
/// same time are not interrupted.
struct InterruptionTests {
    /// A dataset folder of `rows` observations (60 areas, monthly from 2000).
    static func folder(rows: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-interrupted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let areas = (0..<60).map { "Area \($0)" }
        var observations = "indicator,area,period,value\n"
        for row in 0..<rows {
            let month = row / areas.count
            observations += "I1,\(areas[row % areas.count]),\(2000 + month / 12)-\(String(format: "%02d", month % 12 + 1)),\(row % 97)\n"
        }
        try "code,name,polarity,period_type,unit\nI1,Indicator 1,H,M,count\n"
            .write(to: folder.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        try ("name,type,parent\n" + areas.map { "\($0),authority,\n" }.joined())
            .write(to: folder.appendingPathComponent("areas.csv"), atomically: true, encoding: .utf8)
        try observations.write(to: folder.appendingPathComponent("observations.csv"), atomically: true, encoding: .utf8)
        return folder.path
    }

    /// `body` run while Ctrl-C has asked to stop (this task's flag only).
    static func interrupted<Result>(_ body: () throws -> Result) rethrows -> Result {
        let flag = Interruption.Flag()
        flag.request()
        return try Interruption.$current.withValue(flag) { try body() }
    }

    @Test func anInterruptedLoadFailsAndLeavesTheStoreUnchanged() throws {
        let folder = try Self.folder(rows: 30_000)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var store = try Fixture.store()
        let before = (store.datasets.map(\.name), store.observations.count, store.areas.count, store.indicators.count)
        do {
            _ = try Self.interrupted { try store.load(folder: folder, as: "big") }
            Issue.record("the load went on to the end")
        } catch let error as LoadFailure {
            #expect(error.errors.map(\.message) == ["interrupted: nothing was loaded"])
            #expect(error.errors.first?.file == folder)
        }
        #expect(store.datasets.map(\.name) == before.0)
        #expect(store.observations.count == before.1)
        #expect(store.areas.count == before.2 && store.indicators.count == before.3)
        // Without Ctrl-C the same folder loads: the interruption was the only cause.
        let staged = try store.load(folder: folder, as: "big")
        #expect(staged.observations.count == 30_000)
    }

    @Test func theCheckedReaderStopsAtItsNextLook() throws {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 3 * TableReader.interruptionInterval)
        func records() -> Int {
            var table = TableReader(file: "t.csv", bytes: Array(text.utf8))
            guard table.readHeader([.init(name: "a", required: true), .init(name: "b", required: true)]) else { return -1 }
            var count = 0
            while table.nextRecord() { count += 1 }
            return count
        }
        #expect(records() == 3 * TableReader.interruptionInterval)
        #expect(Self.interrupted { records() } < TableReader.interruptionInterval)
    }

    @Test(arguments: [false, true])
    func theParallelReaderGivesUp(fromFile: Bool) throws {
        let text = ParallelReaderTests.observations()
        let expected = try ParallelReaderTests.staged(text)
        #expect(ParallelReaderTests.parallel(text, like: expected, pieces: 3, stretch: 300, fromFile: fromFile) != nil)
        #expect(Self.interrupted { ParallelReaderTests.parallel(text, like: expected, pieces: 3, stretch: 300, fromFile: fromFile) } == nil)
    }

    @Test func anInterruptedLAITImportLoadsNothing() throws {
        let source = try DatasetSource.folder(LAITFastReaderTests.fixture)
        #expect(throws: Never.self) { try DatasetLoader.stage(source) }
        do {
            _ = try Self.interrupted { try DatasetLoader.stage(source) }
            Issue.record("the import went on to the end")
        } catch let error as LoadFailure {
            #expect(error.errors.map(\.message) == ["interrupted: nothing was loaded"])
        }
    }
}
