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
            let window = Self.window(sourceLine, column: column, length: length)
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
    /// Only the stretch shown is copied, so a line of many megabytes costs no more.
    static func window(_ line: String, column: Int, length: Int) -> (shown: String, caretColumn: Int, caretLength: Int) {
        let place = max(0, column - 1)
        let start = max(0, place - widestLine / 3)
        let stretch = line.dropFirst(start).prefix(widestLine + 1)
        let cutAtStart = start > 0, cutAtEnd = stretch.count > widestLine
        guard cutAtStart || cutAtEnd else {
            let shown = String(stretch).replacingTabs().controlCharactersEscaped
            let before = String(line.prefix(place)).replacingTabs().controlCharactersEscaped
            return (shown, before.count, max(1, length))
        }
        let kept = String(stretch.prefix(widestLine)).replacingTabs()
        let before = String(kept.prefix(place - start)).controlCharactersEscaped
        let shown = (cutAtStart ? "…" : "") + kept.controlCharactersEscaped + (cutAtEnd ? "…" : "")
        let caretColumn = before.count + (cutAtStart ? 1 : 0)
        return (shown, caretColumn, max(1, min(length, kept.count - (place - start))))
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
