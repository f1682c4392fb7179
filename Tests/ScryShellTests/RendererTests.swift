import Testing
@testable import ScryShell
import ScryEngine
import ScryStore

/// The output formats, on a result made by hand with every kind of cell.
struct RendererTests {
    static let result: ResultTable = {
        var table = ResultTable(columns: [.init("name"), .init("value", numeric: true), .init("rag"), .init("dot"), .init("count", numeric: true)])
        table.rows = [
            [.text("Tonbridge, \"and\" Malling"), .number(95.55, decimals: 1, unit: .percent), .rag(.green), .direction(.improved), .count(1706)],
            [.text("City|East"), .missing(.confidential), .rag(.none), .empty, .count(0)],
        ]
        return table
    }()

    func render(_ format: OutputFormat, _ options: TerminalOptions = .plain) -> String {
        var output = ""
        ResultRenderer.write(Self.result, as: format, options: options, to: &output)
        return output
    }

    @Test func csvQuotesWhatNeedsQuotingAndWritesPlainNumbers() {
        #expect(render(.csv) == "name,value,rag,dot,count\r\n\"Tonbridge, \"\"and\"\" Malling\",95.6,G,improved,1706\r\nCity|East,c,,,0\r\n")
    }

    /// A mixed column (a `describe`'s `value`) holds text alone in the machine formats:
    /// its count and period as they are shown, where a count elsewhere is a plain number.
    @Test func mixedColumnsAreWrittenAsShownInEveryFormat() throws {
        let period = try #require(Period.month(2013, 7))
        var table = ResultTable(columns: [.init("field"), .init("value", mixed: true), .init("rows", numeric: true)])
        table.rows = [[.text("observations"), .count(1234), .count(1234)], [.text("latest period"), .period(period), .empty],
                      [.text("source"), .text("Kent, \"KCC\""), .empty]]
        var csv = "", json = "", text = ""
        ResultRenderer.write(table, as: .csv, to: &csv)
        ResultRenderer.write(table, as: .jsonl, to: &json)
        ResultRenderer.write(table, as: .line, to: &text)
        #expect(csv == "field,value,rows\r\nobservations,\"1,234\",1234\r\nlatest period,2013-07,\r\nsource,\"Kent, \"\"KCC\"\"\",\r\n")
        #expect(json == """
            {"field":"observations","value":"1,234","rows":1234}
            {"field":"latest period","value":"2013-07","rows":null}
            {"field":"source","value":"Kent, \\"KCC\\"","rows":null}

            """)
        #expect(text.hasPrefix("field = observations\nvalue = 1,234\n rows = 1,234\n"))
    }

    /// Large results go out in chunks: every row must come out once, in order, whatever
    /// chunk it falls in, with periods, negative and rounded numbers and non-ASCII text.
    @Test func csvOfManyRowsIsEveryRowInOrder() throws {
        var table = ResultTable(columns: [.init("area"), .init("period"), .init("value", numeric: true)])
        var expected = "area,period,value\r\n"
        for row in 0..<6_000 {
            let period = try #require(Period.month(2020 + row % 5, row % 12 + 1))
            let value = Double(row) / 8 - 300
            let area = row % 7 == 0 ? "Bristol, City of" : "Área \(row)"
            table.rows.append([.text(area), .period(period), .number(value, decimals: 2, unit: .percent)])
            expected += (row % 7 == 0 ? "\"Bristol, City of\"" : area) + "," + period.description + "," + CellFormatter.fixed(value, decimals: 2) + "\r\n"
        }
        var output = ""
        ResultRenderer.write(table, as: .csv, options: .plain, to: &output)
        #expect(output.utf8.count > 1 << 17, "more than one chunk")
        #expect(output == expected)
        #expect(CellFormatter.fixed(-0.004, decimals: 2) == "0.00" && CellFormatter.fixed(.infinity, decimals: 1) == "∞")
        var bytes: [UInt8] = []
        CellFormatter.appendFixed(.nan, decimals: 1, to: &bytes)
        CellFormatter.appendFixed(1e20, decimals: 0, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "NaN" + String(1e20))
    }

    /// A table too wide for the terminal even with its columns narrowed is shown one field
    /// per line (psql's `\x auto`), not wrapped; empty cells leave just the name.
    @Test func aTableTooWideForTheTerminalIsShownOneFieldPerLine() {
        #expect(render(.table, TerminalOptions(width: 40)).hasPrefix("name       value  rag  dot         count\n"), "narrowed, it fits")
        #expect(render(.table, TerminalOptions(width: 30)) == """
            -[ row 1 ]---
            name   Tonbridge, "and" Malling
            value  95.6%
            rag    G
            dot    ↑ improved
            count  1,706
            -[ row 2 ]---
            name   City|East
            value  c
            rag
            dot
            count  0

            """)
        var many = ResultTable(columns: (1...9).map { .init("column\($0)") })
        many.rows = (1...5).map { row in (1...9).map { .text("r\(row)c\($0)") } }
        var output = ""
        ResultRenderer.write(many, as: .table, options: TerminalOptions(width: 50, maxRows: 2), to: &output)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("-[ row ") }.map { $0.prefix(10) } == ["-[ row 1 ]", "-[ row 5 ]"])
        #expect(lines.contains("…") && lines.contains("column9  r5c9"))
        #expect(output.hasSuffix("(5 rows, 3 not shown: .maxrows N to change, .maxrows 0 for all)\n"))
        var empty = many
        empty.rows = []
        output = ""
        ResultRenderer.write(empty, as: .table, options: TerminalOptions(width: 50), to: &output)
        #expect(output.hasPrefix("colum…  colum…") && !output.contains("-[ row"), "no rows: the header still shows what the columns are")
    }

    @Test func jsonHasNumbersNullsAndTheSymbolBeside() {
        #expect(render(.json) == """
            [
              {"name":"Tonbridge, \\"and\\" Malling","value":95.6,"rag":"G","dot":"improved","count":1706},
              {"name":"City|East","value":null,"value_symbol":"c","rag":null,"dot":null,"count":0}
            ]

            """)
        #expect(render(.jsonl).split(separator: "\n").count == 2)
        #expect(render(.jsonl).hasPrefix("{\"name\""))
    }

    @Test func markdownEscapesPipesAndAlignsNumbersRight() {
        #expect(render(.markdown) == """
            | name | value | rag | dot | count |
            | --- | ---: | --- | --- | ---: |
            | Tonbridge, "and" Malling | 95.6% | G | ↑ improved | 1,706 |
            | City\\|East | c |  |  | 0 |


            """)
    }

    @Test func lineModeWritesOneCellPerLine() {
        #expect(render(.line).hasPrefix(" name = Tonbridge, \"and\" Malling\nvalue = 95.6%\n"))
    }

    @Test func aNarrowTerminalCutsTextColumnsNotNumbers() {
        let text = render(.table, TerminalOptions(width: 40))
        for line in text.split(separator: "\n") { #expect(line.count <= 40, "\(line)") }
        #expect(text.contains("…") && text.contains("95.6%") && text.contains("1,706"))
    }

    @Test func elisionKeepsTheEndsAndCountsTheRows() {
        var table = ResultTable(columns: [.init("n", numeric: true)])
        table.rows = (1...100).map { [.count($0)] }
        var output = ""
        ResultRenderer.write(table, as: .table, options: TerminalOptions(maxRows: 10), to: &output)
        let lines = output.split(separator: "\n").map { $0.trimmingWhitespace() }
        #expect(Array(lines[2..<7]) == ["1", "2", "3", "4", "5"])
        #expect(lines[7] == "…")
        #expect(Array(lines[8..<13]) == ["96", "97", "98", "99", "100"])
        #expect(lines.last == "(100 rows, 90 not shown: .maxrows N to change, .maxrows 0 for all)")
    }
}

/// Tab completion by context, on the built-in dataset.
struct CompletionTests {
    let store: Store
    init() throws { store = try BuiltInDataset.load() }

    func complete(_ line: String) -> Completion { Completion.complete(line, store: store) }

    @Test func pivotAndASecondAreaOfATrend() {
        #expect(complete("show area, value piv").candidates == ["pivot"])
        #expect(complete("show area, value pivot ").candidates == ["by"])
        #expect(complete("show area, value pivot by per").candidates.contains("period"))
        #expect(complete("compare CS3 with england for City, EA").candidates == ["EAST"])
        #expect(complete("trend A3 for Kent, Dar").candidates == ["Darlington", "\"Darlington Area 1", "\"Darlington Area 2", "\"Darlington Area 3", "\"Darlington statistical neighbours"])
    }

    @Test func wordsOfOnePlaceAndTheYearColumnsComplete() {
        #expect(complete("count by code hav").candidates == ["having"])
        #expect(complete("show name where name lik").candidates == ["like"])
        #expect(complete("count(disti").candidates == ["distinct"])
        #expect(complete("show code limit 3 pe").candidates.contains("per"))
        #expect(complete("sum(value) by financial_y").candidates == ["financial_year"])
        #expect(complete("count by academic").candidates == ["academic_year"])
    }

    @Test func chartStatementsComplete() {
        #expect(complete("cha").candidates == ["chart"])
        #expect(complete("chart CS13_A").candidates == ["CS13_AST"])
        #expect(complete("chart CS3 by dis").candidates == ["districts"])
        #expect(complete("chart CS3 by districts in 2017-12 hi").candidates == ["highlight"])
        #expect(complete("chart CS3 by districts in 2017-12 highlight EA").candidates == ["EAST"])
        #expect(complete("chart A10 for Kent with eng").candidates == ["england"])
        #expect(complete("chart A10 for Kent with england, nei").candidates == ["neighbours"])
        #expect(complete("chart CS3 for City, EA").candidates == ["EAST"])
        #expect(complete(".mode sv").candidates == ["svg"])
    }

    @Test func theWordsOfAWorkings() {
        #expect(complete("work").candidates == ["workings"])
        #expect(complete("workings neighbours_m").candidates == ["neighbours_mean", "neighbours_median"])
        #expect(complete("workings po").candidates == ["pooled"])
        #expect(complete("workings rag_calc ").candidates == ["of"])
        #expect(complete("workings rag_calc of SCS1").candidates.contains("SCS16"))
        #expect(complete("workings rag_calc of SCS16 for Ken").candidates.first == "Kent")
    }

    @Test func metaCommandsAndTheirArguments() {
        #expect(complete(".mo").candidates == [".mode"])
        #expect(complete(".mode js").candidates == ["json", "jsonl"])
        #expect(complete(".mode xl").candidates == ["xlsx"])
        #expect(complete(".timer o").candidates == ["off", "on"])
        #expect(complete(".describe CS13_A").candidates == ["CS13_AST"])
    }

    @Test func filePathsAfterLoadReadAndOutput() {
        let completion = complete(".load /us")
        #expect(completion.candidates == ["/usr/"])
        #expect(complete(".read /usr/sha").candidates.contains("/usr/share/"))
    }

    @Test func valuesOfTheColumnBeforeTheOperator() {
        #expect(complete("show value where area = Ken").candidates == ["Kent", "\"Kent statistical neighbours"])
        #expect(complete("show value where area = \"Darlington A").candidates == ["\"Darlington Area 1", "\"Darlington Area 2", "\"Darlington Area 3"])
        #expect(complete("show value where area = \"Darlington statistical").closing == "\"")
        #expect(complete("show value where area = Darlington").candidates == ["Darlington", "\"Darlington Area 1", "\"Darlington Area 2", "\"Darlington Area 3", "\"Darlington statistical neighbours"],
                "a name with spaces is quoted")
        #expect(complete("show value where district in (EAST, SO").candidates.contains("SOUTH"))
        #expect(complete("show value where rag = gr").candidates == ["green"])
        #expect(complete("show value where code = CS13_A").candidates == ["CS13_AST"])
    }

    @Test func indicatorsAfterStatementWordsAndComparatorsAfterWith() {
        #expect(complete("trend CS13_A").candidates == ["CS13_AST"])
        #expect(complete("rank districts by CS13_A").candidates == ["CS13_AST"])
        #expect(complete("compare A10 with eng").candidates == ["england"])
        #expect(complete("compare A10 with england, nei").candidates == ["neighbours"])
    }

    @Test func areaGroupsAndTheAreasTheyTake() {
        #expect(complete("show value where area in ").candidates == ["authorities", "districts", "neighbours"])
        #expect(complete("show value where area not in nei").candidates == ["neighbours"])
        #expect(complete("show value where area in neighbours ").candidates == ["of"])
        #expect(complete("show value where area in districts of ").candidates == ["City", "Darlington", "\"North East"],
                "the areas that hold districts: Darlington's region holds its districts too")
        #expect(complete("show value where area in authorities of ").candidates == ["England", "\"North East", "\"South East"])
        #expect(complete("show value where area_region = ").candidates == ["\"North East", "\"South East"])
        #expect(complete(".set com").candidates == ["comparator_lag"])
        #expect(complete("show code, ranked").candidates == ["ranked_of"])
        #expect(complete("show code, quartile_").candidates == ["quartile_median", "quartile_q1", "quartile_q3"])
    }

    @Test func keywordsAndColumnsElsewhere() {
        #expect(complete("show code, neighbours_me").candidates == ["neighbours_mean", "neighbours_median"])
        #expect(complete("show code wh").candidates == ["where"])
        #expect(complete("show code, neighbours_me").commonPrefix == "neighbours_me")
    }
}
