import ScryStore

/// The comparators a local figure can be set beside.
enum Comparator: String, CaseIterable {
    case england, region, neighbours, target, previous, year_ago

    static let aliases: [String: Comparator] = ["national": .england, "sn": .neighbours, "statistical_neighbours": .neighbours,
                                                "year": .year_ago, "last_year": .year_ago]
}

/// A comparator's figure for one local observation: its value, the period it is for, and
/// for statistical neighbours, the median and how many of the group had data.
struct ComparatorFigure {
    var value: NumericCell
    var period: Period?
    var median: Double? = nil
    /// Neighbours with data, and the group's size.
    var count: Int? = nil
    var groupSize: Int? = nil
}

extension QueryContext {
    /// The comparator's figure for the observation at `row`: England's, the region's and
    /// the neighbours' figure for the same period where the indicator's comparators are
    /// published with it, else their latest ending on or before the local period and within
    /// the `comparator_lag` (comparators that lag by nature); the previous period of the
    /// same kind; the same kind of period ending twelve months earlier; the observation's
    /// own target.
    func figure(_ comparator: Comparator, row: Int) -> ComparatorFigure? {
        // A row's columns are worked out together (value, period, gap, verdict…): keep
        // each comparator's last figure rather than look it up again for each.
        let slot = Comparator.allCases.firstIndex(of: comparator)!
        if let cached = lastFigures[slot], cached.row == row { return cached.figure }
        droppedForLag = false
        let found = lookUpFigure(comparator, row: row)
        lastFigures[slot] = (row, found)
        if isTallying { tally(comparator, found, row: row) }
        return found
    }

    /// Counts, for the notes, a figure older than the local one and one left out as older
    /// than the lag allows.
    private func tally(_ comparator: Comparator, _ found: ComparatorFigure?, row: Int) {
        guard [.england, .region, .neighbours].contains(comparator) else { return }
        let local = Period(raw: store.observations.period[row])
        if let period = found?.period, found?.value.state == .present, !local.isUndated, period.endMonth < local.endMonth {
            comparatorTallies[comparator, default: ComparatorTally()].older += 1
        } else if droppedForLag, found?.value.state != .present {
            comparatorTallies[comparator, default: ComparatorTally()].tooOld += 1
        }
    }

    private func lookUpFigure(_ comparator: Comparator, row: Int) -> ComparatorFigure? {
        let observations = store.observations
        let indicator = Int(observations.indicator[row])
        let period = Period(raw: observations.period[row])
        let area = Int(observations.area[row])
        switch comparator {
        case .target:
            return observations.target[row].state == .blank ? nil : ComparatorFigure(value: observations.target[row], period: period)
        case .previous:
            return previousRow(row).map { ComparatorFigure(value: observations.value[$0], period: Period(raw: observations.period[$0])) }
        case .year_ago:
            return yearAgoRow(row).map { ComparatorFigure(value: observations.value[$0], period: Period(raw: observations.period[$0])) }
        case .england:
            guard let england = nationalArea else { return nil }
            return areaFigure(indicator: indicator, period: period) { _ in england }
        case .region:
            return areaFigure(indicator: indicator, period: period) { self.comparisonRegion(of: area, indicator: $0) }
        case .neighbours:
            guard let authority = ancestor(of: area, ofType: .authority) else { return nil }
            let group = store.areas[authority].neighbours
            if group.isEmpty {
                // No neighbour list: a published neighbour average, an area of its own.
                guard let average = store.areas.indices.first(where: { store.areas[$0].type == .neighbours && store.areas[$0].parent == authority })
                else { return nil }
                return areaFigure(indicator: indicator, period: period) { _ in average }
            }
            return latest(nationalIndicators(of: indicator).map { candidate in
                if isSamePeriod(candidate, of: indicator) { return neighbourFigure(indicator: candidate, group: group, period: period) }
                return withinLag(neighbourFigure(indicator: candidate, group: group, asOf: period.endMonth), local: period)
                    ?? ComparatorFigure(value: .blank, period: nil, count: 0, groupSize: group.count)
            })
        }
    }

    /// The indicator itself and, through its dataset's mapping, the national measure it is
    /// compared with (in any loaded dataset).
    func nationalIndicators(of indicator: Int) -> [Int] {
        let measure = store.indicators[indicator].nationalMeasure
        guard !measure.isEmpty else { return [indicator] }
        return [indicator] + store.indicators(withCode: measure).filter { $0 != indicator }
    }

    /// Whether `candidate`'s comparators are matched to the period of `indicator`'s figure
    /// exactly: national statistics beside their own England, regions and neighbours. A
    /// mapped national measure lags a local indicator, whatever its own timing.
    private func isSamePeriod(_ candidate: Int, of indicator: Int) -> Bool {
        candidate == indicator && store.indicators[indicator].comparatorTiming == .samePeriod
    }

    /// An area's figure for a local period, from the indicator or its national measure (the
    /// one for the later period, the indicator's own on a tie): the same period's, or as of
    /// it within the lag (see `isSamePeriod`). `area` names the comparator's area for each.
    private func areaFigure(indicator: Int, period: Period, area: (Int) -> Int?) -> ComparatorFigure? {
        latest(nationalIndicators(of: indicator).map { candidate in
            guard let target = area(candidate) else { return nil }
            if isSamePeriod(candidate, of: indicator) {
                return index.exact(indicator: candidate, area: target, kind: period.kind, endMonth: period.endMonth).map(figure(at:))
            }
            return withinLag(index.asOf(indicator: candidate, area: target, endMonth: period.endMonth).map(figure(at:)), local: period)
        })
    }

    /// The figure, or nil when its period ends more than `comparator_lag` months before the
    /// local period does (noted for the result).
    private func withinLag(_ found: ComparatorFigure?, local: Period) -> ComparatorFigure? {
        guard let found, let period = found.period, let lag = settings.comparatorLag, !local.isUndated,
              local.endMonth - period.endMonth > lag else { return found }
        droppedForLag = true
        return nil
    }

    /// The region an area's figure is set beside for an indicator: the nearest region
    /// above it, except that a sub-region (Inner or Outer London) without a figure for the
    /// indicator's latest period gives way to the region it belongs to, for every period,
    /// as LAIT's `clean_ldn_region` (R/fn_helper_functions.R) picks one region row per
    /// measure ("Some indicators are not provided at (Inner)/(Outer) level").
    func comparisonRegion(of area: Int, indicator: Int) -> Int? {
        guard let region = ancestor(of: area, ofType: .region) else { return nil }
        guard let parent = store.areas[region].parent, store.areas[parent].type == .region else { return region }
        let key = UInt64(indicator) << 32 | UInt64(region)
        if let known = comparisonRegions[key] { return known }
        var chosen = region
        if let last = latest(indicator) {
            let row = index.exact(indicator: indicator, area: region, kind: last.kind, endMonth: last.endMonth)
            if row.map({ store.observations.value[$0].state != .present }) ?? true { chosen = parent }
        }
        comparisonRegions[key] = chosen
        return chosen
    }

    private func latest(_ figures: [ComparatorFigure?]) -> ComparatorFigure? {
        var best: ComparatorFigure?
        for case let figure? in figures where figure.period != nil {
            if best == nil || figure.period!.endMonth > best!.period!.endMonth { best = figure }
        }
        return best ?? figures.first ?? nil
    }

    private func figure(at row: Int) -> ComparatorFigure {
        ComparatorFigure(value: store.observations.value[row], period: Period(raw: store.observations.period[row]))
    }

    /// The neighbours' mean and median for the latest period, ending on or before the
    /// local one, for which any of them has a figure.
    private func neighbourFigure(indicator: Int, group: [Int], asOf endMonth: Int) -> ComparatorFigure {
        let observations = store.observations
        var latest: Period?
        for neighbour in group {
            guard let row = index.lastPresent(indicator: indicator, area: neighbour, endMonth: endMonth) else { continue }
            let period = Period(raw: observations.period[row])
            if latest.map({ period.endMonth > $0.endMonth }) ?? true { latest = period }
        }
        guard let period = latest else { return ComparatorFigure(value: .blank, period: nil, count: 0, groupSize: group.count) }
        return neighbourFigure(indicator: indicator, group: group, period: period)
    }

    /// The neighbours' mean and median for one period: only the neighbours with a figure for
    /// that very period count, and without any the mean is blank (as LAIT's
    /// mod_la_lvl_table.R takes `mean(values_num, na.rm = TRUE)` by year and shows NaN as
    /// blank).
    private func neighbourFigure(indicator: Int, group: [Int], period: Period) -> ComparatorFigure {
        let observations = store.observations
        var values: [Double] = []
        for neighbour in group {
            if let row = index.exact(indicator: indicator, area: neighbour, kind: period.kind, endMonth: period.endMonth),
               let value = observations.value[row].number {
                values.append(value)
            }
        }
        guard !values.isEmpty else { return ComparatorFigure(value: .blank, period: nil, count: 0, groupSize: group.count) }
        let mean = values.reduce(0, +) / Double(values.count)
        return ComparatorFigure(value: NumericCell(value: mean, state: .present), period: period,
                                median: Statistics.median(values), count: values.count, groupSize: group.count)
    }

    /// The nearest area of `type` containing `area`, or the area itself.
    func ancestor(of area: Int, ofType type: AreaType) -> Int? {
        var current: Int? = area
        while let step = current, store.areas[step].type != type { current = store.areas[step].parent }
        return current
    }
}

/// How many of a comparator's figures in a result are older than the local figure, and how
/// many were left out as older than `comparator_lag` allows.
struct ComparatorTally {
    var older = 0
    var tooOld = 0
}

/// Observations by indicator and area, ordered by the month they end, to find a
/// comparator's figure as of a local period. Each indicator's rows come from the store's
/// cache, so a statement touches only the indicators it asks about.
final class ObservationIndex {
    private let store: Store
    private var byIndicator: [Int: IndicatorRows] = [:]

    init(store: Store) { self.store = store }

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
}

extension Store {
    /// Each indicator's latest period (the one ending last; the shortest, when two end in
    /// the same month) and the one before it of the same kind; never an undated one.
    var latestPeriods: LatestPeriods {
        cache.value(StoreCache.Key("latest periods")) { LatestPeriods(self) }
    }
}

struct LatestPeriods: Sendable {
    var latest: [Period?]
    var previous: [Period?]

    init(_ store: Store) {
        let observations = store.observations
        var latest = [Period?](repeating: nil, count: store.indicators.count)
        for row in 0..<observations.count {
            let indicator = Int(observations.indicator[row])
            let period = Period(raw: observations.period[row])
            if period.isUndated { continue }
            if let current = latest[indicator] {
                if period.endMonth > current.endMonth || (period.endMonth == current.endMonth && period.length < current.length) {
                    latest[indicator] = period
                }
            } else {
                latest[indicator] = period
            }
        }
        var previous = [Period?](repeating: nil, count: store.indicators.count)
        for row in 0..<observations.count {
            let indicator = Int(observations.indicator[row])
            let period = Period(raw: observations.period[row])
            guard let last = latest[indicator], period.kind == last.kind, period.endMonth < last.endMonth else { continue }
            if previous[indicator].map({ period.endMonth > $0.endMonth }) ?? true { previous[indicator] = period }
        }
        self.latest = latest
        self.previous = previous
    }
}
