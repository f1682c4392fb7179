import ScryLanguage
import ScryStore
import Synchronization

/// What an aggregate's scan gathers: each row's group, each group's facts and each
/// measure's tallies.
///
/// The blocks the filter's indicators and areas may hold are shared out evenly into as
/// many stretches as there are processors, each scanned on its own thread with its own
/// copy of the keys and tables, and the stretches merged in store order: a later
/// stretch's group is looked up again in the first's keys (through the flat tables'
/// slots, else from its first row), so groups keep the numbers (the order first met) a
/// scan on one thread gives them, and each group's kept values stay in row order. A scan
/// stays on one thread when it is small, when something it reads is an expression that
/// may note what it reads (a comparator, a rank), or when its groups may be nearly one a
/// row.
struct GroupScan {
    var keys: GroupKeys
    var facts: GroupFactsTable
    var tallies: [TallyTable]
    /// The measures gathered: each stretch's own (a distinct count's values seen).
    var measures: [Measure]
    /// Rows counted from blocks' summaries, never listed (a `count` alone).
    var wholeRows = 0

    /// Blocks below this many per processor are scanned on one thread.
    static let blocksPerThread = 32

    /// When above 0, every scan that can be split is split into this many stretches,
    /// whatever its size and the processors: tests set it, to check that any split gives
    /// the answers one stretch gives.
    static let forcedStretches = Atomic<Int>(0)

    static func scan(_ filter: RowFilter, keys: GroupKeys, facts: GroupFactsTable, measures: [Measure], countsOnly: Bool,
                     store: Store, context: QueryContext) throws(Diagnostic) -> GroupScan {
        var start = GroupScan(keys: keys, facts: facts, tallies: measures.map { TallyTable($0.tallyShape) }, measures: measures)
        if countsOnly {
            start.facts.grow(to: 1)
            for index in start.tallies.indices { start.tallies[index].grow(to: 1) }
        }
        // The blocks the filter's indicators and areas leave, shared out evenly (a filter
        // to one indicator leaves a few blocks together, too few to split).
        let candidates = filter.candidateBlocks(of: store)
        let blocks = candidates.count
        let forced = forcedStretches.load(ordering: .relaxed)
        let threads = forced > 0 ? min(forced, blocks) : min(ParallelWork.processors, blocks / blocksPerThread)
        // Kept values (medians, percentiles) go into chunks of each group's own when the
        // groups are few.
        let fewGroups = keys.mostGroups.map { $0 <= store.observations.count / 8 } ?? false
        guard threads > 1, !filter.testsRowByRow, keys.groupsInParts(rows: store.observations.count),
              measures.allSatisfy(\.gathersInParts) else {
            for index in start.tallies.indices {
                start.tallies[index].prepareKept(fewGroups: fewGroups, rowsExpected: blocks * BlockSummaries.size, reserving: 0)
            }
            try start.gather(filter, blocks: nil, countsOnly: countsOnly, store: store, context: context)
            start.finish()
            return start
        }
        let stretches = ParallelWork.map(threads) { part -> Result<GroupScan, Diagnostic> in
            var scan = start
            if part > 0 { scan.measures = measures.map { $0.forStretch() } }
            let blocks = Array(candidates[blocks * part / threads..<blocks * (part + 1) / threads])
            for index in scan.tallies.indices {
                scan.tallies[index].prepareKept(fewGroups: fewGroups, rowsExpected: blocks.count * BlockSummaries.size,
                                                reserving: blocks.count * BlockSummaries.size)
            }
            do throws(Diagnostic) {
                try scan.gather(filter, blocks: blocks, countsOnly: countsOnly, store: store, context: context)
            } catch {
                return .failure(error)
            }
            return .success(scan)
        }
        var merged = try stretches[0].get()
        for stretch in stretches.dropFirst() { merged.merge(try stretch.get()) }
        merged.finish()
        return merged
    }

    /// Once every row is in: each tally's figures that its measure leaves to the groups'
    /// counts of rows, the rows counted whole (a lone group's), and kept values put in
    /// group order.
    private mutating func finish() {
        facts.completePeriods()
        for (index, measure) in measures.enumerated() {
            measure.complete(&tallies[index], rows: facts.rows)
            if wholeRows > 0 { tallies[index].rows[0] += wholeRows }
            tallies[index].arrangeValues(groups: keys.count)
        }
    }

    /// Gathers the rows of `blocks` (every block when nil) that pass the filter.
    private mutating func gather(_ filter: RowFilter, blocks: [Int]?, countsOnly: Bool,
                                 store: Store, context: QueryContext) throws(Diagnostic) {
        var ids = [Int32](repeating: 0, count: BlockSummaries.size)
        let measures = self.measures, observations = store.observations
        var whole = 0
        try filter.forEachBlock(of: store, context: context, visiting: blocks, whole: countsOnly ? { whole += $0 } : nil,
                                gathering: true) { rows in
            ids.withUnsafeMutableBufferPointer { ids in keys.groups(of: rows, into: ids) }
            if keys.count > facts.count {
                // Room grows by half again, not by each block's new groups, never past the
                // number of groups there can be (a flat table's slots).
                grow(to: min(max(keys.count, facts.count + facts.count / 2), keys.capacity ?? .max))
            }
            ids.withUnsafeBufferPointer { ids in
                let groupsOfRows = UnsafeBufferPointer(rebasing: ids[0..<rows.count])
                facts.gather(rows, groups: groupsOfRows, observations: observations)
                for (index, measure) in measures.enumerated() {
                    measure.gather(rows, groups: groupsOfRows, into: &tallies[index], store: store)
                }
            }
        }
        wholeRows += whole
    }

    private mutating func grow(to room: Int) {
        facts.grow(to: room)
        for index in tallies.indices { tallies[index].grow(to: room) }
    }

    /// Adds the groups of a later stretch of the store.
    private mutating func merge(_ later: GroupScan) {
        let numbers = keys.merging(later.keys) { Int(later.facts.firstRow[$0]) }
        if keys.count > facts.count { grow(to: keys.count) }
        facts.merge(later.facts, groups: numbers)
        for index in tallies.indices {
            measures[index].merge(later.tallies[index], gatheredBy: later.measures[index], groups: numbers, into: &tallies[index])
        }
        wholeRows += later.wholeRows
    }
}
