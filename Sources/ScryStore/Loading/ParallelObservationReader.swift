#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// The fastest path of a large `observations.csv`: the file cut at record ends into one
/// piece per core, its records counted (at memory speed) so that each piece knows which
/// rows of the table are its own, then each piece read on its own thread straight into
/// those rows.
///
/// The file is in memory, or (a file too large to be worth holding whole) read from disk a
/// stretch at a time into a buffer per thread, so that loading needs little memory beyond
/// the table's.
///
/// It takes only files with nothing unusual: a header of known columns, and in every row
/// declared names written exactly (quoted or not, without doubled quotes), plain numbers
/// or symbols, `YYYY-MM` months or labels the indicator reads, RAG letters. Anything else,
/// or any error, and it gives up (nil): the single-threaded reader then reads the file and
/// says what is wrong where, so messages never depend on this path. It gives up too when
/// Ctrl-C asks (`Interruption`), looked at every stretch and every few thousand rows.
struct ParallelObservationReader {
    let input: Input
    let indicators: [Indicator]
    let indicatorNames: [String: Int]
    let areaNames: [String: Int]

    /// Files smaller than this are read by one thread: cutting them gains nothing.
    static let smallestWorthCutting = 4 << 20
    /// How much of a file on disk each thread reads at a time.
    static let stretch = 1 << 20

    init(bytes: [UInt8], indicators: [Indicator], indicatorNames: [String: Int], areaNames: [String: Int]) {
        self.init(input: .memory(bytes), indicators: indicators, indicatorNames: indicatorNames, areaNames: areaNames)
    }

    init(input: Input, indicators: [Indicator], indicatorNames: [String: Int], areaNames: [String: Int]) {
        self.input = input
        self.indicators = indicators
        self.indicatorNames = indicatorNames
        self.areaNames = areaNames
    }

    /// What is read: bytes in memory, or a file on disk and its size when it was found.
    enum Input: Sendable {
        case memory([UInt8])
        case file(path: String, size: Int)

        var count: Int {
            switch self {
            case .memory(let bytes): bytes.count
            case .file(_, let size): size
            }
        }
    }

    /// The observations, or nil when the file is not one this path takes. `pieces`,
    /// `smallest` and `stretch` are for tests: one piece per core, files from 4 MiB, and
    /// 4 MiB at a time from disk (the whole piece at once from memory).
    func read(pieces: Int = min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), smallest: Int = smallestWorthCutting,
              stretch: Int? = nil) -> ObservationTable? {
        guard pieces > 1, input.count >= smallest else { return nil }
        // The threads below are no task's: they look at the flag of the thread that starts them.
        let interruption = Interruption.current
        switch input {
        case .memory(let bytes):
            return bytes.withUnsafeBufferPointer { buffer in
                read(Bytes(memory: buffer, descriptor: -1, count: buffer.count, interruption: interruption), pieces: pieces,
                     stretch: stretch ?? buffer.count)
            }
        case .file(let path, let size):
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            // A file that changed size since it was found goes to the reader that reads it whole.
            var status = stat()
            guard fstat(descriptor, &status) == 0, Int(status.st_size) == size else { return nil }
            return read(Bytes(memory: nil, descriptor: descriptor, count: size, interruption: interruption), pieces: pieces,
                        stretch: stretch ?? Self.stretch)
        }
    }

    private func read(_ bytes: Bytes, pieces: Int, stretch: Int) -> ObservationTable? {
        var scratch: [UInt8] = []
        var header: Header?
        _ = bytes.forEachStretch(0..<min(bytes.count, 1 << 16), of: 1 << 16, &scratch) { _, part in
            header = Header(part)
            return nil
        }
        guard let header, header.end < bytes.count else { return nil }
        // Cut points: the first record end after each even share of the file. A line end
        // inside a quoted field is not one, so the quotes before each guess are counted
        // (in parallel): an odd count means the guess is inside quotes.
        let guesses = (0...pieces).map { header.end + (bytes.count - header.end) * $0 / pieces }
        let quoteCounts = Self.inParallel(pieces) { piece -> Int? in
            var scratch: [UInt8] = [], quotes = 0
            let read = bytes.forEachStretch(guesses[piece]..<guesses[piece + 1], of: stretch, &scratch) { _, part in
                quotes += ByteCounting.quotes(in: part)
                return part.count
            }
            return read ? quotes : nil
        }
        var bounds = [header.end]
        var quotesBefore = 0
        for piece in 1..<pieces {
            guard let quotes = quoteCounts[piece - 1] else { return nil }
            quotesBefore += quotes
            var inQuotes = quotesBefore % 2 == 1
            var lineEnd = bytes.count
            let read = bytes.forEachStretch(guesses[piece]..<bytes.count, of: 1 << 16, &scratch) { start, part in
                for (offset, byte) in part.enumerated() {
                    if byte == 0x22 { inQuotes.toggle() } else if byte == 0x0A, !inQuotes {
                        lineEnd = start + offset
                        return nil
                    }
                }
                return part.count
            }
            guard read else { return nil }
            // The scan past the guess may have passed quotes the next count includes:
            // it started from the guess, so the parity there stays right.
            if lineEnd + 1 > bounds.last!, lineEnd < bytes.count { bounds.append(lineEnd + 1) }
        }
        if bounds.last! < bytes.count { bounds.append(bytes.count) }
        let cuts = bounds, pieceCount = bounds.count - 1
        // Each piece's records, counted first (at memory speed), say where its rows go in
        // the one table every piece writes in place. The count goes a stretch at a time,
        // each ending at its last whole record (the rest of the piece, at its end): those
        // stops are where the reading below goes, so no record is cut.
        let counts = Self.inParallel(pieceCount) { piece -> (records: Int, stops: [Int])? in
            var scratch: [UInt8] = [], records = 0, stops: [Int] = []
            let end = cuts[piece + 1]
            let read = bytes.forEachStretch(cuts[piece]..<end, of: stretch, &scratch) { start, part in
                var inQuotes = false
                let lineEnds = ByteCounting.lineEnds(in: part, inQuotes: &inQuotes)
                if start + part.count == end {
                    records += lineEnds + (part.last == 0x0A ? 0 : 1)
                    stops.append(end)
                    return part.count
                }
                // A record longer than a stretch is for the checked path.
                guard let whole = ByteCounting.lastRecordEnd(in: part, endsInQuotes: inQuotes) else { return 0 }
                records += lineEnds
                stops.append(start + whole)
                return whole
            }
            return read ? (records, stops) : nil
        }
        guard counts.allSatisfy({ $0 != nil }) else { return nil }
        let firstRows = counts.reduce(into: [0]) { $0.append($0.last! + $1!.records) }
        let stops = counts.map { $0!.stops }
        let names = (indicators: NameTable(indicatorNames), areas: NameTable(areaNames))
        let indicators = self.indicators
        var pieceResults: [Piece] = []
        let filled = ObservationTable.filled(rows: firstRows.last!) { slots in
            let results = Self.inParallel(pieceCount) { index -> Piece? in
                var reader = PieceReader(header: header, indicators: indicators, names: names, interruption: bytes.interruption)
                var piece = Piece(rows: firstRows[index]..<firstRows[index + 1])
                var row = piece.rows.lowerBound, start = cuts[index]
                var scratch: [UInt8] = []
                for stop in stops[index] {
                    guard !bytes.interruption.isRequested else { return nil }
                    let read = bytes.with(start..<stop, &scratch) { part in
                        reader.read(part, 0..<part.count, piece: &piece, row: &row, into: slots)
                    }
                    guard read == true else { return nil }
                    start = stop
                }
                return row == piece.rows.upperBound ? piece : nil
            }
            pieceResults = results.compactMap { $0 }
            guard pieceResults.count == pieceCount else { return nil }
            return Self.joinExtras(pieceResults, slots: slots)
        }
        guard let table = filled else { return nil }
        // Duplicates: none when every piece's keys rise and each piece starts above the
        // last; otherwise the keys are sorted and looked at side by side.
        let rising = pieceResults.allSatisfy(\.rising)
            && zip(pieceResults, pieceResults.dropFirst()).allSatisfy { $0.lastKey < $1.firstKey || $1.rows.isEmpty }
        if !rising, table.hasDuplicateKeys() { return nil }
        return table
    }

    /// The bytes read, from memory or from a file, a stretch at a time. Shared by every
    /// thread while the caller keeps the memory or the file open; each thread reads a file
    /// into its own buffer.
    struct Bytes: @unchecked Sendable {
        let memory: UnsafeBufferPointer<UInt8>?
        let descriptor: Int32
        let count: Int
        /// Ctrl-C: each stretch is read only when it has not asked to stop.
        let interruption: Interruption.Flag

        /// `body` of the bytes of `range`; nil when they could not be read whole (the file
        /// shrank). A file's are read into `scratch`.
        func with<Result>(_ range: Range<Int>, _ scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
            if let memory { return body(UnsafeBufferPointer(rebasing: memory[range])) }
            if scratch.count < range.count { scratch = [UInt8](repeating: 0, count: range.count) }
            let read = scratch.withUnsafeMutableBytes { buffer -> Bool in
                var got = 0
                while got < range.count {
                    let now = pread(descriptor, buffer.baseAddress! + got, range.count - got, off_t(range.lowerBound + got))
                    if now < 0, errno == EINTR { continue }
                    guard now > 0 else { return false }
                    got += now
                }
                return true
            }
            guard read else { return nil }
            return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<range.count])) }
        }

        /// Calls `body` with `range` a stretch of at most `length` bytes at a time, each
        /// with where it starts. `body` says how many of its bytes it used (the next stretch
        /// starts after them), or nil to stop. False when a stretch could not be read whole,
        /// `body` used none of one, or Ctrl-C asked to stop.
        func forEachStretch(_ range: Range<Int>, of length: Int, _ scratch: inout [UInt8],
                            _ body: (_ start: Int, _ part: UnsafeBufferPointer<UInt8>) -> Int?) -> Bool {
            var start = range.lowerBound
            while start < range.upperBound {
                guard !interruption.isRequested else { return false }
                guard let used = with(start..<min(range.upperBound, start + length), &scratch, { body(start, $0) }) else { return false }
                guard let used else { return true }
                guard used > 0 else { return false }
                start += used
            }
            return true
        }
    }

    /// `work` of 0 ..< `count`, on as many threads as there are processors, in order.
    static func inParallel<Result: Sendable>(_ count: Int, _ work: @Sendable (Int) -> Result) -> [Result] {
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = work(index)
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// The pieces' target and floor dictionaries made one (the first piece's, grown by the
    /// others' cells in their order, as one reader would have met them), the codes of the
    /// other pieces' rows rewritten to match, and their notes joined.
    static func joinExtras(_ pieces: [Piece], slots: ObservationTable.ColumnSlots) -> ObservationTable.FilledExtras {
        var extras = ObservationTable.FilledExtras(target: pieces[0].target, floor: pieces[0].floor, note: pieces[0].note)
        for piece in pieces.dropFirst() {
            let targets = extras.target.codes(for: piece.target), floors = extras.floor.codes(for: piece.floor)
            for (map, codes) in [(targets, slots.target), (floors, slots.floor)] where !map.indices.elementsEqual(map.lazy.map(Int.init)) {
                for row in piece.rows { codes[row] = map[Int(codes[row])] }
            }
            extras.note.append(contentsOf: piece.note, rowOffset: 0)
        }
        return extras
    }

    /// The header: which field of a row is which column.
    struct Header: Sendable {
        /// For each column of `DatasetLoader.observationColumns`, its field, or nil.
        var fields: [Int?]
        var width: Int
        /// Where the first row starts.
        var end: Int

        init?(_ file: UnsafeBufferPointer<UInt8>) {
            guard let newline = memchr(file.baseAddress!, 0x0A, file.count) else { return nil }
            var length = file.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            end = length + 1
            if length > 0, file[length - 1] == 0x0D { length -= 1 }
            let names = String(decoding: UnsafeBufferPointer(rebasing: file[0..<length]), as: UTF8.self)
                .split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            let known = DatasetLoader.observationColumns.map(\.name)
            guard Set(names).count == names.count, names.allSatisfy(known.contains) else { return nil }
            fields = known.map { names.firstIndex(of: $0) }
            width = names.count
            guard zip(DatasetLoader.observationColumns, fields).allSatisfy({ !$0.required || $1 != nil }) else { return nil }
        }
    }

    /// What a piece leaves besides the rows it wrote: the dictionaries its target and
    /// floor codes point into, its notes, and whether its keys (indicator, area, period)
    /// rise row by row.
    struct Piece: Sendable {
        var rows: Range<Int>
        var target = DictionaryNumericColumn(), floor = DictionaryNumericColumn()
        var note = SparseTextColumn()
        var rising = true
        var firstKey: UInt64 = 0
        var lastKey: UInt64 = 0
    }

    /// Declared names by their bytes, read by every thread.
    struct NameTable: Sendable {
        private var slots: [UInt64: [(name: [UInt8], index: Int)]] = [:]

        init(_ names: [String: Int]) {
            for (name, index) in names {
                let bytes = Array(name.utf8)
                bytes.withUnsafeBufferPointer { slots[ByteNameTable.hash($0), default: []].append((bytes, index)) }
            }
        }

        func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            guard let candidates = slots[ByteNameTable.hash(bytes)] else { return nil }
            for candidate in candidates where candidate.name.count == bytes.count {
                if bytes.isEmpty || candidate.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                    return candidate.index
                }
            }
            return nil
        }
    }

    /// Reads one piece, a stretch of whole records at a time, line by line.
    struct PieceReader {
        /// The stretch being read.
        var file = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        let header: Header
        let indicators: [Indicator]
        let names: (indicators: NameTable, areas: NameTable)
        let interruption: Interruption.Flag
        private var periods: [DatasetLoader.PeriodCacheKey: Period] = [:]

        init(header: Header, indicators: [Indicator], names: (indicators: NameTable, areas: NameTable), interruption: Interruption.Flag) {
            self.header = header
            self.indicators = indicators
            self.names = names
            self.interruption = interruption
        }

        /// Reads the records of `range` of `stretch` into the table from `row` on, at most to
        /// the piece's last row: false when there are more, or anything is unusual.
        mutating func read(_ stretch: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, piece: inout Piece, row: inout Int,
                           into slots: ObservationTable.ColumnSlots) -> Bool {
            file = stretch
            let rows = piece.rows
            let width = header.width
            // Field i of a record is lower[i] ..< upper[i].
            let lower = UnsafeMutableBufferPointer<Int>.allocate(capacity: width), upper = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
            defer {
                lower.deallocate()
                upper.deallocate()
            }
            let column = header.fields.map { $0 ?? -1 }
            // Ranges of this stretch's bytes: the names of the stretch before are not kept.
            var lastIndicator: (Range<Int>, Int)?, lastArea: (Range<Int>, Int)?
            var index = range.lowerBound
            let end = range.upperBound
            var previousKey = piece.lastKey
            while index < end {
                // Ctrl-C, every few thousand rows (a piece in memory is one long stretch).
                if row & 0x3FFF == 0, interruption.isRequested { return false }
                // One record's fields, each quoted or not; a doubled quote inside one, or a
                // quote inside an unquoted one, is for the checked path.
                var field = 0
                while true {
                    guard field < width else { return false }
                    if file[index] == 0x22 {
                        lower[field] = index + 1
                        guard let quote = memchr(file.baseAddress! + index + 1, 0x22, end - index - 1) else { return false }
                        let closing = file.baseAddress!.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                        upper[field] = closing
                        index = closing + 1
                        // A carriage return only as part of a CRLF line end (alone, it ends a
                        // line for the checked reader).
                        if index + 1 < end, file[index] == 0x0D, file[index + 1] == 0x0A { index += 1 }
                        guard index >= end || file[index] == UInt8(ascii: ",") || file[index] == 0x0A else { return false }
                    } else {
                        lower[field] = index
                        index = ByteCounting.nextDelimiter(file.baseAddress!, from: index, before: end)
                        upper[field] = index
                        if index < end, file[index] == 0x22 { return false }
                        // A carriage return only as part of a CRLF line end.
                        if index < end, file[index] == 0x0D {
                            guard index + 1 < end, file[index + 1] == 0x0A else { return false }
                            index += 1
                        }
                    }
                    if index < end, file[index] == UInt8(ascii: ",") {
                        index += 1
                        field += 1
                        if index >= end { return false }
                        continue
                    }
                    index += 1  // the line end
                    break
                }
                guard field == width - 1 else { return false }

                var ranges: (Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?)
                func range(_ name: Int) -> Range<Int>? {
                    let field = column[name]
                    return field < 0 ? nil : lower[field]..<upper[field]
                }
                ranges = (range(0), range(1), range(2), range(3), range(4), range(5), range(6), range(7), range(8), range(9))
                guard let indicator = Self.name(ranges.0!, file, names.indicators, &lastIndicator),
                      let area = Self.name(ranges.1!, file, names.areas, &lastArea),
                      let period = period(ranges.2!, indicator: indicator),
                      let value = Self.cell(ranges.3, file), let numerator = Self.cell(ranges.4, file),
                      let denominator = Self.cell(ranges.5, file), let target = Self.cell(ranges.6, file),
                      let floor = Self.cell(ranges.7, file), let rag = Self.rag(ranges.8, file)
                else { return false }
                var note = ""
                if let range = ranges.9, !range.isEmpty {
                    // Trimmed as the checked path trims every field.
                    note = String(decoding: UnsafeBufferPointer(rebasing: file[range]), as: UTF8.self).trimmed
                }
                let key = UInt64(indicator) << 48 | UInt64(area) << 32 | UInt64(period.raw)
                if row == rows.lowerBound { piece.firstKey = key } else if key <= previousKey { piece.rising = false }
                previousKey = key
                guard row < rows.upperBound else { return false }
                slots.write(row, indicator: indicator, area: area, period: period, value: value, numerator: numerator,
                            denominator: denominator, target: target.state == .blank ? 0 : piece.target.code(for: target),
                            floor: floor.state == .blank ? 0 : piece.floor.code(for: floor), rag: rag)
                if !note.isEmpty { piece.note.append(note, at: row) }
                row += 1
            }
            piece.lastKey = previousKey
            return true
        }

        private static func name(_ range: Range<Int>, _ file: UnsafeBufferPointer<UInt8>, _ table: NameTable,
                                 _ last: inout (Range<Int>, Int)?) -> Int? {
            if let (previous, index) = last, FieldBytes.equal(file, previous, range) { return index }
            guard let index = table.index(of: UnsafeBufferPointer(rebasing: file[range])) else { return nil }
            last = (range, index)
            return index
        }

        private mutating func period(_ range: Range<Int>, indicator: Int) -> Period? {
            if let month = FieldBytes.month(file, range) { return month }
            guard let first = range.first, file[first] != 0x20, file[range.upperBound - 1] != 0x20 else { return nil }
            let label = String(decoding: UnsafeBufferPointer(rebasing: file[range]), as: UTF8.self)
            let key = DatasetLoader.PeriodCacheKey(reading: indicators[indicator].periodReading, label: label)
            if let known = periods[key] { return known }
            guard let period = try? indicators[indicator].period(label) else { return nil }
            periods[key] = period
            return period
        }

        private static func cell(_ range: Range<Int>?, _ file: UnsafeBufferPointer<UInt8>) -> NumericCell? {
            guard let range, !range.isEmpty else { return .blank }
            let bytes = UnsafeBufferPointer(rebasing: file[range])
            if let number = NumberParsing.parse(bytes) { return number.isFinite ? NumericCell(value: number) : nil }
            guard range.count <= 3, let state = CellState(symbol: String(decoding: bytes, as: UTF8.self)) else { return nil }
            return .missing(state)
        }

        private static func rag(_ range: Range<Int>?, _ file: UnsafeBufferPointer<UInt8>) -> RAG? {
            guard let range, !range.isEmpty else { return RAG.none }
            guard range.count == 1 else { return RAG(code: String(decoding: UnsafeBufferPointer(rebasing: file[range]), as: UTF8.self)) }
            return FieldBytes.ragLetter(file, range)
        }
    }
}

extension ObservationTable {
    /// Whether two rows share indicator, area and period.
    func hasDuplicateKeys() -> Bool {
        var keys = (0..<count).map { UInt64(indicator[$0]) << 48 | UInt64(area[$0]) << 32 | UInt64(period[$0]) }
        keys.sort()
        return zip(keys, keys.dropFirst()).contains { $0 == $1 }
    }
}
