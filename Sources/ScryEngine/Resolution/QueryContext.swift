import ScryLanguage
import ScryStore

/// Facts about the store that a statement's filters and derived columns need, worked out
/// once per statement: each indicator's latest and previous periods, and each
/// observation's previous observation of the same indicator, area and kind of period.
final class QueryContext {
    let store: Store
    let settings: EngineSettings
    private var parsedLabels: [LabelKey: Period] = [:]
    /// Each comparator's figure for the row last asked about (Comparators.swift).
    var lastFigures = [(row: Int, figure: ComparatorFigure?)?](repeating: nil, count: Comparator.allCases.count)
    /// Whether the figure being looked up found one older than `comparator_lag` allows.
    var droppedForLag = false
    /// The region each (indicator, sub-region) pair is compared with (London's fallback).
    var comparisonRegions: [UInt64: Int] = [:]
    /// For the notes of the rows shown, once `startTallying` is called: how comparators
    /// stood to the local figures, and the rows whose rank or band needs more figures.
    private(set) var isTallying = false
    var comparatorTallies: [Comparator: ComparatorTally] = [:]
    private(set) var withheldRanks: Set<Int> = []
    private(set) var withheldBands: Set<Int> = []
    private struct LabelKey: Hashable {
        var reading: Indicator.PeriodReading
        var label: String
    }

    /// The statement being answered, for an "interrupted" error.
    var statementRange = SourceRange(0, 0)
    /// When planning ended: the first scan's start.
    private(set) var planned: ContinuousClock.Instant?

    func markPlanned() {
        if planned == nil { planned = .now }
    }

    /// Called by scans between blocks of rows: stops the statement when Ctrl-C asked.
    func checkInterruption() throws(Diagnostic) {
        if Interruption.isRequested {
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

    /// The authorities' rows with a figure for one indicator and period (a ranked group),
    /// each with its standing, worked out when first asked for.
    private struct StandingGroup {
        var rows: [Int] = []
        var standings: [Int: Standing] = [:]
    }
    private var standingGroups: [UInt64: StandingGroup] = [:]
    private var mappedStandings: [Int: Standing] = [:]

    /// An authority's figure's rank and quartile band among all authorities with a figure
    /// for the same indicator and period, by LAIT's rules (R/fn_analysis.R), with how many
    /// were ranked and the bands' limits; none for other areas, missing figures and
    /// indicators without H or L polarity. A rank needs `Ranking.minimumRanked` figures
    /// and a band `Ranking.minimumBanded`: below that the cell is empty, and a result
    /// that shows one says why (`withheld`).
    ///
    /// A local indicator mapped to a national measure (mapping.csv) is ranked among the
    /// measure's authorities as of its period (their latest ending on or before it, within
    /// the comparator lag), its own figure taking the place of the authority's national one.
    func standing(_ row: Int) -> Standing {
        let observations = store.observations
        let indicator = Int(observations.indicator[row])
        let found: Standing
        if !store.indicators[indicator].nationalMeasure.isEmpty {
            if let known = mappedStandings[row] {
                found = known
            } else {
                found = mappedStanding(row)
                mappedStandings[row] = found
            }
        } else {
            found = standingGroup(indicator, Period(raw: observations.period[row])).standings[row] ?? Standing()
        }
        if isTallying {
            if found.rankWithheld { withheldRanks.insert(row) }
            if found.bandWithheld { withheldBands.insert(row) }
        }
        return found
    }

    private func mappedStanding(_ row: Int) -> Standing {
        let observations = store.observations
        let area = Int(observations.area[row]), local = store.indicators[Int(observations.indicator[row])]
        guard store.areas[area].type == .authority, let value = observations.value[row].number else { return Standing() }
        let period = Period(raw: observations.period[row])
        for national in nationalIndicators(of: Int(observations.indicator[row])).dropFirst() {
            let measure = store.indicators[national]
            let polarity = local.polarity == .high || local.polarity == .low ? local.polarity : measure.polarity
            guard polarity == .high || polarity == .low else { continue }
            // The measure's period as of the local one: the authority's own, else England's.
            guard let anchor = index.asOf(indicator: national, area: area, endMonth: period.endMonth)
                    ?? nationalArea.flatMap({ index.asOf(indicator: national, area: $0, endMonth: period.endMonth) }) else { continue }
            let anchorPeriod = Period(raw: observations.period[anchor])
            if let lag = settings.comparatorLag, period.endMonth - anchorPeriod.endMonth > lag { continue }
            let group = standingGroup(national, anchorPeriod)
            guard !group.rows.isEmpty else { continue }
            let others = group.rows.filter { Int(observations.area[$0]) != area }.map { observations.value[$0].value }
            let population = others + [value]
            guard let standings = Ranking.standings(population, polarity: polarity), let mine = standings.last else { continue }
            return Standing(mine, among: population, bands: measure.hasQuartileBands && local.hasQuartileBands)
        }
        return Standing()
    }

    /// The ranked group of an indicator and period: every authority's figure for exactly
    /// that period (status aside, as `period =` matches), ranked when the indicator has H or L
    /// polarity.
    private func standingGroup(_ indicator: Int, _ period: Period) -> StandingGroup {
        let key = UInt64(indicator) << 32 | UInt64(period.raw)
        if let known = standingGroups[key] { return known }
        var group = StandingGroup()
        let meta = store.indicators[indicator]
        if meta.polarity == .high || meta.polarity == .low {
            let observations = store.observations
            for area in store.areas.indices where store.areas[area].type == .authority {
                for row in index.rows(indicator: indicator, area: area, endingIn: period.endMonth)
                where observations.period[row] == period.raw && observations.value[row].state == .present {
                    group.rows.append(row)
                }
            }
            group.rows.sort()
            let values = group.rows.map { observations.value[$0].value }
            if let standings = Ranking.standings(values, polarity: meta.polarity) {
                for (row, standing) in zip(group.rows, standings) {
                    group.standings[row] = Standing(standing, among: values, bands: meta.hasQuartileBands)
                }
            }
        }
        standingGroups[key] = group
        return group
    }

    /// Turns on counting, for a result's notes, of the comparators older than the local
    /// figure and the ranks and bands withheld, from the next row asked about: a statement
    /// calls it once its filter has run, so that only the rows shown count.
    func startTallying() {
        isTallying = true
        lastFigures = lastFigures.map { _ in nil }
        comparatorTallies = [:]
        withheldRanks = []
        withheldBands = []
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
    func latest(_ indicator: Int) -> Period? { store.latestPeriods.latest[indicator] }

    /// The period before the latest, of the same kind.
    func previous(_ indicator: Int) -> Period? { store.latestPeriods.previous[indicator] }

    /// The row of the observation before `row`: same indicator, area and kind of period,
    /// the latest one ending before it.
    func previousRow(_ row: Int) -> Int? {
        let observations = store.observations
        let period = Period(raw: observations.period[row])
        return index.before(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]),
                            kind: period.kind, endMonth: period.endMonth)
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

/// An authority's place among the authorities with a figure for an indicator and period.
struct Standing {
    var rank: Int?
    /// How many figures were ranked.
    var rankedOf: Int?
    var band: Ranking.Band?
    /// The bands' limits, given with the band.
    var quartiles: Ranking.Quartiles?
    /// Whether a rank or band would be given but for too few figures.
    var rankWithheld = false
    var bandWithheld = false

    init() {}

    /// The standing of a figure among `values` (itself included), with the population
    /// rules applied; `bands` false where the measure has none (LAIT's `No_Quartile`).
    init(_ standing: (rank: Int, band: Ranking.Band), among values: [Double], bands: Bool) {
        guard values.count >= Ranking.minimumRanked else {
            rankWithheld = true
            return
        }
        rank = standing.rank
        rankedOf = values.count
        guard bands else { return }
        guard values.count >= Ranking.minimumBanded else {
            bandWithheld = true
            return
        }
        band = standing.band
        quartiles = Ranking.quartiles(values)
    }
}
