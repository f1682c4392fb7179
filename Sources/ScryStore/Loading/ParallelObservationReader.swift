/// The parallel pass of `observations.csv`: the file cut at record ends into one piece
/// per core, its records counted (at memory speed) so that each piece knows which rows of
/// the table are its own, then each piece read on its own thread straight into those rows.
/// A file smaller than `smallestWorthCutting` is one piece.
///
/// The file is in memory, or (a file too large to be worth holding whole) read from disk a
/// stretch at a time into a buffer per thread, so that loading needs little memory beyond
/// the table's.
///
/// Every field is read by the decoders of `ObservationField`, as the reporting pass
/// (`ObservationReader`) reads it. What this pass does not take is a header other than
/// known columns, and records with anything unusual in their shape (a doubled quote, a
/// lone carriage return, a blank line, a field count other than the header's) or a name
/// not written exactly as declared, or any field its decoder refuses, or a duplicate. It
/// then stops at the first such record, keeps the rows before it, and says where the
/// reporting pass goes on (`Resume`): that pass reads the rest, and says what is wrong
/// where, so messages never depend on this path. It gives up (nil) on a header it does
/// not take, a file that changed size, a record longer than a stretch, and when Ctrl-C asks
/// (`Interruption`), looked at every stretch and every few thousand rows.
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

    /// Where the reporting pass goes on from: the record at byte `offset`, after the rows
    /// this pass read before it.
    struct Resume {
        var offset: Int
        /// Where the first record starts (after the header).
        var firstRecord: Int
        /// Whether the keys of the rows read before rise row by row.
        var rising: Bool
    }

    /// Every row, or the rows before the record where the reporting pass goes on.
    enum Outcome {
        case table(ObservationTable)
        case resume(ObservationTable, Resume)
    }

    /// The observations, or nil when this pass left any part of the file to the reporting
    /// pass. `pieces`, `smallest` and `stretch` are for tests: one piece per core, files
    /// from 4 MiB, and 1 MiB at a time from disk (the whole piece at once from memory).
    func read(pieces: Int = Self.processors, smallest: Int = smallestWorthCutting, stretch: Int? = nil) -> ObservationTable? {
        guard case .table(let table)? = readOrResume(pieces: pieces, smallest: smallest, stretch: stretch) else { return nil }
        return table
    }

    static var processors: Int { min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The observations, or those before the record where the reporting pass goes on; nil
    /// when the file is not one this pass takes at all.
    func readOrResume(pieces: Int = Self.processors, smallest: Int = smallestWorthCutting, stretch: Int? = nil) -> Outcome? {
        let pieces = input.count >= smallest ? max(1, pieces) : 1
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

    private func read(_ bytes: Bytes, pieces: Int, stretch: Int) -> Outcome? {
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
        let quoteCounts = ParallelWork.map(pieces) { piece -> Int? in
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
        let counts = ParallelWork.map(pieceCount) { piece -> (records: Int, stops: [Int])? in
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
                // A record longer than a stretch is for the reporting pass.
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
        let names = (indicators: DeclaredNames.indicators(indicatorNames), areas: DeclaredNames.areas(areaNames))
        let indicators = self.indicators
        var pieceResults: [Piece] = []
        let filled = ObservationTable.filled(rows: firstRows.last!) { slots in
            let results = ParallelWork.map(pieceCount) { index -> Piece? in
                var reader = PieceReader(header: header, indicators: indicators, names: names, interruption: bytes.interruption)
                var piece = Piece(rows: firstRows[index]..<firstRows[index + 1])
                var row = piece.rows.lowerBound, start = cuts[index]
                var scratch: [UInt8] = []
                for stop in stops[index] {
                    guard !bytes.interruption.isRequested else { return nil }
                    let read = bytes.with(start..<stop, &scratch) { part in
                        reader.read(part, at: start, piece: &piece, row: &row, into: slots)
                    }
                    guard let read else { return nil }
                    guard read else {
                        // Stopped at a record: the rows before it are the piece's.
                        guard piece.stoppedAt != nil else { return nil }
                        piece.rows = piece.rows.lowerBound..<row
                        return piece
                    }
                    start = stop
                }
                return row == piece.rows.upperBound ? piece : nil
            }
            guard results.allSatisfy({ $0 != nil }) else { return nil }
            // The pieces after the first that stopped are the reporting pass's.
            pieceResults = Array(results.map { $0! }.prefix { $0.stoppedAt == nil })
            if pieceResults.count < pieceCount { pieceResults.append(results[pieceResults.count]!) }
            return Self.joinExtras(pieceResults, slots: slots)
        }
        guard var table = filled else { return nil }
        // Where the reporting pass goes on: the record a piece stopped at, or else, when
        // two rows share a key, the start of the piece that holds the second. Duplicates:
        // none when the keys rise (within every piece, and from each to the next);
        // otherwise the keys are sorted and looked at side by side.
        var resume: (offset: Int, rows: Int)?
        if let last = pieceResults.last, let offset = last.stoppedAt { resume = (offset, last.rows.upperBound) }
        let rows = resume?.rows ?? table.count
        if !Self.rise(pieceResults), table.hasDuplicateKeys(rows: rows), let repeated = table.firstRepeatedRow(rows: rows) {
            let piece = pieceResults.lastIndex { $0.rows.lowerBound <= repeated }!
            resume = (cuts[piece], pieceResults[piece].rows.lowerBound)
        }
        guard let resume else { return .table(table) }
        // The rows from there on were not all written: they are dropped unread.
        table.keepFirst(resume.rows)
        let before = pieceResults.filter { $0.rows.upperBound <= resume.rows }
        return .resume(table, Resume(offset: resume.offset, firstRecord: header.end, rising: Self.rise(before)))
    }

    /// Whether the keys of the pieces' rows rise: within each piece, and from each to the next.
    private static func rise(_ pieces: [Piece]) -> Bool {
        let pieces = pieces.filter { !$0.rows.isEmpty }
        return pieces.allSatisfy(\.rising) && zip(pieces, pieces.dropFirst()).allSatisfy { $0.lastKey < $1.firstKey }
    }

    /// The bytes read, from memory or from a file, a stretch at a time. Read by every
    /// thread (`ParallelWork`) while the caller keeps the memory or the file open; each
    /// thread reads a file into its own buffer.
    struct Bytes {
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
}

extension ObservationTable {
    /// Whether two of the first `rows` rows share indicator, area and period.
    func hasDuplicateKeys(rows: Int) -> Bool {
        var keys = (0..<rows).map { key($0) }
        keys.sort()
        return zip(keys, keys.dropFirst()).contains { $0 == $1 }
    }

    /// The first of the first `rows` rows whose key an earlier row holds.
    func firstRepeatedRow(rows: Int) -> Int? {
        var keys = (0..<rows).map { (key: key($0), row: $0) }
        keys.sort { ($0.key, $0.row) < ($1.key, $1.row) }
        return zip(keys, keys.dropFirst()).lazy.filter { $0.key == $1.key }.map(\.1.row).min()
    }

    /// The key of a row: indicator, area and period (`observationKey`).
    func key(_ row: Int) -> UInt64 {
        observationKey(indicator: Int(indicator[row]), area: Int(area[row]), period: Period(raw: period[row]))
    }

    /// Drops the rows from `rows` on.
    mutating func keepFirst(_ rows: Int) {
        guard rows < count else { return }
        indicator.removeSubrange(rows...)
        area.removeSubrange(rows...)
        period.removeSubrange(rows...)
        for (_, column) in Self.figureColumns {
            self[keyPath: column].values.removeSubrange(rows...)
            self[keyPath: column].states.removeSubrange(rows...)
        }
        for (_, column) in Self.standardColumns { self[keyPath: column].codes.removeSubrange(rows...) }
        rag.removeSubrange(rows...)
        let notes = note.rows.firstIndex { Int($0) >= rows } ?? note.rows.count
        note.rows.removeSubrange(notes...)
        note.texts.removeSubrange(notes...)
    }
}
