import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryStore

/// The column catalog is the one description of the columns: these tests hold every entry
/// to a help line and a value domain that fits its values, and hold the compiler, the
/// filters, the help and completion to the catalog.
struct ColumnCatalogTests {
    let store: Store

    init() throws { store = try BuiltInDataset.load() }

    @Test func everyColumnHasAHelpLineAndADomainThatFitsItsType() {
        for column in Column.allCases {
            let entry = column.description
            #expect(!entry.help.trimmingCharacters(in: .whitespaces).isEmpty, "\(column.name) has no help line")
            #expect(!entry.help.hasSuffix("."), "\(column.name): help lines end without a full stop")
            switch entry.type {
            case .figure, .amount, .whole, .difference: #expect(entry.domain == .numbers, "\(column.name)")
            case .period: #expect(entry.domain == .periods, "\(column.name)")
            case .rating: #expect(entry.domain == .ratings, "\(column.name)")
            case .direction: #expect(entry.domain == .directions, "\(column.name)")
            case .text: #expect(![.numbers, .periods, .ratings, .directions].contains(entry.domain), "\(column.name) holds text")
            }
            // A column of names offers them to Tab and to suggestions, unless it is free text.
            if entry.type == .text, entry.domain != .text {
                #expect(!(entry.domain.choices(in: store) ?? []).isEmpty, "\(column.name) has no values to offer")
            }
        }
    }

    @Test func everyNameAndAliasFindsItsColumnAndNoneIsTakenTwice() {
        var seen: [String: Column] = [:]
        for column in Column.allCases {
            for name in [column.name] + column.description.aliases {
                #expect(seen[name] == nil, "'\(name)' names both \(seen[name]!.name) and \(column.name)")
                seen[name] = column
                #expect(Column.named(name) == column)
                #expect(Column.named(name.uppercased()) == column)
            }
        }
        // Six comparators by seven parts, each by its own name, and the bare parts against England.
        #expect(Column.allCases.filter { if case .comparison = $0 { true } else { false } }.count == 6 * 7)
        #expect(Column.named("gap") == .comparison(.england, .gap))
        #expect(Column.named("worse_by_year_ago") == .comparison(.year_ago, .worse_by))
        #expect(Column.named("gap_nowhere") == nil)
    }

    /// Every enumerated value a filter accepts reads back as a value the column can hold.
    @Test func everyFixedChoiceIsReadAsAValue() {
        let domains: [ValueDomain] = [.ratings, .directions, .verdicts, .significances, .bands]
        for domain in domains {
            let choices = domain.fixedChoices ?? []
            #expect(choices.last == "none")
            for choice in choices {
                #expect(domain.value(choice) != nil, "\(domain): '\(choice)'")
                #expect(domain.value(choice.uppercased()) != nil, "\(domain): '\(choice)' in capitals")
            }
            #expect(domain.value("sideways") == nil)
        }
        #expect(ValueDomain.ratings.value("g") == .rag(.green))
        #expect(ValueDomain.directions.value("none") == .direction(nil))
        #expect(ValueDomain.bands.value("b") == .text("B"))
    }

    /// The compiler gives every column values of the catalog's type (the switch it compiles
    /// with has a case for each field, and the catalog says what each case yields), over
    /// every row of the built-in dataset, of the LAIT fixture and of a small scorecard with
    /// a floor and a region, which between them give every column a value somewhere.
    @Test func everyColumnCompilesToValuesOfItsType() throws {
        var lait = Store()
        _ = try lait.load(folder: fixture("lait-mini"))
        let floors = try Harness(
            indicators: "code,name,theme,polarity,period_type,unit,decimals\nP,Per cent in time,TIMELINESS,H,YTD,percent,1\n",
            areas: "name,type,parent\nSouth East,region,\nKent,authority,South East\n",
            observations: "indicator,area,period,value,numerator,denominator,target,floor,rag\n"
                + "P,Kent,2013-07,86.0,86,100,85,80,G\nP,South East,2013-07,70.0,,,,,\n").store
        let compilers = [store, lait, floors].map { RowCompiler(context: QueryContext(store: $0), source: SourceFile(name: "test", text: "")) }
        for column in Column.allCases {
            let type = column.description.type
            var present = 0
            for compiler in compilers {
                let expression = compiler.compile(column)
                #expect(expression.isNumeric == type.isNumeric, "\(column.name)")
                for row in 0..<compiler.store.observations.count {
                    let value = expression.value(row)
                    let fits: Bool = switch (type, value) {
                    case (_, .missing): true
                    case (.figure, .number), (.amount, .number), (.whole, .number), (.difference, .number): true
                    case (.period, .period), (.rating, .rag), (.direction, .direction), (.text, .text): true
                    default: false
                    }
                    #expect(fits, "\(column.name) gave \(value) at row \(row)")
                    if !fits { break }
                    switch value {
                    case .missing, .direction(nil), .rag(.none), .text(""): break
                    default: present += 1
                    }
                }
            }
            #expect(present > 0, "\(column.name) has no value in any of the three")
        }
    }

    /// Each column can be filtered by a value of its domain (the first name Tab offers),
    /// and the filter keeps rows whose column holds it.
    @Test func everyColumnOfNamesFiltersByItsValues() throws {
        let engine = Engine(store: store)
        for column in Column.allCases {
            guard let choice = column.description.domain.choices(in: store)?.first, column.description.domain != .periods else { continue }
            let text = "count where \(column.name) = \"\(choice)\""
            let source = SourceFile(name: "test", text: text)
            let parsed = Parser.parse(source)
            #expect(parsed.diagnostics.isEmpty, "\(text)")
            let statement = try #require(parsed.statements.first)
            do {
                _ = try engine.run(statement, in: source)
            } catch {
                Issue.record("\(text): \(error.message)")
            }
        }
    }

    @Test func theHelpListsEveryColumnAndAreaLevel() {
        let help = Vocabulary.columnsHelp
        for column in Column.allCases {
            let listed = switch column {
            case .field: column.name
            case .comparison(_, let part): part.rawValue + "_X"
            }
            #expect(help.contains("\n  " + listed + " "), "\(listed) is not in .help columns")
        }
        for comparator in Comparator.allCases { #expect(help.contains(comparator.rawValue)) }
        for level in ["district", "authority", "region", "national", "neighbours"] { #expect(help.contains(level)) }
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 88 })
    }

    @Test func completionOffersEachColumnsValues() {
        #expect(Vocabulary.values(of: "polarity", in: store) == ["H", "L", "T", "none"])
        #expect(Vocabulary.values(of: "verdict_region", in: store) == ["better", "worse", "similar", "none"])
        #expect(Vocabulary.values(of: "indicator", in: store) == Vocabulary.values(of: "code", in: store))
        #expect(Vocabulary.values(of: "value", in: store) == nil)
        let districts = Vocabulary.values(of: "district", in: store) ?? []
        #expect(!districts.isEmpty && districts.allSatisfy { name in store.areas.contains { $0.name == name && $0.type == .district } })
    }
}
