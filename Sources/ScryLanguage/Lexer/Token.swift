/// The smallest units of the language. A token's text is its range of the source.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case name
        case keyword(Keyword)
        /// A quoted string; its value (quotes removed, doubled quotes made single).
        case string(String)
        case number
        /// A period written with digits: `2013-07`, `2013/14`, `2014-16`, `2013/14-15/16`.
        case period
        /// A parameter, `:la`: a place for a value set outside the statement (`--param`,
        /// `.param set`). Its name is its text without the colon.
        case parameter
        case leftParenthesis, rightParenthesis, comma, semicolon
        case star, plus, minus, slash
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case newline
        case end
        /// Input the lexer could not read, with what is wrong. The lexer never throws.
        case invalid(String)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// How the token is named in messages: `'where'`, `a name`, `the end of the statement`.
    public func describe(in source: SourceFile) -> String {
        switch kind {
        case .end: "the end of the input"
        case .newline: "the end of the line"
        case .semicolon: "';'"
        case .string: "the string \(source.text(of: range))"
        case .parameter: "the parameter \(source.text(of: range))"
        default: "'\(source.text(of: range))'"
        }
    }
}

/// Reserved words. Keywords are matched case-insensitively.
public enum Keyword: String, CaseIterable, Hashable, Sendable {
    case show, compare, with, `where`, and, or, not, `in`, from, to, by, order, asc, desc, limit
    case trend, `for`, rank, describe, benchmark, scorecard, `as`, `is`, missing, between, last, latest
    case count, sum, avg, min, max, median, stddev, percentile, pooled
    case chart
    case workings

    public var isAggregateFunction: Bool {
        switch self {
        case .count, .sum, .avg, .min, .max, .median, .stddev, .percentile, .pooled: true
        default: false
        }
    }

    static let byLowercaseName: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
