import Foundation
import Testing
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// Parameters through a session and through the binary: `--param`, `.param`, the check
/// before a script runs, completion, and values that stay data.
struct ParameterTests {
    // MARK: .param

    @Test func paramListsTheParametersAsAResult() throws {
        let (session, output, errors) = try makeSession()
        session.setParameters(["la=Kent", "n=3"])
        #expect(session.runScript(".param set month \"Jul 2013\"\n.param\n.mode csv\n.param list", name: "s"), "\(errors.text)")
        let table = """
            name   value
            -----  --------
            la     Kent
            month  Jul 2013
            n      3

            """
        #expect(output.text == table + "name,value\r\nla,Kent\r\nmonth,Jul 2013\r\nn,3\r\n")
    }

    @Test func paramUnsetAndClearForgetThem() throws {
        let (session, output, _) = try makeSession()
        session.format = .csv
        #expect(session.runScript(".param set a 1\n.param set b two words\n.parameter unset a\n.param", name: "s"))
        #expect(output.text == "name,value\r\nb,two words\r\n")
        #expect(session.runScript(".param clear", name: "s"))
        #expect(session.parameters.isEmpty)
    }

    @Test(arguments: [(".param frob", "unknown .param command 'frob': expected list, set, unset or clear"),
                      (".param set 1x Kent", "'1x' is not a parameter name: a letter or '_' first, then letters, digits or '_'"),
                      (".param set la", "expected a value after .param set la (\"\" for an empty one)"),
                      (".param unset", "expected .param unset NAME, such as .param unset la"),
                      (".param clear all", "expected nothing after .param clear, found 'all'")])
    func malformedParamCommandsSayWhatIsRight(line: String, message: String) throws {
        let (session, _, errors) = try makeSession()
        #expect(!session.runScript(line, name: "s"))
        #expect(errors.text.hasPrefix("s:1:8: error: \(message)\n"), "\(errors.text)")
    }

    // MARK: Checked before anything runs

    @Test func unsetParameterInAScriptStopsItBeforeAnythingRuns() throws {
        let (session, output, errors) = try makeSession()
        let script = """
            .param set la Kent
            show code, value where area = :la and code = A10 and period = 2012-07
            .param unset la
            show value where area = :la
            """
        #expect(!session.runScript(script, name: "report.scry"))
        #expect(output.text.isEmpty, "the first statement ran")
        #expect(errors.text == """
            report.scry:4:25: error: parameter ':la' is not set: set it with --param la=VALUE or .param set la VALUE (no parameter is set)
             4 | show value where area = :la
               |                         ^~~

            """)
        // Nothing ran: not even the script's own `.param set`.
        #expect(session.parameters.isEmpty)
    }

    @Test func aScriptsOwnParamLinesSetWhatItsStatementsUse() throws {
        let (session, output, errors) = try makeSession()
        session.format = .csv
        #expect(session.runScript(".param set code A10\nshow value where code = :code and area = Kent and period = 2012-07", name: "s"), "\(errors.text)")
        #expect(output.text == "value\r\n24.1\r\n")
    }

    @Test func afterAReadEachStatementIsCheckedAsItRuns() throws {
        let (session, output, errors) = try makeSession()
        session.format = .csv
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-params-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ".param set code A10\n".write(toFile: folder + "/set.scry", atomically: true, encoding: .utf8)
        #expect(session.runScript(".read \(folder)/set.scry\nshow value where code = :code and area = Kent and period = 2012-07", name: "s"), "\(errors.text)")
        #expect(output.text == "value\r\n24.1\r\n")
    }

    @Test func theShellChecksEachStatementAsItComes() throws {
        let (session, output, errors) = try makeSession()
        session.format = .csv
        #expect(!session.runScript("show value where code = :code and area = Kent and period = 2012-07", name: "stdin"))
        #expect(errors.text.hasPrefix("stdin:1:25: error: parameter ':code' is not set"))
        #expect(session.runScript(".param set code A10", name: "stdin"))
        #expect(session.runScript("show value where code = :code and area = Kent and period = 2012-07", name: "stdin"))
        #expect(output.text == "value\r\n24.1\r\n")
    }

    @Test func aValueThatIsNotAPeriodIsAnErrorAtItsPlace() throws {
        let (session, _, errors) = try makeSession()
        session.setParameters(["month=Jully 2013"])
        #expect(!session.runScript("\n  trend A10 from :month to latest", name: "s"))
        #expect(errors.text.hasPrefix("s:2:18: error: parameter ':month' holds 'Jully 2013', which is not a period"), "\(errors.text)")
    }

    @Test func aValueNamingAColumnIsAValueNotTheColumn() throws {
        // Bare, `rag != rag_calc` compares two columns; as a parameter's value it is a RAG.
        let (session, _, errors) = try makeSession()
        session.setParameters(["r=rag_calc"])
        #expect(!session.runScript("count where rag != :r", name: "s"))
        #expect(errors.text.hasPrefix("s:1:20: error: unknown rag 'rag_calc'"), "\(errors.text)")
    }

    // MARK: Help and completion

    @Test func helpHasAParametersTopicAndParamIsAMetaCommand() {
        #expect(HelpText.topic("parameters")?.contains(".param set la Kent") == true)
        #expect(HelpText.topic("param") == HelpText.topic("parameters"))
        #expect(MetaCommand.all.contains { $0.name == "param" })
    }

    @Test func tabCompletesParamAndTheNamesSet() throws {
        let store = try BuiltInDataset.load()
        let names = ["la", "limit_rows", "month"]
        #expect(Completion.complete(".pa", store: store).candidates == [".param"])
        #expect(Completion.complete(".param ", store: store).candidates == ["clear", "list", "set", "unset"])
        #expect(Completion.complete(".param unset l", store: store, parameters: names).candidates == ["la", "limit_rows"])
        #expect(Completion.complete("show value where area = :", store: store, parameters: names).candidates == names)
        #expect(Completion.complete("trend A10 for :m", store: store, parameters: names).candidates == ["month"])
        #expect(Completion.complete("show value where area = :m", store: store).candidates.isEmpty)
    }

    // MARK: Through the binary

    @Test func paramOptionSetsValuesAndAMalformedOneIsAUsageError() throws {
        let run = try BinaryTests().scry(["--param", "la=Kent", "--param", "code=A10", "--param", "la=England", "--format", "csv", "-c",
                                          "show area, value where code = :code and area = :la and period = 2010/11"])
        #expect(run.status == 0, "\(run.errors)")
        // The last of a name wins: England's A10 for 2010/11, line 44 of kent-2012-07/observations.csv.
        #expect(run.output == "area,value\r\nEngland,38.3\r\n")
        for (bad, message) in [("la", "--param: expected NAME=VALUE, such as la=Kent, found 'la'"),
                               ("1x=3", "--param: '1x' is not a parameter name"), ("=Kent", "--param: '' is not a parameter name"),
                               ("la=Kent\nshow *", "--param: the value of 'la' holds a line end: a value is one line")] {
            let refused = try BinaryTests().scry(["--param", bad, "-c", ".param"])
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.errors.contains(message), "\(refused.errors)")
            #expect(refused.output.isEmpty)
        }
    }

    @Test func aValueHoldingMoreStatementStaysOneValue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-inject-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let value = "Kent; .output \(folder)/x; show * where 1 = 1"
        try "show value where area = :la and code = A10\n".write(toFile: folder + "/report.scry", atomically: true, encoding: .utf8)
        for arguments in [["--param", "la=" + value, "report.scry"], ["-c", ".param set la Kent; .output \(folder)/x\nshow value where area = :la"]] {
            let run = try BinaryTests().scry(arguments, directory: folder)
            #expect(run.status == 1)
            #expect(run.output.isEmpty)
            #expect(run.errors.contains("error: unknown area 'Kent; .output \(folder)/x"), "\(run.errors)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.scry"], "a file was written")
        }
    }

    // MARK: One report for every authority

    static let report = "examples/parameters/authority-report.scry"
    static let authorities = ["City", "Darlington", "Kent"]

    /// The example report, run through the binary for each built-in authority (`.areas`:
    /// City, Darlington, Kent) with nothing changed but `--param la`: each run succeeds,
    /// matches its golden (`examples/parameters/authority-report.AUTHORITY.out`), and has
    /// the same results with the same columns in the same order as the others, so the
    /// outputs differ only in the rows the data give.
    @Test func oneScriptReportsOnEveryAuthority() throws {
        var results: [String: [Substring]] = [:]
        for authority in Self.authorities {
            let table = try BinaryTests().scry(["--param", "la=" + authority, Self.report], directory: BinaryTests.root)
            #expect(table.status == 0, "\(authority): \(table.errors)")
            try GoldenTests.check(table.output, against: GoldenTests.folder + "/parameters/authority-report.\(authority).out")
            let csv = try BinaryTests().scry(["--param", "la=" + authority, "--format", "csv", Self.report], directory: BinaryTests.root)
            results[authority] = csv.output.split(separator: "\r\n")
        }
        let headers = ["dataset,count(value)", "dataset,rag,count", "code,period,value,previous,dot", "area,count(value)"]
        for (authority, lines) in results {
            #expect(lines.filter { headers.contains(String($0)) } == headers.map { Substring($0) }, "\(authority)")
        }
        #expect(Set(results.values).count == Self.authorities.count, "the parameter made no difference")

        // Figures worked out from examples/data by hand, not from scry:
        // - count(value) by dataset: the rows of each dataset's observations.csv whose area is
        //   the authority and whose value is a number (not blank, not a symbol): City 44
        //   (city-2017-12); Darlington 32 (darlington-2015-q3); Kent 110, 151 and 264
        //   (kent-2012-07, kent-2013-07, kent-2019-07).
        // - Kent's RAGs in kent-2012-07: every indicator's latest period there is 2012-07 (the
        //   file's periods are 2010/11, 2012-06 and 2012-07), and its Kent rows for 2012-07
        //   have 9 R, 17 A and 19 G in the rag column.
        // - Kent's first worsened figure: A1 is H (higher is better) in indicators.csv, and
        //   observations.csv gives 62.0 for 2012-07 and 64.4 for 2012-06.
        // - Darlington's districts: Darlington Area 1, 2 and 3 each have one figure for the
        //   latest period, DAR01's 2015-12 (its only other period is 2014/15).
        let kent = try #require(results["Kent"]), darlington = try #require(results["Darlington"]), city = try #require(results["City"])
        #expect(Array(kent[1...3]) == ["kent-2012-07,110", "kent-2013-07,151", "kent-2019-07,264"])
        #expect(Array(kent[5...7]) == ["kent-2012-07,R,9", "kent-2012-07,A,17", "kent-2012-07,G,19"])
        #expect(kent.contains("A1,2012-07,62.0,64.4,worsened"))
        #expect(darlington[1] == "darlington-2015-q3,32")
        #expect(Array(darlington.suffix(3)) == ["Darlington Area 1,1", "Darlington Area 2,1", "Darlington Area 3,1"])
        #expect(city[1] == "city-2017-12,44")
    }
}
