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
    /// The rule that decided a rating, or why there is none.
    public enum Rule: Sendable, Equatable {
        case noPolarity, noTarget, smallDenominator
        /// `H`, `L`: the target is met.
        case targetMet
        /// `H`, `L` with a floor: short of the target, and the floor met or not.
        case floorMet, floorMissed
        /// `H`, `L` without a floor: short of the target by no more than the tolerance, or more.
        case shortWithinTolerance, shortBeyondTolerance
        /// `T`: within the tolerance either side, within twice it, or beyond.
        case nearTarget, withinTwiceTolerance, beyondTwiceTolerance
    }

    /// A rating with how it was reached: the rule, and the allowance (the tolerance as a
    /// figure in the indicator's unit: the tolerance per cent of the target).
    public struct Assessment: Sendable, Equatable {
        public var rating: RAG?
        public var rule: Rule
        public var allowance: Double?
    }

    public static func rating(
        value: Double, target: Double?, floor: Double?, denominator: Double?, polarity: Polarity, decimals: Int, tolerance: Double
    ) -> RAG? {
        assess(value: value, target: target, floor: floor, denominator: denominator, polarity: polarity, decimals: decimals,
               tolerance: tolerance).rating
    }

    /// The rating and the rule that gave it: what `rating` answers, and what a `workings`
    /// shows of it.
    public static func assess(
        value: Double, target: Double?, floor: Double?, denominator: Double?, polarity: Polarity, decimals: Int, tolerance: Double
    ) -> Assessment {
        guard polarity != .none else { return Assessment(rating: nil, rule: .noPolarity) }
        guard let target else { return Assessment(rating: nil, rule: .noTarget) }
        if let denominator, denominator < 5 { return Assessment(rating: nil, rule: .smallDenominator) }
        let scale = { (figure: Double) in Rounding.scaled(figure, decimals: decimals) }
        let now = scale(value), goal = scale(target)
        let tolerated = abs(target) * tolerance / 100
        let allowance = scale(tolerated)
        func rated(_ rating: RAG, _ rule: Rule) -> Assessment { Assessment(rating: rating, rule: rule, allowance: tolerated) }
        switch polarity {
        case .none:
            return Assessment(rating: nil, rule: .noPolarity)
        case .target:
            let distance = abs(now - goal)
            if distance <= allowance { return rated(.green, .nearTarget) }
            return distance <= 2 * allowance ? rated(.amber, .withinTwiceTolerance) : rated(.red, .beyondTwiceTolerance)
        case .high, .low:
            // Shortfall: how far the figure is on the wrong side of the target, ≤ 0 when met.
            let sign: Double = polarity == .high ? 1 : -1
            let shortfall = sign * (goal - now)
            if shortfall <= 0 { return rated(.green, .targetMet) }
            if let floor {
                return sign * (now - scale(floor)) >= 0 ? rated(.amber, .floorMet) : rated(.red, .floorMissed)
            }
            return shortfall <= allowance ? rated(.amber, .shortWithinTolerance) : rated(.red, .shortBeyondTolerance)
        }
    }
}
