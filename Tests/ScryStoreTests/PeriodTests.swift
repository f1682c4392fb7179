import Testing
@testable import ScryStore

struct PeriodTests {
    @Test(arguments: [
        ("Jul 13", "2013-07"), ("Jul 2013", "2013-07"), ("Dec-17", "2017-12"), ("2013-07", "2013-07"),
        ("July 2013", "2013-07"), ("sep 12", "2012-09"), ("Sept 2012", "2012-09"),
        ("2013/14", "2013/14"), ("FY 2013/14", "2013/14"), ("AY 2018/19", "AY 2018/19"),
        ("Q3 2015/16", "Q3 2015/16"), ("Q1 2015/16", "Q1 2015/16"), ("Q4 2015/16", "Q4 2015/16"),
        ("2016-17 (OT)", "2016/17 (OT)"), ("2014-16", "2014-16"), ("2021 (Final)", "2021 (Final)"),
        ("2025 (prov)", "2025 (prov)"), ("2019", "2019"), ("2018 (Rev)", "2018 (Rev)"),
        ("2013/14-15/16", "2013/14-15/16"), ("2017-06/2017-11", "2017-06/2017-11"),
        ("  2013-07  ", "2013-07"), ("2016-17", "2016/17"),
    ])
    func readsEveryLabelFormToItsCanonicalLabel(label: String, canonical: String) throws {
        let period = try Period.parse(label)
        #expect(period.description == canonical)
        #expect(try Period.parse(canonical) == period, "the canonical label reads back to the same period")
    }

    @Test func monthCoversOneMonth() throws {
        let period = try Period.parse("Jul 13")
        #expect(period.kind == .month)
        #expect(period.start == YearMonth(year: 2013, month: 7))
        #expect(period.end == YearMonth(year: 2013, month: 7))
    }

    @Test func financialYearRunsAprilToMarch() throws {
        let period = try Period.parse("2013/14")
        #expect(period.kind == .financialYear)
        #expect(period.start == YearMonth(year: 2013, month: 4))
        #expect(period.end == YearMonth(year: 2014, month: 3))
    }

    @Test func academicYearRunsSeptemberToAugust() throws {
        let period = try Period.parse("2018/19", splitYears: .academic)
        #expect(period.kind == .academicYear)
        #expect(period.start == YearMonth(year: 2018, month: 9))
        #expect(period.end == YearMonth(year: 2019, month: 8))
        #expect(try Period.parse("2015-16", splitYears: .academic) == Period.academicYear(2015))
    }

    @Test func thirdQuarterOf2015_16IsOctoberToDecember2015() throws {
        let period = try Period.parse("Q3 2015/16")
        #expect(period.start == YearMonth(year: 2015, month: 10))
        #expect(period.end == YearMonth(year: 2015, month: 12))
        let fourth = try Period.parse("Q4 2015/16")
        #expect(fourth.start == YearMonth(year: 2016, month: 1))
        #expect(fourth.end == YearMonth(year: 2016, month: 3))
    }

    @Test func multiYearSpansCoverEveryYear() throws {
        let calendar = try Period.parse("2014-16")
        #expect(calendar.start == YearMonth(year: 2014, month: 1))
        #expect(calendar.end == YearMonth(year: 2016, month: 12))
        let financial = try Period.parse("2013/14-15/16")
        #expect(financial.start == YearMonth(year: 2013, month: 4))
        #expect(financial.end == YearMonth(year: 2016, month: 3))
        let months = try Period.parse("2017-06/2017-11")
        #expect(months.length == 6)
    }

    @Test func statusIsKeptButCoversTheSameMonths() throws {
        let provisional = try Period.parse("2025 (prov)")
        let plain = try Period.parse("2025")
        #expect(provisional.status == .provisional)
        #expect(provisional != plain)
        #expect(provisional.withoutStatus == plain)
        #expect(try Period.parse("2016-17 (OT)").status == .outturn)
    }

    @Test func ambiguousDashLabelsAreMonthsUnlessYearsArePreferred() throws {
        #expect(try Period.parse("2011-12") == Period.month(2011, 12))
        #expect(try Period.parse("2011-12", yearsOverMonths: true) == Period.financialYear(2011))
        #expect(try Period.parse("2016-17") == Period.financialYear(2016))
    }

    @Test func periodsOrderByStartThenLength() throws {
        let month = try Period.parse("2013-04")
        let quarter = try Period.parse("Q1 2013/14")
        let year = try Period.parse("2013/14")
        let later = try Period.parse("2013-05")
        #expect(month < quarter)
        #expect(quarter < year)
        #expect(year < later)
        #expect(month.isWithin(year))
        #expect(!year.isWithin(month))
    }

    @Test(arguments: [
        "", "July", "2013/15", "Q5 2015/16", "Q3 2015/17", "13-07", "2013-13/2013-14", "Foo 13",
        "2013--07", "2013/", "/14", "20131", "Jul 123", "2017-11/2017-06", "2016-14", "(prov)", "AY 2019",
    ])
    func rejectsMalformedLabelsWithAMessage(label: String) {
        #expect(throws: PeriodParseError.self) { try Period.parse(label) }
    }

    @Test func splitYearWithWrongSecondYearSaysWhatWasExpected() {
        do {
            _ = try Period.parse("2013/15")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("2013/14"))
        }
    }

    @Test func packedFieldsSurviveTheRoundTrip() throws {
        let period = try #require(Period(kind: .months, startMonth: 2017 * 12 + 5, length: 6, status: .revised))
        #expect(period.kind == .months)
        #expect(period.startMonth == 2017 * 12 + 5)
        #expect(period.length == 6)
        #expect(period.status == .revised)
        #expect(Period(kind: .months, startMonth: -1, length: 1) == nil)
        #expect(Period(kind: .months, startMonth: 0, length: 257) == nil)
    }
}

/// LAIT's `0`: a label that names no span of time, kept as an undated period.
struct UndatedPeriodTests {
    static func indicator(bareYear: BareYear) -> Indicator {
        Indicator(dataset: 0, code: "X", name: "X", polarity: .none, periodType: .snapshot, unit: .percent,
                  splitYears: .academic, bareYear: bareYear)
    }

    @Test func nationalStatisticsReadABareSmallNumberAsUndated() throws {
        let national = Self.indicator(bareYear: .splitYearEnding)
        let zero = try national.period("0")
        #expect(zero.isUndated && zero.description == "0")
        #expect(try national.period("999").description == "999")
        #expect(try national.period("2024").description == "AY 2023/24", "a year stays a year")
        #expect(throws: PeriodParseError.self) { try national.period("1000x") }
        #expect(throws: PeriodParseError.self, "a local scorecard has no undated labels") { try Self.indicator(bareYear: .calendarYear).period("0") }
    }

    @Test func undatedPeriodsSortBeforeEveryDatedOne() throws {
        let undated = try #require(Period.undated(999))
        #expect(undated < Period.month(84, 1)!)
        #expect(undated.endMonth < Period.firstDatedMonth && Period.month(84, 1)!.startMonth >= Period.firstDatedMonth)
        #expect(Period.undated(1000) == nil && Period.undated(-1) == nil)
        #expect(Period.undated(label: "") == nil && Period.undated(label: "0.5") == nil && Period.undated(label: "1234") == nil)
    }
}

/// `financial_year`, `academic_year`, `calendar_year`: the year that holds a period's last
/// month (worked out by hand from the year boundaries: April, September, January).
struct PeriodYearTests {
    @Test(arguments: [
        ("2013-03", "2012/13", "AY 2012/13", "2013"),
        ("2013-04", "2013/14", "AY 2012/13", "2013"),
        ("2013-08", "2013/14", "AY 2012/13", "2013"),
        ("2013-09", "2013/14", "AY 2013/14", "2013"),
        ("2013-12", "2013/14", "AY 2013/14", "2013"),
        ("2013/14", "2013/14", "AY 2013/14", "2014"),
        ("Q3 2015/16", "2015/16", "AY 2015/16", "2015"),
        ("2019", "2019/20", "AY 2019/20", "2019"),
        ("AY 2018/19", "2019/20", "AY 2018/19", "2019"),
        ("2017-06/2017-11", "2017/18", "AY 2017/18", "2017"),
    ])
    func theYearHoldsTheLastMonth(label: String, financial: String, academic: String, calendar: String) throws {
        let period = try Period.parse(label)
        #expect(period.financialYearOfEnd?.description == financial)
        #expect(period.financialYearOfEnd?.kind == .financialYear)
        #expect(period.academicYearOfEnd?.description == academic)
        #expect(period.calendarYearOfEnd?.description == calendar)
    }

    @Test func anUndatedLabelHasNoYear() throws {
        let undated = try #require(Period.undated(label: "0"))
        #expect(undated.financialYearOfEnd == nil && undated.academicYearOfEnd == nil && undated.calendarYearOfEnd == nil)
    }
}
