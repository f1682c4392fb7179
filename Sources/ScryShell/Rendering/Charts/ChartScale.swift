import Foundation

/// The value axis of a chart: a range with round ends and evenly spaced ticks around the
/// figures. A line chart's axis starts near its lowest figure, not at zero (LAIT's own
/// development log records the request); a bar chart's includes zero, as bars measure
/// from it.
struct ChartScale: Equatable {
    let low: Double
    let high: Double
    let step: Double

    /// A scale for `values`, its step a round number (1, 2, 2.5 or 5 times a power of ten)
    /// and never finer than the indicator's displayed decimals, so that no two ticks read
    /// the same.
    init(_ values: [Double], decimals: Int, includingZero: Bool = false) {
        var smallest = values.min() ?? 0, largest = values.max() ?? 1
        if includingZero {
            smallest = min(smallest, 0)
            largest = max(largest, 0)
        }
        let finest = pow(10, Double(-max(0, min(decimals, 6))))
        var raw = (largest - smallest) / 4
        if !(raw > 0) { raw = max(smallest.magnitude / 10, finest) }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalised = raw / magnitude
        let round: Double = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 2.5 ? 2.5 : normalised <= 5 ? 5 : 10
        let step = max(round * magnitude, finest)
        var low = (smallest / step).rounded(.down) * step
        var high = (largest / step).rounded(.up) * step
        if high - low < step / 2 {
            // One figure alone: a step either side of it.
            low -= step
            high += step
        }
        if includingZero, smallest >= 0 { low = 0 }
        self.low = low
        self.high = high
        self.step = step
    }

    /// The ticks from `low` to `high`, each worked out from its index (no running sum, so
    /// no drift).
    var ticks: [Double] {
        let count = Int(((high - low) / step).rounded())
        return (0...max(0, count)).map { low + Double($0) * step }
    }

    /// Where `value` lies: 0 at `low`, 1 at `high`.
    func fraction(_ value: Double) -> Double {
        guard high > low else { return 0.5 }
        return min(max((value - low) / (high - low), 0), 1)
    }
}
