import Foundation
import Testing

/// Input that once crashed scry, lost a write or hung it: each answers, or fails with a
/// located error and status 1, never a signal.
struct RobustnessTests {
    let binary = BinaryTests()

    func scry(_ arguments: [String], input: String? = nil, directory: String = NSTemporaryDirectory()) throws -> BinaryTests.Run {
        try binary.scry(arguments, input: input, directory: directory)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-robust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    // MARK: Numbers and nesting

    /// The multiplication in `last N years` overflowed for every statement kind.
    @Test(arguments: [
        "count where period in last 768614336404564651 years",
        "trend CPS12 from last 1000000 years to last 4000000000000000000 quarters",
        "show value where period = last 9223372036854775807 months limit 1",
        "rank districts by CS3 in last 3074457345618258603 quarters",
        "compare A10 with england where period in last 999999999999999999 years",
    ])
    func hugeRelativePeriodsAnswer(statement: String) throws {
        let run = try scry(["-c", statement])
        #expect(run.status == 0, "\(run.errors)")
    }

    /// `period = last 5 years` was an empty table: it now means the span, as `in` does.
    @Test func periodEqualsLastNMeansTheSpan() throws {
        let equal = try scry(["--format", "csv", "-c", "count where code = A10 and period = last 6 months"])
        let within = try scry(["--format", "csv", "-c", "count where code = A10 and period in last 6 months"])
        #expect(equal.status == 0 && equal.output == within.output)
        #expect(equal.output != "count\r\n0\r\n")
    }

    /// Deep nesting overflowed the stack; past the limit it is an error at the place.
    @Test(arguments: [
        String(repeating: "(", count: 4_000) + "value = 1" + String(repeating: ")", count: 4_000),
        String(repeating: "not ", count: 5_300) + "value = 1",
        "value = " + String(repeating: "- ", count: 6_400) + "1",
        "value = " + String(repeating: "1 + ", count: 6_400) + "1",
        Array(repeating: "value = 1", count: 18_000).joined(separator: " and "),
        Array(repeating: "value = 1", count: 18_000).joined(separator: " or "),
    ])
    func deepNestingIsRefusedAtTheLimit(condition: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("deep.scry")
        try ("show value where " + condition + "\n").write(to: script, atomically: true, encoding: .utf8)
        let run = try scry([script.path])
        #expect(run.status == 1)
        #expect(run.errors.contains("deep.scry:1:"))
        #expect(run.errors.contains("nests more than 500 deep"))
    }

    /// Just under the limit, every pass after the parser copes.
    @Test func nestingJustUnderTheLimitAnswers() throws {
        let depth = 160  // each "(1 + " is two levels: 480 in all
        let condition = String(repeating: "(", count: depth) + "value + " + String(repeating: "(1 + ", count: depth) + "0"
            + String(repeating: ")", count: depth) + " > 0" + String(repeating: ")", count: depth)
        let run = try scry(["--format", "csv", "-c", "count where " + condition])
        #expect(run.status == 0, "\(run.errors.prefix(300))")
        #expect(run.output.hasPrefix("count\r\n"))
    }

    @Test func aHugeSettingIsListed() throws {
        let run = try scry([], input: ".set rag_tolerance 1e19\n.set\n")
        #expect(run.status == 0)
        #expect(run.output.contains("rag_tolerance   1e+19"))
    }

    /// Values that span more than a double's range drew a sparkline through a NaN.
    @Test func aTrendOverTheWholeRangeOfDoubles() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("indicators.csv", "code,name,period_type,unit\nX,Extremes,M,count\n")
        try write("areas.csv", "name,type\nCity,authority\n")
        try write("observations.csv", "indicator,area,period,value\nX,City,2024-01,-1e308\nX,City,2024-02,1e308\nX,City,2024-03,0\nX,City,2024-04,1e400\n")
        let refused = try scry(["--data", folder.path, "-c", "trend X"])
        #expect(refused.status == 1 && refused.errors.contains("observations.csv:5:"), "1e400 is beyond a double: \(refused.errors)")
        try write("observations.csv", "indicator,area,period,value\nX,City,2024-01,-1e308\nX,City,2024-02,1e308\nX,City,2024-03,0\n")
        let run = try scry(["--data", folder.path, "-c", "trend X"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("▁█▅") || run.output.contains("▁█▄"))
    }

    // MARK: Files and writes

    @Test func aFailedWriteIsAnError() throws {
        let toFile = try scry([], input: ".output /dev/full\nshow *\n")
        #expect(toFile.status == 1)
        #expect(toFile.errors.contains("stdin:2:1: error: cannot write '/dev/full': no space left on device"))
    }

    /// A bash command line, with `SCRY` standing for the built executable: its status,
    /// standard output and standard error.
    func shell(_ command: String) throws -> BinaryTests.Run {
        try BinaryTests.run("/bin/bash", ["-c", command.replacingOccurrences(of: "SCRY", with: "'\(try BinaryTests.executable())'")])
    }

    @Test func aFullStandardOutputIsAnError() throws {
        let run = try shell("SCRY -c 'show *' > /dev/full")
        #expect(run.status == 1)
        #expect(run.errors.contains("cannot write standard output: no space left on device"))
    }

    /// `scry -c 'show *' | head -1` died of SIGPIPE (status 141); a reader that goes away
    /// now ends the run quietly.
    @Test func aReaderThatGoesAwayEndsTheRunQuietly() throws {
        let run = try shell("SCRY -c 'show *; show *; show *' | head -c 10 > /dev/null; echo \"${PIPESTATUS[0]}\"")
        #expect(run.output == "0\n")
    }

    /// An `.output` file is put in place when whole: a failure or a kill part-way leaves
    /// the old report as it was, and its permissions stay.
    @Test func outputReplacesAReportOnlyWhenWhole() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.csv").path
        try "old report\n".write(toFile: report, atomically: false, encoding: .utf8)
        #expect(chmod(report, 0o600) == 0)
        let run = try scry([], input: ".mode csv\n.output report.csv\ncount by rag\nshow nonsense\n", directory: folder.path)
        #expect(run.status == 1)
        let written = try String(contentsOfFile: report, encoding: .utf8)
        #expect(written.hasPrefix("rag,count\r\n"), "the statements that ran are in it: \(written)")
        #expect((try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.csv"])
    }

    @Test func aKilledRunLeavesTheOldReportWhole() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.csv").path
        try "old report\n".write(toFile: report, atomically: false, encoding: .utf8)
        let path = try BinaryTests.executable()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.currentDirectoryURL = folder
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        // Results are written into the new file, then the process is killed before it ends.
        input.fileHandleForWriting.write(Data(".output report.csv\nshow *\nshow *\n".utf8))
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGKILL)  // a mask inherited from the test runner may block SIGTERM
        process.waitUntilExit()
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "old report\n")
    }

    @Test func inputsThatAreNotFilesAreRefusedAtOnce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        try "code,name,period_type,unit\nX,Thing,M,count\n".write(to: dataset.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        try "name,type\nCity,authority\n".write(to: dataset.appendingPathComponent("areas.csv"), atomically: true, encoding: .utf8)
        #expect(mkfifo(dataset.appendingPathComponent("observations.csv").path, 0o600) == 0)
        let start = ContinuousClock.now
        let fifo = try scry(["--data", dataset.path, "-c", "count"])
        #expect(fifo.status == 1 && fifo.errors.contains("named pipe"))
        let zero = try scry(["-c", ".read /dev/zero"])
        #expect(zero.status == 1 && zero.errors.contains("-c:1:7: error: cannot read '/dev/zero': it is a device"))
        let file = try scry(["/dev/zero"])
        #expect(file.status == 1 && file.errors.contains("cannot read '/dev/zero'"))
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    /// A 2 GB file without line ends once asked for a 32 GiB allocation: a record past
    /// the stated limit is an error at its start, and the message shows a stretch of it.
    @Test func aFileWithoutLineEndsIsRefusedAtItsFirstRecord() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "code,name,period_type,unit\nX,Thing,M,count\n".write(to: folder.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        try "name,type\nCity,authority\n".write(to: folder.appendingPathComponent("areas.csv"), atomically: true, encoding: .utf8)
        var bytes = Array("indicator,area,period,value\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 17 << 20)
        try Data(bytes).write(to: folder.appendingPathComponent("observations.csv"))
        let run = try scry(["--data", folder.path, "-c", "count"])
        #expect(run.status == 1)
        #expect(run.errors.contains("observations.csv:2:1: error: a record longer than 16 MiB"), "\(run.errors.prefix(300))")
        #expect(run.errors.utf8.count < 1_000, "a stretch of the line, not the line")
    }

    @Test func aScriptWithWindowsLineEndsRuns() throws {
        let run = try scry([], input: ".mode csv\r\ncount\r\n.mode json\r\ncount\r\n  where rag = R\r\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("count\r\n734\r\n[\n"), "\(run.output)")
    }
}
