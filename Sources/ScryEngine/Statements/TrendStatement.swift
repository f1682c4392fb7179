import ScryLanguage
import ScryStore

extension Engine {
    /// `trend A3 for Kent from 2012-09 to 2013-07` → one row per period, oldest first, with
    /// the direction of travel, and the values of each indicator and area as a series,
    /// which renderers draw as a sparkline under the table.
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

        // One series for each indicator and area, in the table's order.
        for row in selection {
            let label = (indicators.count > 1 ? store.datasets[store.indicators[Int(observations.indicator[row])].dataset].name + " " : "")
                + store.areas[Int(observations.area[row])].name
            if table.series.last?.label != label { table.series.append(.init(label: label, values: [])) }
            table.series[table.series.count - 1].values.append(observations.value[row].number)
        }
        if selection.isEmpty { table.notes.append("note: no observations of \(trend.indicator.text) match") }
        return table
    }
}
