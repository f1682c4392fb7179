import Testing
import ScryEngine
@testable import ScryShell
import ScryStore
import ScryTestSupport

struct FormattingTests {
    @Test(arguments: [
        (0.15, 1, "0.2"), (2.5, 0, "3"), (-2.5, 0, "-3"), (32.200000000000003, 1, "32.2"), (1706, 0, "1,706"),
        (312597, 0, "312,597"), (-0.3, 1, "-0.3"), (0.04, 1, "0.0"), (1234567.891, 2, "1,234,567.89"), (0, 2, "0.00"),
    ])
    func roundsHalfAwayFromZeroAndGroupsThousands(value: Double, decimals: Int, expected: String) {
        #expect(CellFormatter.fixed(value, decimals: decimals, groupThousands: true) == expected)
    }

    /// `Rounding.scaled` rounds by truncating and looking at what was cut off: it must give
    /// what the standard library's `rounded(.toNearestOrAwayFromZero)` gives for the same
    /// nudged figure, sign of zero included, for halves, negatives, whole numbers, figures
    /// about 2^52 and beyond, infinities and NaN.
    @Test func roundingMatchesTheStandardLibrarys() {
        var random = SplitMix64(seed: 20261206)
        func reference(_ value: Double, _ decimals: Int) -> Double {
            var power = 1.0
            for _ in 0..<max(0, decimals) { power *= 10 }
            let shifted = value * power
            return (shifted + shifted * 1e-12).rounded(.toNearestOrAwayFromZero)
        }
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -2.5, 0.15, 0.049999, -0.3, 0x1p52, 0x1p52 + 1, -0x1p52 - 3, 0x1p53 + 2,
                                9e15, 1e300, -1e-300, .infinity, -.infinity, .nan, .ulpOfOne, 4503599627370495.5]
        for _ in 0..<20_000 {
            let kind = random.next() % 4
            let whole = Double(Int64(bitPattern: random.next()) % 2_000_000) / 2   // halves
            switch kind {
            case 0: values.append(whole)
            case 1: values.append(Double(bitPattern: random.next()))                   // any bits
            case 2: values.append(whole / 1000 + Double(random.next() % 7) * 0.0005)  // near a third decimal's half
            default: values.append(Double(Int64(bitPattern: random.next()) >> Int64(random.next() % 60)))
            }
        }
        for value in values {
            for decimals in [-1, 0, 1, 2, 3, 6] {
                let mine = Rounding.scaled(value, decimals: decimals), theirs = reference(value, decimals)
                #expect(mine.bitPattern == theirs.bitPattern || (mine.isNaN && theirs.isNaN), "\(value) at \(decimals) decimals")
            }
        }
    }

    /// `writeFixed` (digits counted, then written from the last, straight into a
    /// renderer's bytes) against figures written another way: the rounded whole number of
    /// hundredths or units as Swift writes it, the point put in by hand, commas every
    /// three digits from the point.
    @Test func fixedDigitsAreTheScaledWholeNumberWithItsPoint() {
        var random = SplitMix64(seed: 7)
        func written(_ value: Double, _ decimals: Int, _ grouped: Bool) -> String {
            let scaled = Rounding.scaled(value, decimals: decimals)
            var digits = String(UInt64(scaled.magnitude))
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits }
            var whole = String(digits.dropLast(decimals))
            if grouped {
                var parts: [String] = []
                while whole.count > 3 {
                    parts.insert(String(whole.suffix(3)), at: 0)
                    whole.removeLast(3)
                }
                whole = ([whole] + parts).joined(separator: ",")
            }
            let sign = scaled < 0 && scaled != 0 ? "-" : ""
            return sign + whole + (decimals > 0 ? "." + digits.suffix(decimals) : "")
        }
        var values: [Double] = [0, -0.0, -0.004, 0.05, 999.95, -999.5, 1234567.891, 8.99e15, 99, 100, 1e15 - 1]
        for _ in 0..<20_000 {
            let magnitude = Double(random.next() % 1_000_000_000_000) / Double(UInt64(1) << (random.next() % 40))
            values.append(random.next() % 2 == 0 ? magnitude : -magnitude)
        }
        for value in values {
            for decimals in [0, 1, 2, 3] {
                for grouped in [false, true] {
                    guard Rounding.scaled(value, decimals: decimals).magnitude < 9e15 else { continue }
                    #expect(CellFormatter.fixed(value, decimals: decimals, groupThousands: grouped) == written(value, decimals, grouped),
                            "\(value) at \(decimals) decimals")
                }
            }
        }
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
