import ScryStore

extension QueryContext {
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
            found = lookups.standingGroup(indicator, Period(raw: observations.period[row])).standings[row] ?? Standing()
        }
        if isTallying {
            if found.rankWithheld { withheldRanks.insert(row) }
            if found.bandWithheld { withheldBands.insert(row) }
        }
        return found
    }

    private func mappedStanding(_ row: Int) -> Standing {
        guard let population = mappedPopulation(row), let value = store.observations.value[row].number else { return Standing() }
        let values = population.others.map { store.observations.value[$0].value } + [value]
        guard let standings = Ranking.standings(values, polarity: population.polarity), let mine = standings.last else { return Standing() }
        return Standing(mine, among: values, bands: population.bands)
    }

    /// Where a mapped local figure is ranked: its national measure's authorities' figures
    /// for the measure's period as of the local one (the authority's own, else England's
    /// latest, within the comparator lag), the authority's own national figure left out;
    /// nil for a figure that is not an authority's, is missing, or has no such population.
    func mappedPopulation(_ row: Int) -> MappedPopulation? {
        let observations = store.observations
        let area = Int(observations.area[row]), local = store.indicators[Int(observations.indicator[row])]
        guard store.areas[area].type == .authority, observations.value[row].number != nil else { return nil }
        let period = Period(raw: observations.period[row])
        for national in store.nationalIndicators(of: Int(observations.indicator[row])).dropFirst() {
            let measure = store.indicators[national]
            let polarity = local.polarity == .high || local.polarity == .low ? local.polarity : measure.polarity
            guard polarity == .high || polarity == .low else { continue }
            // The measure's period as of the local one: the authority's own, else England's.
            guard let anchor = lookups.asOf(indicator: national, area: area, endMonth: period.endMonth)
                    ?? lookups.nationalArea.flatMap({ lookups.asOf(indicator: national, area: $0, endMonth: period.endMonth) }) else { continue }
            let anchorPeriod = Period(raw: observations.period[anchor])
            if let lag = settings.comparatorLag, period.endMonth - anchorPeriod.endMonth > lag { continue }
            let group = lookups.standingGroup(national, anchorPeriod)
            guard !group.rows.isEmpty else { continue }
            return MappedPopulation(measure: national, period: anchorPeriod, polarity: polarity,
                                    others: group.rows.filter { Int(observations.area[$0]) != area },
                                    bands: measure.hasQuartileBands && local.hasQuartileBands)
        }
        return nil
    }
}

/// The authorities' figures a mapped local figure is ranked among (`mappedPopulation`).
struct MappedPopulation {
    /// The national measure and its period.
    var measure: Int
    var period: Period
    var polarity: Polarity
    /// The other authorities' rows with a figure.
    var others: [Int]
    var bands: Bool
}
