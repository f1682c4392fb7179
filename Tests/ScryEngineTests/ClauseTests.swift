import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
@testable import ScryStore

/// `having`, `like`, `count(distinct …)`, the year columns and `limit N per …` on the
/// built-in dataset. Every expected figure was worked out from the dataset's CSV files
/// (examples/data/*/observations.csv and indicators.csv) with a few lines of Python
/// (csv.DictReader, collections.Counter), not taken from scry.
struct ClauseTests {
    let harness: Harness
    init() throws { harness = Harness(store: try BuiltInDataset.load()) }

    /// The byte range of the first `part` in `text` from byte `after` on.
    func place(_ part: String, in text: String, after: Int = 0) -> SourceRange {
        let bytes = Array(text.utf8), needle = Array(part.utf8)
        let start = (after...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle } ?? -1
        return SourceRange(start, start + needle.count)
    }

    // MARK: having

    @Test func havingKeepsTheGroupsThatMeetItBeforeOrderAndLimit() throws {
        // Distinct areas per code, every dataset: CS3 8, CS5_RATE 8, CS13 7, the rest fewer.
        #expect(try harness.texts("count(distinct area) by code having count(distinct area) >= 7") == [["CS13", "7"], ["CS3", "8"], ["CS5_RATE", "8"]])
        #expect(try harness.texts("count(distinct area) by code having count(distinct area) >= 7 order by count(distinct area) desc, code limit 2")
                == [["CS3", "8"], ["CS5_RATE", "8"]])
    }

    @Test func havingNamesGroupsAndComparesAsTheCellsAre() throws {
        // CS3's present values by area: City 92 and 90 (mean 91), EAST 95, NWC 94, SOUTH 92,
        // DCSC 100, Other Citywide Teams 63, England 83, City statistical neighbours 83.
        let rows = try harness.run("avg(value) by area where code = CS3 having avg(value) > 90 and area != DCSC").rows
        #expect(rows.map { $0[0] } == [.text("City"), .text("EAST"), .text("NWC"), .text("SOUTH")])
        #expect(try harness.texts("count by area where code = CS3 having area like \"%c%\" and count = 2") == [["City", "2"]])
        #expect(try harness.texts("count by area where code = CS3 having area in (england, \"City statistical neighbours\")")
                == [["City statistical neighbours", "1"], ["England", "1"]])
        // DAR01's Darlington rows: 2014-12, 2014/15 and 2015-12; the two within 2014/15, in
        // period order (by first month: April 2014, then December 2014).
        #expect(try harness.texts("count by period where code = DAR01 and area = Darlington having period in 2014/15")
                == [["2014/15", "1"], ["2014-12", "1"]])
    }

    @Test func havingSaysTheNotesOfTheGroupsItKeepsOnly() throws {
        // CS3's and CPS38's values are all present in their CSV rows; the other indicators'
        // missing values make groups of their own, whose note goes with them.
        let all = try harness.run("avg(value) by code where code in (CS3, CPS38) or value is missing")
        #expect(all.noteTexts.contains { $0.contains("missing or suppressed") })
        let kept = try harness.run("avg(value) by code where code in (CS3, CPS38) or value is missing having code in (CS3, CPS38)")
        #expect(kept.rows.count == 2)
        #expect(!kept.noteTexts.contains { $0.contains("missing or suppressed") })
    }

    @Test func havingAnUnknownColumnListsTheResultsColumns() throws {
        let text = "count by code having cont > 1"
        let error = try harness.error(text)
        #expect(error.message == "'cont' is not a column of this result: having takes one of 'code', 'count'")
        #expect(error.range == place("cont", in: text))
    }

    @Test func havingComparingNumbersWithANameIsAnError() throws {
        let text = "count by code having count = Kent"
        let error = try harness.error(text)
        #expect(error.message == "'count' holds numbers, so it cannot be compared with 'Kent'")
        #expect(error.range == place("Kent", in: text))
    }

    // MARK: like

    @Test func likeOnAnAreaMatchesEachAreaOnce() throws {
        #expect(try harness.texts("count by area where area like \"darlington%\"") == [
            ["Darlington", "32"], ["Darlington Area 1", "2"], ["Darlington Area 2", "2"], ["Darlington Area 3", "2"],
            ["Darlington statistical neighbours", "1"],
        ])
        #expect(try harness.texts("count by area where area like \"Darlington Area _\"") == [
            ["Darlington Area 1", "2"], ["Darlington Area 2", "2"], ["Darlington Area 3", "2"],
        ])
    }

    @Test func likeOnAnIndicatorsNameAndNotLike() throws {
        // Indicators whose name holds "foster", in any case, and their rows.
        #expect(try harness.texts("count by code where name like \"%FOSTER%\"") == [
            ["CPS06", "3"], ["CPS47", "3"], ["D7", "2"], ["SCS15", "3"], ["SCS16", "5"], ["SCS17", "5"], ["SCS34", "3"], ["SCS35", "3"],
        ])
        let all = try harness.run("count").rows[0][0], fostering = try harness.run("count where name like \"%foster%\"").rows[0][0]
        let others = try harness.run("count where name not like \"%foster%\"").rows[0][0]
        guard case .count(let total) = all, case .count(let matched) = fostering, case .count(let rest) = others else {
            Issue.record("not counts"); return
        }
        #expect(matched == 27 && matched + rest == total)
    }

    @Test func likeOnRowTextMatchesEachRow() throws {
        // Notes of the kent-2013-07 observations that start "outturn".
        let rows = try harness.texts("show code, period where note like \"outturn%\" and code = SCS01")
        #expect(rows == [["SCS01", "2013-03"]])
    }

    @Test func likeOnANumberIsAnErrorAtTheColumn() throws {
        let text = "show code where value like \"9%\""
        let error = try harness.error(text)
        #expect(error.message == "'like' matches text, and 'value' holds numbers: compare it with '=', '<', 'in (…)' or 'between'")
        #expect(error.range == place("value", in: text, after: 10))
    }

    // MARK: count(distinct …)

    @Test func countDistinctCountsPresentValuesPerGroup() throws {
        // Distinct periods per dataset.
        #expect(try harness.texts("count(distinct period) by dataset") == [
            ["city-2017-12", "6"], ["darlington-2015-q3", "7"], ["kent-2012-07", "3"], ["kent-2013-07", "7"], ["kent-2019-07", "14"],
        ])
        let result = try harness.run("count( distinct   area ) by code where code = CS1")
        #expect(result.columns.map(\.name) == ["code", "count(distinct area)"])
        // CS1: City, EAST, NWC, SOUTH, DCSC, Other Citywide Teams; its values 3, 1, 0, 1, 0, 0, 0
        // are three distinct ones.
        #expect(try harness.texts("count(distinct area), count(distinct value), count by code where code = CS1") == [["CS1", "6", "3", "7"]])
    }

    @Test func countDistinctOfAnIndicatorColumnCountsValuesNotIndicators() throws {
        // Each dataset's themes (ignoring case) among the indicators with rows, and how many
        // indicators: kent-2012-07 5 of 45, kent-2013-07 7 of 48, kent-2019-07 11 of 163,
        // darlington-2015-q3 5 of 24, city-2017-12 none of 22: the city's indicators have no theme, so none counted.
        #expect(try harness.texts("count(distinct theme), count(distinct code) by dataset") == [
            ["city-2017-12", "0", "22"], ["darlington-2015-q3", "5", "24"], ["kent-2012-07", "5", "45"],
            ["kent-2013-07", "7", "48"], ["kent-2019-07", "11", "163"],
        ])
    }

    // MARK: Years

    @Test func monthsRollUpToTheYearHoldingTheirLastMonth() throws {
        // SCS02 in Kent: 2012-09, 2012-12, 2013-03, 2013-06, 2013-07.
        #expect(try harness.texts("count by financial_year, academic_year, calendar_year where code = SCS02") == [
            ["2012/13", "AY 2012/13", "2012", "2"], ["2012/13", "AY 2012/13", "2013", "1"], ["2013/14", "AY 2012/13", "2013", "2"],
        ])
        // CPS38, a monthly count: 2019-07 91 and 2019-06 82 in 2019/20; 2018-07 94 in 2018/19.
        #expect(try harness.texts("sum(value) by financial_year where code = CPS38") == [["2018/19", "94"], ["2019/20", "173"]])
        #expect(try harness.texts("show period where code = SCS02 and financial_year = 2013/14") == [["2013-06"], ["2013-07"]])
        #expect(try harness.texts("show period where code = SCS02 and academic_year = \"AY 2012/13\" and calendar_year in (2012)")
                == [["2012-09"], ["2012-12"]])
        #expect(try harness.texts("show period where code = SCS02 and calendar_year between 2013 and 2013 and financial_year != 2013/14")
                == [["2013-03"]])
    }

    // MARK: limit N per …

    @Test func limitPerTakesTheFirstRowsOfEachGroup() throws {
        // DAR01 by area, highest first: Darlington 444 (2015-12), 316 (2014/15), 224 (2014-12);
        // Area 1 167, 68; Area 2 162, 123; Area 3 125 (2014/15), 115 (2015-12).
        #expect(try harness.texts("show area, period where code = DAR01 order by value desc limit 1 per area") == [
            ["Darlington", "2015-12"], ["Darlington Area 1", "2015-12"], ["Darlington Area 2", "2015-12"], ["Darlington Area 3", "2014/15"],
        ])
        #expect(try harness.texts("show area, period where code = DAR01 order by value limit 2 per area") == [
            ["Darlington", "2014-12"], ["Darlington", "2014/15"], ["Darlington Area 1", "2014/15"], ["Darlington Area 1", "2015-12"],
            ["Darlington Area 2", "2014/15"], ["Darlington Area 2", "2015-12"], ["Darlington Area 3", "2015-12"], ["Darlington Area 3", "2014/15"],
        ])
    }

    @Test func limitPerBreaksTiesByLaterItemsThenTheDataOrder() throws {
        // CS1's lowest value, 0, is EAST's, SOUTH's, DCSC's and Other Citywide Teams': EAST's row
        // comes first in the file; by area descending, SOUTH.
        #expect(try harness.texts("show code, area where code = CS1 order by value limit 1 per code") == [["CS1", "EAST"]])
        #expect(try harness.texts("show code, area where code = CS1 order by value, area desc limit 1 per code") == [["CS1", "SOUTH"]])
        #expect(try harness.texts("show code, area where code = CS1 limit 0 per code").isEmpty)
    }

    @Test func ctrlCStopsLimitPerAndADistinctCount() throws {
        let flag = Interruption.Flag()
        flag.request()
        for text in ["show code, value order by value desc limit 2 per code", "count(distinct value) by code having count > 1"] {
            let diagnostic = try Interruption.$current.withValue(flag) { try harness.error(text) }
            #expect(diagnostic.message == "interrupted", "\(text)")
        }
    }

    @Test func limitPerOnAnUnknownColumnIsAnErrorAtIt() throws {
        let text = "show code limit 1 per nonsense"
        #expect(try harness.error(text).range == place("nonsense", in: text))
    }
}
