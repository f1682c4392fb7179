import Foundation
import Testing
@testable import ScryShell
import ScryStore

/// Every `examples/*.scry` runs as `scry FILE` would, on the built-in dataset, and its
/// output must equal `examples/NAME.out` (and its errors `examples/NAME.err`, when it has
/// any). `SCRY_RECORD=1 make test` writes the expected files anew.
struct GoldenTests {
    static let folder = "/" + String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/") + "/examples"

    static let scripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".scry") }.sorted()
    }()

    @Test func examplesExist() {
        #expect(Self.scripts.count >= 6, "no examples found in \(Self.folder): a golden runner that runs nothing is a defect")
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
