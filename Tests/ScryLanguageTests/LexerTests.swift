import Testing
@testable import ScryLanguage

struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] { Lexer.tokenize(text).map(\.kind) }

    @Test func keywordsAreCaseInsensitiveAndNamesKeepTheirCase() {
        #expect(kinds("SHOW Show show") == [.keyword(.show), .keyword(.show), .keyword(.show), .end])
        let tokens = Lexer.tokenize("A10 CPP_rate")
        #expect(tokens.map(\.kind) == [.name, .name, .end])
        #expect(tokens[1].range == SourceRange(4, 12))
    }

    @Test func stringsTakeEitherQuoteAndDoubledQuotes() {
        #expect(kinds(#""Tonbridge and Malling" 'it''s'"#) == [.string("Tonbridge and Malling"), .string("it's"), .end])
        #expect(kinds(#""say ""hi""""#) == [.string(#"say "hi""#), .end])
    }

    @Test(arguments: ["2013-07", "2013/14", "2014-16", "2013/14-15/16", "2017-06/2017-11", "2016-17"])
    func digitPeriodsAreOneToken(text: String) {
        let tokens = Lexer.tokenize(text)
        #expect(tokens.map(\.kind) == [.period, .end])
        #expect(tokens[0].range == SourceRange(0, text.utf8.count))
    }

    @Test func spacedMinusIsArithmeticNotAPeriod() {
        #expect(kinds("2013 - 07") == [.number, .minus, .number, .end])
        #expect(kinds("24.1 90") == [.number, .number, .end])
    }

    @Test func operatorsAndPunctuation() {
        #expect(kinds("( ) , ; * + - / = == != <> < <= > >=") == [
            .leftParenthesis, .rightParenthesis, .comma, .semicolon, .star, .plus, .minus, .slash,
            .equal, .equal, .notEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .end,
        ])
    }

    @Test func commentsRunToTheEndOfTheLineAndLineEndsAreKept() {
        #expect(kinds("show -- a comment\nvalue") == [.keyword(.show), .newline, .name, .end])
    }

    @Test func unterminatedStringIsAnInvalidTokenAtTheOpeningQuote() {
        let tokens = Lexer.tokenize("area = \"Kent")
        guard case .invalid(let message) = tokens[2].kind else {
            Issue.record("expected an invalid token, got \(tokens[2].kind)")
            return
        }
        #expect(message.hasPrefix("unterminated string"))
        #expect(tokens[2].range == SourceRange(7, 8))
    }

    @Test func unknownCharacterIsOneInvalidTokenAndLexingGoesOn() {
        let tokens = Lexer.tokenize("value € 5")
        #expect(tokens[1].kind == .invalid("unexpected character '€'"))
        #expect(tokens[1].range == SourceRange(6, 9), "the whole UTF-8 character")
        #expect(tokens[2].kind == .number)
    }

    @Test func numberRunningIntoLettersIsInvalid() {
        guard case .invalid = Lexer.tokenize("12months")[0].kind else {
            Issue.record("expected an invalid token")
            return
        }
    }
}
