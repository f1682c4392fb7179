/// Turns source text into tokens. Never throws: input it cannot read becomes an
/// `.invalid` token carrying the message (as clox's TOKEN_ERROR and SQLite's TK_ILLEGAL),
/// and lexing goes on after it.
public struct Lexer {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Every token, ending with one `.end`. Comments are dropped; line ends are kept as
    /// `.newline` tokens (the parser decides which of them end a statement).
    public static func tokenize(_ text: String) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    public mutating func next() -> Token {
        skipSpacesAndComments()
        guard position < bytes.count else { return Token(.end, SourceRange(bytes.count, bytes.count)) }
        let start = position
        let byte = bytes[position]
        switch byte {
        case 0x0A:
            position += 1
            return Token(.newline, SourceRange(start, position))
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return string(quote: byte)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return numberOrPeriod()
        case UInt8(ascii: "."):
            if position + 1 < bytes.count, isDigit(bytes[position + 1]) { return numberOrPeriod() }
            position += 1
            return Token(.invalid("unexpected '.': meta-commands such as .help start a line of their own"), SourceRange(start, position))
        case UInt8(ascii: ":"):
            return parameter()
        case _ where isNameStart(byte):
            while position < bytes.count, isNameContinue(bytes[position]) { position += 1 }
            let word = String(decoding: bytes[start..<position], as: UTF8.self)
            if let keyword = Keyword.byLowercaseName[word.lowercased()] {
                return Token(.keyword(keyword), SourceRange(start, position))
            }
            return Token(.name, SourceRange(start, position))
        default:
            return symbol()
        }
    }

    private mutating func symbol() -> Token {
        let start = position
        let byte = bytes[position]
        let following = position + 1 < bytes.count ? bytes[position + 1] : 0
        func single(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind, SourceRange(start, position))
        }
        func double(_ kind: Token.Kind) -> Token {
            position += 2
            return Token(kind, SourceRange(start, position))
        }
        switch byte {
        case UInt8(ascii: "("): return single(.leftParenthesis)
        case UInt8(ascii: ")"): return single(.rightParenthesis)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: "*"): return single(.star)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "="): return following == UInt8(ascii: "=") ? double(.equal) : single(.equal)
        case UInt8(ascii: "!"):
            if following == UInt8(ascii: "=") { return double(.notEqual) }
            return single(.invalid("unexpected '!': write '!=' or '<>' for 'not equal'"))
        case UInt8(ascii: "<"):
            if following == UInt8(ascii: "=") { return double(.lessOrEqual) }
            if following == UInt8(ascii: ">") { return double(.notEqual) }
            return single(.less)
        case UInt8(ascii: ">"):
            return following == UInt8(ascii: "=") ? double(.greaterOrEqual) : single(.greater)
        default:
            // One whole character, so that ranges stay on character boundaries.
            position += 1
            while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            let shown = text.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0xFFFD } ?? true
                ? "byte 0x" + String(bytes[start], radix: 16) : "'" + text + "'"
            return Token(.invalid("unexpected character \(shown)"), SourceRange(start, position))
        }
    }

    /// `:la`: a colon and a name, with nothing between them, as sqlite3 and psql write a
    /// parameter.
    private mutating func parameter() -> Token {
        let start = position
        position += 1
        guard position < bytes.count, isNameStart(bytes[position]) else {
            return Token(.invalid("expected a parameter name after ':', as in :la (a letter or '_' first, no space)"), SourceRange(start, position))
        }
        while position < bytes.count, isNameContinue(bytes[position]) { position += 1 }
        return Token(.parameter, SourceRange(start, position))
    }

    /// A string in `"` or `'`; a doubled quote inside stands for one. A string may not run
    /// past the end of its line: an unterminated one is reported at its opening quote.
    private mutating func string(quote: UInt8) -> Token {
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                if position + 1 < bytes.count, bytes[position + 1] == quote {
                    value.append(quote)
                    position += 2
                    continue
                }
                position += 1
                return Token(.string(String(decoding: value, as: UTF8.self)), SourceRange(start, position))
            }
            if byte == 0x0A { break }
            value.append(byte)
            position += 1
        }
        let mark = quote == UInt8(ascii: "\"") ? "\"" : "'"
        return Token(.invalid("unterminated string: expected a closing \(mark) before the end of the line"), SourceRange(start, start + 1))
    }

    /// `24.1`, `2019`, or a digit period: `2013-07`, `2013/14`, `2014-16`, `2013/14-15/16`,
    /// `2017-06/2017-11`. A period is four digits, then `-` or `/` and two digits, with no
    /// spaces; `2013 - 07` is a subtraction.
    private mutating func numberOrPeriod() -> Token {
        let start = position
        let digits = countDigits(from: position)
        if digits == 4, let end = periodEnd(from: start) {
            position = end
            return Token(.period, SourceRange(start, position))
        }
        position += digits
        if position < bytes.count, bytes[position] == UInt8(ascii: "."), position + 1 < bytes.count, isDigit(bytes[position + 1]) {
            position += 1
            position += countDigits(from: position)
        }
        if position < bytes.count, isNameContinue(bytes[position]) {
            while position < bytes.count, isNameContinue(bytes[position]) { position += 1 }
            return Token(.invalid("'\(String(decoding: bytes[start..<position], as: UTF8.self))' is not a number or a name: names start with a letter; quote it as a string"),
                         SourceRange(start, position))
        }
        return Token(.number, SourceRange(start, position))
    }

    /// The end of a digit period starting at `start` (four digits already seen), or nil.
    private func periodEnd(from start: Int) -> Int? {
        var index = start + 4
        // First part: YYYY-MM, YYYY/YY or YYYY-YY.
        guard index < bytes.count,
              bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "/"),
              countDigits(from: index + 1) == 2
        else { return nil }
        let firstSeparator = bytes[index]
        index += 3
        // Optional second part: /YYYY-MM after YYYY-MM, or -YY/YY after YYYY/YY.
        if index < bytes.count {
            if firstSeparator == UInt8(ascii: "-"), bytes[index] == UInt8(ascii: "/"), countDigits(from: index + 1) == 4,
               index + 5 < bytes.count, bytes[index + 5] == UInt8(ascii: "-"), countDigits(from: index + 6) == 2 {
                index += 8
            } else if firstSeparator == UInt8(ascii: "/"), bytes[index] == UInt8(ascii: "-"), countDigits(from: index + 1) == 2,
                      index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: "/"), countDigits(from: index + 4) == 2 {
                index += 6
            }
        }
        if index < bytes.count, isNameContinue(bytes[index]) || bytes[index] == UInt8(ascii: ".") { return nil }
        return index
    }

    private func countDigits(from start: Int) -> Int {
        var index = start
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func skipSpacesAndComments() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B {
                position += 1
            } else if byte == UInt8(ascii: "-"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "-") {
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            } else if byte == 0xEF, position == 0, bytes.count >= 3, bytes[1] == 0xBB, bytes[2] == 0xBF {
                position += 3  // byte-order mark
            } else {
                return
            }
        }
    }

    /// Whether `text` is a name as the lexer reads one: a letter or '_', then letters,
    /// digits or '_'. What may follow ':' in a parameter.
    public static func isName(_ text: String) -> Bool {
        let lexer = Lexer("")
        guard let first = text.utf8.first, lexer.isNameStart(first) else { return false }
        return text.utf8.allSatisfy(lexer.isNameContinue)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    private func isNameStart(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_") }
    private func isNameContinue(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
}
