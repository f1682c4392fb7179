import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ScryShell
import ScryEngine
import ScryStore
import ScryTestSupport
import ScryLanguage

/// The scorecard report over the built-in dataset. Expected figures are the seeds' own, or
/// worked out with Python from `examples/data/kent-2012-07/*.csv` as noted.
struct ScorecardTests {
    func result(_ statement: String, format: OutputFormat = .json) throws -> (text: String, errors: String) {
        let output = StringOutput(), errors = StringOutput()
        let session = Session(store: try BuiltInDataset.load(), output: output, errors: errors)
        session.format = format
        #expect(session.runScript(statement, name: "test"), "\(errors.text)")
        return (output.text, errors.text)
    }

    func sections(_ statement: String) throws -> [[String: Any]] {
        let text = try result(statement).text
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text)")
    }

    @Test func kentJuly2012HasTheDocumentsSectionsAndRatings() throws {
        let all = try sections("scorecard for Kent in 2012-07")
        // Seed 004's five section headings (its lines 5, 32, 45, 65 and 90), then the summary.
        #expect(all.compactMap { $0["title"] as? String } == ["HOW MUCH ARE WE DEALING WITH ?", "HOW LONG IS IT TAKING US ?",
                                                               "HOW WELL ARE WE DOING IT ?", "ARE WE ACHIEVING GOOD OUTCOMES ?",
                                                               "ARE WE SUPPORTING OUR STAFF ?", "Summary"])
        let first = try #require((all.first?["indicators"] as? [[String: Any]])?.first)
        // A1: "62.0 R 1937 312597 64.4 77.2" (result, RAG, numerator, denominator, June, target).
        #expect(first["code"] as? String == "A1")
        #expect(BenchmarkTests.number(first["value"]) == 62.0)
        #expect(first["numerator"] as? Int == 1937 || BenchmarkTests.number(first["numerator"]) == 1937)
        #expect(first["rag"] as? String == "R")
        #expect(BenchmarkTests.number(first["previous"]) == 64.4)
        #expect(first["dot"] as? String == "worsened")
        let summary = try #require(all.last)
        let ratings = try #require(summary["ratings"] as? [[String: Any]])
        // "19 indicators rated as Green, 17 indicators rated as Amber and 9 indicators rated as Red".
        #expect(ratings.map { $0["rag"] as? String } == ["G", "A", "R"])
        #expect(ratings.map { $0["published"] as? Int } == [19, 17, 9])
        #expect(ratings.map { $0["calculated"] as? Int } == [0, 0, 0])
        // Directions by docs/domain.md's rule, worked out with Python from the CSV files:
        // 25 improved, 2 the same (equal at the decimals shown), 18 worse.
        let directions = try #require(summary["directions"] as? [[String: Any]])
        #expect(directions.map { $0["indicators"] as? Int } == [25, 2, 18])
    }

    @Test func aCalculatedRatingIsMarkedAndCountedApart() throws {
        // Seed 002 prints no RAG for its caseloads though they have targets: CPS48 15.9
        // against 15.0 (lower is better, 10% tolerance, no floor) is amber.
        let all = try sections(#"scorecard for Kent where dataset = "kent-2019-07" and code in (CPS47, CPS48)"#)
        let rows = all.flatMap { $0["indicators"] as? [[String: Any]] ?? [] }
        let caseload = try #require(rows.first { $0["code"] as? String == "CPS48" })
        #expect(caseload["rag"] == nil || caseload["rag"] is NSNull)
        #expect(caseload["rag_calc"] as? String == "A")
        let summary = try #require(all.last?["ratings"] as? [[String: Any]])
        #expect(summary.first { $0["rag"] as? String == "A" }?["calculated"] as? Int == 1)
    }

    @Test func severalDatasetsGiveTheLatestWithANote() throws {
        let (text, errors) = try result("scorecard for Kent", format: .csv)
        #expect(text.contains("CPS01"), "July 2019's scorecard")
        #expect(!text.contains("SCS01"))
        #expect(errors.contains("Kent is in 3 datasets: this is kent-2019-07's scorecard"))
    }

    @Test func theHTMLPageIsWellFormedSelfContainedAndReadableWithoutColour() throws {
        let html = try result("scorecard for Kent in 2012-07", format: .html).text
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        #expect(!html.lowercased().contains("http"), "no external reference")
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(html.contains("@page { size: A4"))
        // A1's row, as seed 004 prints it: 62.0, R, 1937, 312597, June's 64.4, target 77.2.
        let a1 = try #require(html.components(separatedBy: "<tr>").first { $0.hasPrefix("<td>A1</td>") })
        #expect(a1.contains("<td class=\"number\">62.0</td>"))
        #expect(a1.contains("<td class=\"number\">1,937</td>"))
        #expect(a1.contains("<td class=\"rag-R\">R Red</td>"), "the rating in words as well as colour")
        #expect(a1.contains("<td class=\"number\">77.2</td>"))
        #expect(a1.contains("↓ worsened"))
        #expect(a1.contains("<svg class=\"sparkline\""), "June and July drawn")
        // B6 (97.9% in June and July): the same, in words.
        let b6 = try #require(html.components(separatedBy: "<tr>").first { $0.hasPrefix("<td>B6</td>") })
        #expect(b6.contains("→ same"))
    }

    /// `examples/scorecard/kent-2012-07.html`, the page README links, is what scry makes
    /// now (`SCRY_RECORD=1` writes it anew), and it is one well-formed page.
    @Test func theCommittedPageIsCurrent() throws {
        let html = try result("scorecard for Kent in 2012-07", format: .html).text
        try GoldenTests.check(html, against: Repository.path("examples/scorecard/kent-2012-07.html"))
        #expect(html.components(separatedBy: "<!DOCTYPE html>").count == 2, "one page")
    }

    @Test func aChartIsSetInItsPage() throws {
        let html = try result("chart CPS05 for Kent with england", format: .html).text
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        #expect(html.contains("<svg ") && html.contains("role=\"img\"") && html.contains("<title id=\"chart-title\">"))
        #expect(!html.lowercased().contains("http") && !html.contains("<?xml") && !html.lowercased().contains("<script"))
        #expect(html.contains("<title>CPS05 CIC Placement stability: % in same placement for last 2 years</title>"))
    }

    @Test func aSparklineHasAGapWhereAFigureIsMissing() {
        let svg = HTMLRenderer.sparkline([1, 2, nil, 3, 4])
        #expect(svg.components(separatedBy: "<polyline").count == 3, "two runs either side of the gap")
        #expect(svg.contains("aria-label=\"trend: 1.0, 2.0, missing, 3.0, 4.0\""))
    }

    @Test func mistakes() throws {
        let output = StringOutput(), errors = StringOutput()
        let session = Session(store: try BuiltInDataset.load(), output: output, errors: errors)
        #expect(!session.runScript("scorecard for Kentt", name: "test"))
        #expect(errors.text.contains("unknown area 'Kentt'"))
        #expect(Parser.parse(SourceFile(name: "t", text: "scorecard Kent")).diagnostics.first?.message
                == "expected 'for' after 'scorecard', found 'Kent'")
    }
}
