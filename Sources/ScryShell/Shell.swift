import ScryStore

/// Reads lines from a `LineReader` and runs them in a session until the input ends or
/// `.quit`: the loop behind the interactive shell, scripts and `-c`.
public struct Shell {
    public var session: Session
    public var reader: any LineReader
    /// Shown before each line; empty for scripts.
    public var prompt: String
    /// Stop at the first failed line.
    public var bail: Bool

    public init(session: Session, reader: any LineReader, prompt: String = "", bail: Bool = false) {
        self.session = session
        self.reader = reader
        self.prompt = prompt
        self.bail = bail
    }

    /// Runs every line; returns true when all succeeded.
    @discardableResult
    public func run(location: String) -> Bool {
        var succeeded = true
        var lineNumber = 0
        session.flush()
        while !session.wantsToQuit, let line = reader.readLine(prompt: prompt) {
            lineNumber += 1
            if !line.trimmingWhitespace().isEmpty { reader.addHistory(line) }
            if !session.run(line, location: location, line: lineNumber) {
                succeeded = false
                if bail { break }
            }
            session.flush()
        }
        return succeeded
    }
}
