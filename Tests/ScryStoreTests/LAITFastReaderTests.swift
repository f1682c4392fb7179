import Foundation
import Testing
import ScryTestSupport
@testable import ScryStore

/// The fast reader of LAIT's `bds_long.csv` stages exactly what the checked reader stages:
/// the same indicators, areas (with the places messages point at), observations and
/// warnings; and where it declines a file, the checked reader's messages are the load's.
struct LAITFastReaderTests {
    static let fixture = Repository.fixture("lait-mini")

    /// What a load stages, or the errors it fails with, in a form that compares every part.
    enum Outcome: Equatable {
        case staged(indicators: [Indicator], areas: [StagedDataset.StagedArea], anchors: [LoadIssue],
                    observations: ObservationTable, warnings: [LoadIssue])
        case failed([LoadIssue])

        init(_ load: () throws(LoadFailure) -> StagedDataset) {
            do {
                let staged = try load()
                self = .staged(indicators: staged.indicators, areas: staged.areas, anchors: staged.areas.map(\.issueAnchor),
                               observations: staged.observations, warnings: staged.warnings)
            } catch {
                self = .failed(error.errors)
            }
        }

        var observationCount: Int {
            if case .staged(_, _, _, let observations, _) = self { return observations.count }
            return -1
        }
    }

    static func source(_ files: [String: [UInt8]]) -> DatasetSource {
        DatasetSource(name: "lait", location: "lait", files: files)
    }

    static func checked(_ source: DatasetSource) -> Outcome {
        Outcome { () throws(LoadFailure) in try LAITImporter.stage(source, reading: .checkedOnly).staged }
    }

    /// The fast reader alone; nil when it declines the file.
    static func fast(_ source: DatasetSource, splits: [Int]? = nil) -> Outcome? {
        var readFast = false
        let outcome = Outcome { () throws(LoadFailure) in
            let (staged, fast) = try LAITImporter.stage(source, reading: .fastOnly, splits: splits)
            readFast = fast
            return staged
        }
        if case .failed = outcome, !readFast {
            // The dictionary failed, or the fast reader declined and the checked one was not asked.
            return nil
        }
        return readFast ? outcome : nil
    }

    @Test func fastAndCheckedReadersStageTheSameFixture() throws {
        let source = try DatasetSource.folder(Self.fixture)
        let checked = Self.checked(source)
        let fast = try #require(Self.fast(source), "the fast reader declined the fixture")
        #expect(fast == checked)
        #expect(checked.observationCount == 399, "the block labelled '0' is kept, undated")
    }

    /// Stretches may start anywhere: on a record, on the second line of a record whose
    /// `Data item` holds a line break (the stretch is read again from where the one
    /// before ended), past the end; one record per stretch, or none.
    @Test func anySplitOfTheFileStagesTheSameDataset() throws {
        let source = try DatasetSource.folder(Self.fixture)
        let bytes = try #require(source.files["bds_long.csv"])
        let checked = Self.checked(source)
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        // Line 318 is the second line of the record that starts on line 317 (a CRLF inside
        // the quoted `Data item` of SW_Caseload_Avg).
        let insideQuotes = lineStarts[317] - 1
        #expect(String(decoding: bytes[lineStarts[316]..<lineStarts[317]], as: UTF8.self).hasSuffix("\r\n"))
        for splits in [[insideQuotes], [insideQuotes - 1, insideQuotes], lineStarts.map { $0 - 1 }, [bytes.count + 5],
                       Array(stride(from: 0, to: bytes.count, by: 997)), [lineStarts[200] - 1, lineStarts[200] - 1]] {
            #expect(Self.fast(source, splits: splits) == checked, "splits \(splits.prefix(5))")
        }
    }

    /// Random files in LAIT's layout with every quirk, and with the faults a file can have:
    /// the import's result (fast where it can be, checked otherwise) is the checked
    /// reader's, success or failure, message for message; and the fast reader takes most of
    /// the valid ones.
    @Test func importMatchesTheCheckedReaderOnGeneratedFiles() throws {
        var generator = LAITFileGenerator(seed: 7)
        var fastCount = 0, validCount = 0
        let rounds = 400
        for round in 0..<rounds {
            let file = generator.file(faulty: round % 3 == 0)
            let source = Self.source(["bds_long.csv": file, "data_dictionary.csv": LAITFileGenerator.dictionary,
                                      "statistical_neighbours.csv": LAITFileGenerator.neighbours])
            let checked = Self.checked(source)
            let splits = (0..<Int.random(in: 0...3, using: &generator)).map { _ in Int.random(in: 0...max(0, file.count), using: &generator) }
            let imported = Outcome { () throws(LoadFailure) in try LAITImporter.stage(source, reading: .fastWhereItCan, splits: splits).staged }
            #expect(imported == checked, "round \(round): \(String(decoding: file, as: UTF8.self))")
            if case .staged = checked { validCount += 1 }
            if let fast = Self.fast(source, splits: splits) {
                fastCount += 1
                #expect(fast == checked, "round \(round) (fast)")
            }
        }
        // Not vacuous: many files load (labels such as 2023 and 2022/23 for one financial
        // year make a duplicate), and the fast reader reads most of those.
        #expect(validCount > rounds / 4, "\(validCount) of \(rounds) files load")
        #expect(fastCount > validCount / 2, "the fast reader took \(fastCount) of \(validCount) valid files")
    }

    /// The national data in ../shared/lait (present in CI; skipped where it is absent):
    /// 641,070 records, split across the processors.
    static let national = Repository.sharedLAIT
    static var nationalIsPresent: Bool { FileManager.default.fileExists(atPath: national + "/bds_long.csv") }

    @Test(.enabled(if: nationalIsPresent, "../shared/lait is not here")) func fastAndCheckedReadersStageTheSameNationalData() throws {
        let source = try DatasetSource.folder(Self.national)
        let checked = Self.checked(source)
        let fast = try #require(Self.fast(source), "the fast reader declined the national data")
        #expect(fast == checked)
        #expect(checked.observationCount == 641_070)
        let bytes = try #require(source.files["bds_long.csv"])
        #expect(Self.fast(source, splits: stride(from: 0, to: bytes.count, by: bytes.count / 7).map { $0 }) == checked)
    }

    /// A known duplicate in the second of two stretches, and one across them: the fast
    /// reader declines both, and the checked reader says where each one is.
    @Test func duplicatesWithinAndAcrossStretchesAreLeftToTheCheckedReader() throws {
        let header = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n"
        let rows = "R,,2025,Kent,1,886.0,South East\nR,,2025,Medway,2,887.0,South East\nR,,2025,Kent,3,886.0,South East\n"
        let dictionary = Array("Measure_short,Polarity,Year_Type,dps,y_axis_name\nR,Low,Financial Year,1,%\n".utf8)
        let source = Self.source(["bds_long.csv": Array((header + rows).utf8), "data_dictionary.csv": dictionary])
        for splits in [[], [header.utf8.count + 5], [header.utf8.count + 40]] {
            #expect(Self.fast(source, splits: splits) == nil)
            let imported = Outcome { () throws(LoadFailure) in try LAITImporter.stage(source, reading: .fastWhereItCan, splits: splits).staged }
            guard case .failed(let errors) = imported else { Issue.record("expected the load to fail"); continue }
            #expect(errors.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" } == ["4:9 duplicate figure: R, Kent, 2025 is already given"])
        }
    }
}

/// Random LAIT files: rows of the fixture's measures, areas and labels in LAIT's order,
/// written with the quirks of the real file, and, when asked, with faults.
struct LAITFileGenerator: RandomNumberGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    static let dictionary = Array("""
        "Measure_short","Topic","Measure","Polarity","Year_Type","dps","y_axis_name","No_Quartile"\r
        "ReReferral","Social care","Re-referrals","Low","Financial Year",1,"%",NA\r
        "RTA_KSI","Health","Road casualties","Low","Calendar Year",2,"Rate per 10,000",NA\r
        "KS2","Education","Progress","High","Academic Year",2,"Average score",NA\r
        "SW","Workforce","Caseload","-","Annual (end of Sept)",1,"Number",NA\r
        "FSM","Education","Free school meals","-","Annual - January",1,"%",NA\r

        """.utf8)

    static let neighbours = Array("""
        la_number,la_name,region,neighbour_rank,neighbour_la_number,neighbour_la_name,closeness\r
        886,Kent,South East,1,887,Medway,Close\r
        887,Medway,South East,1,886,Kent,Close\r
        909,Cumbria,North West,1,942,Cumberland,Close\r

        """.utf8)

    static let measures: [(code: String, labels: [String])] = [
        ("ReReferral", ["2023", "2024", "2025", "2022/23", "2024-25 (OT)", "0"]),
        ("RTA_KSI", ["2014-16", "2015-17", "2023"]),
        ("KS2", ["2021 (Final)", "2024", "2025 (prov)", "0"]),
        ("SW", ["2024", "2025"]),
        ("FSM", ["2024", "2025", "Jan 2025"]),
    ]

    static let areas: [(name: String, number: String, region: String)] = [
        ("Barnsley", "370.0", "Yorkshire and The Humber"), ("Camden", "202.0", "Inner London"), ("Cumberland", "942.0", "North West"),
        ("Cumbria", "909.0", "North West"), ("Kent", "886.0", "South East"), ("\"Kingston Upon Hull, City of\"", "810.0", "Yorkshire and The Humber"),
        ("Medway", "887.0", "South East"), ("England", "970.0", "NA"), ("North West", "981.0", "NA"),
        ("Yorkshire and the Humber", "982.0", "NA"), ("London (Inner)", "987.0", "NA"), ("South East", "989.0", "NA"),
    ]

    static let values = ["-", "19", "26.7", "32.200000000000003", "0.10000000000000001", "6.5000000000000002E-2", "-0.2", "0", "c", "x", ""]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }

    mutating func file(faulty: Bool) -> [UInt8] {
        let lineEnd = chance(20) ? "\r\n" : "\n"
        var columns = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
        if chance(10) { columns.swapAt(3, 4) }
        if chance(10) { columns.append("Extra") }
        if chance(10) { columns.removeAll { $0 == "Data item" } }
        var text = (chance(5) ? "\u{FEFF}" : "") + columns.map { chance(10) ? "\"\($0)\"" : $0 }.joined(separator: ",") + lineEnd
        let areas = Self.areas.filter { _ in !chance(10) }
        for (code, labels) in Self.measures where !chance(20) {
            let item = pick(["", "Number of re-referrals", "\"Average caseload, per worker\"", "\"Two lines\r\nof text\"", "\"With \"\"quotes\"\"\""])
            for (block, label) in labels.shuffled(using: &self).prefix(Int.random(in: 1...3, using: &self)).enumerated() {
                for area in areas {
                    var fields: [String: String] = [
                        "Short Desc": code, "Data item": block == 0 ? item : "", "Years": label, "LA and Regions": area.name,
                        "Values": pick(Self.values), "LA Number": area.number, "Region": area.region, "Extra": "x",
                    ]
                    if chance(3) { fields["Years"] = "\"\(label)\"" }
                    if chance(2) { fields["Short Desc"] = " \(code)" }
                    if faulty {
                        switch Int.random(in: 0..<400, using: &self) {
                        case 0: fields["Values"] = "abc"
                        case 1: fields["Short Desc"] = "Unknown"
                        case 2: fields["LA and Regions"] = ""
                        case 3: fields["LA and Regions"] = " \(area.name)"
                        case 4: fields["Values"] = "\"1\"\"2\""
                        case 5: fields["Region"] = "South \"East"
                        case 6: fields["Years"] = "Someday"
                        case 7: fields["Values"] = " 5"
                        case 8: fields["LA and Regions"] = "\"Kent \"\"A\"\"\""
                        case 9: fields["Years"] = "\"unterminated"
                        case 10: fields["Values"] = "1e999"
                        default: break
                        }
                    }
                    var row = columns.map { fields[$0] ?? "" }.joined(separator: ",")
                    if faulty, chance(1) { row += pick([",", "\r", "\r\r"]) }
                    if faulty, chance(1) { row = String(row.dropLast(2)) }
                    text += row + lineEnd
                    if chance(1) { text += pick(["\n", "\r\n"]) }
                    // A figure given twice, next to the first or later.
                    if faulty, chance(1) { text += row + lineEnd }
                }
            }
        }
        if chance(10), text.hasSuffix(lineEnd) { text.removeLast() }
        return Array(text.utf8)
    }
}
