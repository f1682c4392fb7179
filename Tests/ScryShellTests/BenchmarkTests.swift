import Foundation
import Testing
@testable import ScryShell
import ScryEngine
import ScryStore
import ScryTestSupport

/// The benchmarking table (`benchmark`), over the built-in dataset with figures read off the
/// seeds by hand, and over the national data against LAIT's rules worked out from the CSV
/// files by `tools/lait-benchmark`, a reading in Python that shares nothing with scry.
struct BenchmarkTests {
    static var laitPresent: Bool { FileManager.default.fileExists(atPath: Repository.sharedLAIT + "/bds_long.csv") }

    /// The statement's JSON: one object per indicator.
    func sections(_ statement: String, data: [String] = []) throws -> [[String: Any]] {
        let run = try BinaryTests().scry(data.flatMap { ["--data", $0] } + ["--format", "json", "-c", statement])
        #expect(run.status == 0, "\(run.errors)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]], "\(run.output)")
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    // Seed 002, Kent's Corporate Parenting Scorecard for July 2019, CPS04 (three or more
    // placements in a year, lower is better): 10.7% in July 2018, 10.0% in June 2019, 9.7%
    // in July; the scorecard's England figure is 10% of 2016/17.
    @Test func aScorecardIndicatorBesideItsComparatorsAsOfItsPeriods() throws {
        let all = try sections(#"benchmark CPS04 for Kent last 3 where dataset = "kent-2019-07""#)
        let section = try #require(all.first)
        #expect(all.count == 1)
        #expect(section["code"] as? String == "CPS04")
        #expect(section["polarity"] as? String == "L")
        let figures = try #require(section["figures"] as? [[String: Any]])
        #expect(figures.map { $0["area"] as? String } == ["Kent", "England"], "no region or neighbours in the scorecard: no rows for them")
        let kent = figures[0], england = figures[1]
        #expect(["2018-07", "2019-06", "2019-07"].map { Self.number(kent[$0]) } == [10.7, 10.0, 9.7])
        #expect(Self.number(kent["change"]) == -0.3)
        #expect(Self.number(england["2019-07"]) == 10.0)
        let summary = try #require(section["summary"] as? [String: Any])
        #expect(summary["period"] as? String == "2019-07")
        #expect(summary["dot"] as? String == "improved")
        #expect(summary["england_period"] as? String == "2016/17")
        #expect(summary["national_rank"] == nil, "no rank without national data")
    }

    @Test func periodsAreTheLatestOfTheLatestKindOldestFirst() throws {
        // Seed 004's A10 has a 2010/11 column beside June and July 2012: the months are kept.
        let section = try #require(try sections("benchmark A10 for Kent").first)
        let figures = try #require(section["figures"] as? [[String: Any]])
        #expect(Set(figures[0].keys) == ["area", "2012-06", "2012-07", "change"])
        #expect(Self.number(figures[0]["change"]) == -1.2, "24.1 - 25.3")
        let two = try #require(try sections(#"benchmark CPS04 for Kent last 2 where dataset = "kent-2019-07""#).first)
        #expect(Set((two["figures"] as? [[String: Any]])?.first?.keys ?? [:].keys) == ["area", "2019-06", "2019-07", "change"])
    }

    @Test func everyIndicatorOfATheme() throws {
        // Seed 000's child protection section for July 2013, in the document's order: SCS19
        // to SCS30 but SCS23 (unallocated cases, SCS18 and SCS23, are in its children in
        // need section), as examples/data/kent-2013-07/indicators.csv lists them.
        let all = try sections(#"benchmark * for Kent last 1 where theme = "Child protection" and dataset = "kent-2013-07""#)
        #expect(all.compactMap { $0["code"] as? String } == [19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30].map { "SCS\($0)" })
    }

    @Test func bandsAAndDAreColouredAsLAITColoursThem() {
        var column = ResultTable.Column("quartile")
        column.isBand = true
        var table = ResultTable(columns: [column, .init("letter")])
        table.rows = [[.text("A"), .text("A")], [.text("D"), .text("D")], [.text("B"), .text("B")]]
        var output = ""
        TableRenderer(result: table, options: TerminalOptions(width: 80, colour: true)).write(to: &output)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix("\u{1B}[32mA"), "A green: \(lines[2].debugDescription)")
        #expect(lines[3].hasPrefix("\u{1B}[31mD"), "D red")
        #expect(!lines[4].contains("\u{1B}["), "B plain")
        #expect(lines[2].filter { $0 == "\u{1B}" }.count == 2, "a letter in another column stays plain")
    }

    @Test func everyFormatKeepsTheSections() throws {
        let statement = #"benchmark CPS04, CPS05 for Kent last 2 where dataset = "kent-2019-07""#
        let csv = try BinaryTests().scry(["--format", "csv", "-c", statement])
        // Each table with the indicator's code first; a blank line between tables.
        let blocks = csv.output.components(separatedBy: "\r\n\r\n")
        #expect(blocks.count == 4)
        #expect(blocks[0].hasPrefix("code,area,2019-06,2019-07,change\r\nCPS04,Kent,10.0,9.7,-0.3"))
        #expect(blocks[2].hasPrefix("code,area,2019-06,2019-07,change\r\nCPS05,Kent,72.7,73.2,0.5"))
        let markdown = try BinaryTests().scry(["--format", "markdown", "-c", statement])
        #expect(markdown.output.components(separatedBy: "\n### ").count == 2)
        #expect(markdown.output.hasPrefix("### CPS04: CIC Placement stability"))
        let lines = try BinaryTests().scry(["--format", "jsonl", "-c", statement])
        #expect(lines.output.split(separator: "\n").count == 2, "one object per indicator")
    }

    // MARK: LAIT's figures

    /// scry's sections beside `tools/lait-benchmark`'s for the same statement: every figure
    /// within half a unit of its last displayed decimal, ranks, bands and limits.
    func checkAgainstLAIT(area: String, last: Int, statement: String, toolArguments: [String]) throws -> Int {
        let ours = try sections(statement, data: [Repository.sharedLAIT])
        let tool = try BinaryTests.run("/usr/bin/env", ["python3", Repository.path("tools/lait-benchmark"), Repository.sharedLAIT,
                                                         area, String(last)] + toolArguments)
        #expect(tool.status == 0, "\(tool.errors)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(tool.output.utf8)) as? [[String: Any]])
        #expect(ours.count == expected.count, "the same measures")
        var checked = 0
        for measure in expected {
            let code = try #require(measure["code"] as? String)
            guard let section = ours.first(where: { $0["code"] as? String == code }) else {
                Issue.record("\(code): no section")
                continue
            }
            let tolerance = 0.5 * pow(10, -Double(measure["dps"] as? Int ?? 1)) + 1e-9
            func close(_ actual: Any?, _ wanted: Any?, _ what: String) {
                let a = Self.number(actual), w = Self.number(wanted)
                if let a, let w {
                    #expect(abs(a - w) <= tolerance, "\(code) \(what): \(a) against LAIT's \(w)")
                } else {
                    #expect(a == nil && w == nil, "\(code) \(what): \(String(describing: a)) against LAIT's \(String(describing: w))")
                }
                checked += 1
            }
            let figures = section["figures"] as? [[String: Any]] ?? []
            let periods = try #require(measure["periods"] as? [String])
            let labels = (figures.first?.keys.filter { $0 != "area" && $0 != "change" && !$0.hasSuffix("_symbol") } ?? [])
            #expect(labels.count == periods.count, "\(code): \(labels.count) periods against LAIT's \(periods)")
            // The region's row is the one named neither for the area nor for another comparator.
            let region = figures.compactMap { $0["area"] as? String }.first { ![area, "Statistical neighbours", "England"].contains($0) }
            for (key, label) in [("area", area), ("region", region ?? "-"), ("neighbours", "Statistical neighbours"), ("england", "England")] {
                let wanted = measure[key] as? [Any] ?? []
                guard let row = figures.first(where: { $0["area"] as? String == label }) else {
                    #expect(wanted.allSatisfy { $0 is NSNull }, "\(code): no \(key) row, but LAIT has figures")
                    continue
                }
                let ordered = periodsInOrder(row)
                for (index, value) in wanted.enumerated() where index < ordered.count {
                    close(row[ordered[index]], value, "\(key) \(periods[index])")
                }
                close(row["change"], (measure["change"] as? [String: Any])?[key], "\(key) change")
            }
            let summary = section["summary"] as? [String: Any] ?? [:]
            #expect(summary["national_rank"] as? Int == measure["rank"] as? Int, "\(code) rank")
            #expect(summary["ranked_of"] as? Int == measure["ranked_of"] as? Int, "\(code) ranked of")
            #expect(summary["quartile"] as? String == measure["band"] as? String, "\(code) band")
            for (ours, theirs) in [("quartile_q1", "q1"), ("quartile_median", "median"), ("quartile_q3", "q3")] {
                close(summary[ours], measure[theirs], ours)
            }
        }
        return checked
    }

    /// A figures row's period columns, oldest first: JSON objects keep no order, and the
    /// labels of one measure's periods (2023/24, 2024/25) sort as the periods do.
    func periodsInOrder(_ row: [String: Any]) -> [String] {
        row.keys.filter { $0 != "area" && $0 != "change" && !$0.hasSuffix("_symbol") }.sorted()
    }

    /// The statements of `examples/national/benchmark.scry`, each with the arguments of the
    /// `check:` line above it.
    static let nationalExamples: [(statement: String, check: [String])] = {
        let text = (try? String(contentsOfFile: Repository.path("examples/national/benchmark.scry"), encoding: .utf8)) ?? ""
        var examples: [(String, [String])] = []
        var check: [String]?
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("-- check: ") {
                // Area, periods, then measures, or --theme and the theme's words.
                let words = line.dropFirst("-- check: ".count).split(separator: " ").map(String.init)
                check = words.count > 3 && words[2] == "--theme" ? Array(words.prefix(3)) + [words.dropFirst(3).joined(separator: " ")] : words
            } else if !line.hasPrefix("--"), !line.isEmpty, let arguments = check {
                examples.append((line, arguments))
                check = nil
            }
        }
        return examples
    }()

    @Test func theNationalExamplesAreThere() {
        #expect(Self.nationalExamples.count == 4, "examples/national/benchmark.scry: each statement under a check: line")
    }

    @Test(.enabled(if: laitPresent, "../shared/lait is not here"), arguments: nationalExamples.indices)
    func theNationalExampleIsLAITs(index: Int) throws {
        let (statement, check) = Self.nationalExamples[index]
        let checked = try checkAgainstLAIT(area: check[0], last: Int(check[1]) ?? 5, statement: statement, toolArguments: Array(check.dropFirst(2)))
        #expect(checked >= 27, "\(statement): \(checked) figures")
    }

    @Test(.enabled(if: laitPresent, "../shared/lait is not here")) func aScorecardIndicatorThroughItsMapping() throws {
        // The built-in Kent 2019 scorecard maps CPS41 to LAIT's CareLeaverAcc: July 2019's
        // 90.5% sits beside England's 2018/19 85.0% and the neighbours' mean 86.7%, 47th of
        // 149 authorities, band B (README's National data section worked these out).
        let run = try BinaryTests().scry(["--format", "json"], input: ".load \(Repository.sharedLAIT)\nbenchmark CPS41 for Kent last 3\n")
        // `.load` says what it loaded on a line of its own before the JSON.
        let json = run.output.drop { $0 != "[" }
        let all = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], "\(run.output)")
        let section = try #require(all.first)
        let figures = try #require(section["figures"] as? [[String: Any]])
        #expect(Self.number(figures.first { $0["area"] as? String == "Kent" }?["2019-07"]) == 90.5)
        #expect(Self.number(figures.first { $0["area"] as? String == "England" }?["2019-07"]) == 85.0)
        #expect(Self.number(figures.first { $0["area"] as? String == "Statistical neighbours" }?["2019-07"]) == 86.7)
        let summary = try #require(section["summary"] as? [String: Any])
        #expect(summary["national_rank"] as? Int == 47)
        #expect(summary["ranked_of"] as? Int == 149)
        #expect(summary["quartile"] as? String == "B")
        #expect(summary["england_period"] as? String == "2018/19")
    }
}
