import ScryLanguage
import ScrySpelling
import ScryStore

/// The comparators a local figure can be set beside.
enum Comparator: String, CaseIterable {
    case england, region, neighbours, target, previous, year_ago

    static let aliases: [String: Comparator] = ["national": .england, "sn": .neighbours, "statistical_neighbours": .neighbours,
                                                "year": .year_ago, "last_year": .year_ago]

    /// The comparator `reference` names, by its name or an alias, or an error at it.
    static func named(_ reference: NameReference) throws(Diagnostic) -> Comparator {
        let lowered = reference.text.lowercased()
        guard let comparator = Comparator(rawValue: lowered) ?? aliases[lowered] else {
            throw Diagnostic.error("unknown comparator '\(reference.text)'", at: reference.range,
                                   suggestion: Spelling.didYouMean(reference.text, among: allCases.map(\.rawValue))
                                       ?? "compare with england, region, neighbours, target, previous or year_ago")
        }
        return comparator
    }
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
        var droppedForLag = false
        let found = lookUpFigure(comparator, row: row, droppedForLag: &droppedForLag)
        lastFigures[slot] = (row, found)
        if isTallying { tally(comparator, found, row: row, droppedForLag: droppedForLag) }
        return found
    }

    /// Counts, for the notes, a figure older than the local one and one left out as older
    /// than the lag allows.
    private func tally(_ comparator: Comparator, _ found: ComparatorFigure?, row: Int, droppedForLag: Bool) {
        guard [.england, .region, .neighbours].contains(comparator) else { return }
        let local = Period(raw: store.observations.period[row])
        if let period = found?.period, found?.value.state == .present, !local.isUndated, period.endMonth < local.endMonth {
            comparatorTallies[comparator, default: ComparatorTally()].older += 1
        } else if droppedForLag, found?.value.state != .present {
            comparatorTallies[comparator, default: ComparatorTally()].tooOld += 1
        }
    }

    /// The figure, and in `droppedForLag` whether one was left out as older than the lag
    /// allows.
    private func lookUpFigure(_ comparator: Comparator, row: Int, droppedForLag: inout Bool) -> ComparatorFigure? {
        let observations = store.observations
        let period = Period(raw: observations.period[row])
        switch comparator {
        case .target:
            return observations.target[row].state == .blank ? nil : ComparatorFigure(value: observations.target[row], period: period)
        case .previous:
            return lookups.previousRow(row).map { ComparatorFigure(value: observations.value[$0], period: Period(raw: observations.period[$0])) }
        case .year_ago:
            return lookups.yearAgoRow(row).map { ComparatorFigure(value: observations.value[$0], period: Period(raw: observations.period[$0])) }
        case .england:
            let key = UInt64(observations.indicator[row]) << 32 | UInt64(observations.period[row])
            if let known = englandFigures[key] {
                droppedForLag = known.droppedForLag
                return known.figure
            }
            var dropped = false
            let found = candidates(comparator, row: row).flatMap { candidates in
                dropped = candidates.contains { $0.tooOld != nil }
                return latest(candidates.map(\.figure))
            }
            englandFigures[key] = (found, dropped)
            droppedForLag = dropped
            return found
        case .region, .neighbours:
            guard let candidates = candidates(comparator, row: row) else { return nil }
            droppedForLag = candidates.contains { $0.tooOld != nil }
            return latest(candidates.map(\.figure))
        }
    }

    /// Where England's, the region's or the neighbours' figure for the observation at `row`
    /// was looked for: the indicator itself and, for a local scorecard's indicator, its
    /// national measure, each with what it gave; the comparator's figure is the latest of
    /// them. Nil where the comparator has no area (no England loaded, an area outside any
    /// authority, no neighbour list nor published average), and for the other comparators.
    func candidates(_ comparator: Comparator, row: Int) -> [ComparatorCandidate]? {
        let observations = store.observations
        let indicator = Int(observations.indicator[row])
        let period = Period(raw: observations.period[row])
        let area = Int(observations.area[row])
        switch comparator {
        case .target, .previous, .year_ago:
            return nil
        case .england:
            guard let england = lookups.nationalArea else { return nil }
            return areaCandidates(indicator: indicator, period: period) { _ in england }
        case .region:
            return areaCandidates(indicator: indicator, period: period) { self.lookups.comparisonRegion(of: area, indicator: $0) }
        case .neighbours:
            guard let authority = store.ancestor(of: area, ofType: .authority) else { return nil }
            let group = store.areas[authority].neighbours
            if group.isEmpty {
                // No neighbour list: a published neighbour average, an area of its own.
                guard let average = store.areas.indices.first(where: { store.areas[$0].type == .neighbours && store.areas[$0].parent == authority })
                else { return nil }
                return areaCandidates(indicator: indicator, period: period) { _ in average }
            }
            return store.nationalIndicators(of: indicator).map { candidate in
                if isSamePeriod(candidate, of: indicator) {
                    return ComparatorCandidate(indicator: candidate, samePeriod: true,
                                               figure: neighbourFigure(indicator: candidate, group: group, period: period))
                }
                var found = ComparatorCandidate(indicator: candidate, samePeriod: false)
                let asOf = neighbourFigure(indicator: candidate, group: group, asOf: period.endMonth)
                found.figure = withinLag(asOf, local: period, dropped: &found.tooOld)
                    ?? ComparatorFigure(value: .blank, period: nil, count: 0, groupSize: group.count)
                return found
            }
        }
    }

    /// Whether `candidate`'s comparators are matched to the period of `indicator`'s figure
    /// exactly: national statistics beside their own England, regions and neighbours. A
    /// mapped national measure lags a local indicator, whatever its own timing.
    private func isSamePeriod(_ candidate: Int, of indicator: Int) -> Bool {
        candidate == indicator && store.indicators[indicator].comparatorTiming == .samePeriod
    }

    /// An area's figure for a local period from the indicator and from its national
    /// measure: the same period's, or as of it within the lag (see `isSamePeriod`). `area`
    /// names the comparator's area for each.
    private func areaCandidates(indicator: Int, period: Period, area: (Int) -> Int?) -> [ComparatorCandidate] {
        store.nationalIndicators(of: indicator).map { candidate in
            var found = ComparatorCandidate(indicator: candidate, samePeriod: isSamePeriod(candidate, of: indicator))
            guard let target = area(candidate) else { return found }
            found.area = target
            if found.samePeriod {
                found.figure = lookups.exact(indicator: candidate, area: target, kind: period.kind, endMonth: period.endMonth).map(figure(at:))
            } else {
                found.figure = withinLag(lookups.asOf(indicator: candidate, area: target, endMonth: period.endMonth).map(figure(at:)), local: period,
                                         dropped: &found.tooOld)
            }
            return found
        }
    }

    /// The figure, or nil when its period ends more than `comparator_lag` months before the
    /// local period does (and then, in `dropped`, the figure left out).
    private func withinLag(_ found: ComparatorFigure?, local: Period, dropped: inout ComparatorFigure?) -> ComparatorFigure? {
        guard let found, let period = found.period, let lag = settings.comparatorLag, !local.isUndated,
              local.endMonth - period.endMonth > lag else { return found }
        dropped = found
        return nil
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
            guard let row = lookups.lastPresent(indicator: indicator, area: neighbour, endMonth: endMonth) else { continue }
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
        let values = neighbourRows(indicator: indicator, group: group, period: period).compactMap { $0.flatMap { observations.value[$0].number } }
        guard !values.isEmpty else { return ComparatorFigure(value: .blank, period: nil, count: 0, groupSize: group.count) }
        let mean = values.reduce(0, +) / Double(values.count)
        return ComparatorFigure(value: NumericCell(value: mean, state: .present), period: period,
                                median: Statistics.median(values), count: values.count, groupSize: group.count)
    }
}

extension QueryContext {
    /// Each neighbour's row for the period (the same kind of period ending in the same
    /// month), in the group's order; nil for one without.
    func neighbourRows(indicator: Int, group: [Int], period: Period) -> [Int?] {
        group.map { lookups.exact(indicator: indicator, area: $0, kind: period.kind, endMonth: period.endMonth) }
    }
}

/// Where a comparator's figure was looked for, and what was found: one of the indicator
/// itself and its national measure.
struct ComparatorCandidate {
    var indicator: Int
    /// Matched to the local period exactly (a national measure beside its own comparators),
    /// else as of it.
    var samePeriod: Bool
    /// The comparator's area (England, the region, a published neighbour average); nil for
    /// a neighbour group.
    var area: Int? = nil
    var figure: ComparatorFigure? = nil
    /// A figure found as of the local period but older than `comparator_lag` allows.
    var tooOld: ComparatorFigure? = nil
}

/// How many of a comparator's figures in a result are older than the local figure, and how
/// many were left out as older than `comparator_lag` allows.
struct ComparatorTally {
    var older = 0
    var tooOld = 0
}

