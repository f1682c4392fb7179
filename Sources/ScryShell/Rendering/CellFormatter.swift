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
