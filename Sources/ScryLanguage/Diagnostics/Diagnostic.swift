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

/// "did you mean 'X'?" when one of `candidates` is a likely misspelling of `word`.
public func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String? {
    nearestSpelling(of: word, among: candidates).map { "did you mean '\($0)'?" }
}

/// The candidate nearest to `word` by edit distance, when near enough to be a misspelling.
public func nearestSpelling(of word: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(word.lowercased())
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let other = Array(candidate.lowercased())
        let limit = max(1, min(3, (max(target.count, other.count) + 2) / 4))
        guard abs(other.count - target.count) <= limit else { continue }
        let distance = damerauLevenshtein(target, other)
        if distance <= limit, best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
    }
    return best?.candidate
}

/// Edits (insert, delete, substitute, swap two neighbours) that turn one word into another.
func damerauLevenshtein(_ left: [Character], _ right: [Character]) -> Int {
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    var twoBack = [Int](repeating: 0, count: right.count + 1)
    var previous = Array(0...right.count)
    var current = [Int](repeating: 0, count: right.count + 1)
    for i in 1...left.count {
        current[0] = i
        for j in 1...right.count {
            let cost = left[i - 1] == right[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, left[i - 1] == right[j - 2], left[i - 2] == right[j - 1] {
                current[j] = min(current[j], twoBack[j - 2] + 1)
            }
        }
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[right.count]
}
