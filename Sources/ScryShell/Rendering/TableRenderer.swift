import ScryEngine
import ScryStore

/// A result as aligned columns. On a terminal (as `TerminalOptions` says), it fits the
/// width, elides the middle of a long result with a footer giving the row count, and
/// colours RAGs and directions of travel. A table that cannot fit the terminal even with
/// its columns narrowed as far as they go (a `compare` with every comparator, say) is
/// shown one field per line instead, as psql's `\x auto` does, rather than wrapped.
struct TableRenderer {
    let result: ResultTable
    let options: TerminalOptions

    static let red = 31, green = 32, amber = 33

    func write(to output: inout some TextOutputStream) {
        var table = TextTable(columns: result.columns.map { .init($0.name, $0.isNumeric ? .right : .left) })
        table.maxWidth = options.width
        let total = result.stream?.count ?? result.rows.count
        var shown = Array(0..<total)
        var elided = 0
        if let maxRows = options.maxRows, maxRows > 0, total > maxRows {
            let head = (maxRows + 1) / 2, tail = maxRows / 2
            elided = total - head - tail
            shown = Array(0..<head) + Array(total - tail..<total)
        }
        // A streamed result's rows shown, and only those, made into cells: a terminal's
        // table of ten million rows makes the first and last few (all, with .maxrows 0).
        var made: [Int: [Cell]] = [:]
        if let stream = result.stream {
            var start = 0
            while start < shown.count {
                var end = start + 1
                while end < shown.count, shown[end] == shown[end - 1] + 1 { end += 1 }
                for (offset, row) in stream.rows(in: shown[start]..<shown[end - 1] + 1).enumerated() { made[shown[start] + offset] = row }
                start = end
            }
        }
        // Each table row's number in the result (from 1), nil for the elision's row.
        var numbers: [Int?] = []
        for (position, index) in shown.enumerated() {
            let row = made[index] ?? result.rows[index]
            if elided > 0, position == (options.maxRows! + 1) / 2 {
                table.rows.append(result.columns.map { _ in "…" })
                table.colours.append([])
                numbers.append(nil)
            }
            table.rows.append(row.map(CellFormatter.text))
            table.colours.append(options.colour ? zip(result.columns, row).map { $0.isBand ? Self.bandColour($1) : Self.colour($1) } : [])
            numbers.append(index + 1)
        }
        if table.fits || table.rows.isEmpty {
            table.write(to: &output)
        } else {
            writeExpanded(table, numbers: numbers, to: &output)
        }
        for line in Sparkline.lines(result.series) { output.write(line + "\n") }
        if elided > 0 {
            output.write("(\(formatCount(total)) rows, \(formatCount(elided)) not shown: .maxrows N to change, .maxrows 0 for all)\n")
        }
    }

    /// Each row as `name  value` lines under a `-[ row N ]-` rule, names aligned.
    private func writeExpanded(_ table: TextTable, numbers: [Int?], to output: inout some TextOutputStream) {
        let nameWidth = table.columns.map(\.name.displayWidth).max() ?? 0
        for (position, row) in table.rows.enumerated() {
            guard let number = numbers[position] else {
                output.write("…\n")
                continue
            }
            output.write("-[ row \(formatCount(number)) ]" + String(repeating: "-", count: max(3, nameWidth - 6)) + "\n")
            let colours = table.colours.indices.contains(position) ? table.colours[position] : []
            for (index, column) in table.columns.enumerated() where index < row.count {
                var line = column.name
                if !row[index].isEmpty {
                    let cell = colours.indices.contains(index) ? colours[index].map { TextTable.coloured(row[index], $0) } : nil
                    line += String(repeating: " ", count: nameWidth - column.name.displayWidth) + "  " + (cell ?? row[index])
                }
                output.write(line + "\n")
            }
        }
    }

    /// LAIT colours band A green and band D red (`get_quartile_band_cell_colour`,
    /// R/fn_helper_functions.R); a band is only given where the polarity is H or L.
    static func bandColour(_ cell: Cell) -> Int? {
        switch cell {
        case .text("A"): green
        case .text("D"): red
        default: nil
        }
    }

    static func colour(_ cell: Cell) -> Int? {
        switch cell {
        case .rag(.red), .direction(.worsened): red
        case .rag(.amber): amber
        case .rag(.green), .direction(.improved): green
        default: nil
        }
    }
}
