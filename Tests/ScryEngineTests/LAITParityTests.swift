import Foundation
import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
import ScryStore

/// A LAIT folder written by hand into a temporary folder: four London rows and two
/// authorities, to check LAIT's London fallback, its decimals for `dps` NA and its
/// neighbour mean of the same year, figure by figure from LAIT's rules.
struct LAITParityFixtureTests {
    /// `M` is a count with `dps` NA. London (Inner) has a 2024 figure but none for 2025,
    /// the measure's latest year; London (Outer) has both. Camden's one neighbour, Barnet,
    /// has a 2024 figure only.
    static let dictionary = "\"Measure_short\",\"Polarity\",\"Year_Type\",\"dps\",\"y_axis_name\"\r\nM,High,Financial Year,NA,Number\r\n"
    static let data = """
        Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region
        M,,2024,Barnet,10.25,302.0,Outer London
        M,,2024,Camden,4,202.0,Inner London
        M,,2024,England,5.46,970.0,NA
        M,,2024,London,6.04,986.0,NA
        M,,2024,London (Inner),7,987.0,NA
        M,,2024,London (Outer),8,988.0,NA
        M,,2025,Barnet,-,302.0,Outer London
        M,,2025,Camden,4.02,202.0,Inner London
        M,,2025,England,5.5,970.0,NA
        M,,2025,London,6.35,986.0,NA
        M,,2025,London (Inner),-,987.0,NA
        M,,2025,London (Outer),8.5,988.0,NA

        """
    static let neighbours = "la_number,la_name,region,neighbour_rank,neighbour_la_number,neighbour_la_name,closeness\r\n"
        + "202,Camden,London (Inner),1,302,Barnet,Very close\r\n302,Barnet,London (Outer),1,202,Camden,Close\r\n"

    /// The fixture loaded from a temporary folder, removed once it is read.
    func loaded() throws -> LoadedStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lait-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in ["data_dictionary.csv": Self.dictionary, "bds_long.csv": Self.data, "statistical_neighbours.csv": Self.neighbours] {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return try LoadedStore(folder.path)
    }

    /// global.R: `dps = ifelse(is.na(dps), 1, dps)`, whatever the unit.
    @Test func dpsNAIsOneDecimalEvenForACount() throws {
        let lait = try loaded()
        let measure = try #require(lait.store.indicators.first)
        #expect(measure.unit == .count && measure.decimals == 1)
        #expect(try lait.texts("show value, england, gap_previous where area = Camden and period = 2025") == [["4.0", "5.5", "0.0"]])
    }

    /// clean_ldn_region (R/fn_helper_functions.R): London stands in, for every year of the
    /// measure, where the sub-region has no figure for its latest year.
    @Test func londonStandsInForASubRegionWithoutTheLatestYear() throws {
        let lait = try loaded()
        #expect(try lait.texts("show area, period, region_value where area in (Camden, Barnet) order by area, period") == [
            ["Barnet", "2023/24", "8.0"], ["Barnet", "2024/25", "8.5"],
            ["Camden", "2023/24", "6.0"], ["Camden", "2024/25", "6.4"],
        ], "Camden's London (Inner) has no 2025 figure: London's 6.04 and 6.35, not London (Inner)'s 7 for 2024")
    }

    /// mod_la_lvl_table.R: the neighbours' mean by year, blank where none has that year.
    @Test func neighbourMeanIsOfTheSameYearOrBlank() throws {
        let lait = try loaded()
        #expect(try lait.texts("show period, neighbours_mean, neighbours_count, neighbours_period where area = Camden order by period") == [
            ["2023/24", "10.3", "1", "2023/24"], ["2024/25", "", "0", ""],
        ], "Barnet's 2024 figure is no comparator for Camden's 2025 one")
        let result = try lait.run("show england, region_value, neighbours_mean where area = Camden and period = 2025")
        #expect(!result.noteTexts.contains { $0.contains("earlier period") }, "a national measure's comparators are never older")
    }

    @Test func neighbourFileClosenessIsKeptInOrder() throws {
        let lait = try loaded()
        let camden = lait.store.areas[try #require(lait.store.area(named: "Camden"))]
        #expect(camden.neighbourCloseness == ["Very close"])
    }
}

/// A local scorecard's comparators lag by nature: as-of matching within the lag setting,
/// with a note when the figure used is older than the local one.
struct ComparatorLagTests {
    let harness: Harness
    init() throws {
        let indicators = "code,name,polarity,period_type,unit,decimals\nR,Re-referrals,L,M,percent,1\n"
        // Kent's July 2019 figure; England's printed figures for 2015/16 and 2016/17 (the
        // latter ends March 2017, 28 months before July 2019 ends).
        let observations = """
            indicator,area,period,value
            R,Kent,2019-07,20.0
            R,England,2015/16,22.0
            R,England,2016/17,21.9
            """
        harness = try Harness(indicators: indicators, observations: observations)
    }

    @Test func asOfWithinTheLagWithANote() throws {
        let result = try harness.run("show value, england, england_period where area = Kent")
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [["20.0%", "21.9%", "2016/17"]])
        #expect(result.notes == ["note: england: 1 figure is for an earlier period than the local figure, the latest on or before it (england_period says which)"])
    }

    /// England's figure is looked up once for an indicator and period, not once a row:
    /// every area's row of that period still counts in the notes (Kent's and Medway's July
    /// 2019, whose England figure ends March 2017, 28 months before).
    @Test func everyRowOfAPeriodCountsInTheComparatorNotes() throws {
        let observations = """
            indicator,area,period,value
            R,Kent,2019-07,20.0
            R,Medway,2019-07,18.0
            R,England,2015/16,22.0
            R,England,2016/17,21.9
            """
        var both = try Harness(indicators: "code,name,polarity,period_type,unit,decimals\nR,Re-referrals,L,M,percent,1\n",
                               areas: "name,type,parent\nKent,authority,\nMedway,authority,\nEngland,national,\n", observations: observations)
        let asOf = try both.run("show area, value, england order by area")
        #expect(asOf.rows.map { $0.map(CellFormatter.text) } == [["England", "22.0%", "22.0%"], ["England", "21.9%", "21.9%"],
                                                                  ["Kent", "20.0%", "21.9%"], ["Medway", "18.0%", "21.9%"]])
        #expect(asOf.notes == ["note: england: 2 figures are for an earlier period than the local figure, the latest on or before it (england_period says which)"])
        try both.settings.set("comparator_lag", to: "24")
        let strict = try both.run("show area, value, england where area <> England order by area")
        #expect(strict.rows.map { $0.map(CellFormatter.text) } == [["Kent", "20.0%", ""], ["Medway", "18.0%", ""]])
        #expect(strict.notes == ["note: england: 2 figures are left out, older than comparator_lag allows (24 months): .set comparator_lag N changes it"])
    }

    @Test func anOlderComparatorThanTheLagAllowsIsLeftOutWithANote() throws {
        var strict = harness
        try strict.settings.set("comparator_lag", to: "24")
        let result = try strict.run("show value, england, england_period where area = Kent")
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [["20.0%", "", ""]])
        #expect(result.notes == ["note: england: 1 figure is left out, older than comparator_lag allows (24 months): .set comparator_lag N changes it"])
        try strict.settings.set("comparator_lag", to: "none")
        #expect(try strict.texts("show england_period where area = Kent") == [["2016/17"]])
        #expect(throws: SettingError.self) { try strict.settings.set("comparator_lag", to: "-1") }
        #expect(strict.settings.listing.map(\.name) == ["rag_tolerance", "comparator_lag", "ci_level"])
        #expect(strict.settings.listing.map(\.name) == EngineSettings.names)
    }
}

/// Ranks need a population (issue 14): the built-in scorecards each hold one authority's
/// figures, so none of their figures has a national rank or band.
struct RankPopulationTests {
    @Test func theBuiltInDatasetHasNoRankAndNoBandAndSaysWhy() throws {
        let store = try BuiltInDataset.load()
        func run(_ text: String) throws -> ResultTable {
            let source = SourceFile(name: "test", text: text)
            return try Engine(store: store).run(try #require(Parser.parse(source).statements.first), in: source)
        }
        let counted = try run("count(national_rank), count(quartile_q1) where area_type = authority")
        #expect(counted.rows.map { $0.map(CellFormatter.text) } == [["0", "0"]])
        let darlington = try run("show code, national_rank, ranked_of, quartile where area = Darlington and period = latest")
        #expect(darlington.rows.allSatisfy { $0[1...].allSatisfy { $0 == .empty } })
        #expect(darlington.noteTexts.contains { $0.hasPrefix("note: national_rank: ") && $0.hasSuffix("no rank: a rank needs at least 2 authorities with a figure for the indicator and period") })
    }

    @Test func fourFiguresAreTheFewestForBands() {
        // Three distinct values: type-7 Q2 is the middle one, so no value can be in band C
        // (Low polarity): A, B, D.
        let three: [Double] = [1, 2, 3]
        #expect(three.map { Ranking.band(of: $0, among: three, polarity: .low)! } == [.A, .B, .D])
        let four: [Double] = [1, 2, 3, 4]
        #expect(four.map { Ranking.band(of: $0, among: four, polarity: .low)! } == [.A, .B, .C, .D])
        #expect(Ranking.minimumBanded == 4 && Ranking.minimumRanked == 2)
        #expect(Ranking.quartiles(four) == Ranking.Quartiles(q1: 1.75, median: 2.5, q3: 3.25))
    }
}

/// Area groups over the hand-written LAIT fixture (Tests/Fixtures/lait-mini/README.md).
struct AreaGroupTests {
    let lait: LoadedStore
    init() throws { lait = try LoadedStore(fixture("lait-mini")) }

    @Test func authoritiesOfARegionAndNeighboursOfAnAuthority() throws {
        #expect(try lait.texts("show area where code = ReReferral and period = 2025 and area in authorities of \"North East\"")
            == [["Darlington"], ["Durham"], ["Gateshead"]])
        #expect(try lait.texts("count where code = ReReferral and period = 2025 and area in authorities of London") == [["2"]],
                "London holds Inner and Outer London's authorities")
        #expect(try lait.texts("count where code = ReReferral and period = 2025 and area in authorities of England") == [["13"]])
        // Kent's neighbours, in the file's order (README: Medway, Barnet, Durham, Camden, …).
        #expect(try lait.texts("show area where code = ReReferral and period = 2025 and area in neighbours of Kent").map { $0[0] } == [
            "Barnet", "Barnsley", "Camden", "Cumberland", "Darlington", "Durham", "Gateshead", "Medway", "Rotherham", "Westmorland and Furness",
        ])
        #expect(try lait.texts("count where code = ReReferral and period = 2025 and area_type = authority and area not in neighbours of Kent") == [["3"]],
                "Kent, Cumbria and Kingston Upon Hull")
        // The neighbours' own mean: 166.2 / 9 = 18.47 (README: 18.5 at 1 decimal), as neighbours_mean says.
        #expect(try lait.texts("avg(value), count(value) where code = ReReferral and period = 2025 and area in neighbours of Kent") == [["18.47%", "9"]])
    }

    @Test func aRankWithinARegionSaysSo() throws {
        let result = try lait.run("rank authorities by ReReferral in 2025 where area in authorities of \"North East\"")
        #expect(result.columns.map(\.name) == ["rank", "ranked_of", "within", "area", "value", "quartile", "period"])
        // Darlington 12.8, Durham 18.3, Gateshead 20.4: three figures, too few for bands.
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [
            ["1", "3", "North East", "Darlington", "12.8%", "", "2024/25"],
            ["2", "3", "North East", "Durham", "18.3%", "", "2024/25"],
            ["3", "3", "North East", "Gateshead", "20.4%", "", "2024/25"],
        ])
        #expect(result.notes.contains("note: ranked within North East, not among all authorities"))
        let neighbours = try lait.run("rank authorities by ReReferral in 2025 where area in neighbours of Kent")
        #expect(neighbours.rows.first.map { CellFormatter.text($0[2]) } == "Kent's neighbours")
        #expect(try lait.run("rank authorities by ReReferral in 2025").columns.map(\.name) == ["rank", "ranked_of", "area", "value", "quartile", "period"])
    }

    @Test func groupingByRegionAddsAuthoritiesUp() throws {
        // North East 2025: Darlington 12.8 + Durham 18.3 + Gateshead 20.4 = 51.5.
        let rows = try lait.texts("sum(value), count(value) by area_region where code = ReReferral and period = 2025 and area_type = authority")
        #expect(rows.contains(["North East", "51.5%", "3"]))
        #expect(try lait.texts("show area where code = ReReferral and period = 2025 and area_region = \"North East\" and area_type = authority").count == 3)
    }

    @Test func wrongGroupsAreErrorsAtTheirPlace() throws {
        #expect(try lait.error("show area where area in neighbours of \"North East\"") == "'North East' is a region: neighbours of takes an authority")
        #expect(try lait.error("show area where area in authorities of Kent") == "'Kent' is an authority: authorities of takes a region or England")
        #expect(try lait.error("show area where area in counties of Kent") == "unknown group 'counties'")
        #expect(try lait.error("show area where area in neighbours of Kant") == "unknown area 'Kant'")
        #expect(try lait.error("show area where code in neighbours of Kent").hasPrefix("'code in neighbours of Kent' selects areas"))
        #expect(try lait.error("show area where area_region = Kent") == "unknown region 'Kent'")
    }

    @Test func rankWithoutPolarityOffersAShow() throws {
        let source = SourceFile(name: "test", text: "rank authorities by CPP_rate in 2025")
        do {
            _ = try Engine(store: lait.store).run(try #require(Parser.parse(source).statements.first), in: source)
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.message == "CPP_rate cannot be ranked: an activity indicator has no polarity")
            #expect(error.range == SourceRange(20, 28))
            #expect(error.suggestion == "to list authorities by value, write: show area, value where code = CPP_rate and area_type = authority and period = 2025 order by value desc")
        }
    }
}

/// Figures of the real national data in ../shared/lait, each worked out independently of
/// scry from the CSV files by LAIT's rules (a short Python reading of bds_long.csv,
/// data_dictionary.csv and statistical_neighbours.csv: the round-half-up display of each
/// figure at the measure's dps, 1 where NA; the London row where the sub-region has no
/// latest-year figure; the neighbours' mean of the same year; type-7 quartiles).
struct RealLAITParityTests {
    static let present = RealLAITTests.present

    @Test(.enabled(if: present, "../shared/lait is not here")) func figuresAsLAITShowsThem() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let columns = "code, area, period, value, england, region_value, neighbours_mean, gap_previous, dot"
        // London fallback: SpecPermEx 2023/24 (dps 2, Low): London (Inner) and (Outer) are
        // `-`, London 0.04036. Neighbour means 0.014045, 0.058732, 0.026452 (10 each).
        #expect(try lait.texts("show \(columns) where code = SpecPermEx and area in (Camden, Barnet, Hackney) and period = 2024") == [
            ["SpecPermEx", "Barnet", "AY 2023/24", "0.00%", "0.08%", "0.04%", "0.06%", "0.00", "→ same"],
            ["SpecPermEx", "Camden", "AY 2023/24", "0.00%", "0.08%", "0.04%", "0.01%", "0.00", "→ same"],
            ["SpecPermEx", "Hackney", "AY 2023/24", "0.00%", "0.08%", "0.04%", "0.03%", "0.00", "→ same"],
        ])
        // dps NA: EngBacEntriesSEN (Entries, High), Kent 2025: 3.9, England 5.1, South East
        // 4.4, neighbours 4.52, change 3.9 − 3.6 = 0.3.
        #expect(try lait.texts("show \(columns) where code = EngBacEntriesSEN and area = Kent and period = 2025") == [
            ["EngBacEntriesSEN", "Kent", "AY 2024/25", "3.9", "5.1", "4.4", "4.5", "0.3", "↑ improved"],
        ])
        // No neighbour has CPP_Good_Develop for 2025: the mean is blank (scry showed 61.1
        // from AY 2023/24 before); Camden's own figure is `-`.
        #expect(try lait.texts("show \(columns) where code = CPP_Good_Develop and area = Camden and period = 2025") == [
            ["CPP_Good_Develop", "Camden", "AY 2024/25", "-", "33.6%", "36.9%", "", "", ""],
        ])
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func ranksBandsAndTheirLimits() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        // 153 authorities with a 2025 figure; 96 lower (better); Q1 16.9, Q2 20.0, Q3 23.0.
        #expect(try lait.texts("show national_rank, ranked_of, quartile, quartile_q1, quartile_median, quartile_q3 where code = ReReferral and area = Kent and period = 2025")
            == [["97", "153", "C", "16.9%", "20.0%", "23.0%"]])
        // Within the South East's 19: Kent 10th; quartiles 19.9, 21.6, 23.75.
        let within = try lait.run("rank authorities by ReReferral in 2025 where area in authorities of \"South East\"")
        let kent = try #require(within.rows.first { CellFormatter.text($0[3]) == "Kent" })
        #expect(kent.map(CellFormatter.text) == ["10", "19", "South East", "Kent", "21.6%", "B", "2024/25"])
        #expect(within.rows.first.map { CellFormatter.text($0[3]) } == "East Sussex")
        #expect(within.noteTexts.contains("note: quartile bands within South East: Q1 19.9%, median 21.6%, Q3 23.8% (R type 7); A up to Q1, D above Q3"))
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func groupsNeighboursAndRegions() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        // Kent's ten neighbours (2025 model) and Kent, CP_conf_15days 2025; England 81.4.
        let rows = try lait.texts("show area, value, england where code = CP_conf_15days and period = 2025 and (area = Kent or area in neighbours of Kent)")
        #expect(rows.map { $0[0] } == ["Bedford Borough", "Bexley", "Devon", "East Sussex", "Essex", "Kent", "Norfolk", "Nottinghamshire", "Somerset",
                                       "Suffolk", "West Sussex"])
        #expect(rows.first { $0[0] == "Essex" } == ["Essex", "91.4%", "81.4%"])
        #expect(rows.first { $0[0] == "Kent" } == ["Kent", "87.2%", "81.4%"])
        // LACnum at 31 March 2025 summed over each region's authorities.
        let sums = try lait.texts("sum(value), count(value) by area_region where code = LACnum and period = 2025 and area_type = authority")
        #expect(sums.contains(["South East", "11,053", "19"]))
        #expect(sums.contains(["London (Inner)", "3,784", "13"]))
        let kent = lait.store.areas[try #require(lait.store.area(named: "Kent"))]
        #expect(kent.neighbours.prefix(2).map { lait.store.areas[$0].name } == ["Essex", "East Sussex"])
        #expect(kent.neighbourCloseness.prefix(2) == ["Very close", "Very close"])
    }
}
