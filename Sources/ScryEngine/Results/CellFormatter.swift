import ScryStore

/// Plain-text forms of cells, shared by every renderer: `95.6%`, `1,706`, `24.1`, `R`,
/// `↑ improved`, `c`.
public enum CellFormatter {
    public static func text(_ cell: Cell) -> String {
        switch cell {
        case .empty: ""
        case .text(let text): text
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
        let scaled = Rounding.scaled(value, decimals: decimals)
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        guard magnitude < 9e15 else { return String(value) }
        var digits = String(UInt64(magnitude))
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        if groupThousands {
            let integerPart = digits.prefix { $0 != "." }
            let rest = digits.dropFirst(integerPart.count)
            var grouped = ""
            for (offset, character) in integerPart.enumerated() {
                if offset > 0, (integerPart.count - offset) % 3 == 0 { grouped += "," }
                grouped.append(character)
            }
            digits = grouped + rest
        }
        return (negative && magnitude != 0 ? "-" : "") + digits
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
