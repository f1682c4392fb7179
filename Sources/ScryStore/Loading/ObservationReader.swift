/// The reporting pass of `observations.csv`: reads records one at a time, through the
/// same field decoders as the parallel pass (`ObservationField`), and says where each
/// problem is (file, line and column), up to `TableReader.errorLimit` errors.
///
/// It reads only what the parallel pass left: from the top when that pass declined the
/// file as a whole (an unusual header, a file that changed size), else from the record
/// where it stopped (`ParallelObservationReader.Resume`), after the rows it read. A
/// duplicate of one of those rows names that row's line too.
struct ObservationReader {
    var table: TableReader
    let indicatorNames: DeclaredNames
    let areaNames: DeclaredNames
    private var periods: PeriodDecoder
    private var firstLines: FirstLines

    init(file: String, bytes: [UInt8], indicators: [Indicator], indicatorNames: DeclaredNames, areaNames: DeclaredNames) {
        table = TableReader(file: file, bytes: bytes)
        self.indicatorNames = indicatorNames
        self.areaNames = areaNames
        periods = PeriodDecoder(indicators: indicators)
        firstLines = FirstLines()
    }

    /// Reads the records from `resume` (from the first when nil) into `observations`,
    /// which holds the rows the parallel pass read before it; the issues found.
    mutating func read(into observations: inout ObservationTable, from resume: ParallelObservationReader.Resume?) -> [LoadIssue] {
        guard table.readHeader(ObservationField.columns) else { return table.issues }
        let file = table.reader.bytes
        if let resume {
            // The parallel pass read no blank line and no lone carriage return: every line
            // before the record it stopped at ended with a line feed.
            let line = file.withUnsafeBufferPointer { 1 + ByteCounting.occurrences(of: 0x0A, in: UnsafeBufferPointer(rebasing: $0[0..<resume.offset])) }
            table.seek(to: resume.offset, line: line)
            firstLines = FirstLines(before: observations, rising: resume.rising, firstRecord: resume.firstRecord)
        } else {
            observations = ObservationTable()
        }
        observations.reserveCapacity(observations.count + (file.count - (resume?.offset ?? 0)) / 40)
        file.withUnsafeBufferPointer { bytes in readRecords(bytes, into: &observations) }
        return table.issues
    }

    private mutating func readRecords(_ bytes: UnsafeBufferPointer<UInt8>, into observations: inout ObservationTable) {
        var lastIndicator: (range: Range<Int>, index: Int)?, lastArea: (range: Range<Int>, index: Int)?
        while !table.isOverErrorLimit, table.nextRecord() {
            guard let indicator = name(.indicator, indicatorNames, bytes, last: &lastIndicator),
                  let area = name(.area, areaNames, bytes, last: &lastArea)
            else { continue }
            let periodField = field(.period, bytes)
            let period: Period
            do {
                period = try periods.decode(periodField.bytes, escaped: periodField.escaped, indicator: indicator)
            } catch {
                table.error(at: ObservationField.period.rawValue, error.message)
                continue
            }
            let key = observationKey(indicator: indicator, area: area, period: period)
            if let firstLine = firstLines.line(of: key, in: observations, bytes: bytes) {
                table.error(at: ObservationField.indicator.rawValue,
                            "duplicate observation: \(table.text(0)), \(table.text(1)), \(period) is already given on line \(firstLine)")
                continue
            }
            guard let value = cell(.value, bytes), let numerator = cell(.numerator, bytes), let denominator = cell(.denominator, bytes),
                  let target = cell(.target, bytes), let floor = cell(.floor, bytes),
                  let rag = decoded(.rag, bytes, { bytes, escaped throws(FieldError) in try ObservationField.rag(bytes, escaped: escaped) })
            else { continue }
            let note = field(.note, bytes)
            firstLines.add(key, line: table.record.line, row: observations.count)
            observations.append(indicator: indicator, area: area, period: period, value: value, numerator: numerator, denominator: denominator,
                                target: target, floor: floor, rag: rag, note: ObservationField.note(note.bytes, escaped: note.escaped))
        }
    }

    /// The index of the name in `column` of the current record: the same as the row
    /// before's when the bytes are, mostly; nil after reporting a name not declared.
    private mutating func name(_ column: ObservationField, _ names: DeclaredNames, _ bytes: UnsafeBufferPointer<UInt8>,
                               last: inout (range: Range<Int>, index: Int)?) -> Int? {
        guard let field = table.field(column.rawValue) else { return nil }
        if let previous = last, !field.hasEscapedQuotes, FieldBytes.equal(bytes, previous.range, field.range) { return previous.index }
        let found = decoded(column, bytes) { bytes, escaped throws(FieldError) in try names.decode(bytes, escaped: escaped) }
        last = found.flatMap { field.hasEscapedQuotes ? nil : (field.range, $0) }
        return found
    }

    /// `column` of the current record decoded; nil after reporting why it cannot be.
    private mutating func decoded<Value>(
        _ column: ObservationField, _ bytes: UnsafeBufferPointer<UInt8>,
        _ decode: (UnsafeBufferPointer<UInt8>, Bool) throws(FieldError) -> Value
    ) -> Value? {
        let field = field(column, bytes)
        do {
            return try decode(field.bytes, field.escaped)
        } catch {
            table.error(at: column.rawValue, error.message, note: error.note)
            return nil
        }
    }

    private mutating func cell(_ column: ObservationField, _ bytes: UnsafeBufferPointer<UInt8>) -> NumericCell? {
        decoded(column, bytes) { bytes, escaped throws(FieldError) in try column.cell(bytes, escaped: escaped) }
    }

    /// The bytes of `column` in the current record (none when the file lacks the column).
    private func field(_ column: ObservationField, _ bytes: UnsafeBufferPointer<UInt8>) -> (bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        guard let field = table.field(column.rawValue) else { return (UnsafeBufferPointer(start: nil, count: 0), false) }
        return (UnsafeBufferPointer(rebasing: bytes[field.range]), field.hasEscapedQuotes)
    }
}

/// Where the row holding each key (indicator, area, period) was given, for the message
/// that names a duplicate's first line. While keys rise row by row (as exports give
/// them), a new key cannot be a duplicate and nothing is looked up; from the first that
/// does not, the rows' keys are kept in a table.
struct FirstLines {
    /// The rows read before the reporting pass: how many, and where the first began.
    private var rowsBefore = 0
    private var firstRecord = 0
    /// The line of each row read before, worked out when a duplicate names one.
    private var linesBefore: [Int32]?
    /// The line of each row the reporting pass read.
    private var lines: [Int] = []
    private var rising = true
    private var lastKey: UInt64?
    private var rowOfKey: [UInt64: Int]?

    init() {}

    /// After the rows of `table`, whose keys rise row by row when `rising` says so, read
    /// from the record at `firstRecord`.
    init(before table: ObservationTable, rising: Bool, firstRecord: Int) {
        rowsBefore = table.count
        self.firstRecord = firstRecord
        self.rising = rising
        if table.count > 0 { lastKey = table.key(table.count - 1) }
    }

    /// The line of the row that already holds `key`; nil when none does.
    mutating func line(of key: UInt64, in table: ObservationTable, bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if rising, lastKey.map({ key > $0 }) ?? true { return nil }
        if rowOfKey == nil {
            var rows: [UInt64: Int] = [:]
            rows.reserveCapacity(table.count)
            for row in (0..<table.count).reversed() { rows[table.key(row)] = row }
            rowOfKey = rows
        }
        guard let row = rowOfKey![key] else { return nil }
        if row >= rowsBefore { return lines[row - rowsBefore] }
        if linesBefore == nil { linesBefore = Self.recordLines(bytes, from: firstRecord, count: rowsBefore) }
        return Int(linesBefore![row])
    }

    /// Notes a row the reporting pass read.
    mutating func add(_ key: UInt64, line: Int, row: Int) {
        if let last = lastKey, key <= last { rising = false }
        lastKey = key
        lines.append(line)
        if rowOfKey != nil, rowOfKey![key] == nil { rowOfKey![key] = row }
    }

    /// The line each of `count` records starts on, from the record at `start` (on line 2,
    /// after the header) on: records the parallel pass read, so one per line feed outside
    /// quotes, with no blank line and no lone carriage return between them.
    static func recordLines(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> [Int32] {
        var lines: [Int32] = []
        lines.reserveCapacity(count)
        var line: Int32 = 2, inQuotes = false, index = start
        if count > 0 { lines.append(line) }
        while lines.count < count, index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                inQuotes.toggle()
            } else if byte == 0x0A {
                line += 1
                if !inQuotes { lines.append(line) }
            }
            index += 1
        }
        return lines
    }
}
