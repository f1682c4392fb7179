extension Store {
    /// The store's broken invariants, empty when there are none: all columns the same
    /// length, codes within their tables, parents and datasets that exist, lookups that
    /// agree with the tables, and dataset counts that add up. Checked after every load in
    /// debug builds and by the tests.
    public func invariantViolations() -> [String] {
        var problems = observations.invariantViolations(indicatorCount: indicators.count, areaCount: areas.count)
        for (index, area) in areas.enumerated() {
            if let parent = area.parent, !areas.indices.contains(parent) {
                problems.append("area \(index) has a parent outside the table")
            }
            if area.neighbours.contains(where: { !areas.indices.contains($0) || $0 == index }) {
                problems.append("area \(index) has a neighbour outside the table, or itself")
            }
            if !area.neighbourCloseness.isEmpty, area.neighbourCloseness.count != area.neighbours.count {
                problems.append("area \(index) has a closeness for other than each of its neighbours")
            }
            if self.area(named: area.name) != index { problems.append("area '\(area.name)' is not found by its name") }
        }
        for (index, indicator) in indicators.enumerated() {
            if !datasets.indices.contains(indicator.dataset) { problems.append("indicator \(index) has no dataset") }
            if !self.indicators(withCode: indicator.code).contains(index) {
                problems.append("indicator '\(indicator.code)' is not found by its code")
            }
        }
        if datasets.map(\.observationCount).reduce(0, +) != observations.count {
            problems.append("dataset observation counts do not add up to the table's rows")
        }
        if datasets.map(\.indicatorCount).reduce(0, +) != indicators.count {
            problems.append("dataset indicator counts do not add up to the indicator table")
        }
        for entry in commentary where !indicators.indices.contains(entry.indicator) || !areas.indices.contains(entry.area) {
            problems.append("commentary refers outside the tables")
        }
        return problems
    }
}
