import Testing
@testable import ScryEngine
import ScryStore

struct TrendTests {
    let harness: Harness
    init() throws { harness = try Harness(indicators: indicators, observations: observations) }

    @Test func sparklineRunsLowToHighWithGapsForMissingValues() {
        #expect(Sparkline.draw([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.draw([5, nil, 1]) == "█ ▁")
        #expect(Sparkline.draw([3, 3]) == "▄▄")
        #expect(Sparkline.draw([nil]) == " ")
    }

    @Test func oneRowPerPeriodOldestFirstWithDirection() throws {
        let result = try harness.run("trend P for Kent from 2013-05 to 2013-07")
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [
            ["2013-05", "80.0%", "85.0%", "A", ""],
            ["2013-06", "80.0%", "85.0%", "A", "→ same"],
            ["2013-07", "86.0%", "85.0%", "G", "↑ improved"],
        ])
        #expect(result.footer == ["▁▁█"])
    }

    @Test func withoutAnAreaEveryAreaIsItsOwnSeries() throws {
        let result = try harness.run("trend P")
        #expect(result.columns.first?.name == "area")
        #expect(result.footer == ["Kent: ▁▁█", "Thanet:  ", "England: ▄"])
    }

    @Test func unknownIndicatorAndAreaAreErrorsWithSuggestions() throws {
        #expect(try harness.error("trend Q for Kent").message == "unknown indicator 'Q'")
        #expect(try harness.error("trend P for Kant").suggestion == "did you mean 'Kent'?")
    }
}
