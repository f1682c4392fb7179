import ScryLanguage
import ScryStore

extension Engine {
    /// `trend A3 for Kent from 2012-09 to 2013-07` → one row per period, oldest first, with
    /// the direction of travel, and the values of each indicator and area as a series,
    /// which renderers draw as a sparkline under the table. `trend A3 for Kent, City` sets
    /// the areas' values side by side, in the order given, as `pivot by area` does; any
    /// pivot of a trend spreads its values alone.
    func run(_ trend: Trend, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let indicators = compiler.resolveIndicators(trend.indicator.text)
        guard !indicators.isEmpty else { throw compiler.unknownIndicator(trend.indicator.text, at: trend.indicator.range) }
        var conditions: [Narrowing] = [.indicators(Narrowing.members(indicators, of: store.indicators.count))]
        // Each named area's place in the list, which orders the rows and the series.
        let place = try compiler.places(of: trend.areas)
        if !place.isEmpty { conditions.append(.areas(Narrowing.members(Array(place.keys), of: store.areas.count))) }
        if let from = trend.from, let to = trend.to {
            conditions.append(try compiler.narrowing(PeriodPredicate.range(from, to)))
        }
        var selection = try select(trend.filter, also: conditions, compiler: compiler)
        let observations = store.observations
        selection.sort { a, b in
            let left = Period(raw: observations.period[a]), right = Period(raw: observations.period[b])
            let leftArea = Int(observations.area[a]), rightArea = Int(observations.area[b])
            return (observations.indicator[a], place[leftArea] ?? leftArea, left.endMonth, left.length)
                < (observations.indicator[b], place[rightArea] ?? rightArea, right.endMonth, right.length)
        }
        var columns: [Column.Field] = [.period, .value, .target, .rag, .dot]
        // A pivot keeps the area: as the columns, or to name each row.
        if trend.areas.count != 1 || trend.pivot != nil { columns.insert(.area, at: 0) }
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
        guard let pivot = trend.pivot ?? PivotLayout.sideBySide(trend.areas) else { return table }
        if pivot.column.text.lowercased() == Column.Field.area.rawValue {
            // Areas across: a row per period, oldest first, whichever area has it.
            let months = selection.map { Period(raw: observations.period[$0]) }
            let order = table.rows.indices.sorted { (months[$0].endMonth, months[$0].length, $0) < (months[$1].endMonth, months[$1].length, $1) }
            table.rows = order.map { table.rows[$0] }
        }
        let layout = PivotLayout(isKey: columns.map { PivotLayout.isKey(.field($0)) }, givenOrder: compiler.names(in: place),
                                 spreading: [Column.Field.value.rawValue])
        return try pivoted(table, pivot, layout: layout, compiler: compiler)
    }
}
