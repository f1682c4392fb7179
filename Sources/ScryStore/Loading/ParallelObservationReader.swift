#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// The fastest path of a large `observations.csv`: the file cut at line ends into one
/// piece per core, each piece read into columns of its own on its own thread, the columns
/// then joined in order.
///
/// It takes only files with nothing unusual: no quote anywhere (so every line end ends a
/// record), a header of known columns, and in every row declared names written exactly,
/// plain numbers or symbols, `YYYY-MM` months or labels the indicator reads, RAG letters.
/// Anything else, or any error, and it gives up (nil): the single-threaded reader then
/// reads the file and says what is wrong where, so messages never depend on this path.
struct ParallelObservationReader {
    let bytes: [UInt8]
    let indicators: [Indicator]
    let indicatorNames: [String: Int]
    let areaNames: [String: Int]

    /// Files smaller than this are read by one thread: cutting them gains nothing.
    static let smallestWorthCutting = 4 << 20

    /// The observations, or nil when the file is not one this path takes. `pieces` and
    /// `smallest` are for tests: one piece per core, and files from 4 MiB.
    func read(pieces: Int = min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), smallest: Int = smallestWorthCutting) -> ObservationTable? {
        guard pieces > 1, bytes.count >= smallest else { return nil }
        return bytes.withUnsafeBufferPointer { file -> ObservationTable? in
            guard let header = Header(file), header.end < file.count else { return nil }
            let shared = SharedBytes(buffer: file)
            // Cut points: the first record end after each even share of the file. A line end
            // inside a quoted field is not one, so the quotes before each guess are counted
            // (in parallel): an odd count means the guess is inside quotes.
            let guesses = (0...pieces).map { header.end + (file.count - header.end) * $0 / pieces }
            let quoteCounts = Self.inParallel(pieces) { piece in
                ByteCounting.quotes(in: UnsafeBufferPointer(rebasing: shared.buffer[guesses[piece]..<guesses[piece + 1]]))
            }
            var bounds = [header.end]
            var quotesBefore = 0
            for piece in 1..<pieces {
                quotesBefore += quoteCounts[piece - 1]
                var inQuotes = quotesBefore % 2 == 1
                var index = guesses[piece]
                while index < file.count, inQuotes || file[index] != 0x0A {
                    if file[index] == 0x22 { inQuotes.toggle() }
                    index += 1
                }
                // The scan past the guess may have passed quotes the next count includes:
                // it started from the guess, so the parity there stays right.
                if index + 1 > bounds.last!, index < file.count { bounds.append(index + 1) }
            }
            if bounds.last! < file.count { bounds.append(file.count) }
            let cuts = bounds, pieceCount = bounds.count - 1
            // Each piece's records, counted first (at memory speed), say where its rows go in
            // the one table every piece writes in place.
            let records = Self.inParallel(pieceCount) { piece in
                ByteCounting.records(in: UnsafeBufferPointer(rebasing: shared.buffer[cuts[piece]..<cuts[piece + 1]]))
            }
            let firstRows = records.reduce(into: [0]) { $0.append($0.last! + $1) }
            let names = (indicators: NameTable(indicatorNames), areas: NameTable(areaNames))
            let indicators = self.indicators
            var pieceResults: [Piece] = []
            let filled = ObservationTable.filled(rows: firstRows.last!) { slots in
                let results = Self.inParallel(pieceCount) { piece -> Piece? in
                    var reader = PieceReader(file: shared.buffer, header: header, indicators: indicators, names: names)
                    return reader.read(cuts[piece]..<cuts[piece + 1], rows: firstRows[piece]..<firstRows[piece + 1], into: slots)
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

    /// The file's bytes, read by every thread while the caller keeps them alive.
    struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
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

    /// Reads one piece, line by line.
    struct PieceReader {
        let file: UnsafeBufferPointer<UInt8>
        let header: Header
        let indicators: [Indicator]
        let names: (indicators: NameTable, areas: NameTable)
        private var periods: [DatasetLoader.PeriodCacheKey: Period] = [:]

        init(file: UnsafeBufferPointer<UInt8>, header: Header, indicators: [Indicator], names: (indicators: NameTable, areas: NameTable)) {
            self.file = file
            self.header = header
            self.indicators = indicators
            self.names = names
        }

        /// Reads the records of `range` of the file into `rows` of the table: nil when they
        /// are not exactly that many, or anything is unusual.
        mutating func read(_ range: Range<Int>, rows: Range<Int>, into slots: ObservationTable.ColumnSlots) -> Piece? {
            var piece = Piece(rows: rows)
            var row = rows.lowerBound
            let width = header.width
            // Field i of a record is lower[i] ..< upper[i].
            let lower = UnsafeMutableBufferPointer<Int>.allocate(capacity: width), upper = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
            defer {
                lower.deallocate()
                upper.deallocate()
            }
            let column = header.fields.map { $0 ?? -1 }
            var lastIndicator: (Range<Int>, Int)?, lastArea: (Range<Int>, Int)?
            var index = range.lowerBound
            let end = range.upperBound
            var previousKey: UInt64 = 0
            while index < end {
                // One record's fields, each quoted or not; a doubled quote inside one, or a
                // quote inside an unquoted one, is for the checked path.
                var field = 0
                while true {
                    guard field < width else { return nil }
                    if file[index] == 0x22 {
                        lower[field] = index + 1
                        guard let quote = memchr(file.baseAddress! + index + 1, 0x22, end - index - 1) else { return nil }
                        let closing = file.baseAddress!.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                        upper[field] = closing
                        index = closing + 1
                        if index < end, file[index] == 0x0D { index += 1 }
                        guard index >= end || file[index] == UInt8(ascii: ",") || file[index] == 0x0A else { return nil }
                    } else {
                        lower[field] = index
                        while index < end, file[index] != UInt8(ascii: ","), file[index] != 0x0A {
                            if file[index] == 0x22 { return nil }
                            index += 1
                        }
                        upper[field] = index
                        // A CRLF line end.
                        if index >= end || file[index] == 0x0A, upper[field] > lower[field], file[upper[field] - 1] == 0x0D { upper[field] -= 1 }
                    }
                    if index < end, file[index] == UInt8(ascii: ",") {
                        index += 1
                        field += 1
                        if index >= end { return nil }
                        continue
                    }
                    index += 1  // the line end
                    break
                }
                guard field == width - 1 else { return nil }

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
                else { return nil }
                var note = ""
                if let range = ranges.9, !range.isEmpty {
                    // A note with spaces around it goes to the checked path, which trims.
                    guard file[range.lowerBound] != 0x20, file[range.upperBound - 1] != 0x20 else { return nil }
                    note = String(decoding: UnsafeBufferPointer(rebasing: file[range]), as: UTF8.self)
                }
                let key = UInt64(indicator) << 48 | UInt64(area) << 32 | UInt64(period.raw)
                if row == rows.lowerBound { piece.firstKey = key } else if key <= previousKey { piece.rising = false }
                previousKey = key
                guard row < rows.upperBound else { return nil }
                slots.write(row, indicator: indicator, area: area, period: period, value: value, numerator: numerator,
                            denominator: denominator, target: target.state == .blank ? 0 : piece.target.code(for: target),
                            floor: floor.state == .blank ? 0 : piece.floor.code(for: floor), rag: rag)
                if !note.isEmpty { piece.note.append(note, at: row) }
                row += 1
            }
            guard row == rows.upperBound else { return nil }
            piece.lastKey = previousKey
            return piece
        }

        private static func name(_ range: Range<Int>, _ file: UnsafeBufferPointer<UInt8>, _ table: NameTable,
                                 _ last: inout (Range<Int>, Int)?) -> Int? {
            if let (previous, index) = last, previous.count == range.count,
               memcmp(file.baseAddress! + previous.lowerBound, file.baseAddress! + range.lowerBound, range.count) == 0 {
                return index
            }
            guard let index = table.index(of: UnsafeBufferPointer(rebasing: file[range])) else { return nil }
            last = (range, index)
            return index
        }

        private mutating func period(_ range: Range<Int>, indicator: Int) -> Period? {
            if range.count == 7, file[range.lowerBound + 4] == UInt8(ascii: "-") {
                var digits = 0
                for offset in [0, 1, 2, 3, 5, 6] {
                    let digit = file[range.lowerBound + offset] &- 48
                    guard digit <= 9 else { return nil }
                    digits = digits * 10 + Int(digit)
                }
                return Period.month(digits / 100, digits % 100)
            }
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
            switch file[range.lowerBound] | 0x20 {
            case UInt8(ascii: "r"): return .red
            case UInt8(ascii: "a"): return .amber
            case UInt8(ascii: "g"): return .green
            default: return nil
            }
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
