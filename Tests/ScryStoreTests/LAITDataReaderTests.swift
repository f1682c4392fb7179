import Testing
@testable import ScryStore

/// Where LAIT's fast reader stops, the reporting reader goes on from the start of that
/// stretch, knowing what the stretches before met: the import says the same as the
/// reporting reader alone, and reads again only from there.
struct LAITDataReaderTests {
    typealias Fixture = LAITFastReaderTests

    static let header = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\n"
    static let dictionary = Array("Measure_short,Polarity,Year_Type,dps,y_axis_name\nR,Low,Financial Year,1,%\nS,High,Academic Year,1,%\n".utf8)

    /// 400 records: R then S, each for 2001 to 2100 and for Kent and Medway (record `n`,
    /// from 0, is on line `n + 2`).
    static func records() -> [String] {
        var records: [String] = []
        for measure in ["R", "S"] {
            for year in 2001...2100 {
                records.append("\(measure),,\(year),Kent,\(year % 7).5,886.0,South East")
                records.append("\(measure),,\(year),Medway,\(year % 5),887.0,South East")
            }
        }
        return records
    }

    static func source(_ records: [String]) -> (DatasetSource, text: String) {
        let text = header + records.joined(separator: "\n") + "\n"
        return (Fixture.source(["bds_long.csv": Array(text.utf8), "data_dictionary.csv": dictionary]), text)
    }

    /// Where record `n` starts.
    static func offset(ofRecord n: Int, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines[0...n].reduce(0) { $0 + $1.utf8.count + 1 }
    }

    /// What the fast reader leaves when the second stretch starts at record `split`.
    static func fastRead(_ source: DatasetSource, splitAt split: Int, in text: String) -> (LAITImporter.DataReader?, StagedDataset) {
        var issues: [LoadIssue] = []
        let measures = LAITImporter.readDictionary(source, issues: &issues)
        var staged = StagedDataset(source: "lait", name: "lait")
        let outcome = LAITImporter.FastReader.read(source, measures: measures, into: &staged, splits: [Self.offset(ofRecord: split, in: text) - 1])
        guard case .resume(let reader)? = outcome else { return (nil, staged) }
        return (reader, staged)
    }

    @Test func aBadValueInTheSecondStretchIsNamedAndOnlyThatStretchIsReadAgain() throws {
        // Record 300 (line 302): S, 2051, Kent.
        var records = Self.records()
        records[300] = "S,,2051,Kent,abc,886.0,South East"
        let (source, text) = Self.source(records)
        let (reader, staged) = Self.fastRead(source, splitAt: 250, in: text)
        let resume = try #require(reader?.resume)
        #expect(resume.offset == Self.offset(ofRecord: 250, in: text))
        #expect(resume.line == 252)
        #expect(staged.observations.count == 250)
        let expected = ["lait/bds_long.csv:302:\("S,,2051,Kent,".count + 1): error: value 'abc' is not a number: expected a number or \(CellState.writtenForms)"]
        for outcome in [Fixture.checked(source), Fixture.Outcome { () throws(LoadFailure) in
            try LAITImporter.stage(source, reading: .fastWhereItCan, splits: [Self.offset(ofRecord: 250, in: text) - 1]).staged
        }] {
            guard case .failed(let errors) = outcome else { Issue.record("expected the import to fail"); continue }
            #expect(errors.map(\.description) == expected)
        }
    }

    @Test func aDuplicateOfAFigureInTheFirstStretchIsNamedWhereItIs() throws {
        // Record 390 (line 392) repeats record 20: R, 2011, Kent.
        var records = Self.records()
        records[390] = "R,,2011,Kent,1,886.0,South East"
        let (source, text) = Self.source(records)
        let split = [Self.offset(ofRecord: 200, in: text) - 1]
        let (reader, _) = Self.fastRead(source, splitAt: 200, in: text)
        #expect(reader?.resume?.line == 202)
        let imported = Fixture.Outcome { () throws(LoadFailure) in try LAITImporter.stage(source, reading: .fastWhereItCan, splits: split).staged }
        #expect(imported == Fixture.checked(source))
        guard case .failed(let errors) = imported else { Issue.record("expected the import to fail"); return }
        #expect(errors.map(\.description) == ["lait/bds_long.csv:392:9: error: duplicate figure: R, Kent, 2011 is already given"])
    }

    @Test func aLoneCarriageReturnInTheSecondStretchIsReadOnAndCountsAsALine() throws {
        // A line of a lone carriage return before record 260: the lines after it are one on.
        var records = Self.records()
        records[260] = "\r" + records[260]
        let (clean, cleanText) = Self.source(records)
        let split = [Self.offset(ofRecord: 250, in: cleanText) - 1]
        let imported = Fixture.Outcome { () throws(LoadFailure) in try LAITImporter.stage(clean, reading: .fastWhereItCan, splits: split).staged }
        #expect(imported == Fixture.checked(clean))
        #expect(imported.observationCount == 400)
        records[330] = "S,,2066,Kent,x y,886.0,South East"
        let (damaged, _) = Self.source(records)
        let failed = Fixture.Outcome { () throws(LoadFailure) in try LAITImporter.stage(damaged, reading: .fastWhereItCan, splits: split).staged }
        #expect(failed == Fixture.checked(damaged))
        guard case .failed(let errors) = failed else { Issue.record("expected the import to fail"); return }
        #expect(errors.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["333:\("S,,2066,Kent,".count + 1)"])
    }
}
