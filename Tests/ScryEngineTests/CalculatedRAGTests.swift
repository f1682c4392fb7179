import Testing
@testable import ScryEngine
import ScryStore

/// The computed RAG: by polarity, target and floor, at the displayed decimals, with the
/// tolerance setting for `T` polarity and for indicators without a floor.
struct CalculatedRAGTests {
    func rating(_ value: Double, target: Double?, floor: Double? = nil, denominator: Double? = nil,
                _ polarity: Polarity, decimals: Int = 1, tolerance: Double = 5) -> RAG? {
        CalculatedRAG.rating(value: value, target: target, floor: floor, denominator: denominator, polarity: polarity,
                             decimals: decimals, tolerance: tolerance)
    }

    @Test func higherIsBetterWithAFloor() {
        #expect(rating(86.0, target: 85, floor: 80, .high) == .green)
        #expect(rating(84.96, target: 85, floor: 80, .high) == .green, "85.0 at one decimal meets the target")
        #expect(rating(84.9, target: 85, floor: 80, .high) == .amber)
        #expect(rating(80.0, target: 85, floor: 80, .high) == .amber, "the floor met exactly is amber")
        #expect(rating(79.9, target: 85, floor: 80, .high) == .red)
    }

    @Test func lowerIsBetterMirrors() {
        #expect(rating(22.0, target: 22, floor: 25, .low) == .green)
        #expect(rating(24.9, target: 22, floor: 25, .low) == .amber)
        #expect(rating(25.1, target: 22, floor: 25, .low) == .red)
        // No floor: amber within 5% of the target (22 × 5% = 1.1).
        #expect(rating(23.1, target: 22, .low) == .amber)
        #expect(rating(23.2, target: 22, .low) == .red)
    }

    @Test func targetPolarityUsesTheToleranceEitherSide() {
        // Target 35 per 10,000, 5%: green within 1.75 (1.8 at one decimal), amber within 3.5.
        #expect(rating(36.8, target: 35, .target) == .green)
        #expect(rating(33.2, target: 35, .target) == .green)
        #expect(rating(36.9, target: 35, .target) == .amber)
        #expect(rating(31.5, target: 35, .target) == .amber)
        #expect(rating(31.4, target: 35, .target) == .amber, "3.6 away: twice 1.8")
        #expect(rating(31.3, target: 35, .target) == .red)
        #expect(rating(38.5, target: 35, .target, tolerance: 10) == .green, "a wider tolerance")
        #expect(rating(38.6, target: 35, .target, tolerance: 10) == .amber)
    }

    @Test func noRatingWithoutPolarityTargetOrWithASmallDenominator() {
        #expect(rating(5, target: 3, .none) == nil)
        #expect(rating(50, target: nil, .high) == nil)
        #expect(rating(75, target: 80, denominator: 4, .high) == nil)
        #expect(rating(75, target: 80, denominator: 5, .high) == .red)
    }

    @Test func ragCalcBesidePublishedRagAndTheSetting() throws {
        var harness = try Harness(indicators: indicators, observations: observations)
        harness.settings.ragTolerance = 5
        let rows = try harness.texts("show code, period, value, target, rag, rag_calc where area = Kent and code in (P, T)")
        #expect(rows.map { [$0[0], $0[1], $0[4], $0[5]] } == [
            ["P", "2013-05", "A", "R"], ["P", "2013-06", "A", "R"], ["P", "2013-07", "G", "G"],
            ["T", "2013-06", "G", "G"], ["T", "2013-07", "G", "G"],
        ], "P has no floor: 80.0 is short of 85 by more than 5% of it")
        #expect(try harness.texts("show period where rag != rag_calc and code = P") == [["2013-05"], ["2013-06"]], "published A, computed R")
        harness.settings.ragTolerance = 10
        #expect(try harness.texts("show rag_calc where area = Kent and code = P and period = 2013-06") == [["A"]])
        #expect(try harness.texts("show period where rag_calc = green and code = T") == [["2013-06"], ["2013-07"]])
    }

    @Test func settingsAreCheckedWhenSet() throws {
        var settings = EngineSettings()
        try settings.set("rag_tolerance", to: "7.5")
        #expect(settings.ragTolerance == 7.5)
        #expect(throws: SettingError.self) { try settings.set("rag_tolerance", to: "-1") }
        #expect(throws: SettingError.self) { try settings.set("tolerance", to: "5") }
    }
}
