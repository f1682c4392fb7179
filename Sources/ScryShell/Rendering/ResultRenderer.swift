import ScryEngine
import ScryStore

/// How results are written: `.mode` in the shell, `--format` on the command line.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns, as sqlite3's `.mode column` (the default).
    case table
    /// RFC 4180, with a header; numbers plain (no `%`, no thousands separators).
    case csv
    /// One array of objects per result; numbers as numbers, missing values as null.
    case json
    /// One object per line.
    case jsonl
    /// A GitHub-flavoured Markdown table, to paste into a report.
    case markdown
    /// One `column = value` line per cell, a blank line between rows (sqlite3's `.mode line`).
    case line
    /// A self-contained HTML page per result, to attach to a paper (a scorecard).
    case html
    /// A standalone SVG file of a `chart` statement's chart (the other statements have no
    /// picture: `refusal` says so).
    case svg
    /// An Office Open XML workbook (Excel), a sheet for each result, figures as numbers
    /// with their number formats (`Workbook`). The session gathers the results and writes
    /// the file once, when it closes.
    case xlsx

    public static let names = allCases.map(\.rawValue).joined(separator: ", ")

    /// The format a file's extension picks whatever the mode (`.output report.xlsx`): a
    /// file that holds nothing else. Nil for an extension that picks none.
    public static func picked(byExtensionOf path: String) -> OutputFormat? {
        let lowered = path.lowercased()
        return allCases.first { $0.picksByExtension && lowered.hasSuffix("." + $0.rawValue) }
    }

    /// Whether a file named `….FORMAT` gets this format whatever the mode.
    var picksByExtension: Bool {
        switch self {
        case .svg, .xlsx: true
        case .table, .csv, .json, .jsonl, .markdown, .line, .html: false
        }
    }
}

/// What the shell knows about where a table goes: set for a terminal, off for pipes and
/// files, so that no escape code or elision ever reaches them.
public struct TerminalOptions: Sendable, Equatable {
    /// Columns available; nil for no limit.
    public var width: Int?
    /// Rows shown before the middle is elided; nil for all.
    public var maxRows: Int?
    /// RAG and direction of travel in colour.
    public var colour: Bool
    /// Charts may use Unicode's braille and block characters: the locale is UTF-8. Off,
    /// they are drawn in ASCII.
    public var unicode: Bool

    public init(width: Int? = nil, maxRows: Int? = nil, colour: Bool = false, unicode: Bool = true) {
        self.width = width
        self.maxRows = maxRows
        self.colour = colour
        self.unicode = unicode
    }

    public static let plain = TerminalOptions()

    /// Whether the locale's character set is UTF-8, as the C library decides it: the first
    /// of `LC_ALL`, `LC_CTYPE` and `LANG` that is set and not empty (`en_GB.UTF-8`); none
    /// is the C locale, which is ASCII.
    public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
    }
}

/// Writes a result in an output format. Renderers never ask whether they write to a
/// terminal: the shell decides that and says so in `TerminalOptions`.
public enum ResultRenderer {
    public static func write(_ result: ResultTable, as format: OutputFormat, options: TerminalOptions = .plain,
                             to output: inout some TextOutputStream) {
        if let chart = result.chart {
            // A chart in a text format is refused before it gets here (`refusal`).
            switch format {
            case .svg: SVGChart.write(chart, to: &output)
            case .table: TerminalChart.write(chart, options: options, to: &output)
            case .html: HTMLRenderer.write(result, to: &output)
            default: break
            }
            return
        }
        if let stream = result.stream {
            switch format {
            case .csv: return CSVRenderer.write(result, stream: stream, to: &output)
            case .jsonl, .json: return JSONRenderer.write(result, stream: stream, lines: format == .jsonl, to: &output)
            case .table where result.sections.isEmpty: return TableRenderer(result: result, options: options).write(to: &output)
            default: return write(result.materialized(), as: format, options: options, to: &output)
            }
        }
        if format == .html { return HTMLRenderer.write(result, to: &output) }
        guard result.sections.isEmpty else { return SectionRenderer.write(result, as: format, options: options, to: &output) }
        switch format {
        case .table: TableRenderer(result: result, options: options).write(to: &output)
        case .csv: CSVRenderer.write(result, to: &output)
        case .json: JSONRenderer.write(result, lines: false, to: &output)
        case .jsonl: JSONRenderer.write(result, lines: true, to: &output)
        case .markdown: MarkdownRenderer.write(result, to: &output)
        case .line: LineRenderer.write(result, to: &output)
        case .html: HTMLRenderer.write(result, to: &output)
        case .svg, .xlsx: break // a chart's, above; a workbook's, gathered by the session
        }
    }

    /// Why `result` cannot be written as `format`, if it cannot: a chart is drawn in the
    /// terminal's characters (`table`), as SVG or in an HTML page, and an SVG holds nothing
    /// but a chart.
    public static func refusal(_ result: ResultTable, as format: OutputFormat) -> String? {
        switch (result.chart != nil, format) {
        case (true, .table), (true, .svg), (true, .html), (false, .table), (false, .csv), (false, .json), (false, .jsonl), (false, .markdown),
             (false, .line), (false, .html), (false, .xlsx):
            nil
        case (true, _):
            "a chart cannot be written as \(format.rawValue): it is drawn in table mode, as svg (.mode svg, --format svg, "
                + ".once FILE.svg) or in an html page; trend and compare give its figures in \(format.rawValue)"
        case (false, .svg):
            "only a chart statement can be written as svg: .mode table (or csv, json…) for this result, or chart INDICATOR …"
        }
    }

    /// A cell as the machine formats write it: a number at its displayed decimals with no
    /// unit sign or separators, a RAG letter, a direction's word, a symbol as published.
    static func plain(_ cell: Cell) -> String {
        switch cell {
        case .number(let value, let decimals, _): CellFormatter.fixed(value, decimals: decimals)
        case .count(let value): String(value)
        case .direction(let direction): direction.rawValue
        default: CellFormatter.text(cell)
        }
    }

    /// A cell of a mixed column (a `describe`'s `value`) as the machine formats take it: as
    /// it is shown, so that the column holds text alone (`"observations": "1,234"`).
    /// Text and missing values are as in any column.
    static func shownAsText(_ cell: Cell) -> Cell {
        switch cell {
        case .empty, .missing, .text: cell
        default: .text(CellFormatter.text(cell))
        }
    }
}

/// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines
/// end with CRLF as the RFC says.
enum CSVRenderer {
    static func write(_ result: ResultTable, to output: inout some TextOutputStream) {
        // Bytes gathered into large writes; numbers written straight into them; a period's
        // label made once per period.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16 + 1024)
        bytes.append(contentsOf: (result.columns.map { field($0.name) }.joined(separator: ",") + "\r\n").utf8)
        var periods: [Period: [UInt8]] = [:]
        let mixed = result.columns.map(\.isMixed)
        for row in result.rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                let isMixed = index < mixed.count && mixed[index]
                if case .period(let period) = cell, !isMixed {
                    if periods[period] == nil { periods[period] = Array(field(period.description).utf8) }
                    bytes.append(contentsOf: periods[period]!)
                } else {
                    appendCell(cell, mixed: isMixed, to: &bytes)
                }
            }
            bytes.append(contentsOf: [13, 10])
            if bytes.count >= 1 << 16 {
                output.write(String(decoding: bytes, as: UTF8.self))
                bytes.removeAll(keepingCapacity: true)
            }
        }
        output.write(String(decoding: bytes, as: UTF8.self))
    }

    /// A streamed result, chunk by chunk, a few chunks formatted at once on every
    /// processor: labels (codes, areas, periods) formatted once each, stored figures
    /// written straight from their doubles into the chunk's bytes; the same bytes `write`
    /// gives for the same rows. A file's bytes go to it as they are (no string made of
    /// them, no copy into its buffer).
    static func write(_ result: ResultTable, stream: ResultStream, to output: inout some TextOutputStream) {
        output.write(result.columns.map { field($0.name) }.joined(separator: ",") + "\r\n")
        let mixed = result.columns.map(\.isMixed)
        let labels: [Fields?] = stream.labels.enumerated().map { index, cells in
            cells.map { Fields($0) { cell, bytes in appendCell(cell, mixed: index < mixed.count && mixed[index], to: &bytes) } }
        }
        let symbols = Fields((0...UInt8.max).map { $0 }) { state, bytes in
            if state != 0 { appendCell(ChunkColumn.absent(state), mixed: false, to: &bytes) }
        }
        let file = output as? FileOutput
        stream.forEachChunk(transformedBy: { chunk in
            format(chunk, labels: labels, symbols: symbols, mixed: mixed)
        }) { lines in
            lines.withBytes { bytes in
                if let file { file.write(bytes: bytes) } else { output.write(String(decoding: bytes, as: UTF8.self)) }
            }
        }
    }

    /// Short texts formatted once, laid end to end: field `i` is `bytes[ends[i]..<ends[i + 1]]`,
    /// the last followed by `Fields.slack` bytes more, so that a field can be copied eight
    /// bytes at a time (`copy`).
    struct Fields: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = [0]
        /// The longest field's length.
        var widest = 0

        init<T>(_ items: [T], _ format: (T, inout [UInt8]) -> Void) {
            for item in items {
                format(item, &bytes)
                widest = max(widest, bytes.count - ends[ends.count - 1])
                ends.append(bytes.count)
            }
            bytes += repeatElement(0, count: Self.slack)
        }

        /// Bytes read (and written) past a field's end when it is copied a word at a time.
        static let slack = 8

        /// Copies field `index` to `out`, which has `slack` bytes of room past it, and
        /// returns its length.
        @inline(__always)
        static func copy(_ index: Int, bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>, to out: UnsafeMutablePointer<UInt8>) -> Int {
            let start = ends[index], length = ends[index + 1] - start
            let from = UnsafeRawPointer(bytes.baseAddress! + start), to = UnsafeMutableRawPointer(out)
            var offset = 0
            repeat {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
                offset += 8
            } while offset < length
            return length
        }
    }

    /// How one column of a chunk is written, its arrays read through pointers (no
    /// reference counted per cell, which two threads would contend for).
    private enum ColumnWriter {
        case labels(codes: UnsafeBufferPointer<Int32>, bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>)
        case figures(values: UnsafeBufferPointer<Double>, states: UnsafeBufferPointer<UInt8>, formats: UnsafeBufferPointer<Int32>,
                     decimals: UnsafeBufferPointer<Int>)
        case amounts(values: UnsafeBufferPointer<Double>, states: UnsafeBufferPointer<UInt8>)
        /// Cells: counts and numbers written straight in, others by `appendCell`.
        case cells(UnsafeBufferPointer<Cell>)
        /// Anything else, a cell at a time (`appendCell`): column `index` of the chunk.
        case other(index: Int)
    }

    /// The writers of `columns`, their arrays' pointers valid inside `body` (each column's
    /// taken inside the last one's).
    private static func withWriters<Result>(_ columns: ArraySlice<ChunkColumn>, labels: [Fields?], writers: [ColumnWriter] = [],
                                            _ body: ([ColumnWriter]) -> Result) -> Result {
        guard let column = columns.first else { return body(writers) }
        let index = columns.startIndex, rest = columns.dropFirst()
        switch column {
        case .labels(let codes, _) where labels[index] != nil:
            let written = labels[index]!
            return codes.withUnsafeBufferPointer { codes in
                written.bytes.withUnsafeBufferPointer { bytes in
                    written.ends.withUnsafeBufferPointer { ends in
                        withWriters(rest, labels: labels, writers: writers + [.labels(codes: codes, bytes: bytes, ends: ends)], body)
                    }
                }
            }
        case .figures(let values, let states, let formats, let decimals, _):
            return values.withUnsafeBufferPointer { values in
                states.withUnsafeBufferPointer { states in
                    formats.withUnsafeBufferPointer { formats in
                        decimals.withUnsafeBufferPointer { decimals in
                            withWriters(rest, labels: labels,
                                        writers: writers + [.figures(values: values, states: states, formats: formats, decimals: decimals)], body)
                        }
                    }
                }
            }
        case .amounts(let values, let states):
            return values.withUnsafeBufferPointer { values in
                states.withUnsafeBufferPointer { states in
                    withWriters(rest, labels: labels, writers: writers + [.amounts(values: values, states: states)], body)
                }
            }
        case .cells(let cells):
            return cells.withUnsafeBufferPointer { cells in
                withWriters(rest, labels: labels, writers: writers + [.cells(cells)], body)
            }
        default:
            return withWriters(rest, labels: labels, writers: writers + [.other(index: index)], body)
        }
    }

    /// A chunk's rows as CSV lines, written a row at a time straight into one block of
    /// bytes: before each row, room is made for the most its fields can take (a label's
    /// longest, a figure's digits at its most decimals, a symbol's longest); a cell
    /// written any other way makes its own room.
    private static func format(_ chunk: ResultChunk, labels: [Fields?], symbols: Fields, mixed: [Bool]) -> ByteBlock {
        let rows = chunk.count
        var lines = ByteBuffer(capacity: rows * 16 * max(1, chunk.columns.count))
        var scratch: [UInt8] = []
        symbols.bytes.withUnsafeBufferPointer { symbolBytes in
        symbols.ends.withUnsafeBufferPointer { symbolEnds in
        withWriters(chunk.columns[...], labels: labels) { writers in
            // The most a row's fields written through pointers take, with commas and CRLF.
            var room = writers.count + 2 + Fields.slack
            for (index, writer) in writers.enumerated() {
                switch writer {
                case .labels: room += labels[index]!.widest
                case .figures(_, _, _, let decimals):
                    room += max(symbols.widest, CellFormatter.fixedRoom(decimals: decimals.max() ?? 0))
                case .amounts: room += max(symbols.widest, CellFormatter.fixedRoom(decimals: 0))
                case .cells, .other: break
                }
            }
            for row in 0..<rows {
                lines.reserve(room)
                for (index, writer) in writers.enumerated() {
                    if index > 0 { lines.put(UInt8(ascii: ",")) }
                    switch writer {
                    case .labels(let codes, let bytes, let ends):
                        lines.count += Fields.copy(Int(codes[row]), bytes: bytes, ends: ends, to: lines.end)
                    case .figures(let values, let states, let formats, let decimals):
                        let state = Int(states[row])
                        if state != 0 {
                            lines.count += Fields.copy(state, bytes: symbolBytes, ends: symbolEnds, to: lines.end)
                        } else if let length = CellFormatter.writeFixed(values[row], decimals: decimals[Int(formats[row])], to: lines.end) {
                            lines.count += length
                        } else {
                            scratch.removeAll(keepingCapacity: true)
                            CellFormatter.appendFixed(values[row], decimals: decimals[Int(formats[row])], to: &scratch)
                            lines.append(scratch)
                        }
                    case .amounts(let values, let states):
                        let value = values[row], state = Int(states[row])
                        if state != 0 {
                            lines.count += Fields.copy(state, bytes: symbolBytes, ends: symbolEnds, to: lines.end)
                        } else if value.magnitude < 1e15, Double(Int64(value)) == value,
                                  let length = CellFormatter.writeFixed(value, decimals: 0, to: lines.end) {
                            lines.count += length
                        } else {
                            scratch.removeAll(keepingCapacity: true)
                            appendCell(chunk.columns[index].cell(row), mixed: false, to: &scratch)
                            lines.append(scratch)
                        }
                    case .cells(let cells):
                        let isMixed = index < mixed.count && mixed[index]
                        switch cells[row] {
                        case .count(let count) where !isMixed && count.magnitude < 1 << 53:
                            lines.reserve(room + CellFormatter.fixedRoom(decimals: 0))
                            lines.count += CellFormatter.writeFixed(Double(count), decimals: 0, to: lines.end)!
                        case .number(let value, let decimals, _) where !isMixed:
                            lines.reserve(room + CellFormatter.fixedRoom(decimals: decimals))
                            if let length = CellFormatter.writeFixed(value, decimals: decimals, to: lines.end) {
                                lines.count += length
                            } else {
                                fallthrough
                            }
                        default:
                            scratch.removeAll(keepingCapacity: true)
                            appendCell(cells[row], mixed: isMixed, to: &scratch)
                            lines.append(scratch)
                            // Room again for the rest of the row's fields.
                            lines.reserve(room)
                        }
                    case .other(let column):
                        scratch.removeAll(keepingCapacity: true)
                        appendCell(chunk.columns[column].cell(row), mixed: index < mixed.count && mixed[index], to: &scratch)
                        lines.append(scratch)
                        lines.reserve(room)
                    }
                }
                lines.put(13)
                lines.put(10)
            }
        }
        }
        }
        return lines.finished()
    }

    /// One cell as a field, as `write` writes it.
    private static func appendCell(_ cell: Cell, mixed: Bool, to bytes: inout [UInt8]) {
        let cell = mixed ? ResultRenderer.shownAsText(cell) : cell
        switch cell {
        case .period(let period): bytes.append(contentsOf: field(period.description).utf8)
        case .number(let value, let decimals, _): CellFormatter.appendFixed(value, decimals: decimals, to: &bytes)
        case .count(let value) where value.magnitude < 1 << 53: CellFormatter.appendFixed(Double(value), decimals: 0, to: &bytes)
        case .text(let text): appendField(text.controlCharactersEscaped, to: &bytes)
        case .empty: break
        default: appendField(ResultRenderer.plain(cell), to: &bytes)
        }
    }

    static func field(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    private static func appendField(_ text: String, to bytes: inout [UInt8]) {
        if needsQuotes(text) { bytes.append(contentsOf: field(text).utf8) } else { bytes.append(contentsOf: text.utf8) }
    }

    private static func needsQuotes(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
    }
}

/// Pipe tables: `|` in a cell is escaped; numeric columns are right-aligned; a trend's
/// sparklines follow the table, a line each.
enum MarkdownRenderer {
    static func write(_ result: ResultTable, to output: inout some TextOutputStream) {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingAll("|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        output.write(line(result.columns.map(\.name)))
        output.write("|" + result.columns.map { $0.isNumeric ? " ---: |" : " --- |" }.joined() + "\n")
        for row in result.rows { output.write(line(row.map(CellFormatter.text))) }
        if !result.series.isEmpty { output.write("\n" + Sparkline.lines(result.series).joined(separator: "\n") + "\n") }
        output.write("\n")
    }
}

/// `column = value`, names aligned, a blank line between rows.
enum LineRenderer {
    static func write(_ result: ResultTable, to output: inout some TextOutputStream) {
        let width = result.columns.map(\.name.count).max() ?? 0
        for (index, row) in result.rows.enumerated() {
            if index > 0 { output.write("\n") }
            for (column, cell) in zip(result.columns, row) {
                output.write(String(repeating: " ", count: width - column.name.count) + column.name + " = " + CellFormatter.text(cell) + "\n")
            }
        }
        for line in Sparkline.lines(result.series) { output.write(line + "\n") }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
