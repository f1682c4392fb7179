/// Whether a local proportion differs from a comparator by more than chance, as Public
/// Health England's Fingertips judges it: the Wilson score 95% interval of the local
/// proportion, and whether the comparator lies outside it.
public enum Significance {
    /// z for a two-sided 95% interval.
    static let z = 1.959963984540054

    /// The Wilson score interval of `successes` out of `trials`, as proportions (0-1).
    public static func wilsonInterval(successes: Double, trials: Double) -> (low: Double, high: Double)? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let p = successes / trials
        let z2 = z * z
        let denominator = 1 + z2 / trials
        let centre = (p + z2 / (2 * trials)) / denominator
        let half = z * ((p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()) / denominator
        return (centre - half, centre + half)
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
