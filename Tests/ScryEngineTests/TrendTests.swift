import Testing
@testable import ScryEngine
@testable import ScryShell
import ScryStore

struct TrendTests {
    let harness: Harness
    init() throws { harness = try Harness(indicators: indicators, observations: observations) }

    @Test func oneRowPerPeriodOldestFirstWithDirection() throws {
        let result = try harness.run("trend P for Kent from 2013-05 to 2013-07")
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [
            ["2013-05", "80.0%", "85.0%", "A", ""],
            ["2013-06", "80.0%", "85.0%", "A", "→ same"],
            ["2013-07", "86.0%", "85.0%", "G", "↑ improved"],
        ])
        #expect(result.series == [.init(label: "Kent", values: [80.04, 80.0, 86.0])])
        #expect(Sparkline.lines(result.series) == ["▁▁█"])
    }

    @Test func withoutAnAreaEveryAreaIsItsOwnSeries() throws {
        let result = try harness.run("trend P")
        #expect(result.columns.first?.name == "area")
        // Thanet's one figure is suppressed; England's is 83.2 for 2012/13.
        #expect(result.series == [.init(label: "Kent", values: [80.04, 80.0, 86.0]), .init(label: "Thanet", values: [nil]),
                                  .init(label: "England", values: [83.2])])
        #expect(Sparkline.lines(result.series) == ["Kent: ▁▁█", "Thanet:  ", "England: ▄"])
    }

    @Test func unknownIndicatorAndAreaAreErrorsWithSuggestions() throws {
        #expect(try harness.error("trend Q for Kent").message == "unknown indicator 'Q'")
        #expect(try harness.error("trend P for Kant").suggestion == "did you mean 'Kent'?")
    }
}
