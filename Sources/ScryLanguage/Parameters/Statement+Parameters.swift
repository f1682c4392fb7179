import ScrySpelling

extension Statement {
    /// The statement with each parameter's value in its place, typed by the place: a number
    /// or a string where an expression may stand (`value > :threshold`, `area = :la`), a
    /// name for an indicator or an area (`trend :code for :la`, `benchmark * for :la`), a
    /// period read by the period rules (`period = :month`, `from :first to :last`,
    /// `rank … in :year`), a whole number of rows (`limit :n`). The value is never read as
    /// statement text: `; .output /etc/x` is one string. Every parameter not set, and every
    /// value that does not fit its place, is a diagnostic at the parameter.
    public func binding(_ parameters: Parameters) -> (statement: Statement, diagnostics: [Diagnostic]) {
        var binder = ParameterBinder(parameters: parameters)
        let bound = binder.statement(self)
        return (bound, binder.diagnostics)
    }
}

/// Walks a statement, putting each parameter's value in its place.
struct ParameterBinder {
    let parameters: Parameters
    var diagnostics: [Diagnostic] = []

    /// The parameter's value, or a diagnostic at its place when it is not set.
    mutating func value(of name: String, at range: SourceRange) -> String? {
        if let value = parameters[name] { return value }
        var message = "parameter ':\(name)' is not set: set it with --param \(name)=VALUE or .param set \(name) VALUE"
        if parameters.isEmpty { message += " (no parameter is set)" }
        diagnostics.append(.error(message, at: range, suggestion: Spelling.didYouMean(name, among: parameters.names, prefix: ":")))
        return nil
    }

    mutating func misfit(_ name: String, _ value: String, _ what: String, at range: SourceRange, suggestion: String? = nil) {
        diagnostics.append(.error("parameter ':\(name)' holds '\(value)', which is not \(what)", at: range, suggestion: suggestion))
    }

    mutating func statement(_ statement: Statement) -> Statement {
        var bound = statement
        switch statement.kind {
        case .show(var show):
            show.items = show.items.map { item in
                var item = item
                item.expression = expression(item.expression)
                return item
            }
            clauses(&show.filter, &show.order, &show.limit)
            show.per = show.per.map { expression($0) }
            bound.kind = .show(show)
        case .compare(var compare):
            compare.indicator = name(compare.indicator)
            compare.areas = compare.areas.map { name($0) }
            clauses(&compare.filter, &compare.order, &compare.limit)
            bound.kind = .compare(compare)
        case .aggregate(var aggregate):
            aggregate.aggregations = aggregate.aggregations.map { aggregation($0) }
            aggregate.groups = aggregate.groups.map { expression($0) }
            clauses(&aggregate.filter, &aggregate.order, &aggregate.limit)
            aggregate.having = aggregate.having.map { condition($0) }
            bound.kind = .aggregate(aggregate)
        case .trend(var trend):
            trend.indicator = name(trend.indicator)
            trend.areas = trend.areas.map { name($0) }
            (trend.from, trend.to) = (trend.from.map { period($0) }, trend.to.map { period($0) })
            trend.filter = trend.filter.map { condition($0) }
            bound.kind = .trend(trend)
        case .rank(var rank):
            rank.indicator = name(rank.indicator)
            rank.period = rank.period.map { period($0) }
            clauses(&rank.filter, &rank.order, &rank.limit)
            bound.kind = .rank(rank)
        case .describe(var describe):
            describe.indicator = name(describe.indicator)
            bound.kind = .describe(describe)
        case .benchmark(var benchmark):
            benchmark.indicators = benchmark.indicators.map { name($0) }
            benchmark.area = name(benchmark.area)
            (benchmark.from, benchmark.to) = (benchmark.from.map { period($0) }, benchmark.to.map { period($0) })
            benchmark.filter = benchmark.filter.map { condition($0) }
            bound.kind = .benchmark(benchmark)
        case .scorecard(var scorecard):
            scorecard.area = name(scorecard.area)
            scorecard.period = scorecard.period.map { period($0) }
            scorecard.filter = scorecard.filter.map { condition($0) }
            bound.kind = .scorecard(scorecard)
        case .chart(var chart):
            chart.indicator = name(chart.indicator)
            switch chart.layout {
            case .overTime(let areas, let comparators, let from, let to):
                chart.layout = .overTime(areas: areas.map { name($0) }, comparators: comparators,
                                         from: from.map { period($0) }, to: to.map { period($0) })
            case .byArea(let level, let when, let highlight):
                chart.layout = .byArea(level: level, period: when.map { period($0) }, highlight: highlight.map { name($0) })
            }
            chart.filter = chart.filter.map { condition($0) }
            bound.kind = .chart(chart)
        case .workings(var workings):
            workings.indicator = name(workings.indicator)
            workings.area = name(workings.area)
            workings.period = workings.period.map { period($0) }
            bound.kind = .workings(workings)
        }
        return bound
    }

    /// The clauses most statements end with.
    mutating func clauses(_ filter: inout Condition?, _ order: inout [OrderItem], _ limit: inout Limit?) {
        filter = filter.map { condition($0) }
        order = self.order(order)
        limit = self.limit(limit)
    }

    mutating func condition(_ condition: Condition) -> Condition {
        var bound = condition
        switch condition.kind {
        case .and(let left, let right): bound.kind = .and(self.condition(left), self.condition(right))
        case .or(let left, let right): bound.kind = .or(self.condition(left), self.condition(right))
        case .not(let inner): bound.kind = .not(self.condition(inner))
        case .compare(let left, let operation, let right): bound.kind = .compare(expression(left), operation, expression(right))
        case .inList(let left, let values, let negated): bound.kind = .inList(expression(left), values.map { expression($0) }, negated: negated)
        case .inGroup(let left, var group, let negated):
            group.area = name(group.area)
            bound.kind = .inGroup(expression(left), group, negated: negated)
        case .between(let value, let low, let high): bound.kind = .between(expression(value), expression(low), expression(high))
        case .isMissing(let inner, let negated): bound.kind = .isMissing(expression(inner), negated: negated)
        case .like(let inner, let pattern, let negated): bound.kind = .like(expression(inner), pattern: text(pattern), negated: negated)
        case .period(let predicate):
            switch predicate {
            case .compare(let operation, let value): bound.kind = .period(.compare(operation, period(value)))
            case .within(let value): bound.kind = .period(.within(period(value)))
            case .inList(let values): bound.kind = .period(.inList(values.map { period($0) }))
            case .range(let first, let last): bound.kind = .period(.range(period(first), period(last)))
            }
        }
        return bound
    }

    /// A number when the whole value is one (`90`, `-2.5`), else a string: never a column,
    /// so that a value such as `value` is compared as the word, not the column.
    mutating func expression(_ expression: Expression) -> Expression {
        var bound = expression
        switch expression.kind {
        case .parameter(let name):
            guard let value = value(of: name, at: expression.range) else { return expression }
            bound.kind = Self.number(value).map { .number($0) } ?? .string(value)
        case .negate(let operand): bound.kind = .negate(self.expression(operand))
        case .binary(let operation, let left, let right): bound.kind = .binary(operation, self.expression(left), self.expression(right))
        case .aggregate(let inner): bound.kind = .aggregate(aggregation(inner))
        case .number, .string, .name, .period: break
        }
        return bound
    }

    /// A `like` pattern: the value as a string, whatever it looks like (`12%`, `12`).
    mutating func text(_ expression: Expression) -> Expression {
        guard case .parameter(let name) = expression.kind, let value = value(of: name, at: expression.range) else { return expression }
        return Expression(.string(value), expression.range)
    }

    mutating func aggregation(_ aggregation: Aggregation) -> Aggregation {
        var bound = aggregation
        bound.argument = aggregation.argument.map { expression($0) }
        return bound
    }

    mutating func order(_ items: [OrderItem]) -> [OrderItem] {
        items.map { item in
            var item = item
            item.expression = expression(item.expression)
            return item
        }
    }

    /// An indicator or an area: the value as a quoted name, so that no value is taken for a
    /// keyword.
    mutating func name(_ reference: NameReference) -> NameReference {
        guard let name = reference.parameter else { return reference }
        guard let value = value(of: name, at: reference.range) else { return reference }
        return NameReference(value, quoted: true, reference.range)
    }

    /// The value read by the period rules, on its own: `2013-07`, `Jul 2013`, `2019`,
    /// `latest`, `last 3 months`; or the count of `last :n months`, a whole number.
    mutating func period(_ period: PeriodValue) -> PeriodValue {
        if case .lastParameter(let name, let place, let unit) = period.kind {
            guard let count = wholeNumber(name, at: place, from: 1, of: "periods") else { return period }
            return PeriodValue(.last(count, unit: unit), period.range)
        }
        guard case .parameter(let name) = period.kind, let value = value(of: name, at: period.range) else { return period }
        switch Parser.periodValue(value) {
        case .success(let kind):
            return PeriodValue(kind, period.range)
        case .failure(let problem):
            misfit(name, value, "a period: expected \(Parser.periodExamples)", at: period.range, suggestion: problem.suggestion)
            return period
        }
    }

    mutating func limit(_ limit: Limit?) -> Limit? {
        guard var bound = limit, let name = bound.parameter else { return limit }
        // The parameter is the clause's last token: `limit :n`.
        let place = SourceRange(bound.range.end - name.utf8.count - 1, bound.range.end)
        guard let count = wholeNumber(name, at: place, from: 0, of: "rows") else { return limit }
        bound.count = count
        bound.parameter = nil
        return bound
    }

    /// The parameter's value as a whole number of `what`, at least `minimum`; nil, with a
    /// diagnostic at `place`, when it is not set or is no such number.
    mutating func wholeNumber(_ name: String, at place: SourceRange, from minimum: Int, of what: String) -> Int? {
        guard let value = value(of: name, at: place) else { return nil }
        guard let count = Int(value), count >= minimum, value.allSatisfy(\.isASCII) else {
            misfit(name, value, "a whole number of \(what)", at: place)
            return nil
        }
        return count
    }

    /// `90`, `24.1`, `-3`: digits with at most one '.', after an optional '-'.
    static func number(_ text: String) -> Double? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard let first = digits.first, first.isASCII, first.isNumber,
              digits.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }), digits.filter({ $0 == "." }).count <= 1
        else { return nil }
        return Double(text)
    }
}
