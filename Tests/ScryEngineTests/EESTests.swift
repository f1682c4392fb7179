import Foundation
import Testing
@testable import ScryEngine
import ScryStore

/// The DfE's "explore education statistics" layout, from hand-written files with each
/// quirk of the published files (Tests/Fixtures/ees-mini/README.md says which is where).
struct EESImportTests {
    let ees: LoadedStore
    init() throws { ees = try LoadedStore(fixture("ees-mini")) }

    @Test func readsEveryFileOfTheFolderAsOneDataset() throws {
        let dataset = try #require(ees.store.datasets.first)
        #expect(ees.store.datasets.count == 1)
        // 5 + 2 measures, and 3 × 2 social care groups.
        #expect(dataset.indicatorCount == 13)
        // England, 7 regions (with Inner and Outer London), 12 authorities.
        #expect(dataset.areaCount == 20)
        // 40 rows × 5 + 28 × 3 + 14 × 2.
        #expect(dataset.observationCount == 200 + 84 + 28)
        #expect(ees.store.invariantViolations().isEmpty)
        #expect(ees.warnings.isEmpty, "\(ees.warnings)")
    }

    @Test func metadataGivesLabelsUnitsDecimalsAndThemes() throws {
        func indicator(_ code: String) throws -> Indicator {
            ees.store.indicators[try #require(ees.store.indicators(withCode: code).first)]
        }
        #expect(try indicator("cpp_rate_per_10000").unit == .per10000)
        #expect(try indicator("cpp_rate_per_10000").theme == "Child protection")
        #expect(try indicator("cin_count").unit == .count)
        #expect(try indicator("cpp_second_time_percent").unit == .percent)
        #expect(try indicator("permanent_exclusion_percent_children_in_need").decimals == 2, "indicator_dp")
        #expect(try indicator("permanent_exclusion_percent_children_in_need").name == "Pupils with at least one permanent exclusion (Children in need)")
        #expect(try indicator("pupil_count_child_protection_plan").polarity == .none, "EES publishes no polarity")
    }

    @Test func eachKindOfYearReadsItsTimePeriod() throws {
        #expect(try ees.texts("show period where code = cpp_count and area = England order by period") == [["2023/24"], ["2024/25"]])
        #expect(try ees.texts("show period where code = pupil_count_children_in_need and area = England order by period") == [["AY 2023/24"], ["AY 2024/25"]])
        #expect(try ees.texts("show period where code = care_applications_count and area = England order by period") == [["2023"], ["2024"]])
        // A bare year in a filter is the year ending then, as for LAIT.
        #expect(try ees.texts("show value where code = cpp_rate_per_10000 and area = Kent and period = 2025") == [["32.1"]])
    }

    @Test func figuresAreAsWritten() throws {
        #expect(try ees.texts("show area, value where code = cpp_rate_per_10000 and period = 2024/25 and area in (England, Kent, Darlington, Barnsley, \"North East\") order by area") == [
            ["Barnsley", "54.7"], ["Darlington", "50.6"], ["England", "41.5"], ["Kent", "32.1"], ["North East", "58.6"],
        ])
        #expect(try ees.texts("show previous, gap_previous where code = cpp_rate_per_10000 and area = Darlington and period = 2024/25") == [["58.4", "-7.8"]])
        #expect(try ees.texts("sum(value) where code = cin_count and period = 2024/25 and area in (Darlington, Gateshead, \"County Durham\")") == [["7,315"]])
        #expect(try ees.texts("show value where code = care_applications_rate_per_10000 and area = England and period = 2024") == [["13.9"]])
    }

    @Test func symbolsAreTypedMissingValuesAndZeroIsANumber() throws {
        let year = "period = 2024/25 and code in (pupil_count_children_in_need, persistent_absence_percent_children_in_need, permanent_exclusion_percent_children_in_need, pupil_count_child_protection_plan, persistent_absence_percent_child_protection_plan, permanent_exclusion_percent_child_protection_plan)"
        let symbols = try ees.texts("show value where \(year) and value is missing").map { $0[0] }.sorted()
        #expect(symbols == ["c", "c", "c", "c", "c", "low", "z", "z"])
        #expect(try ees.texts("show value where code = cpp_count and area = \"City of London\" and period = 2024/25") == [["0"]])
        #expect(try ees.texts("show value where code = cin_rate_per_10000 and area = \"City of London\" and period = 2024/25") == [["u"]])
        #expect(try ees.texts("show value where code = care_applications_count and area = Gateshead and period = 2023") == [["x"]])
        #expect(try ees.texts("show value where code = permanent_exclusion_percent_child_protection_plan and area = Darlington and period = 2023/24") == [["k"]])
    }

    @Test func areasAreLinkedToTheirRegions() throws {
        let store = ees.store
        func area(_ name: String) throws -> Area { store.areas[try #require(store.area(named: name))] }
        #expect(try area("England").type == .national)
        #expect(try area("County Durham").type == .authority)
        #expect(try area("County Durham").code == "840")
        #expect(try area("County Durham").parent == store.area(named: "North East"))
        #expect(try area("Kingston upon Hull, City of").parent == store.area(named: "Yorkshire and The Humber"))
        #expect(try area("Inner London").parent == store.area(named: "London"))
        #expect(try area("City of London").parent == store.area(named: "London"))
        #expect(try ees.texts("show region_value where code = cpp_rate_per_10000 and area = Barnsley and period = 2024/25") == [["49.2"]])
    }

    @Test func authoritiesMeetLAITsSpellingByTheirLANumber() throws {
        let both = try LoadedStore(fixture("lait-mini"), fixture("ees-mini"))
        let store = both.store
        #expect(store.area(named: "County Durham") == nil, "County Durham is LAIT's Durham, LA 840")
        #expect(store.area(named: "Kingston upon Hull, City of") == nil)
        #expect(store.area(named: "Yorkshire and The Humber") == nil, "the same region, spelt with a capital T")
        #expect(store.area(named: "Inner London") == nil, "LAIT's London (Inner)")
        #expect(try both.texts("show value where code = cpp_rate_per_10000 and area = Durham and period = 2024/25") == [["52.1"]])
        #expect(try both.texts("show value where code = CPP_rate and area = Durham and period = 2024") == [["47.1"]])
    }

    @Test func aFileWithoutMetadataTellsIndicatorsFromFiltersByItsCells() throws {
        let folder = try temporaryFolder([
            "placements.csv": """
                time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,placement_type,children_count,children_percent
                2024,Reporting year,National,E92000001,England,,,,,,Foster,100,55.5
                2024,Reporting year,National,E92000001,England,,,,,,Total,180,100
                2024,Reporting year,Local authority,E92000001,England,E12000008,South East,886,E10000016,Kent,Foster,c,x
                2024,Reporting year,Local authority District,E92000001,England,E12000008,South East,,,,Foster,1,2

                """,
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try LoadedStore(folder)
        #expect(loaded.store.indicators.map(\.code).sorted() == ["children_count", "children_count_foster", "children_percent", "children_percent_foster"])
        #expect(loaded.store.area(named: "South East") != nil, "a region named on an authority's row exists without rows of its own")
        #expect(loaded.warnings.map(\.message) == ["1 row at geographic level 'Local authority District' left out: scry reads National, Regional and Local authority rows"])
        #expect(try loaded.texts("show value where code = children_count_foster and area = Kent") == [["c"]])
        let single = try LoadedStore(folder + "/placements.csv")
        #expect(single.store.datasets.map(\.name) == ["placements"], "one file loads on its own, named after it")
    }

    @Test func badFilesFailWithLocatedErrorsAndLoadNothing() throws {
        let header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,cin_count\n"
        let folder = try temporaryFolder([
            "cin.csv": header + """
                202425,Financial year,National,E92000001,England,,,,,,10
                202426,Financial year,National,E92000001,England,,,,,,10
                2024,Fiscal year,National,E92000001,England,,,,,,10
                2023,Calendar year,National,E92000001,England,,,,,,10
                202425,Financial year,National,E92000001,England,,,,,,11
                202324,Financial year,National,E92000001,England,,,,,,1 0

                """,
            "cin.meta.csv": "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp\ncin_count,Indicator,Children in need,,,0\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var store = Store()
        do {
            _ = try store.load(folder: folder)
            Issue.record("expected the load to fail")
        } catch {
            #expect(error.errors.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" } == [
                "3:1 time_period '202426' is not a financial year: expected 6 digits for consecutive years, such as 202425",
                "4:6 unknown time_identifier 'Fiscal year': expected Financial year, Academic year, Tax year, Calendar year or Reporting year",
                "5:6 time_identifier 'Calendar year' differs from 'financial year' on line 2: an EES file holds one kind of year",
                "6:55 duplicate figure: cin_count, England, 202425 is already given",
                "7:55 cin_count '1 0' is not a number: expected a number, or blank, c, low, k, u, x, z, : or -",
            ])
        }
        #expect(store.datasets.isEmpty && store.observations.count == 0)
    }

    private func temporaryFolder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ees-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder.path
    }
}
