import ScryStore

extension Engine {
    /// How many recoverable figures a result names before counting the rest.
    static let disclosuresNamed = 20

    /// Warnings for suppressed figures that a result lets anyone recover by subtraction:
    /// the result shows an area's total and every one of its parts but the suppressed one
    /// (Kent's count and all its districts' but EAST's `c`). Publishing such a table
    /// publishes the figure, so the warning names it. Only counts add up so, and only
    /// results that show `value` are checked; a part the store holds no figure for is no
    /// part.
    func disclosureWarnings(_ rows: [Int]) -> [Note] {
        let observations = store.observations
        let states = observations.value.states
        func key(_ indicator: Int, _ area: Int, _ period: UInt32) -> UInt64 {
            observationKey(indicator: indicator, area: area, period: period)
        }
        // The suppressed counts shown that have a parent: usually none, and then the check
        // ends here, after one pass over the states.
        var suppressed: [(row: Int, parent: Int)] = []
        for row in rows where CellState.isSuppressed(states[row]) {
            let indicator = Int(observations.indicator[row]), area = Int(observations.area[row])
            if store.indicators[indicator].unit == .count, let parent = store.areas[area].parent { suppressed.append((row, parent)) }
        }
        guard !suppressed.isEmpty else { return [] }
        // The figures shown for those indicators and periods.
        let asked = Set(suppressed.map { UInt64(observations.indicator[$0.row]) << 32 | UInt64(observations.period[$0.row]) })
        var shownPresent: Set<UInt64> = []
        for row in rows where states[row] == CellState.present.rawValue
            && asked.contains(UInt64(observations.indicator[row]) << 32 | UInt64(observations.period[row])) {
            shownPresent.insert(key(Int(observations.indicator[row]), Int(observations.area[row]), observations.period[row]))
        }
        let candidates = suppressed.filter {
            shownPresent.contains(key(Int(observations.indicator[$0.row]), $0.parent, observations.period[$0.row]))
        }
        guard !candidates.isEmpty else { return [] }
        // Every part the store holds for each candidate's indicator, period and parent.
        var wanted: Set<UInt64> = []
        for candidate in candidates {
            wanted.insert(key(Int(observations.indicator[candidate.row]), candidate.parent, observations.period[candidate.row]))
        }
        var parts: [UInt64: [Int]] = [:]
        for row in 0..<observations.count {
            guard let parent = store.areas[Int(observations.area[row])].parent else { continue }
            let group = key(Int(observations.indicator[row]), parent, observations.period[row])
            if wanted.contains(group) { parts[group, default: []].append(row) }
        }
        var warnings: [Note] = []
        for candidate in candidates {
            let indicator = Int(observations.indicator[candidate.row]), period = observations.period[candidate.row]
            let siblings = (parts[key(indicator, candidate.parent, period)] ?? []).filter { $0 != candidate.row }
            let recoverable = !siblings.isEmpty && siblings.allSatisfy {
                shownPresent.contains(key(indicator, Int(observations.area[$0]), period))
            }
            guard recoverable else { continue }
            let area = store.areas[Int(observations.area[candidate.row])].name
            warnings.append(Note("warning: \(store.indicators[indicator].code) \(Period(raw: period)): \(area)'s suppressed figure can be recovered: "
                                 + "the result shows \(store.areas[candidate.parent].name)'s figure and every other part's; leave one more out before publishing"))
        }
        // A large export can hold thousands: the first are named, the rest counted.
        guard warnings.count > Self.disclosuresNamed else { return warnings }
        let more = warnings.count - Self.disclosuresNamed
        return Array(warnings.prefix(Self.disclosuresNamed))
            + [Note("warning: \(more) more suppressed figure\(more == 1 ? "" : "s") can be recovered the same way; narrow the filter to see which")]
    }
}
