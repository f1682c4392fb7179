import Foundation
import Testing
import ScryTestSupport

/// The built `scry` executable, run as a user would: exit statuses and where text goes.
struct BinaryTests {
    static let root = Repository.root

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The built executable: the debug build, else the release one.
    static func executable() throws -> String {
        let candidates = [".build/debug/scry", ".build/release/scry"].map { root + "/" + $0 }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "build scry first")
    }

    func scry(_ arguments: [String], input: String? = nil, directory: String = NSTemporaryDirectory()) throws -> Run {
        try Self.run(try Self.executable(), arguments, input: input, directory: directory)
    }

    /// Runs a program to its end: its status, standard output and standard error.
    static func run(_ program: String, _ arguments: [String], input: String? = nil,
                    directory: String = NSTemporaryDirectory()) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe(), errors = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        // Standard error read beside standard output, so that neither pipe fills and blocks.
        nonisolated(unsafe) var errorData = Data()
        let finished = DispatchSemaphore(value: 0)
        Thread {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData, as: UTF8.self))
    }

    @Test func versionPrintsTheVersion() throws {
        let run = try scry(["--version"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("scry "))
    }

    @Test func syntaxErrorGoesToStandardErrorWithStatusOne() throws {
        let run = try scry(["-c", "show value where"])
        #expect(run.status == 1)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("-c:1:17: error: expected a condition"))
        #expect(run.errors.contains(" 1 | show value where\n   |                 ^"))
    }

    @Test func datasetsFromAnyWorkingDirectory() throws {
        let run = try scry(["-c", ".datasets"])
        #expect(run.status == 0)
        #expect(run.errors.isEmpty)
        for name in ["city-2017-12", "darlington-2015-q3", "kent-2012-07", "kent-2013-07", "kent-2019-07"] {
            #expect(run.output.contains(name))
        }
    }

    @Test func badUsageExitsWithStatusTwo() throws {
        let run = try scry(["--no-such-option"])
        #expect(run.status == 2)
        #expect(run.errors.contains("Unknown option"))
    }

    @Test func standardInputThatIsNotATerminalIsAScript() throws {
        let run = try scry([], input: ".areas Thanet\n.areas EAST\n")
        #expect(run.status == 0)
        #expect(run.output.contains("EAST"))
        #expect(!run.output.contains("scry>"), "no prompt")
    }

    @Test func dataFlagReplacesTheBuiltInDataset() throws {
        let run = try scry(["--data", Self.root + "/examples/data/city-2017-12", "-c", ".datasets"])
        #expect(run.status == 0)
        #expect(run.output.contains("city-2017-12"))
        #expect(!run.output.contains("kent-2012-07"))
    }

    @Test func badDatasetFailsWithTheFileAndStatusOne() throws {
        let run = try scry(["--data", "/nonexistent", "-c", ".datasets"])
        #expect(run.status == 1)
        #expect(run.errors.contains("/nonexistent"))
    }

    @Test func formatFlagChoosesTheOutputFormat() throws {
        let run = try scry(["--format", "json", "-c", "count where period = 2012-07"])
        #expect(run.status == 0)
        #expect(run.output == "[\n  {\"count\":45}\n]\n")
        let bad = try scry(["--format", "xml", "-c", ".datasets"])
        #expect(bad.status == 2, "bad usage")
        #expect(bad.errors.contains("unknown format 'xml'"))
    }

    @Test func noBailRunsOnAndStillFails() throws {
        let script = "count where code = A99\ncount where period = 2012-07\n"
        let bailing = try scry([], input: script)
        #expect(bailing.status == 1 && !bailing.output.contains("45"))
        let going = try scry(["--no-bail"], input: script)
        #expect(going.status == 1 && going.output.contains("45"))
    }

    @Test func echoFlagWritesCommandsOut() throws {
        let run = try scry(["--echo", "-c", "count where period = 2012-07"])
        #expect(run.output.hasPrefix("count where period = 2012-07\ncount\n"))
    }

    @Test func initFileRunsFirst() throws {
        let path = NSTemporaryDirectory() + "/scry-init-\(UUID().uuidString)"
        try ".mode csv\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try scry(["--init", path, "-c", "count where period = 2012-07"])
        #expect(run.output == "count\r\n45\r\n")
    }

    @Test func noEscapeCodesReachAPipe() throws {
        let run = try scry(["-c", "show rag, dot where rag = red"])
        #expect(!run.output.contains("\u{1B}") && run.output.contains("R"))
    }

    @Test func saveWritesASnapshotThatDataLoads() throws {
        let path = NSTemporaryDirectory() + "/scry-\(UUID().uuidString).snap"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try scry(["-c", ".save \(path)"]).status == 0)
        let run = try scry(["--data", path, "-c", ".datasets"])
        #expect(run.status == 0)
        #expect(run.output.contains("kent-2019-07") && run.output.contains("279"))
        try Data("SCRYSNAP".utf8).write(to: URL(fileURLWithPath: path))
        let broken = try scry(["--data", path, "-c", ".datasets"])
        #expect(broken.status == 1 && broken.errors.contains("truncated"))
    }
}
