import ScryStore

/// Facts the engine derives from the store alone, each worked out once per store and kept
/// in its cache: each indicator's latest and previous periods, the ranked groups; and
/// the plain walks of its tables (an area's region, an indicator's national measure).
extension Store {
    /// Each indicator's latest period (the one ending last; the shortest, when two end in
    /// the same month) and the one before it of the same kind; never an undated one.
    var latestPeriods: LatestPeriods {
        cache.value(StoreCache.Key("latest periods")) { LatestPeriods(self) }
    }
}

extension Store {
    /// The latest period of an indicator: the one ending last (the shortest, when two end
    /// in the same month), over all its observations.
    func latestPeriod(of indicator: Int) -> Period? { latestPeriods.latest[indicator] }

    /// The period before the latest, of the same kind.
    func previousPeriod(of indicator: Int) -> Period? { latestPeriods.previous[indicator] }

    /// The nearest area of `type` containing `area`, or the area itself.
    func ancestor(of area: Int, ofType type: AreaType) -> Int? {
        var current: Int? = area
        while let step = current, areas[step].type != type { current = areas[step].parent }
        return current
    }

    /// The indicator itself and, through its dataset's mapping, the national measure it is
    /// compared with (in any loaded dataset).
    func nationalIndicators(of indicator: Int) -> [Int] {
        let measure = indicators[indicator].nationalMeasure
        guard !measure.isEmpty else { return [indicator] }
        return [indicator] + self.indicators(withCode: measure).filter { $0 != indicator }
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
