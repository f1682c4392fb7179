import Foundation
import Testing
@testable import ScryStore

/// The parallel reader of large `observations.csv` files must give exactly what the
/// single-threaded reader gives, and give up (for that reader to say what is wrong) on
/// anything it does not take. Small files here, cut into several pieces on purpose.
struct ParallelReaderTests {
    static let indicators = """
        code,name,polarity,period_type,unit,decimals
        REF,Referrals,,M,count,0
        CPP,Children with a plan per 10000,L,SS,per10000,1
        YR,Yearly figure,H,YTD,percent,1

        """
    static let areas = """
        name,type,parent
        England,national,
        "Larkwick, City of",authority,
        Hazelford,authority,

        """

    /// Rows with the quirks a real file has: quoted names with commas, CRLF line ends,
    /// symbols, blanks, yearly labels, targets, RAG letters and notes.
    static func observations(lineEnd: String = "\n", extra: String = "") -> String {
        var text = "indicator,area,period,value,numerator,denominator,target,floor,rag,note" + lineEnd
        for indicator in ["REF", "CPP"] {
            for area in ["England", "\"Larkwick, City of\"", "Hazelford"] {
                for month in 1...12 {
                    let value = month % 5 == 0 ? "c" : String(Double(month * 7 % 23) + 0.25)
                    let rag = ["", "R", "a", "G"][month % 4]
                    let note = month == 6 ? "checked" : ""
                    text += "\(indicator),\(area),2024-\(month < 10 ? "0" : "")\(month),\(value),\(month * 3),\(month == 4 ? "" : "60"),\(month > 6 ? "12.5" : ""),,\(rag),\(note)" + lineEnd
                }
            }
        }
        text += "YR,Hazelford,2023/24,55.5,111,200,60,50,R," + lineEnd
        text += "YR,Hazelford,2024/25,x,,,60,50,," + lineEnd
        return text + extra
    }

    static func staged(_ observations: String) throws -> StagedDataset {
        try DatasetLoader.stage(DatasetSource(name: "test", location: "test", files: [
            "indicators.csv": Array(indicators.utf8), "areas.csv": Array(areas.utf8), "observations.csv": Array(observations.utf8),
        ]))
    }

    /// The parallel reader's table of `observations`, from memory or (`fromFile`) from a
    /// file on disk, `stretch` bytes at a time when given.
    static func parallel(_ observations: String, like staged: StagedDataset, pieces: Int, stretch: Int? = nil,
                         fromFile: Bool = false) -> ObservationTable? {
        var indicatorNames: [String: Int] = [:], areaNames: [String: Int] = [:]
        for (index, indicator) in staged.indicators.enumerated() { indicatorNames[indicator.code] = index }
        for (index, area) in staged.areas.enumerated() { areaNames[area.area.name] = index }
        var input = ParallelObservationReader.Input.memory(Array(observations.utf8))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-parallel-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        if fromFile {
            guard FileManager.default.createFile(atPath: path, contents: Data(observations.utf8)) else { return nil }
            input = .file(path: path, size: observations.utf8.count)
        }
        return ParallelObservationReader(input: input, indicators: staged.indicators, indicatorNames: indicatorNames, areaNames: areaNames)
            .read(pieces: pieces, smallest: 0, stretch: stretch)
    }

    @Test(arguments: [false, true], [nil, 300, 97])
    func aFileOnDiskAndShortStretchesGiveTheSame(fromFile: Bool, stretch: Int?) throws {
        // Stretches of 97 bytes hold one or two records, and end inside quoted names and
        // inside a quoted note that has a line break.
        let text = Self.observations(lineEnd: "\r\n", extra: "REF,England,2023-01,5,,,,,,\"two\nlines, and a comma\"\n")
        let expected = try Self.staged(text)
        for pieces in [2, 3, 5] {
            let table = try #require(Self.parallel(text, like: expected, pieces: pieces, stretch: stretch, fromFile: fromFile))
            #expect(table == expected.observations, "\(pieces) pieces")
        }
    }

    @Test(arguments: ["\"first line\n\"", "\"\ttabbed \"", "\" padded\"", "\"\u{00A0}no-break\u{00A0}\""])
    func notesAreTrimmedAsTheCheckedReaderTrimsThem(note: String) throws {
        let text = Self.observations(extra: "REF,England,2023-01,5,,,,,,\(note)\n")
        let expected = try Self.staged(text)
        #expect(try #require(Self.parallel(text, like: expected, pieces: 2)) == expected.observations)
    }

    @Test(arguments: ["\"REF\"\r,England,2023-01,5,,,,,,\n", "REF,England,2023-01,5,,,,,,hello\rworld\n", "REF,England,2023-01,5\r,,,,,,\n"])
    func aCarriageReturnOnItsOwnIsForTheCheckedPath(extra: String) throws {
        let clean = try Self.staged(Self.observations())
        #expect(Self.parallel(Self.observations(extra: extra), like: clean, pieces: 2) == nil)
    }

    @Test func aFileThatChangedSizeSinceItWasFoundIsForTheCheckedPath() throws {
        let text = Self.observations()
        let expected = try Self.staged(text)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scry-grown-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        var names: ([String: Int], [String: Int]) = ([:], [:])
        for (index, indicator) in expected.indicators.enumerated() { names.0[indicator.code] = index }
        for (index, area) in expected.areas.enumerated() { names.1[area.area.name] = index }
        func read(size: Int) -> ObservationTable? {
            ParallelObservationReader(input: .file(path: path, size: size), indicators: expected.indicators, indicatorNames: names.0, areaNames: names.1)
                .read(pieces: 2, smallest: 0, stretch: 200)
        }
        #expect(read(size: text.utf8.count) == expected.observations)
        #expect(read(size: text.utf8.count - 3) == nil, "grown since: its end would be a record cut short")
    }

    @Test func aRecordLongerThanAStretchIsForTheCheckedPath() throws {
        let long = (1...30).map { "word\($0)" }.joined(separator: " ")
        let text = Self.observations(extra: "REF,England,2023-01,5,,,,,,\(long)\nREF,England,2023-02,5,,,,,,\n")
        let expected = try Self.staged(text)
        #expect(Self.parallel(text, like: expected, pieces: 2, stretch: 120) == nil)
        #expect(Self.parallel(text, like: expected, pieces: 2, stretch: 400, fromFile: true) == expected.observations)
    }

    @Test(arguments: [
        ("a,b\nc,d\ne", false, 8), ("a,b\nc,\"d\ne", true, 4), ("a,\"b\nc\"", false, nil), ("a,\"\"\"\n\"\n", false, 8), ("abc", false, nil),
    ])
    func theLastWholeRecordIsFoundFromTheEnd(text: String, endsInQuotes: Bool, expected: Int?) {
        let bytes = Array(text.utf8)
        var inQuotes = false
        _ = bytes.withUnsafeBufferPointer { ByteCounting.lineEnds(in: $0, inQuotes: &inQuotes) }
        #expect(inQuotes == endsInQuotes)
        #expect(bytes.withUnsafeBufferPointer { ByteCounting.lastRecordEnd(in: $0, endsInQuotes: inQuotes) } == expected)
    }

    @Test func piecesThatMeetTargetsInAnotherOrderShareOneDictionary() throws {
        // Targets met in a different order in each piece: their codes must be rewritten to
        // the first piece's dictionary, in the order one reader would have met them.
        var text = "indicator,area,period,value,numerator,denominator,target,floor,rag,note\n"
        let targets = ["", "70", "60.5", "80", "c"]
        for month in 1...12 {
            for (offset, area) in ["England", "\"Larkwick, City of\"", "Hazelford"].enumerated() {
                let target = targets[(month * 7 + offset * 3) % targets.count], floor = targets[(month + offset) % targets.count]
                text += "REF,\(area),2024-\(month < 10 ? "0" : "")\(month),\(month),,,\(target),\(floor),,\n"
            }
        }
        let expected = try Self.staged(text)
        #expect(expected.observations.target.dictionary.count == 5)
        for pieces in 2...9 {
            let table = try #require(Self.parallel(text, like: expected, pieces: pieces))
            #expect(table == expected.observations, "\(pieces) pieces")
            #expect((0..<table.count).map { table.target[$0] } == (0..<table.count).map { expected.observations.target[$0] })
        }
    }

    @Test(arguments: ["", "\n", "\r\n"])
    func recordsAreCountedAsTheReaderReadsThem(lastLineEnd: String) {
        // Line ends inside quotes (one after a doubled quote) are not record ends; a last
        // record without a line end is one.
        let text = "a,\"b\nc\",d\ne,\"f \"\" g\nh\",i\r\nj,k,l" + lastLineEnd
        let bytes = Array(text.utf8)
        // The count pass's rule: line ends outside quotes, and one more for a last record
        // without a line end.
        var inQuotes = false
        let counted = bytes.withUnsafeBufferPointer { ByteCounting.lineEnds(in: $0, inQuotes: &inQuotes) } + (bytes.last == 0x0A ? 0 : 1)
        var reader = CSVReader(bytes: bytes)
        var record = CSVReader.Record()
        var read = 0
        while (try? reader.next(into: &record)) == true { read += 1 }
        #expect(read == 3)
        #expect(counted == read)
    }

    @Test func bytesAreCountedInEveryAlignment() {
        // Words of eight, steps of four words, and the tail: every length and offset from 0
        // to 80 agrees with a plain count, for a byte next to its neighbours in value.
        var generator = UInt64(7)
        let bytes = (0..<200).map { _ -> UInt8 in
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            return [0x0A, 0x0B, 0x09, 0x8A, 0x22, 0x00, 0xFF][Int(generator >> 60) % 7]
        }
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0..<16 {
                for length in 0...80 {
                    let slice = UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])
                    for byte: UInt8 in [0x0A, 0x22, 0x00, 0xFF] {
                        #expect(ByteCounting.occurrences(of: byte, in: slice) == slice.filter { $0 == byte }.count)
                    }
                    #expect(ByteCounting.quotes(in: slice) == slice.filter { $0 == 0x22 }.count)
                }
            }
        }
    }

    @Test func aFailedFillLeavesNoTable() {
        #expect(ObservationTable.filled(rows: 3) { _ in nil } == nil)
        #expect(ObservationTable.filled(rows: 0) { _ in ObservationTable.FilledExtras() } == nil)
        let table = ObservationTable.filled(rows: 2) { slots in
            for row in 0..<2 {
                slots.write(row, indicator: row, area: 1 - row, period: Period.month(2024, row + 1)!, value: NumericCell(value: 1.5),
                            numerator: .missing(.confidential), denominator: .blank, target: 0, floor: 0, rag: .green)
            }
            return ObservationTable.FilledExtras()
        }
        #expect(table?.count == 2)
        #expect(table?[1].area == 0)
        #expect(table?[0].numerator == .missing(.confidential))
        #expect(table?[1].value == NumericCell(value: 1.5))
    }

    @Test(arguments: [2, 3, 7], ["\n", "\r\n"])
    func givesWhatTheSingleThreadedReaderGives(pieces: Int, lineEnd: String) throws {
        let text = Self.observations(lineEnd: lineEnd)
        let expected = try Self.staged(text)
        let table = try #require(Self.parallel(text, like: expected, pieces: pieces))
        #expect(table.count == 74)
        #expect(table == expected.observations)
        #expect(table.note[5] == "checked")
    }

    @Test func aLineBreakInsideAQuotedNoteIsNoRecordEnd() throws {
        let text = Self.observations(extra: "REF,England,2023-01,5,,,,,,\"two\nlines, and a comma\"\n")
        let expected = try Self.staged(text)
        for pieces in 2...9 {
            #expect(try #require(Self.parallel(text, like: expected, pieces: pieces)) == expected.observations)
        }
        #expect(expected.observations.note[74] == "two\nlines, and a comma")
    }

    @Test func outOfOrderRowsAreStillCheckedForDuplicates() throws {
        let text = Self.observations(extra: "REF,England,2024-01,5,,,,,,\n")
        #expect(throws: LoadFailure.self) { try Self.staged(text) }
        let clean = try Self.staged(Self.observations())
        #expect(Self.parallel(text, like: clean, pieces: 3) == nil, "a duplicate sends the file to the reader that says where")
        let shuffled = Self.observations(extra: "REF,Hazelford,2023-12,5,,,,,,\n")
        #expect(try Self.parallel(shuffled, like: clean, pieces: 3) == Self.staged(shuffled).observations)
    }

    @Test(arguments: [
        "REF,Nowhere,2024-01,5,,,,,,\n",                      // an undeclared area
        "REF,England,2023-13,5,,,,,,\n",                      // no such month
        "REF,England,2023-01,5%,,,,,,\n",                     // not a plain number
        "REF,England,2023-01,5,,,,,,,\n",                     // a field too many
        "REF,England,2023-01,5,,,,,,\"a \"\"quoted\"\" word\"\n",  // a doubled quote
        "REF, England,2023-01,5,,,,,,\n",                     // a space before a name
    ])
    func givesUpOnWhatItDoesNotTake(extra: String) throws {
        let clean = try Self.staged(Self.observations())
        #expect(Self.parallel(Self.observations(extra: extra), like: clean, pieces: 2) == nil)
    }
}
