extension Parser {
    /// Whether `text` holds whole statements, or stops in the middle of one (the shell
    /// then asks for another line), in the spirit of `sqlite3_complete()`. A statement is
    /// incomplete when parsing it fails at the end of the input (`show value where`), or
    /// a string is still open; a text with an error elsewhere is complete, so that the
    /// error is shown at once.
    public static func isComplete(_ text: String) -> Bool {
        let source = SourceFile(name: "", text: text)
        let tokens = Lexer.tokenize(text)
        for token in tokens {
            if case .invalid(let message) = token.kind, message.hasPrefix("unterminated string") { return false }
        }
        let endOffset = text.utf8.count
        let result = parse(source)
        return !result.diagnostics.contains { $0.range.start >= endOffset || isAtTrailingLineEnd($0, in: source) }
    }

    /// An error found at the line end that closes the text (`show value where⏎`).
    private static func isAtTrailingLineEnd(_ diagnostic: Diagnostic, in source: SourceFile) -> Bool {
        let rest = source.text.utf8.dropFirst(diagnostic.range.start)
        return rest.allSatisfy { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
    }
}
