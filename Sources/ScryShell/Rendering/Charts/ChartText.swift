import ScryEngine
import ScryStore

/// The words of a chart, the same in the terminal and in SVG: its title, its figures as
/// the indicator shows them, what each line is, and a sentence saying what it shows (an
/// SVG's `<desc>`, for screen readers).
enum ChartText {
    typealias Chart = ResultTable.Chart

    /// `A10 Numbers of Children with a CP Plan per 10,000 population under 18`
    static func title(_ chart: Chart) -> String {
        (chart.code + " " + chart.name).controlCharactersEscaped
    }

    /// A figure at the indicator's decimals, with `%` for a percentage.
    static func figure(_ value: Double, of chart: Chart) -> String {
        CellFormatter.text(.number(value, decimals: chart.decimals, unit: chart.unit))
    }

    static func period(_ period: Period) -> String { CellFormatter.text(.period(period)) }

    /// The chart's unit in words, for the axis: `per cent`, `per 10,000`.
    static func unit(_ chart: Chart) -> String {
        switch chart.unit {
        case .percent: "per cent"
        case .per10000: "rate per 10,000"
        case .per1000: "rate per 1,000"
        case .per100000: "rate per 100,000"
        default: chart.unit.description
        }
    }

    /// The periods a chart covers: `2012-09 to 2013-07`, or the one period.
    static func span(_ chart: Chart) -> String {
        guard let first = chart.periods.first, let last = chart.periods.last else { return "no period" }
        return first == last ? period(first) : period(first) + " to " + period(last)
    }

    /// The index and value of a series' latest figure.
    static func latest(_ values: [Double?]) -> (index: Int, value: Double)? {
        guard let index = values.lastIndex(where: { $0 != nil }) else { return nil }
        return (index, values[index]!)
    }

    /// `Kent 24.1`: a line's label with its latest figure.
    static func label(_ series: Chart.Series, of chart: Chart) -> String {
        let name = series.label.controlCharactersEscaped
        return latest(series.values).map { name + " " + figure($0.value, of: chart) } ?? name
    }

    /// `England 83% (2015/16)`: a reference line's label with its figure.
    static func label(_ reference: Chart.Reference, of chart: Chart) -> String {
        reference.label.controlCharactersEscaped + " " + figure(reference.value, of: chart) + (reference.period.map { " (" + period($0) + ")" } ?? "")
    }

    /// What the chart shows, in a few sentences.
    static func description(_ chart: Chart, scale: ChartScale) -> String {
        var text: String
        switch chart.kind {
        case .line:
            let lines = chart.series.filter { $0.role == .area || $0.role == .comparator }.map { $0.label.controlCharactersEscaped }
            let references = chart.series.filter { $0.role == .target || $0.role == .floor }.map(\.label)
            text = "Line chart of \(chart.code) (\(unit(chart))) from \(span(chart)) for " + list(lines)
                + (references.isEmpty ? "" : ", with the " + list(references) + " as dashed lines") + "."
            let latest = chart.series.compactMap { series in
                ChartText.latest(series.values).map { "\(series.label.controlCharactersEscaped) \(figure($0.value, of: chart)) in \(period(chart.periods[$0.index]))" }
            }
            if !latest.isEmpty { text += " Latest figures: " + latest.joined(separator: "; ") + "." }
            text += " The value axis runs from \(figure(scale.low, of: chart)) to \(figure(scale.high, of: chart))"
                + (scale.low > 0 ? ", not from zero." : ".")
        case .bar:
            text = "Bar chart of \(chart.code) (\(unit(chart))) for \(span(chart)): \(chart.categories.count) areas, best first."
            let values = chart.series.first?.values ?? []
            let shown = zip(chart.categories, values).prefix(3).map { "\($0.controlCharactersEscaped) \($1.map { figure($0, of: chart) } ?? "no figure")" }
            if !shown.isEmpty { text += " First: " + shown.joined(separator: "; ") + "." }
            if let highlight = chart.highlight {
                text += " Highlighted: \(chart.categories[highlight].controlCharactersEscaped), \(highlight + 1) of \(chart.categories.count), "
                    + (values[highlight].map { figure($0, of: chart) } ?? "no figure") + "."
            }
            if !chart.references.isEmpty { text += " Reference lines: " + chart.references.map { label($0, of: chart) }.joined(separator: "; ") + "." }
        }
        return text
    }

    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "no area" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
