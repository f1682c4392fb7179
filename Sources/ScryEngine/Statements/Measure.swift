import ScryLanguage
import ScryStore

/// One aggregation of an aggregate statement, compiled, with the rules that guard it.
struct Measure {
    let aggregation: Aggregation
    let name: String
    /// The expression aggregated; nil for `count`.
    let argument: RowExpression?

    init(_ aggregation: Aggregation, compiler: RowCompiler) throws(Diagnostic) {
        self.aggregation = aggregation
        name = compiler.source.text(of: aggregation.range).filter { !$0.isWhitespace }.lowercased()
        if let expression = aggregation.argument {
            let compiled = try compiler.compile(expression)
            if aggregation.function != .count, !compiled.isNumeric {
                throw Diagnostic.error("\(aggregation.function.rawValue)() needs numbers; '\(compiled.name)' holds names",
                                       at: expression.range)
            }
            if aggregation.function == .pooled, compiled.column != .value {
                throw Diagnostic.error("pooled() pools numerators and denominators, so it takes value: pooled(value)", at: expression.range)
            }
            argument = compiled
        } else {
            argument = nil
        }
    }

    func compute(_ rows: [Int], store: Store, notes: inout NoteCollector) -> Cell {
        let observations = store.observations
        let function = aggregation.function
        if function == .count {
            guard let argument else { return .count(rows.count) }
            return .count(rows.filter { !argument.value($0).isAbsent }.count)
        }
        guard let argument else { return .empty }
        if function == .pooled { return pooled(rows, store: store, notes: &notes) }

        var values: [Double] = []
        var missing = 0
        for row in rows {
            if let value = argument.value(row).number { values.append(value) } else { missing += 1 }
        }
        if missing > 0 {
            notes.add("note: \(name): \(missing) missing or suppressed value\(missing == 1 ? " was" : "s were") left out, never counted as zero")
        }

        // What the figures are, for display and for the rules.
        let indicators = Set(rows.map { Int(observations.indicator[$0]) })
        let units = Set(indicators.map { store.indicators[$0].unit })
        let decimals = indicators.map { store.indicators[$0].decimals }.max() ?? 1
        let unit: Unit? = argument.column?.isFigure == true ? units.first : nil
        if units.count > 1, argument.column != nil, argument.column != .numerator, argument.column != .denominator {
            notes.add("warning: \(name) mixes units (\(units.map(\.code).sorted().joined(separator: ", "))): such a figure means nothing; group by unit or code, or filter to one indicator")
        }
        if argument.column == .value {
            checkPeriodRules(rows, store: store, indicators: indicators, notes: &notes)
        }

        let result: Double?
        switch function {
        case .sum: result = values.isEmpty ? nil : values.reduce(0, +)
        case .avg: result = Statistics.mean(values)
        case .min: result = values.min()
        case .max: result = values.max()
        case .median: result = Statistics.median(values)
        case .stddev: result = Statistics.standardDeviation(values)
        case .percentile: result = Statistics.percentile(values, aggregation.parameter ?? 50)
        case .count, .pooled: result = nil
        }
        guard let result else { return .empty }
        let shownDecimals = function == .sum && units == [.count] ? 0 : (function == .avg || function == .stddev ? decimals + 1 : decimals)
        return .number(result, decimals: shownDecimals, unit: units.count == 1 ? unit : nil)
    }

    /// DOMAIN.md: YTD, R12M and SS figures are not summed across periods; percentages and
    /// rates of several areas or months are pooled, not averaged.
    private func checkPeriodRules(_ rows: [Int], store: Store, indicators: Set<Int>, notes: inout NoteCollector) {
        let observations = store.observations
        let function = aggregation.function
        if function == .sum {
            for indicator in indicators.sorted() {
                let meta = store.indicators[indicator]
                guard !meta.periodType.isAdditiveOverPeriods else { continue }
                let periods = Set(rows.filter { Int(observations.indicator[$0]) == indicator }.map { observations.period[$0] })
                if periods.count > 1 {
                    notes.add("warning: sum(value) adds \(meta.code)'s \(meta.periodType.code) figures across \(periods.count) periods, which counts the same months or children more than once; ask for one period (period = latest), or avg(value) for an average stock")
                }
            }
        }
        if function == .sum || function == .avg {
            let rated = indicators.filter { store.indicators[$0].unit.poolingScale != nil && store.indicators[$0].unit != .average }
            let hasCounts = rows.contains { observations.numerator[$0].state == .present && observations.denominator[$0].state == .present }
            if !rated.isEmpty {
                let what = Set(rated.map { store.indicators[$0].unit == .percent ? "percentages" : "rates" }).sorted().joined(separator: " and ")
                if function == .sum {
                    notes.add("warning: sum(value) adds \(what): the total is not a \(what.dropLast()) of anything; pooled(value) gives Σ numerator / Σ denominator")
                } else if rows.count > 1 {
                    notes.add("warning: avg(value) averages \(what), giving every area and month the same weight whatever its size\(hasCounts ? "; pooled(value) gives Σ numerator / Σ denominator" : "")")
                }
            }
        }
    }

    /// Σ numerator / Σ denominator, scaled by the unit: ×100 for percentages, ×10,000 for
    /// rates per 10,000. Rows without both are left out and counted.
    private func pooled(_ rows: [Int], store: Store, notes: inout NoteCollector) -> Cell {
        let observations = store.observations
        let units = Set(rows.map { store.indicators[Int(observations.indicator[$0])].unit })
        guard units.count <= 1 else {
            notes.add("warning: pooled(value) cannot pool different units (\(units.map(\.code).sorted().joined(separator: ", "))): group by unit or code")
            return .empty
        }
        guard let unit = units.first else { return .empty }
        guard let scale = unit.poolingScale else {
            notes.add("warning: pooled(value) needs a percentage, a rate or an average; \(unit.code) figures are not a ratio")
            return .empty
        }
        var numerator = 0.0, denominator = 0.0, used = 0
        for row in rows {
            guard let top = observations.numerator[row].number, let bottom = observations.denominator[row].number else { continue }
            numerator += top
            denominator += bottom
            used += 1
        }
        if used < rows.count {
            let left = rows.count - used
            notes.add("note: \(name): \(left) row\(left == 1 ? "" : "s") without both numerator and denominator \(left == 1 ? "was" : "were") left out")
        }
        guard used > 0, denominator != 0 else { return .empty }
        let decimals = rows.map { store.indicators[Int(observations.indicator[$0])].decimals }.max() ?? 1
        return .number(numerator / denominator * scale, decimals: decimals, unit: unit)
    }
}
