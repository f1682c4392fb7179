import ScryStore

/// Funnel limits, as PHEindicatormethods draws them (`R/Funnels.R`,
/// `calculate_funnel_limits` and `assign_funnel_significance`; `R/utils.R`,
/// `sigma_adjustment`, `poisson_funnel`): around a centre (England's figure here, else
/// the authorities' pooled figure, which is the package's own centre), the range a figure
/// of a given denominator falls in by chance at 95% and 99.8%.
public enum Funnel {
    public enum Position: String, Sendable, CaseIterable { case above, inside, below }

    /// The limits at `denominator` around `centre`, both in `unit`; nil for a unit without
    /// a denominator. A percentage's are `sigma_adjustment`'s, which come to
    /// p ± z·√(p(1 − p)/N), held within 0 and 100; a rate's are the events at which an
    /// exact Poisson limit meets the centre's expected count (the package's `poisson_funnel`
    /// lines, read at the area's own denominator).
    public static func limits(centre: Double, denominator: Double, unit: Unit, level: ConfidenceLimits.Level) -> ConfidenceLimits.Interval? {
        guard denominator > 0, centre >= 0, centre.isFinite else { return nil }
        switch unit {
        case .percent:
            let p = centre / 100
            guard p <= 1 else { return nil }
            let half = level.z * (p * (1 - p) / denominator).squareRoot()
            return ConfidenceLimits.Interval(lower: max(0, (p - half) * 100), upper: min(100, (p + half) * 100))
        case .per1000, .per10000, .per100000:
            guard let scale = unit.poolingScale else { return nil }
            let expected = centre / scale * denominator
            guard expected.isFinite, expected < 1e15 else { return nil }
            let tail = (1 - level.confidence) / 2
            // The fewest events whose lower limit reaches the expected count, and the most
            // whose upper limit does.
            guard let upper = events(where: { Distributions.chiSquareQuantile(tail, degrees: 2 * $0) / 2 >= expected }),
                  let lower = events(where: { Distributions.chiSquareQuantile(1 - tail, degrees: 2 * $0 + 2) / 2 >= expected })
            else { return nil }
            return ConfidenceLimits.Interval(lower: lower / denominator * scale, upper: upper / denominator * scale)
        case .count, .days, .weeks, .average, .score, .ratio, .currency:
            return nil
        }
    }

    /// The smallest number of events (continuous) at which `reaches` turns true; it is
    /// false at 0 events or true from there, and stays true once it turns. Nil when it does
    /// not turn within 2⁶⁰ events (no real count is that large).
    private static func events(where reaches: (Double) -> Bool) -> Double? {
        if reaches(0) { return 0 }
        var low = 0.0, high = 1.0
        while !reaches(high) {
            guard high < 0x1p60 else { return nil }
            low = high
            high *= 2
        }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if reaches(middle) { high = middle } else { low = middle }
        }
        return (low + high) / 2
    }

    /// Where a figure lies, as `assign_funnel_significance` places it: a percentage by its
    /// value against the limits at its denominator; a rate by its own confidence interval
    /// (exact below 10 events, Byar's from 10) against the centre. Strictly outside counts.
    public static func position(numerator: Double, denominator: Double, centre: Double, unit: Unit,
                                level: ConfidenceLimits.Level) -> Position? {
        switch unit {
        case .percent:
            guard let limits = limits(centre: centre, denominator: denominator, unit: unit, level: level) else { return nil }
            let value = numerator / denominator * 100
            return value < limits.lower ? .below : value > limits.upper ? .above : .inside
        case .per1000, .per10000, .per100000:
            guard let own = ConfidenceLimits.limits(numerator: numerator, denominator: denominator, unit: unit, level: level) else { return nil }
            return centre < own.lower ? .above : centre > own.upper ? .below : .inside
        case .count, .days, .weeks, .average, .score, .ratio, .currency:
            return nil
        }
    }
}
