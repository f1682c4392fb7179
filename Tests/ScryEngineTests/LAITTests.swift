import Foundation
import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// The folder of hand-written test files in another layout, beside the test targets.
func fixture(_ name: String) -> String {
    Repository.fixture(name)
}

/// Runs statements against a store loaded from folders.
struct LoadedStore {
    var store = Store()
    var warnings: [LoadIssue] = []
    var settings = EngineSettings()

    init(_ paths: String...) throws {
        for path in paths { warnings += try store.load(folder: path).warnings }
    }

    func run(_ text: String) throws -> ResultTable {
        let source = SourceFile(name: "test", text: text)
        let parsed = Parser.parse(source)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        return try Engine(store: store, settings: settings).run(try #require(parsed.statements.first), in: source)
    }

    func texts(_ text: String) throws -> [[String]] {
        try run(text).rows.map { $0.map(CellFormatter.text) }
    }

    /// The message of the error the statement gives, or "" when it runs.
    func error(_ text: String) throws -> String {
        do {
            _ = try texts(text)
            return ""
        } catch let diagnostic as Diagnostic {
            return diagnostic.message
        }
    }
}

/// LAIT's long format, from hand-written files with every quirk of the real download
/// (Tests/Fixtures/lait-mini/README.md says which is where, and works the figures out).
struct LAITImportTests {
    let lait: LoadedStore
    init() throws { lait = try LoadedStore(fixture("lait-mini")) }

    @Test func countsMeasuresAreasAndObservations() throws {
        let dataset = try #require(lait.store.datasets.first)
        #expect(dataset.indicatorCount == 8)
        #expect(dataset.areaCount == 21)
        #expect(dataset.observationCount == 399, "every record, the block labelled '0' included")
        #expect(lait.store.invariantViolations().isEmpty)
    }

    @Test func warnsOfTheDuplicatedMeasureAndTheLabelThatIsNoPeriod() throws {
        let messages = lait.warnings.map(\.message)
        #expect(messages.contains { $0.contains("1 measure is described twice") && $0.contains("Tot_ PermExcl (lines 8 and 10)") })
        let label = try #require(lait.warnings.first { $0.message.contains("labelled '0'") })
        #expect(label.message.hasPrefix("Tot_ PermExcl: 21 rows labelled '0', which is no year, kept as an undated period"))
        #expect(label.file.hasSuffix("bds_long.csv"))
        #expect(!messages.contains { $0.contains("left out") }, "no row is left out")
    }

    /// LAIT lists the column headed `0` before the years, never as the latest or previous
    /// year: so does scry, and a dated figure never takes an undated one as its comparator.
    @Test func theUndatedLabelIsKeptAndListedFirstButNeverLatestPreviousOrAsOf() throws {
        #expect(try lait.texts("show period, value where code = \"Tot_ PermExcl\" and area = Kent") == [
            ["0", "-"], ["AY 2022/23", "0.10%"], ["AY 2023/24", "0.11%"],
        ])
        #expect(try lait.texts("show period, value, previous, england where code = \"Tot_ PermExcl\" and area = Kent and period = latest") == [
            ["AY 2023/24", "0.11%", "0.10%", "0.12%"],
        ])
        #expect(try lait.texts("show period, previous, england where code = \"Tot_ PermExcl\" and area = Kent and (period = 0 or period <= 2023)") == [
            ["0", "", "-"], ["AY 2022/23", "", "0.11%"],
        ], "the first year has no previous year, and the undated row's England figure is England's undated one")
        #expect(try lait.texts("count where code = \"Tot_ PermExcl\" and period >= 2023") == [["42"]], "a dated range holds no undated row")
        #expect(try lait.texts("show area, value where code = \"Tot_ PermExcl\" and period = 0 and area = Kent") == [["Kent", "-"]])
        #expect(try lait.texts("count where period != 0 and code = \"Tot_ PermExcl\"") == [["42"]])
        #expect(try lait.texts("count where code = \"Tot_ PermExcl\" and period < 2024") == [["21"]], "before a year: dated periods only")
        #expect(try lait.texts("count where code = \"Tot_ PermExcl\" and period <= 2023") == [["21"]])
        #expect(try lait.error("count where period = 12").contains("no figure loaded has '12'"), "a typo for 2012 is an error, not an empty result")
    }

    @Test func areasBecomeAuthoritiesRegionsAndEnglandWithTheirLinks() throws {
        let store = lait.store
        func area(_ name: String) throws -> Area { store.areas[try #require(store.area(named: name))] }
        #expect(try area("England").type == .national)
        #expect(try area("Kent").type == .authority)
        #expect(try area("Kent").code == "886", "886.0 is LA number 886")
        #expect(try area("Kent").parent == store.area(named: "South East"))
        #expect(try area("Barnsley").parent == store.area(named: "Yorkshire and the Humber"), "The Humber / the Humber")
        #expect(try area("Camden").parent == store.area(named: "London (Inner)"), "Inner London / London (Inner)")
        #expect(try area("London (Inner)").parent == store.area(named: "London"))
        #expect(try area("Kingston Upon Hull, City of").type == .authority, "a quoted name with a comma")
        #expect(try area("Cumbria").type == .authority, "an abolished council keeps its years")
        #expect(store.areas.filter { $0.type == .authority }.count == 13)
    }

    @Test func dictionaryGivesPolarityUnitDecimalsAndYearType() throws {
        let store = lait.store
        func indicator(_ code: String) throws -> Indicator { store.indicators[try #require(store.indicators(withCode: code).first)] }
        let rereferral = try indicator("ReReferral")
        #expect(rereferral.polarity == .low && rereferral.unit == .percent && rereferral.decimals == 1)
        #expect(try indicator("CPP_rate").polarity == .none, "'-' is no polarity")
        #expect(try indicator("CPP_rate").unit == .per10000)
        #expect(try indicator("C&YP_SafeguardSpend").polarity == .none, "NA is no polarity")
        #expect(try indicator("Tot_ PermExcl").hasQuartileBands == false, "No_Quartile N, first description kept")
        #expect(try indicator("KS2_Prog_Read").name.isEmpty == false)
    }

    @Test func yearsAreReadByTheMeasuresYearType() throws {
        func periods(_ code: String) throws -> [String] {
            Array(Set(try lait.texts("show period where code = \"\(code)\" and area = Kent").map { $0[0] })).sorted()
        }
        #expect(try periods("ReReferral") == ["2022/23", "2023/24", "2024/25"], "financial: 2025 is 2024/25")
        #expect(try periods("CPP_rate") == ["2023/24", "2024/25"], "annual, as at 31 March")
        #expect(try periods("RTA_KSI") == ["2014-16", "2015-17"])
        #expect(try periods("KS2_Prog_Read") == ["AY 2020/21 (Final)", "AY 2023/24", "AY 2024/25 (prov)"], "academic")
        #expect(try periods("C&YP_SafeguardSpend") == ["2022/23 (OT)", "2023/24 (OT)"])
        #expect(try periods("SW_Caseload_Avg") == ["2024-09", "2025-09"], "a snapshot at the end of September")
        #expect(try periods("FSM_%_Jan") == ["2024-01", "2025-01"], "the January census")
        #expect(try lait.texts("show value where code = ReReferral and area = Kent and period = 2025") == [["20.4%"]],
                "a filter reads 2025 as the measure does")
    }

    @Test func valuesKeepMissingSymbolsAndLoseTheirNoise() throws {
        #expect(try lait.texts("show value where code = CPP_rate and area = Kent and period = 2025") == [["32.2"]])
        #expect(try lait.texts("show value where code = ReReferral and area = Camden and period = 2025") == [["-"]])
        #expect(try lait.texts("show value where code = KS2_Prog_Read and area = Kent and period = 2025") == [["-0.20"]], "negative, not missing")
    }

    @Test func rankQuartileAndNeighboursAsWorkedOutByHand() throws {
        let ranked = try lait.texts("rank authorities by ReReferral in 2025")
        #expect(ranked.allSatisfy { $0[1] == "11" || $0[0].isEmpty }, "11 of the 13 authorities have a figure")
        #expect(ranked.prefix(9).map { [$0[0], $0[2], $0[4]] } == [
            ["1", "Darlington", "A"], ["2", "Cumberland", "A"], ["3", "Westmorland and Furness", "A"], ["4", "Rotherham", "B"],
            ["5", "Durham", "B"], ["6", "Barnet", "B"], ["7", "Gateshead", "C"], ["7", "Kent", "C"], ["9", "Medway", "D"],
        ])
        #expect(try lait.texts("show national_rank, quartile, neighbours_mean, neighbours_median, neighbours_count, england, region_value where code = ReReferral and area in (Kent, Darlington) and period = 2025")
            == [
                ["1", "A", "20.3%", "19.7%", "10", "21.3%", "17.8%"],
                ["7", "C", "18.5%", "18.3%", "9", "21.3%", "22.9%"],
            ])
        #expect(try lait.texts("show previous, dot where code = ReReferral and area = Kent and period = 2025") == [["22.8%", "↑ improved"]])
    }

    @Test func oneStatementQuestions() throws {
        // Which measures is Kent in the bottom quartile for, and improving?
        let bottom = try lait.texts("show code where area = Kent and period = latest and quartile = D and dot = improved")
        #expect(bottom.allSatisfy { !$0[0].isEmpty })
        // Where are we worse than our neighbours' mean by more than 1 point?
        #expect(try lait.texts("show code, worse_by_neighbours where area = Kent and code = ReReferral and period = latest and worse_by_neighbours > 1") == [["ReReferral", "1.9"]])
    }

    @Test func brokenFilesFailWithTheirPlaceAndChangeNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lait-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dictionary = "\"Measure_short\",\"Polarity\",\"Year_Type\",\"dps\",\"y_axis_name\"\nR,Low,Financial Year,1,%\n"
        try dictionary.write(to: folder.appendingPathComponent("data_dictionary.csv"), atomically: true, encoding: .utf8)
        let data = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\nR,,2025,Kent,20.4,886.0,South East\nQ,,2025,Kent,1,886.0,South East\nR,,2025,Kent,abc,886.0,South East\n"
        try data.write(to: folder.appendingPathComponent("bds_long.csv"), atomically: true, encoding: .utf8)
        var store = Store()
        do {
            _ = try store.load(folder: folder.path)
            Issue.record("expected the load to fail")
        } catch {
            #expect(error.errors.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" } == [
                "3:1 measure 'Q' is not in data_dictionary.csv",
                "4:9 duplicate figure: R, Kent, 2025 is already given",
            ])
        }
        #expect(store.datasets.isEmpty && store.observations.count == 0)
    }
}

/// The real national data in ../shared/lait (present in CI; skipped where it is absent),
/// checked against figures worked out independently of scry from the same files.
struct RealLAITTests {
    static let folder = Repository.sharedLAIT
    static var present: Bool { FileManager.default.fileExists(atPath: folder + "/bds_long.csv") }

    @Test(.enabled(if: present, "../shared/lait is not here")) func importsAndRanksAsLAITDoes() throws {
        let lait = try LoadedStore(Self.folder)
        let dataset = try #require(lait.store.datasets.first)
        #expect(dataset.indicatorCount == 434)
        #expect(dataset.areaCount == 170)
        #expect(dataset.observationCount == 641_070, "every record, CINPermExclusion's 170 labelled '0' included")
        #expect(lait.warnings.filter { $0.message.contains("undated") }.map { String($0.message.prefix(48)) }
                == ["CINPermExclusion: 170 rows labelled '0', which i"])
        #expect(!lait.warnings.contains { $0.message.contains("not a period") }, "no label is left out")
        // Re-referrals 2025 (Low): ranks and bands among 153 authorities.
        let rows = try lait.texts("show area, national_rank, quartile, neighbours_mean, neighbours_median, neighbours_count, england where code = ReReferral and period = 2025 and area in (Kent, Darlington, Barnsley)")
        #expect(rows == [
            ["Barnsley", "135", "D", "19.9%", "18.6%", "10", "22.6%"],
            ["Darlington", "4", "A", "21.1%", "19.2%", "10", "22.6%"],
            ["Kent", "97", "C", "20.5%", "21.0%", "10", "22.6%"],
        ])
        #expect(try lait.texts("count by quartile where code = ReReferral and period = 2025 and area_type = authority")
            == [["", "5"], ["A", "39"], ["B", "38"], ["C", "38"], ["D", "38"]], "counted independently from the file")
        // A High measure with negative values: Progress 8 of looked-after children, 2024.
        #expect(try lait.texts("show area, national_rank, quartile where code = LAC_KS4_AVG_Prog8 and period = 2024 and area in (Kent, Darlington)")
            == [["Darlington", "62", "B"], ["Kent", "93", "C"]])
    }
}

/// A local scorecard's indicator compared with LAIT's figures through `mapping.csv`.
struct MappingTests {
    /// Runs `body` with a scorecard folder of Kent's `indicators`, `observations` and
    /// `mapping`, written in a temporary folder that is removed afterwards.
    func withScorecard(indicators: String, observations: String, mapping: String, _ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorecard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "indicators.csv": "code,name,polarity,period_type,unit,decimals\n" + indicators, "areas.csv": "name,type,parent\nKent,authority,\n",
            "observations.csv": "indicator,area,period,value\n" + observations, "mapping.csv": "indicator,measure\n" + mapping,
        ]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try body(folder)
    }

    @Test func localIndicatorFindsItsNationalComparators() throws {
        try withScorecard(indicators: "RR,Re-referrals within 12 months,L,R12M,percent,1\nXX,Unmapped,L,R12M,percent,1\n",
                          observations: "RR,Kent,2025-06,24.0\nXX,Kent,2025-06,24.0\n", mapping: "RR,ReReferral\n") { folder in
            let both = try LoadedStore(folder.path, fixture("lait-mini"))
            // As of June 2025 the latest national figures are for 2024/25 (to March 2025).
            #expect(try both.texts("compare RR with england, region, neighbours where area = Kent").map { Array($0[3...]) } == [[
                "24.0%", "9", "11", "D", "21.3%", "2024/25", "2.7", "worse", "", "22.9%", "2024/25", "1.1", "worse", "",
                "18.5%", "2024/25", "18.3%", "9", "5.5", "worse", "",
            ]])
            #expect(try both.texts("show england, neighbours_count where code = XX") == [["", "0"]], "no mapping: no England figure, and none of the neighbours has one")
            // Kent's 24.0 among the other authorities' 2024/25 figures (Kent's own 20.4 left out),
            // lower better: 12.8 14.6 15.8 16.6 18.3 19 20.4 22 [24.0] 26.7 29.3 → 9th of 11;
            // Q3 by R type 7 is 22 + 0.5 × (24.0 − 22) = 23, and 24.0 is above it: band D.
            #expect(try both.texts("show national_rank, quartile where code = RR") == [["9", "D"]])
            // Kent's own 20.4 ties Gateshead for 7th; Q3 is 20.4 + 0.5 × (22 − 20.4) = 21.2: band C.
            #expect(try both.texts("show national_rank, quartile where code = ReReferral and area = Kent and period = 2025") == [["7", "C"]],
                    "the national figure keeps its own rank")
            let broken = folder.appendingPathComponent("mapping.csv")
            try "indicator,measure\nRX,ReReferral\n".write(to: broken, atomically: true, encoding: .utf8)
            #expect(throws: LoadFailure.self) { _ = try LoadedStore(folder.path) }
        }
    }

    @Test func anUndatedNationalFigureIsNoComparatorForADatedLocalOne() throws {
        // Before the national measure's first year (AY 2022/23, to August 2023), England has
        // only its undated `0` figure: a local month of 2021 has no England figure as of it.
        try withScorecard(indicators: "PX,Permanent exclusions,L,M,percent,2\n", observations: "PX,Kent,2021-06,0.2\nPX,Kent,2024-06,0.3\n",
                          mapping: "PX,Tot_ PermExcl\n") { folder in
            let both = try LoadedStore(folder.path, fixture("lait-mini"))
            #expect(try both.texts("show period, england, neighbours_count where code = PX") == [["2021-06", "", "0"], ["2024-06", "0.11%", "8"]])
        }
    }
}
