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
                          "92.2%", "2015/16", "-22.2", "worse", "significantly lower"]],
                "a published neighbour average has no median and no count: no columns for them")
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

    @Test func derivedComparatorColumnsWorkInShowAndFilters() throws {
        let rows = try harness.texts("show area, england, england_period, gap, verdict, gap_region, verdict_year_ago, year_ago, dot_year where code = P and period = 2016-12")
        #expect(rows == [["Kent", "83.0%", "2015/16", "9.2", "better", "4.2", "better", "90.0%", "↑ improved"],
                         ["Thanet", "83.0%", "2015/16", "-13.0", "worse", "-18.0", "", "", ""]])
        #expect(try harness.texts("show area where code = P and verdict = worse") == [["Thanet"]])
        #expect(try harness.texts("show area where code = P and gap_england > 0 and dot_year = improved") == [["Kent"]])
        let error = try harness.error("show area where verdict = wrose")
        #expect(error.suggestion == "did you mean 'worse'?")
    }
}

/// Statistical neighbour groups: the mean and median of the neighbours with a figure for
/// the comparator period, and how many had one.
struct NeighbourGroupTests {
    let harness: Harness
    init() throws {
        let names = ["Kent", "Essex", "Surrey", "Hampshire", "Medway"]
        let areas = "name,type,parent\nSouth East,region,\n" + names.map { "\($0),authority,South East\n" }.joined() + "England,national,\n"
        let indicators = "code,name,polarity,period_type,unit,decimals\nR,Re-referrals,L,A,percent,1\n"
        // Essex has no 2024 figure (suppressed), Hampshire's latest is 2023: the comparator
        // period is 2024, and only Surrey and Medway count.
        let observations = """
            indicator,area,period,value,numerator,denominator
            R,Kent,2024,20.0,20,100
            R,Essex,2024,c,,
            R,Essex,2023,30.0,,
            R,Surrey,2024,25.0,,
            R,Medway,2024,18.5,,
            R,Hampshire,2023,40.0,,
            """
        harness = try Harness(indicators: indicators, areas: areas, observations: observations,
                              neighbours: "area,neighbour,rank\nKent,Surrey,2\nKent,Essex,1\nKent,Hampshire,3\nKent,Medway,4\n")
    }

    @Test func meanAndMedianOfTheNeighboursWithDataAndHowMany() throws {
        let rows = try harness.texts("compare R with neighbours where area = Kent")
        // Ranked among the authorities with a 2024 figure (lower better): Medway 18.5, Kent
        // 20.0, Surrey 25.0: 2nd of 3, and no band, since bands need four figures.
        #expect(rows == [["R", "Kent", "2024", "20.0%", "2", "3", "", "21.8%", "2024", "21.8%", "2", "-1.8", "better", "not significantly different"]])
        #expect(try harness.texts("show neighbours_mean, neighbours_median, neighbours_count where area = Kent")
            == [["21.8%", "21.8%", "2"]])
    }

    /// The group's size counts every neighbour listed for Kent (four), beside the two of
    /// them with a 2024 figure; an area with no group has neither.
    @Test func theGroupsSizeBesideHowManyHadData() throws {
        #expect(try harness.texts("show area, neighbours_count, neighbours_size where area in (Kent, Surrey)")
            == [["Kent", "2", "4"], ["Surrey", "", ""]])
    }

    @Test func neighbourOrderFollowsTheRankColumn() throws {
        let kent = try #require(harness.store.area(named: "Kent"))
        #expect(harness.store.areas[kent].neighbours.map { harness.store.areas[$0].name } == ["Essex", "Surrey", "Hampshire", "Medway"])
    }

    @Test func noNeighbourWithDataGivesACountOfNone() throws {
        let rows = try harness.texts("show area, neighbours_mean, neighbours_count where area = Kent and period = 2024")
        #expect(rows == [["Kent", "21.8%", "2"]])
        let earlier = try Harness(indicators: "code,name,polarity,period_type,unit,decimals\nR,Re-referrals,L,A,percent,1\n",
                                  areas: "name,type,parent\nKent,authority,\nEssex,authority,\n",
                                  observations: "indicator,area,period,value\nR,Kent,2024,20.0\nR,Essex,2024,x\n",
                                  neighbours: "area,neighbour\nKent,Essex\n")
        #expect(try earlier.texts("show neighbours_mean, neighbours_count, verdict_neighbours where area = Kent") == [["", "0", ""]])
    }
}
