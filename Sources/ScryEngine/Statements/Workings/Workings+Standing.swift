import ScryStore

extension Engine {
    /// A rank's and band's workings: who was ranked and who left out (no figure, or a
    /// symbol), how many are better, the ties, the rank, the bands' limits and the band,
    /// from the same ranked group the columns read.
    func standingWorkings(_ row: Int, compiler: RowCompiler) -> ResultTable {
        let context = compiler.context
        let observations = store.observations
        let indicatorIndex = Int(observations.indicator[row]), area = Int(observations.area[row])
        let indicator = store.indicators[indicatorIndex]
        let period = Period(raw: observations.period[row])
        var table = ResultTable(columns: Self.workingsColumns)
        table.rows.append(localRow(row, Self.rankingRule(indicator.polarity)))
        guard store.areas[area].type == .authority else {
            table.notes.append("note: a national rank is given to authorities only, and \(store.areas[area].name) is a \(store.areas[area].type)")
            return table
        }
        guard indicator.polarity == .high || indicator.polarity == .low else { return table }
        let standing = context.standing(row)
        // The others ranked with the figure, and those left out, of the period ranked.
        let others: [Int], unranked: [Int], ranked: Period
        if indicator.nationalMeasure.isEmpty {
            let group = context.lookups.standingGroup(indicatorIndex, period)
            (others, unranked, ranked) = (group.rows.filter { $0 != row }, group.unranked, period)
        } else if let population = context.mappedPopulation(row) {
            let group = context.lookups.standingGroup(population.measure, population.period)
            let measure = store.indicators[population.measure].code
            (others, unranked, ranked) = (population.others, group.unranked.filter { Int(observations.area[$0]) != area }, population.period)
            table.rows.append(workingsRow("from " + measure, period: population.period,
                                          "\(measure), its national measure (mapping.csv): its authorities' figures as of \(period), within comparator_lag; \(store.areas[area].name)'s own national figure gives way to the local one"))
        } else {
            table.notes.append("note: \(indicator.code)'s national measure \(indicator.nationalMeasure) has no authorities' figures on or before \(period) within comparator_lag")
            return table
        }
        table.rows.append(workingsRow(Column.Field.ranked_of.rawValue, period: ranked, .count(others.count + 1),
                                      "authorities with a figure for the period, each ranked"))
        if let value = observations.value[row].number {
            for other in others where observations.value[other].value == value {
                table.rows.append(workingsRow("tied", area: Int(observations.area[other]), period: ranked, cellOf(observations.value[other], row: other),
                                              "the same figure: the same rank"))
            }
        }
        for other in unranked {
            table.rows.append(workingsRow("left out", area: Int(observations.area[other]), period: ranked, cellOf(observations.value[other], row: other),
                                          Self.symbolMeaning(observations.value[other].state)))
        }
        let counted = Set((others + unranked).map { Int(observations.area[$0]) } + [area])
        for authority in store.areas.indices where store.areas[authority].type == .authority && !counted.contains(authority) {
            table.rows.append(workingsRow("left out", area: authority, "no figure for the period"))
        }
        if standing.rankWithheld {
            table.rows.append(workingsRow(Column.Field.national_rank.rawValue,
                                          "none: a rank needs at least \(Ranking.minimumRanked) authorities with a figure"))
            return table
        }
        guard let rank = standing.rank else { return table }
        let better = indicator.polarity == .low ? "lower" : "higher"
        table.rows.append(workingsRow("better", .count(rank - 1), "authorities with a \(better) figure"))
        table.rows.append(workingsRow(Column.Field.national_rank.rawValue, .count(rank),
                                      "one more than those better; ties share the lowest rank"))
        if standing.bandWithheld {
            table.rows.append(workingsRow(Column.Field.quartile.rawValue, "none: bands need at least \(Ranking.minimumBanded) figures"))
        }
        guard let quartiles = standing.quartiles, let band = standing.band else {
            if !indicator.hasQuartileBands { table.notes.append("note: \(indicator.code) has no quartile bands (LAIT's No_Quartile)") }
            return table
        }
        table.rows.append(workingsRow(Column.Field.quartile_q1.rawValue, figureCell(quartiles.q1, of: row),
                                      "the 25th percentile of the \(standing.rankedOf ?? 0) figures (R type 7)"))
        table.rows.append(workingsRow(Column.Field.quartile_median.rawValue, figureCell(quartiles.median, of: row), "the 50th"))
        table.rows.append(workingsRow(Column.Field.quartile_q3.rawValue, figureCell(quartiles.q3, of: row), "the 75th"))
        table.rows.append(workingsRow(Column.Field.quartile.rawValue,
                                      "\(band.rawValue): the figure lies in \(Self.limits(of: band, polarity: indicator.polarity)), band \(band.rawValue) when \(better) is better"))
        return table
    }

    /// How a polarity ranks, for the figure's row.
    static func rankingRule(_ polarity: Polarity) -> String {
        switch polarity {
        case .low: "L: lower is better, rank 1 the lowest"
        case .high: "H: higher is better, rank 1 the highest"
        case .target: "T: close to the target is better, so no figure is simply better: no rank"
        case .none: "an activity indicator, without polarity: no rank"
        }
    }

    /// The limits of a band's quarter, as LAIT bounds them: [min, Q1], (Q1, median],
    /// (median, Q3], (Q3, max]; band A is the first quarter for L, the last for H.
    static func limits(of band: Ranking.Band, polarity: Polarity) -> String {
        let quarters = ["[min, Q1]", "(Q1, median]", "(median, Q3]", "(Q3, max]"]
        let index = Ranking.Band.allCases.firstIndex(of: band)!
        return quarters[polarity == .low ? index : 3 - index]
    }
}
