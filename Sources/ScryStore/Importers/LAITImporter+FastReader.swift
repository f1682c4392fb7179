import Synchronization

extension LAITImporter {
    /// The fast path of `bds_long.csv`: one pass over the file's bytes, split across the
    /// processors at record boundaries, that makes a string only for a measure, label or
    /// area it has not met before. It reads every field through the decoders of
    /// `DataField`, as the reporting reader (`DataReader`) does, and stops at anything
    /// unusual (a field count, a quote or a line end out of place, an unknown measure, a
    /// value that is neither a number nor a symbol, a duplicate, a doubled quote in a
    /// measure, label, area or value, ...): the reporting reader then goes on from the
    /// start of the stretch where it stopped, with what the stretches before met, so that
    /// every message is that reader's and a load stays all or nothing.
    ///
    /// Most of a record is foreseen: its measure, label and data item are the record
    /// before's, its area the one that followed the record before's area last time (every
    /// year lists the areas in the same order), and its LA number and region that area's.
    /// A foreseen field is compared with the bytes, not scanned; a label is read once per
    /// year type; lines and columns are counted only for the places a message may need.
    enum FastReader {
        /// The stretch of the file below which one processor reads it all.
        static let bytesPerChunk = 4 << 20

        /// What the fast reader leaves.
        enum Outcome {
            /// Every record read and staged: the warnings.
            case staged([LoadIssue])
            /// The stretches before the one where it stopped staged; the reporting reader
            /// goes on from there, knowing what they met.
            case resume(DataReader)
        }

        /// Reads the observations, indicators and areas into `staged`; nil (with `staged`
        /// unchanged) when the header or the first stretch holds anything the fast path
        /// leaves to the reporting reader. `splits` (for tests) are byte offsets after which
        /// stretches start, instead of one per processor.
        static func read(_ source: DatasetSource, measures: [String: Measure], into staged: inout StagedDataset, splits: [Int]? = nil) -> Outcome? {
            var table = TableReader(file: source.path(of: LAITImporter.dataFile), bytes: source.files[LAITImporter.dataFile] ?? [])
            guard table.readHeader(DataField.columns) else { return nil }
            let header = table.record
            guard header.fields.count <= 64, let layout = Layout(positions: table.positions, width: header.fields.count) else { return nil }
            return table.reader.bytes.withUnsafeBufferPointer { bytes -> Outcome? in
                // The first record starts after the header's line end (a lone CR would end
                // a line that the fast path does not count).
                var start = header.end
                if start < bytes.count, bytes[start] == 0x0D {
                    guard start + 1 < bytes.count, bytes[start + 1] == 0x0A else { return nil }
                    start += 2
                } else if start < bytes.count {
                    start += 1
                }
                let (chunks, stopped) = readChunks(bytes, from: start, layout: layout, measures: measures, splits: splits)
                var join = Join(), taken = 0, resume = stopped
                for chunk in chunks {
                    // A stretch that repeats a figure of one before is read again whole.
                    guard join.absorb(chunk) else { resume = chunk.start; break }
                    taken += 1
                }
                guard let resume else { return .staged(join.stage(chunks, into: &staged, table: table)) }
                guard taken > 0 else { return nil }
                if taken < chunks.count {
                    // The stretch that repeats a figure was part taken in: the ones before, again.
                    join = Join()
                    for chunk in chunks.prefix(taken) { _ = join.absorb(chunk) }
                }
                var reader = DataReader(source: source, measures: measures)
                join.seed(&reader, from: resume, Array(chunks.prefix(taken)), into: &staged, table: table)
                return .resume(reader)
            }
        }

        /// The records from `start`, in up to one stretch per processor, each read on its
        /// own from the first line start after its share of the bytes; in file order, up to
        /// the first that stopped at a record, whose start is given. A stretch that does not
        /// begin where the one before ended (its line start was inside a quoted field) is
        /// read again from there.
        private static func readChunks(
            _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, layout: Layout, measures: [String: Measure], splits: [Int]?
        ) -> (chunks: [Chunk], stoppedAt: Int?) {
            let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            let shares = min(processors, 8, max(1, (bytes.count - start) / bytesPerChunk))
            var starts = [start]
            for split in splits ?? (1..<shares).map({ start + (bytes.count - start) / shares * $0 }) where split >= start {
                var lineStart = split
                while lineStart < bytes.count, bytes[lineStart] != 0x0A { lineStart += 1 }
                starts.append(min(lineStart + 1, bytes.count))
            }
            starts.sort()
            starts.append(bytes.count)
            let count = starts.count - 1
            // The threads below are no task's: they look at the flag of the thread that starts them.
            let interruption = Interruption.current
            func chunk(from start: Int, until limit: Int) -> Chunk {
                var chunk = Chunk(bytes: bytes, layout: layout, measures: measures, start: start, expectedRows: (limit - start) / 50,
                                  interruption: interruption)
                chunk.read(until: limit)
                return chunk
            }
            let read = ParallelWork.map(count) { chunk(from: starts[$0], until: starts[$0 + 1]) }
            var chunks: [Chunk] = []
            for index in 0..<count {
                var next = read[index]
                if let before = chunks.last, next.firstRecord != before.position {
                    next = chunk(from: before.position, until: starts[index + 1])
                }
                guard !next.failed else { return (chunks, next.start) }
                chunks.append(next)
            }
            return (chunks, nil)
        }

        /// Which field of a record holds each of `DataField.columns`, what each field is, and
        /// how fields are foreseen.
        struct Layout {
            enum Role { case code, item, label, area, value, number, region, other }
            var width: Int
            var code: Int, item: Int?, label: Int, area: Int, value: Int, number: Int?, region: Int?
            var roles: [Role]

            /// Adjacent fields foreseen alike, compared at once: the record before's (the
            /// measure, data item and label, and any column scry does not read); the area
            /// that followed the record before's area last time; that area's own LA number
            /// and region (when they come after its name); or none (the value).
            struct Run {
                enum Source { case previous, area, areaTail, none }
                var first: Int
                var last: Int
                var source: Source
            }
            var runs: [Run] = []

            init?(positions: [Int?], width: Int) {
                guard positions.count == 7, let code = positions[0], let label = positions[2], let area = positions[3],
                      let value = positions[4] else { return nil }
                self.width = width
                self.code = code
                item = positions[1]
                self.label = label
                self.area = area
                self.value = value
                number = positions[5]
                region = positions[6]
                roles = Array(repeating: .other, count: width)
                for (role, position) in zip([Role.code, .item, .label, .area, .value, .number, .region], positions) {
                    if let position { roles[position] = role }
                }
                for field in 0..<width {
                    let source: Run.Source
                    switch roles[field] {
                    case .value: source = .none
                    case .area: source = .area
                    case .number, .region: source = field > area ? .areaTail : .previous
                    default: source = .previous
                    }
                    if let last = runs.last, last.source == source, source == .previous || source == .areaTail {
                        runs[runs.count - 1].last = field
                    } else {
                        runs.append(Run(first: field, last: field, source: source))
                    }
                }
            }
        }
    }
}

extension LAITImporter.FastReader {
    /// The stretches taken in, in file order: measures and areas numbered in the order the
    /// file meets them (as the reporting reader numbers them), each stretch's own numbers
    /// mapped to these, and the labels that are no period.
    struct Join {
        var measuresMet: [MeasureMet] = []
        var measureIndex: [String: Int] = [:]
        var areasMet: [AreaMet] = []
        var areaNames = ByteNameTable()
        var blocks: [UInt64: Int] = [:]
        var blockBits: [UInt64] = []
        var unreadable: [String: Unreadable] = [:]
        /// For each stretch taken in: its measure and area numbers → these.
        var maps: [(measures: [UInt16], areas: [UInt16])] = []

        /// Takes in the stretch that follows those taken in; false when it repeats a figure
        /// one of them gave.
        mutating func absorb(_ chunk: Chunk) -> Bool {
            let measureMap = chunk.measuresMet.map { met -> UInt16 in
                if let known = measureIndex[met.code] { return UInt16(known) }
                measureIndex[met.code] = measuresMet.count
                measuresMet.append(met)
                return UInt16(measuresMet.count - 1)
            }
            var areaMap: [UInt16] = []
            for met in chunk.areasMet {
                let (id, isNew) = areaNames.id(of: UnsafeBufferPointer(rebasing: chunk.bytes[met.field.content]))
                if isNew {
                    guard id < Chunk.maximumAreas else { return false }
                    areasMet.append(met)
                }
                areaMap.append(UInt16(id))
            }
            let words = Chunk.blockWords
            for (key, local) in chunk.blocks {
                let global = UInt64(measureMap[Int(key >> 32)]) << 32 | key & 0xFFFF_FFFF
                let block: Int
                if let known = blocks[global] {
                    block = known
                } else {
                    block = blocks.count
                    blocks[global] = block
                    blockBits.append(contentsOf: repeatElement(0, count: words))
                }
                for word in 0..<words {
                    var bits = chunk.blockBits[local * words + word]
                    while bits != 0 {
                        let area = Int(areaMap[word << 6 + bits.trailingZeroBitCount])
                        bits &= bits - 1
                        let index = block * words + area >> 6, bit = UInt64(1) << UInt64(area & 63)
                        if blockBits[index] & bit != 0 { return false }
                        blockBits[index] |= bit
                    }
                }
            }
            for (key, entry) in chunk.unreadable {
                if unreadable[key] != nil { unreadable[key]!.count += entry.count } else { unreadable[key] = entry }
            }
            maps.append((measureMap, areaMap))
            return true
        }

        /// Fills `staged` as the reporting reader would: indicators and areas in the order met,
        /// the observations of every stretch in file order, and the warnings (labels that
        /// are no period, then authorities without a region).
        func stage(_ chunks: [Chunk], into staged: inout StagedDataset, table: TableReader) -> [LoadIssue] {
            let lines = stageMet(chunks, into: &staged, table: table, also: [])
            func located(_ place: FieldPlace, _ message: String) -> LoadIssue { lines.located(place, message, table: table) }
            var issues = table.issues
            for entry in unreadable.values.sorted(by: { $0.field.start < $1.field.start }) {
                var issue = located(entry.field, entry.message)
                issue.severity = .warning
                issue.message += ": \(entry.count) row\(entry.count == 1 ? "" : "s") with this label left out"
                issues.append(issue)
            }
            issues += LAITImporter.DataReader.linkAreas(&staged, regions: areasMet.map(\.region))
            return issues
        }

        /// Stages the stretches taken in, as `stage` does but for the warnings, and readies
        /// `reader` to go on from the record at byte `offset` with the measures, areas,
        /// figures and labels they met.
        func seed(_ reader: inout LAITImporter.DataReader, from offset: Int, _ chunks: [Chunk], into staged: inout StagedDataset, table: TableReader) {
            let lines = stageMet(chunks, into: &staged, table: table, also: [offset])
            let words = Chunk.blockWords
            reader.resume = (offset, lines.line(of: offset).line)
            reader.indicatorIndex = measureIndex
            reader.areas = areaNames
            reader.areaRegions = areasMet.map(\.region)
            reader.blocks = blocks
            reader.blockAreas = (0..<blocks.count).map { Array(blockBits[$0 * words..<($0 + 1) * words]) }
            reader.unreadable = unreadable.mapValues { (count: $0.count, first: lines.located($0.field, $0.message, table: table)) }
        }

        /// Stages the indicators, areas and observations met; the lines of their places in
        /// the file (and of the offsets `also`), for messages.
        private func stageMet(_ chunks: [Chunk], into staged: inout StagedDataset, table: TableReader, also: [Int]) -> LineFinder {
            let lines = LineFinder(bytes: chunks[0].bytes, offsets: areasMet.map(\.field.start) + unreadable.values.map(\.field.start) + also)
            staged.indicators = measuresMet.map(\.indicator)
            staged.areas = areasMet.map { met in
                StagedDataset.StagedArea(area: Area(name: met.name, type: .authority, code: met.number),
                                         issueAnchor: lines.located(met.field, "", table: table))
            }
            staged.observations = observations(chunks)
            return lines
        }

        /// Every stretch's rows in one table, renumbered; the columns LAIT has no figures
        /// for (numerator, denominator, target, floor, RAG, note) are blank. The columns are
        /// made at once, one per processor at a time: making them is mostly the system
        /// handing out fresh memory.
        private func observations(_ chunks: [Chunk]) -> ObservationTable {
            let rows = chunks.reduce(0) { $0 + $1.rows.count }
            let columns = Mutex(Columns())
            func made<Element>(_ column: WritableKeyPath<Columns, [Element]>, _ elements: [Element]) {
                columns.withLock { $0[keyPath: column] = elements }
            }
            // A column of every stretch's part, in order: `part` writes a stretch's rows from
            // `target` on.
            func joined<Element>(_ part: (_ rows: Rows, _ chunk: Int, _ target: UnsafeMutablePointer<Element>) -> Void) -> [Element] {
                [Element](unsafeUninitializedCapacity: rows) { buffer, count in
                    var filled = 0
                    for (index, chunk) in chunks.enumerated() where chunk.rows.count > 0 {
                        part(chunk.rows, index, buffer.baseAddress! + filled)
                        filled += chunk.rows.count
                    }
                    count = rows
                }
            }
            let maps = self.maps
            _ = ParallelWork.map(9) { job in
                switch job {
                case 0: made(\.indicator, joined { rows, index, target in Self.renumber(rows.indicator, through: maps[index].measures, count: rows.count, into: target) })
                case 1: made(\.area, joined { rows, index, target in Self.renumber(rows.area, through: maps[index].areas, count: rows.count, into: target) })
                case 2: made(\.period, joined { rows, _, target in target.update(from: rows.period, count: rows.count) })
                case 3: made(\.values, joined { rows, _, target in target.update(from: rows.value, count: rows.count) })
                case 4: made(\.states, joined { rows, _, target in target.update(from: rows.state, count: rows.count) })
                case 5: made(\.blankValues, Array(repeating: 0, count: rows))
                case 6: made(\.blankStates, Array(repeating: CellState.blank.rawValue, count: rows))
                case 7: made(\.noCodes, Array(repeating: 0, count: rows))
                default: made(\.rag, Array(repeating: RAG.none.rawValue, count: rows))
                }
            }
            return columns.withLock { columns in
                var table = ObservationTable()
                table.indicator = columns.indicator
                table.area = columns.area
                table.period = columns.period
                table.value = NumericColumn(values: columns.values, states: columns.states)
                table.numerator = NumericColumn(values: columns.blankValues, states: columns.blankStates)
                table.denominator = table.numerator
                table.target.codes = columns.noCodes
                table.floor = table.target
                table.rag = columns.rag
                return table
            }
        }

        private static func renumber(_ source: UnsafeMutablePointer<UInt16>, through map: [UInt16], count: Int, into target: UnsafeMutablePointer<UInt16>) {
            map.withUnsafeBufferPointer { map in
                for row in 0..<count { target[row] = map[Int(source[row])] }
            }
        }
    }

    /// The columns of the observations, each made by one job.
    struct Columns {
        var indicator: [UInt16] = [], area: [UInt16] = [], period: [UInt32] = []
        var values: [Double] = [], states: [UInt8] = []
        var blankValues: [Double] = [], blankStates: [UInt8] = [], noCodes: [UInt32] = [], rag: [UInt8] = []
    }

    /// The line of a byte offset, and where that line starts, as `CSVReader` counts them:
    /// every line feed ends a line (the fast path declines files with a lone carriage
    /// return, which would end one too). Offsets are looked up in one pass. (Records start
    /// after the header's line, so no offset is on line 1, where a byte-order mark would
    /// move the line's start.)
    struct LineFinder {
        private var found: [Int: (line: Int, lineStart: Int)] = [:]

        init(bytes: UnsafeBufferPointer<UInt8>, offsets: [Int]) {
            var line = 1, lineStart = 0, index = 0
            let base = bytes.baseAddress!
            for offset in Set(offsets).sorted() {
                while index < offset {
                    guard let feed = memchr(base + index, 0x0A, offset - index) else { index = offset; break }
                    index = base.distance(to: feed.assumingMemoryBound(to: UInt8.self)) + 1
                    line += 1
                    lineStart = index
                }
                found[offset] = (line, lineStart)
            }
        }

        func line(of offset: Int) -> (line: Int, lineStart: Int) { found[offset]! }

        /// An issue at a field met, as the reporting reader locates one.
        func located(_ place: FieldPlace, _ message: String, table: TableReader) -> LoadIssue {
            let (line, lineStart) = line(of: place.start)
            let field = CSVReader.Field(range: place.content, hasEscapedQuotes: place.escaped, line: line,
                                        columnOffset: place.start - lineStart, lineStart: lineStart)
            return table.issue(.error, field, message)
        }
    }
}
