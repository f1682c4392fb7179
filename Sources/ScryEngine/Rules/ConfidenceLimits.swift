import ScryStore

/// Confidence limits of a figure worked out from its numerator and denominator, by the
/// methods of OHID's Fingertips and its R package PHEindicatormethods
/// (`ukhsa-collaboration/PHEindicatormethods`, `R/utils.R`, `R/Proportions.R`,
/// `R/Rates.R`): the Wilson score interval for a proportion; for a count, and a rate
/// made from one, Byar's approximation from 10 events up and the exact Poisson limits
/// (from chi-square quantiles) below.
public enum ConfidenceLimits {
    /// The two levels Fingertips shows.
    public enum Level: String, Sendable, CaseIterable {
        case ninetyFive = "95", ninetyNinePointEight = "99.8"

        public var confidence: Double { self == .ninetyFive ? 0.95 : 0.998 }

        /// z for the two-sided interval: R's `qnorm(confidence + (1 - confidence) / 2)`.
        var z: Double { self == .ninetyFive ? Self.z95 : Self.z998 }
        private static let z95 = Distributions.normalQuantile(0.975)
        private static let z998 = Distributions.normalQuantile(0.999)
    }

    public struct Interval: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
    }

    /// The Wilson score interval of `successes` out of `trials`, as proportions (0-1).
    public static func wilson(successes x: Double, trials n: Double, level: Level) -> Interval? {
        guard n > 0, x >= 0, x <= n else { return nil }
        let z = level.z, z2 = z * z
        let root = z * (z2 + 4 * x * (1 - x / n)).squareRoot()
        return Interval(lower: (2 * x + z2 - root) / 2 / (n + z2), upper: (2 * x + z2 + root) / 2 / (n + z2))
    }

    /// Limits of a count of events: Byar's approximation from 10 events, the exact Poisson
    /// limits below (`phe_rate`'s rule).
    public static func count(_ x: Double, level: Level) -> Interval? {
        guard x >= 0, x.isFinite else { return nil }
        return x < 10 ? exactPoisson(x, level: level) : byars(x, level: level)
    }

    /// Byar's approximation to the Poisson limits of a count.
    public static func byars(_ x: Double, level: Level) -> Interval {
        let z = level.z
        let lower = x == 0 ? 0 : x * pow(1 - 1 / (9 * x) - z / (3 * x.squareRoot()), 3)
        let upper = (x + 1) * pow(1 - 1 / (9 * (x + 1)) + z / (3 * (x + 1).squareRoot()), 3)
        return Interval(lower: lower, upper: upper)
    }

    /// The exact Poisson limits of a count: half the chi-square quantiles with 2x and
    /// 2x + 2 degrees of freedom.
    public static func exactPoisson(_ x: Double, level: Level) -> Interval {
        let tail = (1 - level.confidence) / 2
        return Interval(lower: Distributions.chiSquareQuantile(tail, degrees: 2 * x) / 2,
                        upper: Distributions.chiSquareQuantile(1 - tail, degrees: 2 * x + 2) / 2)
    }

    /// The limits of a figure in `unit` made from `numerator` and `denominator`, in that
    /// unit: Wilson for a percentage, the count's limits over the denominator for a rate
    /// per 1,000, 10,000 or 100,000; none for other units, a denominator of 0 or less, or a
    /// numerator that cannot be a count of events.
    public static func limits(numerator: Double, denominator: Double, unit: Unit, level: Level) -> Interval? {
        guard denominator > 0, numerator >= 0, numerator.isFinite, denominator.isFinite else { return nil }
        switch unit {
        case .percent:
            return wilson(successes: numerator, trials: denominator, level: level).map { Interval(lower: $0.lower * 100, upper: $0.upper * 100) }
        case .per1000, .per10000, .per100000:
            guard let scale = unit.poolingScale, let limits = count(numerator, level: level) else { return nil }
            return Interval(lower: limits.lower / denominator * scale, upper: limits.upper / denominator * scale)
        case .count, .days, .weeks, .average, .score, .ratio, .currency:
            return nil
        }
    }
}

/// Where a comparator's value lies against a figure's confidence interval, as Fingertips
/// compares an area with England: outside it, the figure is better or worse by its
/// polarity (higher or lower where it has none, or is judged against a target); inside
/// it, similar.
public enum IntervalVerdict: String, Sendable, CaseIterable {
    case better, worse, similar, higher, lower

    public static func judge(_ interval: ConfidenceLimits.Interval, against comparator: Double, polarity: Polarity) -> IntervalVerdict {
        let higher: Bool
        if comparator < interval.lower { higher = true } else if comparator > interval.upper { higher = false } else { return .similar }
        switch polarity {
        case .high: return higher ? .better : .worse
        case .low: return higher ? .worse : .better
        case .none, .target: return higher ? .higher : .lower
        }
    }
}
