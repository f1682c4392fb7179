import ScryEngine

/// A line chart in the terminal: the value axis on the left, labelled with round figures
/// in the indicator's unit and decimals from where it starts (not zero); a line for each
/// series, gaps where a figure is missing; dashed target and floor; each line labelled at
/// its latest figure on the right; period labels under the axis; a legend.
struct TerminalLineChart {
    let chart: ResultTable.Chart
    let width: Int
    let unicode: Bool
    let colour: Bool

    /// Rows of the plot.
    static let height = 12
    /// The longest label at the right of a line.
    static let labelWidth = 20

    private var isReference: (ResultTable.Chart.Series) -> Bool { { $0.role == .target || $0.role == .floor } }

    func lines() -> [String] {
        var lines = [TerminalChart.cut(ChartText.title(chart), to: width, unicode: unicode)]
        let values = chart.series.flatMap { $0.values.compactMap { $0 } }
        guard !values.isEmpty else { return lines + ["(no figures to draw)"] }
        let scale = ChartScale(values, decimals: chart.decimals)
        let tickLabels = scale.ticks.map { ChartText.figure($0, of: chart) }
        let axisWidth = tickLabels.map(\.count).max() ?? 1
        // The labels at the right give way to a plot of at least 10 columns.
        let labelWidth = max(4, min(Self.labelWidth, width - axisWidth - 2 - 10 - 1))
        let rightLabels = chart.series.map { TerminalChart.cut(ChartText.label($0, of: chart), to: labelWidth, unicode: unicode) }
        let rightWidth = (rightLabels.map(\.count).max() ?? 0) + 1
        let columns = max(10, width - axisWidth - 2 - rightWidth)
        var canvas = TerminalCanvas(columns: columns, rows: Self.height, unicode: unicode)
        let cellHeight = unicode ? 4 : 1, cellWidth = unicode ? 2 : 1
        let margin = cellWidth
        func x(_ index: Int) -> Int {
            chart.periods.count == 1 ? canvas.width / 2 : margin + index * (canvas.width - 1 - 2 * margin) / (chart.periods.count - 1)
        }
        func y(_ value: Double) -> Int { Int(((1 - scale.fraction(value)) * Double(canvas.height - 1)).rounded()) }

        // References under comparators under areas: the first area is drawn last, on top.
        let order = chart.series.indices.sorted { (isReference(chart.series[$0]) ? 0 : 1, -$0) < (isReference(chart.series[$1]) ? 0 : 1, -$1) }
        var rightRows: [Int: Int] = [:]
        for index in order {
            let series = chart.series[index]
            let style = self.style(index)
            var previous: (x: Int, y: Int)?
            for (position, value) in series.values.enumerated() {
                guard let value else { previous = nil; continue }
                let point = (x: x(position), y: y(value))
                if let previous {
                    canvas.line(from: previous, to: point, mark: style.mark, colour: style.colour, dashed: isReference(series))
                } else {
                    canvas.set(point.x, point.y, mark: style.mark, colour: style.colour)
                    canvas.set(point.x + 1, point.y, mark: style.mark, colour: style.colour)
                }
                previous = point
            }
        }
        // Each line's label on the row of its latest figure, or the nearest free row.
        var used = Set<Int>()
        for index in chart.series.indices {
            guard let latest = ChartText.latest(chart.series[index].values) else { continue }
            let wanted = y(latest.value) / cellHeight
            let row = ([0] + (1..<Self.height).flatMap { [$0, -$0] }).map { wanted + $0 }.first { (0..<Self.height).contains($0) && !used.contains($0) }
            if let row {
                used.insert(row)
                rightRows[row] = index
            }
        }
        var tickRows: [Int: String] = [:]
        for (tick, label) in zip(scale.ticks, tickLabels) where tickRows[y(tick) / cellHeight] == nil { tickRows[y(tick) / cellHeight] = label }
        for row in 0..<Self.height {
            var line = TerminalChart.pad(tickRows[row] ?? "", axisWidth, right: true) + " "
                + (tickRows[row] != nil ? (unicode ? "┤" : "+") : (unicode ? "│" : "|")) + canvas.text(row: row, colour: colour)
            if let index = rightRows[row] {
                line += " " + TerminalChart.coloured(rightLabels[index], style(index).colour, colour)
            }
            lines.append(line.trailingSpacesTrimmed)
        }
        lines.append(String(repeating: " ", count: axisWidth + 1) + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: columns))
        let periodLabels = chart.periods.enumerated().map { (column: $0.offset, text: ChartText.period($0.element)) }
            .map { (column: x($0.column) / cellWidth, text: $0.text) }
        lines.append(String(repeating: " ", count: axisWidth + 2) + TerminalChart.placed(periodLabels, width: columns + rightWidth))
        let entries = chart.series.indices.map { index in
            let style = self.style(index)
            let sample = String(repeating: unicode ? (isReference(chart.series[index]) ? "╌" : "─") : String(style.mark), count: 2)
            let label = chart.series[index].label.controlCharactersEscaped
            return (plain: sample + " " + label, shown: TerminalChart.coloured(sample, style.colour, colour) + " " + label)
        }
        lines += TerminalChart.legend(entries, width: width)
        lines.append(TerminalChart.cut("y axis from \(ChartText.figure(scale.low, of: chart)) to \(ChartText.figure(scale.high, of: chart))"
                                       + (scale.low > 0 ? ", not from zero" : "") + " (\(ChartText.unit(chart)))", to: width, unicode: unicode))
        return lines
    }

    /// A series' ASCII mark and colour: the lines in order, the references grey.
    private func style(_ index: Int) -> (mark: Character, colour: Int) {
        let series = chart.series[index]
        switch series.role {
        case .target: return ("-", TerminalChart.referenceColour)
        case .floor: return ("=", TerminalChart.referenceColour)
        case .area, .comparator:
            let position = chart.series[..<index].filter { !isReference($0) }.count
            return (["*", "o", "+", "x"][position % 4], TerminalChart.lineColours[position % 4])
        }
    }
}
