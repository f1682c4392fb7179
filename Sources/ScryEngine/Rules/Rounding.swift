/// Rounding at an indicator's displayed precision. The rules that judge two figures the
/// same (direction of travel, verdicts, calculated RAGs) round by it, and so do the
/// renderers, so that figures judged the same are shown the same.
public enum Rounding {
    /// `value × 10^decimals`, rounded half away from zero (as scorecards round). A nudge of
    /// one part in 10^12 first undoes binary noise, so that 0.15 (stored as 0.1499…) rounds
    /// up as written and 32.200000000000003 stays 32.2.
    public static func scaled(_ value: Double, decimals: Int) -> Double {
        var power = 1.0
        for _ in 0..<max(0, decimals) { power *= 10 }
        let shifted = value * power
        return (shifted + shifted * 1e-12).rounded(.toNearestOrAwayFromZero)
    }

    /// Whether two figures are equal when shown with `decimals` decimals.
    static func equalAtDisplay(_ left: Double, _ right: Double, decimals: Int) -> Bool {
        scaled(left, decimals: decimals) == scaled(right, decimals: decimals)
    }
}
