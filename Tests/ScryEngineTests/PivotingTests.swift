import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
import ScryStore

/// `pivot by COLUMN` and `trend … for A, B`, over the harness's figures (EngineTests.swift):
/// P for Kent is 80.04, 80.0 and 86.0 for May to July 2013 against 85 (A, A, G), Thanet's
/// July figure is suppressed as `c`, England's is 83.2 for 2012/13; L, T and N have Kent's
/// June and July only.
struct PivotingTests {
    let harness: Harness
    init() throws { harness = try Harness(indicators: indicators, observations: observations) }

    func headers(_ text: String) throws -> [String] { try harness.run(text).columns.map(\.name) }

    /// Where `part` first lies in `text`, in bytes.
    func place(_ part: String, in text: String) -> SourceRange {
        let bytes = Array(text.utf8), needle = Array(part.utf8)
        let start = (0...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle } ?? -1
        return SourceRange(start, start + needle.count)
    }

    @Test func periodsBecomeColumnsAndTheRemainingKeysKeyTheRows() throws {
        let text = "show code, period, value where area = Kent and period from 2013-06 to 2013-07 pivot by period"
        #expect(try headers(text) == ["code", "2013-06", "2013-07"])
        #expect(try harness.texts(text) == [
            ["P", "80.0%", "86.0%"], ["L", "25.0%", "24.5%"], ["T", "36.0", "34.0"], ["N", "1,200", "1,250"],
        ])
        #expect(try harness.run(text).columns.map(\.isNumeric) == [false, true, true])
    }

    @Test func periodColumnsRunOldestFirstWhateverTheRowsOrder() throws {
        let text = "show code, period, value where code = P and area = Kent order by period desc pivot by period"
        #expect(try headers(text) == ["code", "2013-05", "2013-06", "2013-07"])
        #expect(try harness.texts(text) == [["P", "80.0%", "80.0%", "86.0%"]])
    }

    @Test func aSuppressedFigureKeepsItsSymbolAndAnAbsentOneIsBlank() throws {
        let text = "show area, period, value where code = P and area in (Kent, Thanet) pivot by period"
        #expect(try harness.texts(text) == [["Kent", "80.0%", "80.0%", "86.0%"], ["Thanet", "", "", "c"]])
        #expect(try harness.run(text).rows[1][3] == Cell.missing(.confidential))
    }

    @Test func severalFiguresGetARowEachNamedInAFigureColumn() throws {
        // As a scorecard's trend table: result, target and RAG under the months.
        let text = "show period, value, target, rag where code = P and area = Kent pivot by period"
        let result = try harness.run(text)
        #expect(result.columns.map(\.name) == ["figure", "2013-05", "2013-06", "2013-07"])
        #expect(try harness.texts(text) == [
            ["value", "80.0%", "80.0%", "86.0%"], ["target", "85.0%", "85.0%", "85.0%"], ["rag", "A", "A", "G"],
        ])
        // Figures and ratings in one column: the machine formats write each as shown.
        #expect(result.columns[1].isMixed)
    }

    @Test func areasBecomeColumnsInTheOrderTheyFirstAppear() throws {
        let text = "show code, area, value where code = P and period = 2013-07 pivot by area"
        #expect(try headers(text) == ["code", "Kent", "Thanet"])
        #expect(try harness.texts(text) == [["P", "86.0%", "c"]])
    }

    @Test func areasBecomeColumnsInTheOrderTheFilterListsThem() throws {
        let text = "show code, area, value where code = P and period = 2013-07 and area in (Thanet, Kent) pivot by area"
        #expect(try headers(text) == ["code", "Thanet", "Kent"])
        #expect(try harness.texts(text) == [["P", "c", "86.0%"]])
    }

    @Test func ratingsBecomeColumnsRedAmberGreen() throws {
        #expect(try headers("count by code, rag where rag is not missing pivot by rag") == ["code", "R", "A", "G"])
    }

    @Test func anAggregationsGroupsKeyTheRowsAndItsMeasuresFillTheCells() throws {
        let text = "count by code, period where area = Kent and period from 2013-06 to 2013-07 order by code pivot by period"
        #expect(try headers(text) == ["code", "2013-06", "2013-07"])
        #expect(try harness.texts(text) == [["L", "1", "1"], ["N", "1", "1"], ["P", "1", "1"], ["T", "1", "1"]])
    }

    @Test func aTrendForSeveralAreasSetsThemSideBySideInTheOrderGiven() throws {
        let result = try harness.run("trend P for England, Kent")
        #expect(result.columns.map(\.name) == ["period", "England", "Kent"])
        // England's 2012/13 ends in March 2013, before Kent's months.
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [
            ["2012/13", "83.2%", ""], ["2013-05", "", "80.0%"], ["2013-06", "", "80.0%"], ["2013-07", "", "86.0%"],
        ])
        #expect(result.series.map(\.label) == ["England", "Kent"])
    }

    @Test func aTrendPivotedByPeriodIsARowOfValues() throws {
        #expect(try headers("trend P for Kent pivot by period") == ["area", "2013-05", "2013-06", "2013-07"])
        #expect(try harness.texts("trend P for Kent, Thanet pivot by period") == [
            ["Kent", "80.0%", "80.0%", "86.0%"], ["Thanet", "", "", "c"],
        ])
    }

    @Test func aCompareForSeveralAreasSetsThemSideBySideAFigureARow() throws {
        // England's 83.2 for 2012/13 is the latest on or before July 2013: Kent's 86.0 is 2.8
        // above it, better for a higher-is-better indicator; Thanet's suppressed figure has no gap.
        let result = try harness.run("compare P with england for Kent, Thanet where period = 2013-07")
        #expect(result.columns.map(\.name) == ["code", "period", "figure", "Kent", "Thanet"])
        let rows = result.rows.map { $0.map(CellFormatter.text) }
        #expect(rows.map { $0[2] } == ["value", "england", "england_period", "gap", "verdict", "significance"])
        #expect(rows[0] == ["P", "2013-07", "value", "86.0%", "c"])
        #expect(rows[1] == ["P", "2013-07", "england", "83.2%", "83.2%"])
        #expect(rows[2] == ["P", "2013-07", "england_period", "2012/13", "2012/13"])
        #expect(rows[3] == ["P", "2013-07", "gap", "2.8", ""])
        #expect(rows[4] == ["P", "2013-07", "verdict", "better", ""])
    }

    @Test func twoFiguresForOneCellAreAnErrorAtThePivot() throws {
        let text = "show period, value where code = P pivot by period"
        let error = try harness.error(text)
        #expect(error.message == "more than one figure under period '2013-07': show the column that tells them apart (such as area, code or dataset), or narrow the filter")
        #expect(error.range == place("pivot by period", in: text))
    }

    @Test func twoFiguresForOneCellNameTheRow() throws {
        let error = try harness.error("show code, period, value where code = P pivot by period")
        #expect(error.message.hasPrefix("more than one figure in row 'P' under period '2013-07':"))
    }

    @Test func aColumnTheResultLacksIsAnErrorWithTheColumnsItHas() throws {
        let text = "show code, value pivot by aera"
        let error = try harness.error(text)
        #expect(error.message == "the result has no column 'aera' to pivot by: its columns are 'code', 'value'")
        #expect(error.range == place("aera", in: text))
    }

    @Test func aPivotWithNothingToSpreadIsAnError() throws {
        let error = try harness.error("show code, period pivot by period")
        #expect(error.message.hasPrefix("nothing is left to set out under the values of 'period'"))
    }

    @Test func morePivotColumnsThanAScreenShowsAreRefusedWithANarrowerRange() throws {
        // 30 months of one indicator, one column each.
        let rows = (0..<30).map { month in "N,Kent,\(2011 + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1),\(month),,,," }
        let many = try Harness(indicators: indicators, observations: "indicator,area,period,value,numerator,denominator,target,rag\n" + rows.joined(separator: "\n"))
        let text = "show code, period, value pivot by period"
        let error = try many.error(text)
        #expect(error.message == "pivot by period would make 30 columns, more than the 24 a screen can show: ask for a narrower range of periods (period from 2012-09 to 2013-07, period in last 12 months)")
        #expect(error.range == place("pivot by period", in: text))
        #expect(try many.run("show code, period, value where period in last 12 months pivot by period").columns.count == 13)
    }
}

/// Kent and Medway side by side over the real national data in ../shared/lait (skipped
/// where it is absent). ReReferral's figures read from bds_long.csv with Python: Kent
/// 28.1, 21.5, 21.8, 23.3, 21.6 and Medway 25.1, 20.6, 21.1, 23.9, 24.8 for the years
/// labelled 2021 to 2025 (financial years 2020/21 to 2024/25); England 22.6 in 2025.
struct RealLAITPivotTests {
    @Test(.enabled(if: RealLAITTests.present, "../shared/lait is not here")) func kentAndMedwaySideBySide() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let trend = try lait.run("trend ReReferral for Kent, Medway from 2021 to 2025")
        #expect(trend.columns.map(\.name) == ["period", "Kent", "Medway"])
        #expect(trend.rows.map { $0.map(CellFormatter.text) } == [
            ["2020/21", "28.1%", "25.1%"], ["2021/22", "21.5%", "20.6%"], ["2022/23", "21.8%", "21.1%"],
            ["2023/24", "23.3%", "23.9%"], ["2024/25", "21.6%", "24.8%"],
        ])
        #expect(try lait.texts("show area, period, value where code = ReReferral and area in (Kent, Medway) and period from 2024 to 2025 pivot by period") == [
            ["Kent", "23.3%", "21.6%"], ["Medway", "23.9%", "24.8%"],
        ])
        // 21.6 − 22.6 = −1.0 and 24.8 − 22.6 = 2.2 against England.
        let compare = try lait.texts("compare ReReferral with england for Kent, Medway where period = 2025")
        #expect(compare.first { $0[2] == "value" } == ["ReReferral", "2024/25", "value", "21.6%", "24.8%"])
        #expect(compare.first { $0[2] == "england" } == ["ReReferral", "2024/25", "england", "22.6%", "22.6%"])
        #expect(compare.first { $0[2] == "gap" } == ["ReReferral", "2024/25", "gap", "-1.0", "2.2"])
    }
}
