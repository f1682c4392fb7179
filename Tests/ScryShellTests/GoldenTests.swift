import Foundation
import Testing
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// Every `examples/*.scry` runs as `scry FILE` would, on the built-in dataset, and its
/// output must equal `examples/NAME.out` (and its errors `examples/NAME.err`, when it has
/// any); in every other output format, `examples/formats/NAME.EXT`. The scripts of
/// `examples/errors/` run through the binary, with their standard output, standard error
/// and exit status checked. `SCRY_RECORD=1 make test` writes the expected files anew.
struct GoldenTests {
    static let folder = Repository.path("examples")

    static let scripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".scry") }.sorted()
    }()

    static let errorScripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/errors")) ?? []
        return names.filter { $0.hasSuffix(".scry") }.sorted()
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["SCRY_RECORD"] == "1" }

    /// Compares with the expected file, or records it.
    static func check(_ actual: String, against path: String) throws {
        if recording {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOfFile: path, encoding: .utf8), "\(path) is missing: record it with SCRY_RECORD=1 make test")
        #expect(actual == expected, "\(path)")
    }

    @Test func examplesExist() {
        #expect(Self.scripts.count >= 6, "no examples found in \(Self.folder): a golden runner that runs nothing is a defect")
        #expect(Self.errorScripts.count >= 3, "no error scripts found in \(Self.folder)/errors")
    }

    static let formats: [(OutputFormat, String)] = [(.csv, "csv"), (.json, "json"), (.jsonl, "jsonl"), (.markdown, "md")]

    @Test(arguments: scripts)
    func exampleMatchesItsExpectedOutputInEveryFormat(script: String) throws {
        let text = try String(contentsOfFile: Self.folder + "/" + script, encoding: .utf8)
        for (format, suffix) in Self.formats {
            let output = StringOutput(), errors = StringOutput()
            let session = Session(store: try BuiltInDataset.load(), output: output, errors: errors)
            session.format = format
            #expect(session.runScript(text, name: "examples/" + script), "\(errors.text)")
            try Self.check(output.text, against: Self.folder + "/formats/" + script.dropLast(".scry".count) + "." + suffix)
        }
    }

    @Test(arguments: errorScripts)
    func errorScriptGivesItsErrorsAndStatus(script: String) throws {
        let run = try BinaryTests().scry(["examples/errors/" + script], directory: BinaryTests.root)
        let base = Self.folder + "/errors/" + script.dropLast(".scry".count)
        try Self.check(run.output, against: base + ".out")
        try Self.check(run.errors, against: base + ".err")
        try Self.check("\(run.status)\n", against: base + ".status")
        if !Self.recording { #expect(run.status == 1, "an error script fails") }
    }

    @Test(arguments: scripts)
    func exampleMatchesItsExpectedOutput(script: String) throws {
        let path = Self.folder + "/" + script
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let output = StringOutput(), errors = StringOutput()
        let session = Session(store: try BuiltInDataset.load(), output: output, errors: errors)
        session.runScript(text, name: "examples/" + script)
        let base = Self.folder + "/" + script.dropLast(".scry".count)
        if ProcessInfo.processInfo.environment["SCRY_RECORD"] == "1" {
            try output.text.write(toFile: base + ".out", atomically: true, encoding: .utf8)
            if errors.text.isEmpty {
                try? FileManager.default.removeItem(atPath: base + ".err")
            } else {
                try errors.text.write(toFile: base + ".err", atomically: true, encoding: .utf8)
            }
            return
        }
        let expected = try #require(try? String(contentsOfFile: base + ".out", encoding: .utf8),
                                    "\(base).out is missing: record it with SCRY_RECORD=1 make test")
        #expect(output.text == expected)
        let expectedErrors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        #expect(errors.text == expectedErrors)
    }
}
