/// A line said after a result, starting `note:` or `warning:`: which rule of
/// docs/domain.md applied, what was left out. Written as a string, with figures
/// interpolated as cells, which stay typed for the renderers to show as they show the
/// table's: `"Q1 \(Cell.number(q1, decimals: 1, unit: .percent))"` is said `Q1 19.9%`.
/// Anything else interpolated (a count of rows, a code, a period) is words.
public struct Note: Sendable, Equatable, ExpressibleByStringInterpolation {
    public enum Part: Sendable, Equatable {
        case text(String)
        case value(Cell)
    }

    /// Words and figures in turn; never two words parts together, so that notes equal as
    /// said are equal.
    public private(set) var parts: [Part]

    /// A note of words alone.
    public init(_ text: String) {
        parts = text.isEmpty ? [] : [.text(text)]
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ text: String) {
            guard !text.isEmpty else { return }
            if case .text(let before)? = parts.last {
                parts[parts.count - 1] = .text(before + text)
            } else {
                parts.append(.text(text))
            }
        }

        /// A figure, shown by the renderer.
        public mutating func appendInterpolation(_ value: Cell) {
            parts.append(.value(value))
        }

        /// Words: a name, a code, a count of rows, a period's label.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            appendLiteral(value.description)
        }
    }
}
