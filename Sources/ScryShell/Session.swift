import ScryEngine
import ScryLanguage
import ScryStore

/// One run of scry: the loaded store, the settings meta-commands change, and where output
/// and errors go. The interactive shell, scripts and `-c` all drive a session.
public final class Session {
    public internal(set) var store: Store
    /// How the engine judges figures, changed with `.set`.
    public internal(set) var settings = EngineSettings()
    /// Results go here.
    var output: any TextOutputStream
    /// Errors and warnings go here.
    var errors: any TextOutputStream
    /// Set by `.quit`.
    public internal(set) var wantsToQuit = false

    public init(store: Store, output: any TextOutputStream, errors: any TextOutputStream) {
        self.store = store
        self.output = output
        self.errors = errors
    }

    /// Runs a script: meta-command lines and statements, in order. A script with syntax
    /// errors runs nothing: every error is reported first, as a compiler would, so that a
    /// monthly report never comes out half made. With `bail`, running stops at the first
    /// failure. Returns true when everything succeeded.
    @discardableResult
    public func runScript(_ text: String, name: String, bail: Bool = true) -> Bool {
        let script = ScriptText(text)
        let source = SourceFile(name: name, text: script.statementText)
        let parsed = Parser.parse(source)
        if !parsed.diagnostics.isEmpty {
            for diagnostic in parsed.diagnostics { errors.write(DiagnosticRenderer.render(diagnostic, in: source)) }
            return false
        }
        var succeeded = true
        var statements = parsed.statements[...]
        for step in script.steps(statements: &statements, in: source) {
            if wantsToQuit { break }
            let ok: Bool
            switch step {
            case .meta(let line, let lineNumber):
                ok = runMetaCommand(line.trimmingWhitespace(), location: name, line: lineNumber, sourceLine: line)
            case .statement(let statement):
                ok = execute(statement, in: source)
            }
            if !ok {
                succeeded = false
                if bail { break }
            }
        }
        return succeeded
    }

    /// Runs one parsed statement and writes its answer.
    func execute(_ statement: Statement, in source: SourceFile) -> Bool {
        do {
            let result = try Engine(store: store, settings: settings).run(statement, in: source)
            write(result)
            return true
        } catch {
            errors.write(DiagnosticRenderer.render(error, in: source))
            return false
        }
    }

    /// A result as an aligned table on the output; its notes and warnings go with the
    /// errors, so that output piped on stays only the answer.
    func write(_ result: ResultTable) {
        var table = TextTable(columns: result.columns.map { .init($0.name, $0.isNumeric ? .right : .left) })
        table.rows = result.rows.map { $0.map(CellFormatter.text) }
        table.write(to: &output)
        for line in result.footer { write(line + "\n") }
        for note in result.notes { errors.write(note + "\n") }
    }

    func reportError(location: String, line: Int?, column: Int?, length: Int, message: String,
                     sourceLine: String?, note: String? = nil) {
        errors.write(DiagnosticRenderer.render(severity: "error", location: location, line: line, column: column,
                                               length: length, message: message, sourceLine: sourceLine, note: note))
    }

    func report(_ issue: LoadIssue) {
        errors.write(DiagnosticRenderer.render(issue))
    }

    func write(_ text: String) { output.write(text) }

    /// Sends buffered output on its way: before a prompt, and before the program exits.
    public func flush() {
        (output as? FileOutput)?.flush()
        (errors as? FileOutput)?.flush()
    }
}

/// A script split into meta-command lines (a line whose first word starts with `.` and a
/// letter, as in sqlite3 and psql) and statement text. The statement text keeps every
/// line, with meta-command lines blanked, so that diagnostics give the script's own line
/// numbers; a meta-command line also ends any statement left open above it.
struct ScriptText {
    enum Step {
        case meta(String, line: Int)
        case statement(Statement)
    }

    var statementText = ""
    /// Meta-command lines with their 1-based line numbers and byte offsets.
    var metaLines: [(text: String, line: Int, offset: Int)] = []

    init(_ text: String) {
        var offset = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if Self.isMetaCommand(line) {
                metaLines.append((String(line.hasSuffix("\r") ? line.dropLast() : line), index + 1, offset))
                statementText += "\n"
            } else {
                statementText += line + "\n"
            }
            offset += line.utf8.count + 1
        }
        if !text.hasSuffix("\n"), !statementText.isEmpty { statementText.removeLast() }
    }

    static func isMetaCommand(_ line: some StringProtocol) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.first == "." && trimmed.dropFirst().first?.isLetter == true
    }

    /// Meta-commands and statements in the order they appear.
    func steps(statements: inout ArraySlice<Statement>, in source: SourceFile) -> [Step] {
        var steps: [Step] = []
        for meta in metaLines {
            while let next = statements.first, next.range.start < meta.offset {
                steps.append(.statement(next))
                statements.removeFirst()
            }
            steps.append(.meta(meta.text, line: meta.line))
        }
        steps.append(contentsOf: statements.map { .statement($0) })
        return steps
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
