/// Whether a local proportion differs from a comparator by more than chance, as Public
/// Health England's Fingertips judges it: the Wilson score 95% interval of the local
/// proportion, and whether the comparator lies outside it.
public enum Significance {
    /// The Wilson score interval of `successes` out of `trials`, as proportions (0-1): the
    /// 95% limits `ConfidenceLimits.wilson` gives.
    public static func wilsonInterval(successes: Double, trials: Double) -> (low: Double, high: Double)? {
        ConfidenceLimits.wilson(successes: successes, trials: trials, level: .ninetyFive).map { ($0.lower, $0.upper) }
    }

    public enum Verdict: String, Sendable, CaseIterable { case higher = "significantly higher", lower = "significantly lower", similar = "not significantly different" }

    /// How the local proportion stands against `comparator` (a proportion 0-1).
    public static func verdict(successes: Double, trials: Double, comparator: Double) -> Verdict? {
        guard let interval = wilsonInterval(successes: successes, trials: trials) else { return nil }
        if comparator < interval.low { return .higher }
        if comparator > interval.high { return .lower }
        return .similar
    }
}
