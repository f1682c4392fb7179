import ScryStore

/// A pooled figure of several areas or periods: Σ numerator / Σ denominator, ×100 for
/// percentages, ×10,000 for rates per 10,000 (never the mean of the figures). What
/// `pooled(value)` computes and what a `workings pooled` shows, row by row.
enum Pooling {
    /// What one row gives a pool.
    enum Contribution: Equatable {
        /// Its numerator and denominator are added.
        case pooled
        /// Its figure was published as a symbol: never pooled, even where its numerator
        /// and denominator were published, since a pool of one area would show it.
        case suppressed
        /// It lacks a numerator or a denominator.
        case incomplete
    }

    @inline(__always)
    static func contribution(value: UInt8, numerator: UInt8, denominator: UInt8) -> Contribution {
        if CellState.isSuppressed(value) { return .suppressed }
        return CellState.isPresent(numerator) && CellState.isPresent(denominator) ? .pooled : .incomplete
    }

    /// The pooled figure in the unit's terms; nil for a unit that is no ratio or a zero
    /// denominator.
    static func figure(numerator: Double, denominator: Double, unit: Unit) -> Double? {
        guard denominator != 0, let scale = unit.poolingScale else { return nil }
        return numerator / denominator * scale
    }
}
