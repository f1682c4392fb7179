import Foundation
import Testing
@testable import ScryStore

/// Files are read whole and exactly, small ones in one go and large ones in parts at once.
struct DatasetSourceTests {
    func roundTrip(_ bytes: [UInt8]) throws -> [UInt8]? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-read-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return DatasetSource.readFile(path)
    }

    @Test(arguments: [0, 1, 70_000, 8 << 20, (8 << 20) + 1, 9_437_187])
    func readsEveryByteOfAFile(size: Int) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<size).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        #expect(try roundTrip(bytes) == bytes)
    }

    /// A large `observations.csv` stays on disk until it is read, and loads as if it had
    /// been read with the rest, errors and all.
    @Test func aLargeObservationsFileIsReadWhenUsedAndLoadsTheSame() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-unread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try write("indicators.csv", "code,name,period_type,unit\nREF,Referrals,M,count\n")
        try write("areas.csv", "name,type\nCity,authority\n")
        try write("observations.csv", "indicator,area,period,value\nREF,City,2024-01,5\nREF,City,2024-02,c\n")
        let unread = try DatasetSource.folder(folder.path, unreadFrom: 0)
        #expect(unread.files["observations.csv"] == nil && unread.unread["observations.csv"]?.size == 66)
        #expect(unread.has("observations.csv") && unread.contents(of: "observations.csv")?.count == 66)
        let read = try DatasetSource.folder(folder.path)
        #expect(read.unread.isEmpty)
        #expect(try DatasetLoader.stage(unread).observations == DatasetLoader.stage(read).observations)
        try write("observations.csv", "indicator,area,period,value\nREF,City,2024-01,5\nREF,Town,2024-02,c\n")
        let messages = { (source: DatasetSource) -> [String] in
            do throws(LoadFailure) { _ = try DatasetLoader.stage(source); return [] } catch { return error.errors.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" } }
        }
        let expected = messages(try DatasetSource.folder(folder.path))
        #expect(!expected.isEmpty)
        #expect(messages(try DatasetSource.folder(folder.path, unreadFrom: 0)) == expected)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("observations.csv"))
        #expect(messages(unread).first?.contains("cannot read") == true, "a file gone before it is read is an error, not a crash")
    }

    @Test func aMissingFileIsNil() {
        #expect(DatasetSource.readFile("/nonexistent/scry/file.csv") == nil)
    }
}
