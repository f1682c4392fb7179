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

    @Test func aMissingFileIsNil() {
        #expect(DatasetSource.readFile("/nonexistent/scry/file.csv") == nil)
    }
}
