import Foundation
import Testing
@testable import ScryShell
import ScryEngine
import ScryLanguage
import ScryStore

/// A large result is streamed to the renderer chunk by chunk (`ResultStream`): what is
/// written must be the same bytes as the rows built whole give, in every format, for
/// every kind of column a stream reads from the store (labels of indicators, areas and
/// periods, stored figures with their decimals and symbols, counts and plain numbers,
/// other stored columns as cells) and for an aggregate's groups.
struct StreamingTests {
    static let statements = [
        "show *",
        "show code, name, theme, area, area_type, period, value, numerator, denominator, target, floor, rag, note",
        "show code, area, period, value order by value desc, code, area, period",
        "show area, value where value is missing",
        "show code, area, value limit 7",
        "count by code, area, period",
        "avg(value), min(value), max(value), count(value), median(value), percentile(value, 90) by code, area",
        "sum(value), pooled(value) by code, period limit 5",
        "count by area, period where value is missing",
    ]

    static func run(_ text: String, streamsFrom: Int?) throws -> ResultTable {
        let source = SourceFile(name: "test", text: text)
        let statement = try #require(Parser.parse(source).statements.first)
        var engine = Engine(store: try BuiltInDataset.load())
        engine.streamsFrom = streamsFrom
        return try engine.run(statement, in: source)
    }

    @Test(arguments: statements)
    func aStreamedResultIsWrittenAsTheWholeOneIs(statement: String) throws {
        let streamed = try Self.run(statement, streamsFrom: 1)
        let whole = try Self.run(statement, streamsFrom: nil)
        #expect(whole.stream == nil)
        #expect(whole.rows.count > 0)
        // Every statement here is streamed: its columns are all read from the store.
        #expect(streamed.stream?.count == whole.rows.count, "\(statement) was not streamed")
        #expect(streamed.notes == whole.notes)
        for format in [OutputFormat.csv, .json, .jsonl, .table, .markdown] {
            var fromStream = "", fromRows = ""
            ResultRenderer.write(try Self.run(statement, streamsFrom: 1), as: format, to: &fromStream)
            ResultRenderer.write(whole, as: format, to: &fromRows)
            #expect(fromStream == fromRows, "\(statement) as \(format.rawValue)")
        }
        // A terminal's table shows the head and tail of a long result, which a stream
        // makes alone: the same text, with the count of rows not shown.
        let terminal = TerminalOptions(width: 400, maxRows: 6)
        var headAndTail = "", fromRows = ""
        ResultRenderer.write(try Self.run(statement, streamsFrom: 1), as: .table, options: terminal, to: &headAndTail)
        ResultRenderer.write(whole, as: .table, options: terminal, to: &fromRows)
        #expect(headAndTail == fromRows, "\(statement) as a terminal's table")
        #expect(whole.rows.count <= 6 || headAndTail.contains("not shown"))
        #expect(streamed.materialized().rows == whole.rows)
    }

    /// A column that a stream cannot read from the store alone (a comparator, whose
    /// lookups are counted into notes as cells are made) is made whole first, row by row:
    /// the stream's notes are the whole result's, in the same order.
    @Test(arguments: ["show code, area, value, england", "show area, period, value, england, value - england, previous where code = CPS12"])
    func aComparatorColumnIsMadeWholeAndItsNotesSaid(statement: String) throws {
        let streamed = try Self.run(statement, streamsFrom: 1), whole = try Self.run(statement, streamsFrom: nil)
        #expect(streamed.stream != nil)
        #expect(statement.contains("CPS12") || !whole.notes.isEmpty, "the comparator notes what it reads")
        #expect(streamed.notes == whole.notes)
        var fromStream = "", fromRows = ""
        ResultRenderer.write(streamed, as: .csv, to: &fromStream)
        ResultRenderer.write(whole, as: .csv, to: &fromRows)
        #expect(fromStream == fromRows)
    }
}

/// A streamed result of many chunks (each formatted on its own thread, a few at once)
/// must be written in order, every row once.
struct ManyChunkStreamingTests {
    @Test func aStreamOfManyChunksIsWrittenInOrder() throws {
        var observations = "indicator,area,period,value,numerator,denominator\n"
        var expected = "code,area,period,value,numerator,denominator\r\n"
        let rows = ResultStream.chunkSize * 9 + 17
        for row in 0..<rows {
            let month = row % 120, area = row / 120
            let period = "\(2010 + month / 12)-\(month % 12 + 1 < 10 ? "0" : "")\(month % 12 + 1)"
            let value = row % 50 == 0 ? "c" : "\(row % 1000).\(row % 10)"
            observations += "A1,Area \(area),\(period),\(value),\(row),\(row + 1)\n"
            expected += "A1,Area \(area),\(period),\(value),\(row),\(row + 1)\r\n"
        }
        var areas = "name,type,parent\n"
        for area in 0...(rows / 120) { areas += "Area \(area),authority,\n" }
        var store = Store()
        try store.add(DatasetLoader.stage(DatasetSource(name: "test", location: "test", files: [
            "indicators.csv": Array("code,name,period_type,unit,decimals\nA1,Figure,M,percent,1\n".utf8),
            "areas.csv": Array(areas.utf8), "observations.csv": Array(observations.utf8),
        ])))
        let source = SourceFile(name: "test", text: "show code, area, period, value, numerator, denominator")
        var engine = Engine(store: store)
        engine.streamsFrom = 1
        let result = try engine.run(try #require(Parser.parse(source).statements.first), in: source)
        #expect(result.stream?.count == rows)
        var written = ""
        ResultRenderer.write(result, as: .csv, to: &written)
        #expect(written == expected)
        // To a file, each batch's bytes go straight to it, after what was buffered (the
        // heading), while the next batch is formatted.
        let path = try RobustnessTests.temporaryFolder().appendingPathComponent("rows.csv").path
        var file = try FileOutput.create(path: path)
        ResultRenderer.write(try engine.run(try #require(Parser.parse(source).statements.first), in: source), as: .csv, to: &file)
        #expect(file.close() == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }
}
