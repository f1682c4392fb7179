import Testing
@testable import ScryStore

struct ObservationTableTests {
    /// A table of `count` rows with something different in every column.
    func table(_ count: Int, seed: Int) throws -> ObservationTable {
        var table = ObservationTable()
        let periods = [try Period.parse("2013-07"), try Period.parse("2013/14"), try Period.parse("2014-16")]
        for index in 0..<count {
            let n = index &* 31 &+ seed
            var row = ObservationTable.Row(indicator: n % 5, area: n % 7, period: periods[n % 3],
                                           value: n % 11 == 0 ? .missing(.confidential) : NumericCell(value: Double(n) / 8))
            row.numerator = n % 2 == 0 ? NumericCell(value: Double(n)) : .blank
            row.denominator = NumericCell(value: Double(n % 1000 + 1))
            row.target = n % 3 == 0 ? NumericCell(value: Double(n % 4)) : .blank
            row.floor = n % 5 == 0 ? .missing(.notAvailable) : .blank
            row.rag = [RAG.none, .red, .amber, .green][n % 4]
            row.note = n % 13 == 0 ? "note \(n)" : ""
            table.append(row)
        }
        return table
    }

    /// Appending translates the appended table's codes and keeps every other column, row
    /// for row, for a small table and a large one.
    @Test(arguments: [12, 70_000])
    func appendingATableTranslatesItsCodesAndKeepsEveryColumn(rows: Int) throws {
        let first = try table(9, seed: 1)
        let second = try table(rows, seed: 2)
        let indicatorMap: [UInt16] = [7, 6, 5, 4, 3], areaMap: [UInt16] = [20, 21, 22, 23, 24, 25, 26]
        var joined = first
        joined.append(contentsOf: second, indicatorMap: indicatorMap, areaMap: areaMap)
        #expect(joined.count == 9 + rows)
        #expect(joined.invariantViolations(indicatorCount: 8, areaCount: 27).isEmpty)
        #expect((0..<9).allSatisfy { joined[$0] == first[$0] })
        var mismatches = 0
        for row in 0..<rows {
            var expected = second[row]
            expected.indicator = Int(indicatorMap[expected.indicator])
            expected.area = Int(areaMap[expected.area])
            if joined[9 + row] != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}

/// The byte tests the engine's loops use agree with the states they stand for.
struct CellStateByteTests {
    @Test func suppressedAndPresentBytesMatchTheirStates() {
        for state in CellState.allCases {
            #expect(CellState.isPresent(state.rawValue) == (state == .present), "\(state)")
            #expect(CellState.isSuppressed(state.rawValue) == (state != .present && state != .blank), "\(state)")
        }
    }
}
