import ScryStore

/// Plain-text forms of cells, shared by every renderer: `95.6%`, `1,706`, `24.1`, `R`,
/// `↑ improved`, `c`.
public enum CellFormatter {
    public static func text(_ cell: Cell) -> String {
        switch cell {
        case .empty: ""
        case .text(let text): text.controlCharactersEscaped
        case .number(let value, let decimals, let unit):
            fixed(value, decimals: decimals, groupThousands: true) + (unit == .percent ? "%" : "")
        case .count(let value): fixed(Double(value), decimals: 0, groupThousands: true)
        case .missing(let state): state.symbol
        case .rag(let rag): rag.code
        case .direction(let direction): direction.arrow + " " + direction.rawValue
        case .period(let period): period.description
        }
    }

    /// `value` with exactly `decimals` decimals, rounded half away from zero by
    /// `Rounding.atDecimals`, the same rounding that decides "same" in direction of travel.
    public static func fixed(_ value: Double, decimals: Int, groupThousands: Bool = false) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        return withFixedDigits(value, decimals: decimals, groupThousands: groupThousands) { String(decoding: $0, as: UTF8.self) }
            ?? String(value)
    }

    /// `fixed(value, decimals:)` appended to `bytes` as UTF-8, without making a string.
    public static func appendFixed(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        if withFixedDigits(value, decimals: decimals, groupThousands: false, { bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: fixed(value, decimals: decimals).utf8)
        }
    }

    /// `body` of the digits of `fixed`, written into a buffer on the stack; nil for a value
    /// too large for them (shown as Swift writes it) or not finite.
    private static func withFixedDigits<Result>(_ value: Double, decimals: Int, groupThousands: Bool,
                                                _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard value.isFinite else { return nil }
        let scaled = Rounding.scaled(value, decimals: decimals)
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        guard magnitude < 9e15 else { return nil }
        // Digits written from the last, into a buffer just long enough.
        let places = max(0, decimals)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: places + 32) { buffer in
            var position = buffer.count
            func put(_ byte: UInt8) {
                position -= 1
                buffer[position] = byte
            }
            var rest = UInt64(magnitude)
            if places > 0 {
                for _ in 0..<places {
                    put(UInt8(ascii: "0") + UInt8(rest % 10))
                    rest /= 10
                }
                put(UInt8(ascii: "."))
            }
            var written = 0
            repeat {
                if groupThousands, written > 0, written % 3 == 0 { put(UInt8(ascii: ",")) }
                put(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
                written += 1
            } while rest > 0
            if negative && magnitude != 0 { put(UInt8(ascii: "-")) }
            return body(UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }
}

/// Rounding at an indicator's displayed precision.
public enum Rounding {
    /// `value × 10^decimals`, rounded half away from zero (as scorecards round). A nudge of
    /// one part in 10^12 first undoes binary noise, so that 0.15 (stored as 0.1499…) rounds
    /// up as written and 32.200000000000003 stays 32.2.
    public static func scaled(_ value: Double, decimals: Int) -> Double {
        var power = 1.0
        for _ in 0..<max(0, decimals) { power *= 10 }
        let shifted = value * power
        return (shifted + shifted * 1e-12).rounded(.toNearestOrAwayFromZero)
    }

    /// Whether two figures are equal when shown with `decimals` decimals.
    public static func equalAtDisplay(_ left: Double, _ right: Double, decimals: Int) -> Bool {
        scaled(left, decimals: decimals) == scaled(right, decimals: decimals)
    }
}

extension String {
    /// The text with control characters shown as escapes (`\u{1B}`), so that a name or a
    /// note holding escape codes never drives the terminal it is shown on, nor reaches a
    /// pipe as codes. Tab and line ends are kept: notes span lines, and the CSV and JSON
    /// writers quote or escape them.
    public var controlCharactersEscaped: String {
        // Most text has no byte below a space but tab and line ends, no DEL and no 0xC2 (the
        // lead byte of U+0080–U+00BF, where the C1 controls lie): one pass over the bytes
        // says so, without decoding scalars for every cell rendered.
        guard utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 }),
              unicodeScalars.contains(where: Self.isEscaped)
        else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            if Self.isEscaped(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
