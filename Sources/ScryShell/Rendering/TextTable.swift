import ScryEngine

/// A table of already formatted cells, written in aligned columns (sqlite3's
/// `.mode column`): a header, a rule, then the rows; numbers right-aligned.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var name: String
        public var alignment: Alignment
        public init(_ name: String, _ alignment: Alignment = .left) {
            self.name = name
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// An ANSI colour code per cell (`31` red), or nil; empty for no colour at all.
    public var colours: [[Int?]] = []
    /// The widest the table may be, in columns: wider text columns are cut with `…`.
    public var maxWidth: Int?

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public func write(to output: inout some TextOutputStream) {
        let widths = fittedWidths()
        func line(_ cells: [String], colours: [Int?] = []) -> String {
            var text = ""
            for (index, column) in columns.enumerated() {
                var cell = index < cells.count ? cells[index] : ""
                if cell.displayWidth > widths[index] { cell = String(cell.prefix(max(0, widths[index] - 1))) + "…" }
                let padding = String(repeating: " ", count: widths[index] - cell.displayWidth)
                if index < colours.count, let colour = colours[index] { cell = Self.coloured(cell, colour) }
                let isLast = index == columns.count - 1
                switch column.alignment {
                case .left: text += cell + (isLast ? "" : padding)
                case .right: text += padding + cell
                }
                if !isLast { text += "  " }
            }
            return text
        }
        output.write(line(columns.map(\.name)) + "\n")
        output.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
        for (index, row) in rows.enumerated() { output.write(line(row, colours: index < colours.count ? colours[index] : []) + "\n") }
    }

    /// `text` in the ANSI colour `code` (`31` red).
    static func coloured(_ text: String, _ code: Int) -> String { "\u{1B}[\(code)m" + text + "\u{1B}[0m" }

    /// The widest text a column can hold and never be cut: a period, a code, a direction.
    static let shortText = 10

    /// Whether the table fits `maxWidth` once its columns are narrowed as far as they go.
    public var fits: Bool {
        guard let maxWidth else { return true }
        return fittedWidths().reduce(0, +) + 2 * max(0, columns.count - 1) <= maxWidth
    }

    /// Each column's width: its widest cell, then, when the table is wider than
    /// `maxWidth`, the widest columns narrowed in turn: long text to no less than 6 columns,
    /// short text (a period, a code, a direction: 10 columns at most) and numbers to no less
    /// than their widest cell (only their header is cut), so that what is cut is names.
    func fittedWidths() -> [Int] {
        var widths = columns.map { $0.name.displayWidth }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.displayWidth)
            }
        }
        guard let maxWidth else { return widths }
        // Long text may be cut to 6 columns; a number or short text never (its header may be,
        // with `…`).
        var cells = columns.map { _ in 1 }
        for row in rows {
            for (index, cell) in row.enumerated() where index < cells.count { cells[index] = max(cells[index], cell.displayWidth) }
        }
        let floors = columns.indices.map { index in
            min(widths[index], columns[index].alignment == .right ? cells[index] : cells[index] <= Self.shortText ? max(cells[index], 6) : 6)
        }
        var excess = widths.reduce(0, +) + 2 * max(0, columns.count - 1) - maxWidth
        while excess > 0, let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) {
            widths[widest] -= 1
            excess -= 1
        }
        return widths
    }
}

extension String {
    /// Columns the text takes on a terminal: one per character (scry's text is Latin).
    var displayWidth: Int { count }
}

/// `12,345`: a whole number with thousands separators, as results show counts.
func formatCount(_ value: Int) -> String { CellFormatter.text(.count(value)) }
