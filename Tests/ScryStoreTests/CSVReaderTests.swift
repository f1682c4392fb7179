import Testing
@testable import ScryStore

struct CSVReaderTests {
    /// Every record's fields as strings.
    func records(_ text: String) throws -> [[String]] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var record = CSVReader.Record()
        var result: [[String]] = []
        while try reader.next(into: &record) { result.append(record.fields.map { reader.string($0) }) }
        return result
    }

    @Test func readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
        #expect(try records(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"]])
    }

    @Test func acceptsCRLFAndNoFinalLineBreak() throws {
        #expect(try records("a,b\r\n1,2\r\n3,4") == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test func skipsTheByteOrderMark() throws {
        #expect(try records("\u{FEFF}code,name\nA1,x\n") == [["code", "name"], ["A1", "x"]])
    }

    @Test func skipsBlankLinesIncludingAnEmptyTrailingLine() throws {
        #expect(try records("a\n\n1\n\n") == [["a"], ["1"]])
    }

    @Test func keepsEmptyFields() throws {
        #expect(try records("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]])
    }

    @Test func countsLinesInsideQuotedFields() throws {
        var reader = CSVReader(bytes: Array("h\n\"a\nb\"\nnext\n".utf8))
        var record = CSVReader.Record()
        _ = try reader.next(into: &record)
        _ = try reader.next(into: &record)
        #expect(try reader.next(into: &record))
        #expect(record.line == 4)
        #expect(reader.string(record.fields[0]) == "next")
    }

    @Test func unterminatedQuotePointsAtTheOpeningQuote() throws {
        var reader = CSVReader(bytes: Array("a,b\n1,\"open\n2,3\n".utf8))
        var record = CSVReader.Record()
        _ = try reader.next(into: &record)
        do {
            _ = try reader.next(into: &record)
            Issue.record("expected an unterminated quote error")
        } catch {
            #expect(error.message.contains("unterminated"))
            #expect(error.line == 2)
            #expect(reader.column(lineStart: error.lineStart, offset: error.columnOffset) == 3)
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        var reader = CSVReader(bytes: Array("\"a\"b,c\n".utf8))
        var record = CSVReader.Record()
        #expect(throws: CSVReader.Failure.self) { try reader.next(into: &record) }
    }

    @Test func columnsCountCharactersNotBytes() {
        let reader = CSVReader(bytes: Array("é,x".utf8))
        #expect(reader.column(lineStart: 0, offset: 3) == 3)
    }
}
