import Testing
@testable import ScryEngine
@testable import ScryShell
import ScryStore

struct RankingTests {
    @Test func tiesShareTheLowestRankAndTheNextRankSkips() {
        #expect(Ranking.ranks([10, 20, 20, 30], polarity: .high) == [4, 2, 2, 1])
        #expect(Ranking.ranks([10, 20, 20, 30], polarity: .low) == [1, 2, 2, 4])
    }

    @Test func missingValuesAreNotRankedAndDoNotTakeARank() {
        #expect(Ranking.ranks([5, nil, 7], polarity: .high) == [2, nil, 1])
    }

    @Test func noRankWithoutHighOrLowPolarity() {
        #expect(Ranking.ranks([1, 2], polarity: .none) == [nil, nil])
        #expect(Ranking.ranks([1, 2], polarity: .target) == [nil, nil])
        #expect(Ranking.band(of: 1, among: [1, 2, 3, 4, 5], polarity: .none) == nil)
    }

    @Test func quartileBoundsFollowLAIT() {
        // 1…9: Q1 = 3, Q2 = 5, Q3 = 7 (R type 7). [1, 3] first quarter, (3, 5], (5, 7], (7, 9].
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let low = values.map { Ranking.band(of: $0, among: values, polarity: .low)!.rawValue }
        #expect(low == ["A", "A", "A", "B", "B", "C", "C", "D", "D"])
        let high = values.map { Ranking.band(of: $0, among: values, polarity: .high)!.rawValue }
        #expect(high == ["D", "D", "D", "C", "C", "B", "B", "A", "A"])
    }

    @Test func rankStatementRanksOneLevelBestFirst() throws {
        let areas = "name,type,parent\nA,authority,\nB,authority,\nC,authority,\nD,authority,\nR,region,\nE,national,\n"
        let indicators = "code,name,polarity,period_type,unit\nX,Rate,L,A,per10000\nY,Count,,A,count\n"
        let observations = """
            indicator,area,period,value
            X,A,2024,30
            X,B,2024,10
            X,C,2024,10
            X,D,2024,-
            X,R,2024,1
            X,E,2024,2
            X,A,2023,5
            Y,A,2024,3
            """
        let harness = try Harness(indicators: indicators, areas: areas, observations: observations)
        let result = try harness.run("rank authorities by X in 2024")
        // Three figures: ranked (two or more), but too few for quartile bands (four or more).
        #expect(result.rows.map { $0.map(CellFormatter.text) } == [
            ["1", "3", "B", "10.0", "", "2024"],
            ["1", "3", "C", "10.0", "", "2024"],
            ["3", "3", "A", "30.0", "", "2024"],
            ["", "", "D", "-", "", "2024"],
        ])
        #expect(result.notes == ["note: 1 area has no value and no rank", "note: no quartile band: bands need at least 4 figures, and 3 are ranked"])
        #expect(try harness.run("rank authorities by X").rows.count == 4, "latest period: 2024")
        #expect(try harness.error("rank authorities by Y").message == "Y cannot be ranked: an activity indicator has no polarity")
    }

    /// Four figures, 10 to 40: R's quantile(c(10, 20, 30, 40), c(.25, .5, .75)) is 17.5, 25
    /// and 32.5. The note carries them as figures of the indicator, for the renderer to show.
    @Test func quartileBandLimitsAreTypedFiguresInTheNote() throws {
        let areas = "name,type,parent\nA,authority,\nB,authority,\nC,authority,\nD,authority,\nE,national,\n"
        let indicators = "code,name,polarity,period_type,unit,decimals\nX,Rate,L,A,per10000,1\n"
        let observations = "indicator,area,period,value\nX,A,2024,10\nX,B,2024,20\nX,C,2024,30\nX,D,2024,40\n"
        let result = try Harness(indicators: indicators, areas: areas, observations: observations).run("rank authorities by X")
        let figure = { (value: Double) in Cell.number(value, decimals: 1, unit: .per10000) }
        #expect(result.notes == ["note: quartile bands: Q1 \(figure(17.5)), median \(figure(25)), Q3 \(figure(32.5)) (R type 7); A up to Q1, D above Q3"])
        #expect(result.noteTexts == ["note: quartile bands: Q1 17.5, median 25.0, Q3 32.5 (R type 7); A up to Q1, D above Q3"])
    }
}

/// The whole-group ranking the columns use agrees with the one-by-one definitions.
struct StandingsTests {
    @Test func standingsAgreeWithRanksAndBands() throws {
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        for _ in 0..<200 {
            let count = Int(next() % 40) + 1
            // Few distinct values, so that ties are common.
            let values = (0..<count).map { _ in Double(next() % 15) / 2 }
            for polarity in [Polarity.high, .low] {
                let standings = try #require(Ranking.standings(values, polarity: polarity))
                let ranks = Ranking.ranks(values, polarity: polarity)
                #expect(standings.map(\.rank) == ranks.map { $0! })
                #expect(standings.map(\.band) == values.map { Ranking.band(of: $0, among: values, polarity: polarity)! })
            }
        }
        #expect(Ranking.standings([1, 2], polarity: .none) == nil)
    }
}
