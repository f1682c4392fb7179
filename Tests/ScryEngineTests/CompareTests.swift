import Testing
@testable import ScryEngine
import ScryStore

struct CompareTests {
    let harness: Harness
    init() throws {
        let areas = """
            name,type,parent
            South East,region,
            Kent,authority,South East
            Thanet,district,Kent
            Kent statistical neighbours,neighbours,Kent
            England,national,
            """
        let indicators = "code,name,polarity,period_type,unit,decimals\nP,Per cent seen,H,SS,percent,1\nL,Re-referrals,L,YTD,percent,1\n"
        let observations = """
            indicator,area,period,value,numerator,denominator
            P,Kent,2016-12,92.2,923,1001
            P,Kent,2015-12,90.0,,
            P,Thanet,2016-12,70.0,7,10
            P,England,2015/16,83.0,,
            P,England,2016/17,85.0,,
            P,South East,2015/16,88.0,,
            P,Kent statistical neighbours,2015/16,92.2,,
            L,Kent,2016-12,c,c,120
            L,England,2015/16,22.0,,
            """
        harness = try Harness(indicators: indicators, areas: areas, observations: observations)
    }

    @Test func wilsonIntervalMatchesTheTextbook() throws {
        let interval = try #require(Significance.wilsonInterval(successes: 40, trials: 100))
        #expect(abs(interval.low - 0.3094) < 0.0001)
        #expect(abs(interval.high - 0.4980) < 0.0001)
        #expect(Significance.verdict(successes: 923, trials: 1001, comparator: 0.83) == .higher)
        #expect(Significance.verdict(successes: 40, trials: 100, comparator: 0.45) == .similar)
        #expect(Significance.wilsonInterval(successes: 1, trials: 0) == nil)
    }

    @Test func laggingComparatorIsMatchedAsOfTheLocalPeriodAndNamed() throws {
        // England 2016/17 ends in March 2017, after December 2016: 2015/16 is used.
        let rows = try harness.texts("compare P with england where area = Kent and period = 2016-12")
        #expect(rows == [["P", "Kent", "2016-12", "92.2%", "83.0%", "2015/16", "9.2", "better", "significantly higher"]])
    }

    @Test func regionAndNeighboursComeFromTheAreasLinks() throws {
        let rows = try harness.texts("compare P with region, neighbours where area = Thanet")
        #expect(rows == [["P", "Thanet", "2016-12", "70.0%",
                          "88.0%", "2015/16", "-18.0", "worse", "not significantly different",
                          "92.2%", "2015/16", "-22.2", "worse", "significantly lower"]])
    }

    @Test func sameAtDisplayedPrecisionIsSimilarAndYearAgoIsTwelveMonthsBack() throws {
        let rows = try harness.texts("compare P with neighbours, year_ago where area = Kent")
        #expect(rows[0][7] == "similar")
        #expect(Array(rows[0][9...11]) == ["90.0%", "2015-12", "2.2"])
    }

    @Test func suppressedLocalFigureHasNoGapOrVerdict() throws {
        let rows = try harness.texts("compare L with england where area = Kent")
        #expect(rows == [["L", "Kent", "2016-12", "c", "22.0%", "2015/16", "", "", ""]])
    }

    @Test func orderByGapAndUnknownComparator() throws {
        let rows = try harness.texts("compare P with england order by gap desc")
        #expect(rows.map { $0[1] } == ["Kent", "Thanet", "Kent"], "Kent 2015-12 has no England figure as of then: it sorts last")
        let error = try harness.error("compare P with englnd")
        #expect(error.message == "unknown comparator 'englnd'")
        #expect(error.suggestion == "did you mean 'england'?")
    }
}
