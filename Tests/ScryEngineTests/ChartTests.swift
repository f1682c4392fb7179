import Foundation
import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryStore
@testable import ScryShell

/// `chart` on the built-in dataset. Every expected figure is read by hand from the rows of
/// `examples/data/*/observations.csv` named beside it, not from scry's output.
struct ChartTests {
    let harness: Harness
    init() throws { harness = Harness(store: try BuiltInDataset.load()) }

    func run(_ text: String) throws -> ResultTable { try harness.run(text) }
    func error(_ text: String) throws -> Diagnostic { try harness.error(text) }

    func periods(_ chart: ResultTable.Chart) -> [String] { chart.periods.map(\.description) }

    @Test func aLineChartHasTheAreasFiguresItsEnglandFigureAndItsTarget() throws {
        let result = try run("chart CPS05 for Kent with england")
        let chart = try #require(result.chart)
        #expect(chart.kind == .line)
        #expect(chart.code == "CPS05" && chart.unit == .percent && chart.decimals == 1 && chart.polarity == .high)
        // kent-2019-07/observations.csv: CPS05,Kent,2018-07,69.3 / 2019-06,72.7 (target 70) /
        // 2019-07,73.2 (target 70); CPS05,England,2016/17,70, the latest England figure
        // before each month and within the 36 months comparator_lag allows (2017-03 to
        // 2019-07 is 28 months).
        #expect(periods(chart) == ["2018-07", "2019-06", "2019-07"])
        #expect(chart.series == [
            .init(label: "Kent", role: .area, values: [69.3, 72.7, 73.2]),
            .init(label: "England", role: .comparator, values: [70, 70, 70]),
            .init(label: "target", role: .target, values: [nil, 70, 70]),
        ])
        #expect(result.noteTexts.contains { $0.hasPrefix("note: england: 3 figures are for an earlier period") })
    }

    @Test func aSuppressedFigureIsAGapNeverZero() throws {
        let result = try run("chart SCS16 for Kent")
        let chart = try #require(result.chart)
        // kent-2013-07/observations.csv: SCS16,Kent,2012-09,- (target -), 2012-12,72.5 (80),
        // 2013-03,76.8 (80), 2013-06,60.0 (none), 2013-07,66.7 (85.0).
        #expect(periods(chart) == ["2012-09", "2012-12", "2013-03", "2013-06", "2013-07"])
        #expect(chart.series == [
            .init(label: "Kent", role: .area, values: [nil, 72.5, 76.8, 60.0, 66.7]),
            .init(label: "target", role: .target, values: [nil, 80, 80, nil, 85]),
        ])
        #expect(result.noteTexts == ["note: 1 figure is missing or suppressed, drawn as gaps"])
    }

    @Test func severalAreasAreLinesInTheOrderNamed() throws {
        let chart = try #require(try run(#"chart DAR01 for "Darlington Area 2", Darlington"#).chart)
        // darlington-2015-q3/observations.csv: DAR01 Area 2 2014/15 123, 2015-12 162;
        // Darlington 2014/15 316, 2014-12 224, 2015-12 444. The x axis has every period,
        // by when it ends: 2014-12, then 2014/15 (March 2015), then 2015-12.
        #expect(periods(chart) == ["2014-12", "2014/15", "2015-12"])
        #expect(chart.series == [
            .init(label: "Darlington Area 2", role: .area, values: [nil, 123, 162]),
            .init(label: "Darlington", role: .area, values: [224, 316, 444]),
        ])
    }

    @Test func aBarChartIsInRankOrderWithEnglandAndTheTargetAsReferences() throws {
        let result = try run("chart CS3 by districts in 2017-12 highlight EAST")
        let chart = try #require(result.chart)
        // city-2017-12/observations.csv, CS3 for 2017-12 (higher is better): DCSC 100, EAST 95,
        // NWC 94, SOUTH 92, Other Citywide Teams 63; England 83 for 2015/16; the City's own
        // row has the target, 85.
        #expect(chart.kind == .bar)
        #expect(chart.categories == ["DCSC", "EAST", "NWC", "SOUTH", "Other Citywide Teams"])
        #expect(chart.series.map(\.values) == [[100, 95, 94, 92, 63]])
        #expect(chart.highlight == 1)
        #expect(periods(chart) == ["2017-12"])
        #expect(chart.references.map(\.label) == ["England", "target (City)"])
        #expect(chart.references.map(\.value) == [83, 85])
        #expect(chart.references.first?.period?.description == "2015/16")
    }

    @Test func aBarChartWithoutPolarityIsInOrderOfValueWithGapsLast() throws {
        let result = try run("chart CS5_RATE by districts in 2017-12 highlight SOUTH")
        let chart = try #require(result.chart)
        // city-2017-12/observations.csv, CS5_RATE for 2017-12 (no polarity): SOUTH 50, NWC 28,
        // EAST 26, DCSC and Other Citywide Teams "-"; England 43 for 2015/16; no target.
        #expect(chart.categories == ["SOUTH", "NWC", "EAST", "DCSC", "Other Citywide Teams"])
        #expect(chart.series.map(\.values) == [[50, 28, 26, nil, nil]])
        #expect(chart.highlight == 0)
        #expect(chart.references.map(\.value) == [43])
        #expect(result.noteTexts.contains("note: 2 areas have no figure, drawn as gaps"))
        #expect(result.noteTexts.contains { $0.contains("no polarity") && $0.contains("highest first") })
    }

    @Test func mistakesAreErrorsAtTheirPlace() throws {
        let tooMany = try error(#"chart DAR01 for Darlington, "Darlington Area 1", "Darlington Area 2", "Darlington Area 3" with england"#)
        #expect(tooMany.message == "a chart draws at most 4 lines, and this one would draw 5 (4 areas and 1 comparator)")
        let target = try error("chart CS3 for City with target")
        #expect(target.message == "a chart draws england, region or neighbours beside an area, not 'target'")
        #expect(target.range == SourceRange(24, 30))
        let highlight = try error("chart CS3 by districts in 2017-12 highlight City")
        #expect(highlight.message == "'City' is not among the districts charted")
        #expect(try error("chart CS3 by counties").message == "cannot chart 'counties': chart by authorities, districts or regions")
        #expect(try error("chart CS33 for City").suggestion == "did you mean 'CS3'?")
    }

    @Test func ctrlCStopsAChart() throws {
        let flag = Interruption.Flag()
        flag.request()
        let diagnostic = try Interruption.$current.withValue(flag) { try error("chart CPS05 for Kent with england") }
        #expect(diagnostic.message == "interrupted")
    }
}

extension Harness {
    /// A harness over a store already loaded (the built-in dataset).
    init(store: Store) { self.store = store }
}

/// Charts of the real national data in ../shared/lait (skipped where it is absent), drawn
/// in memory only, and checked against figures read from `bds_long.csv` by Python's csv
/// module, independently of scry.
struct RealLAITChartTests {
    static var present: Bool { RealLAITTests.present }

    /// `[year: value]` for each of `areas` of measure `code`, as the file has them.
    static func figures(_ code: String, areas: [String]) throws -> [String: [String: String]] {
        let script = """
            import csv, json, sys
            wanted, found = sys.argv[2].split('|'), {}
            for row in csv.DictReader(open(sys.argv[1], newline='')):
                if row['Short Desc'] == sys.argv[3] and row['LA and Regions'] in wanted:
                    found.setdefault(row['LA and Regions'], {})[row['Years']] = row['Values']
            print(json.dumps(found))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, RealLAITTests.folder + "/bds_long.csv", areas.joined(separator: "|"), code]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([String: [String: String]].self, from: data)
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func aLineChartOfNationalDataHasTheFilesFigures() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let chart = try #require(try lait.run("chart ReReferral for Kent with england, region").chart)
        let file = try Self.figures("ReReferral", areas: ["Kent", "England", "South East"])
        // LAIT's years are the year ending: 2016 is 2015/16; the same period beside each.
        let years = chart.periods.map { String($0.endMonth / 12) }
        #expect(chart.series.map(\.label) == ["Kent", "England", "South East"])
        for (series, area) in zip(chart.series, ["Kent", "England", "South East"]) {
            #expect(series.values == years.map { file[area]?[$0].flatMap(Double.init) }, "\(area)")
        }
        #expect(years.count >= 9)
        var svg = ""
        SVGChart.write(chart, to: &svg)
        let latest = try #require(years.last.flatMap { file["Kent"]?[$0] }.flatMap(Double.init))
        #expect(svg.contains(">Kent " + CellFormatter.text(.number(latest, decimals: chart.decimals, unit: .percent)) + "<"),
                "the latest figure labels Kent's line")
    }

    @Test(.enabled(if: present, "../shared/lait is not here")) func aBarChartOfAllAuthoritiesIsBestFirstWithTheUsersAreaPickedOut() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let chart = try #require(try lait.run("chart ReReferral by authorities in 2025 highlight Kent").chart)
        // Low polarity: present figures ascending, then the 5 authorities without one.
        let values = try #require(chart.series.first?.values)
        let present = values.compactMap { $0 }
        #expect(present == present.sorted())
        #expect(values.suffix(5).allSatisfy { $0 == nil } && present.count == 153, "153 ranked, 5 without a figure")
        let kent = try #require(chart.highlight)
        #expect(chart.categories[kent] == "Kent")
        let file = try Self.figures("ReReferral", areas: ["Kent", "England"])
        #expect(values[kent] == file["Kent"]?["2025"].flatMap(Double.init))
        #expect(chart.references.first?.value == file["England"]?["2025"].flatMap(Double.init))
        var svg = ""
        SVGChart.write(chart, to: &svg)
        #expect(svg.components(separatedBy: "<rect ").count - 2 == 153, "a bar for each figure, beside the background")
    }
}
