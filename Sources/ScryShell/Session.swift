import ScryEngine
import ScryLanguage
import ScryStore

/// One run of scry: the loaded store, the settings meta-commands change, and where output
/// and errors go. The interactive shell, scripts and `-c` all drive a session.
public final class Session {
    public internal(set) var store: Store
    /// How the engine judges figures, changed with `.set`.
    public internal(set) var settings = EngineSettings()
    /// Results go here: standard output, or a file chosen with `.output` or `.once`.
    var output: any TextOutputStream
    /// Errors and warnings go here.
    var errors: any TextOutputStream
    /// Set by `.quit`.
    public internal(set) var wantsToQuit = false

    /// How results are written (`.mode`, `--format`).
    public var format = OutputFormat.table
    /// Standard output is a terminal: tables fit its width, long results are elided, and
    /// RAGs are coloured unless `NO_COLOR` is set. Never for a file from `.output`.
    public var isTerminal = false
    public var colour = false
    /// Rows shown on a terminal before the middle is elided; 0 for all (`.maxrows`).
    public var maxRows = 40
    /// `.timer on`: each statement's time, split into parse, plan and execute, on stderr.
    public var timer = false
    /// `.echo on`: each command is written out before it runs.
    public var echo = false
    /// Stop a script at its first failure (`.bail`, `--bail`/`--no-bail`).
    public var bail = true

    /// Standard output, while `output` is a file.
    private var standardOutput: (any TextOutputStream)?
    /// The file of `.once`: back to standard output after the next statement.
    var redirectsOnce = false
    /// How deep `.read` has nested, to stop a file that reads itself.
    var readDepth = 0

    public init(store: Store, output: any TextOutputStream, errors: any TextOutputStream) {
        self.store = store
        self.output = output
        self.errors = errors
    }

    /// Runs a script: meta-command lines and statements, in order. A script with syntax
    /// errors runs nothing: every error is reported first, as a compiler would, so that a
    /// monthly report never comes out half made. Running stops at the first failure when
    /// `bail` is on. Returns true when everything succeeded.
    @discardableResult
    public func runScript(_ text: String, name: String, bail: Bool? = nil) -> Bool {
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
                if echo { write(line.trimmingWhitespace() + "\n") }
                ok = timed { runMetaCommand(line.trimmingWhitespace(), location: name, line: lineNumber, sourceLine: line) }
            case .statement(let statement):
                if echo { write(source.text(of: statement.range) + "\n") }
                ok = execute(statement, in: source)
            }
            if !ok {
                succeeded = false
                // Read each time: the script may have said `.bail off` above.
                if bail ?? self.bail { break }
            }
        }
        return succeeded
    }

    /// Runs one parsed statement and writes its answer.
    func execute(_ statement: Statement, in source: SourceFile) -> Bool {
        defer { if redirectsOnce { restoreOutput() } }
        let start = ContinuousClock.now
        // What parsing this statement alone costs (the script was parsed as a whole).
        let parse = timer ? Self.parseTime(of: source.text(of: statement.range)) : .zero
        Interruption.clear()
        do {
            let (result, timing) = try Engine(store: store, settings: settings).runTimed(statement, in: source)
            write(result)
            if timer {
                let total = ContinuousClock.now - start
                errors.write("Run Time: real \(Self.seconds(total + parse)) parse \(Self.seconds(parse)) plan \(Self.seconds(timing.plan)) "
                             + "execute \(Self.seconds(timing.execute)) render \(Self.seconds(total - timing.plan - timing.execute))\n")
            }
            return true
        } catch {
            errors.write(DiagnosticRenderer.render(error, in: source))
            return false
        }
    }

    /// Runs a meta-command, timing it when `.timer` is on (a load, say).
    private func timed(_ body: () -> Bool) -> Bool {
        let start = ContinuousClock.now
        let ok = body()
        if timer { errors.write("Run Time: real \(Self.seconds(ContinuousClock.now - start))\n") }
        return ok
    }

    static func parseTime(of text: String) -> Duration {
        let start = ContinuousClock.now
        _ = Parser.parse(SourceFile(name: "", text: text))
        return ContinuousClock.now - start
    }

    /// `0.012345`: seconds with microseconds, as sqlite3's `.timer` prints them.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return CellFormatter.fixed(Double(seconds) + Double(attoseconds) * 1e-18, decimals: 6)
    }

    /// A result in the current format; its notes and warnings go with the errors, so that
    /// output piped on stays only the answer.
    func write(_ result: ResultTable) {
        var options = TerminalOptions.plain
        if isTerminal, standardOutput == nil {
            options = TerminalOptions(width: terminalWidth(), maxRows: maxRows > 0 ? maxRows : nil, colour: colour)
        }
        ResultRenderer.write(result, as: format, options: options, to: &output)
        for note in result.notes { errors.write(note + "\n") }
    }

    /// Sends results to a file until `restoreOutput` (`.output FILE`, `.once FILE`).
    func redirectOutput(to file: FileOutput, once: Bool) {
        restoreOutput()
        standardOutput = output
        output = file
        redirectsOnce = once
    }

    /// Back to standard output, closing the file.
    func restoreOutput() {
        guard let standard = standardOutput else { return }
        if let file = output as? FileOutput {
            file.flush()
            file.close()
        }
        output = standard
        standardOutput = nil
        redirectsOnce = false
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
    /// Meta-command lines with their 1-based line numbers and byte offsets in `statementText`.
    var metaLines: [(text: String, line: Int, offset: Int)] = []

    init(_ text: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if Self.isMetaCommand(line) {
                // Where it falls in the statement text, whose offsets statements carry.
                metaLines.append((String(line.hasSuffix("\r") ? line.dropLast() : line), index + 1, statementText.utf8.count))
                statementText += "\n"
            } else {
                statementText += line + "\n"
            }
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
