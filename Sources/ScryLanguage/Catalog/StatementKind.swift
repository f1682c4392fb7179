import ScrySpelling

/// The kinds of statement, each once: the words that open it, its production in
/// `Grammar/scry.ebnf` and the parse function for it, what follows its first word (for Tab
/// completion) and its help topic (`StatementKind+Help.swift`). The parser, the help and
/// completion read this table; the engine answers each kind in its own exhaustive switch
/// over `Statement.Kind`.
///
/// Adding a kind: its production in the grammar, its parse function, a case here, and its
/// case in `Engine.answer`.
public enum StatementKind: String, CaseIterable, Sendable {
    case show, compare, aggregate, trend, rank, describe, benchmark, scorecard, chart, workings

    /// The keywords that open a statement of this kind: an aggregate opens with its first
    /// aggregation's function.
    public var openingKeywords: [Keyword] {
        switch self {
        case .show: [.show]
        case .compare: [.compare]
        case .aggregate: Keyword.allCases.filter(\.isAggregateFunction)
        case .trend: [.trend]
        case .rank: [.rank]
        case .describe: [.describe]
        case .benchmark: [.benchmark]
        case .scorecard: [.scorecard]
        case .chart: [.chart]
        case .workings: [.workings]
        }
    }

    /// What follows the opening word: what Tab offers there.
    public enum Operand: Sendable { case columns, aggregation, indicator, areaLevel, forArea, workedFigure }

    public var firstOperand: Operand {
        switch self {
        case .show: .columns
        case .aggregate: .aggregation
        case .compare, .trend, .describe, .benchmark, .chart: .indicator
        case .rank: .areaLevel
        case .scorecard: .forArea
        case .workings: .workedFigure
        }
    }

    /// How the kind is named in the message for a line that starts no statement.
    var opening: String {
        switch self {
        case .aggregate: "count (or another aggregation)"
        case .show, .compare, .trend, .rank, .describe, .benchmark, .scorecard, .chart, .workings: rawValue
        }
    }

    /// The kind a statement opening with `keyword` is, if any.
    public static func opened(by keyword: Keyword) -> StatementKind? {
        byKeyword[keyword]
    }

    private static let byKeyword: [Keyword: StatementKind] = {
        var kinds: [Keyword: StatementKind] = [:]
        for kind in allCases { for keyword in kind.openingKeywords { kinds[keyword] = kind } }
        return kinds
    }()

    /// Every word that opens a statement, for suggestions: the kinds with one word first,
    /// so that a tie in spelling goes to them.
    static let openingWords: [String] = allCases.sorted { $0.openingKeywords.count < $1.openingKeywords.count }
        .flatMap { $0.openingKeywords.map(\.rawValue) }

    /// Parses a statement of this kind at the parser's current token: the kind's production.
    func parse(_ parser: inout Parser) throws(Diagnostic) -> Statement {
        switch self {
        case .show: try parser.parseShow()
        case .compare: try parser.parseCompare()
        case .aggregate: try parser.parseAggregate()
        case .trend: try parser.parseTrend()
        case .rank: try parser.parseRank()
        case .describe: try parser.parseDescribe()
        case .benchmark: try parser.parseBenchmark()
        case .scorecard: try parser.parseScorecard()
        case .chart: try parser.parseChart()
        case .workings: try parser.parseWorkings()
        }
    }

    /// The message for `word`, found where a statement should start.
    static func unknownStatement(_ word: String, at range: SourceRange, alsoSuggesting clauses: [String] = []) -> Diagnostic {
        let kinds = allCases.map(\.opening)
        let listed = kinds.dropLast().joined(separator: ", ") + " or " + kinds.last!
        var diagnostic = Diagnostic.error("unknown statement '\(word)': a statement starts with \(listed)",
                                          at: range, suggestion: Spelling.didYouMean(word, among: openingWords + clauses))
        if word.lowercased() == "select" { diagnostic.suggestion = "scry says 'show' where SQL says 'select'" }
        return diagnostic
    }
}

extension Statement.Kind {
    /// The kind of statement this is, in the table above (a workbook names its sheets so).
    public var catalogKind: StatementKind {
        switch self {
        case .show: .show
        case .compare: .compare
        case .aggregate: .aggregate
        case .trend: .trend
        case .rank: .rank
        case .describe: .describe
        case .benchmark: .benchmark
        case .scorecard: .scorecard
        case .chart: .chart
        case .workings: .workings
        }
    }
}
