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

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public func write(to output: inout some TextOutputStream) {
        var widths = columns.map { $0.name.displayWidth }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.displayWidth)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, column) in columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.displayWidth)
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
        for row in rows { output.write(line(row) + "\n") }
    }
}

extension String {
    /// Columns the text takes on a terminal: one per character (scry's text is Latin).
    var displayWidth: Int { count }
}

/// `12,345`: a whole number with thousands separators, as results show counts.
func formatCount(_ value: Int) -> String { CellFormatter.text(.count(value)) }
