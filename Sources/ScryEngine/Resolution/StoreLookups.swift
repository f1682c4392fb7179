import ScryStore

/// A statement's handle on the facts that depend on the store alone: each indicator's rows
/// by area and end month (for comparators, previous and year-ago figures), England, the
/// region an area's figure is set beside, the ranked groups, period labels as each
/// indicator reads them. The facts that cost a pass over the store are worked out once per
/// store in its cache (`StoreCache`) and shared by every statement; this handle copies each
/// one it uses out of the cache on first use, so that a lookup for each row takes no lock.
/// Nothing here depends on a setting or on the statement: that is `QueryContext`'s.
final class StoreLookups {
    let store: Store
    private var byIndicator: [Int: IndicatorRows] = [:]
    private var comparisonRegions: [UInt64: Int] = [:]
    private var standingGroups: [UInt64: StandingGroup] = [:]
    private var parsedLabels: [LabelKey: Period] = [:]
    private var pooled: [UInt64: Double?] = [:]
    private struct LabelKey: Hashable {
        var reading: Indicator.PeriodReading
        var label: String
    }

    init(store: Store) { self.store = store }

    /// England: the national area, when one is loaded.
    private(set) lazy var nationalArea: Int? = store.areas.firstIndex { $0.type == .national }

    private func rows(_ indicator: Int, _ area: Int) -> ArraySlice<Int32> {
        if let known = byIndicator[indicator] { return known.rows(ofArea: area) }
        let found = store.rows(ofIndicator: indicator)
        byIndicator[indicator] = found
        return found.rows(ofArea: area)
    }

    /// The position in `rows` of the first row ending after `endMonth`.
    private func end(after endMonth: Int, in rows: ArraySlice<Int32>) -> Int {
        let periods = store.observations.period
        var low = rows.startIndex, high = rows.endIndex
        while low < high {
            let middle = (low + high) / 2
            if Int(Period.months(raw: periods[Int(rows[middle])]).end) <= endMonth { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The area's rows whose period ends in `endMonth`.
    func rows(indicator: Int, area: Int, endingIn endMonth: Int) -> [Int] {
        let rows = rows(indicator, area)
        return rows[end(after: endMonth - 1, in: rows)..<end(after: endMonth, in: rows)].map { Int($0) }
    }

    /// The rows of an indicator and area ending on or before `endMonth`, by end month.
    func rows(indicator: Int, area: Int, endingBy endMonth: Int) -> [Int] {
        let rows = rows(indicator, area)
        return rows[..<end(after: endMonth, in: rows)].map { Int($0) }
    }

    /// The row of the area's latest figure ending on or before `endMonth`.
    func asOf(indicator: Int, area: Int, endMonth: Int) -> Int? {
        let rows = rows(indicator, area)
        let position = end(after: endMonth, in: rows)
        return position > candidates(before: endMonth, in: rows) ? Int(rows[position - 1]) : nil
    }

    /// The row of the area's latest figure ending on or before `endMonth` that is a number.
    func lastPresent(indicator: Int, area: Int, endMonth: Int) -> Int? {
        let rows = rows(indicator, area)
        let states = store.observations.value.states
        return rows[candidates(before: endMonth, in: rows)..<end(after: endMonth, in: rows)]
            .last { states[Int($0)] == CellState.present.rawValue }.map { Int($0) }
    }

    /// Where the rows that may stand for a month begin: undated figures (which come first)
    /// stand for no dated month.
    private func candidates(before endMonth: Int, in rows: ArraySlice<Int32>) -> Int {
        endMonth >= Period.firstDatedMonth ? end(after: Period.firstDatedMonth - 1, in: rows) : rows.startIndex
    }

    /// The row of the area's figure of this kind of period ending exactly in `endMonth`.
    func exact(indicator: Int, area: Int, kind: Period.Kind, endMonth: Int) -> Int? {
        let periods = store.observations.period
        return rows(indicator: indicator, area: area, endingIn: endMonth).first { Period(raw: periods[$0]).kind == kind }
    }

    /// The row of the area's latest figure of this kind of period ending before `endMonth`.
    func before(indicator: Int, area: Int, kind: Period.Kind, endMonth: Int) -> Int? {
        let rows = rows(indicator, area)
        let periods = store.observations.period
        return rows[..<end(after: endMonth - 1, in: rows)].last { Period(raw: periods[Int($0)]).kind == kind }.map { Int($0) }
    }

    /// The row of the same indicator, area and kind of period ending twelve months before
    /// `row`'s period.
    func yearAgoRow(_ row: Int) -> Int? {
        let observations = store.observations
        let period = Period(raw: observations.period[row])
        return exact(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]),
                     kind: period.kind, endMonth: period.endMonth - 12)
    }

    /// The row of the observation before `row`: same indicator, area and kind of period,
    /// the latest one ending before it.
    func previousRow(_ row: Int) -> Int? {
        let observations = store.observations
        let period = Period(raw: observations.period[row])
        return before(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]),
                      kind: period.kind, endMonth: period.endMonth)
    }

    /// The region an area's figure is set beside for an indicator: the nearest region
    /// above it, except that a sub-region (Inner or Outer London) without a figure for the
    /// indicator's latest period gives way to the region it belongs to, for every period,
    /// as LAIT's `clean_ldn_region` (R/fn_helper_functions.R) picks one region row per
    /// measure ("Some indicators are not provided at (Inner)/(Outer) level").
    func comparisonRegion(of area: Int, indicator: Int) -> Int? {
        guard let region = store.ancestor(of: area, ofType: .region) else { return nil }
        guard let parent = store.areas[region].parent, store.areas[parent].type == .region else { return region }
        let key = UInt64(indicator) << 32 | UInt64(region)
        if let known = comparisonRegions[key] { return known }
        var chosen = region
        if let last = store.latestPeriod(of: indicator) {
            let row = exact(indicator: indicator, area: region, kind: last.kind, endMonth: last.endMonth)
            if row.map({ store.observations.value[$0].state != .present }) ?? true { chosen = parent }
        }
        comparisonRegions[key] = chosen
        return chosen
    }

    /// The ranked group of an indicator and period (`Store.standingGroup`).
    func standingGroup(_ indicator: Int, _ period: Period) -> StandingGroup {
        let key = UInt64(indicator) << 32 | UInt64(period.raw)
        if let known = standingGroups[key] { return known }
        let group = store.standingGroup(indicator, period, lookups: self)
        standingGroups[key] = group
        return group
    }

    /// The authorities' pooled figure for an indicator and period: Σ numerator / Σ
    /// denominator of those with both, in the indicator's unit (PHEindicatormethods' funnel
    /// average); nil where fewer than two have both or the unit pools to nothing.
    func pooledAuthorities(_ indicator: Int, _ period: Period) -> Double? {
        let key = UInt64(indicator) << 32 | UInt64(period.raw)
        if let known = pooled[key] { return known }
        let observations = store.observations
        var top = 0.0, bottom = 0.0, authorities = 0
        for area in store.areas.indices where store.areas[area].type == .authority {
            for row in rows(indicator: indicator, area: area, endingIn: period.endMonth) where observations.period[row] == period.raw {
                guard let numerator = observations.numerator[row].number, let denominator = observations.denominator[row].number else { continue }
                top += numerator
                bottom += denominator
                authorities += 1
            }
        }
        // A funnel needs authorities to compare: a centre of one is that one.
        let found = bottom > 0 && authorities >= Ranking.minimumRanked ? store.indicators[indicator].unit.poolingScale.map { top / bottom * $0 } : nil
        pooled[key] = found
        return found
    }

    /// A period label as an indicator reads it (split years, bare years).
    func period(_ label: String, for indicator: Indicator) throws(PeriodParseError) -> Period {
        let key = LabelKey(reading: indicator.periodReading, label: label)
        if let cached = parsedLabels[key] { return cached }
        let period = try indicator.period(label)
        parsedLabels[key] = period
        return period
    }
}
