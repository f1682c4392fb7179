/// A value in a statement: a number, a string, a name (a column, or a value such as
/// `red` or `Kent` that the engine resolves by what it is compared with), a period, or
/// arithmetic on them.
public struct Expression: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case number(Double)
        /// A quoted string's value.
        case string(String)
        /// A bare name, as written.
        case name(String)
        /// A digit period as written: `2013-07`, `2013/14`.
        case period(String)
        case negate(Expression)
        case binary(ArithmeticOperator, Expression, Expression)
        /// An aggregation used as a value, as in `order by avg(value) desc`.
        case aggregate(Aggregation)
        /// `:la`, by its name: replaced by a number or a string before the statement runs
        /// (`Statement+Parameters.swift`).
        case parameter(String)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The name or string's text, when the expression is one (a name may also be quoted).
    public var nameText: String? {
        switch kind {
        case .name(let text), .string(let text): text
        default: nil
        }
    }
}

public enum ArithmeticOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

public enum ComparisonOperator: String, Hashable, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A name used to pick something: an indicator (`A10`, `"Number of Kent CIC"`), an area,
/// a comparator, an area level.
public struct NameReference: Hashable, Sendable {
    public var text: String
    /// Written as a string in quotes.
    public var quoted: Bool
    public var range: SourceRange
    /// The name of the parameter written here (`for :la`), until its value takes the
    /// place of `text`.
    public var parameter: String?

    public init(_ text: String, quoted: Bool = false, _ range: SourceRange, parameter: String? = nil) {
        self.text = text
        self.quoted = quoted
        self.range = range
        self.parameter = parameter
    }
}
