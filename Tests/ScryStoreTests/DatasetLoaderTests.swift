import Testing
@testable import ScryStore

/// A small valid dataset; each test breaks one file of it.
enum Fixture {
    static let indicators = """
        code,name,theme,polarity,period_type,unit,decimals
        A10,Children with a CP plan per 10000,CHILD PROTECTION,T,SS,per10000,1
        B1,Assessments in time,TIMELINESS,H,YTD,percent,1
        N1,Referrals,DEMAND,,M,count,0

        """
    static let areas = """
        name,type,parent,population,population_period
        South East,region,,,
        Kent,authority,South East,312597,2011
        Thanet,district,Kent,,
        England,national,,,

        """
    static let observations = """
        indicator,area,period,value,numerator,denominator,target,floor,rag,note
        A10,Kent,2012-07,24.1,753,312597,30.5,,R,
        A10,Kent,2012-06,25.3,,,,,,
        A10,England,2010/11,38.3,,,,,,comparator
        B1,Kent,2012-07,87.4,2766,3164,85,80,G,
        B1,Thanet,2012-07,c,c,120,85,,,suppressed
        N1,Kent,Jul 12,1200,,,,,,

        """

    static func source(
        name: String = "fixture", indicators: String = indicators, areas: String = areas,
        observations: String = observations, commentary: String? = nil, neighbours: String? = nil
    ) -> DatasetSource {
        var files = ["indicators.csv": Array(indicators.utf8), "areas.csv": Array(areas.utf8),
                     "observations.csv": Array(observations.utf8)]
        if let commentary { files["commentary.csv"] = Array(commentary.utf8) }
        if let neighbours { files["neighbours.csv"] = Array(neighbours.utf8) }
        return DatasetSource(name: name, location: name, files: files)
    }

    static func store() throws -> Store {
        var store = Store()
        try store.add(DatasetLoader.stage(source()))
        return store
    }
}

struct DatasetLoaderTests {
    /// The single error a load of `source` reports.
    func failure(_ source: DatasetSource) throws -> LoadIssue {
        do {
            _ = try DatasetLoader.stage(source)
        } catch {
            return try #require(error.errors.first)
        }
        Issue.record("expected the load to fail")
        throw CancellationError()
    }

    @Test func loadsAValidDatasetIntoColumns() throws {
        let store = try Fixture.store()
        #expect(store.invariantViolations().isEmpty)
        #expect(store.indicators.count == 3)
        #expect(store.areas.count == 4)
        #expect(store.observations.count == 6)
        let kent = try #require(store.area(named: "Kent"))
        #expect(store.areas[kent].parent == store.area(named: "South East"))
        #expect(store.populations == [Population(area: kent, period: try Period.parse("2011"), count: 312_597, dataset: 0)])
        let first = store.observations[0]
        #expect(first.value == NumericCell(value: 24.1))
        #expect(first.numerator.number == 753)
        #expect(first.denominator.number == 312_597)
        #expect(first.target.number == 30.5)
        #expect(first.floor == .blank)
        #expect(first.rag == .red)
        #expect(first.period == Period.month(2012, 7))
    }

    @Test func suppressedValuesAreTypedMissingNeverZero() throws {
        let store = try Fixture.store()
        let row = store.observations[4]
        #expect(row.value.state == .confidential)
        #expect(row.value.number == nil)
        #expect(row.numerator.state == .confidential)
        #expect(row.denominator.number == 120)
        #expect(row.note == "suppressed")
    }

    @Test func everyMissingSymbolIsKept() throws {
        var observations = "indicator,area,period,value\n"
        let symbols = ["", "c", "low", "k", "u", "x", "z", ":", "-"]
        for (month, symbol) in symbols.enumerated() { observations += "N1,Kent,2012-\(month < 9 ? "0" : "")\(month + 1),\(symbol)\n" }
        let staged = try DatasetLoader.stage(Fixture.source(observations: observations))
        let states = (0..<staged.observations.count).map { staged.observations[$0].value.state }
        #expect(states.map(\.symbol) == symbols)
        #expect(states.allSatisfy { $0.isMissing })
    }

    @Test func columnsAreFoundByNameInAnyOrderAndUnknownOnesWarn() throws {
        let observations = "Value,Period,AREA,indicator,colour\n24.1,2012-07,Kent,A10,blue\n"
        let staged = try DatasetLoader.stage(Fixture.source(observations: observations))
        #expect(staged.observations[0].value.number == 24.1)
        let warning = try #require(staged.warnings.first)
        #expect(warning.message == "unknown column 'colour' is ignored")
        #expect(warning.file == "fixture/observations.csv")
        #expect(warning.line == 1)
        #expect(warning.column == 29)
    }

    @Test func periodsOfAcademicIndicatorsReadAsAcademicYears() throws {
        let indicators = Fixture.indicators + "X1,Exclusions,EDUCATION,L,ACYTD,count,0\n"
        let observations = "indicator,area,period,value\nX1,Kent,2018/19,3\nB1,Kent,2018/19,80\n"
        let staged = try DatasetLoader.stage(Fixture.source(indicators: indicators, observations: observations))
        #expect(staged.observations[0].period == Period.academicYear(2018))
        #expect(staged.observations[1].period == Period.financialYear(2018))
    }

    @Test func missingRequiredColumnIsAnError() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,value\nA10,Kent,1\n"))
        #expect(issue.message == "missing required column 'period'")
        #expect(issue.file == "fixture/observations.csv")
        #expect(issue.line == 1)
    }

    @Test func unknownPolarityPointsAtTheCell() throws {
        let indicators = "code,name,polarity,period_type,unit\nA1,Rate,Up,SS,percent\n"
        let issue = try failure(Fixture.source(indicators: indicators))
        #expect(issue.message == "unknown polarity 'Up': expected H, L, T or blank")
        #expect(issue.file == "fixture/indicators.csv")
        #expect((issue.line, issue.column, issue.length) == (2, 9, 2))
    }

    @Test func unknownPeriodTypeIsAnError() throws {
        let issue = try failure(Fixture.source(indicators: "code,name,period_type,unit\nA1,Rate,Weekly,percent\n"))
        #expect(issue.message == "unknown period type 'Weekly': expected M, YTD, R12M, SS, ACYTD, A or Q")
        #expect((issue.line, issue.column) == (2, 9))
    }

    @Test func unparseablePeriodIsAnError() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,period,value\nA10,Kent,2013/15,1\n"))
        #expect(issue.message.contains("'2013/15' is not a financial year"))
        #expect((issue.line, issue.column, issue.length) == (2, 10, 7))
    }

    @Test func valueThatIsNeitherNumberNorSymbolIsAnError() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,period,value\nA10,Kent,2012-07,\"95,6%\"\n"))
        #expect(issue.message == "value '95,6%' is not a number: expected a number, or blank, c, low, k, u, x, z, : or -")
        #expect((issue.line, issue.column, issue.length) == (2, 18, 7))
        #expect(issue.note == "write numbers plainly, without ',' or '%'")
    }

    @Test func observationForAnUndeclaredIndicatorSuggestsTheNearest() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,period,value\nA01,Kent,2012-07,1\n"))
        #expect(issue.message == "unknown indicator 'A01': it is not declared in indicators.csv")
        #expect((issue.line, issue.column) == (2, 1))
        #expect(issue.note == "did you mean 'A10'?")
    }

    @Test func observationForAnUndeclaredAreaSuggestsTheNearest() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,period,value\nA10,Tanet,2012-07,1\n"))
        #expect(issue.message == "unknown area 'Tanet': it is not declared in areas.csv")
        #expect((issue.line, issue.column, issue.length) == (2, 5, 5))
        #expect(issue.note == "did you mean 'Thanet'?")
    }

    @Test func duplicateObservationNamesTheFirstLine() throws {
        let observations = "indicator,area,period,value\nA10,Kent,2012-07,1\nA10,Kent,Jul 2012,2\n"
        let issue = try failure(Fixture.source(observations: observations))
        #expect(issue.message == "duplicate observation: A10, Kent, 2012-07 is already given on line 2")
        #expect(issue.line == 3)
    }

    @Test func wrongFieldCountIsAnError() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,period,value\nA10,Kent,2012-07\n"))
        #expect(issue.message == "expected 4 fields as in the header, found 3")
        #expect((issue.line, issue.column) == (2, 1))
    }

    @Test func unterminatedQuotePointsAtTheQuote() throws {
        let issue = try failure(Fixture.source(observations: "indicator,area,period,value,note\nA10,Kent,2012-07,1,\"open\n"))
        #expect(issue.message == "unterminated quoted field: expected a closing '\"'")
        #expect((issue.line, issue.column) == (2, 20))
    }

    @Test func unknownParentIsAnError() throws {
        let issue = try failure(Fixture.source(areas: "name,type,parent\nKent,authority,South Est\n"))
        #expect(issue.message == "unknown parent area 'South Est': a parent must be declared in the same file")
        #expect((issue.line, issue.column) == (2, 16))
    }

    @Test func parentCycleIsAnError() throws {
        let issue = try failure(Fixture.source(areas: "name,type,parent\nA,district,B\nB,district,A\n"))
        #expect(issue.message.contains("is its own ancestor"))
    }

    @Test func populationNeedsItsPeriod() throws {
        let issue = try failure(Fixture.source(areas: "name,type,population\nKent,authority,312597\n"))
        #expect(issue.message.contains("needs its population_period"))
    }

    @Test func everyErrorOfAFileIsReported() throws {
        let observations = "indicator,area,period,value\nA01,Kent,2012-07,1\nA10,Kant,2012-07,1\nA10,Kent,2012-07,lots\n"
        do {
            _ = try DatasetLoader.stage(Fixture.source(observations: observations))
            Issue.record("expected the load to fail")
        } catch {
            #expect(error.errors.map(\.line) == [2, 3, 4])
        }
    }

    @Test func missingFileIsAnError() throws {
        var source = Fixture.source()
        source.files["areas.csv"] = nil
        let issue = try failure(source)
        #expect(issue.file == "fixture/areas.csv")
        #expect(issue.message.hasPrefix("missing areas.csv"))
    }

    @Test func neighboursAreAuthoritiesInRankOrder() throws {
        let areas = Fixture.areas + "Essex,authority,,,\nMedway,authority,South East,,\n"
        var store = Store()
        try store.add(DatasetLoader.stage(Fixture.source(areas: areas, neighbours: "area,neighbour,rank\nKent,Medway,2\nKent,Essex,1\n")))
        let kent = try #require(store.area(named: "Kent"))
        #expect(store.areas[kent].neighbours == [store.area(named: "Essex"), store.area(named: "Medway")].compactMap { $0 })
        #expect(store.invariantViolations().isEmpty)

        let district = try failure(Fixture.source(areas: areas, neighbours: "area,neighbour\nKent,Thanet\n"))
        #expect(district.message == "'Thanet' is a district: statistical neighbours are authorities")
        #expect((district.line, district.column) == (2, 6))
        let unknown = try failure(Fixture.source(areas: areas, neighbours: "area,neighbour\nKent,Esex\n"))
        #expect(unknown.message == "unknown area 'Esex': it is not declared in areas.csv")
        let twice = try failure(Fixture.source(areas: areas, neighbours: "area,neighbour\nKent,Essex\nKent,Essex\n"))
        #expect(twice.line == 3)
        let rank = try failure(Fixture.source(areas: areas, neighbours: "area,neighbour,rank\nKent,Essex,first\n"))
        #expect(rank.message == "expected a rank: a whole number from 1")
    }

    @Test func commentaryIsLoadedAgainstItsFigure() throws {
        let commentary = "indicator,area,period,text\nA10,Kent,2012-07,\"Plans fell, as expected.\"\n"
        let store = try { var store = Store(); try store.add(DatasetLoader.stage(Fixture.source(commentary: commentary))); return store }()
        #expect(store.commentary.count == 1)
        #expect(store.commentary[0].text == "Plans fell, as expected.")
        #expect(store.datasets[0].commentaryCount == 1)
    }
}

struct StoreTests {
    @Test func failedLoadLeavesTheStoreUnchanged() throws {
        var store = try Fixture.store()
        let before = store
        let broken = Fixture.source(name: "second", observations: "indicator,area,period,value\nA10,Kent,2012-07,1\nA10,Kent,2012-07,2\n")
        #expect(throws: LoadFailure.self) { try store.add(DatasetLoader.stage(broken)) }
        #expect(store.observations == before.observations)
        #expect(store.datasets == before.datasets)
        #expect(store.indicators == before.indicators)
        #expect(store.areas == before.areas)
    }

    @Test func areaTypeConflictWithALoadedDatasetFailsAndChangesNothing() throws {
        var store = try Fixture.store()
        let before = store
        let conflicting = Fixture.source(name: "other", areas: "name,type\nKent,district\nEngland,national\nSouth East,region\nThanet,district\n")
        do {
            try store.add(DatasetLoader.stage(conflicting))
            Issue.record("expected a conflict")
        } catch {
            #expect(error.errors[0].message == "area 'Kent' is a district here but a authority in a dataset already loaded")
            #expect(error.errors[0].line == 2)
        }
        #expect(store.observations == before.observations)
        #expect(store.areas == before.areas)
    }

    @Test func secondDatasetSharesAreasAndKeepsItsOwnIndicators() throws {
        var store = try Fixture.store()
        try store.add(DatasetLoader.stage(Fixture.source(name: "second")))
        #expect(store.invariantViolations().isEmpty)
        #expect(store.areas.count == 4, "Kent in two datasets is one area")
        #expect(store.indicators.count == 6)
        #expect(store.indicators(withCode: "A10").count == 2)
        #expect(store.observations.count == 12)
        let last = store.observations[11]
        #expect(store.indicators[last.indicator].dataset == 1)
        #expect(store.areas[last.area].name == "Kent")
    }

    @Test func datasetNameMustBeNew() throws {
        var store = try Fixture.store()
        #expect(throws: LoadFailure.self) { try store.add(DatasetLoader.stage(Fixture.source())) }
        #expect(store.datasets.count == 1)
    }

    @Test func invariantCheckFindsBrokenColumns() throws {
        var table = ObservationTable()
        table.append(ObservationTable.Row(indicator: 0, area: 0, period: try Period.parse("2013-07"), value: .blank))
        #expect(table.invariantViolations(indicatorCount: 1, areaCount: 1).isEmpty)
        #expect(!table.invariantViolations(indicatorCount: 0, areaCount: 1).isEmpty)
        table.rag.append(9)
        #expect(table.invariantViolations(indicatorCount: 1, areaCount: 1).count == 2)
    }

    @Test func loadingAMissingFolderIsAnError() {
        var store = Store()
        do {
            _ = try store.load(folder: "/nonexistent/scry-dataset")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors[0].message.contains("does not exist"))
        }
    }
}
