extension Parser {
    /// Whether the current token can begin an expression.
    var startsExpression: Bool {
        switch current.kind {
        case .number, .string, .period, .name, .parameter, .leftParenthesis, .minus: true
        case .keyword(let keyword): keyword.isAggregateFunction
        default: false
        }
    }

    /// expression = term { ( "+" | "-" ) term } ;
    mutating func parseExpression() throws(Diagnostic) -> Expression {
        var expression = try parseTerm()
        var levels = 0
        defer { leave(levels) }
        while at(.plus) || at(.minus) {
            try enter(current)
            levels += 1
            let operation: ArithmeticOperator = advance().kind == .plus ? .add : .subtract
            let right = try parseTerm()
            expression = Expression(.binary(operation, expression, right), expression.range.joined(right.range))
        }
        return expression
    }

    /// term = factor { ( "*" | "/" ) factor } ;
    mutating func parseTerm() throws(Diagnostic) -> Expression {
        var expression = try parseFactor()
        var levels = 0
        defer { leave(levels) }
        while at(.star) || at(.slash) {
            try enter(current)
            levels += 1
            let operation: ArithmeticOperator = advance().kind == .star ? .multiply : .divide
            let right = try parseFactor()
            expression = Expression(.binary(operation, expression, right), expression.range.joined(right.range))
        }
        return expression
    }

    /// factor = "-" factor | primary ;
    mutating func parseFactor() throws(Diagnostic) -> Expression {
        if let minus = eat(.minus) {
            try enter(minus)
            defer { leave() }
            let operand = try parseFactor()
            if case .number(let value) = operand.kind {
                return Expression(.number(-value), minus.range.joined(operand.range))
            }
            return Expression(.negate(operand), minus.range.joined(operand.range))
        }
        return try parsePrimary()
    }

    /// primary = number | string | PERIOD | name | parameter | "(" expression ")" ;
    ///
    /// An aggregation (`avg(value)`) is also a primary, for `order by avg(value) desc`.
    mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return Expression(.number(Double(text(token)) ?? 0), token.range)
        case .string(let value):
            advance()
            return Expression(.string(value), token.range)
        case .period:
            advance()
            return Expression(.period(text(token)), token.range)
        case .name:
            advance()
            return Expression(.name(text(token)), token.range)
        case .parameter:
            return Expression(.parameter(parseParameter()), token.range)
        case .keyword(let keyword) where keyword.isAggregateFunction:
            let aggregation = try parseAggregation()
            return Expression(.aggregate(aggregation), aggregation.range)
        case .leftParenthesis:
            try enter(advance())
            defer { leave() }
            guard startsExpression else { throw unexpected("an expression", after: "'('") }
            let inner = try parseExpression()
            let close = try expect(.rightParenthesis, "')'", after: "the expression")
            return Expression(inner.kind, token.range.joined(close.range))
        default:
            throw unexpected("a value: a number, a name, a string, a period or a parameter")
        }
    }
}
