import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
import ScryStore

struct StatisticsTests {
    @Test func percentilesAreRType7() {
        // R: quantile(c(1, 2, 3, 4), c(.25, .5, .9)) gives 1.75 2.5 3.7
        #expect(Statistics.percentile([4, 1, 3, 2], 25) == 1.75)
        #expect(Statistics.percentile([4, 1, 3, 2], 50) == 2.5)
        #expect(abs(Statistics.percentile([4, 1, 3, 2], 90)! - 3.7) < 1e-12)
        #expect(Statistics.percentile([7], 90) == 7)
        #expect(Statistics.percentile([], 50) == nil)
    }

    /// Percentiles by selection (Floyd and Rivest's, sampling above 600 values) are those a
    /// sort gives, for lists of every size around the sampling's threshold, with many equal
    /// values and with few, every percentile at once; and a selection leaves the k-th
    /// smallest at k, none larger before it, none smaller after.
    @Test func selectionGivesWhatASortGives() {
        var random: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ range: UInt64) -> Double {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((random >> 33) % range)
        }
        let ps: [Double] = [100, 0, 50, 90, 25, 99.9, 3, 75]
        for size in [1, 2, 3, 7, 600, 601, 602, 1_000, 4_999, 20_000] {
            for range: UInt64 in [3, 1_000, 1 << 30] {
                var values = (0..<size).map { _ in next(range) / 10 }
                let sorted = values.sorted()
                let expected = ps.map { Statistics.percentile(values, $0) }
                let found = values.withUnsafeMutableBufferPointer { Statistics.percentiles(selectingIn: $0, ps) }
                #expect(found == expected, "\(size) values below \(range)")
                let k = size * 2 / 3
                values.withUnsafeMutableBufferPointer { Statistics.select(k, in: $0) }
                #expect(values[k] == sorted[k], "\(size) values below \(range)")
                #expect(values[..<k].allSatisfy { $0 <= values[k] } && values[(k + 1)...].allSatisfy { $0 >= values[k] })
            }
        }
    }

    @Test func medianAndSampleStandardDeviation() {
        #expect(Statistics.median([5, 1, 3]) == 3)
        #expect(Statistics.median([1, 2, 3, 10]) == 2.5)
        // R: sd(c(2, 4, 4, 4, 5, 5, 7, 9)) = 2.13809
        #expect(abs(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])! - 2.138089935) < 1e-9)
        #expect(Statistics.standardDeviation([3]) == nil)
    }
}

struct AggregateTests {
    let harness: Harness
    init() throws {
        let areas = "name,type,parent\nKent,authority,\nEast,district,Kent\nWest,district,Kent\nSmall,district,Kent\nEngland,national,\n"
        let observations = """
            indicator,area,period,value,numerator,denominator,rag
            P,East,2013-07,90.0,90,100,G
            P,West,2013-07,50.0,5,10,R
            P,Small,2013-07,c,c,4,
            P,Kent,2013-07,85.0,95,114,A
            N,East,2013-06,100,,,
            N,East,2013-07,120,,,
            N,West,2013-07,80,,,
            T,East,2013-06,30.0,30,10000,
            T,East,2013-07,31.0,31,10000,
            """
        let indicators = """
            code,name,theme,polarity,period_type,unit,decimals
            P,Per cent in time,TIMELINESS,H,YTD,percent,1
            N,Referrals in the month,DEMAND,,M,count,0
            T,Children in care rate,CARE,,SS,per10000,1
            """
        harness = try Harness(indicators: indicators, areas: areas, observations: observations)
    }

    @Test func countGroupsAndSortsByGroup() throws {
        #expect(try harness.texts("count by rag where code = P") == [["", "1"], ["R", "1"], ["A", "1"], ["G", "1"]])
    }

    @Test func pooledIsSumOfNumeratorsOverSumOfDenominators() throws {
        // (90 + 5) / (100 + 10) × 100 = 86.36…; the mean of 90 and 50 would say 70.
        let result = try harness.run("pooled(value), avg(value) by period where code = P and area_type = district")
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [["2013-07", "86.4%", "70.00%"]])
        #expect(result.noteTexts.contains { $0.hasPrefix("warning: avg(value) averages percentages") && $0.contains("pooled(value)") })
        // Small's figure is published as suppressed: never pooled, and said so.
        #expect(result.notes.contains("note: pooled(value): 1 missing or suppressed value was left out, never counted as zero"))
        #expect(result.notes.contains("note: avg(value): 1 missing or suppressed value was left out, never counted as zero"))
    }

    /// A figure published as `c` whose numerator and denominator were published anyway:
    /// a one-area pool once showed it exactly (3 / 4 = 75.0%).
    @Test func aOneAreaPoolOfASuppressedFigureShowsNothing() throws {
        let suppressed = try Harness(
            indicators: "code,name,theme,polarity,period_type,unit,decimals\nP,Per cent in time,TIMELINESS,H,YTD,percent,1\n",
            areas: "name,type,parent\nKent,authority,\nSmall,district,Kent\n",
            observations: "indicator,area,period,value,numerator,denominator\nP,Small,2013-07,c,3,4\nP,Kent,2013-07,80.0,80,100\n")
        let one = try suppressed.run("pooled(value) where area = Small")
        #expect(one.rows == [[.empty]])
        #expect(one.notes.contains("note: pooled(value): 1 missing or suppressed value was left out, never counted as zero"))
        // Beside Kent's own 80 / 100, Small's 3 / 4 stays out: 80.0%, not 83 / 104 = 79.8%.
        #expect(try suppressed.texts("pooled(value)") == [["80.0%"]])
        // Arithmetic keeps the symbol, so nothing downstream reads a blank.
        #expect(try suppressed.texts("show value + 0 as v where area = Small") == [["c"]])
    }

    @Test func byDistrictTakesTheDistrictsOnly() throws {
        #expect(try harness.texts("count by district where code = P") == [["East", "1"], ["Small", "1"], ["West", "1"]])
    }

    @Test func suppressedValuesCountAsMissingInEveryAggregation() throws {
        for function in ["sum", "avg", "min", "max", "median", "stddev"] {
            let result = try harness.run("\(function)(value) where code = P and area = Small")
            #expect(result.rows == [[.empty]], "\(function) of only a suppressed value is nothing, not zero")
            #expect(result.noteTexts.contains { $0.contains("1 missing or suppressed value") }, "\(function)")
        }
        #expect(try harness.texts("count(value), count where code = P") == [["3", "4"]])
    }

    @Test func monthlyCountsMaySumButSnapshotsWarn() throws {
        let monthly = try harness.run("sum(value) where code = N")
        #expect(monthly.rows.map { $0.map(CellFormatter.text) } == [["300"]])
        #expect(monthly.notes.isEmpty)
        let snapshot = try harness.run("sum(value) by area where code = T")
        #expect(snapshot.noteTexts.contains { $0.hasPrefix("warning: sum(value) adds T's SS figures across 2 periods") })
    }

    @Test func mixingUnitsWarns() throws {
        let result = try harness.run("avg(value) where area = East and period = 2013-07")
        #expect(result.noteTexts.contains { $0.hasPrefix("warning: avg(value) mixes units (count, per10000, percent)") })
    }

    @Test func pooledRatesScaleByTenThousand() throws {
        #expect(try harness.texts("pooled(value) where code = T") == [["30.5"]], "(30 + 31) / 20000 × 10000")
    }

    @Test func percentileAndOrderByAResultColumn() throws {
        #expect(try harness.texts("percentile(value, 50) by area where code = N order by percentile(value,50) desc") == [["East", "110"], ["West", "80"]])
        let error = try harness.error("count by area where code = N order by total")
        #expect(error.message.hasPrefix("'total' is not a column of this result"))
    }

    @Test func namesCannotBeAveraged() throws {
        #expect(try harness.error("avg(theme)").message == "avg() needs numbers; 'theme' holds names")
    }
}
