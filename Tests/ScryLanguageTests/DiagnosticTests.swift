import Testing
@testable import ScryLanguage

/// Parser errors: each checks the message and the exact range.
struct DiagnosticTests {
    /// The one diagnostic `text` produces.
    func diagnostic(_ text: String) throws -> Diagnostic {
        let result = Parser.parse(SourceFile(name: "test", text: text))
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        return try #require(result.diagnostics.first)
    }

    @Test func missingConditionAfterWherePointsAtTheEnd() throws {
        let error = try diagnostic("show value where")
        #expect(error.message == "expected a condition such as rag = red after 'where', found the end of the input")
        #expect(error.range == SourceRange(16, 16))
    }

    @Test func misspeltClauseKeywordGetsASuggestion() throws {
        let text = "show code, value wher rag = red"
        let error = try diagnostic(text)
        #expect(error.message == "expected 'where', 'order by', 'limit' or the end of the statement, found 'wher'")
        #expect(error.range == rangeOf("wher", in: text))
        #expect(error.suggestion == "did you mean 'where'?")
    }

    @Test func misspeltStatementKeywordGetsASuggestion() throws {
        let error = try diagnostic("shwo value")
        #expect(error.message.hasPrefix("unknown statement 'shwo'"))
        #expect(error.range == SourceRange(0, 4))
        #expect(error.suggestion == "did you mean 'show'?")
    }

    @Test func selectIsAnsweredWithShow() throws {
        let error = try diagnostic("select * from scorecard")
        #expect(error.suggestion == "scry says 'show' where SQL says 'select'")
    }

    @Test func unterminatedStringPointsAtTheOpeningQuote() throws {
        let error = try diagnostic("show value where area = \"Kent")
        #expect(error.message == "unterminated string: expected a closing \" before the end of the line")
        #expect(error.range == SourceRange(24, 25))
    }

    @Test func missingComparisonNamesTheLeftSide() throws {
        let text = "show value where rag red"
        let error = try diagnostic(text)
        #expect(error.message == "expected a comparison such as '=', '<', 'in (…)', 'between', 'like' or 'is missing' after 'rag', found 'red'")
        #expect(error.range == rangeOf("red", in: text))
    }

    @Test func clausesOutOfOrderAreNamed() throws {
        let text = "show value limit 5 where rag = red"
        let error = try diagnostic(text)
        #expect(error.message == "'where' is out of place: clauses come in the order where, order by, limit")
        #expect(error.range == rangeOf("where", in: text))
    }

    @Test func badPeriodSuggestsForms() throws {
        let text = "show value where period = Jly 2013"
        let error = try diagnostic(text)
        #expect(error.message.hasPrefix("'Jly' is not a period: expected a period such as 2013-07"))
        #expect(error.range == rangeOf("Jly", in: text))
        #expect(error.suggestion == "did you mean 'july'?")
    }

    @Test func percentileNeedsItsPercent() throws {
        let text = "percentile(value) where code = A10"
        let error = try diagnostic(text)
        #expect(error.message == "expected ',' and the percentile, as in percentile(value, 90) after the column, found ')'")
        #expect(error.range == rangeOf(")", in: text))
    }

    @Test func unclosedParenthesisPointsAtTheEnd() throws {
        let text = "show value where area in (Kent, England"
        let error = try diagnostic(text)
        #expect(error.message == "expected ')' or ',' after the value, found the end of the input")
        #expect(error.range == SourceRange(text.utf8.count, text.utf8.count))
    }

    @Test func compareNeedsWith() throws {
        let text = "compare A10 against england"
        let error = try diagnostic(text)
        #expect(error.message == "expected 'with' after the indicator 'A10', found 'against'")
        #expect(error.range == rangeOf("against", in: text))
    }

    @Test func everyStatementOfAScriptReportsItsFirstErrorAndOnlyThat() {
        let script = """
            show value where
            count by rag
            show code, , value
            describe
            trend A3 for Kent
            rank by A10
            """
        let result = Parser.parse(SourceFile(name: "script", text: script))
        #expect(result.statements.count == 2, "count and trend parse")
        #expect(result.diagnostics.count == 4, "\(result.diagnostics)")
        let source = SourceFile(name: "script", text: script)
        #expect(result.diagnostics.map { source.location(of: $0.range.start).line } == [1, 3, 4, 6])
    }

    @Test func locationsAreLinesAndCharacterColumns() {
        let source = SourceFile(name: "f", text: "show code\nwhere área = Kent\n")
        let location = source.location(of: Array("show code\nwhere área = ".utf8).count)
        #expect(location.line == 2)
        #expect(location.column == 14)
        #expect(location.lineText == "where área = Kent")
    }
}

struct CompletenessTests {
    @Test(arguments: ["show value where", "show code,", "show value where area in (Kent", "compare A10 with",
                      "show value where area = \"Kent", "trend A3 from 2012-09 to", "show", "count by"])
    func unfinishedStatementsAreIncomplete(text: String) {
        #expect(!Parser.isComplete(text))
        #expect(!Parser.isComplete(text + "\n"))
    }

    @Test(arguments: ["show value", "show value where rag = red", "count by rag;", "describe A10", "", "-- just a comment",
                      "shwo value", "show value where rag red"])
    func wholeStatementsAndErrorsElsewhereAreComplete(text: String) {
        #expect(Parser.isComplete(text))
    }
}
