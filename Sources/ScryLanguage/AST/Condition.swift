/// A `where` condition.
public struct Condition: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case and(Condition, Condition)
        case or(Condition, Condition)
        case not(Condition)
        case compare(Expression, ComparisonOperator, Expression)
        /// `area in (Kent, England)`; `negated` for `not in`.
        case inList(Expression, [Expression], negated: Bool)
        /// `area in authorities of "South East"`, `area in neighbours of Kent`.
        case inGroup(Expression, AreaGroup, negated: Bool)
        /// `value between 10 and 20` (both ends included).
        case between(Expression, Expression, Expression)
        /// `numerator is missing`; `negated` for `is not missing`.
        case isMissing(Expression, negated: Bool)
        /// `name like "%foster%"`: SQL's LIKE, `%` any run of characters, `_` one, ignoring
        /// case; `negated` for `not like`. The pattern is a string, or a parameter until
        /// its value takes its place.
        case like(Expression, pattern: Expression, negated: Bool)
        case period(PeriodPredicate)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// Every expression the condition compares, tests or matches, in order.
    public var expressions: [Expression] {
        switch kind {
        case .and(let left, let right), .or(let left, let right): left.expressions + right.expressions
        case .not(let inner): inner.expressions
        case .compare(let left, _, let right): [left, right]
        case .inList(let left, let values, _): [left] + values
        case .inGroup(let left, _, _): [left]
        case .between(let value, let low, let high): [value, low, high]
        case .isMissing(let value, _): [value]
        case .like(let value, let pattern, _): [value, pattern]
        case .period: []
        }
    }

    /// Whether the condition tests the period (`period = 2013-07`).
    public var namesPeriod: Bool {
        switch kind {
        case .and(let left, let right), .or(let left, let right): left.namesPeriod || right.namesPeriod
        case .not(let inner): inner.namesPeriod
        case .period: true
        default: false
        }
    }
}

/// The areas of a level within an area, or an authority's statistical neighbours:
/// `authorities of "South East"`, `districts of Kent`, `neighbours of Kent`.
public struct AreaGroup: Hashable, Sendable {
    /// `authorities`, `districts` or `neighbours`, as written.
    public var level: NameReference
    public var area: NameReference
    public var range: SourceRange

    public init(level: NameReference, area: NameReference, _ range: SourceRange) {
        self.level = level
        self.area = area
        self.range = range
    }
}

/// A condition on the period: `period = latest`, `period in 2017/18`,
/// `period from 2012-09 to 2013-07`.
public enum PeriodPredicate: Hashable, Sendable {
    case compare(ComparisonOperator, PeriodValue)
    /// Periods lying within the given one: `period in 2017/18`.
    case within(PeriodValue)
    case inList([PeriodValue])
    /// From the start of the first to the end of the second, inclusive.
    case range(PeriodValue, PeriodValue)
}

/// A period as written in a statement. Labels are read by the engine, which knows each
/// indicator's period type.
public struct PeriodValue: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Each indicator's latest period.
        case latest
        /// Each indicator's period before its latest.
        case previous
        /// `last 12 months`: the count and the unit word as written.
        case last(Int, unit: String)
        /// A label: `2013-07`, `Jul 2013`, `Q3 2015/16`, `2019`.
        case label(String)
        /// `:month`, by its name: replaced by the period its value reads as before the
        /// statement runs (`Statement+Parameters.swift`).
        case parameter(String)
        /// `last :n months`: the parameter giving the count (at `range`), and the unit word;
        /// replaced by `last` with the value's count before the statement runs.
        case lastParameter(String, at: SourceRange, unit: String)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// A span of several periods (`last 12 months`), not one period.
    public var isSpan: Bool {
        switch kind {
        case .last, .lastParameter: true
        default: false
        }
    }
}
