import Foundation
import Testing
import ScryStore

/// `.save` snapshots: what goes in comes back, and a damaged file is refused, never read.
struct SnapshotTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("scry-\(UUID().uuidString).snap").path
    }

    static func store() throws -> Store {
        var store = try BuiltInDataset.load()
        _ = try store.load(folder: fixture("lait-mini"))
        _ = try store.load(folder: fixture("ees-mini"))
        return store
    }

    @Test func aSavedStoreLoadsBackTheSame() throws {
        let original = try Self.store()
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Snapshot.save(original, to: path)
        let loaded = try Snapshot.load(path: path)
        #expect(loaded.datasets == original.datasets)
        #expect(loaded.indicators == original.indicators)
        #expect(loaded.areas == original.areas)
        #expect(loaded.populations == original.populations)
        #expect(loaded.commentary == original.commentary)
        #expect(loaded.observations == original.observations)
        #expect(loaded.invariantViolations().isEmpty)
        #expect(loaded.area(named: "Durham") == original.area(named: "Durham"))
    }

    @Test func aSnapshotAddsToAStoreThatHasData() throws {
        var lait = Store()
        _ = try lait.load(folder: fixture("lait-mini"))
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Snapshot.save(lait, to: path)
        var store = try BuiltInDataset.load()
        let before = store.observations.count
        let added = try store.load(snapshot: path)
        #expect(added.map(\.name) == ["lait-mini"])
        #expect(store.observations.count == before + lait.observations.count)
        #expect(store.datasets.last == lait.datasets.first.map { var copy = $0; copy.source = $0.source; return copy })
        #expect(store.invariantViolations().isEmpty)
        #expect(throws: LoadFailure.self, "the same dataset twice") { _ = try store.load(snapshot: path) }
    }

    @Test func truncatedForeignAndDamagedFilesAreRefusedWithAMessage() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Snapshot.save(try Self.store(), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: damaged) }
        func message(_ data: Data) throws -> String? {
            try data.write(to: URL(fileURLWithPath: damaged))
            do {
                _ = try Snapshot.load(path: damaged)
                return nil
            } catch {
                return error.errors.first?.message
            }
        }
        #expect(try message(bytes.prefix(bytes.count / 2))?.contains("truncated") == true)
        #expect(try message(Data("code,name\nA,B\n".utf8))?.contains("is not a scry snapshot") == true)
        var version = bytes
        version[8] = 9
        #expect(try message(version)?.contains("version 9 snapshot") == true)
        // Cut anywhere, or with bytes overwritten anywhere: an error or a sound store, never a crash.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<150 {
            let cut = Int.random(in: 0..<bytes.count, using: &random)
            #expect(try message(bytes.prefix(cut)) != nil)
            var flipped = bytes
            for _ in 0..<4 { flipped[Int.random(in: 24..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            if try message(flipped) == nil {
                #expect(try Snapshot.load(path: damaged).invariantViolations().isEmpty)
            }
        }
    }
}
