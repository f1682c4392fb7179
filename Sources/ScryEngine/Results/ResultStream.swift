import ScryStore

/// The rows of a large result, made a chunk at a time as a renderer writes them instead of
/// being built whole as rows of cells first: a ten-million-row export holds the row
/// numbers and one chunk, not ten million arrays of cells. Each chunk's columns are typed
/// (`ChunkColumn`), so that a renderer formats stored figures and labels straight from
/// them.
///
/// A stream is read once, by the renderer the session picks; `ResultTable.materialized()`
/// turns it into rows for the others (a workbook, an HTML page).
public final class ResultStream: @unchecked Sendable {
    /// Rows per chunk.
    public static let chunkSize = 1 << 14

    public let count: Int
    /// For each column whose chunks are `.labels`, its labels (the same in every chunk):
    /// a renderer formats each once, before the first chunk.
    public let labels: [[Cell]?]
    private let make: (Range<Int>) -> [ChunkColumn]
    private let interruption: Interruption.Watch
    /// Set when Ctrl-C stopped the stream: the rows written so far are all there is.
    public private(set) var wasInterrupted = false

    init(count: Int, interruption: Interruption.Watch, makers: [ChunkMaker]) {
        self.count = count
        self.interruption = interruption
        labels = makers.map(\.labels)
        make = { range in makers.map { $0.make(range) } }
    }

    /// Calls `transform` with each chunk, a few chunks at a time on every processor (a
    /// chunk is made and, say, formatted on one thread), and `body` with the results in
    /// order, until the last or until Ctrl-C. `body` is given one batch's results while
    /// the next batch is transformed (a file written while the next lines are formatted),
    /// on whichever thread is free, never two calls at once. `transform` must only read
    /// what is shared.
    public func forEachChunk<Result>(transformedBy transform: (ResultChunk) -> Result, _ body: (Result) -> Void) {
        let batch = 4
        var start = 0
        var done: [Result] = []
        while start < count {
            if interruption.isRequested {
                wasInterrupted = true
                break
            }
            let ranges = stride(from: start, to: min(count, start + batch * Self.chunkSize), by: Self.chunkSize).map { $0..<min(count, $0 + Self.chunkSize) }
            let previous = done
            // The last task hands the previous batch to `body`.
            let results = ParallelWork.map(ranges.count + 1) { index -> Result? in
                guard index < ranges.count else {
                    for result in previous { body(result) }
                    return nil
                }
                return transform(ResultChunk(count: ranges[index].count, columns: make(ranges[index])))
            }
            done = results.dropLast().map { $0! }
            start = ranges.last!.upperBound
        }
        for result in done { body(result) }
    }

    /// Rows `range` as cells, made alone (no chunk before them): the head and tail of a
    /// long result that a terminal's table shows.
    public func rows(in range: Range<Int>) -> [[Cell]] {
        var rows: [[Cell]] = []
        rows.reserveCapacity(range.count)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.chunkSize) {
            if interruption.isRequested {
                wasInterrupted = true
                break
            }
            let chunk = ResultChunk(count: min(Self.chunkSize, range.upperBound - start), columns: make(start..<min(range.upperBound, start + Self.chunkSize)))
            for index in 0..<chunk.count { rows.append(chunk.row(index)) }
        }
        return rows
    }

    /// Calls `body` with each chunk in order, until the last or until Ctrl-C.
    public func forEachChunk(_ body: (ResultChunk) -> Void) {
        var start = 0
        while start < count {
            if interruption.isRequested {
                wasInterrupted = true
                return
            }
            let end = min(count, start + Self.chunkSize)
            body(ResultChunk(count: end - start, columns: make(start..<end)))
            start = end
        }
    }
}

extension ResultStream: Equatable {
    public static func == (left: ResultStream, right: ResultStream) -> Bool { left === right }
}

/// What makes one column's chunks, and its labels when they are `.labels`.
struct ChunkMaker {
    var labels: [Cell]? = nil
    var make: (Range<Int>) -> ChunkColumn
}

/// Some consecutive rows of a streamed result, column by column.
public struct ResultChunk {
    public let count: Int
    public let columns: [ChunkColumn]

    /// Row `index` of the chunk as cells.
    public func row(_ index: Int) -> [Cell] {
        columns.map { $0.cell(index) }
    }
}

/// One column of a chunk, in the form it is read from the store.
public enum ChunkColumn {
    /// Cells from a short list, by number: `labels[codes[i]]`: an indicator's code or name,
    /// an area's, a period. `labels` is the same list in every chunk of a stream, so that a
    /// renderer formats each label once.
    case labels(codes: [Int32], labels: [Cell])
    /// Stored figures as the value column shows them: present ones with their indicator's
    /// decimals and unit (`formats[i]` numbers the indicator), blank as empty, others by
    /// their symbol.
    case figures(values: [Double], states: [UInt8], formats: [Int32], decimals: [Int], units: [Unit])
    /// Counts or plain numbers as loaded (numerator, denominator): whole ones as counts.
    case amounts(values: [Double], states: [UInt8])
    case cells([Cell])

    public func cell(_ index: Int) -> Cell {
        switch self {
        case .labels(let codes, let labels): return labels[Int(codes[index])]
        case .figures(let values, let states, let formats, let decimals, let units):
            guard states[index] == 0 else { return Self.absent(states[index]) }
            let format = Int(formats[index])
            return .number(values[index], decimals: decimals[format], unit: units[format])
        case .amounts(let values, let states):
            return RowCompiler.amountCell(NumericCell(value: values[index], state: CellState(rawValue: states[index]) ?? .blank))
        case .cells(let cells): return cells[index]
        }
    }

    /// A state that is not present, as a cell: blank is empty, others keep their symbol.
    public static func absent(_ state: UInt8) -> Cell {
        let state = CellState(rawValue: state) ?? .blank
        return state == .blank ? .empty : .missing(state)
    }
}

extension ResultTable {
    /// The table with a stream's rows made into cells, for a renderer that needs them all
    /// (a workbook, an HTML page, a table sized to its widest cell).
    public func materialized() -> ResultTable {
        guard let stream else { return self }
        var table = self
        table.stream = nil
        table.rows.reserveCapacity(stream.count)
        stream.forEachChunk { chunk in
            for index in 0..<chunk.count { table.rows.append(chunk.row(index)) }
        }
        return table
    }
}
