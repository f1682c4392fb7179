/// A problem found in source text: what, where, and what would have been right. Errors
/// are values; `DiagnosticRenderer` in the shell turns them into text.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// Lowercase, no trailing period, quoting the source text.
    public var message: String
    public var range: SourceRange
    /// Shown after the caret: "did you mean 'Thanet'?".
    public var suggestion: String?
    /// Further lines of explanation.
    public var notes: [String]

    public init(_ severity: Severity = .error, _ message: String, at range: SourceRange,
                suggestion: String? = nil, notes: [String] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.suggestion = suggestion
        self.notes = notes
    }

    public static func error(_ message: String, at range: SourceRange, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: range, suggestion: suggestion)
    }

    public var description: String { "\(severity.rawValue) at \(range): \(message)" }
}

