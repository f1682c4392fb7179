import ScrySpelling

/// Reads one CSV file of a dataset against the columns it should have: finds them by
/// header name, warns about unknown ones, and turns bad fields into located issues.
struct TableReader {
    struct Column {
        var name: String
        var required: Bool
    }

    let file: String
    private(set) var reader: CSVReader
    private(set) var record = CSVReader.Record()
    /// For each declared column, the field index that holds it.
    private(set) var positions: [Int?] = []
    private var headerWidth = 0
    var issues: [LoadIssue] = []
    /// Stop collecting after this many errors: the first ones are what the user needs.
    static let errorLimit = 25
    /// How often reading looks at Ctrl-C, in records: a few milliseconds of reading.
    static let interruptionInterval = 4096
    private var recordsRead = 0
    /// Taken when the reader is made, on the thread that starts the load.
    private let interruption = Interruption.current

    /// Whether a header column the reader was not asked for gets a warning: yes for
    /// scry's own format, no for published files with columns scry has no use for.
    let warnsOfUnknownColumns: Bool

    init(file: String, bytes: [UInt8], warnsOfUnknownColumns: Bool = true) {
        self.file = file
        reader = CSVReader(bytes: bytes)
        self.warnsOfUnknownColumns = warnsOfUnknownColumns
    }

    var errorCount: Int { issues.lazy.filter { $0.severity == .error }.count }
    var isOverErrorLimit: Bool { errorCount >= Self.errorLimit }

    /// Reads the header. False when a required column is missing or the file is empty.
    mutating func readHeader(_ columns: [Column]) -> Bool {
        do {
            guard try reader.next(into: &record) else {
                issues.append(LoadIssue(.error, file: file, line: 1, column: 1,
                                        message: "empty file: expected a header naming the columns " + columns.filter(\.required).map(\.name).joined(separator: ", ")))
                return false
            }
        } catch {
            fail(error)
            return false
        }
        headerWidth = record.fields.count
        let names = record.fields.map { reader.string($0).trimmed.lowercased() }
        positions = columns.map { column in names.firstIndex(of: column.name) }
        // Each problem once: a header of 10,000 unknown columns gives one warning with a
        // count, not 10,000 copies of its line (which grew with the square of the width).
        var seen: Set<String> = [], known = Set(columns.map(\.name))
        var unknown: [Int] = [], twice: [Int] = []
        for (index, name) in names.enumerated() {
            if !seen.insert(name).inserted {
                twice.append(index)
            } else if warnsOfUnknownColumns, !known.contains(name) {
                unknown.append(index)
            }
        }
        known.removeAll()
        if let first = twice.first {
            let more = twice.count > 1 ? " (and \(twice.count - 1) more repeated column\(twice.count == 2 ? "" : "s"))" : ""
            issues.append(issue(.error, record.fields[first], "column '\(names[first])' appears twice in the header" + more))
        }
        if let first = unknown.first {
            let more = unknown.count > 1 ? " (and \(unknown.count - 1) more unknown column\(unknown.count == 2 ? "" : "s"))" : ""
            issues.append(issue(.warning, record.fields[first], "unknown column '\(names[first])' is ignored" + more,
                                note: Spelling.didYouMean(names[first], among: columns.map(\.name))))
        }
        for (column, position) in zip(columns, positions) where column.required && position == nil {
            issues.append(LoadIssue(.error, file: file, line: record.line, column: 1,
                                    length: max(1, record.end - record.lineStart),
                                    message: "missing required column '\(column.name)'",
                                    sourceLine: sourceLine(record.lineStart)))
        }
        return errorCount == 0
    }

    /// Reads the next record; false at the end of the file, after a malformed record
    /// (which is recorded as an issue), or when Ctrl-C asked the load to stop (which the
    /// loader then reports), looked at every `interruptionInterval` records.
    mutating func nextRecord() -> Bool {
        recordsRead &+= 1
        if recordsRead % Self.interruptionInterval == 0, interruption.isRequested { return false }
        while true {
            do {
                guard try reader.next(into: &record) else { return false }
            } catch {
                fail(error)
                return false
            }
            if record.fields.count == headerWidth { return true }
            let count = record.fields.count
            issues.append(LoadIssue(.error, file: file, line: record.line, column: 1,
                                    length: max(1, record.end - record.lineStart),
                                    message: "expected \(headerWidth) fields as in the header, found \(count)",
                                    sourceLine: sourceLine(record.lineStart)))
            if isOverErrorLimit { return false }
        }
    }

    /// The text of declared column `index` in the current record, trimmed; empty when the
    /// file lacks the column.
    func text(_ index: Int) -> String {
        guard let position = positions[index] else { return "" }
        return reader.string(record.fields[position]).trimmed
    }

    func field(_ index: Int) -> CSVReader.Field? {
        positions[index].map { record.fields[$0] }
    }

    /// An error located at declared column `index` of the current record (at the record's
    /// start when the file lacks the column), not yet recorded.
    func located(at index: Int, _ message: String, note: String? = nil) -> LoadIssue {
        if let field = field(index) { return issue(.error, field, message, note: note) }
        return LoadIssue(.error, file: file, line: record.line, column: 1, message: message,
                         sourceLine: sourceLine(record.lineStart), note: note)
    }

    /// Records an error at declared column `index` of the current record.
    mutating func error(at index: Int, _ message: String, note: String? = nil) {
        issues.append(located(at: index, message, note: note))
    }

    /// What declared column `index` names, looked up among the names a file declared; nil
    /// after recording an error with the nearest names.
    mutating func declared(_ index: Int, in names: DeclaredNames) -> Int? {
        do {
            return try names.decode(text: text(index))
        } catch {
            self.error(at: index, error.message, note: error.note)
            return nil
        }
    }

    /// Goes on from the record at byte `offset`, which starts on `line`, after the header.
    mutating func seek(to offset: Int, line: Int) {
        reader.seek(to: offset, line: line)
    }

    mutating func warning(at index: Int, _ message: String) {
        if let field = field(index) { issues.append(issue(.warning, field, message)) }
    }

    /// A number or a missing-value symbol from declared column `index`; records an error
    /// and returns nil when it is neither.
    mutating func cell(_ index: Int, column name: String) -> NumericCell? {
        guard field(index) != nil else { return .blank }
        do {
            return try NumericCell.decode(text: text(index), column: name)
        } catch {
            self.error(at: index, error.message, note: error.note)
            return nil
        }
    }

    private mutating func fail(_ failure: CSVReader.Failure) {
        issues.append(LoadIssue(.error, file: file, line: failure.line,
                                column: reader.column(lineStart: failure.lineStart, offset: failure.columnOffset),
                                message: failure.message, sourceLine: sourceLine(failure.lineStart)))
    }

    func issue(_ severity: LoadIssue.Severity, _ field: CSVReader.Field, _ message: String, note: String? = nil) -> LoadIssue {
        let quoted = reader.bytes.indices.contains(field.range.lowerBound - 1) && field.columnOffset + field.lineStart < field.range.lowerBound
        let startOffset = field.columnOffset
        let length = field.range.count + (quoted ? 2 : 0)
        let firstLine = sourceLine(field.lineStart)
        let visibleLength = min(max(1, length), max(1, firstLine.utf8.count - startOffset))
        return LoadIssue(severity, file: file, line: field.line,
                         column: reader.column(lineStart: field.lineStart, offset: startOffset),
                         length: visibleLength, message: message, sourceLine: firstLine, note: note)
    }

    /// The text of the line starting at byte `start`.
    /// The line from `start`, at most 64 KiB of it: a message shows a stretch of it, and
    /// a file with no line ends must not make a copy of itself per error.
    func sourceLine(_ start: Int) -> String {
        let bytes = reader.bytes
        var end = start
        let limit = min(bytes.count, start + (64 << 10))
        while end < limit, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return String(decoding: bytes[min(start, end)..<end], as: UTF8.self)
    }
}

