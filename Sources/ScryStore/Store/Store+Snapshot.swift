/// A binary image of a loaded store (`.save FILE`), which loads far faster than CSV:
/// columns are written as they lie in memory and read straight back into arrays.
///
/// Layout, little-endian: `SCRYSNAP`, the format version (UInt32), 4 reserved bytes, the
/// file's whole length (UInt64); then the tables (datasets, indicators, areas,
/// populations, commentary) field by field, and the observation columns, each an element
/// count (UInt64) and its raw bytes. A file that is not a snapshot, of another version,
/// truncated or inconsistent is refused with a message, never read into a half store.
public enum Snapshot {
    static let magic = Array("SCRYSNAP".utf8)
    static let version: UInt32 = 2

    /// Whether the file starts like a snapshot (so `.load` and `--data` can tell).
    public static func isSnapshot(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var start = [UInt8](repeating: 0, count: magic.count)
        return read(descriptor, &start, start.count) == start.count && start == magic
    }

    /// Writes `store` to `path` through a `ReplacementFile`, so a failed save leaves no
    /// half file behind and never writes through a planted link.
    public static func save(_ store: Store, to path: String) throws(LoadFailure) {
        let file: ReplacementFile
        do {
            file = try ReplacementFile.create(path)
        } catch {
            throw failure(path, "cannot write '\(path)': \(error.reason)")
        }
        var writer = SnapshotWriter(descriptor: file.descriptor)
        writer.bytes(magic)
        writer.integer(version)
        writer.integer(UInt32(0))
        writer.integer(UInt64(0))  // the length, filled in at the end
        store.write(to: &writer)
        writer.flush()
        var lengthBytes = UInt64(writer.written).littleEndian
        guard !writer.failed, pwrite(file.descriptor, &lengthBytes, 8, 16) == 8 else {
            let reason = FileSystem.reason(writer.failure != 0 ? writer.failure : errno)
            file.abandon()
            throw failure(path, "cannot write '\(path)': \(reason)")
        }
        do {
            try file.commit()
        } catch {
            throw failure(path, "cannot write '\(path)': \(error.reason)")
        }
    }

    /// Reads a snapshot into a store of its own.
    public static func load(path: String) throws(LoadFailure) -> Store {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "cannot read '\(path)': \(String(cString: strerror(errno)).lowercased())") }
        defer { close(descriptor) }
        var status = stat()
        fstat(descriptor, &status)
        var reader = SnapshotReader(descriptor: descriptor, path: path, fileLength: Int(status.st_size))
        do throws(SnapshotReader.Failure) {
            let start = try reader.bytes(magic.count)
            guard start == magic else { throw SnapshotReader.Failure(message: "'\(path)' is not a scry snapshot: it does not start with SCRYSNAP") }
            let written: UInt32 = try reader.integer()
            guard written == version else {
                throw SnapshotReader.Failure(message: "'\(path)' is a version \(written) snapshot, and this scry reads version \(version): save it again with this scry")
            }
            let _: UInt32 = try reader.integer()
            let length: UInt64 = try reader.integer()
            guard length == UInt64(status.st_size) else {
                throw SnapshotReader.Failure(message: "'\(path)' is truncated or damaged: its header says \(length) bytes, the file has \(status.st_size)")
            }
            let store = try Store(reading: &reader)
            guard reader.offset == Int(length) else { throw SnapshotReader.Failure(message: "'\(path)' has \(Int(length) - reader.offset) bytes after its end") }
            let problems = store.invariantViolations() + store.snapshotViolations()
            guard problems.isEmpty else {
                throw SnapshotReader.Failure(message: "'\(path)' is damaged: \(problems.prefix(3).joined(separator: "; "))")
            }
            return store
        } catch {
            throw failure(path, error.message)
        }
    }

    static func failure(_ path: String, _ message: String) -> LoadFailure {
        LoadFailure([LoadIssue(.error, file: path, message: message)])
    }
}

extension Store {
    /// Loads a snapshot into this store: as it is when nothing is loaded, else dataset by
    /// dataset as any load is added (all or nothing).
    public mutating func load(snapshot path: String) throws(LoadFailure) -> [Dataset] {
        let loaded = try Snapshot.load(path: path)
        guard !datasets.isEmpty || !areas.isEmpty else {
            self = loaded
            return loaded.datasets
        }
        var merged = self
        for dataset in loaded.datasets.indices {
            try merged.add(loaded.staged(dataset: dataset, source: path))
            merged.datasets[merged.datasets.count - 1].areaCount = loaded.datasets[dataset].areaCount
        }
        self = merged
        return loaded.datasets
    }

    /// One dataset of this store as a staged dataset (every area comes along, so that
    /// parents and neighbours keep their places).
    func staged(dataset: Int, source: String) -> StagedDataset {
        var staged = StagedDataset(source: datasets[dataset].source, name: datasets[dataset].name)
        var local = [Int](repeating: -1, count: indicators.count)
        for (index, indicator) in indicators.enumerated() where indicator.dataset == dataset {
            local[index] = staged.indicators.count
            staged.indicators.append(indicator)
        }
        let anchor = LoadIssue(.error, file: source, message: "")
        staged.areas = areas.indices.map { area in
            let population = populations.last { $0.area == area && $0.dataset == dataset }
            return .init(area: areas[area], issueAnchor: anchor, population: population.map { ($0.count, $0.period) })
        }
        for row in 0..<observations.count where local[Int(observations.indicator[row])] >= 0 {
            var copy = observations[row]
            copy.indicator = local[copy.indicator]
            staged.observations.append(copy)
        }
        staged.commentary = commentary.filter { local[$0.indicator] >= 0 }.map { entry in
            var copy = entry
            copy.indicator = local[entry.indicator]
            return copy
        }
        return staged
    }

    /// What a damaged snapshot could hold that loads never make: parent cycles, periods of
    /// no kind, populations outside the tables.
    func snapshotViolations() -> [String] {
        var problems: [String] = []
        for start in areas.indices {
            var current = areas[start].parent, steps = 0
            // A parent outside the table is the invariants' to report; here it ends the walk.
            while let step = current, areas.indices.contains(step), steps <= areas.count { current = areas[step].parent; steps += 1 }
            if steps > areas.count { problems.append("area parents form a cycle"); break }
        }
        if observations.period.contains(where: { Period.Kind(rawValue: UInt8(($0 >> 3) & 0xF)) == nil }) {
            problems.append("a period of no known kind")
        }
        if populations.contains(where: { !areas.indices.contains($0.area) || !datasets.indices.contains($0.dataset) }) {
            problems.append("a population outside the tables")
        }
        return problems
    }

    func write(to writer: inout SnapshotWriter) {
        writer.integer(UInt64(datasets.count))
        for dataset in datasets {
            writer.string(dataset.name)
            writer.string(dataset.source)
            for count in [dataset.indicatorCount, dataset.areaCount, dataset.observationCount, dataset.commentaryCount] { writer.integer(Int64(count)) }
        }
        writer.integer(UInt64(indicators.count))
        for indicator in indicators {
            writer.integer(Int64(indicator.dataset))
            for text in [indicator.code, indicator.name, indicator.theme, indicator.nationalMeasure, indicator.definition, indicator.source] { writer.string(text) }
            writer.integer(indicator.polarity.rawValue)
            writer.integer(indicator.periodType.rawValue)
            writer.integer(indicator.unit.rawValue)
            writer.integer(UInt8(indicator.splitYears == .financial ? 0 : 1))
            switch indicator.bareYear {
            case .calendarYear: writer.integer(Int8(-1))
            case .splitYearEnding: writer.integer(Int8(0))
            case .month(let month): writer.integer(Int8(month))
            }
            writer.integer(UInt8(indicator.hasQuartileBands ? 1 : 0))
            writer.integer(indicator.comparatorTiming.rawValue)
            writer.integer(Int64(indicator.decimals))
        }
        writer.integer(UInt64(areas.count))
        for area in areas {
            writer.string(area.name)
            writer.integer(area.type.rawValue)
            writer.integer(Int64(area.parent ?? -1))
            writer.string(area.code)
            writer.array(area.neighbours.map { Int64($0) })
            writer.integer(UInt64(area.neighbourCloseness.count))
            for closeness in area.neighbourCloseness { writer.string(closeness) }
        }
        writer.integer(UInt64(populations.count))
        for population in populations {
            writer.integer(Int64(population.area))
            writer.integer(population.period.raw)
            writer.integer(population.count.bitPattern)
            writer.integer(Int64(population.dataset))
        }
        writer.integer(UInt64(commentary.count))
        for entry in commentary {
            writer.integer(Int64(entry.indicator))
            writer.integer(Int64(entry.area))
            writer.integer(entry.period.raw)
            writer.string(entry.text)
        }
        let table = observations
        writer.array(table.indicator)
        writer.array(table.area)
        writer.array(table.period)
        for (_, path) in ObservationTable.figureColumns {
            writer.array(table[keyPath: path].values)
            writer.array(table[keyPath: path].states)
        }
        for (_, path) in ObservationTable.standardColumns {
            let column = table[keyPath: path]
            writer.array(column.codes)
            writer.array(column.dictionary.map(\.value))
            writer.array(column.dictionary.map(\.state.rawValue))
        }
        writer.array(table.rag)
        writer.array(table.note.rows)
        writer.integer(UInt64(table.note.texts.count))
        for text in table.note.texts { writer.string(text) }
    }

    init(reading reader: inout SnapshotReader) throws(SnapshotReader.Failure) {
        self.init()
        for _ in 0..<(try reader.count(limit: 1 << 16)) {
            let name = try reader.string(), source = try reader.string()
            let counts: [Int] = [try reader.int(), try reader.int(), try reader.int(), try reader.int()]
            datasets.append(Dataset(name: name, source: source, indicatorCount: counts[0], areaCount: counts[1],
                                    observationCount: counts[2], commentaryCount: counts[3]))
        }
        for _ in 0..<(try reader.count(limit: 1 << 16)) {
            let dataset = try reader.int()
            let texts = [try reader.string(), try reader.string(), try reader.string(), try reader.string(), try reader.string(), try reader.string()]
            guard let polarity = Polarity(rawValue: try reader.integer()), let periodType = PeriodType(rawValue: try reader.integer()),
                  let unit = Unit(rawValue: try reader.integer()) else { throw reader.damaged("an unknown polarity, period type or unit") }
            let splitYears: SplitYearKind = try reader.integer() as UInt8 == 0 ? .financial : .academic
            let bare: Int8 = try reader.integer()
            let bareYear: BareYear = bare < 0 ? .calendarYear : bare == 0 ? .splitYearEnding : .month(Int(bare))
            let bands: UInt8 = try reader.integer()
            guard let timing = ComparatorTiming(rawValue: try reader.integer()) else { throw reader.damaged("an unknown comparator timing") }
            let decimals = try reader.int()
            guard (0...12).contains(decimals) else { throw reader.damaged("decimals out of range") }
            var indicator = Indicator(dataset: dataset, code: texts[0], name: texts[1], theme: texts[2], polarity: polarity, periodType: periodType,
                                      unit: unit, decimals: decimals, definition: texts[4], source: texts[5], splitYears: splitYears, bareYear: bareYear)
            indicator.nationalMeasure = texts[3]
            indicator.hasQuartileBands = bands != 0
            indicator.comparatorTiming = timing
            indicatorIndex[indicator.code, default: []].append(indicators.count)
            indicators.append(indicator)
        }
        for _ in 0..<(try reader.count(limit: 1 << 16)) {
            let name = try reader.string()
            guard let type = AreaType(rawValue: try reader.integer()) else { throw reader.damaged("an unknown area type") }
            let parent = try reader.int()
            let code = try reader.string()
            let neighbours: [Int64] = try reader.array()
            var closeness: [String] = []
            for _ in 0..<(try reader.count(limit: 1 << 16)) { closeness.append(try reader.string()) }
            areaIndex[name] = areas.count
            areas.append(Area(name: name, type: type, parent: parent < 0 ? nil : parent, code: code, neighbours: neighbours.map { Int($0) },
                              neighbourCloseness: closeness))
        }
        for _ in 0..<(try reader.count(limit: 1 << 24)) {
            let area = try reader.int(), period = Period(raw: try reader.integer())
            let count = Double(bitPattern: try reader.integer())
            populations.append(Population(area: area, period: period, count: count, dataset: try reader.int()))
        }
        for _ in 0..<(try reader.count(limit: 1 << 28)) {
            let indicator = try reader.int(), area = try reader.int(), period = Period(raw: try reader.integer())
            commentary.append(Commentary(indicator: indicator, area: area, period: period, text: try reader.string()))
        }
        var table = ObservationTable()
        table.indicator = try reader.array()
        table.area = try reader.array()
        table.period = try reader.array()
        for (_, path) in ObservationTable.figureColumns {
            table[keyPath: path] = NumericColumn(values: try reader.array(), states: try reader.array())
        }
        for (_, path) in ObservationTable.standardColumns { table[keyPath: path] = try Self.dictionaryColumn(&reader) }
        table.rag = try reader.array()
        var note = SparseTextColumn()
        note.rows = try reader.array()
        for _ in 0..<(try reader.count(limit: 1 << 28)) { note.texts.append(try reader.string()) }
        guard note.rows.count == note.texts.count, zip(note.rows, note.rows.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw reader.damaged("notes out of order")
        }
        table.note = note
        observations = table
    }

    private static func dictionaryColumn(_ reader: inout SnapshotReader) throws(SnapshotReader.Failure) -> DictionaryNumericColumn {
        var column = DictionaryNumericColumn()
        column.codes = try reader.array()
        let values: [Double] = try reader.array(), states: [UInt8] = try reader.array()
        guard values.count == states.count, !values.isEmpty else { throw reader.damaged("a dictionary column without its dictionary") }
        var dictionary: [NumericCell] = []
        for (value, state) in zip(values, states) {
            guard let state = CellState(rawValue: state) else { throw reader.damaged("an unknown cell state") }
            dictionary.append(NumericCell(value: value, state: state))
        }
        column.dictionary = dictionary
        column.lookup = Dictionary(dictionary.enumerated().map { ($0.element, UInt32($0.offset)) }, uniquingKeysWith: { first, _ in first })
        return column
    }
}

/// Buffered writes of integers, strings and whole arrays to a file descriptor.
struct SnapshotWriter {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var written = 0
    private(set) var failed = false
    /// The error number of the write that failed.
    private(set) var failure: Int32 = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    mutating func bytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        integer(UInt64(utf8.count))
        bytes(utf8)
    }

    /// A count, then the elements' bytes as they lie in memory (little-endian machines).
    mutating func array<T: BitwiseCopyable>(_ elements: [T]) {
        integer(UInt64(elements.count))
        flush()
        elements.withUnsafeBytes { raw in writeAll(raw) }
    }

    mutating func flush() {
        buffer.withUnsafeBytes { raw in writeAll(raw) }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func writeAll(_ raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count, !failed {
            let count = write(descriptor, raw.baseAddress! + offset, min(raw.count - offset, 1 << 30))
            if count < 0 {
                if errno == EINTR { continue }
                failed = true
                failure = errno
                return
            }
            offset += count
        }
        written += raw.count
    }
}

/// Reads a snapshot from a file descriptor, checking every length against the file.
struct SnapshotReader {
    struct Failure: Error { var message: String }

    let descriptor: Int32
    let path: String
    let fileLength: Int
    private(set) var offset = 0
    private var buffer: [UInt8] = []
    private var position = 0

    init(descriptor: Int32, path: String, fileLength: Int) {
        self.descriptor = descriptor
        self.path = path
        self.fileLength = fileLength
    }

    func damaged(_ what: String) -> Failure {
        Failure(message: "'\(path)' is damaged near byte \(offset): \(what)")
    }

    private var truncated: Failure { Failure(message: "'\(path)' is truncated: it ends at byte \(offset), inside its data") }

    /// Copies `count` bytes into `destination`: from the buffer first, then the file.
    private mutating func fill(_ destination: UnsafeMutableRawPointer, _ count: Int) throws(Failure) {
        var done = min(count, buffer.count - position)
        if done > 0 {
            buffer.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress! + position, byteCount: done) }
            position += done
        }
        if count - done >= 1 << 16 {
            // Large arrays go straight from the file into place.
            while done < count {
                let got = read(descriptor, destination + done, min(count - done, 1 << 30))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { offset += done; throw truncated }
                done += got
            }
        } else if done < count {
            buffer = [UInt8](repeating: 0, count: 1 << 16)
            var filled = 0
            while filled < count - done {
                let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { offset += done; throw truncated }
                filled += got
            }
            buffer.removeSubrange(filled...)
            buffer.withUnsafeBytes { destination.advanced(by: done).copyMemory(from: $0.baseAddress!, byteCount: count - done) }
            position = count - done
        }
        offset += count
    }

    mutating func bytes(_ count: Int) throws(Failure) -> [UInt8] {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, count), alignment: 8)
        defer { pointer.deallocate() }
        try fill(pointer, count)
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    mutating func integer<T: FixedWidthInteger>() throws(Failure) -> T {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: 8)
        defer { pointer.deallocate() }
        try fill(pointer, MemoryLayout<T>.size)
        return T(littleEndian: pointer.loadUnaligned(as: T.self))
    }

    mutating func int() throws(Failure) -> Int {
        let value: Int64 = try integer()
        guard value >= -1, value < Int64(Int32.max) else { throw damaged("a number out of range") }
        return Int(value)
    }

    mutating func count(limit: Int) throws(Failure) -> Int {
        let value: UInt64 = try integer()
        guard value <= UInt64(limit) else { throw damaged("a count of \(value)") }
        return Int(value)
    }

    mutating func string() throws(Failure) -> String {
        let length = try count(limit: 1 << 24)
        guard length <= fileLength - offset else { throw truncated }
        return String(decoding: try bytes(length), as: UTF8.self)
    }

    mutating func array<T: BitwiseCopyable>() throws(Failure) -> [T] {
        let count = try self.count(limit: Int(Int32.max))
        guard count * MemoryLayout<T>.stride <= fileLength - offset else { throw truncated }
        if count == 0 { return [] }
        var failure: Failure?
        let result = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(Failure) {
                try fill(UnsafeMutableRawPointer(buffer.baseAddress!), count * MemoryLayout<T>.stride)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return result
    }
}
