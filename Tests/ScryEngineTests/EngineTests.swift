import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
@testable import ScryStore

/// Runs one statement against a store built from small CSV texts.
struct Harness {
    var store: Store
    var settings = EngineSettings()

    init(indicators: String, areas: String = "name,type,parent\nKent,authority,\nThanet,district,Kent\nEngland,national,\n",
         observations: String, neighbours: String? = nil) throws {
        var store = Store()
        var files = [
            "indicators.csv": Array(indicators.utf8), "areas.csv": Array(areas.utf8), "observations.csv": Array(observations.utf8),
        ]
        files["neighbours.csv"] = neighbours.map { Array($0.utf8) }
        try store.add(DatasetLoader.stage(DatasetSource(name: "test", location: "test", files: files)))
        self.store = store
    }

    func run(_ text: String) throws -> ResultTable {
        let source = SourceFile(name: "test", text: text)
        let parsed = Parser.parse(source)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        return try Engine(store: store, settings: settings).run(try #require(parsed.statements.first), in: source)
    }

    func error(_ text: String) throws -> Diagnostic {
        do {
            _ = try run(text)
        } catch let diagnostic as Diagnostic {
            return diagnostic
        }
        Issue.record("expected an error for \(text)")
        throw CancellationError()
    }

    /// The result's cells as text, row by row.
    func texts(_ text: String) throws -> [[String]] {
        try run(text).rows.map { $0.map(CellFormatter.text) }
    }
}

extension ResultTable {
    /// The notes as the shell says them, figures formatted.
    var noteTexts: [String] { notes.map(CellFormatter.text) }
}

let indicators = """
    code,name,theme,polarity,period_type,unit,decimals
    P,Per cent in time,TIMELINESS,H,YTD,percent,1
    L,Re-referrals,OUTCOMES,L,YTD,percent,1
    T,CP plan rate,CHILD PROTECTION,T,SS,per10000,1
    N,Referrals,DEMAND,,M,count,0
    """
let observations = """
    indicator,area,period,value,numerator,denominator,target,rag
    P,Kent,2013-05,80.04,,,85,A
    P,Kent,2013-06,80.0,,,85,A
    P,Kent,2013-07,86.0,,,85,G
    P,Thanet,2013-07,c,c,40,85,
    P,England,2012/13,83.2,,,,
    L,Kent,2013-06,25.0,,,22,R
    L,Kent,2013-07,24.5,,,22,A
    T,Kent,2013-06,36.0,,,35,G
    T,Kent,2013-07,34.0,,,35,G
    N,Kent,2013-06,1200,,,,
    N,Kent,2013-07,1250,,,,
    """

struct DirectionOfTravelTests {
    @Test func higherIsBetterImprovesUpward() {
        #expect(DirectionOfTravel.direction(from: 80, to: 86, polarity: .high, target: nil, decimals: 1) == .improved)
        #expect(DirectionOfTravel.direction(from: 86, to: 80, polarity: .high, target: nil, decimals: 1) == .worsened)
    }

    @Test func lowerIsBetterImprovesDownward() {
        #expect(DirectionOfTravel.direction(from: 25, to: 24.5, polarity: .low, target: nil, decimals: 1) == .improved)
    }

    @Test func sameMeansEqualAtTheDisplayedDecimals() {
        #expect(DirectionOfTravel.direction(from: 80.04, to: 80.0, polarity: .high, target: nil, decimals: 1) == .same)
        #expect(DirectionOfTravel.direction(from: 80.04, to: 80.0, polarity: .high, target: nil, decimals: 2) == .worsened)
        #expect(DirectionOfTravel.direction(from: 4.0 / 6 * 100, to: 5.0 / 6 * 100, polarity: .high, target: nil, decimals: 0) == .improved)
    }

    @Test func closeToTargetIsBetterEitherSide() {
        #expect(DirectionOfTravel.direction(from: 36, to: 34, polarity: .target, target: 35, decimals: 1) == .same, "1 above, then 1 below")
        #expect(DirectionOfTravel.direction(from: 25.3, to: 24.1, polarity: .target, target: 30.5, decimals: 1) == .worsened, "seed 004 A10: further from 30.5")
        #expect(DirectionOfTravel.direction(from: 40, to: 36, polarity: .target, target: 35, decimals: 1) == .improved)
        #expect(DirectionOfTravel.direction(from: 40, to: 36, polarity: .target, target: nil, decimals: 1) == nil, "no target, no direction")
    }

    @Test func activityIndicatorsHaveNoDirection() {
        #expect(DirectionOfTravel.direction(from: 1200, to: 1250, polarity: .none, target: nil, decimals: 0) == nil)
    }
}

struct ShowTests {
    let harness: Harness
    init() throws { harness = try Harness(indicators: indicators, observations: observations) }

    @Test func latestIsEachIndicatorsOwnLatestPeriod() throws {
        #expect(try harness.texts("show code, area, period where period = latest") == [
            ["P", "Kent", "2013-07"], ["P", "Thanet", "2013-07"], ["L", "Kent", "2013-07"], ["T", "Kent", "2013-07"], ["N", "Kent", "2013-07"],
        ])
    }

    @Test func previousAndDirectionAgainstTheSameKindOfPeriod() throws {
        #expect(try harness.texts("show code, period, value, previous, dot where area = Kent and period = latest") == [
            ["P", "2013-07", "86.0%", "80.0%", "↑ improved"],
            ["L", "2013-07", "24.5%", "25.0%", "↑ improved"],
            ["T", "2013-07", "34.0", "36.0", "→ same"],
            ["N", "2013-07", "1,250", "1,200", ""],
        ])
    }

    @Test func aBareWordThatIsAlsoAFunctionIsANameInAComparison() throws {
        // `count` is also the aggregate; beside a column of names it is the unit `count`.
        #expect(try harness.texts("show code where unit = count and period = latest") == [["N"]])
        #expect(try harness.texts("show code where unit in (count, per10000) and area = Kent and period = latest") == [["T"], ["N"]])
        #expect(try harness.texts("show code where unit != count and area = Kent and period = latest").map(\.[0]) == ["P", "L", "T"])
        #expect(try harness.error("show code where unit = count(value)").message.hasPrefix("expected a name to compare 'unit' with"))
    }

    @Test func anUndatedPeriodIsNeverTheLatestOrThePrevious() throws {
        // Indicator 0 has a month and an undated figure; indicator 1 only an undated one (a
        // LAIT measure could be so): it has no latest period at all.
        var store = harness.store
        store.observations = ObservationTable()
        for (indicator, period) in [(0, Period.month(2013, 7)!), (0, Period.undated(0)!), (1, Period.undated(0)!)] {
            store.observations.append(ObservationTable.Row(indicator: indicator, area: 0, period: period, value: .missing(.notAvailable)))
        }
        let periods = LatestPeriods(store)
        #expect(periods.latest[0] == Period.month(2013, 7) && periods.previous[0] == nil)
        #expect(periods.latest[1] == nil && periods.previous[1] == nil)
    }

    @Test func textSortsIgnoringCase() throws {
        let harness = try Harness(
            indicators: "code,name,period_type,unit\nN,Count,M,count\n",
            areas: "name,type,parent\nbeta,authority,\nAlpha,authority,\nGamma,authority,\nalpha two,authority,\n",
            observations: "indicator,area,period,value\nN,beta,2024-01,1\nN,Alpha,2024-01,2\nN,Gamma,2024-01,3\nN,alpha two,2024-01,4\nN,Alpha,2024-02,5\n")
        #expect(try harness.texts("show area order by area") == [["Alpha"], ["Alpha"], ["alpha two"], ["beta"], ["Gamma"]])
        #expect(try harness.texts("show area, value order by area desc, value desc limit 3") == [["Gamma", "3"], ["beta", "1"], ["alpha two", "4"]])
        #expect(try harness.texts("show area, value order by area, value desc limit 2") == [["Alpha", "5"], ["Alpha", "2"]])
    }

    @Test func anUndatedLabelNoIndicatorHasIsAnError() throws {
        #expect(try harness.error("show code where period = 0").message.contains("no figure loaded has '0'"),
                "a local scorecard has no undated labels: a typo, not an empty result")
    }

    @Test func suppressedValuesShowTheirSymbolAndNeverMatchANumber() throws {
        #expect(try harness.texts("show area, value, numerator, denominator where code = P and area = Thanet") == [["Thanet", "c", "c", "40"]])
        #expect(try harness.texts("show area where value >= 0 and area = Thanet").isEmpty)
        #expect(try harness.texts("show area where value is missing") == [["Thanet"]])
    }

    @Test func periodInAFinancialYearTakesItsMonths() throws {
        #expect(try harness.texts("show area, period where code = P and period in 2013/14") == [
            ["Kent", "2013-05"], ["Kent", "2013-06"], ["Kent", "2013-07"], ["Thanet", "2013-07"],
        ])
        #expect(try harness.texts("show period where code = P and area = England and period = 2012/13") == [["2012/13"]])
    }

    @Test func periodRangesAndLastMonths() throws {
        #expect(try harness.texts("show period where code = P and area = Kent and period from 2013-06 to Jul 2013") == [["2013-06"], ["2013-07"]])
        #expect(try harness.texts("show period where code = P and area = Kent and period in last 2 months") == [["2013-06"], ["2013-07"]])
    }

    @Test func categoricalFiltersResolveNames() throws {
        #expect(try harness.texts("show code where polarity = H and area = Kent and period = latest") == [["P"]])
        #expect(try harness.texts("show code where theme = \"child protection\" and period = latest") == [["T"]])
        #expect(try harness.texts("show code where rag = red") == [["L"]])
        #expect(try harness.texts("show area where district in (Thanet)") == [["Thanet"]])
        #expect(try harness.texts("show code where dot = improved") == [["P"], ["L"]])
    }

    @Test func orderAndLimit() throws {
        #expect(try harness.texts("show code, value where area = Kent and period = latest order by value desc limit 2") == [["N", "1,250"], ["P", "86.0%"]])
    }

    @Test func unknownNamesPointAtTheNameWithASuggestion() throws {
        let area = try harness.error("show value where area = Thanett")
        #expect(area.message == "unknown area 'Thanett'")
        #expect(area.range == SourceRange(24, 31))
        #expect(area.suggestion == "did you mean 'Thanet'?")
        let column = try harness.error("show valeu")
        #expect(column.message == "unknown column 'valeu'")
        #expect(column.suggestion == "did you mean 'value'?")
        let rag = try harness.error("show code where rag = redd")
        #expect(rag.suggestion == "did you mean 'red'?")
        let level = try harness.error("show code where district = Kent")
        #expect(level.message == "'Kent' is a authority, not a district")
    }

    @Test func describeGivesMetadata() throws {
        let rows = try harness.texts("describe T")
        #expect(rows.contains(["polarity", "T (close to the target is better)"]))
        #expect(rows.contains(["latest period", "2013-07"]))
        #expect(try harness.error("describe X").message == "unknown indicator 'X'")
    }
}
