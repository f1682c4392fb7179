import ScryEngine
import ScryStore

/// A result as aligned columns. On a terminal (as `TerminalOptions` says), it fits the
/// width, elides the middle of a long result with a footer giving the row count, and
/// colours RAGs and directions of travel.
struct TableRenderer {
    let result: ResultTable
    let options: TerminalOptions

    static let red = 31, green = 32, amber = 33

    func write(to output: inout some TextOutputStream) {
        var table = TextTable(columns: result.columns.map { .init($0.name, $0.isNumeric ? .right : .left) })
        table.maxWidth = options.width
        var shown = Array(result.rows.indices)
        var elided = 0
        if let maxRows = options.maxRows, maxRows > 0, result.rows.count > maxRows {
            let head = (maxRows + 1) / 2, tail = maxRows / 2
            elided = result.rows.count - head - tail
            shown = Array(0..<head) + Array(result.rows.count - tail..<result.rows.count)
        }
        for (position, index) in shown.enumerated() {
            let row = result.rows[index]
            if elided > 0, position == (options.maxRows! + 1) / 2 {
                table.rows.append(result.columns.map { _ in "…" })
                table.colours.append([])
            }
            table.rows.append(row.map(CellFormatter.text))
            table.colours.append(options.colour ? row.map(Self.colour) : [])
        }
        table.write(to: &output)
        for line in result.footer { output.write(line + "\n") }
        if elided > 0 {
            output.write("(\(formatCount(result.rows.count)) rows, \(formatCount(elided)) not shown: .maxrows N to change, .maxrows 0 for all)\n")
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
