#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the shell gets its lines: libedit in a terminal, a plain reader for pipes, files
/// and tests.
public protocol LineReader: AnyObject {
    /// The next line without its line end, or nil at the end of input.
    func readLine(prompt: String) -> String?
    /// Remembers a line in the history (a no-op where there is none).
    func addHistory(_ line: String)
}

/// Reads lines from a string: the interactive loop's tests.
public final class StringLineReader: LineReader {
    private var lines: [Substring]
    private var next = 0

    public init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
    }

    public func readLine(prompt: String) -> String? {
        guard next < lines.count else { return nil }
        defer { next += 1 }
        let line = lines[next]
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }

    public func addHistory(_ line: String) {}
}

public func standardInputIsTerminal() -> Bool { isatty(STDIN_FILENO) == 1 }
