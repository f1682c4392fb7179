import Synchronization
import ScryLanguage
import ScryStore

/// One conjunct of a filter in the narrowest form a scan can apply: a set of indicators
/// (`code = A3`, `polarity = H`, `theme = …`), a set of areas (`area in (…)`,
/// `area_type = authority`, `district = …`), a window of periods for each indicator, or a
/// test of each row for everything else.
enum Narrowing {
    case indicators([Bool])
    case areas([Bool])
    case periods(PeriodWindow)
    /// `value is missing` (`missing`), `value is not missing`: a stored figure's state,
    /// decided for a whole block by its count of absent figures where it can be.
    case figureStates(FigureStateTest)
    /// `value > 90`, `value between 40 and 60`: a stored figure within bounds, decided for
    /// a whole block by its figures' range where it can be.
    case figureBounds(FigureBoundsTest)
    /// `value >= target`: two stored figures of each row compared, column by column.
    case figurePair(FigurePairTest)
    case rows(RowCompiler.Predicate)

    static func members(_ indices: [Int], of count: Int) -> [Bool] {
        var member = [Bool](repeating: false, count: count)
        for index in indices { member[index] = true }
        return member
    }

    /// The conjunct as a test of one row.
    func predicate(_ store: Store) -> RowCompiler.Predicate {
        let observations = store.observations
        switch self {
        case .indicators(let member): return { member[Int(observations.indicator[$0])] }
        case .areas(let member): return { member[Int(observations.area[$0])] }
        case .periods(let window): return { window.contains(observations.period[$0], indicator: Int(observations.indicator[$0])) }
        case .figureStates(let test): return { (test.states[$0] != 0) == test.missing }
        case .figureBounds(let test): return { test.states[$0] == 0 && test.holds(test.values[$0]) }
        case .figurePair(let test): return { test.holds(row: $0) }
        case .rows(let test): return test
        }
    }

    /// Rows passing any of `choices`: a set when they are all sets of the same thing.
    static func any(of choices: [Narrowing], store: Store) -> Narrowing {
        if choices.count == 1 { return choices[0] }
        var indicators: [Bool]? = Array(repeating: false, count: store.indicators.count)
        var areas: [Bool]? = Array(repeating: false, count: store.areas.count)
        for choice in choices {
            switch choice {
            case .indicators(let member): indicators = indicators.map { zip($0, member).map { $0 || $1 } }; areas = nil
            case .areas(let member): areas = areas.map { zip($0, member).map { $0 || $1 } }; indicators = nil
            default: indicators = nil; areas = nil
            }
        }
        if let indicators { return .indicators(indicators) }
        if let areas { return .areas(areas) }
        let tests = choices.map { $0.predicate(store) }
        return .rows { row in tests.contains { $0(row) } }
    }

    /// Rows failing this conjunct.
    func negated(_ store: Store) -> Narrowing {
        switch self {
        case .indicators(let member): return .indicators(member.map { !$0 })
        case .areas(let member): return .areas(member.map { !$0 })
        case .figureStates(var test):
            test.missing.toggle()
            return .figureStates(test)
        default:
            let test = predicate(store)
            return .rows { !test($0) }
        }
    }
}

/// Whether a stored figure is missing (any state but present), or present.
struct FigureStateTest {
    let states: [UInt8]
    let ranges: FigureRanges
    var missing: Bool

    /// Whether every row of a block passes (true), none does (false), or it depends on the row (nil).
    func verdict(block: Int, rows: Int) -> Bool? {
        let absent = Int(ranges.absent[block])
        if absent == 0 { return !missing }
        if absent == rows { return missing }
        return nil
    }
}

extension FigureStateTest {
    /// Lists the rows of `range` whose figure is missing, in order; their count. Missing
    /// figures are few: the states are read eight at a time, and a word of eight present
    /// figures (all zero) is passed over whole.
    func listMissing(_ range: Range<Int>, into selection: UnsafeMutableBufferPointer<Int32>) -> Int {
        states.withUnsafeBufferPointer { states in
            let base = UnsafeRawPointer(states.baseAddress!)
            var kept = 0, row = range.lowerBound
            while row + 8 <= range.upperBound {
                if base.loadUnaligned(fromByteOffset: row, as: UInt64.self) != 0 {
                    for offset in row..<(row + 8) {
                        selection[kept] = Int32(truncatingIfNeeded: offset)
                        kept &+= Branchless.one(states[offset] != 0)
                    }
                }
                row += 8
            }
            for offset in row..<range.upperBound {
                selection[kept] = Int32(truncatingIfNeeded: offset)
                kept &+= Branchless.one(states[offset] != 0)
            }
            return kept
        }
    }
}

/// Whether a stored figure is present and within bounds (each end included or not).
struct FigureBoundsTest {
    let values: [Double]
    let states: [UInt8]
    let ranges: FigureRanges
    var low = -Double.infinity, lowIncluded = true
    var high = Double.infinity, highIncluded = true

    @inline(__always)
    func holds(_ value: Double) -> Bool {
        (lowIncluded ? value >= low : value > low) && (highIncluded ? value <= high : value < high)
    }

    /// The bounds with both ends included, for a test with no choice per row: `x > low`
    /// is `x >= low.nextUp` for every double, and nothing is above infinity (NaN: no
    /// comparison holds); the same at the top.
    var includedBounds: (low: Double, high: Double) {
        (lowIncluded ? low : low == .infinity ? .nan : low.nextUp, highIncluded ? high : high == -.infinity ? .nan : high.nextDown)
    }

    /// Whether every row of a block passes (true), none does (false), or it depends on the row (nil).
    func verdict(block: Int) -> Bool? {
        let least = ranges.minimum[block], most = ranges.maximum[block]
        if least > most { return false }
        if (lowIncluded ? most < low : most <= low) || (highIncluded ? least > high : least >= high) { return false }
        if ranges.absent[block] == 0, holds(least), holds(most) { return true }
        return nil
    }
}

/// Two stored figures of a row compared (`value >= target`, `numerator < floor`): a
/// present figure as a double, a missing one as NaN, which no comparison holds. A figure
/// kept by code (target, floor) is read through its codes' doubles, worked out once.
struct FigurePairTest {
    enum Figures {
        case stored(values: [Double], states: [UInt8])
        case coded(codes: [UInt32], values: [Double])

        @inline(__always)
        func value(_ row: Int) -> Double {
            switch self {
            case .stored(let values, let states): states[row] == 0 ? values[row] : .nan
            case .coded(let codes, let values): values[Int(codes[row])]
            }
        }
    }

    let left: Figures
    let operation: ComparisonOperator
    let right: Figures

    func holds(row: Int) -> Bool {
        let x = left.value(row), y = right.value(row)
        return !x.isNaN && !y.isNaN && RowCompiler.holds(operation, x, y)
    }

    /// Keeps the rows that pass, in order; their count. The rows are those of `listing`
    /// when given (a block's, listed in the same pass as the comparison: its figures read
    /// in order, not through a list), else the first `count` of `selection`. Each side's
    /// figures are read into a block of doubles first, then compared in one loop per
    /// operator.
    func keep(_ selection: UnsafeMutableBufferPointer<Int32>, listing: Range<Int>?, _ count: Int) -> Int {
        if let listing, case .stored(let values, let states) = left, case .coded(let codes, let coded) = right {
            return keepInOnePass(selection, listing, values, states, codes, coded)
        }
        let count = listing?.count ?? count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * count) { figures in
            let xs = UnsafeMutableBufferPointer(rebasing: figures[0..<count])
            let ys = UnsafeMutableBufferPointer(rebasing: figures[count..<2 * count])
            Self.read(left, selection, listing, count, into: xs)
            Self.read(right, selection, listing, count, into: ys)
            return Self.comparing(operation) { holds in Self.keep(selection, listing, count, xs, ys, holds) }
        }
    }

    /// `body` with the operator's test of two figures (a missing one NaN, which no test
    /// holds), a loop per operator so that each is compiled with its comparison inline.
    @inline(__always)
    private static func comparing(_ operation: ComparisonOperator, _ body: ((Double, Double) -> Bool) -> Int) -> Int {
        switch operation {
        case .equal: body { $0 == $1 }
        case .notEqual: body { $0 != $1 && !$0.isNaN && !$1.isNaN }
        case .less: body { $0 < $1 }
        case .lessOrEqual: body { $0 <= $1 }
        case .greater: body { $0 > $1 }
        case .greaterOrEqual: body { $0 >= $1 }
        }
    }

    /// A block's stored figures against figures kept by code (`value >= target`), in one
    /// pass: each row's pair read, compared, and the row written and counted when it holds.
    private func keepInOnePass(_ selection: UnsafeMutableBufferPointer<Int32>, _ listing: Range<Int>, _ values: [Double], _ states: [UInt8],
                               _ codes: [UInt32], _ coded: [Double]) -> Int {
        @inline(__always) func pass(_ holds: (Double, Double) -> Bool) -> Int {
            values.withUnsafeBufferPointer { values in
                states.withUnsafeBufferPointer { states in
                    codes.withUnsafeBufferPointer { codes in
                        coded.withUnsafeBufferPointer { coded in
                            var kept = 0
                            for row in listing {
                                let x = Branchless.figure(values[row], states[row])
                                selection[kept] = Int32(truncatingIfNeeded: row)
                                kept &+= Branchless.one(holds(x, coded[Int(codes[row])]))
                            }
                            return kept
                        }
                    }
                }
            }
        }
        return Self.comparing(operation) { holds in pass(holds) }
    }

    private static func read(_ figures: Figures, _ selection: UnsafeMutableBufferPointer<Int32>, _ listing: Range<Int>?, _ count: Int,
                             into out: UnsafeMutableBufferPointer<Double>) {
        @inline(__always) func each(_ figure: (Int) -> Double) {
            if let listing {
                for (index, row) in listing.enumerated() { out[index] = figure(row) }
            } else {
                for index in 0..<count { out[index] = figure(Int(selection[index])) }
            }
        }
        switch figures {
        case .stored(let values, let states):
            values.withUnsafeBufferPointer { values in
                states.withUnsafeBufferPointer { states in
                    each { row in Branchless.figure(values[row], states[row]) }
                }
            }
        case .coded(let codes, let values):
            codes.withUnsafeBufferPointer { codes in
                values.withUnsafeBufferPointer { values in
                    each { row in values[Int(codes[row])] }
                }
            }
        }
    }

    @inline(__always)
    private static func keep(_ selection: UnsafeMutableBufferPointer<Int32>, _ listing: Range<Int>?, _ count: Int,
                             _ xs: UnsafeMutableBufferPointer<Double>, _ ys: UnsafeMutableBufferPointer<Double>,
                             _ holds: (Double, Double) -> Bool) -> Int {
        var kept = 0
        // Written every time, counted only when it holds: no branch to mispredict.
        if let listing {
            for index in 0..<count {
                selection[kept] = Int32(truncatingIfNeeded: listing.lowerBound + index)
                kept &+= Branchless.one(holds(xs[index], ys[index]))
            }
        } else {
            for index in 0..<count {
                selection[kept] = selection[index]
                kept &+= Branchless.one(holds(xs[index], ys[index]))
            }
        }
        return kept
    }
}

/// For each indicator, the periods a filter keeps: those starting from one month and
/// ending by another, or exactly one period (its kind and months, whatever its status).
/// An indicator the filter's period means nothing for keeps none.
struct PeriodWindow {
    /// Periods start on or after this month…
    private(set) var firstStart: [Int32]
    /// …and end on or before this one (for an exact period: end in it).
    private(set) var lastEnd: [Int32]
    /// For an exact period, its packed value without status; nil for a window.
    private(set) var exact: [UInt32]?

    /// A window keeping nothing until `allow` opens it for an indicator.
    init(indicators count: Int, exact: Bool = false) {
        firstStart = Array(repeating: Int32.max, count: count)
        lastEnd = Array(repeating: Int32.min, count: count)
        self.exact = exact ? Array(repeating: UInt32.max, count: count) : nil
    }

    mutating func allow(_ indicator: Int, from start: Int, to end: Int) {
        firstStart[indicator] = Int32(clamping: start)
        lastEnd[indicator] = Int32(clamping: end)
    }

    mutating func allow(_ indicator: Int, endingBy end: Int) { allow(indicator, from: Int(Int32.min), to: end) }
    mutating func allow(_ indicator: Int, startingFrom start: Int) { allow(indicator, from: start, to: Int(Int32.max)) }

    mutating func allow(_ indicator: Int, exactly raw: UInt32, end: Int) {
        exact?[indicator] = raw & ~0x7
        allow(indicator, from: Int(Int32.min), to: end)
    }

    @inline(__always)
    func contains(_ raw: UInt32, indicator: Int) -> Bool {
        let (start, end) = Period.months(raw: raw)
        if let exact { return raw & ~0x7 == exact[indicator] && end == lastEnd[indicator] }
        return start >= firstStart[indicator] && end <= lastEnd[indicator]
    }

    /// The months a kept row's period may end in, over the indicators `allowed` (every
    /// one when nil): `low > high` when it keeps none. A period ends on or after its start,
    /// so a window's rows end from its first start to its last end.
    func endMonths(allowed: [Bool]?) -> (low: Int32, high: Int32) {
        var low = Int32.max, high = Int32.min
        for indicator in lastEnd.indices where allowed?[indicator] ?? true {
            let last = lastEnd[indicator], first = exact == nil ? firstStart[indicator] : last
            guard first <= last, exact?[indicator] != UInt32.max else { continue }
            low = min(low, first)
            high = max(high, last)
        }
        return (low, high)
    }

    /// Whether every row of a block of one indicator passes (true), none does (false), or
    /// it depends on the row (nil), from the block's ranges of months.
    func verdict(indicator: Int, block: Int, _ summaries: BlockSummaries) -> Bool? {
        let first = firstStart[indicator], last = lastEnd[indicator]
        if exact != nil {
            return last < summaries.minEnd[block] || last > summaries.maxEnd[block] ? false : nil
        }
        if summaries.maxStart[block] < first || summaries.minEnd[block] > last { return false }
        if summaries.minStart[block] >= first && summaries.maxEnd[block] <= last { return true }
        return nil
    }
}

/// A statement's filter as a scan applies it: the conjuncts that are sets of indicators or
/// areas merged into one set each, the windows of periods, and the other tests of rows.
struct RowFilter {
    private(set) var indicators: [Bool]?
    private(set) var areas: [Bool]?
    private(set) var windows: [PeriodWindow] = []
    private(set) var figureStates: [FigureStateTest] = []
    private(set) var figureBounds: [FigureBoundsTest] = []
    private(set) var figurePairs: [FigurePairTest] = []
    private(set) var tests: [RowCompiler.Predicate] = []

    /// Whether a row is tested by a compiled expression, which may note what it reads (a
    /// comparator's lookups): such a scan runs on one thread.
    var testsRowByRow: Bool { !tests.isEmpty }

    init(_ narrowings: [Narrowing] = []) {
        for narrowing in narrowings { add(narrowing) }
    }

    mutating func add(_ narrowing: Narrowing) {
        switch narrowing {
        case .indicators(let member): indicators = indicators.map { zip($0, member).map { $0 && $1 } } ?? member
        case .areas(let member): areas = areas.map { zip($0, member).map { $0 && $1 } } ?? member
        case .periods(let window): windows.append(window)
        case .figureStates(let test): figureStates.append(test)
        case .figureBounds(let test): figureBounds.append(test)
        case .figurePair(let test): figurePairs.append(test)
        case .rows(let test): tests.append(test)
        }
    }

    /// Calls `body` with each block's rows that pass, in store order (or the blocks in the
    /// order `visiting` gives, leaving out those `skipping` turns away); a block with none
    /// is skipped, most often by its summary alone.
    /// `whole`, when given, is told how many rows of a block pass, without their rows
    /// listed, whenever the block's summaries tell it (a count adds the number) instead of
    /// `body`.
    /// `gathering`: blocks of which few rows pass (under a quarter) are handed on
    /// together, up to a block's worth of rows at a time (never more), still in store
    /// order: `where value is missing` leaves some 40 rows a block, and a group's keys,
    /// facts and tallies each cost as much again for a block of 40 rows as of 2,048.
    func forEachBlock(of store: Store, context: QueryContext, visiting: [Int]? = nil, skipping: ((Int) -> Bool)? = nil,
                      whole: ((Int) -> Void)? = nil, gathering: Bool = false,
                      _ body: (UnsafeBufferPointer<Int32>) throws(Diagnostic) -> Void) throws(Diagnostic) {
        let observations = store.observations
        let summaries = store.blockSummaries
        let indicatorCounts = indicators.map(Self.runningCounts)
        let areaCounts = areas.map(Self.runningCounts)
        var buffer = [Int32](repeating: 0, count: BlockSummaries.size)
        // Rows of blocks gathered, not yet handed on.
        var gathered = gathering ? [Int32](repeating: 0, count: BlockSummaries.size) : []
        var gatheredCount = 0
        func handOnGathered() throws(Diagnostic) {
            guard gatheredCount > 0 else { return }
            try gathered.withUnsafeBufferPointer { rows throws(Diagnostic) in
                try body(UnsafeBufferPointer(rebasing: rows[0..<gatheredCount]))
            }
            gatheredCount = 0
        }
        // A block's rows ending in the windows' months, when they are few: only those
        // are tested (`candidates` in store order, `next` the first not yet reached).
        let candidates = endMonthCandidates(of: store, blocks: visiting)
        var next = candidates?.startIndex ?? 0
        for step in 0..<(visiting?.count ?? summaries.count) {
            let block = visiting?[step] ?? step
            try context.checkInterruption()
            if let skipping, skipping(block) { continue }
            var preset: ArraySlice<Int32>? = nil
            if let candidates {
                let blockRows = BlockSummaries.rows(ofBlock: block, in: observations.count)
                while next < candidates.endIndex, Int(candidates[next]) < blockRows.lowerBound { next += 1 }
                var end = next
                while end < candidates.endIndex, Int(candidates[end]) < blockRows.upperBound { end += 1 }
                if end == next { continue }
                preset = candidates[next..<end]
                next = end
            }
            var testIndicators = false, testAreas = false
            if let counts = indicatorCounts {
                let low = Int(summaries.minIndicator[block]), high = Int(summaries.maxIndicator[block])
                let allowed = counts[high + 1] - counts[low]
                if allowed == 0 { continue }
                testIndicators = allowed != high - low + 1
            }
            if let counts = areaCounts {
                let low = Int(summaries.minArea[block]), high = Int(summaries.maxArea[block])
                let allowed = counts[high + 1] - counts[low]
                if allowed == 0 { continue }
                testAreas = allowed != high - low + 1
            }
            // Windows decided for the whole block, when it holds one indicator.
            var openWindows = windows
            if !windows.isEmpty, summaries.minIndicator[block] == summaries.maxIndicator[block] {
                let indicator = Int(summaries.minIndicator[block])
                var none = false
                openWindows = windows.filter { window in
                    switch window.verdict(indicator: indicator, block: block, summaries) {
                    case false?: none = true; return false
                    case true?: return false
                    case nil: return true
                    }
                }
                if none { continue }
            }
            let rows = BlockSummaries.rows(ofBlock: block, in: observations.count)
            // The figure tests this block leaves open, a bit each (no list made per block).
            var openStates: UInt64 = 0, openBounds: UInt64 = 0
            var none = false
            for (index, test) in figureStates.enumerated() {
                switch test.verdict(block: block, rows: rows.count) {
                case false?: none = true
                case true?: break
                case nil: openStates |= 1 << UInt64(index & 63)
                }
            }
            for (index, test) in figureBounds.enumerated() {
                switch test.verdict(block: block) {
                case false?: none = true
                case true?: break
                case nil: openBounds |= 1 << UInt64(index & 63)
                }
            }
            if none { continue }
            if let whole, preset == nil, !testIndicators, !testAreas, openWindows.isEmpty, openStates.nonzeroBitCount <= 1, openBounds == 0, figurePairs.isEmpty, tests.isEmpty {
                // Every row passes, or as many as the block's count of absent figures says.
                if openStates == 0 {
                    whole(rows.count)
                } else {
                    let test = figureStates[openStates.trailingZeroBitCount]
                    let absent = Int(test.ranges.absent[block])
                    whole(test.missing ? absent : rows.count - absent)
                }
                continue
            }
            let selected = buffer.withUnsafeMutableBufferPointer { selection -> Int in
                // The block's rows are listed by the first test that reads a column, in the
                // same pass (a block of one indicator tested on its figures alone is read once).
                var listing: Range<Int>? = rows
                var count = 0
                if let preset {
                    for (index, row) in preset.enumerated() { selection[index] = row }
                    count = preset.count
                    listing = nil
                }
                func keep<T>(_ column: [T], _ test: (T, Int32) -> Bool) {
                    if let range = listing {
                        count = Self.keep(selection, listing: range, column, test)
                        listing = nil
                    } else {
                        count = Self.keep(selection, count, column, test)
                    }
                }
                func listAll() {
                    guard let range = listing else { return }
                    for row in range { selection[row - range.lowerBound] = Int32(row) }
                    count = range.count
                    listing = nil
                }
                for (index, test) in figureStates.enumerated() where openStates & (1 << UInt64(index & 63)) != 0 || index >= 64 {
                    if test.missing, let range = listing {
                        count = test.listMissing(range, into: selection)
                        listing = nil
                    } else {
                        keep(test.states) { state, _ in (state != 0) == test.missing }
                    }
                }
                for (index, test) in figureBounds.enumerated() where openBounds & (1 << UInt64(index & 63)) != 0 || index >= 64 {
                    // Both ends included, so that the three tests are numbers and-ed, no branch.
                    let (low, high) = test.includedBounds
                    test.states.withUnsafeBufferPointer { states in
                        keep(test.values) { value, row in
                            Branchless.one(states[Int(row)] == 0) & Branchless.one(value >= low) & Branchless.one(value <= high) != 0
                        }
                    }
                }
                for test in figurePairs {
                    count = test.keep(selection, listing: listing, count)
                    listing = nil
                }
                if testIndicators, let member = indicators {
                    keep(observations.indicator) { code, _ in member[Int(code)] }
                }
                if testAreas, let member = areas {
                    keep(observations.area) { code, _ in member[Int(code)] }
                }
                for window in openWindows {
                    observations.indicator.withUnsafeBufferPointer { indicators in
                        keep(observations.period) { window.contains($0, indicator: Int(indicators[Int($1)])) }
                    }
                }
                listAll()
                for test in tests {
                    var kept = 0
                    for index in 0..<count where test(Int(selection[index])) {
                        selection[kept] = selection[index]
                        kept += 1
                    }
                    count = kept
                }
                return count
            }
            if selected > 0, gathering, selected < BlockSummaries.size / 4 {
                if gatheredCount + selected > BlockSummaries.size { try handOnGathered() }
                gathered.withUnsafeMutableBufferPointer { gathered in
                    buffer.withUnsafeBufferPointer { selection in
                        for index in 0..<selected { gathered[gatheredCount + index] = selection[index] }
                    }
                }
                gatheredCount += selected
            } else if selected > 0 {
                try handOnGathered()
                try buffer.withUnsafeBufferPointer { selection throws(Diagnostic) in
                    try body(UnsafeBufferPointer(rebasing: selection[0..<selected]))
                }
            }
        }
        try handOnGathered()
    }

    /// When set, every scan with windows reads the rows ending in their months, whatever
    /// its size: tests set it, to check that both ways give the same rows.
    static let endMonthIndexForced = Atomic<Bool>(false)

    /// The rows ending in the months the windows leave, in store order, when reading
    /// them instead of every row of the blocks the scan visits (`blocks`, or all) pays:
    /// a scan of at least 64 blocks whose windows leave one month holding at most an
    /// eighth of the store, or a few months whose rows (sorted together) are under a 64th
    /// of it. Nil otherwise.
    private func endMonthCandidates(of store: Store, blocks: [Int]?) -> ArraySlice<Int32>? {
        guard !windows.isEmpty else { return nil }
        let forced = Self.endMonthIndexForced.load(ordering: .relaxed)
        var low = Int32.min, high = Int32.max
        for window in windows {
            let months = window.endMonths(allowed: indicators)
            low = max(low, months.low)
            high = min(high, months.high)
        }
        // Not for a window of many months, which the index would not serve, nor for a
        // small scan (one indicator's blocks), which reads its rows as fast.
        guard forced || Int(high) - Int(low) <= 24 else { return nil }
        guard forced || (blocks?.count ?? candidateBlocks(of: store).count) >= 64 else { return nil }
        guard low <= high else { return [] }
        let total = store.observations.count
        let index = store.rowsByEndMonth
        let count = index.count(endingIn: low...high)
        if low == high { return forced || count <= total / 8 ? index.rows(endingIn: low...high) : nil }
        return forced || count <= total / 64 ? ArraySlice(index.rows(endingIn: low...high).sorted()) : nil
    }

    /// The blocks whose indicator and area ranges may hold a row that passes (those a
    /// scan does not skip by its summaries' first test), in store order: what a scan
    /// split over the processors shares out.
    func candidateBlocks(of store: Store) -> [Int] {
        let summaries = store.blockSummaries
        guard indicators != nil || areas != nil else { return Array(0..<summaries.count) }
        let indicatorCounts = indicators.map(Self.runningCounts)
        let areaCounts = areas.map(Self.runningCounts)
        return (0..<summaries.count).filter { block in
            if let counts = indicatorCounts,
               counts[Int(summaries.maxIndicator[block]) + 1] == counts[Int(summaries.minIndicator[block])] { return false }
            if let counts = areaCounts, counts[Int(summaries.maxArea[block]) + 1] == counts[Int(summaries.minArea[block])] { return false }
            return true
        }
    }

    /// Every row that passes, in store order.
    func rows(of store: Store, context: QueryContext) throws(Diagnostic) -> [Int] {
        var result: [Int] = []
        // A scan of every block: room for every row, made once (reserving `count +
        // rows.count` at every block made it reallocate, and copy everything so far, each
        // time: minutes at 10 M). Pages never written cost nothing. A scan narrowed to some
        // indicators or areas grows its list as rows come.
        if indicators == nil, areas == nil { result.reserveCapacity(store.observations.count) }
        try forEachBlock(of: store, context: context) { rows in
            result.append(contentsOf: rows.lazy.map { Int($0) })
        }
        return result
    }

    /// counts[i] = how many of member[0..<i] are true.
    private static func runningCounts(_ member: [Bool]) -> [Int] {
        var counts = [0]
        counts.reserveCapacity(member.count + 1)
        for flag in member { counts.append(counts.last! + (flag ? 1 : 0)) }
        return counts
    }

    /// Lists the rows of `range` whose value in `column` passes `test`, in order; their count.
    @inline(__always)
    private static func keep<T>(_ selection: UnsafeMutableBufferPointer<Int32>, listing range: Range<Int>, _ column: [T],
                                _ test: (T, Int32) -> Bool) -> Int {
        column.withUnsafeBufferPointer { values in
            var kept = 0
            for row in range {
                selection[kept] = Int32(truncatingIfNeeded: row)
                kept &+= Branchless.one(test(values[row], Int32(truncatingIfNeeded: row)))
            }
            return kept
        }
    }

    /// Keeps the selected rows whose value in `column` passes `test`, in order; the new count.
    @inline(__always)
    private static func keep<T>(_ selection: UnsafeMutableBufferPointer<Int32>, _ count: Int, _ column: [T],
                                _ test: (T, Int32) -> Bool) -> Int {
        column.withUnsafeBufferPointer { values in
            var kept = 0
            for index in 0..<count {
                // Written every time, counted only when it passes: no branch to mispredict
                // when about as many pass as fail.
                let row = selection[index]
                selection[kept] = row
                kept &+= Branchless.one(test(values[Int(row)], row))
            }
            return kept
        }
    }
}

/// Tests turned into numbers with no branch: a filter's pass keeps about half of its rows
/// at random, and a branch on each row is mispredicted about half the time (the compiler
/// makes `condition ? 1 : 0` a jump around an add; a Bool's bits it cannot).
enum Branchless {
    /// 1 when `condition` holds, else 0.
    @inline(__always)
    static func one(_ condition: Bool) -> Int { Int(unsafeBitCast(condition, to: UInt8.self)) }

    /// A stored figure as a double: a missing one (`state` not 0) NaN, which no comparison
    /// holds, made by setting its exponent's bits and the quiet bit.
    @inline(__always)
    static func figure(_ value: Double, _ state: UInt8) -> Double {
        let missing = UInt64(unsafeBitCast(state != 0, to: UInt8.self))
        return Double(bitPattern: value.bitPattern | (0 &- missing) & 0x7FF8_0000_0000_0000)
    }
}
