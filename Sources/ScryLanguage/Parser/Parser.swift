import ScrySpelling

/// A hand-written recursive-descent parser: one function per production of
/// `Grammar/scry.ebnf`, each opening with its production.
///
/// Only the token helpers in this file (`at`, `eat`, `expect`, `advance`) touch the token
/// stream. An error ends the statement it is in: the parser records it, skips to the next
/// statement, and goes on, so every statement's first error is reported and none sets off
/// others.
public struct Parser {
    public let source: SourceFile
    private(set) var tokens: [Token]
    private(set) var index = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// How deep the condition or expression being parsed nests, counting each operator of a
    /// chain as the tree it builds does (`a and b and c` is two levels).
    private(set) var depth = 0

    /// Conditions and expressions nest at most this deep, as SQLite refuses expressions
    /// deeper than SQLITE_MAX_EXPR_DEPTH (1000): every pass after the parser recurses over
    /// the tree, so a limit here is a limit for all of them.
    public static let maxDepth = 500

    public init(_ source: SourceFile) {
        self.source = source
        tokens = Parser.endStatementsAtLineEnds(Lexer.tokenize(source.text))
    }

    /// Parses a whole script: its statements, and a diagnostic for each that failed.
    public static func parse(_ source: SourceFile) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        var parser = Parser(source)
        let statements = parser.parseScript()
        return (statements, parser.diagnostics)
    }

    /// Keeps the line ends that end a statement and drops the rest: a line end stays only
    /// outside parentheses and before a line that starts a statement (or the end).
    static func endStatementsAtLineEnds(_ tokens: [Token]) -> [Token] {
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        var depth = 0
        for (position, token) in tokens.enumerated() {
            switch token.kind {
            case .leftParenthesis: depth += 1
            case .rightParenthesis: depth = max(0, depth - 1)
            case .semicolon: depth = 0
            case .newline:
                if depth > 0 || kept.last?.kind == .newline { continue }
                var next = position + 1
                while next < tokens.count, tokens[next].kind == .newline { next += 1 }
                switch tokens[next].kind {
                case .end, .semicolon: break
                case .keyword(let keyword) where StatementKind.opened(by: keyword) != nil: break
                default: continue
                }
            default: break
            }
            kept.append(token)
        }
        return kept
    }

    // MARK: Nesting

    /// One level deeper, at `token`; an error there past `maxDepth`. The caller undoes it
    /// with `leave`.
    mutating func enter(_ token: Token) throws(Diagnostic) {
        guard depth < Self.maxDepth else {
            throw Diagnostic.error("the condition or expression nests more than \(Self.maxDepth) deep here: split it, or use 'in (…)' for a long list of alternatives",
                                   at: token.range)
        }
        depth += 1
    }

    mutating func leave(_ levels: Int = 1) { depth -= levels }

    // MARK: Token helpers

    var current: Token { tokens[index] }

    func at(_ kind: Token.Kind) -> Bool { current.kind == kind }

    func at(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    /// The token after the current one.
    var peek: Token { tokens[min(index + 1, tokens.count - 1)] }

    /// The last token consumed, if any.
    var previous: Token? { index > 0 ? tokens[index - 1] : nil }

    var atStatementEnd: Bool {
        switch current.kind {
        case .semicolon, .newline, .end: true
        default: false
        }
    }

    /// Moves past the current token (never past the end) and returns it.
    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// A place in the token stream to come back to (for the one alternative that needs it).
    var mark: Int { index }

    mutating func rewind(to mark: Int) { index = mark }

    mutating func eat(_ keyword: Keyword) -> Token? {
        at(keyword) ? advance() : nil
    }

    mutating func eat(_ kind: Token.Kind) -> Token? {
        at(kind) ? advance() : nil
    }

    /// The current token if it is `keyword`; otherwise an error saying it was expected
    /// after `context`.
    mutating func expect(_ keyword: Keyword, after context: String) throws(Diagnostic) -> Token {
        if let token = eat(keyword) { return token }
        throw unexpected("'\(keyword.rawValue)'", after: context, alternatives: [keyword.rawValue])
    }

    mutating func expect(_ kind: Token.Kind, _ description: String, after context: String) throws(Diagnostic) -> Token {
        if let token = eat(kind) { return token }
        throw unexpected(description, after: context)
    }

    /// An error at the current token: "expected X after Y, found Z". A misspelt keyword
    /// among `alternatives` gets a suggestion; an invalid token gives its own message.
    func unexpected(_ expected: String, after context: String? = nil, alternatives: [String] = []) -> Diagnostic {
        let token = current
        if case .invalid(let message) = token.kind {
            return .error(message, at: token.range)
        }
        var message = "expected \(expected)"
        if let context { message += " after \(context)" }
        message += ", found \(token.describe(in: source))"
        var suggestion: String?
        if token.kind == .name, !alternatives.isEmpty {
            suggestion = Spelling.didYouMean(source.text(of: token.range), among: alternatives)
        }
        return .error(message, at: token.range, suggestion: suggestion)
    }

    /// parameter = PARAMETER ;
    ///
    /// The parameter at the current token (the caller has seen one), by its name.
    mutating func parseParameter() -> String {
        String(text(advance()).dropFirst())
    }

    /// `'where'` quoted from the source, for messages.
    func quoted(_ token: Token) -> String { "'\(source.text(of: token.range))'" }

    func text(_ token: Token) -> String { source.text(of: token.range) }

    /// The range from `start` to the end of the last token consumed.
    func range(from start: Int) -> SourceRange {
        SourceRange(start, previous.map { max(start, $0.range.end) } ?? start)
    }

    // MARK: Script

    /// script = { statement_end } [ statement { statement_end { statement_end } statement } ] { statement_end } ;
    public mutating func parseScript() -> [Statement] {
        var statements: [Statement] = []
        while true {
            while eat(.semicolon) != nil || eat(.newline) != nil {}
            if at(.end) { break }
            let before = index
            depth = 0
            do {
                let statement = try parseStatement()
                try expectStatementEnd()
                statements.append(statement)
            } catch {
                diagnostics.append(error)
                skipToStatementEnd()
            }
            // Every turn consumes input: a statement, or at least the token that failed.
            if index == before { advance() }
        }
        return statements
    }

    mutating func skipToStatementEnd() {
        while !atStatementEnd { advance() }
    }

    /// After a statement's last clause: `;`, a line end or the end of the input. A misspelt
    /// clause among `clauses` or `suggesting` gets a suggestion; only `clauses` are listed
    /// in the message (`pivot by` is suggested without being listed, so that the messages
    /// for the clauses every statement has stay as they were).
    mutating func expectStatementEnd(allowing clauses: [String] = [], suggesting more: [String] = []) throws(Diagnostic) {
        guard !atStatementEnd else { return }
        // A name that opens a line after a whole statement was meant as a new statement.
        if current.kind == .name, let previous, source.text(of: SourceRange(previous.range.end, current.range.start)).contains("\n") {
            throw StatementKind.unknownStatement(text(current), at: current.range, alsoSuggesting: clauses + more)
        }
        let expected = clauses.isEmpty ? "the end of the statement"
            : clauses.map { "'\($0)'" }.joined(separator: ", ") + " or the end of the statement"
        throw unexpected(expected, alternatives: (clauses + more).map { $0.split(separator: " ").first.map(String.init) ?? $0 })
    }
}
