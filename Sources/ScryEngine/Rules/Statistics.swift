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
        let position = (Double(sorted.count - 1)) * p / 100
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// `percentile(values, p)` for each of `ps`, by selection instead of a sort: the
    /// order statistics each interpolates between are found by quickselect, which
    /// reorders `values`, from the smallest up, each among the values after the one before
    /// (which a selection leaves all larger), so that three quartiles cost little more
    /// than one; the figures are the same, in linear time.
    static func percentiles(selectingIn values: UnsafeMutableBufferPointer<Double>, _ ps: [Double]) -> [Double?] {
        guard !values.isEmpty else { return ps.map { _ in nil } }
        var figures = [Double?](repeating: nil, count: ps.count)
        var selected = -1
        for index in ps.indices.sorted(by: { ps[$0] < ps[$1] }) {
            let position = Double(values.count - 1) * ps[index] / 100
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, values.count - 1)
            let fraction = position - Double(lower)
            if lower != selected {
                select(lower, in: values, from: selected + 1)
                selected = lower
            }
            let low = values[lower]
            // Everything after `lower` is at least as large: the next order statistic is their least.
            let high = upper == lower ? low : values[upper...].min()!
            figures[index] = low + (high - low) * fraction
        }
        return figures
    }

    /// Reorders `values[start...]` so that `values[k]` is the k-th smallest of `values`,
    /// those before it no larger and those after it no smaller (Hoare's selection,
    /// median-of-three pivots). Every value before `start` must be no larger than any
    /// from it on, as a selection of an earlier order statistic leaves them.
    static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Double>, from start: Int = 0) {
        var low = start, high = values.count - 1
        while high > low {
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return }
        }
    }
}
