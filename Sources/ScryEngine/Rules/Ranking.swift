import ScryStore

/// Ranks and quartile bands as LAIT computes them (docs/domain.md#ranks-and-quartile-bands; R/fn_analysis.R's
/// `calculate_rank` and `calculate_quartile_band`), and the population each needs.
public enum Ranking {
    /// The fewest figures a rank is given among: a rank among one authority is invented
    /// (the built-in scorecards each hold one authority's figures).
    public static let minimumRanked = 2

    /// The fewest figures quartile bands are given among: four, the smallest population in
    /// which every band can hold a figure. With type-7 quartiles of three distinct values
    /// the middle one is Q2 itself, so band C (or B, for High) is always empty and a band
    /// says nothing a rank does not; with two, the bands are A and D, best and worst.
    public static let minimumBanded = 4

    /// The limits of the four bands: R type-7 Q1, median and Q3 of the figures.
    public struct Quartiles: Sendable, Equatable {
        public var q1: Double
        public var median: Double
        public var q3: Double
    }

    /// The quartiles of `values`; nil for none.
    public static func quartiles(_ values: [Double]) -> Quartiles? {
        let sorted = values.sorted()
        guard let q1 = Statistics.percentile(sorted, 25), let median = Statistics.percentile(sorted, 50),
              let q3 = Statistics.percentile(sorted, 75) else { return nil }
        return Quartiles(q1: q1, median: median, q3: q3)
    }

    /// 1 = best by polarity (highest first for H, lowest first for L); ties share the
    /// lowest rank number ("min" ties); a missing value has no rank. Nil for every value
    /// when the polarity is neither H nor L.
    public static func ranks(_ values: [Double?], polarity: Polarity) -> [Int?] {
        guard polarity == .high || polarity == .low else { return values.map { _ in nil } }
        let present = values.compactMap { $0 }
        return values.map { value in
            guard let value else { return nil }
            let better = present.filter { polarity == .high ? $0 > value : $0 < value }.count
            return better + 1
        }
    }

    public enum Band: String, Sendable, CaseIterable { case A, B, C, D }

    /// The quartile band of `value` among `values` (all the areas' values): quartiles by R's
    /// type 7; [min, Q1] is the first quarter, then (Q1, Q2], (Q2, Q3], (Q3, max]. Band A is
    /// the best quarter: the first for L, the last for H. Nil without H or L polarity.
    public static func band(of value: Double, among values: [Double], polarity: Polarity) -> Band? {
        guard polarity == .high || polarity == .low,
              let q1 = Statistics.percentile(values, 25), let q2 = Statistics.percentile(values, 50),
              let q3 = Statistics.percentile(values, 75)
        else { return nil }
        let quarter = value <= q1 ? 0 : value <= q2 ? 1 : value <= q3 ? 2 : 3
        return Band.allCases[polarity == .low ? quarter : 3 - quarter]
    }

    /// Every value's rank and band at once, as `ranks` and `band` give them one by one:
    /// one sort and one set of quartiles for the lot. Nil without H or L polarity.
    public static func standings(_ values: [Double], polarity: Polarity) -> [(rank: Int, band: Band)]? {
        guard polarity == .high || polarity == .low else { return nil }
        let sorted = values.sorted()
        guard let q1 = Statistics.percentile(sorted, 25), let q2 = Statistics.percentile(sorted, 50),
              let q3 = Statistics.percentile(sorted, 75) else { return [] }
        return values.map { value in
            // Min ties: one more than how many are strictly better.
            let below = countBelow(value, in: sorted), notAbove = countBelow(value, in: sorted, orEqual: true)
            let rank = 1 + (polarity == .low ? below : sorted.count - notAbove)
            let quarter = value <= q1 ? 0 : value <= q2 ? 1 : value <= q3 ? 2 : 3
            return (rank, Band.allCases[polarity == .low ? quarter : 3 - quarter])
        }
    }

    /// How many of the sorted values are below `value` (or not above it).
    private static func countBelow(_ value: Double, in sorted: [Double], orEqual: Bool = false) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value || (orEqual && sorted[middle] == value) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
