import ScryLanguage
import ScryStore

extension Engine {
    /// `trend A3 for Kent from 2012-09 to 2013-07` → one row per period, oldest first, with
    /// the direction of travel, and a sparkline of the values under the table.
    func run(_ trend: Trend, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let indicators = compiler.resolveIndicators(trend.indicator.text)
        guard !indicators.isEmpty else { throw compiler.unknownIndicator(trend.indicator.text, at: trend.indicator.range) }
        var conditions: [Narrowing] = [.indicators(Narrowing.members(indicators, of: store.indicators.count))]
        var area: Int?
        if let name = trend.area {
            guard let index = compiler.resolveArea(name.text) else {
                throw compiler.unknownArea(name.text, at: name.range)
            }
            area = index
            conditions.append(.areas(Narrowing.members([index], of: store.areas.count)))
        }
        if let from = trend.from, let to = trend.to {
            conditions.append(try compiler.narrowing(PeriodPredicate.range(from, to)))
        }
        var selection = try select(trend.filter, also: conditions, compiler: compiler)
        let observations = store.observations
        selection.sort { a, b in
            let left = Period(raw: observations.period[a]), right = Period(raw: observations.period[b])
            return (observations.indicator[a], observations.area[a], left.endMonth, left.length)
                < (observations.indicator[b], observations.area[b], right.endMonth, right.length)
        }
        var columns: [Column.Field] = [.period, .value, .target, .rag, .dot]
        if area == nil { columns.insert(.area, at: 0) }
        if indicators.count > 1 { columns.insert(.dataset, at: 0) }
        let compiled = columns.map { compiler.compile($0) }
        var table = ResultTable(columns: zip(columns, compiled).map { ResultTable.Column($0.rawValue, numeric: $1.isNumeric) })
        table.rows = selection.map { row in compiled.map { $0.cell(row) } }

        // One sparkline for each indicator and area, in the table's order.
        var series: [(String, [Double?])] = []
        for row in selection {
            let label = (indicators.count > 1 ? store.datasets[store.indicators[Int(observations.indicator[row])].dataset].name + " " : "")
                + store.areas[Int(observations.area[row])].name
            if series.last?.0 != label { series.append((label, [])) }
            series[series.count - 1].1.append(observations.value[row].number)
        }
        for (label, values) in series {
            table.footer.append((series.count > 1 ? label + ": " : "") + Sparkline.draw(values))
        }
        if selection.isEmpty { table.notes.append("note: no observations of \(trend.indicator.text) match") }
        return table
    }
}

/// A line of block characters, one per value, lowest to highest: `▁▃▅█`. A missing value is
/// a space.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func draw(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { value -> Character in
            guard let value else { return " " }
            guard high > low else { return blocks[3] }
            // Halves first, so that values spanning more than a double's range (±1e308)
            // still give a finite fraction.
            let fraction = (value / 2 - low / 2) / (high / 2 - low / 2)
            guard fraction.isFinite else { return blocks[3] }
            let index = Int((fraction * Double(blocks.count - 1)).rounded())
            return blocks[min(max(index, 0), blocks.count - 1)]
        })
    }
}
