import ScryLanguage
import ScryStore

/// One aggregation of an aggregate statement, compiled, with the rules that guard it.
///
/// A measure is gathered row by row into a `Tally` per group as the scan goes, and
/// finished into a cell once every row is in; stored columns are read straight from the
/// store, anything else through its compiled expression.
struct Measure {
    let aggregation: Aggregation
    let name: String
    /// The expression aggregated; nil for `count`.
    let argument: RowExpression?
    private let reader: Reader

    private enum Reader {
        case none
        case numeric(NumericColumn)
        case dictionary(DictionaryNumericColumn)
        case expression((Int) -> RowValue)
        /// `count(distinct …)`: `Measure+Distinct.swift`.
        case distinct(DistinctCount)
    }

    init(_ aggregation: Aggregation, compiler: RowCompiler) throws(Diagnostic) {
        self.aggregation = aggregation
        name = Self.heading(compiler.source.text(of: aggregation.range))
        guard let expression = aggregation.argument else {
            argument = nil
            reader = .none
            return
        }
        let compiled = try compiler.compile(expression)
        if aggregation.function != .count, !compiled.isNumeric {
            throw Diagnostic.error("\(aggregation.function.rawValue)() needs numbers; '\(compiled.name)' holds names",
                                   at: expression.range)
        }
        if aggregation.function == .pooled, compiled.column != .field(.value) {
            throw Diagnostic.error("pooled() pools numerators and denominators, so it takes value: pooled(value)", at: expression.range)
        }
        argument = compiled
        let observations = compiler.store.observations
        if aggregation.distinct {
            reader = .distinct(DistinctCount(compiled, store: compiler.store))
            return
        }
        switch compiled.column {
        case .field(.value)?: reader = .numeric(observations.value)
        case .field(.numerator)?: reader = .numeric(observations.numerator)
        case .field(.denominator)?: reader = .numeric(observations.denominator)
        case .field(.target)?: reader = .dictionary(observations.target)
        case .field(.floor)?: reader = .dictionary(observations.floor)
        default: reader = .expression(compiled.value)
        }
    }

    /// The measure's heading, from its text as written: in lower case, without spaces but
    /// one between two words (`avg(value)`, `percentile(value,90)`, `count(distinct area)`).
    static func heading(_ written: String) -> String {
        var heading = ""
        var spaced = false
        for character in written.lowercased() {
            if character.isWhitespace { spaced = true; continue }
            if spaced, let last = heading.last, Self.isWordCharacter(last), Self.isWordCharacter(character) { heading.append(" ") }
            spaced = false
            heading.append(character)
        }
        return heading
    }

    private static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }

    /// Measures with the same sharing key gather the same tally (`avg(value)` and
    /// `max(value)`), so it is gathered once.
    var sharingKey: String {
        let function = aggregation.function
        switch reader {
        case .none: return "rows"
        case .distinct: return "distinct " + (argument?.name ?? "")
        case _ where function == .pooled: return "pooled"
        case .numeric, .dictionary: return "column " + (argument?.name ?? "") + (keepsValues ? " with values" : "")
        case .expression: return "expression " + (argument?.name ?? "") + (function == .count ? " count" : "") + (keepsValues ? " with values" : "")
        }
    }

    /// Whether the measure needs every value, not only their sum, extremes and count.
    private var keepsValues: Bool {
        switch aggregation.function {
        case .median, .stddev, .percentile: true
        default: false
        }
    }

    /// Adds a block of rows, row `rows[i]` to the tally of group `groups[i]`.
    func gather(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, into tallies: inout [Tally], store: Store) {
        let function = aggregation.function
        let keep = keepsValues
        let observations = store.observations
        tallies.withUnsafeMutableBufferPointer { tallies in
            if function == .pooled {
                observations.numerator.values.withUnsafeBufferPointer { tops in
                    observations.numerator.states.withUnsafeBufferPointer { topStates in
                        observations.denominator.values.withUnsafeBufferPointer { bottoms in
                            observations.denominator.states.withUnsafeBufferPointer { bottomStates in
                                observations.value.states.withUnsafeBufferPointer { valueStates in
                                    for (row, group) in zip(rows, groups) {
                                        let row = Int(row)
                                        switch Pooling.contribution(value: valueStates[row], numerator: topStates[row],
                                                                    denominator: bottomStates[row]) {
                                        case .suppressed:
                                            tallies[Int(group)].missing += 1
                                        case .incomplete:
                                            tallies[Int(group)].rows += 1
                                        case .pooled:
                                            tallies[Int(group)].rows += 1
                                            tallies[Int(group)].addPooled(tops[row], bottoms[row])
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                return
            }
            switch reader {
            case .none:
                for group in groups { tallies[Int(group)].rows += 1 }
            case .numeric(let column):
                column.values.withUnsafeBufferPointer { values in
                    column.states.withUnsafeBufferPointer { states in
                        // Rows of one group come in runs: a run's figures are added up in
                        // registers, in row order, then put in the group's tally.
                        var start = 0
                        while start < rows.count {
                            let group = Int(groups[start])
                            var end = start + 1
                            while end < rows.count, groups[end] == groups[start] { end += 1 }
                            var tally = tallies[group]
                            var sum = tally.sum, low = tally.minimum, high = tally.maximum, count = 0
                            for index in start..<end {
                                let row = Int(rows[index])
                                guard states[row] == 0 else { continue }
                                let value = values[row]
                                sum += value
                                low = Swift.min(low, value)
                                high = Swift.max(high, value)
                                count += 1
                                if keep { tally.values.append(value) }
                            }
                            tally.sum = sum
                            tally.minimum = low
                            tally.maximum = high
                            tally.count += count
                            tally.rows += count
                            tally.missing += end - start - count
                            tallies[group] = tally
                            start = end
                        }
                    }
                }
            case .dictionary(let column):
                for (row, group) in zip(rows, groups) {
                    if let value = column[Int(row)].number { tallies[Int(group)].add(value, keep: keep) } else { tallies[Int(group)].missing += 1 }
                }
            case .distinct(let distinct):
                distinct.gather(rows, groups: groups, into: tallies)
            case .expression(let value):
                for (row, group) in zip(rows, groups) {
                    let found = value(Int(row))
                    if let number = found.number {
                        tallies[Int(group)].add(number, keep: keep)
                    } else if function == .count, !found.isAbsent {
                        tallies[Int(group)].count += 1
                    } else {
                        tallies[Int(group)].missing += 1
                    }
                }
            }
        }
    }

    /// The measure's cell for one group, with the notes its rules call for.
    func finish(_ tally: Tally, _ group: GroupFacts, store: Store, notes: inout NoteCollector) -> Cell {
        let function = aggregation.function
        if function == .count { return .count(argument == nil ? tally.rows : tally.count) }
        guard let argument else { return .empty }
        if function == .pooled { return pooled(tally, group, store: store, notes: &notes) }
        noteMissing(tally, notes: &notes)
        // What the figures are, for display and for the rules.
        let units = group.units(store)
        let decimals = group.decimals(store)
        let unit: Unit? = argument.column?.isFigure == true ? units.first : nil
        if units.count > 1, argument.column != nil, argument.column != .field(.numerator), argument.column != .field(.denominator) {
            notes.add("warning: \(name) mixes units (\(units.map(\.code).sorted().joined(separator: ", "))): such a figure means nothing; group by unit or code, or filter to one indicator")
        }
        if argument.column == .field(.value) {
            checkPeriodRules(group, store: store, notes: &notes)
        }

        let result: Double?
        switch function {
        case .sum: result = tally.count == 0 ? nil : tally.sum
        case .avg: result = tally.count == 0 ? nil : tally.sum / Double(tally.count)
        case .min: result = tally.count == 0 ? nil : tally.minimum
        case .max: result = tally.count == 0 ? nil : tally.maximum
        case .median: result = Statistics.median(tally.values)
        case .stddev: result = Statistics.standardDeviation(tally.values)
        case .percentile: result = Statistics.percentile(tally.values, aggregation.parameter ?? 50)
        case .count, .pooled: result = nil
        }
        guard let result else { return .empty }
        let shownDecimals = function == .sum && units == [.count] ? 0 : (function == .avg || function == .stddev ? decimals + 1 : decimals)
        return .number(result, decimals: shownDecimals, unit: units.count == 1 ? unit : nil)
    }

    /// Whether the rules need to know each indicator's periods in a group.
    var needsPeriods: Bool { aggregation.function == .sum && argument?.column == .field(.value) }

    /// docs/domain.md#pooling-and-aggregation-rules: YTD, R12M and SS figures are not summed across periods; percentages and
    /// rates of several areas or months are pooled, not averaged.
    private func checkPeriodRules(_ group: GroupFacts, store: Store, notes: inout NoteCollector) {
        let function = aggregation.function
        if function == .sum {
            for indicator in group.indicators.sorted() {
                let meta = store.indicators[indicator]
                guard !meta.periodType.isAdditiveOverPeriods else { continue }
                let periods = group.periodCount(of: indicator)
                if periods > 1 {
                    notes.add("warning: sum(value) adds \(meta.code)'s \(meta.periodType.code) figures across \(periods) periods, which counts the same months or children more than once; ask for one period (period = latest), or avg(value) for an average stock")
                }
            }
        }
        if function == .sum || function == .avg {
            let rated = group.indicators.filter { store.indicators[$0].unit.poolingScale != nil && store.indicators[$0].unit != .average }
            if !rated.isEmpty {
                let what = Set(rated.map { store.indicators[$0].unit == .percent ? "percentages" : "rates" }).sorted().joined(separator: " and ")
                if function == .sum {
                    notes.add("warning: sum(value) adds \(what): the total is not a \(what.dropLast()) of anything; pooled(value) gives Σ numerator / Σ denominator")
                } else if group.rows > 1 {
                    notes.add("warning: avg(value) averages \(what), giving every area and month the same weight whatever its size\(group.hasCounts ? "; pooled(value) gives Σ numerator / Σ denominator" : "")")
                }
            }
        }
    }

    /// The note for values left out as missing or suppressed.
    private func noteMissing(_ tally: Tally, notes: inout NoteCollector) {
        guard tally.missing > 0 else { return }
        notes.add(counting: tally.missing, key: "missing " + name) { missing in
            "note: \(name): \(missing) missing or suppressed value\(missing == 1 ? " was" : "s were") left out, never counted as zero"
        }
    }

    /// Σ numerator / Σ denominator, scaled by the unit: ×100 for percentages, ×10,000 for
    /// rates per 10,000. Rows without both are left out and counted.
    private func pooled(_ tally: Tally, _ group: GroupFacts, store: Store, notes: inout NoteCollector) -> Cell {
        let units = group.units(store)
        guard units.count <= 1 else {
            notes.add("warning: pooled(value) cannot pool different units (\(units.map(\.code).sorted().joined(separator: ", "))): group by unit or code")
            return .empty
        }
        guard let unit = units.first else { return .empty }
        guard unit.poolingScale != nil else {
            notes.add("warning: pooled(value) needs a percentage, a rate or an average; \(unit.code) figures are not a ratio")
            return .empty
        }
        noteMissing(tally, notes: &notes)
        if tally.count < tally.rows {
            notes.add(counting: tally.rows - tally.count, key: "unpooled " + name) { left in
                "note: \(name): \(left) row\(left == 1 ? "" : "s") without both numerator and denominator \(left == 1 ? "was" : "were") left out"
            }
        }
        guard tally.count > 0, let figure = Pooling.figure(numerator: tally.numerator, denominator: tally.denominator, unit: unit) else { return .empty }
        return .number(figure, decimals: group.decimals(store), unit: unit)
    }
}

/// What a measure has gathered over one group's rows.
struct Tally {
    /// Rows seen (for `count`, and pooled's rows).
    var rows = 0
    /// Values present (for pooled: rows with both numerator and denominator).
    var count = 0
    var missing = 0
    var sum = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    /// Every value, in row order, for the measures that need them all.
    var values: [Double] = []
    var numerator = 0.0
    var denominator = 0.0

    @inline(__always)
    mutating func add(_ value: Double, keep: Bool) {
        rows += 1
        count += 1
        sum += value
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
        if keep { values.append(value) }
    }

    @inline(__always)
    mutating func addPooled(_ top: Double, _ bottom: Double) {
        count += 1
        numerator += top
        denominator += bottom
    }
}

/// What is known about one group's rows, for the rules and for display.
struct GroupFacts {
    var rows = 0
    /// The first row, whose values show the group's key.
    var firstRow = -1
    /// The indicators met, each once, in the order met.
    var indicators: [Int] = []
    /// Whether a row has both numerator and denominator.
    var hasCounts = false
    /// Each indicator's distinct periods, kept only when a rule needs them.
    var periods: [Int: Set<UInt32>] = [:]

    func periodCount(of indicator: Int) -> Int { periods[indicator]?.count ?? 0 }

    /// The units of the group's indicators.
    func units(_ store: Store) -> Set<Unit> {
        if indicators.count == 1 { return [store.indicators[indicators[0]].unit] }
        return Set(indicators.map { store.indicators[$0].unit })
    }

    /// The most decimals any of the group's indicators shows; 1 for none.
    func decimals(_ store: Store) -> Int {
        indicators.map { store.indicators[$0].decimals }.max() ?? 1
    }
}

/// Notes said once each, in the order first met. A counted note adds its counts up over
/// every group and is said once with the total.
struct NoteCollector {
    private var entries: [(key: String, count: Int, text: (Int) -> String)] = []

    var notes: [Note] { entries.map { Note($0.text($0.count)) } }

    mutating func add(_ line: String) {
        add(counting: 0, key: line) { _ in line }
    }

    mutating func add(counting count: Int, key: String, _ text: @escaping (Int) -> String) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].count += count
        } else {
            entries.append((key, count, text))
        }
    }
}
