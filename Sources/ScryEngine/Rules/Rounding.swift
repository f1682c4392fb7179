/// Rounding at an indicator's displayed precision. The rules that judge two figures the
/// same (direction of travel, verdicts, calculated RAGs) round by it, and so do the
/// renderers, so that figures judged the same are shown the same.
public enum Rounding {
    /// `value × 10^decimals`, rounded half away from zero (as scorecards round). A nudge of
    /// one part in 10^12 first undoes binary noise, so that 0.15 (stored as 0.1499…) rounds
    /// up as written and 32.200000000000003 stays 32.2.
    ///
    /// Inlinable, for the renderers' loops over millions of figures: rounded by truncating
    /// to a whole number and looking at what was cut off (exact below 2^52, where every
    /// double's fraction is exact; above it every double is whole), with the sign of the
    /// figure kept as `rounded(.toNearestOrAwayFromZero)` keeps it (-0.3 gives -0), not
    /// by a call to the C library's `round` per figure.
    @inlinable
    public static func scaled(_ value: Double, decimals: Int) -> Double {
        var power = 1.0
        for _ in 0..<max(0, decimals) { power *= 10 }
        let shifted = value * power
        let nudged = shifted + shifted * 1e-12
        guard nudged.magnitude < 0x1p52 else { return nudged }
        let whole = Double(Int64(nudged))
        let cut = nudged - whole
        let rounded = cut >= 0.5 ? whole + 1 : cut <= -0.5 ? whole - 1 : whole
        return Double(signOf: nudged, magnitudeOf: rounded)
    }

    /// Whether two figures are equal when shown with `decimals` decimals.
    static func equalAtDisplay(_ left: Double, _ right: Double, decimals: Int) -> Bool {
        scaled(left, decimals: decimals) == scaled(right, decimals: decimals)
    }
}
