import ScryLanguage
import ScryStore

/// Facts about the store that a statement's filters and derived columns need, worked out
/// once per statement: each indicator's latest and previous periods, and each
/// observation's previous observation of the same indicator, area and kind of period.
final class QueryContext {
    let store: Store
    let settings: EngineSettings
    private var latestPeriods: [Period?]?
    private var previousPeriods: [Period?]?
    private var previousRows: [Int32]?
    private var parsedLabels: [LabelKey: Period] = [:]
    /// Each comparator's figure for the row last asked about (Comparators.swift).
    var lastFigures = [(row: Int, figure: ComparatorFigure?)?](repeating: nil, count: Comparator.allCases.count)
    private struct LabelKey: Hashable {
        var reading: Indicator.PeriodReading
        var label: String
    }

    /// The statement being answered, for an "interrupted" error.
    var statementRange = SourceRange(0, 0)
    /// When planning ended: the first scan's start.
    var planned: ContinuousClock.Instant?

    /// Called by scans every few thousand rows: stops the statement when Ctrl-C asked.
    func checkInterruption(_ row: Int) throws(Diagnostic) {
        if row & 0x3FFF == 0, Interruption.isRequested {
            throw Diagnostic.error("interrupted", at: statementRange)
        }
    }

    init(store: Store, settings: EngineSettings = EngineSettings()) {
        self.store = store
        self.settings = settings
    }

    /// Observations by indicator and area, for comparators.
    private(set) lazy var index = ObservationIndex(store: store)

    /// England: the national area, when one is loaded.
    private(set) lazy var nationalArea: Int? = store.areas.firstIndex { $0.type == .national }

    private var standings: (ranks: [Int32], bands: [UInt8])?
    /// The authorities' rows with a figure, by indicator and period (the ranked groups).
    private var standingGroups: [UInt64: [Int]] = [:]
    private var mappedStandings: [Int: (rank: Int?, band: Ranking.Band?)] = [:]

    /// An authority's figure's rank and quartile band among all authorities with a figure
    /// for the same indicator and period, by LAIT's rules; none for other areas, missing
    /// figures and indicators without H or L polarity.
    ///
    /// A local indicator mapped to a national measure (mapping.csv) is ranked among the measure's authorities as of its period (their
    /// latest ending on or before it), its own figure taking the place of the authority's
    /// national one.
    func standing(_ row: Int) -> (rank: Int?, band: Ranking.Band?) {
        if standings == nil { computeStandings() }
        let rank = Int(standings!.ranks[row]), band = Int(standings!.bands[row])
        if !store.indicators[Int(store.observations.indicator[row])].nationalMeasure.isEmpty {
            if let known = mappedStandings[row] { return known }
            let found = mappedStanding(row)
            mappedStandings[row] = found
            return found
        }
        return (rank > 0 ? rank : nil, band > 0 ? Ranking.Band.allCases[band - 1] : nil)
    }

    /// Whether a row is ranked among other authorities (not alone in its group): compare
    /// shows rank and band only then.
    func isRankedAmongOthers(_ row: Int) -> Bool {
        guard standing(row).rank != nil else { return false }
        let observations = store.observations
        if !store.indicators[Int(observations.indicator[row])].nationalMeasure.isEmpty { return true }
        return (standingGroups[UInt64(observations.indicator[row]) << 32 | UInt64(observations.period[row])]?.count ?? 0) > 1
    }

    private func mappedStanding(_ row: Int) -> (rank: Int?, band: Ranking.Band?) {
        let observations = store.observations
        let area = Int(observations.area[row]), local = store.indicators[Int(observations.indicator[row])]
        guard store.areas[area].type == .authority, let value = observations.value[row].number else { return (nil, nil) }
        let endMonth = Period(raw: observations.period[row]).endMonth
        for national in nationalIndicators(of: Int(observations.indicator[row])).dropFirst() {
            let measure = store.indicators[national]
            let polarity = local.polarity == .high || local.polarity == .low ? local.polarity : measure.polarity
            guard polarity == .high || polarity == .low else { continue }
            // The measure's period as of the local one: the authority's own, else England's.
            guard let anchor = index.asOf(indicator: national, area: area, endMonth: endMonth)
                    ?? nationalArea.flatMap({ index.asOf(indicator: national, area: $0, endMonth: endMonth) }),
                  let group = standingGroups[UInt64(national) << 32 | UInt64(observations.period[anchor])] else { continue }
            let others = group.filter { Int(observations.area[$0]) != area }.map { observations.value[$0].value }
            guard let standings = Ranking.standings(others + [value], polarity: polarity), let mine = standings.last else { continue }
            return (mine.rank, measure.hasQuartileBands && local.hasQuartileBands ? mine.band : nil)
        }
        return (nil, nil)
    }

    private func computeStandings() {
        let observations = store.observations
        var ranks = [Int32](repeating: 0, count: observations.count)
        var bands = [UInt8](repeating: 0, count: observations.count)
        var groups: [UInt64: [Int]] = [:]
        for row in 0..<observations.count where store.areas[Int(observations.area[row])].type == .authority {
            let polarity = store.indicators[Int(observations.indicator[row])].polarity
            guard polarity == .high || polarity == .low, observations.value[row].state == .present else { continue }
            groups[UInt64(observations.indicator[row]) << 32 | UInt64(observations.period[row]), default: []].append(row)
        }
        for (_, rows) in groups {
            let indicator = store.indicators[Int(observations.indicator[rows[0]])]
            guard let standings = Ranking.standings(rows.map { observations.value[$0].value }, polarity: indicator.polarity) else { continue }
            for (row, standing) in zip(rows, standings) {
                ranks[row] = Int32(standing.rank)
                if indicator.hasQuartileBands { bands[row] = UInt8(Ranking.Band.allCases.firstIndex(of: standing.band)! + 1) }
            }
        }
        standings = (ranks, bands)
        standingGroups = groups
    }

    /// The row of the same indicator, area and kind of period ending twelve months before
    /// `row`'s period.
    func yearAgoRow(_ row: Int) -> Int? {
        let observations = store.observations
        let period = Period(raw: observations.period[row])
        return index.exact(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]),
                           kind: period.kind, endMonth: period.endMonth - 12)
    }

    /// The latest period of each indicator: the one ending last (the shortest, when two end
    /// in the same month), over all its observations.
    func latest(_ indicator: Int) -> Period? {
        if latestPeriods == nil { computePeriods() }
        return latestPeriods?[indicator] ?? nil
    }

    /// The period before the latest, of the same kind.
    func previous(_ indicator: Int) -> Period? {
        if previousPeriods == nil { computePeriods() }
        return previousPeriods?[indicator] ?? nil
    }

    private func computePeriods() {
        var latest = [Period?](repeating: nil, count: store.indicators.count)
        let observations = store.observations
        for row in 0..<observations.count {
            let indicator = Int(observations.indicator[row])
            let period = Period(raw: observations.period[row])
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
        latestPeriods = latest
        previousPeriods = previous
    }

    /// The row of the observation before `row`: same indicator, area and kind of period,
    /// the latest one ending before it; -1 when there is none.
    func previousRow(_ row: Int) -> Int? {
        if previousRows == nil { computePreviousRows() }
        let previous = previousRows![row]
        return previous < 0 ? nil : Int(previous)
    }

    private func computePreviousRows() {
        let observations = store.observations
        var groups: [UInt64: [Int32]] = [:]
        for row in 0..<observations.count {
            let period = Period(raw: observations.period[row])
            let key = UInt64(observations.indicator[row]) << 32 | UInt64(observations.area[row]) << 8 | UInt64(period.kind.rawValue)
            groups[key, default: []].append(Int32(row))
        }
        var result = [Int32](repeating: -1, count: observations.count)
        for (_, rows) in groups {
            let sorted = rows.sorted { Period(raw: observations.period[Int($0)]).endMonth < Period(raw: observations.period[Int($1)]).endMonth }
            for index in sorted.indices.dropFirst() {
                let before = Period(raw: observations.period[Int(sorted[index - 1])])
                let this = Period(raw: observations.period[Int(sorted[index])])
                if before.endMonth < this.endMonth { result[Int(sorted[index])] = sorted[index - 1] }
                else if index >= 2 { result[Int(sorted[index])] = result[Int(sorted[index - 1])] }
            }
        }
        previousRows = result
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
