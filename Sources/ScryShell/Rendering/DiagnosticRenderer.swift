import ScryEngine
import ScryLanguage
import ScryStore

/// Writes a located problem the way compilers do: `file:line:column: error: message`,
/// then the source line with a caret under the place, then the note.
///
/// ```
/// queries.scry:3:27: error: unknown area 'Tanet'
///   3 | show value where area = Tanet
///     |                         ^~~~~ did you mean 'Thanet'?
/// ```
public enum DiagnosticRenderer {
    public static func render(
        severity: String, location: String, line: Int?, column: Int?, length: Int,
        message: String, sourceLine: String?, note: String?
    ) -> String {
        var header = location
        if let line { header += ":\(line)" }
        if let column { header += ":\(column)" }
        var text = "\(header.controlCharactersEscaped): \(severity): \(message.controlCharactersEscaped)\n"
        if let line, let column, let sourceLine {
            let number = String(line)
            let gutter = String(repeating: " ", count: number.count)
            let window = Self.window(Array(sourceLine.replacingTabs().controlCharactersEscaped), column: column, length: length)
            text += " \(number) | \(window.shown)\n"
            text += " \(gutter) | \(String(repeating: " ", count: window.caretColumn))^\(String(repeating: "~", count: max(0, window.caretLength - 1)))"
            text += note.map { " \($0.controlCharactersEscaped)" } ?? ""
            text += "\n"
        } else if let note {
            text += "note: \(note.controlCharactersEscaped)\n"
        }
        return text
    }

    /// The widest source line shown whole; a longer one (a generated script's) is shown as
    /// a stretch around the place, cut with `…`, so that an error never floods the screen.
    static let widestLine = 120

    /// What of `line` to show, and where the caret goes in it (0-based) and how long it is.
    static func window(_ line: [Character], column: Int, length: Int) -> (shown: String, caretColumn: Int, caretLength: Int) {
        let place = max(0, min(column - 1, line.count))
        guard line.count > widestLine else { return (String(line), place, max(1, length)) }
        let start = max(0, min(place - widestLine / 3, line.count - widestLine))
        let end = min(line.count, start + widestLine)
        let before = start > 0 ? "…" : "", after = end < line.count ? "…" : ""
        let caretColumn = place - start + before.count
        return (before + String(line[start..<end]) + after, caretColumn, max(1, min(length, end - place)))
    }

    /// A diagnostic from the language, located in its source.
    public static func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        let location = source.location(of: diagnostic.range.start)
        var text = render(severity: diagnostic.severity.rawValue, location: source.name, line: location.line,
                          column: location.column, length: source.caretLength(of: diagnostic.range),
                          message: diagnostic.message, sourceLine: location.lineText, note: diagnostic.suggestion)
        for note in diagnostic.notes { text += "note: \(note)\n" }
        return text
    }

    public static func render(_ issue: LoadIssue) -> String {
        render(severity: issue.severity.rawValue, location: issue.file, line: issue.line, column: issue.column,
               length: issue.length, message: issue.message, sourceLine: issue.sourceLine, note: issue.note)
    }
}

extension String {
    /// Tabs become single spaces so that the caret lines up under them.
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}
