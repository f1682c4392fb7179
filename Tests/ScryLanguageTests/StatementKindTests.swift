import Testing
@testable import ScryLanguage

/// The statement kinds' table is the one list of statements: the grammar's `statement`
/// production names the same kinds, each opening word parses to its kind, and each kind
/// has help and an example of its own kind.
struct StatementKindTests {
    @Test func theGrammarsStatementProductionNamesEveryKind() throws {
        let line = try #require(GrammarTests.grammarText().split(separator: "\n").first { $0.hasPrefix("statement ") })
        let alternatives = line.split(separator: "=", maxSplits: 1)[1].split(separator: "|")
            .map { $0.filter { $0 != ";" }.split(separator: " ").joined() }
        #expect(alternatives == StatementKind.allCases.map(\.rawValue))
    }

    @Test func everyOpeningWordStartsItsKind() {
        for kind in StatementKind.allCases {
            #expect(!kind.openingKeywords.isEmpty)
            for keyword in kind.openingKeywords {
                #expect(StatementKind.opened(by: keyword) == kind, "\(keyword)")
            }
        }
        #expect(StatementKind.opened(by: .count) == .aggregate)
        #expect(StatementKind.opened(by: .where) == nil)
        // A line opening with a statement word ends the statement above; any other goes on.
        let parsed = Parser.parse(SourceFile(name: "test", text: "show value\nrank districts by CS3\nshow value\nwhere rag = red"))
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.statements.count == 3)
    }

    @Test func everyKindHasHelpAndExamplesOfItsOwnKind() throws {
        for kind in StatementKind.allCases {
            #expect(kind.help.contains(kind == .aggregate ? "FUNCTION(" : kind.rawValue + " "), "\(kind)")
            #expect(!kind.examples.isEmpty, "\(kind) has no example")
            for example in kind.examples {
                let parsed = Parser.parse(SourceFile(name: "example", text: example))
                #expect(parsed.diagnostics.isEmpty, "\(example)")
                let statement = try #require(parsed.statements.first)
                let parsedKind = statement.kind.catalogKind
                #expect(parsedKind == kind, "\(example) is not a \(kind)")
            }
        }
    }

    @Test func anUnknownStatementNamesEveryKindOnce() {
        let message = StatementKind.unknownStatement("shw", at: SourceRange(0, 3))
        #expect(message.message == "unknown statement 'shw': a statement starts with show, compare, count (or another aggregation), trend, rank, describe, benchmark, scorecard, chart or workings")
        #expect(message.suggestion == "did you mean 'show'?")
        #expect(StatementKind.unknownStatement("select", at: SourceRange(0, 6)).suggestion == "scry says 'show' where SQL says 'select'")
    }
}
