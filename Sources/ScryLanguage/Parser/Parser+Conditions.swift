extension Parser {
    /// Whether the current token can begin a condition.
    var startsCondition: Bool { at(.not) || startsExpression }

    /// condition = and_condition { "or" and_condition } ;
    mutating func parseCondition() throws(Diagnostic) -> Condition {
        var condition = try parseAndCondition()
        var levels = 0
        defer { leave(levels) }
        while let or = eat(.or) {
            try enter(or)
            levels += 1
            guard startsCondition else { throw unexpected("a condition", after: "'or'") }
            let right = try parseAndCondition()
            condition = Condition(.or(condition, right), condition.range.joined(right.range))
        }
        return condition
    }

    /// and_condition = not_condition { "and" not_condition } ;
    mutating func parseAndCondition() throws(Diagnostic) -> Condition {
        var condition = try parseNotCondition()
        var levels = 0
        defer { leave(levels) }
        while let and = eat(.and) {
            try enter(and)
            levels += 1
            guard startsCondition else { throw unexpected("a condition", after: "'and'") }
            let right = try parseNotCondition()
            condition = Condition(.and(condition, right), condition.range.joined(right.range))
        }
        return condition
    }

    /// not_condition = "not" not_condition | predicate ;
    mutating func parseNotCondition() throws(Diagnostic) -> Condition {
        if let not = eat(.not) {
            try enter(not)
            defer { leave() }
            guard startsCondition else { throw unexpected("a condition", after: "'not'") }
            let inner = try parseNotCondition()
            return Condition(.not(inner), not.range.joined(inner.range))
        }
        return try parsePredicate()
    }

    /// predicate = "(" condition ")"
    ///           | period_predicate
    ///           | expression ( comparison_op expression
    ///                        | [ "not" ] "in" ( "(" expression { "," expression } ")" | area_group )
    ///                        | "between" expression "and" expression
    ///                        | "is" [ "not" ] "missing"
    ///                        | [ "not" ] "like" ( string | parameter ) ) ;
    ///
    /// `like` is a word here, not a reserved keyword.
    mutating func parsePredicate() throws(Diagnostic) -> Condition {
        if at(.leftParenthesis) {
            // `(rag = red or …)` groups conditions; `(value - previous) > 5` starts an
            // expression. Try the first; on failure, the second; report the error that
            // got further.
            let saved = mark
            let groupFailure: Diagnostic
            do {
                let open = advance()
                try enter(open)
                defer { leave() }
                let inner = try parseCondition()
                let close = try expect(.rightParenthesis, "')'", after: "the condition")
                if comparisonOperator == nil, !isArithmeticOperator, !at(.in), !at(.between), !at(.is), !atLike {
                    return Condition(inner.kind, open.range.joined(close.range))
                }
                groupFailure = unexpected("'and', 'or' or the end of the condition")
            } catch {
                groupFailure = error
            }
            let groupIndex = mark
            rewind(to: saved)
            do {
                return try parseComparisonPredicate()
            } catch {
                if groupFailure.range.start > error.range.start { rewind(to: groupIndex); throw groupFailure }
                throw error
            }
        }
        if isPeriodColumn { return try parsePeriodPredicate() }
        return try parseComparisonPredicate()
    }

    /// The `expression …` alternatives of predicate.
    private mutating func parseComparisonPredicate() throws(Diagnostic) -> Condition {
        let left = try parseExpression()
        if let comparison = comparisonOperator {
            advance()
            guard startsExpression else { throw unexpected("a value to compare with", after: "'\(comparison.rawValue)'") }
            let right = try parseExpression()
            return Condition(.compare(left, comparison, right), left.range.joined(right.range))
        }
        if atLike {
            let negated = eat(.not) != nil
            advance()
            let pattern: Expression
            switch current.kind {
            case .string(let value): pattern = Expression(.string(value), advance().range)
            case .parameter:
                let place = current.range
                pattern = Expression(.parameter(parseParameter()), place)
            default:
                throw unexpected("a pattern in quotes, such as \"%foster%\" (% any characters, _ one)", after: negated ? "'not like'" : "'like'")
            }
            return Condition(.like(left, pattern: pattern, negated: negated), left.range.joined(pattern.range))
        }
        if at(.not) || at(.in) {
            let negated = eat(.not) != nil
            _ = try expect(.in, after: "'not'")
            if current.kind == .name, peek.kind == .name, text(peek).lowercased() == "of" {
                let group = try parseAreaGroup()
                return Condition(.inGroup(left, group, negated: negated), left.range.joined(group.range))
            }
            _ = try expect(.leftParenthesis, "'(' and a list of values, or a group such as authorities of \"South East\"", after: "'in'")
            var values: [Expression] = []
            repeat {
                guard startsExpression else { throw unexpected("a value", after: values.isEmpty ? "'('" : "','") }
                values.append(try parseExpression())
            } while eat(.comma) != nil
            let close = try expect(.rightParenthesis, "')' or ','", after: "the value")
            return Condition(.inList(left, values, negated: negated), left.range.joined(close.range))
        }
        if eat(.between) != nil {
            let low = try parseExpression()
            _ = try expect(.and, after: "the lower bound")
            let high = try parseExpression()
            return Condition(.between(left, low, high), left.range.joined(high.range))
        }
        if eat(.is) != nil {
            let negated = eat(.not) != nil
            let missing = try expect(.missing, after: negated ? "'is not'" : "'is'")
            return Condition(.isMissing(left, negated: negated), left.range.joined(missing.range))
        }
        throw unexpected("a comparison such as '=', '<', 'in (…)', 'between', 'like' or 'is missing'",
                         after: "'\(source.text(of: left.range))'", alternatives: ["in", "between", "is", "like"])
    }

    /// `like` or `not like` next: a word, not a reserved keyword.
    private var atLike: Bool {
        atWord("like") || (at(.not) && peek.kind == .name && text(peek).lowercased() == "like")
    }

    /// area_group = name "of" area ;
    ///
    /// `of` is a word here, not a reserved keyword.
    mutating func parseAreaGroup() throws(Diagnostic) -> AreaGroup {
        let level = try parseNameReference("a group of areas: authorities, districts or neighbours", after: "'in'")
        guard current.kind == .name, text(current).lowercased() == "of" else {
            throw unexpected("'of' and an area", after: "'\(level.text)'")
        }
        advance()
        let area = try parseArea(after: "'of'")
        return AreaGroup(level: level, area: area, level.range.joined(area.range))
    }

    /// The bare name `period` at the start of a predicate, not used in arithmetic.
    private var isPeriodColumn: Bool {
        guard current.kind == .name, text(current).lowercased() == "period" else { return false }
        switch peek.kind {
        case .plus, .minus, .star, .slash: return false
        default: return true
        }
    }

    var comparisonOperator: ComparisonOperator? {
        switch current.kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        default: nil
        }
    }

    var isArithmeticOperator: Bool {
        switch current.kind {
        case .plus, .minus, .star, .slash: true
        default: false
        }
    }

    /// period_predicate = "period" ( comparison_op period_value
    ///                             | "in" ( "(" period_value { "," period_value } ")" | period_value )
    ///                             | "from" period_value "to" period_value
    ///                             | "between" period_value "and" period_value ) ;
    mutating func parsePeriodPredicate() throws(Diagnostic) -> Condition {
        guard current.kind == .name, text(current).lowercased() == "period" else {
            throw unexpected("'period'")
        }
        let start = advance().range.start
        if let comparison = comparisonOperator {
            advance()
            let value = try parsePeriodValue(after: "'period \(comparison.rawValue)'")
            return Condition(.period(.compare(comparison, value)), range(from: start))
        }
        if eat(.in) != nil {
            if eat(.leftParenthesis) != nil {
                var values: [PeriodValue] = []
                repeat {
                    values.append(try parsePeriodValue(after: values.isEmpty ? "'('" : "','"))
                } while eat(.comma) != nil
                _ = try expect(.rightParenthesis, "')' or ','", after: "the period")
                return Condition(.period(.inList(values)), range(from: start))
            }
            let value = try parsePeriodValue(after: "'period in'")
            return Condition(.period(.within(value)), range(from: start))
        }
        if eat(.from) != nil {
            let first = try parsePeriodValue(after: "'from'")
            _ = try expect(.to, after: "the first period")
            let last = try parsePeriodValue(after: "'to'")
            return Condition(.period(.range(first, last)), range(from: start))
        }
        if eat(.between) != nil {
            let first = try parsePeriodValue(after: "'between'")
            _ = try expect(.and, after: "the first period")
            let last = try parsePeriodValue(after: "'and'")
            return Condition(.period(.range(first, last)), range(from: start))
        }
        throw unexpected("'=', 'in', 'from' or 'between'", after: "'period'", alternatives: ["in", "from", "between"])
    }
}
