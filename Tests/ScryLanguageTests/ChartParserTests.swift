import Testing
@testable import ScryLanguage

/// `chart`: over time (for, with, from … to) and by area (by, in, highlight).
struct ChartParserTests {
    @Test func aLineChartTakesAreasComparatorsAndARange() throws {
        let text = "chart A10 for Kent, \"Tonbridge and Malling\" with england, neighbours from 2012-09 to 2013-07 where dataset = x"
        guard case .chart(let chart) = try parseOne(text).kind else { Issue.record("not a chart"); return }
        #expect(chart.indicator.text == "A10")
        #expect(chart.filter != nil)
        guard case .overTime(let areas, let comparators, let from, let to) = chart.layout else { Issue.record("not over time"); return }
        #expect(areas.map(\.text) == ["Kent", "Tonbridge and Malling"])
        #expect(comparators.map(\.text) == ["england", "neighbours"])
        #expect(from?.range == rangeOf("2012-09", in: text))
        #expect(to?.range == rangeOf("2013-07", in: text))
    }

    @Test func aBarChartTakesALevelAPeriodAndAnAreaToHighlight() throws {
        let text = "chart CS3 by districts in 2017-12 highlight EAST"
        guard case .chart(let chart) = try parseOne(text).kind else { Issue.record("not a chart"); return }
        guard case .byArea(let level, let period, let highlight) = chart.layout else { Issue.record("not by area"); return }
        #expect(level.text == "districts")
        #expect(period?.range == rangeOf("2017-12", in: text))
        #expect(highlight?.text == "EAST")
        #expect(highlight?.range == rangeOf("EAST", in: text))
        // `highlight` is a word, not a keyword: an area may be called so.
        #expect(Parser.parse(SourceFile(name: "test", text: "show value where area = highlight")).diagnostics.isEmpty)
    }

    @Test func aWordOutOfPlaceNamesWhatMayFollow() {
        let diagnostic = Parser.parse(SourceFile(name: "test", text: "chart CS3 by districts higlight EAST")).diagnostics.first
        #expect(diagnostic?.message == "expected 'in', 'highlight', 'where' or the end of the statement, found 'higlight'")
        #expect(diagnostic?.range == SourceRange(23, 31))
        #expect(diagnostic?.suggestion == "did you mean 'highlight'?")
        let missing = Parser.parse(SourceFile(name: "test", text: "chart")).diagnostics.first
        #expect(missing?.message == "expected an indicator code or its name in quotes after 'chart', found the end of the input")
    }
}
