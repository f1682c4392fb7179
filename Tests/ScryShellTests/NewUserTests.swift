import Foundation
import Testing
import ScryStore
@testable import ScryShell

/// The rough edges a new user met, each smoothed, and the disclosure checks.
struct NewUserTests {
    let binary = BinaryTests()

    func scry(_ arguments: [String], input: String? = nil, directory: String = NSTemporaryDirectory()) throws -> BinaryTests.Run {
        try binary.scry(arguments, input: input, directory: directory)
    }

    /// A dataset folder from its files' text, removed by the caller.
    static func dataset(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func dashCTakesACommentOrADash() throws {
        let comment = try scry(["-c", "-- a note"])
        #expect(comment.status == 0 && comment.errors.isEmpty)
        let negative = try scry(["-c", "-1"])
        #expect(negative.status == 1, "'-1' is the command, and no statement")
    }

    @Test func orderByAnAlias() throws {
        let run = try scry(["--format", "csv", "-c", "show code, value * 2 as doubled where code = A10 order by doubled desc limit 2"])
        #expect(run.status == 0, "\(run.errors)")
        let values = run.output.split(separator: "\r\n").dropFirst().map { Double($0.split(separator: ",")[1]) ?? -1 }
        #expect(values.count == 2 && values[0] >= values[1])
    }

    @Test func anUnknownColumnSuggestsAFewNotAll() throws {
        let run = try scry(["-c", "show xyzzy"])
        #expect(run.status == 1)
        #expect(run.errors.contains("nearest columns: "))
        #expect(!run.errors.contains("worse_by_year_ago"), "not the whole list of seventy")
    }

    @Test func describePointsAtItsOwnLine() throws {
        let run = try scry([], input: "count\n\n.describe NOPE\n")
        #expect(run.errors.contains("stdin:3:11: error: unknown indicator 'NOPE'"), "\(run.errors)")
    }

    @Test func listingsFollowTheMode() throws {
        let run = try scry(["--format", "csv", "-c", ".datasets"])
        #expect(run.output.hasPrefix("dataset,source,indicators,areas,observations,commentary\r\n"))
        let json = try scry(["--format", "json", "-c", ".areas Kent"])
        #expect(json.output.hasPrefix("[\n  {\"name\":\"Kent\""), "\(json.output)")
    }

    @Test func tabAfterPeriodEqualsGivesBareKeywords() throws {
        let store = try BuiltInDataset.load()
        let completion = Completion.complete("show value where period = l", store: store)
        #expect(completion.candidates == ["last", "latest"])
        #expect(completion.closing.isEmpty)
    }

    @Test func unknownHeaderColumnsAreSaidOnce() throws {
        let columns = (1...5_000).map { "extra\($0)" }.joined(separator: ",")
        let folder = try Self.dataset([
            "indicators.csv": "code,name,period_type,unit," + columns + "\nX,Thing,M,count" + String(repeating: ",", count: 5_000) + "\n",
            "areas.csv": "name,type\nCity,authority\n",
            "observations.csv": "indicator,area,period,value\nX,City,2024-01,5\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try scry(["--data", folder.path, "-c", "count"])
        #expect(run.status == 0)
        #expect(run.errors.components(separatedBy: "warning:").count == 2, "one warning")
        #expect(run.errors.contains("unknown column 'extra1' is ignored (and 4999 more unknown columns)"))
        #expect(run.errors.utf8.count < 2_000)
    }

    @Test func controlCharactersInDataAreShownEscaped() throws {
        let folder = try Self.dataset([
            "indicators.csv": "code,name,period_type,unit\nX,\"Red \u{1B}[31mflag\",M,count\n",
            "areas.csv": "name,type\nCity,authority\n",
            "observations.csv": "indicator,area,period,value\nX,City,2024-01,5\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ["table", "csv", "markdown"] {
            let run = try scry(["--data", folder.path, "--format", format, "-c", "show name"])
            #expect(!run.output.contains("\u{1B}"), "\(format)")
            #expect(run.output.contains("Red \\u{1B}[31mflag"), "\(format): \(run.output)")
        }
    }

    /// Figures worked out with Python from each folder's commentary.csv and
    /// observations.csv: the (indicator, area, period) triples with commentary that match
    /// an observation (Kent 2013's 14 entries are two for each of 7 figures).
    @Test func commentaryIsAColumn() throws {
        let run = try scry(["--format", "csv", "-c", "count by dataset where commentary != \"\""])
        #expect(run.output == "dataset,count\r\ncity-2017-12,14\r\ndarlington-2015-q3,20\r\nkent-2013-07,7\r\nkent-2019-07,1\r\n")
    }

    /// Kent's total 20 with West 8 and North 9 gives East's `c` away as 3.
    @Test func aTotalAndAllButOnePartIsAWarning() throws {
        let folder = try Self.dataset([
            "indicators.csv": "code,name,period_type,unit\nREF,Referrals,M,count\n",
            "areas.csv": "name,type,parent\nCity,authority,\nEast,district,City\nWest,district,City\nNorth,district,City\n",
            "observations.csv": "indicator,area,period,value\nREF,City,2024-01,20\nREF,East,2024-01,c\nREF,West,2024-01,8\nREF,North,2024-01,9\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try scry(["--data", folder.path, "-c", "show area, value"])
        #expect(all.status == 0)
        #expect(all.errors.contains("warning: REF 2024-01: East's suppressed figure can be recovered"))
        let safe = try scry(["--data", folder.path, "-c", "show area, value where area != North"])
        #expect(!safe.errors.contains("recovered"), "two parts unknown: nothing to recover")
        let noValue = try scry(["--data", folder.path, "-c", "show area"])
        #expect(noValue.errors.isEmpty)
    }

    @Test func knownQuirksOfLAITAreOneLineInScripts() throws {
        let lait = BinaryTests.root + "/../shared/lait"
        guard FileManager.default.fileExists(atPath: lait + "/bds_long.csv") else { return }
        let run = try scry(["--data", lait, "-c", "count where code = ReReferral"])
        #expect(run.status == 0)
        #expect(run.errors.contains("2 known quirks of the published files handled (.warnings shows them)"), "\(run.errors)")
        #expect(!run.errors.contains("described twice"))
        let full = try scry(["--data", lait, "-c", ".warnings"])
        #expect(full.errors.contains("described twice") && full.errors.contains("labelled '0'"))
    }

    /// The help cites the project's own domain reference, which is in the repository, and
    /// never a document outside it.
    @Test func helpCitesTheDomainReferenceInTheRepository() throws {
        let reference = try String(contentsOfFile: BinaryTests.root + "/docs/domain.md", encoding: .utf8)
        let help = HelpText.topics.map(\.text).joined(separator: "\n")
        #expect(help.contains("docs/domain.md"))
        #expect(!help.contains("DOMAIN.md"))
        for heading in ["## Polarity", "## RAG and floor standards", "## Direction of travel", "## Comparators and their periods",
                        "## Ranks and quartile bands", "## Pooling and aggregation rules", "## Suppressed and missing values"] {
            #expect(reference.contains("\n" + heading + "\n"), "\(heading)")
        }
    }
}
