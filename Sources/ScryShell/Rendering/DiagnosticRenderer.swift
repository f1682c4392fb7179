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
        var text = "\(header): \(severity): \(message)\n"
        if let line, let column, let sourceLine {
            let number = String(line)
            let gutter = String(repeating: " ", count: number.count)
            let shown = sourceLine.replacingTabs()
            let prefix = String(sourceLine.prefix(max(0, column - 1))).replacingTabs()
            let caret = "^" + String(repeating: "~", count: max(0, length - 1))
            text += " \(number) | \(shown)\n"
            text += " \(gutter) | \(String(repeating: " ", count: prefix.count))\(caret)"
            text += note.map { " \($0)" } ?? ""
            text += "\n"
        } else if let note {
            text += "note: \(note)\n"
        }
        return text
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
