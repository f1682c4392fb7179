/// A problem found while loading a dataset, with where it is.
public struct LoadIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// The file as the user named it (`examples/data/kent/observations.csv`).
    public var file: String
    /// 1-based; nil for a problem with the whole file or folder.
    public var line: Int?
    /// 1-based, in characters.
    public var column: Int?
    /// How many characters the problem spans, for the caret display.
    public var length: Int
    public var message: String
    /// The text of the line, for the caret display.
    public var sourceLine: String?
    /// A suggestion, such as "did you mean 'Thanet'?".
    public var note: String?
    /// A known quirk of a published file that the importer handles (LAIT's measures
    /// described twice): shown in full in the shell, summarised in one line in scripts.
    public var isKnownQuirk = false

    init(
        _ severity: Severity, file: String, line: Int? = nil, column: Int? = nil, length: Int = 1,
        message: String, sourceLine: String? = nil, note: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.length = length
        self.message = message
        self.sourceLine = sourceLine
        self.note = note
    }

    /// `file:line:column: error: message`.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(severity.rawValue): \(message)"
    }
}

/// A load that failed: nothing was changed. Holds every error found (up to a limit).
public struct LoadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [LoadIssue]

    init(_ errors: [LoadIssue]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension LoadFailure {
    /// A load that Ctrl-C gave up: nothing was changed.
    static func interrupted(_ location: String) -> LoadFailure {
        LoadFailure([LoadIssue(.error, file: location, message: "interrupted: nothing was loaded")])
    }

    /// Throws `interrupted` when Ctrl-C asked the running load to stop.
    static func checkInterruption(_ location: String) throws(LoadFailure) {
        if Interruption.isRequested { throw interrupted(location) }
    }
}
