import ScryStore

/// The authorities' rows with a figure for one indicator and period (a ranked group),
/// each with its standing.
struct StandingGroup: Sendable {
    var rows: [Int] = []
    /// The authorities' rows for the period without a figure (missing or suppressed), not
    /// ranked.
    var unranked: [Int] = []
    var standings: [Int: Standing] = [:]
}

extension Store {
    /// The ranked group of an indicator and period: every authority's figure for exactly
    /// that period (status aside, as `period =` matches), ranked when the indicator has H or L
    /// polarity, kept in the store's cache.
    func standingGroup(_ indicator: Int, _ period: Period, lookups: StoreLookups) -> StandingGroup {
        cache.value(StoreCache.Key("standing group", Int(indicator) << 32 | Int(period.raw))) {
            StandingGroup(indicator, period, store: self, lookups: lookups)
        }
    }
}

extension StandingGroup {
    init(_ indicator: Int, _ period: Period, store: Store, lookups: StoreLookups) {
        var group = StandingGroup()
        let meta = store.indicators[indicator]
        if meta.polarity == .high || meta.polarity == .low {
            let observations = store.observations
            for area in store.areas.indices where store.areas[area].type == .authority {
                for row in lookups.rows(indicator: indicator, area: area, endingIn: period.endMonth) where observations.period[row] == period.raw {
                    if observations.value[row].state == .present { group.rows.append(row) } else { group.unranked.append(row) }
                }
            }
            group.rows.sort()
            group.unranked.sort()
            let values = group.rows.map { observations.value[$0].value }
            if let standings = Ranking.standings(values, polarity: meta.polarity) {
                for (row, standing) in zip(group.rows, standings) {
                    group.standings[row] = Standing(standing, among: values, bands: meta.hasQuartileBands)
                }
            }
        }
        self = group
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
