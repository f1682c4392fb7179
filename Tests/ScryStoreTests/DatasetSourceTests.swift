import Foundation
import Testing
@testable import ScryStore

/// A dataset folder's files: a large observations file stays on disk until it is read.
struct DatasetSourceTests {
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
        let contents = try unread.contents(of: "observations.csv")
        #expect(unread.has("observations.csv") && contents.count == 66)
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
}
