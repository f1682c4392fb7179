import ScryEngine
import ScryStore

/// JSON: an array of objects, one per row, keyed by column name (`jsonl`: one object per
/// line, no array). Figures are numbers at their displayed decimals; a missing value is
/// null, and its symbol, when it has one, goes in a sibling field `NAME_symbol`
/// (`"value": null, "value_symbol": "c"`). RAGs, directions and periods are strings, and
/// so is every value of a mixed column (a `describe`'s), as it is shown.
enum JSONRenderer {
    static func write(_ result: ResultTable, lines: Bool, to output: inout some TextOutputStream) {
        if !lines { output.write(result.rows.isEmpty ? "[]\n" : "[\n") }
        let keys = result.columns.map { quoted($0.name) }
        for (index, row) in result.rows.enumerated() {
            let object = self.object(row, of: result, keys: keys)
            if lines {
                output.write(object + "\n")
            } else {
                output.write("  " + object + (index == result.rows.count - 1 ? "\n]\n" : ",\n"))
            }
        }
    }

    /// A streamed result, a chunk at a time: the same text `write` gives for its rows.
    static func write(_ result: ResultTable, stream: ResultStream, lines: Bool, to output: inout some TextOutputStream) {
        if !lines { output.write(stream.count == 0 ? "[]\n" : "[\n") }
        let keys = result.columns.map { quoted($0.name) }
        var written = 0
        var text = ""
        stream.forEachChunk { chunk in
            text.removeAll(keepingCapacity: true)
            for index in 0..<chunk.count {
                let object = self.object(chunk.row(index), of: result, keys: keys)
                text += lines ? object + "\n" : (written > 0 ? ",\n  " : "  ") + object
                written += 1
            }
            output.write(text)
        }
        // Closed where it ends, or where Ctrl-C stopped it.
        if !lines, written > 0 { output.write("\n]\n") }
    }

    /// A row as an object: a member for each column, and `NAME_symbol` beside a missing
    /// value that has a symbol.
    static func object(_ row: [Cell], of result: ResultTable, keys: [String]) -> String {
        var members: [String] = []
        for (column, cell) in row.enumerated() where column < keys.count {
            members.append(keys[column] + ":" + value(result.columns[column].isMixed ? ResultRenderer.shownAsText(cell) : cell))
            if case .missing(let state) = cell, !state.symbol.isEmpty {
                members.append(quoted(result.columns[column].name + "_symbol") + ":" + quoted(state.symbol))
            }
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func value(_ cell: Cell) -> String {
        switch cell {
        case .empty, .missing: "null"
        case .number(let value, let decimals, _): value.isFinite ? CellFormatter.fixed(value, decimals: decimals) : "null"
        case .count(let value): String(value)
        case .text(let text): quoted(text)
        case .rag(let rag): rag == .none ? "null" : quoted(rag.code)
        case .direction(let direction): quoted(direction.rawValue)
        case .period(let period): quoted(period.description)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
