extension Parser {
    /// Parses `text` as one production of `Grammar/scry.ebnf`, by name, and requires it to
    /// use the whole text. Returns the diagnostics (empty on success), or nil for a name
    /// the grammar does not have. The grammar's examples are checked through this.
    static func parse(production: String, _ text: String) -> [Diagnostic]? {
        var parser = Parser(SourceFile(name: production, text: text))
        guard let parse = productions[production] else { return nil }
        if production == "script" {
            _ = parser.parseScript()
            return parser.diagnostics
        }
        do {
            try parse(&parser)
            guard parser.at(.end) else { return [parser.unexpected("the end of the \(production)")] }
            return []
        } catch {
            return [error]
        }
    }

    typealias ProductionParser = @Sendable (inout Parser) throws(Diagnostic) -> Void

    /// Every production with a parse function of its own: the statement kinds' from their
    /// table, and the rest.
    static let productions: [String: ProductionParser] = Dictionary(uniqueKeysWithValues: StatementKind.allCases.map { kind in
        (kind.rawValue, { parser throws(Diagnostic) in _ = try kind.parse(&parser) } as ProductionParser)
    }).merging(clauses) { statement, _ in statement }

    private static let clauses: [String: ProductionParser] = [
        "script": { _ throws(Diagnostic) in },
        "statement_end": { parser throws(Diagnostic) in
            if parser.eat(.semicolon) == nil, parser.eat(.newline) == nil { throw parser.unexpected("';' or a line end") }
        },
        "statement": { parser throws(Diagnostic) in _ = try parser.parseStatement() },
        "select_list": { parser throws(Diagnostic) in _ = try parser.parseSelectList() },
        "select_item": { parser throws(Diagnostic) in _ = try parser.parseSelectItem() },
        "comparator": { parser throws(Diagnostic) in _ = try parser.parseComparator() },
        "aggregation": { parser throws(Diagnostic) in _ = try parser.parseAggregation() },
        "function": { parser throws(Diagnostic) in
            guard case .keyword(let keyword) = parser.current.kind, keyword.isAggregateFunction else {
                throw parser.unexpected("an aggregation function")
            }
            parser.advance()
        },
        "group_list": { parser throws(Diagnostic) in _ = try parser.parseGroupList() },
        "worked_figure": { parser throws(Diagnostic) in _ = try parser.parseWorkedFigure() },
        "area_level": { parser throws(Diagnostic) in _ = try parser.parseAreaLevel() },
        "indicator": { parser throws(Diagnostic) in _ = try parser.parseIndicator() },
        "area": { parser throws(Diagnostic) in _ = try parser.parseArea() },
        "area_list": { parser throws(Diagnostic) in _ = try parser.parseAreaList() },
        "filter": { parser throws(Diagnostic) in _ = try parser.parseFilter() },
        "order": { parser throws(Diagnostic) in _ = try parser.parseOrder() },
        "order_item": { parser throws(Diagnostic) in _ = try parser.parseOrderItem() },
        "limit": { parser throws(Diagnostic) in _ = try parser.parseLimit() },
        "pivot": { parser throws(Diagnostic) in _ = try parser.parsePivot() },
        "having": { parser throws(Diagnostic) in _ = try parser.parseHaving() },
        "per": { parser throws(Diagnostic) in _ = try parser.parsePer() },
        "condition": { parser throws(Diagnostic) in _ = try parser.parseCondition() },
        "and_condition": { parser throws(Diagnostic) in _ = try parser.parseAndCondition() },
        "not_condition": { parser throws(Diagnostic) in _ = try parser.parseNotCondition() },
        "predicate": { parser throws(Diagnostic) in _ = try parser.parsePredicate() },
        "period_predicate": { parser throws(Diagnostic) in _ = try parser.parsePeriodPredicate() },
        "area_group": { parser throws(Diagnostic) in _ = try parser.parseAreaGroup() },
        "comparison_op": { parser throws(Diagnostic) in
            guard parser.comparisonOperator != nil else { throw parser.unexpected("a comparison operator") }
            parser.advance()
        },
        "period_value": { parser throws(Diagnostic) in _ = try parser.parsePeriodValue() },
        "expression": { parser throws(Diagnostic) in _ = try parser.parseExpression() },
        "term": { parser throws(Diagnostic) in _ = try parser.parseTerm() },
        "factor": { parser throws(Diagnostic) in _ = try parser.parseFactor() },
        "primary": { parser throws(Diagnostic) in _ = try parser.parsePrimary() },
        "parameter": { parser throws(Diagnostic) in
            guard parser.at(.parameter) else { throw parser.unexpected("a parameter such as :la") }
            _ = parser.parseParameter()
        },
    ]
}
