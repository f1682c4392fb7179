import ScryStore

/// The figures behind Fingertips' columns for one row: its confidence interval, its recent
/// trend and where it lies in the authorities' funnel.
extension RowCompiler {
    /// The confidence interval of the figure at `row`, from its numerator and denominator
    /// (none where either is missing or suppressed).
    func interval(_ row: Int, _ level: ConfidenceLimits.Level) -> ConfidenceLimits.Interval? {
        let observations = store.observations
        guard let top = observations.numerator[row].number, let bottom = observations.denominator[row].number else { return nil }
        return ConfidenceLimits.limits(numerator: top, denominator: bottom, unit: store.indicators[Int(observations.indicator[row])].unit,
                                       level: level)
    }

    /// The recent trend as at `row`: over its figure and the four annual figures of the same
    /// kind before it, each ending twelve months before the next. A percentage with
    /// numerators and denominators is tested as proportions, a rate by its confidence
    /// limits; other figures, a gap, a suppressed figure or fewer than five cannot be.
    func recentTrend(_ row: Int) -> RecentTrend.Result {
        let observations = store.observations
        let indicator = Int(observations.indicator[row]), area = Int(observations.area[row])
        let period = Period(raw: observations.period[row])
        guard period.length == 12, !period.isUndated else { return RecentTrend.cannot("the test needs annual figures") }
        var rows = [row]
        while rows.count < RecentTrend.points {
            let end = period.endMonth - 12 * rows.count
            guard let earlier = context.lookups.exact(indicator: indicator, area: area, kind: period.kind, endMonth: end) else {
                let gap = context.lookups.before(indicator: indicator, area: area, kind: period.kind, endMonth: end) != nil
                return RecentTrend.cannot(gap ? "a year missing among the last five" : "fewer than five annual figures")
            }
            rows.append(earlier)
        }
        rows.reverse()
        guard rows.allSatisfy({ observations.value[$0].state == .present }) else {
            return RecentTrend.cannot("a missing or suppressed figure among the last five")
        }
        let counts = rows.compactMap { observations.numerator[$0].number }, denominators = rows.compactMap { observations.denominator[$0].number }
        guard counts.count == rows.count, denominators.count == rows.count else {
            return RecentTrend.cannot("a figure without numerator and denominator among the last five")
        }
        switch store.indicators[indicator].unit {
        case .percent:
            return RecentTrend.proportions(counts: counts, denominators: denominators)
        case .per1000, .per10000, .per100000:
            let limits = rows.compactMap { interval($0, .ninetyFive) }
            guard limits.count == rows.count else { return RecentTrend.cannot("a figure without confidence limits among the last five") }
            return RecentTrend.weighted(values: rows.map { observations.value[$0].value }, lower: limits.map(\.lower), upper: limits.map(\.upper))
        case .count, .days, .weeks, .average, .score, .ratio, .currency:
            return RecentTrend.cannot("only percentages and rates are tested")
        }
    }

    /// The funnel's centre for the figure at `row`: England's figure (by the comparator
    /// rules), else the pooled figure of the authorities for the same period.
    func funnelCentre(_ row: Int) -> Double? {
        let observations = store.observations
        guard observations.denominator[row].number != nil else { return nil }
        if let england = context.figure(.england, row: row)?.value.number { return england }
        return context.lookups.pooledAuthorities(Int(observations.indicator[row]), Period(raw: observations.period[row]))
    }

    func funnelLimits(_ row: Int, _ level: ConfidenceLimits.Level) -> ConfidenceLimits.Interval? {
        let observations = store.observations
        guard let centre = funnelCentre(row), let denominator = observations.denominator[row].number else { return nil }
        return Funnel.limits(centre: centre, denominator: denominator, unit: store.indicators[Int(observations.indicator[row])].unit, level: level)
    }

    func funnelPosition(_ row: Int, _ level: ConfidenceLimits.Level) -> Funnel.Position? {
        let observations = store.observations
        guard let centre = funnelCentre(row), let numerator = observations.numerator[row].number,
              let denominator = observations.denominator[row].number, observations.value[row].state == .present else { return nil }
        return Funnel.position(numerator: numerator, denominator: denominator, centre: centre,
                               unit: store.indicators[Int(observations.indicator[row])].unit, level: level)
    }
}
