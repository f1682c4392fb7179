import ScryStore

/// One run of scry: the loaded store, the settings meta-commands change, and where output
/// and errors go. Both the interactive shell and batch mode drive a session.
public final class Session {
    public internal(set) var store: Store
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

    /// Runs one line of input (a meta-command, for now) from `location` (a file name,
    /// `-c`, or `stdin`). Returns false when it failed.
    @discardableResult
    public func run(_ text: String, location: String, line: Int = 1) -> Bool {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.hasPrefix("--") { return true }
        if trimmed.hasPrefix(".") {
            return runMetaCommand(trimmed, location: location, line: line, sourceLine: text)
        }
        let column = text.prefix { $0 == " " || $0 == "\t" }.count + 1
        reportError(location: location, line: line, column: column, length: trimmed.prefix { !$0.isWhitespace }.count,
                    message: "queries are not available yet: this build runs meta-commands only",
                    sourceLine: text, note: "type .help for the meta-commands")
        return false
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

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
