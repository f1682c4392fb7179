import ScryEngine

/// A chart drawn in the terminal's characters: braille dots (block characters for bars)
/// when the locale is UTF-8, ASCII otherwise; at the width `TerminalOptions` gives (80
/// columns in a pipe or a file), coloured when it says so.
enum TerminalChart {
    /// Columns when the output is no terminal, and the fewest a chart is drawn in.
    static let defaultWidth = 80, minimumWidth = 40

    static func write(_ chart: ResultTable.Chart, options: TerminalOptions, to output: inout some TextOutputStream) {
        let width = max(options.width ?? defaultWidth, minimumWidth)
        let lines = switch chart.kind {
        case .line: TerminalLineChart(chart: chart, width: width, unicode: options.unicode, colour: options.colour).lines()
        case .bar: TerminalBarChart(chart: chart, width: width, unicode: options.unicode, colour: options.colour).lines()
        }
        for line in lines { output.write(line + "\n") }
    }

    /// `text` cut to `width` characters, with `…` (or `~` in ASCII) where it was cut.
    static func cut(_ text: String, to width: Int, unicode: Bool = true) -> String {
        guard text.count > width else { return text }
        return String(text.prefix(max(0, width - 1))) + (unicode ? "…" : "~")
    }

    /// `text` padded with spaces to `width`, on the left for `right`.
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    /// Labels set along a line of `width` characters, each centred on its column as far as
    /// the ends allow; the last always, and any other that would touch the label before it
    /// or the last is left out.
    static func placed(_ labels: [(column: Int, text: String)], width: Int) -> String {
        var line = Array(repeating: Character(" "), count: width)
        func span(_ label: (column: Int, text: String)) -> Range<Int> {
            let length = min(label.text.count, width)
            let start = min(max(label.column - length / 2, 0), width - length)
            return start..<start + length
        }
        let last = labels.last.map(span)
        var end = -1
        for (index, label) in labels.enumerated() {
            let place = span(label)
            let isLast = index == labels.count - 1
            guard isLast || (place.lowerBound > end && place.upperBound < (last?.lowerBound ?? width + 1)) else { continue }
            for (offset, character) in label.text.prefix(place.count).enumerated() { line[place.lowerBound + offset] = character }
            end = place.upperBound
        }
        return String(line).trailingSpacesTrimmed
    }

    /// Legend entries laid out across lines no wider than `width`, three spaces apart.
    static func legend(_ entries: [(plain: String, shown: String)], width: Int) -> [String] {
        var lines: [String] = [], current = "", currentWidth = 0
        for entry in entries {
            if currentWidth > 0, currentWidth + 3 + entry.plain.count > width {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            if currentWidth > 0 {
                current += "   "
                currentWidth += 3
            }
            current += entry.shown
            currentWidth += entry.plain.count
        }
        if currentWidth > 0 { lines.append(current) }
        return lines
    }

    static func coloured(_ text: String, _ code: Int?, _ on: Bool) -> String {
        guard on, let code else { return text }
        return TextTable.coloured(text, code)
    }

    /// ANSI colours for the lines, in order, and for reference lines.
    static let lineColours = [34, 36, 35, 33], referenceColour = 90
}

extension String {
    var trailingSpacesTrimmed: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
