import ScryEngine

/// A line chart as SVG: round figures on a value axis that starts near the lowest figure
/// (and says so), light grid lines, a line for each series in the Analysis Function's
/// palette with a dot at each figure and gaps where one is missing, dashed target and
/// floor, each line labelled at its latest figure with that figure, periods under the
/// axis, and a legend.
struct SVGLineChart {
    let chart: ResultTable.Chart

    static let height = 440
    static let left = 76.0, right = Double(SVGDocument.width) - 170

    func document() -> String {
        let values = chart.series.flatMap { $0.values.compactMap { $0 } }
        let scale = ChartScale(values.isEmpty ? [0] : values, decimals: chart.decimals)
        var svg = SVGDocument(height: Self.height, title: ChartText.title(chart) + ", " + ChartText.span(chart),
                              description: ChartText.description(chart, scale: scale))
        let titleBottom = svg.title(ChartText.title(chart))
        let start = scale.low > 0 ? "; the value axis starts at \(ChartText.figure(scale.low, of: chart)), not zero" : ""
        svg.label(ChartText.unit(chart).capitalisedFirst + ", " + ChartText.span(chart) + start, x: 16, y: titleBottom + 22,
                  size: SVGDocument.smallFontSize, fill: SVGDocument.axisGrey)
        let top = titleBottom + 48, bottom = Double(Self.height) - 84
        func x(_ index: Int) -> Double {
            chart.periods.count == 1 ? (Self.left + Self.right) / 2
                : Self.left + 12 + Double(index) * (Self.right - Self.left - 24) / Double(chart.periods.count - 1)
        }
        func y(_ value: Double) -> Double { bottom - scale.fraction(value) * (bottom - top) }

        for tick in scale.ticks {
            svg.line(Self.left, y(tick), Self.right, y(tick), stroke: SVGDocument.gridGrey)
            svg.label(ChartText.figure(tick, of: chart), x: Self.left - 8, y: y(tick) + 4.5, anchor: .end, size: SVGDocument.smallFontSize,
                      fill: SVGDocument.axisGrey)
        }
        svg.line(Self.left, bottom, Self.right, bottom, stroke: SVGDocument.axisGrey)
        // Period labels, thinned to fit about one per 64 units; the last always shown.
        let every = max(1, Int((Double(chart.periods.count) * 64 / (Self.right - Self.left)).rounded(.up)))
        for (index, period) in chart.periods.enumerated() where index % every == 0 || index == chart.periods.count - 1 {
            if index != chart.periods.count - 1, chart.periods.count - 1 - index < every { continue }
            svg.line(x(index), bottom, x(index), bottom + 5, stroke: SVGDocument.axisGrey)
            svg.label(ChartText.period(period), x: x(index), y: bottom + 22, anchor: .middle, size: SVGDocument.smallFontSize,
                      fill: SVGDocument.axisGrey)
        }

        var endLabels: [(y: Double, text: String, colour: String)] = []
        // The first area on top of the other lines; dashed references over them all, so
        // that a target equal to England's figure still shows.
        let drawOrder = chart.series.indices.sorted { (isReference($0) ? 1 : 0, -$0) < (isReference($1) ? 1 : 0, -$1) }
        for index in drawOrder {
            let series = chart.series[index]
            let style = self.style(index)
            var run: [(Double, Double)] = []
            func flush() {
                if run.count > 1 {
                    svg.add("<polyline points=\"" + run.map { SVGDocument.number($0.0) + "," + SVGDocument.number($0.1) }.joined(separator: " ")
                            + "\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"\(style.width)\" stroke-linejoin=\"round\""
                            + (style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
                }
                if run.count == 1 || !isReference(index) {
                    for point in run {
                        svg.add("<circle cx=\"\(SVGDocument.number(point.0))\" cy=\"\(SVGDocument.number(point.1))\" r=\"3.5\" fill=\"\(style.colour)\"/>")
                    }
                }
                run = []
            }
            for (position, value) in series.values.enumerated() {
                guard let value else { flush(); continue }
                run.append((x(position), y(value)))
            }
            flush()
            if let latest = ChartText.latest(series.values) {
                endLabels.append((y(latest.value), ChartText.label(series, of: chart), style.colour))
            }
        }
        // Labels at the right, in the order of their lines, pushed apart to stay legible.
        endLabels.sort { $0.y < $1.y }
        var previous = -Double.infinity
        for var label in endLabels {
            label.y = max(label.y, previous + 17)
            previous = label.y
            svg.label(TerminalChart.cut(label.text, to: 19), x: Self.right + 10, y: label.y + 4.5, fill: label.colour, bold: true)
        }

        // The legend: a sample of each line and its name.
        var legendX = 16.0, legendY = Double(Self.height) - 30
        for index in chart.series.indices {
            let style = self.style(index)
            let name = TerminalChart.cut(chart.series[index].label, to: 28)
            let width = 34 + Double(name.count) * 7.5 + 18
            if legendX + width > Double(SVGDocument.width) - 16 {
                legendX = 16
                legendY += 20
            }
            svg.line(legendX, legendY - 4.5, legendX + 26, legendY - 4.5, stroke: style.colour, width: Double(style.width), dash: style.dash)
            svg.label(name, x: legendX + 34, y: legendY)
            legendX += width
        }
        return svg.finished
    }

    private func isReference(_ index: Int) -> Bool { chart.series[index].role == .target || chart.series[index].role == .floor }

    /// A series' colour, width and dash: the lines in the palette's order, the references
    /// dark grey and dashed.
    private func style(_ index: Int) -> (colour: String, width: Int, dash: String?) {
        switch chart.series[index].role {
        case .target: return (SVGDocument.darkGrey, 2, "8 5")
        case .floor: return (SVGDocument.darkGrey, 2, "3 4")
        case .area, .comparator:
            let position = chart.series[..<index].filter { $0.role == .area || $0.role == .comparator }.count
            return (SVGDocument.categorical[position % SVGDocument.categorical.count], 3, nil)
        }
    }
}

extension String {
    /// `Per cent`: the first letter in capitals.
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
