import ScryStore

/// Direction of travel between two figures of one indicator, by its polarity.
///
/// "Same" means equal at the indicator's displayed decimals. For `T` polarity, nearer the
/// target is better (and equally near, either side, is the same). An activity indicator
/// (no polarity) has none, nor has a `T` indicator without a target.
public enum DirectionOfTravel {
    public static func direction(
        from previous: Double, to current: Double, polarity: Polarity, target: Double?, decimals: Int
    ) -> Direction? {
        switch polarity {
        case .none:
            return nil
        case .high, .low:
            if Rounding.equalAtDisplay(current, previous, decimals: decimals) { return .same }
            return (current > previous) == (polarity == .high) ? .improved : .worsened
        case .target:
            guard let target else { return nil }
            let now = Rounding.scaled(current, decimals: decimals) - Rounding.scaled(target, decimals: decimals)
            let before = Rounding.scaled(previous, decimals: decimals) - Rounding.scaled(target, decimals: decimals)
            if now.magnitude == before.magnitude { return .same }
            return now.magnitude < before.magnitude ? .improved : .worsened
        }
    }
}
