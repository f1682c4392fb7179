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

    static func parallel(_ observations: String, like staged: StagedDataset, pieces: Int) -> ObservationTable? {
        var indicatorNames: [String: Int] = [:], areaNames: [String: Int] = [:]
        for (index, indicator) in staged.indicators.enumerated() { indicatorNames[indicator.code] = index }
        for (index, area) in staged.areas.enumerated() { areaNames[area.area.name] = index }
        return ParallelObservationReader(bytes: Array(observations.utf8), indicators: staged.indicators,
                                         indicatorNames: indicatorNames, areaNames: areaNames).read(pieces: pieces, smallest: 0)
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
