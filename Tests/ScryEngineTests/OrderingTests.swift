import Testing
@testable import ScryEngine
import ScryStore

/// Result rows are ordered by their cells' values, as `show … order by` orders rows, never
/// by the text a renderer would show for them.
struct OrderingTests {
    @Test func cellsCompareByValueNotByTheirText() throws {
        // As text, "10" comes before "9", "1,000" before "999" and "A" before "R".
        #expect(Cell.compare(.count(9), .count(10)) < 0)
        #expect(Cell.compare(.number(999, decimals: 0, unit: .count), .count(1000)) < 0)
        #expect(Cell.compare(.number(-2, decimals: 0, unit: nil), .number(-10, decimals: 0, unit: nil)) > 0)
        #expect(Cell.compare(.rag(.red), .rag(.amber)) < 0 && Cell.compare(.rag(.amber), .rag(.green)) < 0)
        #expect(Cell.compare(.direction(.improved), .direction(.same)) < 0 && Cell.compare(.direction(.same), .direction(.worsened)) < 0)
        #expect(Cell.compare(.text("kent"), .text("Kent")) == 0 && Cell.compare(.text("East"), .text("kent")) < 0)
        let march = try #require(Period.month(2013, 3)), july = try #require(Period.month(2013, 7))
        #expect(Cell.compare(.period(march), .period(july)) < 0)
    }

    @Test func absentCellsComeLastEitherWay() {
        #expect(Cell.compare(.missing(.confidential), .count(1)) > 0)
        #expect(Cell.compare(.count(1), .empty) < 0)
        #expect(Cell.compare(.empty, .missing(.confidential)) == 0)
    }
}

extension AggregateTests {
    /// `count by rag` lists red, amber, green, as `show … order by rag` does; ordering the
    /// result by `rag` used to compare the letters shown and gave amber, green, red. No
    /// RAG is an empty cell, last either way.
    @Test func orderingByRAGIsRedAmberGreen() throws {
        #expect(try harness.texts("count by rag where code = P order by rag") == [["R", "1"], ["A", "1"], ["G", "1"], ["", "1"]])
        #expect(try harness.texts("count by rag where code = P order by rag desc") == [["G", "1"], ["A", "1"], ["R", "1"], ["", "1"]])
    }

    /// East's referrals add up to 100 + 120 = 220 and West's to 80: by value, not as the
    /// text "220" before "80".
    @Test func orderingByAMeasureComparesItsFigures() throws {
        #expect(try harness.texts("sum(value) by area where code = N order by sum(value)") == [["West", "80"], ["East", "220"]])
        #expect(try harness.texts("sum(value) by area where code = N order by sum(value) desc") == [["East", "220"], ["West", "80"]])
    }
}

/// A sort of a million entries or more runs in stretches, one a processor, merged in
/// place: the same order as one sort, whatever the stretches' sizes.
struct SortInPartsTests {
    @Test func manyEntriesSortInPartsAsInOne() {
        // A fixed permutation of 0 ..< n (n not a multiple of the processors), and runs
        // already in order, where a merge meets long stretches from one side.
        let n = (1 << 20) + 12_345
        var scrambled = (0..<n).map { ($0 &* 7_919) % n }
        Engine.sortInParts(&scrambled)
        #expect(scrambled == Array(0..<n))
        var halves = Array(n / 2..<n) + Array(0..<n / 2)
        Engine.sortInParts(&halves)
        #expect(halves == Array(0..<n))
        var descending = Array((0..<n).reversed())
        Engine.sortInParts(&descending)
        #expect(descending == Array(0..<n))
    }
}

