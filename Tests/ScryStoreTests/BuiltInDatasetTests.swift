import Testing
@testable import ScryStore
import ScryTestSupport

/// The built-in dataset, checked against figures read by hand from the seed documents in
/// `../shared/seeds/` (the line quoted beside each).
struct BuiltInDatasetTests {
    let store: Store

    init() throws { store = try BuiltInDataset.load() }

    /// The observation of `code` in `dataset` for `area` and `period`.
    func row(_ dataset: String, _ code: String, _ area: String, _ period: String) throws -> ObservationTable.Row {
        let datasetIndex = try #require(store.datasets.firstIndex { $0.name == dataset })
        let indicator = try #require(store.indicators(withCode: code).first { store.indicators[$0].dataset == datasetIndex })
        let areaIndex = try #require(store.area(named: area))
        let parsed = try Period.parse(period, splitYears: store.indicators[indicator].periodType.splitYears)
        let rows = (0..<store.observations.count).filter {
            Int(store.observations.indicator[$0]) == indicator && Int(store.observations.area[$0]) == areaIndex
                && store.observations.period[$0] == parsed.raw
        }
        #expect(rows.count == 1, "\(dataset) \(code) \(area) \(period)")
        return store.observations[try #require(rows.first)]
    }

    /// Published RAG counts of a dataset at one period.
    func ragCounts(_ dataset: String, _ period: String) throws -> [RAG: Int] {
        let datasetIndex = try #require(store.datasets.firstIndex { $0.name == dataset })
        let raw = try Period.parse(period).raw
        var counts: [RAG: Int] = [:]
        for row in 0..<store.observations.count
        where store.indicators[Int(store.observations.indicator[row])].dataset == datasetIndex && store.observations.period[row] == raw {
            let rag = RAG(rawValue: store.observations.rag[row]) ?? .none
            if rag != .none { counts[rag, default: 0] += 1 }
        }
        return counts
    }

    @Test func loadsAllFiveSeedsWithIntactInvariants() {
        #expect(store.datasets.map(\.name) == ["city-2017-12", "darlington-2015-q3", "kent-2012-07", "kent-2013-07", "kent-2019-07"])
        #expect(store.invariantViolations().isEmpty)
        #expect(store.datasets.allSatisfy { $0.observationCount > 0 && $0.indicatorCount > 0 })
    }

    /// Seed 004: `A10 Numbers of Children with a CP Plan per 10,000 population under 18 T Snapshot 24.1 R 753 312597 25.3 30.5 …`
    @Test func kent2012A10IsTheCPPlanRate() throws {
        let a10 = try row("kent-2012-07", "A10", "Kent", "2012-07")
        #expect(a10.value.number == 24.1)
        #expect(a10.numerator.number == 753)
        #expect(a10.denominator.number == 312_597)
        #expect(a10.target.number == 30.5)
        #expect(a10.rag == .red)
        #expect(try row("kent-2012-07", "A10", "Kent", "2012-06").value.number == 25.3)
    }

    /// Seed 004's summary: "19 indicators rated as Green, 17 indicators rated as Amber and 9 indicators rated as Red".
    @Test func kent2012PublishedRAGsMatchItsSummary() throws {
        #expect(try ragCounts("kent-2012-07", "2012-07") == [.green: 19, .amber: 17, .red: 9])
    }

    /// Seed 004: `E4 Average Caseloads of social workers in fieldwork teams L Snapshot 19.9 G 422.4 8420 19.8 20`
    /// (numerator and denominator are printed the wrong way round; 8420 / 422.4 = 19.9).
    @Test func kent2012E4CaseloadIsCasesOverStaff() throws {
        let e4 = try row("kent-2012-07", "E4", "Kent", "2012-07")
        #expect(e4.value.number == 19.9)
        #expect(e4.numerator.number == 8420)
        #expect(e4.denominator.number == 422.4)
        #expect(e4.target.number == 20)
        #expect(try row("kent-2012-07", "E1", "Kent", "2012-06").value.number == -0.3)
    }

    /// Seed 000: `Number of CAFs completed per 10,000 population under 18 Н R12M 97.5 G 3149 322813 72.0 91.5 75.7`
    @Test func kent2013CAFRate() throws {
        let caf = try row("kent-2013-07", "SCS01", "Kent", "2013-07")
        #expect(caf.value.number == 97.5)
        #expect(caf.numerator.number == 3149)
        #expect(caf.denominator.number == 322_813)
        #expect(caf.target.number == 72.0)
        #expect(caf.rag == .green)
        #expect(try row("kent-2013-07", "SCS01", "Kent", "2013-06").value.number == 91.5)
        #expect(try row("kent-2013-07", "SCS01", "Kent", "2013-03").value.number == 75.7)
        #expect(try ragCounts("kent-2013-07", "2013-07") == [.red: 7, .amber: 10, .green: 20])
    }

    /// Seed 002: `% of CIC Cases which were reviewed within required timescales H SS 98.4% G 1,587 1,612 98% 98.8% ↓ 99.1% ↓`
    /// and `CIC Per 10,000 population aged under 18 (exc UASC) SS 40.9 1,390 340,140 41.0 40.8 57.8**` (** England 2016/17).
    @Test func kent2019ReviewsAndEnglandComparator() throws {
        let reviews = try row("kent-2019-07", "CPS01", "Kent", "2019-07")
        #expect(reviews.value.number == 98.4)
        #expect(reviews.numerator.number == 1587)
        #expect(reviews.denominator.number == 1612)
        #expect(reviews.target.number == 98)
        #expect(reviews.rag == .green)
        #expect(try row("kent-2019-07", "CPS01", "Kent", "2019-06").value.number == 98.8)
        #expect(try row("kent-2019-07", "CPS01", "Kent", "2018-07").value.number == 99.1)
        #expect(try row("kent-2019-07", "CPS08", "England", "2016/17").value.number == 57.8)
        #expect(try row("kent-2019-07", "CPS18", "Kent", "2019-07").value.state == .dash, "printed '-', kept as a symbol")
    }

    /// Seed 001: `No. inside 1,103 923 340 …`, `Total 1,222 1,001 359 …`, `% Inside 90% 92% 95% …`; `National average 226`.
    @Test func cityDistrictBreakdownAndNationalAverage() throws {
        let east = try row("city-2017-12", "CS3", "EAST", "2017-12")
        #expect(east.value.number == 95)
        #expect(east.numerator.number == 340)
        #expect(east.denominator.number == 359)
        let dcsc = try row("city-2017-12", "CS12", "DCSC", "2017-12")
        #expect((dcsc.value.number, dcsc.numerator.number, dcsc.denominator.number) == (58, 18, 31))
        #expect(try row("city-2017-12", "CS9", "England", "2015/16").value.number == 226)
        let previous = try row("city-2017-12", "CS9", "City", "2017-06/2017-11")
        #expect(previous.value.number == 276)
        let east2 = try #require(store.area(named: "EAST"))
        #expect(store.areas[east2].type == .district)
        #expect(store.areas[east2].parent == store.area(named: "City"))
    }

    /// Seed 003: "reduced from 88.59 in April 2015 to 81.9 (186 children …)"; "statistical neighbour (SN) average of 23%".
    @Test func darlingtonLookedAfterRateAndNeighbours() throws {
        let rate = try row("darlington-2015-q3", "DAR14", "Darlington", "2015-12")
        #expect(rate.value.number == 81.9)
        #expect(rate.numerator.number == 186)
        #expect(try row("darlington-2015-q3", "DAR14", "Darlington", "2015-04").value.number == 88.59)
        #expect(try row("darlington-2015-q3", "DAR03", "Darlington statistical neighbours", "2014/15").value.number == 23)
    }

    @Test func areasSharedAcrossDatasetsAreOne() throws {
        let kent = try #require(store.area(named: "Kent"))
        #expect(store.areas[kent].type == .authority)
        #expect(store.areas.filter { $0.name == "Kent" }.count == 1)
        #expect(store.areas[kent].parent.map { store.areas[$0].name } == "South East")
    }

    /// Wherever a figure has its numerator and denominator, Σ numerator / denominator
    /// scaled by the unit reproduces the printed figure at its displayed decimals: a
    /// transcription error in any column shows up here.
    @Test func numeratorsAndDenominatorsReproduceEveryPrintedFigure() {
        var checked = 0
        for index in 0..<store.observations.count {
            let row = store.observations[index]
            let indicator = store.indicators[row.indicator]
            guard let value = row.value.number, let numerator = row.numerator.number,
                  let denominator = row.denominator.number, denominator != 0,
                  let scale = indicator.unit.poolingScale ?? (indicator.unit == .days || indicator.unit == .count ? nil : 1)
            else { continue }
            let computed = numerator / denominator * scale
            var tolerance = 0.5
            for _ in 0..<indicator.decimals { tolerance /= 10 }
            #expect(abs(computed - value) <= tolerance * 1.0001,
                    "\(store.datasets[indicator.dataset].name) \(indicator.code) \(store.areas[row.area].name) \(row.period): \(numerator)/\(denominator) gives \(computed), printed \(value)")
            checked += 1
        }
        #expect(checked > 100)
    }

    /// The copy compiled into the program is the CSV files in `examples/data`, byte for byte.
    @Test func embeddedCopyMatchesTheFilesInExamples() throws {
        let folder = Repository.path("examples/data")
        var count = 0
        for file in BuiltInDataset.files {
            let onDisk = try #require(try? FileSystem.read(folder + "/" + file.dataset + "/" + file.name),
                                      "\(file.dataset)/\(file.name) is embedded but not in examples/data")
            #expect(onDisk == Array(file.contents.utf8), "\(file.dataset)/\(file.name) differs: run `make dataset`")
            count += 1
        }
        let sources = try BuiltInDataset.sources.map { try DatasetSource.folder(folder + "/" + $0.name) }
        #expect(sources.map { $0.files.count }.reduce(0, +) == count, "a CSV file in examples/data is not embedded: run `make dataset`")
    }
}
