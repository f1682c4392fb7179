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
}
