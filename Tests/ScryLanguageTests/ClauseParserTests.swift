import Testing
@testable import ScryLanguage

/// `having`, `like`, `count(distinct …)` and `limit N per …`: words of the language in one
/// place each, not reserved keywords.
struct ClauseParserTests {
    func diagnostic(_ text: String) throws -> Diagnostic {
        try DiagnosticTests().diagnostic(text)
    }

    @Test func havingFollowsTheFilterAndPrecedesTheOrder() throws {
        let text = "avg(value) by area where code = A10 having avg(value) > 80 order by avg(value) desc limit 3"
        guard case .aggregate(let aggregate) = try parseOne(text).kind else { Issue.record("not an aggregate"); return }
        #expect(aggregate.filter != nil)
        guard case .compare(let left, .greater, let right) = aggregate.having?.kind else { Issue.record("no having comparison"); return }
        #expect(left.range == rangeOf("avg(value)", in: text, after: 40))
        #expect(right.kind == .number(80))
        #expect(aggregate.order.count == 1)
        #expect(aggregate.limit?.count == 3)
    }

    @Test func havingIsAWordNotAKeyword() throws {
        // A column or value named `having` elsewhere keeps its meaning.
        guard case .show(let show) = try parseOne("show having").kind else { Issue.record("not a show"); return }
        #expect(show.items.map { $0.expression.nameText } == ["having"])
    }

    @Test func havingOutOfPlaceIsNamed() throws {
        let text = "count by code order by count having count > 1"
        let error = try diagnostic(text)
        #expect(error.message == "'having' is out of place: clauses come in the order where, having, order by, limit")
        #expect(error.range == rangeOf("having", in: text))
    }

    @Test func havingIsOnlyForAggregates() throws {
        let text = "show code having value > 1"
        let error = try diagnostic(text)
        #expect(error.range == rangeOf("having", in: text))
    }

    @Test func likeTakesAQuotedPattern() throws {
        guard case .show(let show) = try parseOne("show code where name not like \"%foster%\" and area like 'North%'").kind,
              case .and(let first, let second) = show.filter?.kind
        else { Issue.record("unexpected shape"); return }
        guard case .like(let left, let pattern, negated: true) = first.kind else { Issue.record("not a not like"); return }
        #expect(left.nameText == "name")
        #expect(pattern.kind == .string("%foster%"))
        guard case .like(_, let other, negated: false) = second.kind else { Issue.record("not a like"); return }
        #expect(other.kind == .string("North%"))
    }

    @Test func likeWithoutAStringPointsAtThePattern() throws {
        let text = "show code where name like foster"
        let error = try diagnostic(text)
        #expect(error.message == "expected a pattern in quotes, such as \"%foster%\" (% any characters, _ one) after 'like', found 'foster'")
        #expect(error.range == rangeOf("foster", in: text))
        let number = "show code where name not like 12"
        #expect(try diagnostic(number).range == rangeOf("12", in: number))
    }

    @Test func countDistinctMarksTheAggregation() throws {
        guard case .aggregate(let aggregate) = try parseOne("count(distinct area), count(area) by code").kind else { Issue.record("not an aggregate"); return }
        #expect(aggregate.aggregations.map(\.distinct) == [true, false])
        #expect(aggregate.aggregations[0].argument?.nameText == "area")
    }

    @Test func countDistinctWithoutAColumnPointsAtTheParenthesis() throws {
        let text = "count(distinct) by code"
        let error = try diagnostic(text)
        #expect(error.message == "expected a column to count the distinct values of, as in count(distinct area) after 'distinct', found ')'")
        #expect(error.range == rangeOf(")", in: text))
    }

    @Test func limitPerTakesGroups() throws {
        let text = "show code, area, value order by value desc limit :n per code, area pivot by area"
        guard case .show(let show) = try parseOne(text).kind else { Issue.record("not a show"); return }
        #expect(show.limit?.parameter == "n")
        #expect(show.limit?.range == rangeOf("limit :n", in: text))
        #expect(show.per.map(\.nameText) == ["code", "area"])
        #expect(show.pivot != nil)
        let (bound, diagnostics) = try parseOne(text).binding(Parameters(["n": "2"]))
        #expect(diagnostics.isEmpty)
        guard case .show(let boundShow) = bound.kind else { return }
        #expect(boundShow.limit?.count == 2)
        #expect(boundShow.per.count == 2)
    }

    @Test func perWithoutALimitSaysWhereItGoes() throws {
        let text = "show code, value order by value per code"
        let error = try diagnostic(text)
        #expect(error.message == "'per' goes after a limit: limit N per COLUMN, as in limit 3 per code")
        #expect(error.range == rangeOf("per", in: text))
    }

    @Test func perWithoutAGroupPointsAtTheEnd() throws {
        let error = try diagnostic("show code limit 3 per")
        #expect(error.message.hasPrefix("expected what to take the first rows of each of, such as code or area after 'per'"))
    }

    @Test func parametersInHavingAndLikeAreBound() throws {
        let text = "count by area where area like :pattern having count > :least"
        let (bound, diagnostics) = try parseOne(text).binding(Parameters(["pattern": "North%", "least": "2"]))
        #expect(diagnostics.isEmpty)
        guard case .aggregate(let aggregate) = bound.kind, case .like(_, let pattern, _) = aggregate.filter?.kind,
              case .compare(_, _, let least) = aggregate.having?.kind
        else { Issue.record("unexpected shape"); return }
        #expect(pattern.kind == .string("North%"))
        #expect(least.kind == .number(2))
        // A pattern is text whatever it looks like: `12` stays the string 12.
        let digits = try parseOne("show code where code like :pattern").binding(Parameters(["pattern": "12"])).statement
        guard case .show(let show) = digits.kind, case .like(_, let text, _) = show.filter?.kind else { Issue.record("no like"); return }
        #expect(text.kind == .string("12"))
    }
}
