/// Reads RFC 4180 records from UTF-8 bytes: quoted fields with doubled quotes, commas and
/// line breaks inside quotes, LF or CRLF line ends, an optional byte-order mark and an
/// optional line break after the last record. Blank lines are skipped.
///
/// A field is a range of the input; only a quoted field with a doubled quote needs
/// unescaping, so reading allocates nothing per field.
struct CSVReader {
    let bytes: [UInt8]
    private var position: Int
    /// The 1-based line the next record starts on.
    private var line = 1
    private var lineStart: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.starts(with: bom) ? 3 : 0
        lineStart = position
    }

    struct Field: Sendable, Equatable {
        /// The field's content, inside its quotes if it has them.
        var range: Range<Int>
        /// The content holds doubled quotes that stand for one.
        var hasEscapedQuotes: Bool
        var line: Int
        /// Byte offset of the field's first byte (its opening quote if quoted) in its line.
        var columnOffset: Int
        /// Byte offset of the field's line start in the input.
        var lineStart: Int
    }

    struct Record: Sendable {
        var fields: [Field] = []
        var line: Int = 0
        var lineStart: Int = 0
        /// Byte offset just past the record's last field (before its line end).
        var end: Int = 0
    }

    struct Failure: Error, Equatable, Sendable {
        var message: String
        var line: Int
        var columnOffset: Int
        var lineStart: Int
    }

    /// The longest record read: far longer than any real indicator file's (LAIT's longest
    /// is a few kilobytes, notes included).
    static let longestRecord = 16 << 20

    /// Reads the next record into `record`; false at the end of the input.
    mutating func next(into record: inout Record) throws(Failure) -> Bool {
        record.fields.removeAll(keepingCapacity: true)
        // Skip blank lines.
        while position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            consumeLineEnd()
        }
        guard position < bytes.count else { return false }
        record.line = line
        record.lineStart = lineStart
        let count = bytes.count
        while true {
            let fieldLine = line
            let fieldLineStart = lineStart
            let fieldStart = position
            if position < count, bytes[position] == 0x22 {
                // Quoted field.
                position += 1
                let contentStart = position
                var escaped = false
                while true {
                    guard position < count else {
                        throw Failure(message: "unterminated quoted field: expected a closing '\"'",
                                      line: fieldLine, columnOffset: fieldStart - fieldLineStart, lineStart: fieldLineStart)
                    }
                    let byte = bytes[position]
                    if byte == 0x22 {
                        if position + 1 < count, bytes[position + 1] == 0x22 {
                            escaped = true
                            position += 2
                            continue
                        }
                        break
                    }
                    if byte == 0x0A {
                        line += 1
                        lineStart = position + 1
                    }
                    position += 1
                }
                let contentEnd = position
                position += 1  // closing quote
                record.fields.append(Field(range: contentStart..<contentEnd, hasEscapedQuotes: escaped, line: fieldLine,
                                           columnOffset: fieldStart - fieldLineStart, lineStart: fieldLineStart))
                if position < count, bytes[position] != 0x2C, bytes[position] != 0x0A, bytes[position] != 0x0D {
                    throw Failure(message: "expected ',' or the end of the line after the closing quote",
                                  line: line, columnOffset: position - lineStart, lineStart: lineStart)
                }
            } else {
                while position < count {
                    let byte = bytes[position]
                    if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
                    if byte == 0x22 {
                        throw Failure(message: "unexpected '\"' inside an unquoted field: quote the whole field and double the quote",
                                      line: line, columnOffset: position - lineStart, lineStart: lineStart)
                    }
                    position += 1
                }
                record.fields.append(Field(range: fieldStart..<position, hasEscapedQuotes: false, line: fieldLine,
                                           columnOffset: fieldStart - fieldLineStart, lineStart: fieldLineStart))
            }
            // A record past the limit is no table's record (a file without line ends, a
            // binary file): an error at its start, before it is held as fields.
            if position - record.lineStart > Self.longestRecord {
                throw Failure(message: "a record longer than \(Self.longestRecord >> 20) MiB: is this a CSV file with a line end after each record?",
                              line: record.line, columnOffset: 0, lineStart: record.lineStart)
            }
            if position < count, bytes[position] == 0x2C {
                position += 1
                continue
            }
            record.end = position
            if position < count { consumeLineEnd() }
            return true
        }
    }

    /// Goes on from `position`, a record's start on `line`: where another reader stopped.
    mutating func seek(to position: Int, line: Int) {
        self.position = position
        self.line = line
        lineStart = position
    }

    private mutating func consumeLineEnd() {
        if bytes[position] == 0x0D {
            position += 1
            if position < bytes.count, bytes[position] == 0x0A { position += 1 }
        } else {
            position += 1
        }
        line += 1
        lineStart = position
    }

    /// The field's text, with doubled quotes made single.
    func string(_ field: Field) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            FieldText.string(UnsafeBufferPointer(rebasing: buffer[field.range]), escaped: field.hasEscapedQuotes)
        }
    }

    /// The 1-based column, in characters, of a byte offset within a line.
    func column(lineStart: Int, offset: Int) -> Int {
        let end = min(lineStart + offset, bytes.count)
        guard lineStart <= end else { return 1 }
        return bytes[lineStart..<end].reduce(1) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
    }
}

