import ScryEngine
import ScryStore

/// Plain-text forms of cells, shared by every renderer: `95.6%`, `1,706`, `24.1`, `R`,
/// `↑ improved`, `c`. The engine gives typed values; only here are they written out.
enum CellFormatter {
    static func text(_ cell: Cell) -> String {
        switch cell {
        case .empty: ""
        case .text(let text): text.controlCharactersEscaped
        case .number(let value, let decimals, let unit):
            fixed(value, decimals: decimals, groupThousands: true) + (unit == .percent ? "%" : "")
        case .count(let value): fixed(Double(value), decimals: 0, groupThousands: true)
        case .missing(let state): state.symbol
        case .rag(let rag): rag.code
        case .direction(let direction): arrow(direction) + " " + direction.rawValue
        case .period(let period): period.description
        }
    }

    /// A note as it is said: its text, and its figures as cells are shown
    /// (`Q1 19.9%, median 21.6%`).
    static func text(_ note: Note) -> String {
        var text = ""
        for part in note.parts {
            switch part {
            case .text(let words): text += words
            case .value(let cell): text += self.text(cell)
            }
        }
        return text
    }

    /// `↑`, `→` or `↓`: the way a direction of travel points.
    static func arrow(_ direction: Direction) -> String {
        switch direction {
        case .improved: "↑"
        case .same: "→"
        case .worsened: "↓"
        }
    }

    /// `value` with exactly `decimals` decimals, rounded half away from zero by
    /// `Rounding.scaled`, the same rounding that decides "same" in direction of travel.
    static func fixed(_ value: Double, decimals: Int, groupThousands: Bool = false) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        return withFixedDigits(value, decimals: decimals, groupThousands: groupThousands) { String(decoding: $0, as: UTF8.self) }
            ?? String(value)
    }

    /// `fixed(value, decimals:)` appended to `bytes` as UTF-8, without making a string.
    static func appendFixed(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        if withFixedDigits(value, decimals: decimals, groupThousands: false, { bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: fixed(value, decimals: decimals).utf8)
        }
    }

    /// `body` of the digits of `fixed`, written into a buffer on the stack; nil for a value
    /// too large for them (shown as Swift writes it) or not finite.
    private static func withFixedDigits<Result>(_ value: Double, decimals: Int, groupThousands: Bool,
                                                _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fixedRoom(decimals: decimals, groupThousands: groupThousands)) { buffer in
            guard let length = writeFixed(value, decimals: decimals, groupThousands: groupThousands, to: buffer.baseAddress!) else { return nil }
            return body(UnsafeBufferPointer(start: buffer.baseAddress, count: length))
        }
    }

    /// The most bytes `writeFixed` writes with `decimals` decimals: a sign, 16 digits, their
    /// commas, the point and the decimals.
    static func fixedRoom(decimals: Int, groupThousands: Bool = false) -> Int {
        max(0, decimals) + (groupThousands ? 24 : 19)
    }

    /// Writes `fixed(value, decimals:groupThousands:)` at `out`, which has room for
    /// `fixedRoom(decimals:groupThousands:)` bytes, and returns how many it wrote; nil,
    /// writing nothing, for a value not finite or of 9×10^15 or more once scaled (shown as
    /// Swift writes it). Counts the digits first, then writes them from the last, so that
    /// a renderer writes straight into its output.
    @inline(__always)
    static func writeFixed(_ value: Double, decimals: Int, groupThousands: Bool = false, to out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard value.isFinite else { return nil }
        let scaled = Rounding.scaled(value, decimals: decimals)
        let magnitude = scaled.magnitude
        guard magnitude < 9e15 else { return nil }
        let places = max(0, decimals)
        var rest = UInt64(magnitude)
        var digits = 1, power: UInt64 = 10
        while digits < 16, rest >= power {
            digits += 1
            power &*= 10
        }
        // Digits before the point: at least one.
        let whole = max(1, digits - places)
        let negative = scaled < 0 && magnitude != 0
        let length = (negative ? 1 : 0) + whole + (groupThousands ? (whole - 1) / 3 : 0) + (places > 0 ? places + 1 : 0)
        var position = length
        func put(_ byte: UInt8) {
            position -= 1
            out[position] = byte
        }
        if places > 0 {
            for _ in 0..<places {
                put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
                rest /= 10
            }
            put(UInt8(ascii: "."))
        }
        for written in 0..<whole {
            if groupThousands, written > 0, written % 3 == 0 { put(UInt8(ascii: ",")) }
            put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        }
        if negative { put(UInt8(ascii: "-")) }
        return length
    }
}
