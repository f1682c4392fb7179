import Foundation
import Testing
@testable import ScryStore

/// Files are read whole and exactly; anything that is not a regular file is refused at
/// once with its reason; a replaced file is either the old one or the whole new one.
struct FileSystemTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func roundTrip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-read-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try FileSystem.read(path)
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

    func problem(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? FileSystem.Problem)?.reason ?? "\(error)"
        }
    }

    @Test func aMissingFileSaysSo() {
        #expect(problem { _ = try FileSystem.read("/nonexistent/scry/file.csv") } == "no such file or directory")
    }

    /// A named pipe would block a reader for ever, and a device read for ever: both are
    /// refused before a byte is read.
    @Test func aNamedPipeAndADeviceAreRefusedAtOnce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("observations.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let start = ContinuousClock.now
        #expect(problem { _ = try FileSystem.read(fifo) }?.contains("named pipe") == true)
        #expect(problem { _ = try FileSystem.read("/dev/zero") }?.contains("device") == true)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(problem { _ = try FileSystem.read(folder.path) } == "it is a folder")
    }

    @Test func aDanglingLinkAndALinkLoopAreNamedAsSuch() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dangling = folder.appendingPathComponent("dangling.csv").path
        let loop = folder.appendingPathComponent("loop.csv").path
        #expect(symlink(folder.appendingPathComponent("absent.csv").path, dangling) == 0)
        #expect(symlink(loop, loop) == 0)
        #expect(problem { _ = try FileSystem.read(dangling) } == "it is a symbolic link to a file that does not exist")
        #expect(problem { _ = try FileSystem.read(loop) }?.contains("symbolic link loop") == true)
        #expect(FileSystem.exists(dangling) && FileSystem.exists(loop), "a broken link is there, to be reported")
        #expect(!FileSystem.exists(folder.appendingPathComponent("absent.csv").path))
    }

    @Test func aFileOverTheLimitIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-limit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(count: 1_000).write(to: URL(fileURLWithPath: path))
        #expect(problem { _ = try FileSystem.read(path, limit: 999) }?.contains("more than the 999") == true)
        #expect(try FileSystem.read(path, limit: 1_000).count == 1_000)
    }

    // MARK: Replacing a file

    func write(_ text: String, replacing path: String) throws {
        let file = try ReplacementFile.create(path)
        let bytes = Array(text.utf8)
        #expect(Glibc.write(file.descriptor, bytes, bytes.count) == bytes.count)
        try file.commit()
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.csv").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o600) == 0)
        try write("new\n", replacing: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.csv"], "no temporary file left")
    }

    /// Until it is committed, the old file stands whole: a kill or a failure mid-write
    /// loses nothing.
    @Test func anAbandonedReplacementLeavesTheOldFileWhole() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.csv").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try ReplacementFile.create(path)
        _ = Glibc.write(file.descriptor, "half a rec", 10)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        file.abandon()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.csv"])
    }

    /// The old `.save` wrote `FILE.<pid>.tmp` through any link planted there; the
    /// temporary name is now unpredictable and created exclusively.
    @Test func aLinkPlantedAtTheOldTemporaryNameIsNotFollowed() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.snap").path
        let victim = folder.appendingPathComponent("victim").path
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        #expect(symlink(victim, path + ".\(getpid()).tmp") == 0)
        try Snapshot.save(try BuiltInDataset.load(), to: path)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(Snapshot.isSnapshot(path: path))
    }

    @Test func aTargetThatIsNotARegularFileIsRefused() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link.snap").path
        let real = folder.appendingPathComponent("real.snap").path
        try "real\n".write(toFile: real, atomically: false, encoding: .utf8)
        #expect(symlink(real, link) == 0)
        #expect(problem { _ = try ReplacementFile.create(link) }?.contains("symbolic link") == true)
        #expect(problem { _ = try ReplacementFile.create("/dev/null") }?.contains("not a regular file") == true)
        #expect(problem { _ = try ReplacementFile.create(folder.path) }?.contains("folder") == true)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "real\n")
    }
}
