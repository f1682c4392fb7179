import ScrySpelling

extension Parser {
    /// statement = show | compare | aggregate | trend | rank | describe | benchmark | scorecard | chart | workings ;
    mutating func parseStatement() throws(Diagnostic) -> Statement {
        switch current.kind {
        case .keyword(let keyword):
            guard let kind = StatementKind.opened(by: keyword) else { break }
            return try kind.parse(&self)
        case .name:
            throw StatementKind.unknownStatement(text(current), at: current.range)
        default:
            break
        }
        throw unexpected("a statement such as " + StatementKind.allCases.map { "'\($0.openingKeywords[0].rawValue)'" }.dropLast().joined(separator: ", ")
                         + " or '\(StatementKind.allCases.last!.openingKeywords[0].rawValue)'")
    }

    /// show = "show" select_list [ filter ] [ order ] [ limit [ per ] ] [ pivot ] ;
    mutating func parseShow() throws(Diagnostic) -> Statement {
        let start = try expect(.show, after: "the start of the statement").range.start
        let items = try parseSelectList()
        let tail = try parseTail(after: "the columns", allowingPivot: true, allowingPer: true)
        return Statement(.show(Show(items: items, filter: tail.filter, order: tail.order, limit: tail.limit, pivot: tail.pivot,
                                    per: tail.per)),
                         range(from: start))
    }

    /// select_list = "*" | select_item { "," select_item } ;
    mutating func parseSelectList() throws(Diagnostic) -> [SelectItem] {
        if eat(.star) != nil { return [] }
        var items = [try parseSelectItem(after: "'show'")]
        while eat(.comma) != nil {
            items.append(try parseSelectItem(after: "','"))
        }
        return items
    }

    /// select_item = expression [ "as" ( name | string ) ] ;
    mutating func parseSelectItem(after context: String = "'show'") throws(Diagnostic) -> SelectItem {
        guard startsExpression else { throw unexpected("a column or an expression", after: context) }
        let expression = try parseExpression()
        var alias: String?
        if eat(.as) != nil {
            switch current.kind {
            case .name: alias = text(advance())
            case .string(let value): advance(); alias = value
            default: throw unexpected("a name for the column", after: "'as'")
            }
        }
        return SelectItem(expression: expression, alias: alias, range: range(from: expression.range.start))
    }

    /// compare = "compare" indicator "with" comparator { "," comparator } [ "for" area_list ] [ filter ] [ order ] [ limit ] ;
    mutating func parseCompare() throws(Diagnostic) -> Statement {
        let start = try expect(.compare, after: "the start of the statement").range.start
        let indicator = try parseIndicator(after: "'compare'")
        _ = try expect(.with, after: "the indicator \(previous.map(quoted) ?? "")")
        var comparators = [try parseComparator(after: "'with'")]
        while eat(.comma) != nil {
            comparators.append(try parseComparator(after: "','"))
        }
        var areas: [NameReference] = []
        if eat(.for) != nil { areas = try parseAreaList() }
        let tail = try parseTail(after: areas.isEmpty ? "the comparators" : "the areas")
        return Statement(.compare(Compare(indicator: indicator, comparators: comparators, areas: areas, filter: tail.filter,
                                          order: tail.order, limit: tail.limit)), range(from: start))
    }

    /// comparator = name | string ;
    mutating func parseComparator(after context: String = "'with'") throws(Diagnostic) -> NameReference {
        try parseNameReference("a comparator such as england, region, neighbours, target, previous or year_ago", after: context)
    }

    /// aggregate = aggregation { "," aggregation } [ "by" group_list ] [ filter ] [ having ] [ order ] [ limit ] [ pivot ] ;
    mutating func parseAggregate() throws(Diagnostic) -> Statement {
        let start = current.range.start
        var aggregations = [try parseAggregation()]
        while eat(.comma) != nil {
            guard case .keyword(let keyword) = current.kind, keyword.isAggregateFunction else {
                throw unexpected("an aggregation such as count, avg(value) or pooled(value)", after: "','")
            }
            aggregations.append(try parseAggregation())
        }
        var groups: [Expression] = []
        if eat(.by) != nil { groups = try parseGroupList() }
        let tail = try parseTail(after: groups.isEmpty ? "the aggregations" : "the groups", allowingBy: groups.isEmpty,
                                 allowingPivot: true, allowingHaving: true)
        return Statement(.aggregate(Aggregate(aggregations: aggregations, groups: groups, filter: tail.filter, having: tail.having,
                                              order: tail.order, limit: tail.limit, pivot: tail.pivot)), range(from: start))
    }

    /// aggregation = "count" [ "(" [ "*" | [ "distinct" ] expression ] ")" ]
    ///             | function "(" expression [ "," number ] ")" ;
    ///
    /// `distinct` is a word here, not a reserved keyword.
    mutating func parseAggregation() throws(Diagnostic) -> Aggregation {
        let token = advance()
        guard case .keyword(let keyword) = token.kind, let function = Aggregation.Function(rawValue: keyword.rawValue) else {
            throw Diagnostic.error("expected an aggregation such as count, avg(value) or pooled(value), found \(token.describe(in: source))",
                                   at: token.range)
        }
        let name = "'\(function.rawValue)'"
        if function == .count {
            guard eat(.leftParenthesis) != nil else {
                return Aggregation(function: .count, argument: nil, parameter: nil, range: token.range)
            }
            var argument: Expression?
            var distinct = false
            if eat(.star) == nil {
                if atWord("distinct") {
                    advance()
                    distinct = true
                    guard startsExpression else {
                        throw unexpected("a column to count the distinct values of, as in count(distinct area)", after: "'distinct'")
                    }
                }
                guard startsExpression else { throw unexpected("'*', 'distinct' or a column", after: "'count('") }
                argument = try parseExpression()
            }
            _ = try expect(.rightParenthesis, "')'", after: "the argument of 'count'")
            return Aggregation(function: .count, argument: argument, parameter: nil, range: range(from: token.range.start),
                               distinct: distinct)
        }
        _ = try expect(.leftParenthesis, "'(' and a column, as in \(function.rawValue)(value)", after: name)
        guard startsExpression else { throw unexpected("a column, as in \(function.rawValue)(value)", after: "\(name)(") }
        let argument = try parseExpression()
        var parameter: Double?
        if function == .percentile {
            _ = try expect(.comma, "',' and the percentile, as in percentile(value, 90)", after: "the column")
            let number = try expect(.number, "the percentile, a number from 0 to 100", after: "','")
            parameter = Double(text(number))
            guard let value = parameter, (0...100).contains(value) else {
                throw Diagnostic.error("percentile \(text(number)) is outside 0 to 100", at: number.range)
            }
        } else if at(.comma) {
            throw Diagnostic.error("\(name) takes one argument", at: current.range)
        }
        _ = try expect(.rightParenthesis, "')'", after: "the argument of \(name)")
        return Aggregation(function: function, argument: argument, parameter: parameter, range: range(from: token.range.start))
    }

    /// group_list = expression { "," expression } ;
    mutating func parseGroupList() throws(Diagnostic) -> [Expression] {
        try parseExpressionList("what to group by", example: ", such as rag, theme, district or period", after: "'by'")
    }

    /// expression { "," expression }: what a group list and `per` take, each missing one
    /// expected as `what`.
    private mutating func parseExpressionList(_ what: String, example: String, after context: String) throws(Diagnostic) -> [Expression] {
        guard startsExpression else { throw unexpected(what + example, after: context) }
        var expressions = [try parseExpression()]
        while eat(.comma) != nil {
            guard startsExpression else { throw unexpected(what, after: "','") }
            expressions.append(try parseExpression())
        }
        return expressions
    }

    /// trend = "trend" indicator [ "for" area_list ] [ "from" period_value "to" period_value ] [ filter ] [ pivot ] ;
    mutating func parseTrend() throws(Diagnostic) -> Statement {
        let start = try expect(.trend, after: "the start of the statement").range.start
        let indicator = try parseIndicator(after: "'trend'")
        var areas: [NameReference] = []
        if eat(.for) != nil { areas = try parseAreaList() }
        var from: PeriodValue?, to: PeriodValue?
        if eat(.from) != nil {
            from = try parsePeriodValue(after: "'from'")
            _ = try expect(.to, after: "the first period")
            to = try parsePeriodValue(after: "'to'")
        }
        var filter: Condition?
        if at(.where) { filter = try parseFilter() }
        let pivot = try parsePivotIfPresent()
        var allowed: [String] = []
        if pivot == nil {
            if areas.isEmpty { allowed.append("for") }
            if from == nil { allowed.append("from") }
            if filter == nil { allowed.append("where") }
        }
        try expectStatementEnd(allowing: allowed, suggesting: pivot == nil ? ["pivot"] : [])
        return Statement(.trend(Trend(indicator: indicator, areas: areas, from: from, to: to, filter: filter, pivot: pivot)),
                         range(from: start))
    }

    /// rank = "rank" area_level "by" indicator [ "in" period_value ] [ filter ] [ order ] [ limit ] ;
    mutating func parseRank() throws(Diagnostic) -> Statement {
        let start = try expect(.rank, after: "the start of the statement").range.start
        let level = try parseAreaLevel()
        _ = try expect(.by, after: previous.map(quoted) ?? "the level")
        let indicator = try parseIndicator(after: "'by'")
        var period: PeriodValue?
        if eat(.in) != nil { period = try parsePeriodValue(after: "'in'") }
        let tail = try parseTail(after: "the indicator", allowingIn: period == nil)
        return Statement(.rank(Rank(level: level, indicator: indicator, period: period, filter: tail.filter,
                                    order: tail.order, limit: tail.limit)), range(from: start))
    }

    /// area_level = name ;
    mutating func parseAreaLevel() throws(Diagnostic) -> NameReference {
        try parseNameReference("what to rank: authorities, districts or regions", after: "'rank'")
    }

    /// describe = "describe" indicator ;
    mutating func parseDescribe() throws(Diagnostic) -> Statement {
        let start = try expect(.describe, after: "the start of the statement").range.start
        let indicator = try parseIndicator(after: "'describe'")
        return Statement(.describe(Describe(indicator: indicator)), range(from: start))
    }

    /// workings = "workings" worked_figure "of" indicator "for" area [ "in" period_value ] ;
    ///
    /// `of` is a word here, not a reserved keyword.
    mutating func parseWorkings() throws(Diagnostic) -> Statement {
        let start = try expect(.workings, after: "the start of the statement").range.start
        let figure = try parseWorkedFigure()
        guard current.kind == .name, text(current).lowercased() == "of" else {
            throw unexpected("'of' and the indicator", after: "\(quoted(previous!)) (workings \(figure.text) of INDICATOR for AREA)",
                             alternatives: ["of"])
        }
        advance()
        let indicator = try parseIndicator(after: "'of'")
        _ = try expect(.for, after: "the indicator \(previous.map(quoted) ?? "")")
        let area = try parseArea(after: "'for'")
        var period: PeriodValue?
        if eat(.in) != nil { period = try parsePeriodValue(after: "'in'") }
        try expectStatementEnd(allowing: period == nil ? ["in"] : [])
        return Statement(.workings(Workings(figure: figure, indicator: indicator, area: area, period: period)), range(from: start))
    }

    /// worked_figure = name | "pooled" ;
    mutating func parseWorkedFigure() throws(Diagnostic) -> NameReference {
        if at(.pooled) {
            let token = advance()
            return NameReference(text(token), token.range)
        }
        return try parseNameReference("the figure to show the workings of, such as neighbours_mean, national_rank, rag_calc, england or pooled",
                                      after: "'workings'")
    }

    /// indicator = name | string | parameter ;
    mutating func parseIndicator(after context: String = "'describe'") throws(Diagnostic) -> NameReference {
        try parseNameReference("an indicator code or its name in quotes", after: context, allowingParameter: true)
    }

    /// area = name | string | parameter ;
    mutating func parseArea(after context: String = "'for'") throws(Diagnostic) -> NameReference {
        try parseNameReference("an area name (in quotes if it has spaces)", after: context, allowingParameter: true)
    }

    /// area_list = area { "," area } ;
    mutating func parseAreaList() throws(Diagnostic) -> [NameReference] {
        var areas = [try parseArea(after: "'for'")]
        while eat(.comma) != nil { areas.append(try parseArea(after: "','")) }
        return areas
    }

    /// A name or a string; a parameter too where the name is data (an indicator or an area),
    /// never where it is a word of the language (a comparator, an area level, a column).
    mutating func parseNameReference(_ expected: String, after context: String, allowingParameter: Bool = false) throws(Diagnostic) -> NameReference {
        switch current.kind {
        case .name:
            let token = advance()
            return NameReference(text(token), token.range)
        case .string(let value):
            let token = advance()
            return NameReference(value, quoted: true, token.range)
        case .parameter where allowingParameter:
            let range = current.range
            return NameReference("", quoted: true, range, parameter: parseParameter())
        default:
            throw unexpected(expected, after: context)
        }
    }

    // MARK: Clauses

    struct Tail {
        var filter: Condition?
        var having: Condition?
        var order: [OrderItem] = []
        var limit: Limit?
        var per: [Expression] = []
        var pivot: Pivot?
    }

    /// [ filter ] [ having ] [ order ] [ limit [ per ] ] [ pivot ], then the end of the
    /// statement, `having` and `per` only where the statement allows them. The error for a
    /// word that fits none names the clauses still allowed.
    mutating func parseTail(after context: String, allowingBy: Bool = false, allowingIn: Bool = false,
                            allowingPivot: Bool = false, allowingHaving: Bool = false, allowingPer: Bool = false) throws(Diagnostic) -> Tail {
        var tail = Tail()
        if at(.where) { tail.filter = try parseFilter() }
        if allowingHaving, atWord("having") { tail.having = try parseHaving() }
        if at(.order) { tail.order = try parseOrder() }
        if at(.limit) { tail.limit = try parseLimit() }
        if allowingPer, tail.limit != nil, atWord("per") { tail.per = try parsePer() }
        if allowingPer, tail.limit == nil, atWord("per") {
            throw Diagnostic.error("'per' goes after a limit: limit N per COLUMN, as in limit 3 per code", at: current.range)
        }
        if allowingPivot { tail.pivot = try parsePivotIfPresent() }
        let afterHaving = tail.order.isEmpty && tail.limit == nil && tail.pivot == nil
        let opening = tail.filter == nil && tail.having == nil && afterHaving
        var allowed: [String] = []
        if allowingBy && opening { allowed.append("by") }
        if allowingIn && opening { allowed.append("in") }
        if opening { allowed.append("where") }
        if afterHaving { allowed.append("order by") }
        if tail.limit == nil && tail.pivot == nil { allowed.append("limit") }
        var suggesting: [String] = []
        if allowingHaving && tail.having == nil && afterHaving { suggesting.append("having") }
        if allowingPer && tail.limit != nil && tail.per.isEmpty && tail.pivot == nil { suggesting.append("per") }
        if allowingPivot && tail.pivot == nil { suggesting.append("pivot") }
        if !atStatementEnd, at(.where) || at(.order) || at(.limit) || (allowingHaving && atWord("having")) {
            let clauses = ["where"] + (allowingHaving ? ["having"] : []) + ["order by", "limit"] + (tail.pivot != nil ? ["pivot by"] : [])
            throw Diagnostic.error("\(quoted(current)) is out of place: clauses come in the order \(clauses.joined(separator: ", "))",
                                   at: current.range)
        }
        try expectStatementEnd(allowing: allowed, suggesting: suggesting)
        return tail
    }

    /// Whether the current token is the bare name `word` (in any case): the words that are
    /// keywords only in one place (`having`, `per`, `like`, `distinct`), not reserved.
    func atWord(_ word: String) -> Bool {
        current.kind == .name && text(current).lowercased() == word
    }

    /// having = "having" condition ;
    ///
    /// `having` is a word here, not a reserved keyword.
    mutating func parseHaving() throws(Diagnostic) -> Condition {
        guard atWord("having") else { throw unexpected("'having'", alternatives: ["having"]) }
        advance()
        guard startsCondition else { throw unexpected("a condition on the result, such as count > 1", after: "'having'") }
        return try parseCondition()
    }

    /// per = "per" expression { "," expression } ;
    ///
    /// `per` is a word here, not a reserved keyword.
    mutating func parsePer() throws(Diagnostic) -> [Expression] {
        guard atWord("per") else { throw unexpected("'per'", alternatives: ["per"]) }
        advance()
        return try parseExpressionList("what to take the first rows of each of", example: ", such as code or area", after: "'per'")
    }

    /// The word `pivot` here: a word, not a reserved keyword, so that nothing named `pivot`
    /// changes meaning.
    var atPivot: Bool { atWord("pivot") }

    /// A pivot clause if the statement goes on with one.
    mutating func parsePivotIfPresent() throws(Diagnostic) -> Pivot? {
        atPivot ? try parsePivot() : nil
    }

    /// pivot = "pivot" "by" name ;
    ///
    /// `pivot` is a word here, not a reserved keyword.
    mutating func parsePivot() throws(Diagnostic) -> Pivot {
        guard atPivot else { throw unexpected("'pivot'", alternatives: ["pivot"]) }
        let start = advance().range.start
        _ = try expect(.by, after: "'pivot'")
        let column = try parseNameReference("the column whose values become columns, such as period or area", after: "'pivot by'")
        return Pivot(column: column, range: range(from: start))
    }

    /// filter = "where" condition ;
    mutating func parseFilter() throws(Diagnostic) -> Condition {
        _ = try expect(.where, after: "the statement")
        guard startsCondition else { throw unexpected("a condition such as rag = red", after: "'where'") }
        return try parseCondition()
    }

    /// order = "order" "by" order_item { "," order_item } ;
    mutating func parseOrder() throws(Diagnostic) -> [OrderItem] {
        _ = try expect(.order, after: "the statement")
        _ = try expect(.by, after: "'order'")
        var items = [try parseOrderItem(after: "'order by'")]
        while eat(.comma) != nil {
            items.append(try parseOrderItem(after: "','"))
        }
        return items
    }

    /// order_item = expression [ "asc" | "desc" ] ;
    mutating func parseOrderItem(after context: String = "'order by'") throws(Diagnostic) -> OrderItem {
        guard startsExpression else { throw unexpected("a column to order by", after: context) }
        let expression = try parseExpression()
        var descending = false
        if eat(.desc) != nil { descending = true } else { _ = eat(.asc) }
        return OrderItem(expression: expression, descending: descending, range: range(from: expression.range.start))
    }

    /// limit = "limit" ( number | parameter ) ;
    mutating func parseLimit() throws(Diagnostic) -> Limit {
        let start = try expect(.limit, after: "the statement").range.start
        if at(.parameter) {
            let name = parseParameter()
            return Limit(count: 0, range: range(from: start), parameter: name)
        }
        let number = try expect(.number, "a number of rows or a parameter", after: "'limit'")
        guard let count = Int(text(number)), count >= 0 else {
            throw Diagnostic.error("limit \(quoted(number)) is not a whole number of rows", at: number.range)
        }
        return Limit(count: count, range: range(from: start))
    }
}
