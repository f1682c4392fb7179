import ScryEngine

/// A bar chart in the terminal: a bar for each area, best first, measured from zero in
/// eighths of a block (whole `#`s in ASCII), its figure at the end of the row; the
/// highlighted area marked `▶` (`>`); England and the target as vertical lines through
/// the bars; a scale and a legend under them.
struct TerminalBarChart {
    let chart: ResultTable.Chart
    let width: Int
    let unicode: Bool
    let colour: Bool

    /// The longest area name shown in full.
    static let nameWidth = 24
    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    func lines() -> [String] {
        var lines = [TerminalChart.cut(ChartText.title(chart) + ", " + ChartText.span(chart), to: width, unicode: unicode)]
        let values = chart.series.first?.values ?? []
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return lines + ["(no figures to draw)"] }
        let scale = ChartScale(present + chart.references.map(\.value), decimals: chart.decimals, includingZero: true)
        let figures = values.map { $0.map { ChartText.figure($0, of: chart) } ?? "no figure" }
        let figureWidth = figures.map(\.count).max() ?? 0
        // Names give way to bars of at least 10 columns.
        let nameLimit = max(6, min(Self.nameWidth, width - 2 - 2 - 1 - figureWidth - 10))
        let names = chart.categories.map { TerminalChart.cut($0.controlCharactersEscaped, to: nameLimit, unicode: unicode) }
        let nameWidth = names.map(\.count).max() ?? 0
        let columns = max(10, width - 2 - nameWidth - 2 - 1 - figureWidth)
        let referenceColumns = chart.references.map { min(columns - 1, Int(scale.fraction($0.value) * Double(columns))) }
        let barColour = chart.highlight == nil ? TerminalChart.lineColours[0] : TerminalChart.referenceColour
        for (index, value) in values.enumerated() {
            var cells = Array(repeating: Character(" "), count: columns)
            var filled = 0
            if let value {
                let length = unicode ? Int((scale.fraction(value) * Double(columns * 8)).rounded()) : Int((scale.fraction(value) * Double(columns)).rounded())
                filled = unicode ? length / 8 : length
                for column in 0..<min(filled, columns) { cells[column] = unicode ? "█" : "#" }
                if unicode, length % 8 > 0, filled < columns { cells[filled] = Self.eighths[length % 8] }
            }
            for (reference, column) in zip(chart.references, referenceColumns) {
                cells[column] = column < filled ? (unicode ? "┃" : "|") : mark(reference)
            }
            let highlighted = chart.highlight == index
            let bar = TerminalChart.coloured(String(cells), highlighted ? TerminalChart.lineColours[0] : barColour, colour)
            let marker = highlighted ? (unicode ? "▶ " : "> ") : "  "
            lines.append((marker + TerminalChart.pad(names[index], nameWidth) + " " + (unicode ? "│" : "|") + bar + " "
                          + TerminalChart.pad(figures[index], figureWidth, right: true)).trailingSpacesTrimmed)
        }
        let indent = String(repeating: " ", count: 2 + nameWidth + 1)
        lines.append(indent + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: columns))
        let ticks = scale.ticks.map { (column: min(columns - 1, Int(scale.fraction($0) * Double(columns))), text: ChartText.figure($0, of: chart)) }
        lines.append(indent + " " + TerminalChart.placed(ticks, width: columns))
        var entries = chart.references.map { reference in
            (plain: String(mark(reference)) + " " + ChartText.label(reference, of: chart), shown: String(mark(reference)) + " " + ChartText.label(reference, of: chart))
        }
        if let highlight = chart.highlight {
            let text = (unicode ? "▶ " : "> ") + chart.categories[highlight].controlCharactersEscaped + ": \(highlight + 1) of \(values.count)"
            entries.append((plain: text, shown: text))
        }
        lines += TerminalChart.legend(entries, width: width)
        return lines
    }

    /// England's line `┊`, the target's `╎` (ASCII `|` and `:`).
    private func mark(_ reference: ResultTable.Chart.Reference) -> Character {
        switch reference.role {
        case .target, .floor: unicode ? "╎" : ":"
        case .area, .comparator: unicode ? "┊" : "|"
        }
    }
}
