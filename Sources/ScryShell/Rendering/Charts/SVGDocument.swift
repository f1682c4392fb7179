import ScryEngine

/// A standalone SVG document, built up as text: an `<svg>` with `role="img"`, its
/// `<title>` and `<desc>`, and elements whose coordinates are written with one decimal,
/// so that the same chart always gives the same bytes. No script, no external reference,
/// no date, no random identifier.
struct SVGDocument {
    static let width = 680
    /// Text sizes: legible when the chart is printed at A4 width (680 units across about
    /// 170 mm is 4 units a millimetre, so 13 units is over 3 mm).
    static let fontSize = 14, smallFontSize = 13, titleFontSize = 16
    static let font = "Arial, Helvetica, sans-serif"

    /// The Government Analysis Function's categorical palette, in its order: dark blue,
    /// turquoise, dark pink, orange (then dark grey), with its advice to draw at most four
    /// categories; its focus palette picks out one bar in dark blue among grey ones. From
    /// the Analysis Function's colour guidance as its afcharts package publishes it:
    /// https://best-practice-and-impact.github.io/afcharts-py/04-colour-palettes.html
    static let categorical = ["#12436D", "#28A197", "#801650", "#F46A25"]
    static let darkGrey = "#3D3D3D", focusGrey = "#BFBFBF", axisGrey = "#626A6E", gridGrey = "#E5E6E7"

    private(set) var text = ""
    let height: Int

    init(height: Int, title: String, description: String) {
        self.height = height
        text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.width)\" height=\"\(height)\" viewBox=\"0 0 \(Self.width) \(height)\" "
            + "role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"\(Self.font)\" font-size=\"\(Self.fontSize)\">\n"
            + "<title id=\"chart-title\">\(XMLText.escaped(title))</title>\n"
            + "<desc id=\"chart-desc\">\(XMLText.escaped(description))</desc>\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(Self.width)\" height=\"\(height)\" fill=\"#FFFFFF\"/>\n"
    }

    /// The document, closed.
    var finished: String { text + "</svg>\n" }

    /// `12.5`: a coordinate with one decimal, `12` when whole.
    static func number(_ value: Double) -> String {
        let fixed = CellFormatter.fixed(value, decimals: 1)
        return fixed.hasSuffix(".0") ? String(fixed.dropLast(2)) : fixed
    }

    mutating func add(_ element: String) { text += element + "\n" }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        add("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(Self.number(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func label(_ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Int = fontSize, fill: String = darkGrey,
                        bold: Bool = false) {
        add("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(size)\" fill=\"\(fill)\""
            + (bold ? " font-weight=\"bold\"" : "") + ">\(XMLText.escaped(content))</text>")
    }

    /// The title on up to two lines of about `characters` each, broken at spaces; returns
    /// the height it took.
    mutating func title(_ content: String, characters: Int = 64) -> Double {
        var lines: [String] = [], current = ""
        for word in content.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > characters {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > 2 { lines = [lines[0], TerminalChart.cut(lines[1...].joined(separator: " "), to: characters)] }
        for (index, line) in lines.enumerated() {
            label(line, x: 16, y: 26 + Double(index * 20), size: Self.titleFontSize, fill: "#0B0C0C", bold: true)
        }
        return 26 + Double(lines.count - 1) * 20
    }
}

/// Writes a chart as a standalone SVG file.
enum SVGChart {
    static func write(_ chart: ResultTable.Chart, to output: inout some TextOutputStream) {
        switch chart.kind {
        case .line: output.write(SVGLineChart(chart: chart).document())
        case .bar: output.write(SVGBarChart(chart: chart).document())
        }
    }
}
