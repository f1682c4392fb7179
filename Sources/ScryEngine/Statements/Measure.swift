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
    /// The key its note of missing values is counted under.
    private let missingKey: String
    /// The expression aggregated; nil for `count`.
    let argument: RowExpression?
    private var reader: Reader

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
        missingKey = "missing " + name
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
        case .numeric, .dictionary: return "column " + (argument?.name ?? "") + keptSuffix
        case .expression: return "expression " + (argument?.name ?? "") + (function == .count ? " count" : "") + keptSuffix
        }
    }

    /// What more than sums, extremes and counts the tally keeps, in its sharing key.
    private var keptSuffix: String { keepsValues ? " with values" : function == .stddev ? " with moments" : "" }
    private var function: Aggregation.Function { aggregation.function }

    /// The percentile a median or percentile measure selects from each group's values.
    var percentileWanted: Double? {
        switch function {
        case .median: 50
        case .percentile: aggregation.parameter ?? 50
        default: nil
        }
    }

    /// Whether the measure needs every value, not only their sum, extremes and count.
    private var keepsValues: Bool {
        switch aggregation.function {
        case .median, .percentile: true
        default: false
        }
    }

    /// Adds a block of rows, row `rows[i]` to the tally of group `groups[i]`.
    func gather(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, into table: inout TallyTable, store: Store) {
        let function = aggregation.function
        let keep = keepsValues
        let observations = store.observations
        if function == .pooled {
            observations.numerator.values.withUnsafeBufferPointer { tops in
                observations.numerator.states.withUnsafeBufferPointer { topStates in
                    observations.denominator.values.withUnsafeBufferPointer { bottoms in
                        observations.denominator.states.withUnsafeBufferPointer { bottomStates in
                            observations.value.states.withUnsafeBufferPointer { valueStates in
                                for (row, group) in zip(rows, groups) {
                                    let row = Int(row), group = Int(group)
                                    switch Pooling.contribution(value: valueStates[row], numerator: topStates[row],
                                                                denominator: bottomStates[row]) {
                                    case .suppressed:
                                        table.missing[group] += 1
                                    case .incomplete:
                                        table.rows[group] += 1
                                    case .pooled:
                                        table.rows[group] += 1
                                        table.count[group] += 1
                                        table.numerator[group] += tops[row]
                                        table.denominator[group] += bottoms[row]
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
            // The groups' rows, counted by their facts: `complete` copies them.
            break
        case .numeric(let column):
            if keep {
                gatherKeeping(rows, groups: groups, column: column, into: &table)
                return
            }
            gatherRuns(rows, groups: groups, column: column, into: &table)
        case .dictionary(let column):
            for (row, group) in zip(rows, groups) {
                if let value = column[Int(row)].number { table.add(value, group: Int(group), keep: keep) } else { table.missing[Int(group)] += 1 }
            }
        case .distinct(let distinct):
            distinct.gather(rows, groups: groups, into: &table)
        case .expression(let value):
            for (row, group) in zip(rows, groups) {
                let found = value(Int(row))
                if let number = found.number {
                    table.add(number, group: Int(group), keep: keep)
                } else if function == .count, !found.isAbsent {
                    table.count[Int(group)] += 1
                } else {
                    table.missing[Int(group)] += 1
                }
            }
        }
    }

    /// Fills in what `gather` leaves to the groups' own counts of rows (`rows`, from
    /// `GroupFactsTable`): a count's rows; a stored figure's rows with one (its count) and
    /// rows without (the rest).
    func complete(_ table: inout TallyTable, rows: [Int32]) {
        switch reader {
        case .none:
            table.rows = rows.map { Int($0) }
        case .numeric where aggregation.function != .pooled:
            table.rows = table.count
            table.missing = zip(rows, table.count).map { Int($0) - $1 }
        default:
            break
        }
    }

    /// `gather` of a stored figure's sum, extremes and count. Rows of one group come in
    /// runs: a run's figures are added up in registers, in row order, then put in the
    /// group's tally, every column through a pointer; the rows and figures missing are
    /// left to `complete`, from the group's rows. When groups change nearly every row
    /// (`GroupRuns.areShort`), a row at a time instead.
    ///
    /// With moments (stddev), also each run's mean and sum of squared deviations from it:
    /// by sums of its figures' differences from the run's first figure (shifted data, so
    /// that a small spread about a large mean keeps its digits, with no division per row),
    /// joined to the group's by Chan, Golub and LeVeque's formula for two sets' moments
    /// (never by Σx² - (Σx)²/n over raw figures, which loses those digits).
    private func gatherRuns(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, column: NumericColumn,
                            into table: inout TallyTable) {
        let moments = table.shape == .moments
        column.values.withUnsafeBufferPointer { values in
        column.states.withUnsafeBufferPointer { states in
        table.sum.withUnsafeMutableBufferPointer { sums in
        table.minimum.withUnsafeMutableBufferPointer { lows in
        table.maximum.withUnsafeMutableBufferPointer { highs in
        table.count.withUnsafeMutableBufferPointer { counts in
        table.mean.withUnsafeMutableBufferPointer { means in
        table.m2.withUnsafeMutableBufferPointer { m2s in
            if !moments, GroupRuns.areShort(groups) {
                // Groups change nearly every row (by month, by area and month): a row at
                // a time, with no runs looked for.
                for (row, group) in zip(rows, groups) {
                    let row = Int(row), group = Int(group)
                    guard states[row] == 0 else { continue }
                    let value = values[row]
                    sums[group] += value
                    lows[group] = value < lows[group] ? value : lows[group]
                    highs[group] = value > highs[group] ? value : highs[group]
                    counts[group] &+= 1
                }
                return
            }
            var start = 0
            while start < rows.count {
                let group = Int(groups[start])
                var end = start + 1
                while end < rows.count, groups[end] == groups[start] { end += 1 }
                var sum = sums[group], low = lows[group], high = highs[group]
                var count = 0, shift = Double.nan, shifted = 0.0, squares = 0.0
                for index in start..<end {
                    let row = Int(rows[index])
                    guard states[row] == 0 else { continue }
                    let value = values[row]
                    sum += value
                    low = Swift.min(low, value)
                    high = Swift.max(high, value)
                    if moments {
                        if count == 0 { shift = value }
                        let difference = value - shift
                        shifted += difference
                        squares += difference * difference
                    }
                    count += 1
                }
                sums[group] = sum
                lows[group] = low
                highs[group] = high
                if moments, count > 0 {
                    let n = Double(count)
                    let mean = shift + shifted / n, m2 = Swift.max(0, squares - shifted * shifted / n)
                    (means[group], m2s[group]) = Moments.joined(counts[group], means[group], m2s[group], count, mean, m2)
                }
                counts[group] += count
                start = end
            }
        }
        }
        }
        }
        }
        }
        }
        }
    }

    /// `gather` of a stored figure whose every value is kept (median, percentile).
    private func gatherKeeping(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, column: NumericColumn, into table: inout TallyTable) {
        column.values.withUnsafeBufferPointer { values in
            column.states.withUnsafeBufferPointer { states in
                table.keepPresent(rows, groups: groups, values: values, states: states)
            }
        }
    }

    /// Whether stretches of rows can be gathered apart and their tallies merged: the
    /// measure reads stored columns alone (no expression that notes what it reads, no
    /// distinct values seen so far).
    var gathersInParts: Bool {
        switch reader {
        case .none, .numeric, .dictionary: true
        case .distinct(let distinct): distinct.countsInParts
        case .expression: false
        }
    }

    /// The measure for another stretch of rows gathered at once: its own distinct values.
    func forStretch() -> Measure {
        guard case .distinct(let distinct) = reader else { return self }
        var copy = self
        copy.reader = .distinct(DistinctCount(sameAs: distinct))
        return copy
    }

    /// Adds a later stretch's tally of this measure (gathered by `later`, its groups
    /// `groups` here) to `table`: distinct values counted once over both.
    func merge(_ other: TallyTable, gatheredBy later: Measure, groups: [Int32], into table: inout TallyTable) {
        guard case .distinct(let distinct) = reader, case .distinct(let theirs) = later.reader else {
            table.merge(other, groups: groups)
            return
        }
        table.merge(other, groups: groups, counts: false)
        distinct.merge(theirs, groups: groups, into: &table)
    }

    /// What the measure's tally keeps for each group.
    var tallyShape: TallyTable.Shape {
        if aggregation.function == .pooled { return .pooled }
        if case .none = reader { return .rows }
        return keepsValues ? .valuesToo : function == .stddev ? .moments : .figures
    }

    /// The measure's cell for one group, with the notes its rules call for.
    /// `selected`: a median's or percentile's figure, selected from the group's values by
    /// the caller (`TallyTable.percentiles`).
    func finish(_ tally: Tally, selected: Double?, _ group: GroupFacts, store: Store, notes: inout NoteCollector) -> Cell {
        let function = aggregation.function
        if function == .count { return .count(argument == nil ? tally.rows : tally.count) }
        guard let argument else { return .empty }
        if function == .pooled { return pooled(tally, group, store: store, notes: &notes) }
        noteMissing(tally, notes: &notes)
        // What the figures are, for display and for the rules (a set of units made only
        // when there are several).
        let onlyUnit = group.onlyUnit
        let decimals = group.decimals(store)
        let unit: Unit? = argument.column?.isFigure == true ? onlyUnit : nil
        if group.unitMask.nonzeroBitCount > 1, argument.column != nil, argument.column != .field(.numerator), argument.column != .field(.denominator) {
            notes.add("warning: \(name) mixes units (\(group.units(store).map(\.code).sorted().joined(separator: ", "))): such a figure means nothing; group by unit or code, or filter to one indicator")
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
        case .median: result = selected
        case .stddev: result = tally.count >= 2 ? (tally.m2 / Double(tally.count - 1)).squareRoot() : nil
        case .percentile: result = selected
        case .count, .pooled: result = nil
        }
        guard let result else { return .empty }
        let shownDecimals = function == .sum && onlyUnit == .count ? 0 : (function == .avg || function == .stddev ? decimals + 1 : decimals)
        return .number(result, decimals: shownDecimals, unit: unit)
    }

    /// Whether the rules need to know whether a group has numerators and denominators.
    var needsCounts: Bool { (function == .sum || function == .avg) && argument?.column == .field(.value) }

    /// Whether the rules need to know each indicator's periods in a group.
    var needsPeriods: Bool { aggregation.function == .sum && argument?.column == .field(.value) }

    /// docs/domain.md#pooling-and-aggregation-rules: YTD, R12M and SS figures are not summed across periods; percentages and
    /// rates of several areas or months are pooled, not averaged.
    private func checkPeriodRules(_ group: GroupFacts, store: Store, notes: inout NoteCollector) {
        let function = aggregation.function
        if function == .sum {
            for indicator in group.periodCounts.keys.sorted() {
                let meta = store.indicators[indicator]
                guard !meta.periodType.isAdditiveOverPeriods else { continue }
                let periods = group.periodCounts[indicator] ?? 0
                if periods > 1 {
                    notes.add("warning: sum(value) adds \(meta.code)'s \(meta.periodType.code) figures across \(periods) periods, which counts the same months or children more than once; ask for one period (period = latest), or avg(value) for an average stock")
                }
            }
        }
        if function == .sum || function == .avg, group.unitMask & GroupFacts.ratedUnits != 0 {
            guard function == .sum || group.rows > 1 else { return }
            // The same warning for many groups is worded once.
            let rule = (function == .sum ? 0 : 1) << 40 | Int(group.unitMask) << 1 | (group.hasCounts ? 1 : 0)
            notes.addOnce(rule: rule) {
                let rated = group.units(store).filter { $0.poolingScale != nil && $0 != .average }
                let what = Set(rated.map { $0 == .percent ? "percentages" : "rates" }).sorted().joined(separator: " and ")
                if function == .sum {
                    return "warning: sum(value) adds \(what): the total is not a \(what.dropLast()) of anything; pooled(value) gives Σ numerator / Σ denominator"
                }
                return "warning: avg(value) averages \(what), giving every area and month the same weight whatever its size\(group.hasCounts ? "; pooled(value) gives Σ numerator / Σ denominator" : "")"
            }
        }
    }

    /// The note for values left out as missing or suppressed.
    private func noteMissing(_ tally: Tally, notes: inout NoteCollector) {
        guard tally.missing > 0 else { return }
        notes.add(counting: tally.missing, key: missingKey) { [name] in
            { missing in "note: \(name): \(missing) missing or suppressed value\(missing == 1 ? " was" : "s were") left out, never counted as zero" }
        }
    }

    /// Σ numerator / Σ denominator, scaled by the unit: ×100 for percentages, ×10,000 for
    /// rates per 10,000. Rows without both are left out and counted.
    private func pooled(_ tally: Tally, _ group: GroupFacts, store: Store, notes: inout NoteCollector) -> Cell {
        guard group.unitMask.nonzeroBitCount <= 1 else {
            notes.add("warning: pooled(value) cannot pool different units (\(group.units(store).map(\.code).sorted().joined(separator: ", "))): group by unit or code")
            return .empty
        }
        guard let unit = group.onlyUnit else { return .empty }
        guard unit.poolingScale != nil else {
            notes.add("warning: pooled(value) needs a percentage, a rate or an average; \(unit.code) figures are not a ratio")
            return .empty
        }
        noteMissing(tally, notes: &notes)
        if tally.count < tally.rows {
            notes.add(counting: tally.rows - tally.count, key: "unpooled " + name) { [name] in
                { left in "note: \(name): \(left) row\(left == 1 ? "" : "s") without both numerator and denominator \(left == 1 ? "was" : "were") left out" }
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
    var numerator = 0.0
    var denominator = 0.0
    /// For stddev: the values' sum of squared deviations from their mean.
    var m2 = 0.0
}

/// Two sets of values' moments joined (Chan, Golub and LeVeque, 1979): from each set's
/// count, mean and sum of squared deviations, those of both.
enum Moments {
    @inline(__always)
    static func joined(_ countA: Int, _ meanA: Double, _ m2A: Double, _ countB: Int, _ meanB: Double, _ m2B: Double)
        -> (mean: Double, m2: Double) {
        if countB == 0 { return (meanA, m2A) }
        if countA == 0 { return (meanB, m2B) }
        let a = Double(countA), b = Double(countB), total = a + b
        let delta = meanB - meanA
        return (meanA + delta * b / total, m2A + m2B + delta * delta * a * b / total)
    }
}

/// What a measure has gathered for every group, a column per figure (no record per
/// group): only the columns its function needs are kept, and the values a median,
/// percentile or standard deviation needs go into one list with their groups, put in
/// group order when the scan ends.
struct TallyTable {
    /// `moments`: figures, and each group's mean and sum of squared deviations (stddev).
    enum Shape { case rows, figures, moments, valuesToo, pooled }

    let shape: Shape
    var rows: [Int] = []
    var count: [Int] = []
    var missing: [Int] = []
    var sum: [Double] = []
    var minimum: [Double] = []
    var maximum: [Double] = []
    var numerator: [Double] = []
    var denominator: [Double] = []
    var mean: [Double] = []
    var m2: [Double] = []
    private var keptGroups: [Int32] = []
    private var kept: [Double] = []
    /// The values later stretches of rows kept, with the numbers of their groups here:
    /// put in order with this one's, not copied after it.
    private var laterKept: [(groups: [Int32], values: [Double], numbers: [Int32])] = []
    /// The kept values, each group's in chunks of its own, when the groups are few
    /// (`prepareKept`); the later stretches' with the numbers of their groups here.
    private var chunks: GroupValueChunks?
    private var laterChunks: [(chunks: GroupValueChunks, numbers: [Int32])] = []
    /// After `arrangeValues`: group g's values are `values[offsets[g]..<offsets[g + 1]]`, in row order.
    private(set) var values: [Double] = []
    private(set) var offsets: [Int] = []

    init(_ shape: Shape) { self.shape = shape }

    /// Room for `groups` groups.
    mutating func grow(to groups: Int) {
        let more = groups - rows.count
        guard more > 0 else { return }
        rows += repeatElement(0, count: more)
        guard shape != .rows else { return }
        chunks?.grow(to: groups)
        count += repeatElement(0, count: more)
        missing += repeatElement(0, count: more)
        if shape == .pooled {
            numerator += repeatElement(0, count: more)
            denominator += repeatElement(0, count: more)
        } else {
            sum += repeatElement(0, count: more)
            minimum += repeatElement(.infinity, count: more)
            maximum += repeatElement(-.infinity, count: more)
        }
        if shape == .moments {
            mean += repeatElement(0, count: more)
            m2 += repeatElement(0, count: more)
        }
    }

    /// Gets ready to keep values for one stretch of rows, on its own: each group's in
    /// chunks of its own when the groups are few (bounded parts, at most one group for
    /// every eight rows of the store),
    /// in huge pages when `rowsExpected` (the stretch's rows) are a million or more; else
    /// in one list with their groups, room made for `reserving` of them so that keeping
    /// never copies the list.
    mutating func prepareKept(fewGroups: Bool, rowsExpected: Int, reserving: Int) {
        guard shape == .valuesToo else { return }
        if fewGroups {
            chunks = GroupValueChunks(large: rowsExpected >= 1 << 20)
            chunks!.grow(to: rows.count)
        } else if reserving > 0 {
            keptGroups.reserveCapacity(reserving)
            kept.reserveCapacity(reserving)
        }
    }

    /// Keeps and counts the present figures of a block of rows (rows with a figure and
    /// without are left to `Measure.complete`).
    mutating func keepPresent(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>,
                              values: UnsafeBufferPointer<Double>, states: UnsafeBufferPointer<UInt8>) {
        count.withUnsafeMutableBufferPointer { counts in
            if let chunks {
                chunks.keepPresent(rows, groups: groups, values: values, states: states, counts: counts)
                return
            }
            for (row, group) in zip(rows, groups) where states[Int(row)] == 0 {
                counts[Int(group)] += 1
                keptGroups.append(group)
                kept.append(values[Int(row)])
            }
        }
    }

    @inline(__always)
    mutating func keep(_ value: Double, group: Int) {
        if let chunks { return chunks.keep(value, group: group) }
        keptGroups.append(Int32(group))
        kept.append(value)
    }

    @inline(__always)
    mutating func add(_ value: Double, group: Int, keep: Bool) {
        if shape == .moments {
            (mean[group], m2[group]) = Moments.joined(count[group], mean[group], m2[group], 1, value, 0)
        }
        rows[group] += 1
        count[group] += 1
        sum[group] += value
        minimum[group] = Swift.min(minimum[group], value)
        maximum[group] = Swift.max(maximum[group], value)
        if keep { self.keep(value, group: group) }
    }

    /// Adds the tallies of another stretch of rows, later in the store than this one's:
    /// its group `g` is this table's `groups[g]` (which has room for it).
    mutating func merge(_ other: TallyTable, groups: [Int32], counts: Bool = true) {
        func add<T>(_ mine: inout [T], _ theirs: [T], _ combine: (T, T) -> T) {
            mine.withUnsafeMutableBufferPointer { mine in
                for (group, value) in zip(groups, theirs) { mine[Int(group)] = combine(mine[Int(group)], value) }
            }
        }
        add(&rows, other.rows, +)
        guard shape != .rows else { return }
        if shape == .moments {
            for (theirs, group) in groups.enumerated() {
                let mine = Int(group)
                (mean[mine], m2[mine]) = Moments.joined(count[mine], mean[mine], m2[mine], other.count[theirs], other.mean[theirs], other.m2[theirs])
            }
        }
        if counts { add(&count, other.count, +) }
        add(&missing, other.missing, +)
        if shape == .pooled {
            add(&numerator, other.numerator, +)
            add(&denominator, other.denominator, +)
        } else {
            add(&sum, other.sum, +)
            add(&minimum, other.minimum, Swift.min)
            add(&maximum, other.maximum, Swift.max)
        }
        // The later stretch's values go after this one's: each group's stay in row order.
        if !other.kept.isEmpty { laterKept.append((other.keptGroups, other.kept, groups)) }
        laterKept += other.laterKept.map { ($0.groups, $0.values, $0.numbers.map { groups[Int($0)] }) }
        if let theirs = other.chunks { laterChunks.append((theirs, groups)) }
        laterChunks += other.laterChunks.map { ($0.chunks, $0.numbers.map { groups[Int($0)] }) }
    }

    /// The kept values put in group order: a counting sort, stable (each group's in row
    /// order), each stretch's counted and placed on its own thread, from the place its
    /// groups' values start after the earlier stretches'.
    mutating func arrangeValues(groups: Int) {
        guard shape == .valuesToo, chunks == nil else { return }
        let parts = [(groups: keptGroups, values: kept, numbers: [Int32]())] + laterKept
        keptGroups = []
        kept = []
        laterKept = []
        // Each part's values per group (a part's numbers, when it has them, say its groups' here).
        let counts = ParallelWork.map(parts.count) { index -> [Int] in
            var counts = [Int](repeating: 0, count: groups)
            let part = parts[index]
            counts.withUnsafeMutableBufferPointer { counts in
                if part.numbers.isEmpty {
                    for group in part.groups { counts[Int(group)] += 1 }
                } else {
                    for group in part.groups { counts[Int(part.numbers[Int(group)])] += 1 }
                }
            }
            return counts
        }
        var starts = [Int](repeating: 0, count: groups + 1)
        var cursors = parts.map { _ in [Int](repeating: 0, count: groups) }
        var total = 0
        for group in 0..<groups {
            starts[group] = total
            for index in parts.indices {
                cursors[index][group] = total
                total += counts[index][group]
            }
        }
        starts[groups] = total
        offsets = starts
        values = [Double](unsafeUninitializedCapacity: total) { arranged, count in
            _ = ParallelWork.map(parts.count) { index in
                var cursor = cursors[index]
                let part = parts[index]
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for (group, value) in zip(part.groups, part.values) {
                        let mine = part.numbers.isEmpty ? Int(group) : Int(part.numbers[Int(group)])
                        arranged[cursor[mine]] = value
                        cursor[mine] += 1
                    }
                }
            }
            count = total
        }
    }

    /// Group `group`'s tally.
    func tally(_ group: Int) -> Tally {
        guard group < rows.count else { return Tally() }
        var tally = Tally(rows: rows[group])
        guard shape != .rows else { return tally }
        tally.count = count[group]
        tally.missing = missing[group]
        if shape == .pooled {
            tally.numerator = numerator[group]
            tally.denominator = denominator[group]
        } else {
            tally.sum = sum[group]
            tally.minimum = minimum[group]
            tally.maximum = maximum[group]
        }
        if shape == .moments { tally.m2 = m2[group] }
        return tally
    }

    /// Percentiles `ps` of every group's values after `arrangeValues`: `[p][group]`. Each
    /// group's are selected in place (they are in no order after), the groups spread over
    /// the processors.
    mutating func percentiles(_ ps: [Double], groups: Int) -> [[Double?]] {
        guard shape == .valuesToo, !ps.isEmpty else { return ps.map { _ in Array(repeating: nil, count: groups) } }
        if let chunks { return Self.percentiles(ps, groups: groups, chunks: [(chunks, nil)] + laterChunks.map { ($0.chunks, $0.numbers) }) }
        let offsets = self.offsets
        let stretches = min(ParallelWork.processors * 4, max(1, groups))
        let found = values.withUnsafeMutableBufferPointer { values in
            ParallelWork.map(stretches) { part -> [[Double?]] in
                (groups * part / stretches..<groups * (part + 1) / stretches).map { group in
                    guard group + 1 < offsets.count else { return ps.map { _ in nil } }
                    let mine = UnsafeMutableBufferPointer(rebasing: values[offsets[group]..<offsets[group + 1]])
                    return Statistics.percentiles(selectingIn: mine, ps)
                }
            }
        }
        return Self.byPercentile(found, ps.count)
    }

    /// Percentiles `ps` of every group's values kept in chunks, `[p][group]`: each
    /// stretch's chunks, its groups' numbers here (none for the first stretch's, the
    /// same). Each group's values (or those a bracket keeps) are copied into a buffer of
    /// the thread's own, reused from group to group, and selected from there
    /// (`GroupValueChunks.percentiles`); the groups spread over the processors.
    private static func percentiles(_ ps: [Double], groups: Int, chunks parts: [(chunks: GroupValueChunks, numbers: [Int32]?)]) -> [[Double?]] {
        // Each stretch's group for each group here (-1: none).
        let groupIn = parts.map { part -> [Int32]? in
            guard let numbers = part.numbers else { return nil }
            var mine = [Int32](repeating: -1, count: groups)
            for (theirs, group) in numbers.enumerated() { mine[Int(group)] = Int32(theirs) }
            return mine
        }
        let stretches = min(ParallelWork.processors * 4, max(1, groups))
        let found = ParallelWork.map(stretches) { part -> [[Double?]] in
            var room = 0
            var buffer = UnsafeMutablePointer<Double>.allocate(capacity: 0)
            defer { buffer.deallocate() }
            return (groups * part / stretches..<groups * (part + 1) / stretches).map { group in
                let places = zip(parts, groupIn).map { part, mine in (part.chunks, mine.map { Int($0[group]) } ?? group) }
                var total = 0
                for place in places where place.1 >= 0 { total += place.0.count(place.1) }
                if total > room {
                    buffer.deallocate()
                    room = max(total, room * 2)
                    buffer = UnsafeMutablePointer<Double>.allocate(capacity: room)
                }
                return GroupValueChunks.percentiles(ps, of: places, total: total, buffer: buffer)
            }
        }
        return byPercentile(found, ps.count)
    }

    /// Stretches' figures, `[stretch][group][p]`, as `[p][group]`.
    private static func byPercentile(_ found: [[[Double?]]], _ count: Int) -> [[Double?]] {
        var figures = (0..<count).map { _ in [Double?]() }
        for stretch in found {
            for group in stretch {
                for index in 0..<count { figures[index].append(group[index]) }
            }
        }
        return figures
    }
}

/// What is known about one group's rows, for the rules and for display.
struct GroupFacts {
    var rows = 0
    /// The first row, whose values show the group's key.
    var firstRow = -1
    /// The units of the group's indicators, a bit each (`Unit.rawValue`).
    var unitMask: UInt32 = 0
    /// The most decimals any of the group's indicators shows; -1 before any.
    var mostDecimals = -1
    /// Whether a row has both numerator and denominator.
    var hasCounts = false
    /// The number of distinct periods of each of its indicators not additive over
    /// periods met in more than one, kept only when a rule needs them (`PeriodsMet`).
    var periodCounts: [Int: Int] = [:]

    /// The group's one unit, nil when it has none or several.
    var onlyUnit: Unit? {
        unitMask.nonzeroBitCount == 1 ? Unit(rawValue: UInt8(unitMask.trailingZeroBitCount)) : nil
    }

    /// The units whose figures are averaged or summed with a warning: percentages and rates.
    static let ratedUnits: UInt32 = Unit.allCases.filter { $0.poolingScale != nil && $0 != .average }.reduce(0) { $0 | 1 << UInt32($1.rawValue) }

    /// The units of the group's indicators.
    func units(_ store: Store) -> Set<Unit> {
        var units = Set<Unit>()
        for unit in Unit.allCases where unitMask & (1 << UInt32(unit.rawValue)) != 0 { units.insert(unit) }
        return units
    }

    /// The most decimals any of the group's indicators shows; 1 for none.
    func decimals(_ store: Store) -> Int {
        mostDecimals < 0 ? 1 : mostDecimals
    }
}

/// What is known about every group's rows, a column per fact, no record per group: rows,
/// first row, the units and most decimals of its indicators (a bit mask and a number,
/// folded in as rows come, never a list searched per row), whether it has counts.
struct GroupFactsTable {
    private(set) var rows: [Int32] = []
    private(set) var firstRow: [Int32] = []
    private var unitMask: [UInt32] = []
    private var mostDecimals: [Int8] = []
    private var hasCounts: [Bool] = []
    /// The indicator of each group's last row (`UInt16.max` before any): a row of the same
    /// indicator adds nothing to its units and decimals.
    private var lastIndicator: [UInt16] = []
    /// Each group's indicators' distinct periods, kept only when a rule needs them: as
    /// rows come, then counted by group once every row is in (`completePeriods`).
    private var periodsMet: PeriodsMet?
    private var periodCounts: [Int: [Int: Int]] = [:]
    var keepsPeriods: Bool { periodsMet != nil }
    /// Each indicator's unit bit and decimals.
    private let unitBit: [UInt32]
    private let decimals: [Int8]

    /// Whether units, decimals and counts are kept: counts alone need none of them.
    let keepsUnits: Bool
    /// Whether each group's having numerators and denominators is looked for: only the
    /// rule on summing or averaging rates asks (every row's two states read otherwise).
    let keepsCounts: Bool

    init(keepsPeriods: Bool, keepsUnits: Bool = true, keepsCounts: Bool = true, store: Store) {
        periodsMet = keepsPeriods ? PeriodsMet(store: store) : nil
        self.keepsUnits = keepsUnits
        self.keepsCounts = keepsCounts
        unitBit = store.indicators.map { 1 << UInt32($0.unit.rawValue) }
        decimals = store.indicators.map { Int8(clamping: $0.decimals) }
    }

    var count: Int { rows.count }

    mutating func grow(to groups: Int) {
        let more = groups - rows.count
        guard more > 0 else { return }
        rows += repeatElement(0, count: more)
        firstRow += repeatElement(-1, count: more)
        guard keepsUnits else { return }
        unitMask += repeatElement(0, count: more)
        mostDecimals += repeatElement(-1, count: more)
        hasCounts += repeatElement(false, count: more)
        lastIndicator += repeatElement(.max, count: more)
    }

    subscript(group: Int) -> GroupFacts {
        guard group < rows.count else { return GroupFacts() }
        guard keepsUnits else { return GroupFacts(rows: Int(rows[group]), firstRow: Int(firstRow[group])) }
        return GroupFacts(rows: Int(rows[group]), firstRow: Int(firstRow[group]), unitMask: unitMask[group],
                          mostDecimals: Int(mostDecimals[group]), hasCounts: hasCounts[group], periodCounts: periodCounts[group] ?? [:])
    }

    /// Adds the facts of another stretch of rows, later in the store than this one's: its
    /// group `g` is this table's `groups[g]` (which has room for it).
    mutating func merge(_ other: GroupFactsTable, groups: [Int32]) {
        for (theirs, group) in groups.enumerated() {
            let mine = Int(group)
            guard other.rows[theirs] > 0 else { continue }
            if rows[mine] == 0 { firstRow[mine] = other.firstRow[theirs] }
            rows[mine] += other.rows[theirs]
            if keepsUnits {
                unitMask[mine] |= other.unitMask[theirs]
                mostDecimals[mine] = max(mostDecimals[mine], other.mostDecimals[theirs])
                hasCounts[mine] = hasCounts[mine] || other.hasCounts[theirs]
            }
        }
        if let theirs = other.periodsMet { periodsMet?.merge(theirs, groups: groups) }
    }

    /// Once every row is in: each group's indicators' distinct periods, when kept.
    mutating func completePeriods() {
        periodCounts = periodsMet?.countsByGroup() ?? [:]
    }

    /// Counts each group's rows and notes its first row, its indicators' units and
    /// decimals, whether it has numerators and denominators and, when kept, each
    /// indicator's periods.
    mutating func gather(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, observations: ObservationTable) {
        if periodsMet != nil {
            observations.indicator.withUnsafeBufferPointer { indicators in
                periodsMet!.gather(rows, groups: groups, indicators: indicators)
            }
        }
        guard keepsUnits else {
            self.rows.withUnsafeMutableBufferPointer { counts in
                firstRow.withUnsafeMutableBufferPointer { firstRow in
                    for (row, group) in zip(rows, groups) {
                        if counts[Int(group)] == 0 { firstRow[Int(group)] = row }
                        counts[Int(group)] += 1
                    }
                }
            }
            return
        }
        // Every column written through a pointer: no check that the array is unshared at
        // each write, which a group a row (by period, by area and month) pays per row.
        let unitBit = self.unitBit, decimals = self.decimals, keepsCounts = self.keepsCounts
        observations.indicator.withUnsafeBufferPointer { indicators in
        observations.numerator.states.withUnsafeBufferPointer { tops in
        observations.denominator.states.withUnsafeBufferPointer { bottoms in
        unitBit.withUnsafeBufferPointer { unitBit in
        decimals.withUnsafeBufferPointer { decimals in
        self.rows.withUnsafeMutableBufferPointer { counts in
        firstRow.withUnsafeMutableBufferPointer { firstRow in
        unitMask.withUnsafeMutableBufferPointer { unitMask in
        mostDecimals.withUnsafeMutableBufferPointer { mostDecimals in
        hasCounts.withUnsafeMutableBufferPointer { hasCounts in
        lastIndicator.withUnsafeMutableBufferPointer { lastIndicator in
            if GroupRuns.areShort(groups) {
                // Groups change nearly every row: a row at a time, with no runs looked for.
                for (row, group) in zip(rows, groups) {
                    let group = Int(group)
                    let before = counts[group]
                    if before == 0 { firstRow[group] = row }
                    counts[group] = before &+ 1
                    let met = indicators[Int(row)]
                    if met != lastIndicator[group] {
                        lastIndicator[group] = met
                        unitMask[group] |= unitBit[Int(met)]
                        mostDecimals[group] = max(mostDecimals[group], decimals[Int(met)])
                    }
                    if keepsCounts, !hasCounts[group], tops[Int(row)] == 0 && bottoms[Int(row)] == 0 { hasCounts[group] = true }
                }
                return
            }
            // A run of rows of one group at a time; units and decimals only when the
            // indicator is not the group's last one (a group a row still meets few).
            var start = 0
            while start < rows.count {
                let group = Int(groups[start])
                var end = start + 1
                while end < rows.count, groups[end] == groups[start] { end += 1 }
                if counts[group] == 0 { firstRow[group] = rows[start] }
                counts[group] += Int32(end - start)
                let known = lastIndicator[group]
                var last = known
                for index in start..<end {
                    let met = indicators[Int(rows[index])]
                    guard met != last else { continue }
                    last = met
                    unitMask[group] |= unitBit[Int(met)]
                    mostDecimals[group] = max(mostDecimals[group], decimals[Int(met)])
                }
                if last != known { lastIndicator[group] = last }
                if keepsCounts, !hasCounts[group] {
                    for index in start..<end where tops[Int(rows[index])] == 0 && bottoms[Int(rows[index])] == 0 {
                        hasCounts[group] = true
                        break
                    }
                }
                start = end
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }
}

/// Notes said once each, in the order first met. A counted note adds its counts up over
/// every group and is said once with the total.
struct NoteCollector {
    private var entries: [(key: String, count: Int, text: (Int) -> String)] = []

    var notes: [Note] { entries.map { Note($0.text($0.count)) } }

    /// A note for a rule whose wording depends only on `rule`: worded the first time.
    private var rulesSaid: Set<Int> = []
    mutating func addOnce(rule: Int, _ line: () -> String) {
        guard rulesSaid.insert(rule).inserted else { return }
        add(line())
    }

    mutating func add(_ line: String) {
        add(counting: 0, key: line) { { _ in line } }
    }

    /// Adds `count` to the note under `key`; `wording` gives how the note is worded from
    /// its total, asked only for a key not met before (a group's measure adds to a note
    /// per group: no closure made, nothing copied, for all but the first).
    mutating func add(counting count: Int, key: String, _ wording: () -> (Int) -> String) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].count += count
        } else {
            entries.append((key, count, wording()))
        }
    }
}

/// How a block's rows fall into groups.
enum GroupRuns {
    /// Whether groups change nearly every row (by month, by area and month), judged by
    /// the block's first rows: gathered a row at a time, not a run at a time.
    @inline(__always)
    static func areShort(_ groups: UnsafeBufferPointer<Int32>) -> Bool {
        let looked = min(groups.count, 64)
        guard looked > 8 else { return false }
        var changes = 0
        for index in 1..<looked where groups[index] != groups[index - 1] { changes += 1 }
        return changes * 4 >= (looked - 1) * 3
    }
}
