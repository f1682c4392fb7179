import Foundation

/// The statistics aggregations compute, each over the values present (missing ones are
/// counted apart, never as zero).
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The middle value, or the mean of the two middle values.
    public static func median(_ values: [Double]) -> Double? {
        percentile(values, 50)
    }

    /// The sample standard deviation (n − 1 in the denominator); nil below two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The `p`th percentile (0-100) by linear interpolation between order statistics:
    /// R's default `quantile()` (type 7), as LAIT's quartiles use.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let (lower, upper, fraction) = ranks(p, of: sorted.count)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// `percentile(values, p)` for each of `ps`, by selection instead of a sort: the
    /// order statistics each interpolates between are found by quickselect, which
    /// reorders `values`, from the smallest up, each among the values after the one before
    /// (which a selection leaves all larger), so that three quartiles cost little more
    /// than one; the figures are the same, in linear time.
    ///
    /// `total` and `below`: `values` are the order statistics `below ..< below +
    /// values.count` of `total` values (those a bracket kept), every one a percentile
    /// needs among them (`ranks` says which).
    static func percentiles(selectingIn values: UnsafeMutableBufferPointer<Double>, _ ps: [Double], total: Int? = nil, below: Int = 0) -> [Double?] {
        let total = total ?? values.count
        guard total > 0, !values.isEmpty else { return ps.map { _ in nil } }
        var figures = [Double?](repeating: nil, count: ps.count)
        var selected = -1
        for index in ps.indices.sorted(by: { ps[$0] < ps[$1] }) {
            let (lower, upper, fraction) = ranks(ps[index], of: total)
            let here = lower - below
            if here != selected {
                select(here, in: values, from: selected + 1)
                selected = here
            }
            let low = values[here]
            // Everything after `lower` is at least as large: the next order statistic is their least.
            let high = upper == lower ? low : values[(here + 1)...].min()!
            figures[index] = low + (high - low) * fraction
        }
        return figures
    }

    /// The order statistics (from 0) the `p`th percentile of `total` values lies between,
    /// and how far from the lower to the upper.
    static func ranks(_ p: Double, of total: Int) -> (lower: Int, upper: Int, fraction: Double) {
        let position = Double(total - 1) * p / 100
        let lower = Int(position.rounded(.down))
        return (lower, min(lower + 1, total - 1), position - Double(lower))
    }

    /// Reorders `values[start...]` so that `values[k]` is the k-th smallest of `values`,
    /// those before it no larger and those after it no smaller. Every value before `start`
    /// must be no larger than any from it on, as a selection of an earlier order statistic
    /// leaves them.
    ///
    /// Floyd and Rivest's selection (CACM 18(3), 1975, Algorithm 489, as Wikipedia's
    /// "Floyd–Rivest algorithm" gives it): a range of more than 600 values first selects
    /// within a sample around where the k-th should fall, whose value then partitions the
    /// whole range with few values left on the wrong side; about n + min(k, n − k)
    /// comparisons, against two to three times n for a median-of-three quickselect.
    static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Double>, from start: Int = 0) {
        select(k, in: values, low: start, high: values.count - 1)
    }

    private static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Double>, low: Int, high: Int) {
        var low = low, high = high
        while high > low {
            if high - low > 600 {
                let n = Double(high - low + 1), i = Double(k - low + 1)
                let z = log(n), s = 0.5 * exp(2 * z / 3)
                let spread = 0.5 * (z * s * (n - s) / n).squareRoot() * (i < n / 2 ? -1 : 1)
                let sampleLow = max(low, Int(Double(k) - i * s / n + spread))
                let sampleHigh = min(high, Int(Double(k) + (n - i) * s / n + spread))
                select(k, in: values, low: sampleLow, high: sampleHigh)
            }
            let pivot = values[k]
            var i = low, j = high
            values.swapAt(low, k)
            if values[high] > pivot { values.swapAt(high, low) }
            while i < j {
                values.swapAt(i, j)
                i += 1
                j -= 1
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
            }
            if values[low] == pivot {
                values.swapAt(low, j)
            } else {
                j += 1
                values.swapAt(j, high)
            }
            if j <= k { low = j + 1 }
            if k <= j { high = j - 1 }
        }
    }
}
