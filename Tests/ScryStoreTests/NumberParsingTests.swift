import Testing
@testable import ScryStore

struct NumberParsingTests {
    @Test(arguments: [
        ("0", 0.0), ("24.1", 24.1), ("-0.3", -0.3), ("312597", 312_597), ("32.200000000000003", 32.200000000000003),
        ("1.5e3", 1500), ("0.05", 0.05), ("+7", 7), (".5", 0.5), ("5.", 5),
        ("0.1", 0.1), ("1e-30", 1e-30),
    ])
    func readsPlainDecimalsExactlyAsTheStandardLibraryDoes(text: String, expected: Double) throws {
        let value = try #require(NumberParsing.parse(text))
        #expect(value == expected)
        #expect(value == Double(text.hasPrefix("+") ? String(text.dropFirst()) : text))
    }

    @Test(arguments: ["", "-", ".", "1,234", "95.6%", "1e", "abc", "1.2.3", " 1", "1 ", "--1", "e5"])
    func rejectsAnythingElse(text: String) {
        #expect(NumberParsing.parse(text) == nil)
    }

    @Test func agreesWithTheStandardLibraryOnManyGeneratedNumbers() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            let point = Int.random(in: 0...digits, using: &generator)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            if Bool.random(using: &generator) { text = "-" + text }
            if text == "." || text == "-." { continue }
            #expect(NumberParsing.parse(text) == Double(text), "\(text)")
        }
    }

    /// Published files carry floating noise: 16 to 19 significant digits, beyond a double's
    /// exact mantissa, with exponents either side. Every one reads as the standard library
    /// reads it, halfway cases between two doubles included.
    @Test func readsLongMantissasAsTheStandardLibraryDoes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let digits = Int.random(in: 16...19, using: &generator)
            var text = String(Int.random(in: 1...9, using: &generator))
                + String((1..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let exponent = Int.random(in: -40...30, using: &generator)
            if Bool.random(using: &generator) {
                text += "e\(exponent)"
            } else {
                let point = Int.random(in: 0...digits, using: &generator)
                text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            }
            #expect(NumberParsing.parse(text) == Double(text), "\(text)")
        }
        // Exactly halfway between two doubles (2^53 + 1, and 1 + 2^-53 written out), and
        // one unit either side of such a point, at 19 digits.
        for text in ["9007199254740993", "9007199254740993e-5", "1.00000000000000011102230246251565404", "1.000000000000000111",
                     "1.000000000000000112", "1.000000000000000110", "32.200000000000003", "0.10000000000000001", "4.4501477170144023e-308"] {
            #expect(NumberParsing.parse(text) == Double(text), "\(text)")
        }
    }
}
