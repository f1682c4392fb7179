import Testing
@testable import ScryStore

/// The reporting pass of `observations.csv` goes on where the parallel pass stopped: the
/// load gives the same rows and the same messages, line and column as a reading of the
/// whole file by the reporting pass alone, however the file is cut into pieces.
struct ObservationReaderTests {
    typealias Fixture = ParallelReaderTests

    /// A long file in order: REF and CPP for each area, 2010-01 onwards, 600 months each
    /// (3,600 records; record `n`, from 0, is on line `n + 2`).
    static func longFile(_ change: (inout [String]) -> Void = { _ in }) -> String {
        var records: [String] = []
        for indicator in ["REF", "CPP"] {
            for area in ["England", "\"Larkwick, City of\"", "Hazelford"] {
                for month in 0..<600 {
                    records.append("\(indicator),\(area),\(2010 + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1),\(month % 97).5,,,,,,")
                }
            }
        }
        change(&records)
        return "indicator,area,period,value,numerator,denominator,target,floor,rag,note\n" + records.joined(separator: "\n") + "\n"
    }

    struct Read: Equatable {
        var table: ObservationTable
        var issues: [String]
    }

    /// The parallel pass in `pieces` pieces, then the reporting pass where it stopped; with
    /// `pieces` nil, the reporting pass alone, from the top.
    static func read(_ text: String, pieces: Int?) throws -> (read: Read, resume: ParallelObservationReader.Resume?) {
        let staged = try Fixture.staged(Fixture.observations())
        var indicatorNames: [String: Int] = [:], areaNames: [String: Int] = [:]
        for (index, indicator) in staged.indicators.enumerated() { indicatorNames[indicator.code] = index }
        for (index, area) in staged.areas.enumerated() { areaNames[area.area.name] = index }
        let bytes = Array(text.utf8)
        var table = ObservationTable(), resume: ParallelObservationReader.Resume?
        if let pieces {
            let outcome = ParallelObservationReader(bytes: bytes, indicators: staged.indicators, indicatorNames: indicatorNames, areaNames: areaNames)
                .readOrResume(pieces: pieces, smallest: 0)
            switch try #require(outcome) {
            case .table(let whole): return (Read(table: whole, issues: []), nil)
            case .resume(let before, let from): (table, resume) = (before, from)
            }
        }
        var reader = ObservationReader(file: "o.csv", bytes: bytes, indicators: staged.indicators,
                                       indicatorNames: .indicators(indicatorNames), areaNames: .areas(areaNames))
        let issues = reader.read(into: &table, from: resume)
        return (Read(table: table, issues: issues.map { "\($0.description) [\($0.length)] \($0.note ?? "")" }), resume)
    }

    /// The byte offset where record `n` (from 0) starts.
    static func offset(ofRecord n: Int, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines[0...n].reduce(0) { $0 + $1.utf8.count + 1 }
    }

    @Test(arguments: [1, 2, 3, 5])
    func aDamagedRecordDeepInTheFileIsNamedByLineAndColumn(pieces: Int) throws {
        // Record 2,999 (line 3,001): Larkwick's CPP for 2059-12, with a value of "5%".
        let before = "CPP,\"Larkwick, City of\",2059-12,"
        let text = Self.longFile { $0[2999] = before + "5%,,,,,," }
        let (read, resume) = try Self.read(text, pieces: pieces)
        let column = before.utf8.count + 1
        #expect(read.issues == ["o.csv:3001:\(column): error: value '5%' is not a number: expected \(CellState.writtenForms) [2] write numbers plainly, without ',' or '%'"])
        // Only the rest of the file is read again: from the damaged record.
        #expect(resume?.offset == Self.offset(ofRecord: 2999, in: text))
        #expect(read.table.count == 3599)
        #expect(try Self.read(text, pieces: nil).read == read)
    }

    @Test(arguments: [1, 2, 4])
    func aDuplicateOfARowInAnEarlierPieceNamesItsLine(pieces: Int) throws {
        // Record 3,599 (line 3,601) repeats record 10 (line 12): REF, England, 2010-11.
        let text = Self.longFile { $0[3599] = "REF,England,2010-11,1,,,,,," }
        let (read, _) = try Self.read(text, pieces: pieces)
        #expect(read.issues == ["o.csv:3601:1: error: duplicate observation: REF, England, 2010-11 is already given on line 12 [3] "])
        #expect(try Self.read(text, pieces: nil).read == read)
    }

    @Test(arguments: [1, 2, 3])
    func aDuplicateNextToItsFirstNamesTheLineBefore(pieces: Int) throws {
        // Record 1,201 (line 1,203) repeats record 1,200 (line 1,202): REF, Hazelford, 2010-01.
        let text = Self.longFile { $0[1201] = $0[1200] }
        let (read, _) = try Self.read(text, pieces: pieces)
        #expect(read.issues == ["o.csv:1203:1: error: duplicate observation: REF, Hazelford, 2010-01 is already given on line 1202 [3] "])
        #expect(try Self.read(text, pieces: nil).read == read)
    }

    /// Records the parallel pass leaves to the reporting pass although nothing is wrong:
    /// the load is whole, and the lines after them are counted right.
    @Test(arguments: [1, 2, 3, 5], ["blank line", "doubled quote", "lone carriage return", "spaced name"])
    func anUnusualRecordIsReadOnFromWhereThePassStopped(pieces: Int, unusual: String) throws {
        let text = Self.longFile { records in
            // Record 1,500: REF, Hazelford, 2035-01.
            switch unusual {
            case "blank line": records[1500] = "\n" + records[1500]
            case "doubled quote": records[1500] += "\"a \"\"quoted\"\" note\""
            case "lone carriage return": records[1500] = "\r" + records[1500]
            default: records[1500] = records[1500].replacingOccurrences(of: "REF,Hazelford", with: "REF, Hazelford ")
            }
            // And a damaged record later (record 3,000, line 3,002), whose line is one more
            // after a blank line or a lone carriage return.
            records[3000] = "CPP,Hazelford,2010-01,,,,,,Z,"
        }
        let (read, resume) = try Self.read(text, pieces: pieces)
        let line = unusual == "blank line" || unusual == "lone carriage return" ? 3003 : 3002
        let column = "CPP,Hazelford,2010-01,,,,,,".utf8.count + 1
        #expect(read.issues == ["o.csv:\(line):\(column): error: unknown RAG 'Z': expected \(RAG.writtenForms) [1] "])
        #expect(try #require(resume).offset <= Self.offset(ofRecord: 1500, in: text))
        #expect(try Self.read(text, pieces: nil).read == read)
    }

    @Test(arguments: [1, 2, 3])
    func aValidFileWithAnUnusualRecordLoadsWhole(pieces: Int) throws {
        let text = Self.longFile { $0[2000] += "\"say \"\"hello\"\"\"" }
        let (read, resume) = try Self.read(text, pieces: pieces)
        #expect(read.issues.isEmpty)
        #expect(resume != nil)
        #expect(read.table.count == 3600)
        #expect(read.table.note[2000] == "say \"hello\"")
        #expect(try Self.read(text, pieces: nil).read == read)
    }

    @Test func everyErrorAfterTheFirstIsReportedUpToTheLimit() throws {
        // 30 damaged records from record 100 on, one every 50: the first 25 are reported.
        let text = Self.longFile { records in
            for n in stride(from: 100, to: 1600, by: 50) { records[n] = "REF,Englnd,2010-01,1,,,,,," }
        }
        let (read, _) = try Self.read(text, pieces: 3)
        #expect(read.issues.count == TableReader.errorLimit)
        #expect(read.issues.first?.hasPrefix("o.csv:102:5: error: unknown area 'Englnd': it is not declared in areas.csv") == true)
        #expect(read.issues.last?.hasPrefix("o.csv:1302:5: error: unknown area 'Englnd'") == true)
        #expect(try Self.read(text, pieces: nil).read == read)
    }
}
