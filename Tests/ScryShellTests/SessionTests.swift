import Testing
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// A session on the built-in dataset whose output and errors are captured.
func makeSession() throws -> (Session, StringOutput, StringOutput) {
    let output = StringOutput(), errors = StringOutput()
    return (Session(store: try BuiltInDataset.load(), output: output, errors: errors), output, errors)
}

struct SessionTests {
    @Test func datasetsListsEachDatasetWithItsCounts() throws {
        let (session, output, errors) = try makeSession()
        #expect(session.runScript(".datasets", name: "-c"))
        #expect(errors.text.isEmpty)
        let lines = output.text.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[0].hasPrefix("dataset"))
        #expect(lines.contains { $0.hasPrefix("kent-2012-07") && $0.hasSuffix("45      4           150           0") })
    }

    @Test func indicatorsListsCodeNamePolarityPeriodTypeAndUnit() throws {
        let (session, output, _) = try makeSession()
        #expect(session.runScript(".indicators A10", name: "-c"))
        let lines = output.text.split(separator: "\n")
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == ["dataset", "code", "name", "polarity", "period_type", "unit"])
        #expect(lines.count == 3)
        #expect(lines[2].contains("A10") && lines[2].contains("T") && lines[2].contains("SS") && lines[2].contains("per10000"))
    }

    @Test func syntaxErrorPrintsTheCaretDisplayAndFails() throws {
        let (session, output, errors) = try makeSession()
        #expect(!session.runScript("show value where", name: "-c"))
        #expect(output.text.isEmpty)
        #expect(errors.text == """
            -c:1:17: error: expected a condition such as rag = red after 'where', found the end of the input
             1 | show value where
               |                 ^

            """)
    }

    @Test func scriptWithSyntaxErrorsReportsThemAllAndRunsNothing() throws {
        let (session, output, errors) = try makeSession()
        let script = ".datasets\nshow value where\n.indicators\ncount by rag wher x\n"
        #expect(!session.runScript(script, name: "report.scry"))
        #expect(output.text.isEmpty, "nothing runs")
        #expect(errors.text.contains("report.scry:2:17: error: expected a condition such as rag = red after 'where', found the end of the line"))
        #expect(errors.text.contains("report.scry:4:14: error:"))
        #expect(errors.text.contains("did you mean 'where'?"))
    }

    @Test func metaCommandsRunInOrderAndStopAtTheFirstFailureWithBail() throws {
        let (session, output, errors) = try makeSession()
        #expect(!session.runScript(".areas Kent\n.nope\n.datasets\n", name: "s"))
        #expect(output.text.contains("Kent"))
        #expect(!output.text.contains("observations"), ".datasets after the failure does not run")
        #expect(errors.text.contains("s:2:1: error: unknown meta-command '.nope'"))
    }

    @Test func withoutBailTheScriptGoesOn() throws {
        let (session, output, _) = try makeSession()
        #expect(!session.runScript(".nope\n.datasets\n", name: "s", bail: false))
        #expect(output.text.contains("observations"))
    }

    @Test func unknownMetaCommandGetsASuggestion() throws {
        let (session, _, errors) = try makeSession()
        #expect(!session.runScript(".datset", name: "-c"))
        #expect(errors.text.contains("did you mean '.datasets'?"))
    }

    @Test func failedLoadReportsTheFileAndLeavesTheStoreAsItWas() throws {
        let (session, _, errors) = try makeSession()
        let before = session.store.observations.count
        #expect(!session.runScript(".load /nonexistent/folder", name: "-c"))
        #expect(errors.text.contains("does not exist"))
        #expect(session.store.observations.count == before)
        #expect(session.store.datasets.count == 5)
    }

    @Test func loadAddsADatasetUnderANewName() throws {
        let (session, output, errors) = try makeSession()
        #expect(session.runScript(".load \(Repository.path("examples/data/kent-2012-07")) as again", name: "-c"), "\(errors.text)")
        #expect(output.text.contains("loaded again: 45 indicators"))
        #expect(session.store.datasets.count == 6)
        #expect(!session.runScript(".load \(Repository.path("examples/data/kent-2012-07"))", name: "-c"), "the name is taken")
        #expect(errors.text.contains("already loaded"))
    }

    @Test func quitStopsTheScript() throws {
        let (session, output, _) = try makeSession()
        #expect(session.runScript(".quit\n.datasets\n", name: "s"))
        #expect(output.text.isEmpty)
    }
}

/// The interactive loop, driven by a line reader that records prompts and history.
final class ScriptedReader: LineReader {
    var lines: [String]
    var prompts: [String] = []
    var history: [String] = []
    init(_ lines: [String]) { self.lines = lines }
    func readLine(prompt: String) -> String? {
        prompts.append(prompt)
        return lines.isEmpty ? nil : lines.removeFirst()
    }
    func addHistory(_ line: String) { history.append(line) }
}

struct InteractiveShellTests {
    @Test func multiLineStatementUsesTheContinuationPromptAndIsOneHistoryEntry() throws {
        let (session, output, errors) = try makeSession()
        let reader = ScriptedReader(["show code,", "  value where code = A10 and area = Kent and period = latest", ".datasets"])
        InteractiveShell(session: session, reader: reader).run()
        #expect(reader.prompts == ["scry> ", "  ...> ", "scry> ", "scry> "])
        #expect(reader.history == ["show code, value where code = A10 and area = Kent and period = latest", ".datasets"])
        #expect(errors.text.isEmpty)
        #expect(output.text.hasPrefix("code  value\n----  -----\nA10    24.1\n"))
    }

    @Test func incompleteStatementWaitsForMoreInput() throws {
        let (session, _, errors) = try makeSession()
        let reader = ScriptedReader(["show value where", "rag = red"])
        InteractiveShell(session: session, reader: reader).run()
        #expect(reader.prompts == ["scry> ", "  ...> ", "scry> "])
        #expect(reader.history == ["show value where rag = red"])
        #expect(!errors.text.contains("expected a condition"))
    }
}
