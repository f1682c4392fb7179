import ScryEngine
import ScryLanguage
import ScryStore

/// One run of scry: the loaded store, the settings meta-commands change, and where output
/// and errors go. The interactive shell, scripts and `-c` all drive a session.
public final class Session {
    public internal(set) var store: Store
    /// How the engine judges figures, changed with `.set`.
    public internal(set) var settings = EngineSettings()
    /// The values of `:name` in statements (`--param`, `.param set`).
    public var parameters = Parameters()
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
    /// The locale is UTF-8: charts may use braille and block characters (ASCII otherwise).
    public var unicode = true
    /// Rows shown on a terminal before the middle is elided; 0 for all (`.maxrows`).
    public var maxRows = 40
    /// `.timer on`: each statement's time, split into parse, plan and execute, on stderr.
    public var timer = false
    /// `.echo on`: each command is written out before it runs.
    public var echo = false
    /// Stop a script at its first failure (`.bail`, `--bail`/`--no-bail`).
    public var bail = true
    /// Scripts say a published file's known quirks in one line, not in full at every run.
    public var summarisesKnownQuirks = false
    /// The warnings of this session's loads, for `.warnings`.
    var loadWarnings: [LoadIssue] = []

    /// Standard output, while `output` is a file.
    private var standardOutput: (any TextOutputStream)?
    /// The file of `.once`: back to standard output after the next statement.
    var redirectsOnce = false
    /// How deep `.read` has nested, to stop a file that reads itself.
    var readDepth = 0
    /// A failure to write `.once`'s file, found as it closed, for `writeFailure`.
    private var pendingFailure: String?
    /// A failed write to standard output was reported at the statement that made it.
    private var reportedStandardOutput = false

    public init(store: Store, output: any TextOutputStream, errors: any TextOutputStream) {
        self.store = store
        self.output = output
        self.errors = errors
    }

    /// Runs a script: meta-command lines and statements, in order. A script with syntax
    /// errors, or a parameter that will not be set where a statement uses it, runs nothing:
    /// every error is reported first, as a compiler would, so that a monthly report never
    /// comes out half made. Running stops at the first failure when `bail` is on. Returns
    /// true when everything succeeded.
    @discardableResult
    public func runScript(_ text: String, name: String, bail: Bool? = nil) -> Bool {
        let script = ScriptText(text)
        let source = SourceFile(name: name, text: script.statementText)
        let parsed = Parser.parse(source)
        if !parsed.diagnostics.isEmpty {
            for diagnostic in parsed.diagnostics { errors.write(DiagnosticRenderer.render(diagnostic, in: source)) }
            return false
        }
        var statements = parsed.statements[...]
        let steps = script.steps(statements: &statements, in: source)
        let unset = parameterProblems(in: steps)
        if !unset.isEmpty {
            for diagnostic in unset { errors.write(DiagnosticRenderer.render(diagnostic, in: source)) }
            return false
        }
        var succeeded = true
        for step in steps {
            if wantsToQuit { break }
            var ok: Bool
            switch step {
            case .meta(let line, let lineNumber):
                if echo { write(line.trimmingWhitespace() + "\n") }
                ok = timed { runMetaCommand(line.trimmingWhitespace(), location: name, line: lineNumber, sourceLine: line) }
                if let failure = writeFailure() {
                    reportError(location: name, line: lineNumber, column: 1, length: line.count, message: failure, sourceLine: line)
                    ok = false
                }
            case .statement(let statement):
                if echo { write(source.text(of: statement.range) + "\n") }
                ok = execute(statement, in: source)
                if let failure = writeFailure() {
                    errors.write(DiagnosticRenderer.render(Diagnostic.error(failure, at: statement.range), in: source))
                    ok = false
                }
            }
            if !ok {
                succeeded = false
                // Read each time: the script may have said `.bail off` above.
                if bail ?? self.bail { break }
            }
        }
        return succeeded
    }

    /// Runs one parsed statement, with the parameters' values in their places, and writes
    /// its answer (`.once`'s file is closed after it).
    func execute(_ parsed: Statement, in source: SourceFile) -> Bool {
        defer { if redirectsOnce { closeFile() } }
        let (statement, unset) = parsed.binding(parameters)
        guard unset.isEmpty else {
            for diagnostic in unset { errors.write(DiagnosticRenderer.render(diagnostic, in: source)) }
            return false
        }
        let start = ContinuousClock.now
        // What parsing this statement alone costs (the script was parsed as a whole).
        let parse = timer ? Self.parseTime(of: source.text(of: statement.range)) : .zero
        Interruption.clear()
        do {
            var engine = Engine(store: store, settings: settings)
            engine.streamsFrom = Self.streamsFrom
            let (result, timing) = try engine.runTimed(statement, in: source)
            if let refusal = refusal(result) {
                errors.write(DiagnosticRenderer.render(Diagnostic.error(refusal, at: statement.range), in: source))
                // `.once FILE` gets nothing: the file is left as it was.
                if redirectsOnce { (output as? FileOutput)?.abandon() }
                return false
            }
            write(result, kind: statement.kind.catalogKind.rawValue)
            if result.stream?.wasInterrupted == true {
                // The rows written so far stay; a file of .once gets none of them.
                if redirectsOnce { (output as? FileOutput)?.abandon() }
                errors.write(DiagnosticRenderer.render(Diagnostic.error("interrupted", at: statement.range), in: source))
                return false
            }
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

    /// Results of at least this many rows are written as the engine makes them, a chunk at
    /// a time (`ResultStream`), not built whole first.
    static let streamsFrom = 4_096

    /// A result in the current format; its notes and warnings go with the errors, so that
    /// output piped on stays only the answer.
    /// A file named `….svg` by `.output` or `.once` gets every result as SVG, whatever the
    /// mode, and how many charts it holds so far (one: an SVG file is one picture).
    var svgFile: (charts: Int, path: String)?

    /// A file named `….xlsx` by `.output` or `.once`: a workbook whatever the mode.
    var workbookFile: String?
    /// The results gathered for the workbook that the output gets when it closes (or, for
    /// standard output, at the end of the run).
    var workbook = Workbook()

    /// The format results are written in now: the one a `.svg` or `.xlsx` file's extension
    /// picks, else the mode.
    var currentFormat: OutputFormat { svgFile != nil ? .svg : workbookFile != nil ? .xlsx : format }

    /// Why `result` cannot be written where results go now, if it cannot.
    func refusal(_ result: ResultTable) -> String? {
        if let svgFile, result.chart != nil, svgFile.charts > 0 {
            return "'\(svgFile.path)' holds a chart already, and an SVG file is one picture: .once FILE.svg for each chart"
        }
        if svgFile != nil, result.chart == nil {
            return "'\(svgFile!.path)' is an SVG file: only a chart statement can be written to it"
        }
        if currentFormat == .xlsx, isTerminal, standardOutput == nil {
            return "a workbook cannot be shown on a terminal: .once FILE.xlsx or .output FILE.xlsx, or --format xlsx > FILE.xlsx"
        }
        return ResultRenderer.refusal(result, as: currentFormat)
    }

    /// Writes a result, or says why it cannot be written (a chart in csv, a table in svg)
    /// and returns false. `kind` names the statement or listing it answers: a workbook's
    /// sheet is named after it.
    @discardableResult
    func write(_ result: ResultTable, kind: String) -> Bool {
        if let refusal = refusal(result) {
            errors.write("error: \(refusal)\n")
            return false
        }
        var options = TerminalOptions(unicode: unicode)
        if isTerminal, standardOutput == nil {
            options = TerminalOptions(width: terminalWidth(), maxRows: maxRows > 0 ? maxRows : nil, colour: colour, unicode: unicode)
        }
        if currentFormat == .xlsx {
            workbook.add(result.materialized(), kind: kind)
        } else {
            ResultRenderer.write(result, as: currentFormat, options: options, to: &output)
        }
        if result.chart != nil, svgFile != nil { svgFile!.charts += 1 }
        for note in result.notes { errors.write(CellFormatter.text(note) + "\n") }
        return true
    }

    /// Sends results to a file until `restoreOutput` (`.output FILE`, `.once FILE`). The
    /// file is only put in place when closed.
    func redirectOutput(to file: FileOutput, once: Bool, path: String = "") -> String? {
        let failure = restoreOutput()
        standardOutput = output
        output = file
        redirectsOnce = once
        switch OutputFormat.picked(byExtensionOf: path) {
        case .svg?: svgFile = (0, path)
        case .xlsx?: workbookFile = path
        default: break
        }
        return failure
    }

    /// Back to standard output, closing the file; what went wrong writing it, if anything.
    @discardableResult
    func restoreOutput() -> String? {
        guard let standard = standardOutput else { return nil }
        let file = output as? FileOutput
        // A workbook file that got no result is left as it was: a workbook holds a sheet at least.
        let emptyWorkbook = currentFormat == .xlsx && workbook.isEmpty
        let workbookFailure = writeWorkbook()
        output = standard
        standardOutput = nil
        redirectsOnce = false
        svgFile = nil
        workbookFile = nil
        if let failure = workbookFailure ?? (emptyWorkbook ? "" : nil) {
            file?.abandon()
            return failure.isEmpty ? nil : failure
        }
        guard let file, let problem = file.close() else { return nil }
        return Self.message(problem, writing: file)
    }

    /// Closes `.once`'s or `.output`'s file, keeping what went wrong for `writeFailure`.
    private func closeFile() {
        if let failure = restoreOutput() { pendingFailure = failure }
    }

    /// A write that failed since the last check, as a message; the file it was going to is
    /// abandoned (its old contents stay) and results go back to standard output. A reader
    /// that closed standard output (`| head -1`) ends the run quietly: nothing more can be
    /// shown, and nothing is wrong with the answers.
    func writeFailure() -> String? {
        if let failure = pendingFailure {
            pendingFailure = nil
            return failure
        }
        guard let file = output as? FileOutput else { return nil }
        file.flush()
        switch file.problem {
        case nil: return nil
        case .readerClosed? where standardOutput == nil:
            wantsToQuit = true
            return nil
        case let problem?:
            if standardOutput != nil { restoreOutput() } else { reportedStandardOutput = true }
            return Self.message(problem, writing: file)
        }
    }

    static func message(_ problem: FileOutput.WriteProblem, writing file: FileOutput) -> String {
        switch problem {
        case .readerClosed: "cannot write \(file.name): nothing reads it any more"
        case .failed(let reason): "cannot write \(file.name): \(reason)"
        }
    }

    /// The end of a run: a file still open for `.output` is put in place, and buffered
    /// results are written. False, with a message, when any of that failed.
    public func finish() -> Bool {
        var failures: [String] = []
        if let failure = restoreOutput() { failures.append(failure) }
        if let failure = writeWorkbook() { failures.append(failure) }
        if let file = output as? FileOutput {
            file.flush()
            if case .failed? = file.problem, !reportedStandardOutput { failures.append(Self.message(file.problem!, writing: file)) }
        }
        for failure in failures { errors.write("scry: \(failure)\n") }
        return failures.isEmpty
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
public struct ScriptText {
    /// The largest script read, from a file or standard input: far more than any query
    /// file, and little enough that `.read /dev/zero`-like input stops at once.
    public static let maximumSize = 16 << 20

    enum Step {
        case meta(String, line: Int)
        case statement(Statement)
    }

    var statementText = ""
    /// Meta-command lines with their 1-based line numbers and byte offsets in `statementText`.
    var metaLines: [(text: String, line: Int, offset: Int)] = []

    init(_ text: String) {
        // Lines split at LF, and a CR before it dropped: scripts from Windows editors end
        // their lines in CR LF, which Swift's characters take as one (never equal to "\n").
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            String(String.UnicodeScalarView(scalars.last == "\r" ? scalars.dropLast() : scalars))
        }
        for (index, line) in lines.enumerated() {
            if Self.isMetaCommand(line) {
                // Where it falls in the statement text, whose offsets statements carry.
                metaLines.append((line, index + 1, statementText.utf8.count))
                statementText += "\n"
            } else {
                statementText += line + "\n"
            }
        }
        if text.utf8.last != 0x0A, !statementText.isEmpty { statementText.removeLast() }
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

extension String {
    /// The text with the first `target` replaced.
    func replacingOccurrences(ofFirst target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
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
