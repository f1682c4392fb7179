import ScryStore

/// How a local figure stands against a comparator by the indicator's polarity: better,
/// worse, or similar (equal at the displayed decimals). None without `H` or `L` polarity.
public enum Verdict: String, Sendable, CaseIterable {
    case better, worse, similar

    public static func judge(_ ours: Double, against theirs: Double, polarity: Polarity, decimals: Int) -> Verdict? {
        guard polarity == .high || polarity == .low else { return nil }
        if Rounding.equalAtDisplay(ours, theirs, decimals: decimals) { return .similar }
        return (ours > theirs) == (polarity == .high) ? .better : .worse
    }
}
