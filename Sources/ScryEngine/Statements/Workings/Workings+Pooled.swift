import ScryLanguage
import ScryStore

extension Engine {
    /// A pooled figure's workings: the parts of the area (an authority's districts; a
    /// region's or England's authorities), each with its numerator and denominator and
    /// whether they were pooled, then Σ numerator / Σ denominator in the unit, as
    /// `pooled(value)` computes it, beside the area's own published figure. Without a
    /// period, the latest any part or the area has.
    func pooledWorkings(_ workings: Workings, indicator: Int, area: Int, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let areas = store.areas
        let meta = store.indicators[indicator]
        guard let scale = meta.unit.poolingScale else {
            throw Diagnostic.error("\(meta.code) cannot be pooled: its figures are \(meta.unit.code), not a percentage, a rate or an average",
                                   at: workings.indicator.range)
        }
        let level: AreaType = areas[area].type == .authority ? .district : .authority
        guard [.authority, .region, .national].contains(areas[area].type) else {
            throw Diagnostic.error("'\(areas[area].name)' is a \(areas[area].type): a pooled figure is of an authority's districts, or a region's or England's authorities",
                                   at: workings.area.range)
        }
        let parts = areas.indices.filter { areas[$0].type == level && (areas[area].type == .national || compiler.isWithin($0, area)) }
        guard !parts.isEmpty else {
            throw Diagnostic.error("'\(areas[area].name)' has no \(level == .district ? "districts" : "authorities") loaded to pool", at: workings.area.range)
        }
        let observations = store.observations
        let rows = try select(nil, also: workedNarrowings(workings.period, indicator: indicator, areas: parts + [area], compiler: compiler), compiler: compiler)
        guard let latest = latestRow(rows) else {
            throw Diagnostic.error("no figure of \(meta.code) for \(areas[area].name) or its parts" + (workings.period == nil ? "" : " in that period"),
                                   at: workings.period?.range ?? workings.area.range)
        }
        let period = Period(raw: observations.period[latest])
        let ofPeriod = rows.filter { Period(raw: observations.period[$0]).withoutStatus == period.withoutStatus }
        var table = ResultTable(columns: [.init("part"), .init("area"), .init("period"), .init("numerator", numeric: true),
                                          .init("denominator", numeric: true), .init("value", numeric: true), .init("working")])
        var numerator = 0.0, denominator = 0.0, pooled = 0
        for part in parts {
            guard let row = ofPeriod.first(where: { Int(observations.area[$0]) == part }) else {
                table.rows.append([.text(level.description), .text(areas[part].name), .period(period), .empty, .empty, .empty, .text("left out: no figure for the period")])
                continue
            }
            let working: String
            switch Pooling.contribution(value: observations.value.states[row], numerator: observations.numerator.states[row],
                                        denominator: observations.denominator.states[row]) {
            case .pooled:
                numerator += observations.numerator[row].value
                denominator += observations.denominator[row].value
                pooled += 1
                working = "pooled"
            case .suppressed:
                working = Self.leftOut(observations.value[row].state) + ": a figure published as a symbol is never pooled"
            case .incomplete:
                working = "left out: no numerator or no denominator"
            }
            table.rows.append([.text(level.description), .text(areas[part].name), .period(Period(raw: observations.period[row])),
                               RowCompiler.amountCell(observations.numerator[row]), RowCompiler.amountCell(observations.denominator[row]),
                               cellOf(observations.value[row], row: row), .text(working)])
        }
        let figure = pooled > 0 ? Pooling.figure(numerator: numerator, denominator: denominator, unit: meta.unit) : nil
        let scaled = scale == 1 ? "" : " × \(Int(scale))"
        table.rows.append([.text("pooled"), .text(areas[area].name), .period(period), pooled > 0 ? RowCompiler.amountCell(NumericCell(value: numerator)) : .empty,
                           pooled > 0 ? RowCompiler.amountCell(NumericCell(value: denominator)) : .empty,
                           figure.map { .number($0, decimals: meta.decimals, unit: meta.unit) } ?? .empty,
                           .text(pooled > 0 ? "Σ numerator / Σ denominator\(scaled): \(pooled) of the \(parts.count) \(level == .district ? "districts" : "authorities") pooled" : "none: nothing to pool")])
        if let own = ofPeriod.first(where: { Int(observations.area[$0]) == area }) {
            table.rows.append([.text("published"), .text(areas[area].name), .period(Period(raw: observations.period[own])),
                               RowCompiler.amountCell(observations.numerator[own]), RowCompiler.amountCell(observations.denominator[own]),
                               cellOf(observations.value[own], row: own), .text("the area's own figure as published, for comparison")])
        }
        return table
    }
}
