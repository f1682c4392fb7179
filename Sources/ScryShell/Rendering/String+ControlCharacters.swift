extension String {
    /// The text with control characters shown as escapes (`\u{1B}`), so that a name or a
    /// note holding escape codes never drives the terminal it is shown on, nor reaches a
    /// pipe as codes. Tab and line ends are kept: notes span lines, and the CSV and JSON
    /// writers quote or escape them.
    var controlCharactersEscaped: String {
        // Most text has no byte below a space but tab and line ends, no DEL and no 0xC2 (the
        // lead byte of U+0080–U+00BF, where the C1 controls lie): one pass over the bytes
        // says so, without decoding scalars for every cell rendered.
        guard utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 }),
              unicodeScalars.contains(where: Self.isEscaped)
        else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            if Self.isEscaped(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
