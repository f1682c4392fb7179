import ScryLanguage

/// A `like` pattern, compiled once: SQL's LIKE over UTF-8 bytes, `%` any run of
/// characters (none too), `_` exactly one character, any other byte itself; case is folded
/// as scry compares text (`lowercased()`), ASCII on the fly without making a string. There
/// is no escape character. No regular expressions: one pass with a single backtrack point,
/// the last `%` seen, as the classic wildcard matcher does.
struct LikePattern: Sendable {
    private enum Piece: Equatable, Sendable {
        case byte(UInt8)
        case one
        case any
    }

    private let pieces: [Piece]

    /// The pattern written after `like`: a string (a parameter's value is one by then).
    init(_ pattern: Expression, source: SourceFile) throws(Diagnostic) {
        guard case .string(let text) = pattern.kind else {
            throw Diagnostic.error("'like' needs a pattern in quotes, such as \"%foster%\", found '\(source.text(of: pattern.range))'",
                                   at: pattern.range)
        }
        self.init(text)
    }

    init(_ pattern: String) {
        var pieces: [Piece] = []
        for byte in pattern.lowercased().utf8 {
            switch byte {
            case UInt8(ascii: "%"): if pieces.last != .any { pieces.append(.any) }
            case UInt8(ascii: "_"): pieces.append(.one)
            default: pieces.append(.byte(byte))
            }
        }
        self.pieces = pieces
    }

    /// Whether the whole of `text` matches, ignoring case.
    func matches(_ text: String) -> Bool {
        var text = text
        if !text.utf8.allSatisfy({ $0 < 0x80 }) { text = text.lowercased() }
        return text.withUTF8 { matches($0) }
    }

    private func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = 0, piece = 0
        // Where to resume after the last `%`: the piece after it and the text it has taken.
        var resumePiece = -1, resumePosition = 0
        while position < text.count {
            if piece < pieces.count {
                switch pieces[piece] {
                case .any:
                    resumePiece = piece + 1
                    resumePosition = position
                    piece += 1
                    continue
                case .one:
                    position = Self.afterCharacter(text, position)
                    piece += 1
                    continue
                case .byte(let wanted):
                    if Self.folded(text[position]) == wanted {
                        position += 1
                        piece += 1
                        continue
                    }
                }
            }
            // A mismatch, or pattern used up before the text: let the last `%` take one more
            // character, else fail.
            guard resumePiece >= 0 else { return false }
            resumePosition = Self.afterCharacter(text, resumePosition)
            position = resumePosition
            piece = resumePiece
        }
        while piece < pieces.count, pieces[piece] == .any { piece += 1 }
        return piece == pieces.count
    }

    /// ASCII capitals folded to lower case; other bytes (already lowered) as they are.
    @inline(__always)
    private static func folded(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// The position after the character (one scalar: a lead byte and its continuation
    /// bytes) starting at `position`.
    @inline(__always)
    private static func afterCharacter(_ text: UnsafeBufferPointer<UInt8>, _ position: Int) -> Int {
        var next = position + 1
        while next < text.count, text[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }
}
