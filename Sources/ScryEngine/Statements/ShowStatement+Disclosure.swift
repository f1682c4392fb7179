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
    ///
    /// The rows shown with a figure are marked a bit each in one pass; then each suppressed
    /// count's parent and siblings are found by the store's index of each indicator's and
    /// area's rows (`StoreLookups`), never by a set of every row shown (a ten-million-row
    /// export spent half its time so).
    func disclosureWarnings(_ rows: [Int], lookups: StoreLookups) -> [Note] {
        let observations = store.observations
        let states = observations.value.states
        // The suppressed counts shown that have a parent: usually none, and then the check
        // ends here, after one pass over the states.
        var suppressed: [(row: Int, parent: Int)] = []
        for row in rows where CellState.isSuppressed(states[row]) {
            let indicator = Int(observations.indicator[row]), area = Int(observations.area[row])
            if store.indicators[indicator].unit == .count, let parent = store.areas[area].parent { suppressed.append((row, parent)) }
        }
        guard !suppressed.isEmpty else { return [] }
        var shown = [UInt64](repeating: 0, count: (observations.count + 63) >> 6)
        for row in rows where states[row] == CellState.present.rawValue { shown[row >> 6] |= 1 << UInt64(row & 63) }
        func isShown(_ row: Int) -> Bool { shown[row >> 6] & (1 << UInt64(row & 63)) != 0 }
        var children: [Int: [Int]] = [:]
        for (area, meta) in store.areas.enumerated() {
            if let parent = meta.parent { children[parent, default: []].append(area) }
        }
        var warnings: [Note] = []
        for candidate in suppressed {
            let indicator = Int(observations.indicator[candidate.row]), raw = observations.period[candidate.row]
            let period = Period(raw: raw), end = period.endMonth
            // An area's figure for the same indicator and period, when the store holds one.
            func figure(_ area: Int) -> Int? { lookups.exact(indicator: indicator, area: area, kind: period.kind, endMonth: end) }
            guard let parentRow = figure(candidate.parent), isShown(parentRow) else { continue }
            let area = Int(observations.area[candidate.row])
            let siblings = (children[candidate.parent] ?? []).filter { $0 != area }.compactMap(figure)
            guard !siblings.isEmpty, siblings.allSatisfy(isShown) else { continue }
            warnings.append(Note("warning: \(store.indicators[indicator].code) \(period): \(store.areas[area].name)'s suppressed figure can be recovered: "
                                 + "the result shows \(store.areas[candidate.parent].name)'s figure and every other part's; leave one more out before publishing"))
        }
        // A large export can hold thousands: the first are named, the rest counted.
        guard warnings.count > Self.disclosuresNamed else { return warnings }
        let more = warnings.count - Self.disclosuresNamed
        return Array(warnings.prefix(Self.disclosuresNamed))
            + [Note("warning: \(more) more suppressed figure\(more == 1 ? "" : "s") can be recovered the same way; narrow the filter to see which")]
    }
}
