import ScryStore

/// A RAG rating worked out from the figure, its target and floor, beside the published one.
///
/// Figures are compared at the indicator's displayed decimals. There is none for an
/// activity indicator (no polarity), without a target, or when the denominator is below 5.
/// - `H` (`L` mirrored): green when the target is met; otherwise amber when the floor is
///   met, red when not; without a floor, amber when short of the target by no more than
///   the tolerance (per cent of the target), red beyond.
/// - `T`: green within the tolerance of the target on either side, amber within twice it,
///   red beyond.
public enum CalculatedRAG {
    public static func rating(
        value: Double, target: Double?, floor: Double?, denominator: Double?, polarity: Polarity, decimals: Int, tolerance: Double
    ) -> RAG? {
        guard polarity != .none, let target else { return nil }
        if let denominator, denominator < 5 { return nil }
        let scale = { (figure: Double) in Rounding.scaled(figure, decimals: decimals) }
        let now = scale(value), goal = scale(target)
        let allowance = scale(abs(target) * tolerance / 100)
        switch polarity {
        case .none:
            return nil
        case .target:
            let distance = abs(now - goal)
            if distance <= allowance { return .green }
            return distance <= 2 * allowance ? .amber : .red
        case .high, .low:
            // Shortfall: how far the figure is on the wrong side of the target, ≤ 0 when met.
            let sign: Double = polarity == .high ? 1 : -1
            let shortfall = sign * (goal - now)
            if shortfall <= 0 { return .green }
            if let floor {
                return sign * (now - scale(floor)) >= 0 ? .amber : .red
            }
            return shortfall <= allowance ? .amber : .red
        }
    }
}
