import Testing
@testable import ScryLanguage

/// `:name` parameters: one token, a placeholder at each place the grammar allows, and a
/// typed value put in its place by `Statement.binding`, or a diagnostic at the parameter.
struct ParametersTests {
    /// The one statement of `text`, with `values` bound: the statement and the diagnostics.
    func bind(_ text: String, _ values: [String: String]) throws -> (statement: Statement, diagnostics: [Diagnostic]) {
        try parseOne(text).binding(Parameters(values))
    }

    // MARK: Lexing and parsing

    @Test func parameterIsOneTokenWithItsRange() {
        let tokens = Lexer.tokenize("area = :la_2, :_x")
        #expect(tokens.map(\.kind) == [.name, .equal, .parameter, .comma, .parameter, .end])
        #expect(tokens[2].range == SourceRange(7, 12))
        #expect(tokens[4].range == SourceRange(14, 17))
    }

    @Test(arguments: [": la", ":1", ":"])
    func colonWithoutANameIsInvalidAtTheColon(text: String) {
        let token = Lexer.tokenize(text)[0]
        #expect(token.kind == .invalid("expected a parameter name after ':', as in :la (a letter or '_' first, no space)"))
        #expect(token.range == SourceRange(0, 1))
    }

    @Test func placeholdersStandInEveryPlaceTheGrammarAllows() throws {
        let text = "show code, value * :k where area = :la and code in (:a, :b) and value between :low and :high and period = :p limit :n"
        guard case .show(let show) = try parseOne(text).kind else { Issue.record("not a show"); return }
        guard case .binary(.multiply, _, let k) = show.items[1].expression.kind else { Issue.record("not a product"); return }
        #expect(k == Expression(.parameter("k"), rangeOf(":k", in: text)))
        #expect(show.limit?.parameter == "n")
        #expect(show.limit?.range == rangeOf("limit :n", in: text))
        guard case .and(let first, let period) = show.filter?.kind, case .and(let second, let between) = first.kind,
              case .and(let area, let list) = second.kind
        else { Issue.record("unexpected shape"); return }
        #expect(area.kind == .compare(Expression(.name("area"), rangeOf("area", in: text)), .equal, Expression(.parameter("la"), rangeOf(":la", in: text))))
        guard case .inList(_, let values, negated: false) = list.kind else { Issue.record("not an in list"); return }
        #expect(values.map(\.kind) == [.parameter("a"), .parameter("b")])
        guard case .between(_, let low, let high) = between.kind else { Issue.record("not between"); return }
        #expect([low.kind, high.kind] == [.parameter("low"), .parameter("high")])
        #expect(period.kind == .period(.compare(.equal, PeriodValue(.parameter("p"), rangeOf(":p", in: text)))))
    }

    @Test func indicatorsAreasAndPeriodsOfEveryStatementTakeParameters() throws {
        let trendText = "trend :code for :la, England from :first to :last"
        guard case .trend(let trend) = try parseOne(trendText).kind else { Issue.record("not a trend"); return }
        #expect(trend.indicator == NameReference("", quoted: true, rangeOf(":code", in: trendText), parameter: "code"))
        #expect(trend.areas.map(\.parameter) == ["la", nil])
        #expect(trend.areas[0].range == rangeOf(":la", in: trendText))
        #expect(trend.from == PeriodValue(.parameter("first"), rangeOf(":first", in: trendText)))
        #expect(trend.to?.kind == .parameter("last"))
        guard case .rank(let rank) = try parseOne("rank districts by :code in :year limit :n").kind else { Issue.record("not a rank"); return }
        #expect(rank.indicator.parameter == "code")
        #expect(rank.period?.kind == .parameter("year"))
        guard case .compare(let compare) = try parseOne("compare :code with england for :la").kind else { Issue.record("not a compare"); return }
        #expect([compare.indicator.parameter, compare.areas[0].parameter] == ["code", "la"])
        guard case .describe(let describe) = try parseOne("describe :code").kind else { Issue.record("not a describe"); return }
        #expect(describe.indicator.parameter == "code")
        let (bound, problems) = try parseOne("benchmark :code, A10 for :la from :first to latest").binding(Parameters(["code": "A3", "la": "Kent", "first": "2019"]))
        #expect(problems.isEmpty, "\(problems)")
        guard case .benchmark(let benchmark) = bound.kind else { Issue.record("not a benchmark"); return }
        #expect(benchmark.indicators.map(\.text) == ["A3", "A10"])
        #expect(benchmark.area.text == "Kent" && benchmark.area.parameter == nil)
        #expect(benchmark.from?.kind == .label("2019"))
        let values = Parameters(["code": "CS3", "la": "EAST", "month": "2017-12"])
        let (scorecard, scorecardProblems) = try parseOne("scorecard for :la in :month").binding(values)
        #expect(scorecardProblems.isEmpty)
        guard case .scorecard(let boundScorecard) = scorecard.kind else { Issue.record("not a scorecard"); return }
        #expect(boundScorecard.area.text == "EAST" && boundScorecard.period?.kind == .label("2017-12"))
        let (chart, chartProblems) = try parseOne("chart :code by districts in :month highlight :la").binding(values)
        #expect(chartProblems.isEmpty)
        guard case .chart(let boundChart) = chart.kind, case .byArea(_, let when, let highlight) = boundChart.layout else { Issue.record("not a bar chart"); return }
        #expect(boundChart.indicator.text == "CS3" && when?.kind == .label("2017-12") && highlight?.text == "EAST")
        let chartText = "chart A10 for Kent, :other from :first to latest"
        let (_, unsetInChart) = try parseOne(chartText).binding(values)
        #expect(unsetInChart.map(\.range) == [rangeOf(":other", in: chartText), rangeOf(":first", in: chartText)])
        let (workings, workingsProblems) = try parseOne("workings neighbours_mean of :code for :la in :month").binding(values)
        #expect(workingsProblems.isEmpty)
        guard case .workings(let boundWorkings) = workings.kind else { Issue.record("not a workings"); return }
        #expect(boundWorkings.indicator.text == "CS3" && boundWorkings.area.text == "EAST" && boundWorkings.period?.kind == .label("2017-12"))
        guard case .show(let show) = try parseOne("show value where area in districts of :la").kind,
              case .inGroup(_, let group, _) = show.filter?.kind
        else { Issue.record("not an area group"); return }
        #expect(group.area.parameter == "la")
    }

    @Test func wordsOfTheLanguageTakeNoParameter() {
        // A comparator, an area level and a pivot column are words of the language, not data.
        for text in ["compare A10 with :c", "rank :level by A10", "show period, value pivot by :column", "show value as :alias"] {
            let result = Parser.parse(SourceFile(name: "test", text: text))
            #expect(result.diagnostics.count == 1, "\(text)")
            #expect(result.diagnostics.first?.message.contains("found the parameter :") == true, "\(text): \(result.diagnostics)")
        }
    }

    // MARK: Binding

    @Test func valuesAreTypedByTheirPlace() throws {
        let text = "show code where area = :la and value > :threshold and code = :neg and period in :span limit :n"
        let (statement, diagnostics) = try bind(text, ["la": "Kent", "threshold": "90", "neg": "-2.5", "span": "last 3 months", "n": "4"])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard case .show(let show) = statement.kind, case .and(let left, let span) = show.filter?.kind,
              case .and(let areaAndValue, let negative) = left.kind, case .and(let area, let value) = areaAndValue.kind
        else { Issue.record("unexpected shape"); return }
        // The value keeps the parameter's place, so later errors point at it.
        #expect(area.kind == .compare(Expression(.name("area"), rangeOf("area", in: text)), .equal, Expression(.string("Kent"), rangeOf(":la", in: text))))
        guard case .compare(_, _, let number) = value.kind, case .compare(_, _, let negativeNumber) = negative.kind else { Issue.record("not comparisons"); return }
        #expect(number.kind == .number(90))
        #expect(negativeNumber.kind == .number(-2.5))
        #expect(span.kind == .period(.within(PeriodValue(.last(3, unit: "months"), rangeOf(":span", in: text)))))
        #expect(show.limit?.count == 4)
        #expect(show.limit?.parameter == nil)
    }

    @Test(arguments: [("2013-07", PeriodValue.Kind.label("2013-07")), ("Jul 2013", .label("Jul 2013")), ("2019", .label("2019")),
                      ("Q3 2015/16", .label("Q3 2015/16")), ("latest", .latest), ("previous", .previous), ("last 2 years", .last(2, unit: "years"))])
    func periodValuesAreReadByThePeriodRules(value: String, kind: PeriodValue.Kind) throws {
        let (statement, diagnostics) = try bind("trend A10 from :first to 2013-07", ["first": value])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard case .trend(let trend) = statement.kind else { Issue.record("not a trend"); return }
        #expect(trend.from == PeriodValue(kind, SourceRange(15, 21)))
    }

    @Test func theCountOfLastTakesAParameterAtItsOwnPlace() throws {
        let text = "count where period in last :n months"
        guard case .aggregate(let aggregate) = try parseOne(text).kind else { Issue.record("not an aggregate"); return }
        let span = PeriodValue(.lastParameter("n", at: rangeOf(":n", in: text), unit: "months"), rangeOf("last :n months", in: text))
        #expect(aggregate.filter?.kind == .period(.within(span)))
        let (bound, _) = try bind(text, ["n": "3"])
        guard case .aggregate(let boundAggregate) = bound.kind else { Issue.record("not an aggregate"); return }
        #expect(boundAggregate.filter?.kind == .period(.within(PeriodValue(.last(3, unit: "months"), span.range))))
        let (_, zero) = try bind(text, ["n": "0"])
        #expect(zero.map(\.message) == ["parameter ':n' holds '0', which is not a whole number of periods"])
        #expect(zero.first?.range == rangeOf(":n", in: text))
        // A period's value is read alone: `last :m months` in it names no parameter.
        let (_, nested) = try bind("count where period = :p", ["p": "last :m months", "m": "3"])
        #expect(nested.count == 1)
    }

    @Test func indicatorsAndAreasBecomeQuotedNamesSoNoValueIsAKeyword() throws {
        let (statement, diagnostics) = try bind("trend :code for :la", ["code": "A10", "la": "where"])
        #expect(diagnostics.isEmpty)
        guard case .trend(let trend) = statement.kind else { Issue.record("not a trend"); return }
        #expect(trend.indicator == NameReference("A10", quoted: true, SourceRange(6, 11)))
        #expect(trend.areas == [NameReference("where", quoted: true, SourceRange(16, 19))])
    }

    @Test func aValueIsNeverStatementText() throws {
        // The value of a parameter holding more statement stays one string at its place.
        let text = "show value where area = :la"
        let injected = "Kent; .output /etc/x\nshow * where area = :la"
        let (statement, diagnostics) = try bind(text, ["la": injected])
        #expect(diagnostics.isEmpty)
        guard case .show(let show) = statement.kind, case .compare(_, _, let value) = show.filter?.kind else { Issue.record("not a comparison"); return }
        #expect(value == Expression(.string(injected), rangeOf(":la", in: text)))
        #expect(statement.range == SourceRange(0, text.utf8.count))
        // A period's value names no parameter: `:other` in it is not looked up.
        let (_, periodProblems) = try bind("show value where period = :p", ["p": ":q", "q": "2013-07"])
        #expect(periodProblems.map(\.message) == ["parameter ':p' holds ':q', which is not a period: expected \(Parser.periodExamples)"])
    }

    // MARK: Errors at the parameter

    @Test func unsetParameterIsAnErrorAtItsPlaceWithTheNearestName() throws {
        let text = "show value where area = :la and period = :month limit :n"
        let (_, diagnostics) = try bind(text, ["area": "Kent", "n": "3"])
        #expect(diagnostics.map(\.range) == [rangeOf(":la", in: text), rangeOf(":month", in: text)])
        #expect(diagnostics[0].message == "parameter ':la' is not set: set it with --param la=VALUE or .param set la VALUE")
        #expect(diagnostics[1].message == "parameter ':month' is not set: set it with --param month=VALUE or .param set month VALUE")
        let (_, none) = try bind("describe :code", [:])
        #expect(none.first?.message.hasSuffix("(no parameter is set)") == true)
        #expect(none.first?.range == SourceRange(9, 14))
        let (_, misspelt) = try bind("describe :cdoe", ["code": "A10"])
        #expect(misspelt.first?.suggestion == "did you mean ':code'?")
    }

    @Test func valueThatDoesNotFitItsPlaceIsAnErrorAtTheParameter() throws {
        let text = "rank districts by A10 in :year limit :n"
        let (_, diagnostics) = try bind(text, ["year": "Jully 2013", "n": "ten"])
        #expect(diagnostics.map(\.range) == [rangeOf(":year", in: text), rangeOf(":n", in: text)])
        #expect(diagnostics[0].message == "parameter ':year' holds 'Jully 2013', which is not a period: expected \(Parser.periodExamples)")
        #expect(diagnostics[0].suggestion == "did you mean 'july'?")
        #expect(diagnostics[1].message == "parameter ':n' holds 'ten', which is not a whole number of rows")
        for bad in ["-1", "2.5", "", " 3"] {
            #expect(try bind(text, ["year": "2013-07", "n": bad]).diagnostics.count == 1, "limit '\(bad)'")
        }
    }

    @Test func assignmentsTakeTheFirstEqualsSign() throws {
        let kent = try Parameters.assignment("la=Kent").get()
        #expect(kent.name == "la" && kent.value == "Kent")
        let equals = try Parameters.assignment("q=a=b c").get()
        #expect(equals.name == "q" && equals.value == "a=b c")
        #expect(try Parameters.assignment("empty=").get().value == "")
        for bad in ["la", "=Kent", "1x=3", "la x=3", ":la=Kent", "la=Kent\r\n"] {
            guard case .failure = Parameters.assignment(bad) else { Issue.record("'\(bad)' was taken"); continue }
        }
    }
}
