import ScryEngine
import ScryStore

/// A result as a self-contained HTML page, to attach to a committee paper as it is: inline
/// CSS, sparklines as inline SVG, no script and no reference to any other file, laid out
/// for A4. A RAG is written as its letter and word as well as coloured, so that it does not
/// rest on colour alone (GOV.UK's guidance on colour); directions of travel keep their
/// arrow and word. The page is well-formed XML as well as HTML, so any XML reader opens it.
/// Each result is a page of its own: `.once FILE.html` before a statement writes one. A
/// chart is set in its page as the SVG file draws it.
enum HTMLRenderer {
    static func write(_ result: ResultTable, to output: inout some TextOutputStream) {
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        page += "<title>" + XMLText.escaped(title(of: result)) + "</title>\n<style>\n" + style + "</style>\n</head>\n<body>\n"
        page += "<h1>" + XMLText.escaped(title(of: result)) + "</h1>\n"
        if let chart = result.chart {
            page += inlineSVG(chart)
        } else if result.sections.isEmpty {
            page += table(result)
        } else {
            for section in result.sections {
                page += "<section>\n<h2>" + XMLText.escaped(SectionRenderer.heading(section, withDataset: false)) + "</h2>\n"
                for part in section.parts { page += table(part.table) }
                page += "</section>\n"
            }
        }
        if !result.notes.isEmpty {
            page += "<ul class=\"notes\">\n" + result.notes.map { "<li>" + XMLText.escaped(CellFormatter.text($0)) + "</li>\n" }.joined() + "</ul>\n"
        }
        output.write(page + "</body>\n</html>\n")
    }

    /// A chart drawn as the SVG file has it, set in the page: without the XML declaration
    /// and the namespace, which HTML gives inline SVG itself.
    static func inlineSVG(_ chart: ResultTable.Chart) -> String {
        var svg = ""
        SVGChart.write(chart, to: &svg)
        if svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") { svg = String(svg[svg.index(after: end)...]) }
        return svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    }

    /// The page's title: a chart's indicator, the first section's area and dataset (a
    /// scorecard's), else "scry".
    static func title(of result: ResultTable) -> String {
        if let chart = result.chart { return chart.code + " " + chart.name }
        guard let first = result.sections.first else { return "scry" }
        let parts = ["area", "dataset"].compactMap { first.field($0).map(CellFormatter.text) }.filter { !$0.isEmpty }
        return parts.isEmpty ? "scry" : parts.joined(separator: ", ")
    }

    static let style = """
        @page { size: A4 landscape; margin: 12mm; }
        body { font-family: Arial, Helvetica, sans-serif; font-size: 9pt; color: #0b0c0c; }
        h1 { font-size: 15pt; margin: 0 0 0.4em; }
        h2 { font-size: 12pt; margin: 1em 0 0.3em; page-break-after: avoid; }
        table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; }
        th, td { border: 1px solid #b1b4b6; padding: 2px 4px; vertical-align: top; }
        th { background: #f3f2f1; text-align: left; }
        tr { page-break-inside: avoid; }
        td.number { text-align: right; white-space: nowrap; }
        td.rag-R { background: #d4351c; color: #ffffff; font-weight: bold; }
        td.rag-A { background: #f47738; color: #0b0c0c; font-weight: bold; }
        td.rag-G { background: #00703c; color: #ffffff; font-weight: bold; }
        td.improved { color: #00703c; }
        td.worsened { color: #d4351c; }
        svg.sparkline { vertical-align: middle; }
        ul.notes { color: #505a5f; font-size: 8pt; }

        """

    /// A table; where the result has a series for each code, a `trend` column draws it.
    static func table(_ result: ResultTable) -> String {
        let codeColumn = result.columns.firstIndex { $0.name == "code" }
        var series: [String: [Double?]] = [:]
        for line in result.series { series[line.label] = line.values }
        let withTrend = codeColumn != nil && !series.isEmpty
        var html = "<table>\n<thead><tr>" + result.columns.map { "<th>" + XMLText.escaped($0.name) + "</th>" }.joined()
            + (withTrend ? "<th>trend</th>" : "") + "</tr></thead>\n<tbody>\n"
        for row in result.rows {
            html += "<tr>" + zip(result.columns, row).map { cell($1, in: $0) }.joined()
            if withTrend, let codeColumn, case .text(let code) = row[codeColumn] {
                html += "<td>" + (series[code].map(sparkline) ?? "") + "</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func cell(_ cell: Cell, in column: ResultTable.Column) -> String {
        switch cell {
        case .rag(let rating) where rating != .none:
            let word = switch rating {
            case .red: "Red"
            case .amber: "Amber"
            case .green, .none: "Green"
            }
            return "<td class=\"rag-\(rating.code)\">" + rating.code + " " + word + "</td>"
        case .direction(let direction):
            return "<td class=\"\(direction.rawValue)\">" + XMLText.escaped(CellFormatter.text(cell)) + "</td>"
        default:
            let text = XMLText.escaped(CellFormatter.text(cell))
            return column.isNumeric || cell.isFigure ? "<td class=\"number\">" + text + "</td>" : "<td>" + text + "</td>"
        }
    }

    /// A small line over the values, with a gap where one is missing and a dot on the latest.
    static func sparkline(_ values: [Double?]) -> String {
        let width = 60.0, height = 16.0, margin = 2.0
        let heights = Sparkline.heights(values)
        let step = values.count > 1 ? (width - 2 * margin) / Double(values.count - 1) : 0
        func x(_ index: Int) -> String { CellFormatter.fixed(margin + Double(index) * step, decimals: 1) }
        func y(_ fraction: Double) -> String { CellFormatter.fixed(height - margin - fraction * (height - 2 * margin), decimals: 1) }
        func point(_ index: Int, _ fraction: Double) -> String { x(index) + "," + y(fraction) }
        var runs: [[String]] = [[]]
        for (index, fraction) in heights.enumerated() {
            if let fraction { runs[runs.count - 1].append(point(index, fraction)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        let label = "trend: " + values.map { $0.map { CellFormatter.fixed($0, decimals: 1) } ?? "missing" }.joined(separator: ", ")
        var svg = "<svg class=\"sparkline\" width=\"60\" height=\"16\" viewBox=\"0 0 60 16\" role=\"img\" aria-label=\""
            + XMLText.escaped(label) + "\">"
        for run in runs where run.count > 1 {
            svg += "<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"1.5\" points=\"" + run.joined(separator: " ") + "\"/>"
        }
        if let last = heights.indices.last, let fraction = heights[last] {
            svg += "<circle cx=\"\(x(last))\" cy=\"\(y(fraction))\" r=\"2\" fill=\"#1d70b8\"/>"
        }
        return svg + "</svg>"
    }
}
