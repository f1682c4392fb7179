import Testing
@testable import ScryEngine
import ScryStore

/// Confidence limits and the recent trend against figures published by Fingertips and
/// PHEindicatormethods, or worked out from their R formulas with Python (scipy), never from
/// scry. Each expectation names where its figures come from.
struct ConfidenceLimitsTests {
    func close(_ a: Double?, _ b: Double, within tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    /// Wilson limits Fingertips stored beside its figures, in percent:
    /// ukhsa-collaboration/fingertips-open, AnalysisTest/SpcForProportionsComparerTest.cs
    /// (commit 286a466b). They need z = qnorm(0.975) to the last digit, not 1.96.
    @Test func wilsonAsFingertipsStoresIt() throws {
        let cases: [(Double, Double, Double, Double)] = [
            (457, 5930, 7.0548320523366375, 8.4130813590727076),
            (225, 2273, 8.7379055891773572, 11.195035154784872),
            (246, 1972, 11.088798553603118, 14.006406155616993),
            (143, 899, 13.6615426206213, 18.4417082867185),
        ]
        for (x, n, lower, upper) in cases {
            let limits = try #require(ConfidenceLimits.limits(numerator: x, denominator: n, unit: .percent, level: .ninetyFive))
            #expect(close(limits.lower, lower) && close(limits.upper, upper), "\(x)/\(n): \(limits)")
        }
    }

    /// R/utils.R's wilson_lower and wilson_upper (PHEindicatormethods) evaluated with scipy
    /// for counts the package's own testWilson.R uses, and for the edges 0 and n.
    @Test func wilsonAtBothLevelsAndAtTheEdges() throws {
        let cases: [(Double, Double, ConfidenceLimits.Level, Double, Double)] = [
            (0, 100, .ninetyFive, 0, 0.0369934982069857),
            (1, 100, .ninetyNinePointEight, 0.000873065697299995, 0.104554452837057),
            (9, 100, .ninetyFive, 0.0480725400025652, 0.162262128527163),
            (10, 100, .ninetyFive, 0.0552291370606751, 0.174365661504913),
            (65, 100, .ninetyNinePointEight, 0.495494657407045, 0.778354061408968),
            (100, 100, .ninetyFive, 0.963006501793014, 1),
            (1045, 5000, .ninetyNinePointEight, 0.191793817990153, 0.227315629025258),
        ]
        for (x, n, level, lower, upper) in cases {
            let limits = try #require(ConfidenceLimits.wilson(successes: x, trials: n, level: level))
            #expect(close(limits.lower, lower) && close(limits.upper, upper), "\(x)/\(n) at \(level): \(limits)")
        }
        #expect(ConfidenceLimits.wilson(successes: 5, trials: 0, level: .ninetyFive) == nil)
        #expect(ConfidenceLimits.wilson(successes: 6, trials: 5, level: .ninetyFive) == nil)
    }

    /// phe_rate's rule (R/Rates.R): exact Poisson limits below 10 events, Byar's from 10.
    /// Count limits from R's formulas evaluated with scipy (chi2.ppf, norm.ppf); R's qchisq
    /// with 0 degrees of freedom is 0, so 0 events have a lower limit of 0.
    @Test func countsExactBelowTenAndByarsFromTen() {
        let cases: [(Double, ConfidenceLimits.Level, Double, Double)] = [
            (0, .ninetyFive, 0, 3.68887945411394),
            (0, .ninetyNinePointEight, 0, 6.90775527898214),
            (1, .ninetyFive, 0.0253178079842899, 5.5716433909389),
            (2, .ninetyNinePointEight, 0.0454020177694896, 11.2288722424127),
            (9, .ninetyFive, 4.11537309737833, 17.0848034514192),
            (9, .ninetyNinePointEight, 2.45242440436378, 22.6573733090629),
            // From 10 events, Byar's (its exact limits would be 4.79538869613243, 18.3903560420178).
            (10, .ninetyFive, 4.787449913967563, 18.3914586057565),
            (65, .ninetyNinePointEight, 42.8802614714802, 94.000290844318),
            (1045, .ninetyFive, 982.5932018073325, 1110.33121298565),
            (100000, .ninetyNinePointEight, 99025.63129872346, 100981.073271482),
        ]
        for (x, level, lower, upper) in cases {
            let limits = ConfidenceLimits.count(x, level: level)
            #expect(close(limits?.lower, lower, within: 1e-8) && close(limits?.upper, upper, within: 1e-8), "\(x) at \(level): \(String(describing: limits))")
        }
    }

    /// Rates: the count's limits over the denominator. Fingertips' published limits
    /// (rounded as published): 1367 of 44701 per 1,000 gives 28.98 to 32.25
    /// (fingertips-open AnalysisTest/TrendMarkerCalculatorTest.cs, 67808972); 1502 of
    /// 49,866,388 per 100,000 gives 2.8616 to 3.1683 (dhsc-govuk/FingertipsNext
    /// TrendMarkerCalculatorTests.cs, 5f00d765).
    @Test func ratesAsFingertipsPublishesThem() throws {
        let perThousand = try #require(ConfidenceLimits.limits(numerator: 1367, denominator: 44701, unit: .per1000, level: .ninetyFive))
        #expect((perThousand.lower * 100).rounded() / 100 == 28.98 && (perThousand.upper * 100).rounded() / 100 == 32.25)
        let perHundredThousand = try #require(ConfidenceLimits.limits(numerator: 1502, denominator: 49_866_388, unit: .per100000, level: .ninetyFive))
        #expect((perHundredThousand.lower * 10000).rounded() / 10000 == 2.8616 && (perHundredThousand.upper * 10000).rounded() / 10000 == 3.1683)
        // phe_rate with n = 12345 per 100,000 (formula evaluated with scipy): 10 events, Byar's.
        let ten = try #require(ConfidenceLimits.limits(numerator: 10, denominator: 12345, unit: .per100000, level: .ninetyFive))
        #expect(close(ten.lower, 38.7804772293849, within: 1e-8) && close(ten.upper, 148.979008552098, within: 1e-8))
        #expect(ConfidenceLimits.limits(numerator: 10, denominator: 100, unit: .days, level: .ninetyFive) == nil)
        #expect(ConfidenceLimits.limits(numerator: 10, denominator: 0, unit: .percent, level: .ninetyFive) == nil)
    }

    @Test func quantilesToTheLastDigits() {
        // Python's statistics.NormalDist().inv_cdf and R's qchisq(0.998, 1).
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(Distributions.normalQuantile(0.999) - 3.090232306167813) < 1e-14)
        #expect(abs(Distributions.normalQuantile(0.01) + 2.3263478740408408) < 1e-13)
        #expect(abs(Distributions.chiSquareQuantile(0.998, degrees: 1) - RecentTrend.threshold) < 1e-9)
        #expect(Distributions.chiSquareQuantile(0.025, degrees: 0) == 0)
    }

    @Test func aComparatorOutsideTheIntervalIsBetterOrWorseByPolarity() {
        let interval = ConfidenceLimits.Interval(lower: 20, upper: 30)
        #expect(IntervalVerdict.judge(interval, against: 15, polarity: .high) == .better)
        #expect(IntervalVerdict.judge(interval, against: 15, polarity: .low) == .worse)
        #expect(IntervalVerdict.judge(interval, against: 35, polarity: .low) == .better)
        #expect(IntervalVerdict.judge(interval, against: 30, polarity: .high) == .similar)
        #expect(IntervalVerdict.judge(interval, against: 35, polarity: .none) == .lower)
        #expect(IntervalVerdict.judge(interval, against: 15, polarity: .target) == .higher)
    }
}

/// The recent trend against Fingertips' own tests.
struct RecentTrendTests {
    /// fingertips-open AnalysisTest/TrendMarkerCalculatorTest.cs (67808972), 2014 to 2018:
    /// the proportions' chi-square rounds to 47.9, the weighted one to 46.77, both
    /// significant and rising.
    @Test func fingertipsTestSeriesRises() {
        let counts: [Double] = [994, 1023, 1199, 1332, 1367], denominators: [Double] = [40299, 41527, 42811, 44064, 44701]
        let proportions = RecentTrend.proportions(counts: counts, denominators: denominators)
        #expect(proportions.direction == .increasing)
        #expect(((proportions.chiSquare ?? 0) * 100).rounded() / 100 == 47.9)
        let weighted = RecentTrend.weighted(values: [24.67, 24.6, 28, 30.2, 30.6], lower: [23.16, 23.15, 26.44, 28.63, 28.98],
                                            upper: [26.25, 26.19, 29.64, 31.9, 32.25])
        #expect(weighted.direction == .increasing)
        #expect(((weighted.chiSquare ?? 0) * 100).rounded() / 100 == 46.77)
    }

    /// The same file's second series is not significant by either method.
    @Test func fingertipsSecondSeriesHasNoSignificantChange() {
        let proportions = RecentTrend.proportions(counts: [209, 213, 213, 239, 210], denominators: [1017, 1087, 1119, 1117, 1139])
        #expect(proportions.direction == .noChange)
        let weighted = RecentTrend.weighted(values: [20.5506, 19.5952, 19.0349, 21.3966, 18.4372],
                                            lower: [18.1803, 17.3444, 16.8421, 19.0918, 16.2925],
                                            upper: [23.1427, 22.0602, 21.4394, 23.8975, 20.7941])
        #expect(weighted.direction == .noChange)
    }

    /// dhsc-govuk/FingertipsNext TrendMarkerCalculatorTests.cs (5f00d765): MMR at two
    /// years in Yorkshire and the Humber falls; diabetes prevalence rises; preventable sight
    /// loss (a rate, weighted) rises.
    @Test func fingertipsNextPublishedMarkers() {
        #expect(RecentTrend.proportions(counts: [57274, 55865, 53681, 51767, 53185],
                                        denominators: [61834, 60511, 59074, 57508, 59028]).direction == .decreasing)
        #expect(RecentTrend.proportions(counts: [3_455_176, 3_491_868, 3_625_401, 3_774_801, 3_938_080],
                                        denominators: [48_783_947, 49_122_259, 49_956_777, 50_649_129, 51_441_896]).direction == .increasing)
        #expect(RecentTrend.weighted(values: [2.935, 1.93028, 2.7567, 2.8701, 3.0121], lower: [2.7841, 1.8085, 2.6113, 2.7225, 2.8616],
                                     upper: [3.0919, 2.058, 2.9082, 3.0237, 3.1683]).direction == .increasing)
    }

    @Test func tooFewPointsOrCountsWithoutALogitCannotBeCalculated() {
        #expect(RecentTrend.proportions(counts: [1, 2, 3, 4], denominators: [10, 10, 10, 10]).direction == .cannotBeCalculated)
        // Fingertips' own case: a count equal to its denominator (5 of 5).
        let full = RecentTrend.proportions(counts: [5, 3, 1, 1, 2], denominators: [5, 5, 5, 4, 4])
        #expect(full.direction == .cannotBeCalculated)
    }
}

/// Funnel limits against PHEindicatormethods' own expected outputs.
struct FunnelTests {
    /// tests/testthat/testdata_funnel_prop_outputs.csv (r-hub2 mirror, 9ba41096):
    /// proportions around a baseline of 80.642448%, at populations 18, 1008 and 110000
    /// (values stored to 6 decimals).
    @Test func proportionLimitsAsThePackageDrawsThem() throws {
        let cases: [(Double, Double, Double, Double, Double)] = [
            (1008, 78.203374, 83.081521, 76.796814, 84.488082),
            (110000, 80.408963, 80.875933, 80.274317, 81.010578),
            (18, 62.390093, 98.894803, 51.864359, 100),
        ]
        for (population, lower95, upper95, lower998, upper998) in cases {
            let ninetyFive = try #require(Funnel.limits(centre: 80.642448, denominator: population, unit: .percent, level: .ninetyFive))
            let ninetyNine = try #require(Funnel.limits(centre: 80.642448, denominator: population, unit: .percent, level: .ninetyNinePointEight))
            #expect(abs(ninetyFive.lower - lower95) < 2e-6 && abs(ninetyFive.upper - upper95) < 2e-6, "\(population): \(ninetyFive)")
            #expect(abs(ninetyNine.lower - lower998) < 2e-6 && abs(ninetyNine.upper - upper998) < 2e-6, "\(population): \(ninetyNine)")
        }
    }

    /// tests/testthat/testdata_funnel_rate_outputs.csv (same commit): rates per 100,000
    /// around 116.1720835, three years of data. At 10 events the 95% lower line passes
    /// 63.17010446 at a population of 3 × 5276.757672, the upper line 242.2579623 at
    /// 3 × 1375.943768; the package finds its lines by bisection to 1e-7, hence the
    /// tolerance.
    @Test func rateLimitsMeetThePackagesLines() throws {
        let lower = try #require(Funnel.limits(centre: 116.1720835, denominator: 3 * 5276.757672, unit: .per100000, level: .ninetyFive))
        #expect(abs(lower.lower - 63.17010446) / 63.17010446 < 1e-6, "\(lower)")
        let upper = try #require(Funnel.limits(centre: 116.1720835, denominator: 3 * 1375.943768, unit: .per100000, level: .ninetyFive))
        #expect(abs(upper.upper - 242.2579623) / 242.2579623 < 1e-6, "\(upper)")
        let wide = try #require(Funnel.limits(centre: 116.1720835, denominator: 3 * 424043.2424, unit: .per100000, level: .ninetyNinePointEight))
        #expect(abs(wide.lower - 106.9073359) / 106.9073359 < 1e-6, "\(wide)")
    }

    /// Figures no count could give end the search for a limit rather than loop for ever.
    @Test func impossibleDenominatorsGiveNoLimits() {
        #expect(Funnel.limits(centre: 50, denominator: 1e308, unit: .per10000, level: .ninetyFive) == nil)
        #expect(Funnel.limits(centre: 50, denominator: .infinity, unit: .per10000, level: .ninetyFive) == nil)
        #expect(Distributions.chiSquareQuantile(0.5, degrees: .infinity).isNaN)
        // England's referrals in a year (632,830) are well within what the quantiles handle:
        // half the 97.5% quantile of 2 × 632,830 + 2 degrees lies just above the count.
        let upper = ConfidenceLimits.exactPoisson(632_830, level: .ninetyFive).upper
        #expect(upper > 632_830 && upper < 632_830 + 4 * 632_830.0.squareRoot())
    }

    /// assign_funnel_significance: a proportion by its value against the limits, a rate by
    /// its own interval against the centre; the figures here sit either side of limits worked
    /// out above.
    @Test func positions() {
        // 800 of 1008 is 79.37%, inside 78.20 to 83.08; 780 of 1008 is 77.38%, below both.
        #expect(Funnel.position(numerator: 800, denominator: 1008, centre: 80.642448, unit: .percent, level: .ninetyFive) == .inside)
        #expect(Funnel.position(numerator: 780, denominator: 1008, centre: 80.642448, unit: .percent, level: .ninetyFive) == .below)
        #expect(Funnel.position(numerator: 780, denominator: 1008, centre: 80.642448, unit: .percent, level: .ninetyNinePointEight) == .inside)
        // 65 events in 12,345: 95% interval 406.3 to 671.1 per 100,000 (phe_rate, Byar's).
        #expect(Funnel.position(numerator: 65, denominator: 12345, centre: 400, unit: .per100000, level: .ninetyFive) == .above)
        #expect(Funnel.position(numerator: 65, denominator: 12345, centre: 700, unit: .per100000, level: .ninetyFive) == .below)
        #expect(Funnel.position(numerator: 65, denominator: 12345, centre: 500, unit: .per100000, level: .ninetyFive) == .inside)
    }
}

/// The columns over a small dataset: Kent's five years from Fingertips' trend test (about
/// 2.5% to 3.1%), with England at 2% throughout and lower better, so that Kent is worse than England and
/// getting worse in 2018 alone (before it, fewer than five years).
struct FingertipsColumnTests {
    let harness: Harness
    init() throws {
        let counts = [994, 1023, 1199, 1332, 1367], denominators = [40299, 41527, 42811, 44064, 44701]
        var observations = "indicator,area,period,value,numerator,denominator\n"
        for (index, year) in (2014...2018).enumerated() {
            let value = Double(counts[index]) / Double(denominators[index]) * 100
            observations += "R,Kent,\(year),\(value),\(counts[index]),\(denominators[index])\nR,England,\(year),2,,\n"
        }
        harness = try Harness(indicators: "code,name,polarity,period_type,unit,decimals\nR,Repeat plans,L,A,percent,1\n",
                              areas: "name,type,parent\nKent,authority,\nEngland,national,\n", observations: observations)
    }

    @Test func worseThanEnglandAndGettingWorseIsOneStatement() throws {
        #expect(try harness.texts("show area, period where ci_verdict_england = worse and recent_trend_verdict = \"getting worse\"")
            == [["Kent", "2018"]])
        #expect(try harness.texts("show recent_trend, recent_trend_reason where area = Kent and period = 2017")
            == [["cannot be calculated", "fewer than five annual figures"]])
        // 1367 of 44701: Wilson 95% limits 2.90% to 3.22% (worked with Python from R's
        // wilson_lower and wilson_upper), all above England's 2%.
        #expect(try harness.texts("show ci95_lower, ci95_upper, ci_verdict, recent_trend where area = Kent and period = 2018")
            == [["2.9%", "3.2%", "worse", "increasing"]])
    }
}
