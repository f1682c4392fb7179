/// A span of source text as UTF-8 byte offsets, end exclusive. Tokens and AST nodes carry
/// one; lines and columns are worked out only when a diagnostic is rendered.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public var length: Int { end - start }

    /// The smallest range covering both.
    public func joined(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A named text (a file, `-c`, standard input) and the means to turn byte offsets into
/// 1-based lines and columns.
public struct SourceFile: Sendable {
    public var name: String
    public var text: String
    private let bytes: [UInt8]
    /// Byte offset of the start of each line.
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        lineStarts = starts
    }

    public struct Location: Equatable, Sendable {
        /// 1-based.
        public var line: Int
        /// 1-based, in characters.
        public var column: Int
        /// The text of the line, without its line end.
        public var lineText: String
    }

    public func location(of offset: Int) -> Location {
        let clamped = min(max(0, offset), bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        let lineEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
        let column = bytes[start..<min(clamped, lineEnd)].reduce(1) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
        let lineText = String(decoding: bytes[start..<lineEnd], as: UTF8.self)
        return Location(line: low + 1, column: column + max(0, clamped - lineEnd), lineText: lineText)
    }

    /// How many characters of `range` lie on its first line (at least 1), for the caret.
    public func caretLength(of range: SourceRange) -> Int {
        let start = min(max(0, range.start), bytes.count)
        var end = min(range.end, bytes.count)
        if let newline = bytes[start..<end].firstIndex(of: 0x0A) { end = newline }
        let characters = bytes[start..<end].reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
        return max(1, characters)
    }

    public func text(of range: SourceRange) -> String {
        let start = min(max(0, range.start), bytes.count)
        let end = min(max(start, range.end), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
