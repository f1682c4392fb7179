import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryStore
@testable import ScryShell

/// Confidence limits, trends and funnels over the real national data in ../shared/lait,
/// skipped where it is absent. Every figure here was worked out from bds_long.csv with a
/// short Python reading, independently of scry: ReReferral's numerator as the percentage
/// of CPP_Total_NumRef (the year's referrals) to the nearest whole one, R's Wilson
/// formula with z = qnorm(0.975), the chi-square for trend and the logit slopes over
/// 2021 to 2025, and sigma_adjustment's limits around England's 22.6%.
struct RealLAITStatisticsTests {
    static let present = RealLAITTests.present

    @Test(.enabled(if: present, "../shared/lait is not here")) func kentsLimitsVerdictsAndTrends() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        // 21.6% of 24,035 referrals: 5,192 (5,191.56). Wilson 95%: 21.09% to 22.13%, and
        // England's 22.6% lies above it: lower, and lower is better. Over 2021 to 2025 the
        // chi-square is 134.4, but the slope turns with 2021 left out: no significant change.
        #expect(try lait.texts("show numerator, denominator, ci95_lower, ci95_upper, england, ci_verdict, recent_trend, recent_trend_reason where code = ReReferral and area = Kent and period = 2025")
            == [["5,192", "24,035", "21.1%", "22.1%", "22.6%", "better", "no significant change", "the slope turns with a point left out"]])
        // CPP_Abuse_Rate 2025: 1,274 plans starting over 35.8 per 10,000: 355,866 children.
        #expect(try lait.texts("show numerator, denominator where code = CPP_Abuse_Rate and area = Kent and period = 2025") == [["1,274", "355,866"]])
        // LAC_Start_Rate 2025 (no polarity): 3,226 starts over 91 per 10,000, 354,505
        // children; Byar's limits 87.9 to 94.2, and England's 26 lies below: higher.
        #expect(try lait.texts("show numerator, denominator, ci95_lower, ci95_upper, england, ci_verdict where code = LAC_Start_Rate and area = Kent and period = 2025")
            == [["3,226", "354,505", "87.9", "94.2", "26.0", "higher"]])
        let described = try lait.run("describe ReReferral")
        #expect(described.rows.contains { $0.map(CellFormatter.text).joined().contains("derived from CPP_Total_NumRef") })
    }

    /// Worse than England (by the 95% interval) and getting worse over five years: 15 of the
    /// 144 authorities with ReReferral and their referrals for each year from 2021 to 2025.
    @Test(.enabled(if: present, "../shared/lait is not here")) func worseAndGettingWorse() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let rows = try lait.texts("show area where code = ReReferral and period = 2025 and ci_verdict_england = worse and recent_trend_verdict = \"getting worse\"")
        #expect(rows.map { $0[0] }.sorted() == ["Barnsley", "Cambridgeshire", "Cornwall", "Croydon", "Derbyshire", "Doncaster", "Hartlepool",
                                                "Isle of Wight", "Leicestershire", "North Tyneside", "Nottingham", "Sefton", "Solihull",
                                                "Stockton-on-Tees", "Tameside"])
    }

    /// ReReferral 2025 in the funnel around England's 22.6%: of 158 authorities, 23 above
    /// both limits, 3 above the 95% only, 37 inside, 11 below the 95% only, 79 below both,
    /// and 5 without a figure or referrals to place them by.
    @Test(.enabled(if: present, "../shared/lait is not here")) func reReferralFunnel() throws {
        let lait = try LoadedStore(RealLAITTests.folder)
        let counts = try lait.texts("count by funnel95_position, funnel998_position where code = ReReferral and period = 2025 and area_type = authority")
        #expect(counts == [["", "", "5"], ["above", "above", "23"], ["above", "inside", "3"], ["below", "below", "79"],
                           ["below", "inside", "11"], ["inside", "inside", "37"]])
        #expect(try lait.texts("show area, funnel95_position where code = ReReferral and period = 2025 and area in (Kent, Medway)")
            == [["Kent", "below"], ["Medway", "above"]])
    }
}
