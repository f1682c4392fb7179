import Testing
import ScryEngine
@testable import ScryShell
import ScryStore

struct FormattingTests {
    @Test(arguments: [
        (0.15, 1, "0.2"), (2.5, 0, "3"), (-2.5, 0, "-3"), (32.200000000000003, 1, "32.2"), (1706, 0, "1,706"),
        (312597, 0, "312,597"), (-0.3, 1, "-0.3"), (0.04, 1, "0.0"), (1234567.891, 2, "1,234,567.89"), (0, 2, "0.00"),
    ])
    func roundsHalfAwayFromZeroAndGroupsThousands(value: Double, decimals: Int, expected: String) {
        #expect(CellFormatter.fixed(value, decimals: decimals, groupThousands: true) == expected)
    }

    @Test func cellsHaveTheirForms() {
        #expect(CellFormatter.text(.number(95.64, decimals: 1, unit: .percent)) == "95.6%")
        #expect(CellFormatter.text(.number(24.1, decimals: 1, unit: .per10000)) == "24.1")
        #expect(CellFormatter.text(.count(12422)) == "12,422")
        #expect(CellFormatter.text(.missing(.confidential)) == "c")
        #expect(CellFormatter.text(.rag(.amber)) == "A")
        #expect(CellFormatter.text(.direction(.worsened)) == "↓ worsened")
    }

    @Test func notesAreWordsWithTheirFiguresFormatted() {
        let note: Note = "note: quartile bands: Q1 \(Cell.number(19.94, decimals: 1, unit: .percent)), of \(3) areas"
        #expect(note.parts == [.text("note: quartile bands: Q1 "), .value(.number(19.94, decimals: 1, unit: .percent)), .text(", of 3 areas")])
        #expect(CellFormatter.text(note) == "note: quartile bands: Q1 19.9%, of 3 areas")
        #expect(CellFormatter.text(Note("note: \u{1B}[31m as written")) == "note: \u{1B}[31m as written", "notes are written as they were")
    }
}
