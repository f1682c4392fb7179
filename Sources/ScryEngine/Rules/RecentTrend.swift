import ScryStore

/// Fingertips' recent trend: whether the latest five annual figures rise or fall by more
/// than chance, by the method of its trend markers (`ukhsa-collaboration/fingertips-open`,
/// `PholioVisualisationWS/Analysis/TrendMarkers/TrendMarkerCalculator.cs`; the DHSC port in
/// `dhsc-govuk/FingertipsNext`, whose fix for the proportions' slope is followed here):
///
/// - a proportion (a percentage with numerator and denominator): the chi-square test for
///   trend in proportions (Cochran-Armitage), its direction from the least-squares slope of
///   the figures' logits;
/// - any other figure with confidence limits: a regression on the figures weighted by the
///   inverse of their variance, read from the 95% limits (width / 3.92), the chi-square
///   being the squared slope over its variance.
///
/// Either way the trend counts only when the chi-square exceeds 9.5495 (99.8% for one
/// degree of freedom) and the slope keeps its sign with each point left out in turn.
public enum RecentTrend {
    public static let points = 5
    /// R's `qchisq(0.998, 1)`, as Fingertips writes it.
    static let threshold = 9.54953570608324

    public enum Direction: String, Sendable, CaseIterable {
        case increasing, decreasing
        case noChange = "no significant change"
        case cannotBeCalculated = "cannot be calculated"
    }

    public struct Result: Sendable, Equatable {
        public var direction: Direction
        public var chiSquare: Double?
        /// Why the trend cannot be calculated, or what decided it.
        public var reason: String
    }

    /// The trend of proportions: `counts` out of `denominators`, oldest first.
    public static func proportions(counts: [Double], denominators: [Double]) -> Result {
        guard counts.count == points, denominators.count == points else { return cannot("fewer than \(points) annual figures") }
        guard zip(counts, denominators).allSatisfy({ $0 > 0 && $0 < $1 }) else {
            return cannot("a count of 0, or one equal to its denominator, has no logit")
        }
        let t = (1...points).map(Double.init)
        let sumD = denominators.reduce(0, +), sumC = counts.reduce(0, +)
        let sumCt = zip(counts, t).reduce(0) { $0 + $1.0 * $1.1 }
        let sumDt = zip(denominators, t).reduce(0) { $0 + $1.0 * $1.1 }
        let sumDt2 = zip(denominators, t).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let spread: Double = sumD * sumCt - sumC * sumDt
        let scale: Double = sumC * (sumD - sumC) * (sumD * sumDt2 - sumDt * sumDt)
        let chiSquare = sumD * spread * spread / scale
        let logits = zip(counts, denominators).map { log($0 / ($1 - $0)) }
        return decide(chiSquare: chiSquare) { kept in
            let x = kept.map { t[$0] }, y = kept.map { logits[$0] }, n = Double(kept.count)
            let sumT = x.reduce(0, +), sumY = y.reduce(0, +), sumTY = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            let sumT2 = x.reduce(0) { $0 + $1 * $1 }
            return (n * sumTY - sumY * sumT) / (n * sumT2 - sumT * sumT)
        }
    }

    /// The trend of other figures: `values` with their 95% limits, oldest first.
    public static func weighted(values: [Double], lower: [Double], upper: [Double]) -> Result {
        guard values.count == points, lower.count == points, upper.count == points else {
            return cannot("fewer than \(points) annual figures")
        }
        let weights = zip(lower, upper).map { 1 / pow(($1 - $0) / 3.92, 2) }
        guard weights.allSatisfy({ $0.isFinite && $0 > 0 }) else { return cannot("a figure without confidence limits") }
        func sums(_ kept: [Int]) -> (s1: Double, s2: Double, s3: Double, s4: Double, s5: Double) {
            var s = (s1: 0.0, s2: 0.0, s3: 0.0, s4: 0.0, s5: 0.0)
            for index in kept {
                let w = weights[index], t = Double(index + 1), y = values[index]
                s.s1 += w
                s.s2 += w * y * t
                s.s3 += w * t
                s.s4 += w * y
                s.s5 += w * t * t
            }
            return s
        }
        let all = sums(Array(0..<points))
        let determinant = all.s1 * all.s5 - all.s3 * all.s3
        let slope = (all.s1 * all.s2 - all.s3 * all.s4) / determinant
        let chiSquare = slope * slope / (all.s1 / determinant)
        return decide(chiSquare: chiSquare) { kept in
            let s = sums(kept)
            return (s.s1 * s.s2 - s.s3 * s.s4) / (s.s1 * s.s5 - s.s3 * s.s3)
        }
    }

    /// Significant when the chi-square passes the threshold and the slope over all the
    /// points and over each four of them has one sign (0 counting as positive, as
    /// Fingertips counts it); the direction is the slope's over all five.
    private static func decide(chiSquare: Double, slope: ([Int]) -> Double) -> Result {
        let all = Array(0..<points)
        let slopes = [slope(all)] + all.map { left in slope(all.filter { $0 != left }) }
        guard chiSquare.isFinite, slopes.allSatisfy(\.isFinite) else { return cannot("the figures give no slope") }
        let agree = slopes.allSatisfy { $0 >= 0 } || slopes.allSatisfy { $0 < 0 }
        guard chiSquare > threshold else {
            return Result(direction: .noChange, chiSquare: chiSquare, reason: "chi-square below 9.55")
        }
        guard agree else { return Result(direction: .noChange, chiSquare: chiSquare, reason: "the slope turns with a point left out") }
        guard slopes[0] != 0 else { return Result(direction: .noChange, chiSquare: chiSquare, reason: "a slope of 0") }
        return Result(direction: slopes[0] > 0 ? .increasing : .decreasing, chiSquare: chiSquare,
                      reason: "chi-square above 9.55, and the slope keeps its sign with each point left out")
    }

    /// What a trend means by polarity: a rise is getting better where higher is better.
    public static func verdict(_ direction: Direction, polarity: Polarity) -> String {
        switch (direction, polarity) {
        case (.increasing, .high), (.decreasing, .low): "getting better"
        case (.increasing, .low), (.decreasing, .high): "getting worse"
        case (.increasing, _), (.decreasing, _), (.noChange, _), (.cannotBeCalculated, _): direction.rawValue
        }
    }

    /// Every value `verdict` gives.
    static let verdicts = ["getting better", "getting worse"] + Direction.allCases.map(\.rawValue)

    static func cannot(_ reason: String) -> Result { Result(direction: .cannotBeCalculated, chiSquare: nil, reason: reason) }
}
