import ScryStore

/// Where the shell gets its lines: libedit in a terminal, a plain reader for pipes, files
/// and tests.
public protocol LineReader: AnyObject {
    /// The next line without its line end, or nil at the end of input.
    func readLine(prompt: String) -> String?
    /// Remembers a line in the history (a no-op where there is none).
    func addHistory(_ line: String)
    /// Whether the last line read was cancelled with Ctrl-C (and came back empty).
    var lastLineWasCancelled: Bool { get }
}

extension LineReader {
    public var lastLineWasCancelled: Bool { false }
}

public func standardInputIsTerminal() -> Bool { isatty(STDIN_FILENO) == 1 }
