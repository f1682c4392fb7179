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
    /// written straight from their doubles; the same bytes `write` gives for the same rows.
    static func write(_ result: ResultTable, stream: ResultStream, to output: inout some TextOutputStream) {
        output.write(result.columns.map { field($0.name) }.joined(separator: ",") + "\r\n")
        let mixed = result.columns.map(\.isMixed)
        let labels: [Fields?] = stream.labels.enumerated().map { index, cells in
            cells.map { Fields($0) { cell, bytes in appendCell(cell, mixed: index < mixed.count && mixed[index], to: &bytes) } }
        }
        let symbols = Fields((0...UInt8.max).map { $0 }) { state, bytes in
            if state != 0 { appendCell(ChunkColumn.absent(state), mixed: false, to: &bytes) }
        }
        stream.forEachChunk(transformedBy: { chunk in
            format(chunk, labels: labels, symbols: symbols, mixed: mixed)
        }) { bytes in
            output.write(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Short texts formatted once, laid end to end: field `i` is `bytes[ends[i - 1]..<ends[i]]`.
    struct Fields: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = [0]

        init<T>(_ items: [T], _ format: (T, inout [UInt8]) -> Void) {
            for item in items {
                format(item, &bytes)
                ends.append(bytes.count)
            }
        }
    }

    /// A chunk's rows as CSV lines. Each column is written on its own first, its arrays
    /// and the labels read through pointers (no reference counted per cell, which two
    /// threads would contend for), into one buffer of fields; then the lines are put
    /// together from it.
    private static func format(_ chunk: ResultChunk, labels: [Fields?], symbols: Fields, mixed: [Bool]) -> [UInt8] {
        let rows = chunk.count
        // Field `row` of column `c` is `fields[starts[c * (rows + 1) + row] ..< starts[c * (rows + 1) + row + 1]]`.
        var fields: [UInt8] = []
        fields.reserveCapacity(rows * chunk.columns.count * 8)
        var starts: [Int] = []
        starts.reserveCapacity(chunk.columns.count * (rows + 1))
        symbols.bytes.withUnsafeBufferPointer { symbolBytes in
            symbols.ends.withUnsafeBufferPointer { symbolEnds in
                for (index, column) in chunk.columns.enumerated() {
                    starts.append(fields.count)
                    let isMixed = index < mixed.count && mixed[index]
                    switch column {
                    case .labels(let codes, let cells):
                        if let written = labels[index] {
                            written.bytes.withUnsafeBufferPointer { labelBytes in
                                written.ends.withUnsafeBufferPointer { labelEnds in
                                    codes.withUnsafeBufferPointer { codes in
                                        for row in 0..<rows {
                                            let code = Int(codes[row])
                                            fields.append(contentsOf: UnsafeBufferPointer(rebasing: labelBytes[labelEnds[code]..<labelEnds[code + 1]]))
                                            starts.append(fields.count)
                                        }
                                    }
                                }
                            }
                        } else {
                            for row in 0..<rows {
                                appendCell(cells[Int(codes[row])], mixed: isMixed, to: &fields)
                                starts.append(fields.count)
                            }
                        }
                    case .figures(let values, let states, let formats, let decimals, _):
                        values.withUnsafeBufferPointer { values in
                            states.withUnsafeBufferPointer { states in
                                formats.withUnsafeBufferPointer { formats in
                                    decimals.withUnsafeBufferPointer { decimals in
                                        for row in 0..<rows {
                                            let state = Int(states[row])
                                            if state == 0 {
                                                CellFormatter.appendFixed(values[row], decimals: decimals[Int(formats[row])], to: &fields)
                                            } else {
                                                fields.append(contentsOf: UnsafeBufferPointer(rebasing: symbolBytes[symbolEnds[state]..<symbolEnds[state + 1]]))
                                            }
                                            starts.append(fields.count)
                                        }
                                    }
                                }
                            }
                        }
                    case .amounts(let values, let states):
                        values.withUnsafeBufferPointer { values in
                            states.withUnsafeBufferPointer { states in
                                for row in 0..<rows {
                                    let value = values[row], state = Int(states[row])
                                    if state != 0 {
                                        fields.append(contentsOf: UnsafeBufferPointer(rebasing: symbolBytes[symbolEnds[state]..<symbolEnds[state + 1]]))
                                    } else if value.rounded() == value, value.magnitude < 1e15 {
                                        CellFormatter.appendFixed(value, decimals: 0, to: &fields)
                                    } else {
                                        appendCell(column.cell(row), mixed: false, to: &fields)
                                    }
                                    starts.append(fields.count)
                                }
                            }
                        }
                    case .cells(let cells):
                        for cell in cells {
                            appendCell(cell, mixed: isMixed, to: &fields)
                            starts.append(fields.count)
                        }
                    }
                }
            }
        }
        let columns = chunk.columns.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.count + rows * (columns + 1))
        fields.withUnsafeBufferPointer { fields in
            starts.withUnsafeBufferPointer { starts in
                for row in 0..<rows {
                    for column in 0..<columns {
                        if column > 0 { bytes.append(UInt8(ascii: ",")) }
                        let at = column * (rows + 1) + row
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: fields[starts[at]..<starts[at + 1]]))
                    }
                    bytes.append(13)
                    bytes.append(10)
                }
            }
        }
        return bytes
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
