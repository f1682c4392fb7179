import ScryEngine

/// A bar chart as SVG: a horizontal bar for each area, best first, measured from zero,
/// with its figure at its end; the highlighted area in dark blue among grey bars (the
/// Analysis Function's focus palette), or every bar dark blue when none is; England and
/// the target as lines across the bars, named in the legend with their figures.
struct SVGBarChart {
    let chart: ResultTable.Chart

    static let nameRight = 190.0, barLeft = 198.0, barRight = 590.0

    func document() -> String {
        let values = chart.series.first?.values ?? []
        let present = values.compactMap { $0 }
        let scale = ChartScale(present.isEmpty ? [0] : present + chart.references.map(\.value), decimals: chart.decimals, includingZero: true)
        let rowHeight = values.count <= 30 ? 24.0 : 16.0
        var probe = SVGDocument(height: 0, title: "", description: "")
        let titleBottom = probe.title(ChartText.title(chart))
        let top = titleBottom + 46
        let bottom = top + Double(values.count) * rowHeight
        let height = Int(bottom) + 40 + 24 * (1 + chart.references.count / 2)
        var svg = SVGDocument(height: height, title: ChartText.title(chart) + ", " + ChartText.span(chart),
                              description: ChartText.description(chart, scale: scale))
        _ = svg.title(ChartText.title(chart))
        let order = chart.polarity == .high || chart.polarity == .low ? "best first" : "highest first"
        svg.label(ChartText.unit(chart).capitalisedFirst + ", " + ChartText.span(chart) + "; " + order, x: 16, y: titleBottom + 22,
                  size: SVGDocument.smallFontSize, fill: SVGDocument.axisGrey)
        func x(_ value: Double) -> Double { Self.barLeft + scale.fraction(value) * (Self.barRight - Self.barLeft) }

        for tick in scale.ticks {
            svg.line(x(tick), top - 4, x(tick), bottom, stroke: SVGDocument.gridGrey)
            svg.label(ChartText.figure(tick, of: chart), x: x(tick), y: bottom + 18, anchor: .middle, size: SVGDocument.smallFontSize,
                      fill: SVGDocument.axisGrey)
        }
        let size = rowHeight < 20 ? 12 : SVGDocument.smallFontSize
        for (index, value) in values.enumerated() {
            let rowTop = top + Double(index) * rowHeight
            let middle = rowTop + rowHeight / 2 + Double(size) * 0.35
            let highlighted = chart.highlight == index
            svg.label(TerminalChart.cut(chart.categories[index], to: 26), x: Self.nameRight, y: middle, anchor: .end, size: size,
                      fill: highlighted ? "#0B0C0C" : SVGDocument.darkGrey, bold: highlighted)
            guard let value else {
                svg.label("no figure", x: Self.barLeft + 6, y: middle, size: size, fill: SVGDocument.axisGrey)
                continue
            }
            let fill = chart.highlight == nil || highlighted ? SVGDocument.categorical[0] : SVGDocument.focusGrey
            let from = min(x(0), x(value)), to = max(x(0), x(value))
            svg.add("<rect x=\"\(SVGDocument.number(from))\" y=\"\(SVGDocument.number(rowTop + rowHeight * 0.15))\" "
                    + "width=\"\(SVGDocument.number(to - from))\" height=\"\(SVGDocument.number(rowHeight * 0.7))\" fill=\"\(fill)\"/>")
            svg.label(ChartText.figure(value, of: chart), x: to + 6, y: middle, size: size, fill: "#0B0C0C", bold: highlighted)
        }
        svg.line(x(0), top - 4, x(0), bottom, stroke: SVGDocument.axisGrey)
        for (index, reference) in chart.references.enumerated() {
            let style = self.style(reference)
            svg.line(x(reference.value), top - 8, x(reference.value), bottom + 4, stroke: style.colour, width: 2, dash: style.dash)
            let legendY = bottom + 48 + Double(index / 2) * 24
            let legendX = 16 + Double(index % 2) * 330
            svg.line(legendX, legendY - 4.5, legendX + 26, legendY - 4.5, stroke: style.colour, width: 2, dash: style.dash)
            svg.label(TerminalChart.cut(ChartText.label(reference, of: chart), to: 38), x: legendX + 34, y: legendY)
        }
        return svg.finished
    }

    /// England solid turquoise, the target dashed dark grey.
    private func style(_ reference: ResultTable.Chart.Reference) -> (colour: String, dash: String?) {
        switch reference.role {
        case .target, .floor: (SVGDocument.darkGrey, "8 5")
        case .area, .comparator: (SVGDocument.categorical[1], nil)
        }
    }
}
