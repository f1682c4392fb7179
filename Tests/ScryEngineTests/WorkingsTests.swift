import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryStore
@testable import ScryShell
import ScryTestSupport

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
            ["sum", "", "2024", "63.0", "of the 3 figures counted"],
            ["neighbours_mean", "", "2024", "21.00%", "the sum divided by 3, to one decimal more than the column shows"],
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
            ["authority", "Essex", "2024", "c", "c", "c", "left out: confidential (c): a figure published as a symbol is never pooled"],
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

/// A local scorecard's indicator mapped to LAIT's ReReferral (Tests/Fixtures/lait-mini): its
/// comparators and rank are taken as of its month, through the national measure.
struct MappedWorkingsTests {
    func withKentsScorecard(_ body: (LoadedStore) throws -> Void) throws {
        try MappingTests().withScorecard(indicators: "RR,Re-referrals within 12 months,L,R12M,percent,1\n",
                                         observations: "RR,Kent,2025-06,24.0\n", mapping: "RR,ReReferral\n") { folder in
            try body(try LoadedStore(folder.path, Repository.fixture("lait-mini")))
        }
    }

    @Test func aLaggingNeighbourMeanIsTheMeasuresLatestBeforeTheMonth() throws {
        try withKentsScorecard { both in
            let rows = try both.texts("workings neighbours_mean of RR for Kent")
            // statistical_neighbours.csv, LA 886 in rank order, and each one's 2025 (2024/25)
            // ReReferral: Camden's is `-`; the other nine sum to 166.2, a mean of 18.47, and
            // their middle one in order is Durham's 18.3.
            #expect(rows[1] == ["from RR", "", "", "", "RR itself: none on or before 2025-06"])
            #expect(rows[2] == ["from ReReferral", "", "2024/25", "18.5%",
                                "ReReferral, its national measure (mapping.csv): comparators lag, so the latest on or before 2025-06, within comparator_lag (36 months)"])
            #expect(rows[3..<13].map { [$0[1], $0[3]] } == [["Medway", "22.0%"], ["Barnet", "19.0%"], ["Durham", "18.3%"], ["Camden", "-"],
                                                            ["Rotherham", "16.6%"], ["Gateshead", "20.4%"], ["Barnsley", "26.7%"],
                                                            ["Darlington", "12.8%"], ["Westmorland and Furness", "15.8%"], ["Cumberland", "14.6%"]])
            #expect(rows.suffix(3).map { [$0[0], $0[3]] } == [["sum", "166.2"], ["neighbours_mean", "18.47%"], ["neighbours_median", "18.3%"]])
        }
    }

    @Test func aMappedRankIsAmongTheMeasuresAuthorities() throws {
        try withKentsScorecard { both in
            // Kent's 24.0 among the others' 2024/25 figures (its own 20.4 left out): 12.8 14.6
            // 15.8 16.6 18.3 19 20.4 22 [24.0] 26.7 29.3: 8 lower, 9th of 11; Q1 15.8 + 0.5 ×
            // 0.8 = 16.2, median 19.0, Q3 22 + 0.5 × 2 = 23.0; above Q3: band D. Camden and
            // Cumbria are `-`.
            let rows = try both.texts("workings national_rank of RR for Kent")
            #expect(rows.map { [$0[0], $0[1], $0[3]] } == [
                ["figure", "Kent", "24.0%"], ["from ReReferral", "", ""], ["ranked_of", "", "11"], ["left out", "Camden", "-"], ["left out", "Cumbria", "-"],
                ["better", "", "8"], ["national_rank", "", "9"], ["quartile_q1", "", "16.2%"], ["quartile_median", "", "19.0%"],
                ["quartile_q3", "", "23.0%"], ["quartile", "", ""],
            ])
            #expect(rows.last?.last == "D: the figure lies in (Q3, max], band D when lower is better")
        }
    }
}

/// Workings over the real national data in ../shared/lait (skipped where it is absent). The
/// expected figures were worked out with a short Python reading of the CSV files, not from
/// scry: statistical_neighbours.csv's rows for LA number 886 in neighbour_rank order, each
/// neighbour's ReReferral value for Years = 2025 in bds_long.csv (matched by LA number);
/// their mean and median; the authorities (Region not NA, England aside) with a numeric
/// 2025 value, how many are lower than Kent's 21.6, those without one (`-`), and R type-7
/// quartiles of the 153 values (h = 152 p, linear between order statistics).
struct RealLAITWorkingsTests {
    static let present = RealLAITTests.present

    /// A figure cell's number, as the engine computed it.
    static func number(_ cell: Cell) -> Double? {
        if case .number(let value, _, _) = cell { return value }
        return nil
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func kentsNeighbourMeanForReReferralsIsTenNeighbours() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let table = try lait.run("workings neighbours_mean of ReReferral for Kent in 2025")
        let neighbours = table.rows.filter { CellFormatter.text($0[0]).hasPrefix("neighbour ") }
        // Python: neighbour_rank 1 to 10 of Kent (886) and each one's 2025 value.
        let expected: [(String, Double)] = [("Essex", 15.4), ("East Sussex", 16.6), ("Devon", 19.7), ("Bexley", 21.9), ("Suffolk", 20.1),
                                            ("Norfolk", 17.9), ("Nottinghamshire", 23.1), ("West Sussex", 24.4), ("Bedford Borough", 23.3),
                                            ("Somerset", 22.1)]
        #expect(neighbours.map { CellFormatter.text($0[1]) } == expected.map(\.0))
        for (row, (name, value)) in zip(neighbours, expected) {
            #expect(abs((Self.number(row[3]) ?? .nan) - value) < 1e-9, "\(name)")
            #expect(CellFormatter.text(row[2]) == "2024/25" && CellFormatter.text(row[4]) == "counted", "\(name)")
        }
        let summary = Dictionary(uniqueKeysWithValues: table.rows.map { (CellFormatter.text($0[0]), $0) })
        // Python: sum 204.5 over 10, mean 20.45; median (20.1 + 21.9) / 2 = 21.0.
        #expect(abs((summary["neighbours_mean"].flatMap { Self.number($0[3]) } ?? .nan) - 20.45) < 1e-9)
        #expect(abs((summary["neighbours_median"].flatMap { Self.number($0[3]) } ?? .nan) - 21.0) < 1e-9)
        #expect(summary["neighbours_count"].map { CellFormatter.text($0[3]) } == "10")
        #expect(summary["neighbours_mean"].map { CellFormatter.text($0[3]) } == "20.45%")
        #expect(summary["from ReReferral"].map { CellFormatter.text($0[4]) }
                == "ReReferral itself: a national measure, set beside its comparators of the same period")
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func anInnerLondonRegionGivesWayToLondon() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        // Python: SpecPermEx's latest year is 2023/24, where London (Inner) is `-` and London
        // 0.04036; Camden lies in London (Inner).
        let table = try lait.run("workings region_value of SpecPermEx for Camden in 2024")
        #expect(table.rows.last.map { $0.map(CellFormatter.text) } == ["region_value", "London", "AY 2023/24", "0.04%", "the figure taken"])
        #expect(abs((table.rows.last.flatMap { Self.number($0[3]) } ?? .nan) - 0.04036) < 1e-12)
        #expect(table.noteTexts == ["note: region: London (Inner) has no figure for SpecPermEx's latest period, so London stands for it in every period (LAIT's clean_ldn_region)"])
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func kentsReReferralRankIsNinetySeventhOf153() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let rows = try lait.run("workings national_rank of ReReferral for Kent in 2025").rows
        let texts = rows.map { $0.map(CellFormatter.text) }
        // Python: 153 authorities with a numeric 2025 value, 96 lower than 21.6, none equal.
        #expect(texts.contains(["ranked_of", "", "2024/25", "153", "authorities with a figure for the period, each ranked"]))
        #expect(texts.contains(["better", "", "", "96", "authorities with a lower figure"]))
        #expect(texts.contains(["national_rank", "", "", "97", "one more than those better; ties share the lowest rank"]))
        #expect(!texts.contains { $0[0] == "tied" })
        // Python: the five authorities whose 2025 value is `-`.
        #expect(texts.filter { $0[0] == "left out" }.map { [$0[1], $0[3], $0[4]] } == [
            ["Bournemouth (Pre LG)", "-", "not available (-)"], ["Cumbria", "-", "not available (-)"], ["Dorset (Pre LG)", "-", "not available (-)"],
            ["Northamptonshire", "-", "not available (-)"], ["Poole (Pre LG)", "-", "not available (-)"],
        ].sorted { $0[0] < $1[0] }.map { $0 })
        // Python: type-7 quartiles 16.9, 20.0, 23.0; 21.6 lies in (median, Q3]: band C.
        let limits = rows.filter { ["quartile_q1", "quartile_median", "quartile_q3"].contains(CellFormatter.text($0[0])) }.compactMap { Self.number($0[3]) }
        #expect(limits.count == 3 && zip(limits, [16.9, 20.0, 23.0]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(texts.last == ["quartile", "", "", "", "C: the figure lies in (median, Q3], band C when lower is better"])
    }
}
