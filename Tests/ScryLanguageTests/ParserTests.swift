import Testing
@testable import ScryLanguage

/// Parses one statement, failing the test on any diagnostic.
/// The range of the first occurrence of `part` in `text` (after `after` characters).
func rangeOf(_ part: String, in text: String, after: Int = 0) -> SourceRange {
    let bytes = Array(text.utf8), needle = Array(part.utf8)
    for start in after...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
        return SourceRange(start, start + needle.count)
    }
    return SourceRange(-1, -1)
}

func parseOne(_ text: String) throws -> Statement {
    let result = Parser.parse(SourceFile(name: "test", text: text))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(result.statements.count == 1)
    return try #require(result.statements.first)
}

struct ParserTests {
    @Test func showWithFilterOrderAndLimit() throws {
        let text = "show code, name, value, target, rag where rag = red and period = latest order by value desc limit 10"
        let statement = try parseOne(text)
        guard case .show(let show) = statement.kind else { Issue.record("not a show"); return }
        #expect(show.items.map { $0.expression.nameText } == ["code", "name", "value", "target", "rag"])
        #expect(show.order.count == 1)
        #expect(show.order[0].descending)
        #expect(show.limit?.count == 10)
        guard case .and(let left, let right) = show.filter?.kind else { Issue.record("not an and"); return }
        #expect(left.kind == .compare(Expression(.name("rag"), rangeOf("rag", in: text, after: 36)), .equal, Expression(.name("red"), rangeOf("red", in: text))))
        #expect(right.kind == .period(.compare(.equal, PeriodValue(.latest, rangeOf("latest", in: text)))))
        #expect(statement.range == SourceRange(0, text.utf8.count))
    }

    @Test func workingsNamesTheFigureIndicatorAreaAndPeriod() throws {
        let statement = try parseOne("workings neighbours_mean of ReReferral for Kent in 2025")
        guard case .workings(let workings) = statement.kind else { Issue.record("not a workings"); return }
        #expect([workings.figure.text, workings.indicator.text, workings.area.text] == ["neighbours_mean", "ReReferral", "Kent"])
        #expect(workings.period?.kind == .label("2025"))
        guard case .workings(let pooled) = try parseOne("workings pooled of CS3 for \"City\"").kind else { Issue.record("not a workings"); return }
        #expect(pooled.figure.text == "pooled" && pooled.period == nil)
        let text = "workings rag_calc A10 for Kent"
        let result = Parser.parse(SourceFile(name: "test", text: text))
        #expect(result.diagnostics.map(\.message) == ["expected 'of' and the indicator after 'rag_calc' (workings rag_calc of INDICATOR for AREA), found 'A10'"])
        #expect(result.diagnostics.first?.range == rangeOf("A10", in: text))
        let misspelt = Parser.parse(SourceFile(name: "test", text: "workings rag_calc fo A10 for Kent"))
        #expect(misspelt.diagnostics.first?.suggestion == "did you mean 'of'?")
    }

    @Test func showStarSelectsEverything() throws {
        guard case .show(let show) = try parseOne("show *").kind else { Issue.record("not a show"); return }
        #expect(show.items.isEmpty)
    }

    @Test func quotedNamesAndPeriodRanges() throws {
        let statement = try parseOne(#"show code, period, value where theme = "Child protection" and area = Kent and period from 2012-09 to 2013-07"#)
        guard case .show(let show) = statement.kind, case .and(let first, let range) = show.filter?.kind,
              case .and(_, _) = first.kind
        else { Issue.record("unexpected shape"); return }
        guard case .period(.range(let from, let to)) = range.kind else { Issue.record("not a period range"); return }
        #expect(from.kind == .label("2012-09"))
        #expect(to.kind == .label("2013-07"))
    }

    @Test func inListsAndPeriodWithin() throws {
        let text = "show code where district in (EAST, SOUTH) and period in 2017/18 and polarity = H"
        let statement = try parseOne(text)
        guard case .show(let show) = statement.kind, case .and(let left, let polarity) = show.filter?.kind,
              case .and(let district, let period) = left.kind
        else { Issue.record("unexpected shape"); return }
        guard case .inList(let column, let values, negated: false) = district.kind else { Issue.record("not an in list"); return }
        #expect(column.nameText == "district")
        #expect(values.map(\.nameText) == ["EAST", "SOUTH"])
        #expect(period.kind == .period(.within(PeriodValue(.label("2017/18"), rangeOf("2017/18", in: text)))))
        guard case .compare(_, .equal, let value) = polarity.kind else { Issue.record("not a comparison"); return }
        #expect(value.nameText == "H")
    }

    @Test func areaGroupsParseAfterIn() throws {
        let text = #"show area where area not in authorities of "South East""#
        guard case .show(let show) = try parseOne(text).kind, case .inGroup(let left, let group, negated: true) = show.filter?.kind else {
            Issue.record("not an area group"); return
        }
        #expect(left.nameText == "area")
        #expect(group.level.text == "authorities" && group.area.text == "South East" && group.area.quoted)
        #expect(group.range == rangeOf(#"authorities of "South East""#, in: text))
        let wrong = Parser.parse(SourceFile(name: "test", text: "show area where area in neighbours Kent"))
        #expect(wrong.diagnostics.map(\.message) == ["expected '(' and a list of values, or a group such as authorities of \"South East\" after 'in', found 'neighbours'"])
        let missing = Parser.parse(SourceFile(name: "test", text: "show area where area in neighbours of"))
        #expect(missing.diagnostics.first?.message == "expected an area name (in quotes if it has spaces) after 'of', found the end of the input")
    }

    @Test func compareWithSeveralComparators() throws {
        let statement = try parseOne("compare CPP_rate with england, neighbours, region where area = Kent and period = latest")
        guard case .compare(let compare) = statement.kind else { Issue.record("not a compare"); return }
        #expect(compare.indicator.text == "CPP_rate")
        #expect(compare.comparators.map(\.text) == ["england", "neighbours", "region"])
        #expect(compare.filter != nil)
    }

    @Test func aggregationsWithGroups() throws {
        let statement = try parseOne("avg(value), min(value), max(value), percentile(value, 90), count by district, period where code = A10")
        guard case .aggregate(let aggregate) = statement.kind else { Issue.record("not an aggregate"); return }
        #expect(aggregate.aggregations.map(\.function) == [.avg, .min, .max, .percentile, .count])
        #expect(aggregate.aggregations[3].parameter == 90)
        #expect(aggregate.aggregations[4].argument == nil)
        #expect(aggregate.groups.map(\.nameText) == ["district", "period"])
    }

    @Test func countAloneAndPooled() throws {
        guard case .aggregate(let count) = try parseOne("count by rag, theme where period = 2012-07").kind else { Issue.record("not an aggregate"); return }
        #expect(count.aggregations[0].function == .count)
        #expect(count.groups.count == 2)
        guard case .aggregate(let pooled) = try parseOne("pooled(value) by period").kind else { Issue.record("not an aggregate"); return }
        #expect(pooled.aggregations[0].function == .pooled)
    }

    @Test func trendWithAreaAndPeriods() throws {
        guard case .trend(let trend) = try parseOne("trend A3 for Kent from 2012-09 to 2013-07").kind else { Issue.record("not a trend"); return }
        #expect(trend.indicator.text == "A3")
        #expect(trend.area?.text == "Kent")
        #expect(trend.from?.kind == .label("2012-09"))
        #expect(trend.to?.kind == .label("2013-07"))
    }

    @Test func rankByIndicatorInAYear() throws {
        guard case .rank(let rank) = try parseOne("rank authorities by CPP_rate in 2025 limit 5").kind else { Issue.record("not a rank"); return }
        #expect(rank.level.text == "authorities")
        #expect(rank.indicator.text == "CPP_rate")
        #expect(rank.period?.kind == .label("2025"))
        #expect(rank.limit?.count == 5)
    }

    @Test func describeByCodeOrQuotedName() throws {
        guard case .describe(let byCode) = try parseOne("describe A10").kind else { Issue.record("not a describe"); return }
        #expect(byCode.indicator == NameReference("A10", SourceRange(9, 12)))
        guard case .describe(let byName) = try parseOne(#"DESCRIBE "Number of Kent CIC""#).kind else { Issue.record("not a describe"); return }
        #expect(byName.indicator.quoted)
        #expect(byName.indicator.text == "Number of Kent CIC")
    }

    @Test func directionOfTravelColumns() throws {
        guard case .show(let show) = try parseOne("show code, value, previous, dot where dot = worsened").kind else { Issue.record("not a show"); return }
        #expect(show.items.map { $0.expression.nameText } == ["code", "value", "previous", "dot"])
    }

    @Test func arithmeticBindsTighterThanComparisonAndMultiplicationThanAddition() throws {
        guard case .show(let show) = try parseOne("show code where value - target * 2 > -5").kind,
              case .compare(let left, .greater, let right) = show.filter?.kind
        else { Issue.record("unexpected shape"); return }
        guard case .binary(.subtract, _, let product) = left.kind, case .binary(.multiply, _, _) = product.kind else {
            Issue.record("multiplication must bind tighter"); return
        }
        #expect(right.kind == .number(-5))
    }

    @Test func orBindsLooserThanAndAndNotTighter() throws {
        guard case .show(let show) = try parseOne("show code where not rag = red and polarity = H or rag = green").kind,
              case .or(let left, _) = show.filter?.kind, case .and(let negated, _) = left.kind, case .not = negated.kind
        else { Issue.record("expected (not a and b) or c"); return }
    }

    @Test func parenthesesGroupConditionsOrExpressions() throws {
        guard case .show(let grouped) = try parseOne("show code where (rag = red or rag = amber) and polarity = H").kind,
              case .and(let group, _) = grouped.filter?.kind, case .or = group.kind
        else { Issue.record("expected a grouped or"); return }
        guard case .show(let arithmetic) = try parseOne("show code where (value - previous) / previous > 0.1").kind,
              case .compare(let left, .greater, _) = arithmetic.filter?.kind, case .binary(.divide, _, _) = left.kind
        else { Issue.record("expected an arithmetic comparison"); return }
    }

    @Test(arguments: ["Jul 2013", "Jul 13", "Dec-17", "Q3 2015/16", "AY 2018/19", "2019", "2013/14", "latest", "previous"])
    func periodValuesInEveryForm(label: String) throws {
        guard case .show(let show) = try parseOne("show value where period = \(label)").kind,
              case .period(.compare(.equal, let value)) = show.filter?.kind
        else { Issue.record("expected a period comparison"); return }
        #expect(value.range == SourceRange(26, 26 + label.utf8.count))
    }

    @Test func lastMonths() throws {
        guard case .show(let show) = try parseOne("show value where period in last 12 months").kind,
              case .period(.within(let value)) = show.filter?.kind
        else { Issue.record("expected period in last …"); return }
        #expect(value.kind == .last(12, unit: "months"))
    }

    @Test func statementsEndAtSemicolonsAndAtLineEndsBeforeAStatement() {
        let script = """
            show code, value
              where rag = red
              order by value desc;  count by rag
            -- a comment
            describe A10
            trend A3
            """
        let result = Parser.parse(SourceFile(name: "script", text: script))
        #expect(result.diagnostics.isEmpty)
        #expect(result.statements.count == 4)
    }

    @Test func aLineStartingWithACommaContinuesTheStatement() {
        let result = Parser.parse(SourceFile(name: "s", text: "show code\n, value\n, rag"))
        #expect(result.diagnostics.isEmpty)
        guard case .show(let show) = result.statements.first?.kind else { Issue.record("not a show"); return }
        #expect(show.items.count == 3)
    }
}

/// `pivot by COLUMN` and `trend … for A, B`.
struct PivotParserTests {
    func firstError(_ text: String) -> Diagnostic? {
        Parser.parse(SourceFile(name: "test", text: text)).diagnostics.first
    }

    @Test func pivotEndsAShowAnAggregationAndATrend() throws {
        let text = "show code, period, value where area = Kent order by code limit 10 pivot by period"
        guard case .show(let show) = try parseOne(text).kind else { Issue.record("not a show"); return }
        #expect(show.pivot == Pivot(column: NameReference("period", rangeOf("period", in: text, after: 70)), range: rangeOf("pivot by period", in: text)))
        #expect(show.limit?.count == 10)
        guard case .aggregate(let aggregate) = try parseOne("count by rag, area pivot by area").kind else { Issue.record("not an aggregate"); return }
        #expect(aggregate.pivot?.column.text == "area")
        guard case .trend(let trend) = try parseOne("trend A3 for Kent where value > 1 pivot by period").kind else { Issue.record("not a trend"); return }
        #expect(trend.pivot?.column.text == "period")
    }

    @Test func aPivotOnItsOwnLineContinuesTheStatement() throws {
        guard case .show(let show) = try parseOne("show area, value\n  where code = A3\n  pivot by area").kind else { Issue.record("not a show"); return }
        #expect(show.pivot?.column.text == "area")
    }

    @Test func pivotIsAWordAndNotReserved() throws {
        // A column or an area named pivot keeps its meaning.
        guard case .show(let show) = try parseOne("show value where area = pivot").kind else { Issue.record("not a show"); return }
        #expect(show.pivot == nil)
    }

    @Test func trendTakesAListOfAreas() throws {
        guard case .trend(let trend) = try parseOne("trend A3 for Kent, \"Tonbridge and Malling\", City from 2012-09 to 2013-07").kind
        else { Issue.record("not a trend"); return }
        #expect(trend.areas.map(\.text) == ["Kent", "Tonbridge and Malling", "City"])
        #expect(trend.from != nil)
    }

    @Test func compareTakesAListOfAreasBeforeItsFilter() throws {
        guard case .compare(let compare) = try parseOne("compare A10 with england, neighbours for Kent, Medway where period = 2025").kind
        else { Issue.record("not a compare"); return }
        #expect(compare.comparators.map(\.text) == ["england", "neighbours"])
        #expect(compare.areas.map(\.text) == ["Kent", "Medway"])
        #expect(compare.filter != nil)
    }

    @Test func pivotErrorsSayWhatWasExpectedWhere() throws {
        let missingBy = "show value pivot period"
        #expect(firstError(missingBy)?.message == "expected 'by' after 'pivot', found 'period'")
        #expect(firstError(missingBy)?.range == rangeOf("period", in: missingBy))
        let missingColumn = "show value pivot by"
        #expect(firstError(missingColumn)?.message == "expected the column whose values become columns, such as period or area after 'pivot by', found the end of the input")
        let late = "show value pivot by period where area = Kent"
        #expect(firstError(late)?.message == "'where' is out of place: clauses come in the order where, order by, limit, pivot by")
        #expect(firstError(late)?.range == rangeOf("where", in: late))
        #expect(firstError("show value pivto by period")?.suggestion == "did you mean 'pivot'?")
        #expect(firstError("compare A10 with england pivot by area")?.message == "expected 'where', 'order by', 'limit' or the end of the statement, found 'pivot'")
        #expect(firstError("trend A3 for Kent,")?.message == "expected an area name (in quotes if it has spaces) after ',', found the end of the input")
    }
}

/// `benchmark`: indicators or `*`, one area, a window of periods, a filter.
struct BenchmarkParserTests {
    func benchmark(_ text: String) throws -> Benchmark {
        let parsed = Parser.parse(SourceFile(name: "test", text: text))
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))")
        guard case .benchmark(let benchmark) = try #require(parsed.statements.first).kind else {
            Issue.record("not a benchmark: \(text)")
            throw CancellationError()
        }
        return benchmark
    }

    func error(_ text: String) -> Diagnostic? { Parser.parse(SourceFile(name: "test", text: text)).diagnostics.first }

    @Test func indicatorsAreaAndWindow() throws {
        let one = try benchmark("benchmark ReReferral for Kent")
        #expect(one.indicators.map(\.text) == ["ReReferral"])
        #expect(one.area.text == "Kent")
        #expect(one.last == nil && one.from == nil && one.filter == nil)
        let several = try benchmark(#"BENCHMARK ReReferral, "Child Protection Plans rate per 10,000" for "Isle of Wight" last 3"#)
        #expect(several.indicators.map(\.text) == ["ReReferral", "Child Protection Plans rate per 10,000"])
        #expect(several.area.text == "Isle of Wight")
        #expect(several.last?.count == 3)
        let all = try benchmark(#"benchmark * for Kent from 2021 to 2025 where theme = "Child Protection""#)
        #expect(all.indicators.isEmpty)
        #expect(all.from != nil && all.to != nil && all.filter != nil)
    }

    @Test func mistakesAreLocated() {
        #expect(error("benchmark ReReferral Kent")?.message == "expected 'for' after the indicators, found 'Kent'")
        #expect(error("benchmark * Kent")?.message == "expected 'for' after '*', found 'Kent'")
        #expect(error("benchmark A10 for Kent last 0")?.range == SourceRange(28, 29))
        #expect(error("benchmark A10 for Kent last 2 from 2012 to 2013")?.message.hasPrefix("expected 'where' or the end of the statement") == true)
        #expect(error("benchmark for Kent")?.message.hasPrefix("expected an indicator code or its name in quotes after 'benchmark'") == true)
    }
}
