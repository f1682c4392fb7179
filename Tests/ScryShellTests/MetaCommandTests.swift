import Foundation
import Testing
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// The meta-commands of issue 5, through a session as a script would use them.
struct MetaCommandTests {
    @Test func everyHelpExampleRuns() throws {
        let (session, _, errors) = try makeSession()
        let examples = HelpText.topics.flatMap(\.examples)
        #expect(examples.count >= 15)
        for example in examples {
            #expect(session.runScript(example, name: "help"), "\(example): \(errors.text)")
        }
        for topic in HelpText.topics { #expect(HelpText.topic(topic.name) != nil) }
    }

    @Test func helpListsEveryMetaCommandAndEachOneIsKnown() throws {
        let (session, output, errors) = try makeSession()
        #expect(session.runScript(".help", name: "-c"))
        for command in MetaCommand.all {
            #expect(output.text.contains(command.usage), "\(command.usage)")
            // Commands that write get a file of their own, never one in the working folder.
            let argument = ["output", "once", "save"].contains(command.name)
                ? FileManager.default.temporaryDirectory.appendingPathComponent("scry-\(UUID().uuidString)").path : "zzz-nonsense"
            session.runScript("." + command.name + " " + argument, name: "-c", bail: false)
            session.runScript(".output", name: "-c")
            #expect(!errors.text.contains("unknown meta-command '.\(command.name)'"), ".help lists .\(command.name), so the shell must know it")
        }
    }

    @Test func neighboursListsRegionOrderAndCloseness() throws {
        let (session, output, errors) = try makeSession()
        let fixture = Repository.fixture("lait-mini")
        #expect(session.runScript(".load \(fixture)\n.output\n", name: "s"))
        let before = output.text.count
        #expect(session.runScript(".neighbours kent", name: "s"), "\(errors.text)")
        // statistical_neighbours.csv lines 82-83: Medway and Barnet, both Very close.
        let lines = output.text.dropFirst(before).split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "area region rank neighbour neighbour_region closeness")
        #expect(Array(lines[2..<4]) == ["Kent South East 1 Medway South East Very close", "Kent South East 2 Barnet London (Outer) Very close"])
        #expect(lines.count == 12)
        #expect(!session.runScript(".neighbours England", name: "s"))
        #expect(errors.text.contains("'England' has no statistical neighbours loaded"))
    }

    @Test func modeChangesTheFormatAndRejectsAnUnknownOne() throws {
        let (session, output, errors) = try makeSession()
        #expect(session.runScript(".mode csv\nshow code, value where code = A10 and area = Kent and period = latest", name: "s"))
        #expect(output.text == "code,value\r\nA10,24.1\r\n")
        #expect(!session.runScript(".mode xml", name: "s"))
        #expect(errors.text.contains("unknown mode 'xml': expected table, csv, json, jsonl, markdown, line"))
    }

    @Test func outputAndOnceSendResultsToFiles() throws {
        let (session, output, _) = try makeSession()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            .output \(folder)/all.txt
            count where period = 2012-07
            count where period = 2013-07
            .output
            .once \(folder)/once.csv
            .mode csv
            count where period = 2012-07
            count where period = 2013-07
            """
        #expect(session.runScript(script, name: "s"))
        let all = try String(contentsOfFile: folder + "/all.txt", encoding: .utf8)
        #expect(all.components(separatedBy: "count\n-----").count == 3, "\(all)")
        #expect(try String(contentsOfFile: folder + "/once.csv", encoding: .utf8) == "count\r\n45\r\n")
        #expect(output.text.hasPrefix("count\r\n") && !output.text.contains("-----"), "after .once, back to standard output: \(output.text)")
        #expect(!session.runScript(".output /nonexistent/folder/file", name: "s"))
    }

    @Test func readRunsAFileAndRefusesToRecurseForever() throws {
        let (session, output, errors) = try makeSession()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-read-\(UUID().uuidString).scry").path
        try "count where period = 2012-07\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(session.runScript(".read \(path)", name: "s"))
        #expect(output.text.contains("45"))
        try ".read \(path)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!session.runScript(".read \(path)", name: "s"))
        #expect(errors.text.contains("nests more than 16 deep"))
    }

    @Test func timerSplitsParsePlanAndExecute() throws {
        let (session, _, errors) = try makeSession()
        #expect(session.runScript(".timer on\ncount where period = 2012-07", name: "s"))
        let line = try #require(errors.text.split(separator: "\n").first { $0.contains("parse") })
        #expect(line.wholeMatch(of: /Run Time: real [0-9.]+ parse [0-9.]+ plan [0-9.]+ execute [0-9.]+ render [0-9.]+/) != nil, "\(line)")
    }

    @Test func echoWritesEachCommandFirst() throws {
        let (session, output, _) = try makeSession()
        #expect(session.runScript(".echo on\ncount where period = 2012-07", name: "s"))
        #expect(output.text.hasPrefix("count where period = 2012-07\ncount\n"))
    }

    @Test func describeMetaCommandDescribes() throws {
        let (session, output, _) = try makeSession()
        #expect(session.runScript(".describe A10", name: "s"))
        #expect(output.text.contains("Numbers of Children with a CP Plan"))
    }

    @Test func aTerminalGetsElisionAndColourAndAFileNeither() throws {
        let (session, output, _) = try makeSession()
        session.isTerminal = true
        session.colour = true
        session.maxRows = 4
        #expect(session.runScript("show code, rag where rag = red and period = 2012-07", name: "s"))
        #expect(output.text.contains("\u{1B}[31mR"))
        #expect(output.text.contains("(9 rows, 5 not shown"), "\(output.text)")
        #expect(output.text.split(separator: "\n").count == 2 + 4 + 1 + 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-plain-\(UUID().uuidString)").path
        #expect(session.runScript(".once \(path)\nshow code, rag where rag = red and period = 2012-07", name: "s"))
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!file.contains("\u{1B}") && !file.contains("not shown") && file.split(separator: "\n").count == 2 + 9)
    }
}
