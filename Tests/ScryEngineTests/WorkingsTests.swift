import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryStore

/// `workings FIGURE of IND for AREA`: the figures a column is worked from, through the same
/// lookups and rules. Every expected figure below is worked out by hand from the CSV texts.
struct WorkingsTests {
    /// Five authorities of the South East, Essex's figure suppressed, Kent and Medway tied;
    /// Kent's neighbours Surrey, Essex, Hampshire and Medway, in that order.
    let harness: Harness

    init() throws {
        harness = try Harness(
            indicators: "code,name,polarity,period_type,unit,decimals\nR,Re-referrals,L,A,percent,1\nN,Referrals,,A,count,0\n",
            areas: """
                name,type,parent
                South East,region,
                Kent,authority,South East
                Essex,authority,South East
                Surrey,authority,South East
                Medway,authority,South East
                Hampshire,authority,South East
                Slough,authority,South East
                England,national,

                """,
            observations: """
                indicator,area,period,value,numerator,denominator
                R,Kent,2024,20.0,200,1000
                R,Essex,2024,c,c,c
                R,Surrey,2024,25.0,100,400
                R,Medway,2024,20.0,50,250
                R,Hampshire,2024,18.0,90,500
                R,South East,2024,21.0,,
                R,England,2024,22.0,,
                R,Kent,2023,23.0,230,1000
                N,Kent,2024,1200,,

                """,
            neighbours: "area,neighbour,rank\nKent,Surrey,1\nKent,Essex,2\nKent,Hampshire,3\nKent,Medway,4\n")
    }

    @Test func aNeighbourMeanListsEachNeighbourInOrderAndWhichHadNone() throws {
        // Surrey 25.0, Essex c (left out), Hampshire 18.0, Medway 20.0: three counted, mean
        // (25 + 18 + 20) / 3 = 21.0, median 20.0.
        let rows = try harness.texts("workings neighbours_mean of R for Kent in 2024")
        #expect(rows == [
            ["figure", "Kent", "2024", "20.0%", "the figure the neighbours are set beside"],
            ["from R", "", "2024", "21.0%", "R itself: comparators lag, so the latest on or before 2024, within comparator_lag (36 months)"],
            ["neighbour 1", "Surrey", "2024", "25.0%", "counted"],
            ["neighbour 2", "Essex", "2024", "c", "left out: confidential (c)"],
            ["neighbour 3", "Hampshire", "2024", "18.0%", "counted"],
            ["neighbour 4", "Medway", "2024", "20.0%", "counted"],
            ["neighbours_count", "", "", "3", "of the 4 neighbours had a figure (neighbours_size 4)"],
            ["neighbours_mean", "", "2024", "21.0%", "the sum of the 3 figures divided by 3"],
            ["neighbours_median", "", "2024", "20.0%", "the middle one of the 3 figures in order"],
        ])
        // The same figures as the columns give.
        #expect(try harness.texts("show neighbours_mean, neighbours_median, neighbours_count where code = R and area = Kent and period = 2024")
                == [["21.0%", "20.0%", "3"]])
    }

    @Test func aRankShowsItsPopulationTiesAndBand() throws {
        // Ranked (lower better): Hampshire 18, Kent 20, Medway 20, Surrey 25; Essex's c and
        // Slough (no figure) left out. Kent: one better, rank 2, tied with Medway. Type-7
        // quartiles of 18, 20, 20, 25: Q1 18 + 0.75 × 2 = 19.5, median 20, Q3 20 + 0.25 × 5
        // = 21.25 (shown 21.3); 20 lies in (Q1, median]: band B for L.
        let rows = try harness.texts("workings national_rank of R for Kent")
        #expect(rows == [
            ["figure", "Kent", "2024", "20.0%", "L: lower is better, rank 1 the lowest"],
            ["ranked_of", "", "2024", "4", "authorities with a figure for the period, each ranked"],
            ["tied", "Medway", "2024", "20.0%", "the same figure: the same rank"],
            ["left out", "Essex", "2024", "c", "confidential (c)"],
            ["left out", "Slough", "", "", "no figure for the period"],
            ["better", "", "", "1", "authorities with a lower figure"],
            ["national_rank", "", "", "2", "one more than those better; ties share the lowest rank"],
            ["quartile_q1", "", "", "19.5%", "the 25th percentile of the 4 figures (R type 7)"],
            ["quartile_median", "", "", "20.0%", "the 50th"],
            ["quartile_q3", "", "", "21.3%", "the 75th"],
            ["quartile", "", "", "", "B: the figure lies in (Q1, median], band B when lower is better"],
        ])
        #expect(try harness.texts("show national_rank, ranked_of, quartile where code = R and area = Kent and period = 2024") == [["2", "4", "B"]])
    }

    @Test func aPooledFigureSumsThePartsNumeratorsAndDenominators() throws {
        // South East 2024: Kent 200/1000, Surrey 100/400, Medway 50/250, Hampshire 90/500
        // pooled; Essex's c never pooled; Slough has none. 440 / 2150 × 100 = 20.47%.
        let rows = try harness.texts("workings pooled of R for \"South East\"")
        #expect(rows == [
            ["authority", "Kent", "2024", "200", "1,000", "20.0%", "pooled"],
            ["authority", "Essex", "2024", "c", "c", "c", "left out: confidential (c): a suppressed figure is never pooled"],
            ["authority", "Surrey", "2024", "100", "400", "25.0%", "pooled"],
            ["authority", "Medway", "2024", "50", "250", "20.0%", "pooled"],
            ["authority", "Hampshire", "2024", "90", "500", "18.0%", "pooled"],
            ["authority", "Slough", "2024", "", "", "", "left out: no figure for the period"],
            ["pooled", "South East", "2024", "440", "2,150", "20.5%", "Σ numerator / Σ denominator × 100: 4 of the 6 authorities pooled"],
            ["published", "South East", "2024", "", "", "21.0%", "the area's own figure as published, for comparison"],
        ])
        #expect(try harness.texts("pooled(value) where code = R and period = 2024 and area in authorities of \"South East\"") == [["20.5%"]])
    }

    @Test func aComparatorSaysWhichPeriodItTookAndWhy() throws {
        var lagging = harness
        lagging.settings.comparatorLag = 6
        // Kent 2023 (to December 2023, an annual figure here) beside England: England has
        // only 2024, which ends after it, so there is none on or before.
        #expect(try harness.texts("workings england of R for Kent in 2023").last == ["england", "England", "", "", "none"])
        #expect(try lagging.texts("workings england of R for Kent in 2024") == [
            ["figure", "Kent", "2024", "20.0%", "the figure the comparator is set beside"],
            ["from R", "England", "2024", "22.0%", "R itself: comparators lag, so the latest on or before 2024, within comparator_lag (6 months)"],
            ["england", "England", "2024", "22.0%", "the figure taken"],
        ])
    }

    @Test func errorsNameWhatWouldHaveBeenRight() throws {
        let unknown = try harness.error("workings neighbors_mean of R for Kent")
        #expect(unknown.message.hasPrefix("unknown column 'neighbors_mean': a workings is shown for neighbours_mean, "))
        #expect(unknown.suggestion == "did you mean 'neighbours_mean'?")
        #expect(unknown.range == SourceRange(9, 23))
        let none = try harness.error("workings value of R for Kent")
        #expect(none.message.hasPrefix("'value' has no workings: a workings is shown for neighbours_mean, "))
        #expect(none.message.hasSuffix(", pooled, rag_calc, england, england_period, region_value, region_period"))
        #expect(try harness.error("workings rag_calc of Q for Kent").message == "unknown indicator 'Q'")
        let area = try harness.error("workings rag_calc of R for Knet")
        #expect(area.message == "unknown area 'Knet'")
        #expect(area.suggestion == "did you mean 'Kent'?")
        let period = try harness.error("workings rag_calc of R for Kent in 2020")
        #expect(period.message == "Kent has no figure of R for '2020'")
        #expect(period.suggestion == "its latest: 2024, 2023")
        #expect(period.range == SourceRange(35, 39))
        #expect(try harness.error("workings pooled of N for \"South East\"").message
                == "N cannot be pooled: its figures are count, not a percentage, a rate or an average")
        #expect(try harness.error("workings pooled of R for Kent").message == "'Kent' has no districts loaded to pool")
    }
}
