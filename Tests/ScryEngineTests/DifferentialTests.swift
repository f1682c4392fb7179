import Foundation
import Testing
import ScryTestSupport
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
import ScryStore

/// scry's filters and aggregations checked against SQLite.
///
/// Each seed generates a small dataset in scry's native format. The dataset is loaded into
/// scry (through `DatasetLoader.stage` and `Store.add`, as a `.load` would) and into the
/// `sqlite3` command-line program (missing and suppressed values as NULL), and random
/// aggregate statements are answered both ways: by scry, and by one SQL query each, all of
/// a dataset's queries in one `sqlite3` run. The answers must agree row for row (group key
/// → cells) to the last displayed digit: SQLite's full-precision doubles are formatted
/// through scry's own rounding at the decimals scry shows, counts compare exactly, and the
/// numbers of missing values scry reports in its notes must be those SQL leaves out.
/// Warnings (summing YTD figures, averaging percentages) are scry's advice, not failures.
struct DifferentialTests {
    /// One dataset per seed: 1 to 16, or 1 to N with `SCRY_DIFFERENTIAL_SEEDS=N` for a
    /// longer search (400 seeds take about a minute).
    static let seeds: [UInt64] = Array(1...(ProcessInfo.processInfo.environment["SCRY_DIFFERENTIAL_SEEDS"].flatMap { UInt64($0) } ?? 16))
    /// Random statements answered per dataset.
    static let queriesPerDataset = 60
    /// Mismatches described in full per dataset; more are only counted.
    static let reportedMismatches = 5

    @Test(arguments: seeds)
    func filtersAndAggregationsAgreeWithSQLite(seed: UInt64) throws {
        let sqlite = try #require(Differential.SQLite.locate(),
                                  "the differential test needs the sqlite3 command-line program on PATH; `make test` installs it (apt-get install sqlite3)")
        var random = Differential.Random(seed: seed)
        let dataset = Differential.Dataset.generate(using: &random)
        let store = try Differential.load(dataset, seed: seed)
        #expect(store.observations.count == dataset.observations.count, "seed \(seed): scry loaded \(store.observations.count) of \(dataset.observations.count) observations")

        var generator = Differential.QueryGenerator(dataset: dataset, random: random)
        let queries = (0..<Self.queriesPerDataset).map { _ in generator.next() }

        // Every query's SQL in one script, each answer after a marker line.
        var script = dataset.sqlScript() + ".mode list\n.separator |\n.nullvalue NULL\n.headers off\n"
        for (index, query) in queries.enumerated() {
            script += "SELECT '@', \(index);\n" + query.sql + "\n"
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scry-differential-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try dataset.write(to: directory)
        let output = try Differential.SQLite.run(sqlite, script: script, in: directory)
        let answers = Differential.SQLite.answers(output, count: queries.count)

        var mismatches: [String] = []
        for (index, query) in queries.enumerated() {
            if let problem = Differential.compare(query, sqlRows: answers[index], store: store) {
                mismatches.append("""
                    dataset seed \(seed), query \(index + 1) of \(queries.count)
                    scry statement: \(query.scry)
                    SQL: \(query.sql)
                    \(problem)
                    """)
            }
        }
        if mismatches.isEmpty {
            try? FileManager.default.removeItem(at: directory)
        } else {
            for mismatch in mismatches.prefix(Self.reportedMismatches) {
                Issue.record(Comment(rawValue: mismatch + "\nthe dataset (CSV files) and the SQL script are kept in \(directory.path)"))
            }
            if mismatches.count > Self.reportedMismatches {
                Issue.record("seed \(seed): \(mismatches.count - Self.reportedMismatches) more mismatches not shown")
            }
        }
    }

    /// The generator is deterministic: a seed gives the same dataset and statements every
    /// time, so a reported failure can be reproduced from its seed.
    @Test func generationIsReproducible() {
        func make(_ seed: UInt64) -> (String, [String]) {
            var random = Differential.Random(seed: seed)
            let dataset = Differential.Dataset.generate(using: &random)
            var generator = Differential.QueryGenerator(dataset: dataset, random: random)
            return (dataset.observationsCSV(), (0..<5).map { _ in generator.next().scry })
        }
        #expect(make(7) == make(7))
        #expect(make(7) != make(8))
    }
}

/// The parts of the differential test: a seeded generator, datasets, statements with their
/// SQL, the `sqlite3` runner and the comparison.
enum Differential {
    // MARK: Random numbers

    /// Seeded random numbers (SplitMix64), the same with any standard library.
    typealias Random = SplitMix64

    // MARK: Periods

    /// A span of months (months since January of year 0, as scry counts them) with the kind
    /// of period it is; `kind` is M (month), FY, AY, Q, CY, MS (a run of months), FYS or AYS
    /// (several financial or academic years). Equality of periods in scry includes the kind.
    struct Span: Equatable {
        var kind: String
        var start: Int
        var end: Int

        static func month(_ index: Int) -> Span { Span(kind: "M", start: index, end: index) }
        static func financialYear(_ year: Int) -> Span { Span(kind: "FY", start: year * 12 + 3, end: year * 12 + 14) }
        static func academicYear(_ year: Int) -> Span { Span(kind: "AY", start: year * 12 + 8, end: year * 12 + 19) }
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// `2013-07` for a month index.
    static func monthLabel(_ index: Int) -> String {
        let month = index % 12 + 1
        return "\(index / 12)-" + (month < 10 ? "0\(month)" : "\(month)")
    }

    /// `2013/14` for the split year starting in 2013.
    static func splitYear(_ year: Int) -> String {
        let next = (year + 1) % 100
        return "\(year)/" + (next < 10 ? "0\(next)" : "\(next)")
    }

    /// A month written in one of the forms scry reads: `2013-07`, `Jul 13`, `Jul 2013`,
    /// `Jul-13`, `July 2013`.
    static func spelledMonth(_ index: Int, _ random: inout Random) -> String {
        let year = index / 12, month = index % 12
        switch random.int(0...5) {
        case 0: return "\(monthAbbreviations[month]) \(year % 100)"
        case 1: return "\(monthAbbreviations[month]) \(year)"
        case 2: return "\(monthAbbreviations[month])-\(year % 100)"
        case 3: return "\(monthNames[month]) \(year)"
        default: return monthLabel(index)
        }
    }

    // MARK: Datasets

    /// A generated dataset: what goes into `indicators.csv`, `areas.csv` and
    /// `observations.csv`, and the same rows as SQL.
    struct Dataset {
        struct Indicator {
            var code: String
            var name: String
            var theme: String
            /// `H`, `L`, `T`, or empty for none.
            var polarity: String
            /// As written in the file (`-` is also none).
            var polarityWritten: String
            /// `M`, `YTD`, `SS`, `R12M` or `ACYTD`.
            var periodType: String
            var periodTypeWritten: String
            var unit: String
            /// As written; nil for the unit's default.
            var decimals: Int?
            /// The decimals scry displays.
            var shownDecimals: Int
        }

        struct Area {
            var name: String
            /// `national`, `region`, `authority`, `district` or `neighbours`.
            var type: String
            var parent: String
        }

        /// A numeric cell: a number (as written in the file, and as a plain decimal for
        /// statements and SQL), or a missing-value symbol (blank included).
        enum Figure {
            case number(written: String, plain: String)
            case symbol(String)

            var written: String {
                switch self {
                case .number(let written, _): written
                case .symbol(let symbol): symbol
                }
            }

            /// A published symbol in the figure's place (blank is no symbol).
            var isSuppressed: Bool {
                if case .symbol(let symbol) = self { return !symbol.isEmpty }
                return false
            }

            var plain: String? {
                if case .number(_, let plain) = self { return plain }
                return nil
            }
        }

        struct Observation {
            var indicator: Int
            var area: Int
            /// The period as written in the file.
            var written: String
            /// The period as scry shows it (`2013-07`, `2013/14`, `AY 2013/14 (prov)`).
            var label: String
            var span: Span
            var value: Figure
            var numerator: Figure
            var denominator: Figure
            var target: Figure
            var rag: String
        }

        var indicators: [Indicator] = []
        var areas: [Area] = []
        var observations: [Observation] = []
        /// The first and last month of the monthly figures.
        var firstMonth = 0
        var lastMonth = 0

        static let codes = ["A1", "A10", "B2", "CPP_rate", "REF_M", "C3", "D4", "LAC_rate", "E5"]
        static let names = ["Referrals in the month", "Re-referrals within 12 months", "Children with a CP plan per 10,000",
                            "Assessments completed in time", "Average days to adoption", "Children in care",
                            "Care leavers in education", "Caseload per worker", "Agency staff"]
        static let themes = ["CHILD PROTECTION", "Children in care", "HOW LONG IS IT TAKING US ?", "Demand"]
        static let regions = ["South East", "London", "North West"]
        static let authorities = ["Kent", "Medway", "Surrey", "Camden", "Leeds"]
        static let districts = ["Thanet", "Dover", "Ashford", "Tonbridge and Malling", "Swale", "EAST", "SOUTH", "NWC",
                                "Gillingham", "Sevenoaks"]
        /// Every missing-value symbol the format allows, blank included.
        static let symbols = ["c", "x", "z", "low", "k", "u", ":", "-", ""]

        /// A dataset drawn from `random`: 4 to 7 indicators, England with regions,
        /// authorities and districts, monthly figures over one to two years (each area
        /// reporting most months), and England's and the regions' figures for whole
        /// financial (or academic) years as a comparator.
        static func generate(using random: inout Random) -> Dataset {
            var dataset = Dataset()
            let count = random.int(4...7)
            let codes = random.sample(Self.codes, count), names = random.sample(Self.names, count)
            for index in 0..<count {
                let polarity = random.pick(["H", "L", "T", ""])
                let periodType = random.chance(0.15) ? "ACYTD" : random.pick(["M", "YTD", "SS", "R12M"])
                let unit = random.pick(["percent", "per10000", "count", "days"])
                let decimals: Int? = random.chance(0.7) ? random.int(0...2) : nil
                dataset.indicators.append(Indicator(
                    code: codes[index], name: names[index], theme: random.pick(Self.themes),
                    polarity: polarity, polarityWritten: polarity.isEmpty && random.chance(0.3) ? "-" : polarity,
                    periodType: periodType, periodTypeWritten: periodType == "ACYTD" && random.chance(0.5) ? "AC YTD" : periodType,
                    unit: unit, decimals: decimals,
                    shownDecimals: decimals ?? (unit == "percent" || unit == "per10000" ? 1 : 0)))
            }

            dataset.areas.append(Area(name: "England", type: "national", parent: ""))
            var districtPool = Self.districts
            let regions = random.sample(Self.regions, random.int(1...2))
            for region in regions { dataset.areas.append(Area(name: region, type: "region", parent: "")) }
            for authority in random.sample(Self.authorities, random.int(1...3)) {
                dataset.areas.append(Area(name: authority, type: "authority", parent: random.pick(regions)))
                if random.chance(0.4) { dataset.areas.append(Area(name: authority + " neighbours", type: "neighbours", parent: authority)) }
                for district in random.sample(districtPool, random.int(0...3)) {
                    districtPool.removeAll { $0 == district }
                    dataset.areas.append(Area(name: district, type: "district", parent: authority))
                }
            }

            dataset.firstMonth = (2012 + random.int(0...1)) * 12 + random.int(0...11)
            dataset.lastMonth = dataset.firstMonth + random.int(11...25)
            // Yearly figures may carry a status (`2013/14 (prov)`), the same for every
            // indicator; periods equal whatever their status.
            let firstYear = dataset.firstMonth / 12 - 1, lastYear = dataset.lastMonth / 12 + random.int(-1...0)
            let statuses = (firstYear...lastYear).map { _ in random.pick(["", "", "", " (Final)", " (prov)", " (Rev)", " (OT)"]) }
            for indicator in dataset.indicators.indices {
                let academic = dataset.indicators[indicator].periodType == "ACYTD"
                for area in dataset.areas.indices where random.chance(0.8) {
                    for month in dataset.firstMonth...dataset.lastMonth where random.chance(0.85) {
                        dataset.observations.append(dataset.observation(indicator, area, written: spelledMonth(month, &random),
                                                                        label: monthLabel(month), span: .month(month), &random))
                    }
                }
                // England's and the regions' figures for whole years, as scorecards publish
                // comparators; the last may end after the monthly figures, and so be the
                // indicator's latest period.
                let comparators = dataset.areas.indices.filter { ["national", "region"].contains(dataset.areas[$0].type) }
                for area in comparators where random.chance(0.6) {
                    for year in firstYear...lastYear where random.chance(0.8) {
                        let status = statuses[year - firstYear]
                        let written: String, label: String, span: Span
                        if academic {
                            span = .academicYear(year)
                            label = "AY " + splitYear(year) + status
                            written = random.chance(0.5) ? label : splitYear(year) + status
                        } else {
                            span = .financialYear(year)
                            label = splitYear(year) + status
                            // `2013-14` is a financial year only where it cannot be a month.
                            let forms = [splitYear(year), "FY " + splitYear(year)] + ((year + 1) % 100 > 12 ? ["\(year)-\((year + 1) % 100)"] : [])
                            written = random.pick(forms) + status
                        }
                        dataset.observations.append(dataset.observation(indicator, area, written: written, label: label, span: span, &random))
                    }
                }
            }
            return dataset
        }

        /// `scaled / 10^places` as a plain decimal: `-12.05`.
        static func decimal(_ scaled: Int, places: Int) -> String {
            var digits = String(scaled.magnitude)
            if places > 0 {
                if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            }
            return (scaled < 0 ? "-" : "") + digits
        }

        /// A figure with `places` decimals; whole thousands are sometimes written with an
        /// exponent (`1.2e3`), which the format allows.
        static func number(_ value: Double, places: Int, _ random: inout Random) -> Figure {
            var power = 1.0
            for _ in 0..<places { power *= 10 }
            let scaled = Int((value * power).rounded())
            let plain = decimal(scaled, places: places)
            if places == 0, scaled >= 1000, scaled % 100 == 0, random.chance(0.5) {
                return .number(written: decimal(scaled / 100, places: 1) + "e3", plain: plain)
            }
            return .number(written: plain, plain: plain)
        }

        /// One observation: a value that fits the unit, its numerator and denominator where
        /// the unit has them, a target and RAG for indicators with a polarity, and now and
        /// then a missing-value symbol in any numeric cell.
        func observation(_ indicator: Int, _ area: Int, written: String, label: String, span: Span,
                         _ random: inout Random) -> Observation {
            let meta = indicators[indicator]
            // Published figures sometimes carry one more decimal than is displayed.
            let places = meta.shownDecimals + (random.chance(0.25) ? 1 : 0)
            var value: Figure, numerator: Figure = .symbol(""), denominator: Figure = .symbol("")
            var size = 100.0
            switch meta.unit {
            case "percent":
                let bottom = random.chance(0.04) ? 0 : random.int(1...250), top = random.int(0...bottom)
                value = bottom == 0 ? .symbol("z") : Self.number(Double(top) / Double(bottom) * 100, places: places, &random)
                if random.chance(0.85) {
                    numerator = Self.number(Double(top), places: 0, &random)
                    denominator = Self.number(Double(bottom), places: 0, &random)
                }
            case "per10000":
                let bottom = random.int(2000...150_000), top = random.int(0...500)
                value = Self.number(Double(top) / Double(bottom) * 10000, places: places, &random)
                size = 60
                if random.chance(0.85) {
                    numerator = Self.number(Double(top), places: 0, &random)
                    denominator = Self.number(Double(bottom), places: 0, &random)
                }
            case "count":
                value = Self.number(Double(random.int(0...2500)), places: 0, &random)
                size = 2000
                if random.chance(0.15) {
                    numerator = Self.number(Double(random.int(0...300)), places: 0, &random)
                    denominator = Self.number(Double(random.int(1...300)), places: 0, &random)
                }
            default: // days
                let magnitude = Double(random.int(0...60_000)) / 100
                value = Self.number(random.chance(0.08) ? -magnitude : magnitude, places: places, &random)
                size = 300
                if random.chance(0.4) {
                    // Total days over cases, or over full-time equivalent staff (`12.5`).
                    numerator = Self.number(Double(random.int(0...5000)), places: 0, &random)
                    let places = random.int(0...1)
                    denominator = Self.number(Double(random.int(1...600)) / 10, places: places, &random)
                }
            }
            if random.chance(0.1) { value = .symbol(random.pick(Self.symbols)) }
            if random.chance(0.08) { numerator = .symbol(random.pick(Self.symbols)) }
            if random.chance(0.06) { denominator = .symbol(random.pick(Self.symbols)) }
            var target: Figure = .symbol("")
            var rag = ""
            if !meta.polarity.isEmpty {
                if random.chance(0.75) { target = Self.number(Double(random.int(0...Int(size * 10))) / 10, places: meta.shownDecimals, &random) }
                if random.chance(0.05) { target = .symbol(random.pick(Self.symbols)) }
                rag = random.pick(["R", "A", "G", ""])
            }
            return Observation(indicator: indicator, area: area, written: written, label: label, span: span,
                               value: value, numerator: numerator, denominator: denominator, target: target, rag: rag)
        }

        // MARK: The dataset as files

        /// A CSV field, quoted when it must be (and sometimes when it need not be).
        static func field(_ text: String, quoted: Bool = false) -> String {
            guard quoted || text.contains(",") || text.contains("\"") else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        /// `indicators.csv`: polarity, period type and decimals in the forms the format allows.
        func indicatorsCSV() -> String {
            var text = "code,name,theme,polarity,period_type,unit,decimals\n"
            for (index, meta) in indicators.enumerated() {
                let row = [meta.code, Self.field(meta.name, quoted: index % 2 == 0), Self.field(meta.theme), meta.polarityWritten,
                           meta.periodTypeWritten, meta.unit, meta.decimals.map(String.init) ?? ""]
                text += row.joined(separator: ",") + "\n"
            }
            return text
        }

        /// `areas.csv`, each area with its parent.
        func areasCSV() -> String {
            "name,type,parent\n" + areas.map { [Self.field($0.name), $0.type, Self.field($0.parent)].joined(separator: ",") + "\n" }.joined()
        }

        /// `observations.csv`, periods and numbers as written.
        func observationsCSV() -> String {
            var text = "indicator,area,period,value,numerator,denominator,target,rag\n"
            for row in observations {
                text += [indicators[row.indicator].code, Self.field(areas[row.area].name), row.written, row.value.written,
                         row.numerator.written, row.denominator.written, row.target.written, row.rag].joined(separator: ",") + "\n"
            }
            return text
        }

        /// The files as a dataset source.
        func source(name: String) -> DatasetSource {
            DatasetSource(name: name, location: name, files: [
                "indicators.csv": Array(indicatorsCSV().utf8), "areas.csv": Array(areasCSV().utf8),
                "observations.csv": Array(observationsCSV().utf8),
            ])
        }

        /// Writes the CSV files into `directory`, so that a failure can be looked at with
        /// `scry --data DIRECTORY`.
        func write(to directory: URL) throws {
            try indicatorsCSV().write(to: directory.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
            try areasCSV().write(to: directory.appendingPathComponent("areas.csv"), atomically: true, encoding: .utf8)
            try observationsCSV().write(to: directory.appendingPathComponent("observations.csv"), atomically: true, encoding: .utf8)
        }

        // MARK: The dataset as SQL

        /// A SQL string literal.
        static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

        /// A figure as SQL: its plain decimal, or NULL for a missing or suppressed one.
        static func sqlNumber(_ figure: Figure) -> String { figure.plain ?? "NULL" }

        /// The tables, the rows, and the tables worked out from them that the queries read:
        /// - `observations`: one row per figure, its period as start and end month and kind,
        ///   missing and suppressed figures as NULL;
        /// - `latest` and `previous`: each indicator's latest period (ending last, the
        ///   shortest when two end together) and the period of the same kind before it;
        /// - `facts`: observations with their indicator's and area's columns, the decimals
        ///   displayed (the unit's default when the file gives none), and the indicator's
        ///   latest and previous periods, and `previous`: the value of the same indicator and
        ///   area for the latest period of the same kind that ends before this one.
        func sqlScript() -> String {
            var sql = """
                CREATE TABLE indicators(code TEXT PRIMARY KEY, name TEXT, theme TEXT, polarity TEXT, period_type TEXT, unit TEXT, decimals INTEGER);
                CREATE TABLE areas(name TEXT PRIMARY KEY, type TEXT, parent TEXT);
                CREATE TABLE observations(indicator TEXT, area TEXT, period TEXT, pkind TEXT, pstart INTEGER, pend INTEGER,
                    value REAL, numerator REAL, denominator REAL, target REAL, rag TEXT, value_suppressed INTEGER);

                """
            for meta in indicators {
                sql += "INSERT INTO indicators VALUES (\([meta.code, meta.name, meta.theme, meta.polarity, meta.periodType, meta.unit].map(Self.quote).joined(separator: ", ")), \(meta.decimals.map(String.init) ?? "NULL"));\n"
            }
            for area in areas {
                sql += "INSERT INTO areas VALUES (\(Self.quote(area.name)), \(Self.quote(area.type)), \(Self.quote(area.parent)));\n"
            }
            var start = 0
            while start < observations.count {
                let rows = observations[start..<min(start + 400, observations.count)].map { row in
                    "(\(Self.quote(indicators[row.indicator].code)), \(Self.quote(areas[row.area].name)), \(Self.quote(row.label)), "
                        + "\(Self.quote(row.span.kind)), \(row.span.start), \(row.span.end), \(Self.sqlNumber(row.value)), "
                        + "\(Self.sqlNumber(row.numerator)), \(Self.sqlNumber(row.denominator)), \(Self.sqlNumber(row.target)), \(Self.quote(row.rag)), "
                        + "\(row.value.isSuppressed ? 1 : 0))"
                }
                sql += "INSERT INTO observations VALUES\n" + rows.joined(separator: ",\n") + ";\n"
                start += 400
            }
            sql += """
                CREATE TABLE latest AS
                    SELECT o.indicator AS code, o.pstart AS s, o.pend AS e, o.pkind AS k FROM observations o
                    WHERE o.pend = (SELECT max(x.pend) FROM observations x WHERE x.indicator = o.indicator)
                      AND o.pstart = (SELECT max(x.pstart) FROM observations x WHERE x.indicator = o.indicator AND x.pend = o.pend)
                    GROUP BY o.indicator;
                CREATE TABLE previous AS
                    SELECT o.indicator AS code, o.pstart AS s, o.pend AS e, o.pkind AS k FROM observations o JOIN latest l ON l.code = o.indicator
                    WHERE o.pkind = l.k
                      AND o.pend = (SELECT max(x.pend) FROM observations x WHERE x.indicator = o.indicator AND x.pkind = l.k AND x.pend < l.e)
                    GROUP BY o.indicator;
                CREATE TABLE facts AS
                    SELECT o.indicator AS code, o.area, o.period, o.pkind, o.pstart, o.pend, o.value, o.numerator, o.denominator, o.value_suppressed,
                        o.target, o.rag, i.name, i.theme, i.polarity, i.period_type, i.unit,
                        coalesce(i.decimals, CASE WHEN i.unit IN ('percent', 'per10000') THEN 1 ELSE 0 END) AS decimals,
                        a.type AS area_type, l.s AS latest_s, l.e AS latest_e, l.k AS latest_k,
                        p.s AS previous_s, p.e AS previous_e, p.k AS previous_k,
                        lag(o.value) OVER (PARTITION BY o.indicator, o.area, o.pkind ORDER BY o.pend) AS previous
                    FROM observations o JOIN indicators i ON i.code = o.indicator JOIN areas a ON a.name = o.area
                    LEFT JOIN latest l ON l.code = o.indicator LEFT JOIN previous p ON p.code = o.indicator;

                """
            return sql
        }
    }

    /// Loads a generated dataset into a scry store, as `.load` does; the generator writes
    /// only what the format allows, so the load must give no warning.
    static func load(_ dataset: Dataset, seed: UInt64) throws -> Store {
        let staged = try DatasetLoader.stage(dataset.source(name: "generated-\(seed)"))
        #expect(staged.warnings.isEmpty, "seed \(seed): \(staged.warnings)")
        var store = Store()
        try store.add(staged)
        return store
    }

    // MARK: Statements

    /// A condition written both ways. Atoms are two-valued in SQL (`coalesce(…, 0)`), as
    /// scry's are: a missing value matches no comparison, and `not` of a comparison it
    /// fails matches it.
    indirect enum Filter {
        case atom(scry: String, sql: String)
        case and(Filter, Filter)
        case or(Filter, Filter)
        case not(Filter)
        /// In parentheses it does not need.
        case parenthesized(Filter)

        /// How tightly the form binds in scry: `or` loosest, then `and`, then `not`.
        var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .not: 3
            case .atom, .parenthesized: 4
            }
        }

        /// As scry reads it, with only the parentheses its precedence needs.
        var scry: String {
            func operand(_ filter: Filter, _ needed: Int) -> String {
                filter.precedence < needed ? "(" + filter.scry + ")" : filter.scry
            }
            switch self {
            case .atom(let text, _): return text
            case .and(let left, let right): return operand(left, 2) + " and " + operand(right, 2)
            case .or(let left, let right): return operand(left, 1) + " or " + operand(right, 1)
            case .not(let inner): return "not " + operand(inner, 3)
            case .parenthesized(let inner): return "(" + inner.scry + ")"
            }
        }

        /// As SQL, every operation in parentheses.
        var sql: String {
            switch self {
            case .atom(_, let text): "coalesce(\(text), 0)"
            case .and(let left, let right): "(\(left.sql) AND \(right.sql))"
            case .or(let left, let right): "(\(left.sql) OR \(right.sql))"
            case .not(let inner): "(NOT \(inner.sql))"
            case .parenthesized(let inner): inner.sql
            }
        }
    }

    /// What an aggregation aggregates.
    enum Argument: CaseIterable {
        case value, numerator, denominator, target, previous, valueMinusTarget, valueMinusPrevious, ratio

        var scry: String {
            switch self {
            case .value: "value"
            case .numerator: "numerator"
            case .denominator: "denominator"
            case .target: "target"
            case .previous: "previous"
            case .valueMinusTarget: "value - target"
            case .valueMinusPrevious: "value - previous"
            case .ratio: "numerator / denominator * 100"
            }
        }

        var sql: String {
            switch self {
            case .valueMinusTarget: "(value - target)"
            case .valueMinusPrevious: "(value - previous)"
            case .ratio: "(numerator / denominator * 100)"
            default: scry
            }
        }

        /// Whether the figure is in the indicator's unit, so that a percentage shows `%`.
        var showsUnit: Bool { self == .value || self == .target || self == .previous }
    }

    /// One aggregation of a statement.
    struct Measure {
        enum Function: Equatable {
            case count, sum, avg, min, max, stddev, percentile(Int), pooled
        }

        var function: Function
        /// Nil for `count` and `count(*)`.
        var argument: Argument?
        /// As written in the statement.
        var scry: String

        /// The column heading and note prefix scry uses: the text without spaces, lowercased.
        var name: String { scry.filter { !$0.isWhitespace }.lowercased() }
    }

    /// A `by` item: as written, and the SQL column that is its key. An area level
    /// (`by district`) also keeps only that level's areas.
    struct Group {
        var scry: String
        var sql: String
        var level: String?
    }

    /// A statement with its SQL.
    struct Query {
        var measures: [Measure]
        var groups: [Group]
        var filter: Filter?
        var scry: String
        var sql: String
    }

    /// Random aggregate statements over one dataset, each with the SQL that answers it.
    struct QueryGenerator {
        let dataset: Dataset
        var random: Random

        /// One column's figures across the dataset, as plain decimals, for thresholds.
        private func observed(_ read: (Dataset.Observation) -> Dataset.Figure) -> [String] {
            dataset.observations.compactMap { read($0).plain }
        }

        /// A statement: one to three aggregations, up to two groups, and usually a filter.
        mutating func next() -> Query {
            var measures: [Measure] = []
            for _ in 0..<random.int(1...3) {
                let measure = nextMeasure()
                if !measures.contains(where: { $0.name == measure.name || ($0.function == .count && measure.function == .count && $0.argument == nil && measure.argument == nil) }) {
                    measures.append(measure)
                }
            }
            var groups: [Group] = []
            let groupCount = random.pick([0, 0, 1, 1, 1, 2])
            while groups.count < groupCount {
                let group = nextGroup()
                if !groups.contains(where: { $0.scry == group.scry || ($0.level != nil && group.level != nil) }) { groups.append(group) }
            }
            var filter: Filter? = random.chance(0.9) ? nextFilter(depth: 0) : nil
            let pooling = dataset.indicators.filter { $0.unit == "percent" || $0.unit == "per10000" }
            if measures.contains(where: { $0.function == .pooled }), !pooling.isEmpty, random.chance(0.7) {
                // Pooling needs one unit: most pooled questions are about one kind of figure.
                let chosen = random.pick(pooling)
                let narrowing: Filter = random.chance(0.5)
                    ? .atom(scry: "code = \(chosen.code)", sql: "code = \(Dataset.quote(chosen.code))")
                    : .atom(scry: "unit = \(chosen.unit)", sql: "unit = \(Dataset.quote(chosen.unit))")
                filter = filter.map { .and(narrowing, $0) } ?? narrowing
            }

            var scry = measures.map(\.scry).joined(separator: ", ")
            if !groups.isEmpty { scry += " by " + groups.map(\.scry).joined(separator: ", ") }
            if let filter { scry += " where " + filter.scry }
            return Query(measures: measures, groups: groups, filter: filter, scry: scry,
                         sql: Self.sql(measures: measures, groups: groups, filter: filter))
        }

        // MARK: Aggregations and groups

        /// The area types, each also a level that filters and groups name (`by district`).
        static let levels = ["national", "region", "authority", "district", "neighbours"]

        private mutating func nextArgument() -> Argument {
            random.chance(0.65) ? .value : random.pick(Argument.allCases)
        }

        private mutating func nextMeasure() -> Measure {
            switch random.int(0...11) {
            case 0:
                return Measure(function: .count, argument: nil, scry: random.pick(["count", "count(*)"]))
            case 1:
                let argument = random.pick([Argument.value, .numerator, .target])
                return Measure(function: .count, argument: argument, scry: "count(\(argument.scry))")
            case 2, 3:
                return Measure(function: .pooled, argument: .value, scry: "pooled(value)")
            case 4:
                let p = random.pick([10, 25, 50, 75, 90])
                let argument = nextArgument()
                return Measure(function: .percentile(p), argument: argument, scry: "percentile(\(argument.scry), \(p))")
            default:
                let (function, word) = random.pick([(Measure.Function.sum, "sum"), (.avg, "avg"), (.min, "min"), (.max, "max"),
                                                    (.percentile(50), "median"), (.stddev, "stddev")])
                let argument = nextArgument()
                return Measure(function: function, argument: argument, scry: "\(word)(\(argument.scry))")
            }
        }

        private mutating func nextGroup() -> Group {
            let levels = Self.levels.filter { level in dataset.areas.contains { $0.type == level } }
            if random.chance(0.25), !levels.isEmpty {
                let level = random.pick(levels)
                return Group(scry: level, sql: "area", level: level)
            }
            let (scry, sql) = random.pick([("code", "code"), ("area", "area"), ("period", "period"), ("polarity", "polarity"),
                                           ("unit", "unit"), ("rag", "rag"), ("area_type", "area_type"), ("type", "area_type"),
                                           ("period_type", "period_type"), ("theme", "theme"), ("indicator", "code"),
                                           ("name", "name"), ("decimals", "decimals")])
            return Group(scry: scry, sql: sql, level: nil)
        }

        // MARK: Conditions

        private mutating func nextFilter(depth: Int) -> Filter {
            let roll = depth >= 2 ? 0 : random.int(0...9)
            switch roll {
            case 6, 7: return .and(nextFilter(depth: depth + 1), nextFilter(depth: depth + 1))
            case 8: return .or(nextFilter(depth: depth + 1), nextFilter(depth: depth + 1))
            case 9: return .not(nextFilter(depth: depth + 1))
            default: return random.chance(0.05) ? .parenthesized(nextAtom()) : nextAtom()
            }
        }

        /// A name as a statement may write it: bare when it can be, sometimes quoted, and
        /// sometimes in another case (names resolve ignoring case).
        private mutating func written(_ name: String) -> String {
            let bare = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            let spelled = random.chance(0.2) ? name.lowercased() : name
            if bare, random.chance(0.7) { return spelled }
            return random.chance(0.5) ? "\"\(spelled)\"" : "'\(spelled)'"
        }

        private func sqlList(_ items: [String]) -> String { "(" + items.map(Dataset.quote).joined(separator: ", ") + ")" }

        /// `column = X`, `column != X`, `column in (X, Y)` or `column not in (X, Y)` over
        /// names, given as (scry spelling, SQL value) pairs.
        private mutating func categorical(_ column: String, _ sqlColumn: String, _ choices: [(String, String)]) -> Filter {
            let chosen = random.sample(choices, random.int(1...min(3, choices.count)))
            let negated = random.chance(0.25)
            let scryValues = chosen.map(\.0), sqlValues = chosen.map(\.1)
            if chosen.count == 1, random.chance(0.6) {
                return .atom(scry: "\(column) \(negated ? "!=" : "=") \(scryValues[0])",
                             sql: "\(sqlColumn) \(negated ? "<>" : "=") \(Dataset.quote(sqlValues[0]))")
            }
            return .atom(scry: "\(column) \(negated ? "not in" : "in") (\(scryValues.joined(separator: ", ")))",
                         sql: "\(sqlColumn) \(negated ? "NOT IN" : "IN") \(sqlList(sqlValues))")
        }

        /// A threshold for a numeric column: mostly a figure of the dataset (so that `=`
        /// and the ends of `between` meet real rows), else a round number.
        private mutating func threshold(_ figures: [String]) -> String {
            if !figures.isEmpty, random.chance(0.7) { return random.pick(figures) }
            return Dataset.decimal(random.int(0...5000), places: random.int(0...1))
        }

        private mutating func nextAtom() -> Filter {
            switch random.int(0...25) {
            case 0, 1:
                if random.chance(0.2) {
                    return categorical("name", "name", dataset.indicators.map { ("\"\($0.name)\"", $0.name) })
                }
                // An indicator by its code, in any case, or by its name.
                var choices: [(String, String)] = []
                for meta in dataset.indicators {
                    choices.append((random.chance(0.2) ? "\"\(meta.name)\"" : written(meta.code), meta.code))
                }
                return categorical(random.chance(0.8) ? "code" : "indicator", "code", choices)
            case 2:
                return categorical("polarity", "polarity",
                                   [(random.pick(["H", "h", "High"]), "H"), (random.pick(["L", "low"]), "L"), ("T", "T"), ("none", "")])
            case 3:
                // `count` is a keyword, so that unit is written as a string.
                return categorical("unit", "unit", ["percent", "per10000", "\"count\"", "days"].map { ($0, $0.replacingOccurrences(of: "\"", with: "")) })
            case 4:
                return categorical("period_type", "period_type", ["M", "YTD", "SS", "R12M", "ACYTD"].map { ($0, $0) })
            case 5:
                let themes = Array(Set(dataset.indicators.map(\.theme))).sorted()
                return categorical("theme", "theme", themes.map { (random.chance(0.3) ? "\"\($0.lowercased())\"" : "\"\($0)\"", $0) })
            case 6, 7:
                return categorical("area", "area", dataset.areas.map { (written($0.name), $0.name) })
            case 8:
                return categorical(random.pick(["area_type", "type"]), "area_type",
                                   Self.levels.map { ($0, $0) })
            case 9:
                // An area level: `district in (Thanet, Dover)` names areas of that level.
                let levels = Self.levels.filter { level in dataset.areas.contains { $0.type == level } }
                let level = random.pick(levels)
                return categorical(level, "area", dataset.areas.filter { $0.type == level }.map { (written($0.name), $0.name) })
            case 10, 11, 12:
                let (column, figures): (String, [String]) = switch random.int(0...5) {
                case 0: ("numerator", observed(\.numerator))
                case 1: ("denominator", observed(\.denominator))
                case 2: ("target", observed(\.target))
                default: ("value", observed(\.value))
                }
                let (scryOperator, sqlOperator) = random.pick([("=", "="), ("!=", "<>"), ("<", "<"), ("<=", "<="), (">", ">"), (">=", ">=")])
                let number = threshold(figures)
                return .atom(scry: "\(column) \(scryOperator) \(number)", sql: "\(column) \(sqlOperator) \(number)")
            case 13:
                let figures = observed(\.value)
                var low = threshold(figures), high = threshold(figures)
                if random.chance(0.8), Double(low)! > Double(high)! { swap(&low, &high) }
                return .atom(scry: "value between \(low) and \(high)", sql: "value BETWEEN \(low) AND \(high)")
            case 14:
                let column = random.pick(["value", "value", "numerator", "denominator"])
                let figures = observed(column == "value" ? \.value : column == "numerator" ? \.numerator : \.denominator)
                let numbers = (0..<random.int(1...3)).map { _ in threshold(figures) }
                let negated = random.chance(0.3)
                return .atom(scry: "\(column) \(negated ? "not in" : "in") (\(numbers.joined(separator: ", ")))",
                             sql: "\(column) \(negated ? "NOT IN" : "IN") (\(numbers.joined(separator: ", ")))")
            case 15:
                let column = random.pick(["value", "numerator", "denominator", "target", "rag"])
                let negated = random.chance(0.4)
                let sql = column == "rag" ? (negated ? "rag <> ''" : "rag = ''") : (negated ? "\(column) IS NOT NULL" : "\(column) IS NULL")
                return .atom(scry: "\(column) is \(negated ? "not " : "")missing", sql: sql)
            case 16:
                return categorical("rag", "rag", [("red", "R"), ("amber", "A"), (random.pick(["green", "G"]), "G"), ("none", "")])
            case 17:
                // Two columns of the same row.
                let (scry, sql) = random.pick([("value > target", "value > target"), ("value <= target", "value <= target"),
                                               ("numerator < denominator", "numerator < denominator"),
                                               ("value - target >= 1.5", "value - target >= 1.5"),
                                               ("value > -5", "value > -5"), ("12.5 < value", "12.5 < value"),
                                               ("-value >= -40", "-value >= -40"),
                                               ("numerator / denominator * 100 >= value", "numerator / denominator * 100 >= value"),
                                               ("value * 2 > target + 10", "value * 2 > target + 10"),
                                               ("value > previous", "value > previous"), ("value - previous <= -2.5", "value - previous <= -2.5"),
                                               ("previous is missing", "previous IS NULL"), ("previous is not missing", "previous IS NOT NULL")])
                return .atom(scry: scry, sql: sql)
            case 18:
                let (scryOperator, sqlOperator) = random.pick([("=", "="), (">=", ">="), ("<", "<")])
                let decimals = random.int(0...2)
                return .atom(scry: "decimals \(scryOperator) \(decimals)", sql: "decimals \(sqlOperator) \(decimals)")
            default:
                return nextPeriodAtom()
            }
        }

        // MARK: Periods

        /// A period as a statement names it: its text, and its span as an indicator of each
        /// period type reads it (split years such as `2013/14` are academic years for
        /// `ACYTD` indicators, financial years for the others).
        struct Label {
            var text: String
            var financial: Span
            var academic: Span
        }

        private mutating func nextLabel() -> Label {
            let month = random.int((dataset.firstMonth - 4)...(dataset.lastMonth + 4))
            let year = month / 12 - (month % 12 < 3 ? 1 : 0)
            func same(_ text: String, _ span: Span) -> Label {
                Label(text: text, financial: span, academic: span)
            }
            switch random.int(0...11) {
            case 0, 1, 2, 3:
                return same(spelledMonth(month, &random), .month(month))
            case 4, 5:
                // `2013-14` is a split year only where it cannot be a month (`2011-12`).
                let text = random.chance(0.3) && (year + 1) % 100 > 12 ? "\(year)-\((year + 1) % 100)" : splitYear(year)
                return Label(text: text, financial: .financialYear(year), academic: .academicYear(year))
            case 6:
                return same("FY " + splitYear(year), .financialYear(year))
            case 7:
                return same("AY " + splitYear(year), .academicYear(year))
            case 8:
                let quarter = random.int(1...4)
                let start = year * 12 + 3 + (quarter - 1) * 3
                return same("Q\(quarter) " + splitYear(year), Span(kind: "Q", start: start, end: start + 2))
            case 9:
                return same("\(month / 12)", Span(kind: "CY", start: month / 12 * 12, end: month / 12 * 12 + 11))
            case 10:
                let last = month + random.int(0...11)
                return same(monthLabel(month) + "/" + monthLabel(last), Span(kind: "MS", start: month, end: last))
            default:
                let text = splitYear(year) + "-" + splitYear(year + 1).suffix(5)
                return Label(text: text, financial: Span(kind: "FYS", start: year * 12 + 3, end: year * 12 + 26),
                             academic: Span(kind: "AYS", start: year * 12 + 8, end: year * 12 + 31))
            }
        }

        /// The start, end and kind of a resolved period as SQL expressions of a `facts` row.
        struct SQLPeriod {
            var start: String
            var end: String
            var kind: String
        }

        private func sqlPeriod(_ label: Label) -> SQLPeriod {
            func pick(_ financial: String, _ academic: String) -> String {
                financial == academic ? financial : "(CASE WHEN period_type = 'ACYTD' THEN \(academic) ELSE \(financial) END)"
            }
            return SQLPeriod(start: pick("\(label.financial.start)", "\(label.academic.start)"),
                             end: pick("\(label.financial.end)", "\(label.academic.end)"),
                             kind: pick(Dataset.quote(label.financial.kind), Dataset.quote(label.academic.kind)))
        }

        static let latest = SQLPeriod(start: "latest_s", end: "latest_e", kind: "latest_k")
        static let previous = SQLPeriod(start: "previous_s", end: "previous_e", kind: "previous_k")

        /// `period = P`: the same period (kind included) as P.
        private func equal(_ period: SQLPeriod) -> String {
            "(pstart = \(period.start) AND pend = \(period.end) AND pkind = \(period.kind))"
        }

        /// A period condition, in forms whose semantics the engine's source states
        /// (`RowCondition+Periods.swift`): comparisons of start and end months, `in` a
        /// period (within it), lists, ranges, `latest`, `previous` and `last N months`.
        private mutating func nextPeriodAtom() -> Filter {
            switch random.int(0...11) {
            case 0, 1:
                let operation = random.int(0...5)
                let label = nextLabel()
                let period = sqlPeriod(label)
                let (scryOperator, sql): (String, String) = switch operation {
                case 0: ("=", equal(period))
                case 1: ("!=", "NOT \(equal(period))")
                case 2: ("<", "pend < \(period.start)")
                case 3: ("<=", "pend <= \(period.end)")
                case 4: (">", "pstart > \(period.end)")
                default: (">=", "pstart >= \(period.start)")
                }
                return .atom(scry: "period \(scryOperator) \(label.text)", sql: sql)
            case 2, 3:
                let label = nextLabel(), period = sqlPeriod(label)
                return .atom(scry: "period in \(label.text)", sql: "(pstart >= \(period.start) AND pend <= \(period.end))")
            case 4:
                var items: [(String, SQLPeriod)] = []
                for _ in 0..<random.int(1...3) {
                    if random.chance(0.2) {
                        items.append(random.chance(0.5) ? ("latest", Self.latest) : ("previous", Self.previous))
                    } else {
                        let label = nextLabel()
                        items.append((label.text, sqlPeriod(label)))
                    }
                }
                return .atom(scry: "period in (\(items.map(\.0).joined(separator: ", ")))",
                             sql: "(" + items.map { equal($0.1) }.joined(separator: " OR ") + ")")
            case 5, 6:
                let first = nextLabel(), last = nextLabel()
                let words = random.chance(0.7) ? ("from", "to") : ("between", "and")
                return .atom(scry: "period \(words.0) \(first.text) \(words.1) \(last.text)",
                             sql: "(pstart >= \(sqlPeriod(first).start) AND pend <= \(sqlPeriod(last).end))")
            case 7:
                let (word, period) = random.chance(0.6) ? ("latest", Self.latest) : ("previous", Self.previous)
                let negated = random.chance(0.25)
                return .atom(scry: "period \(negated ? "!=" : "=") \(word)",
                             sql: negated ? "NOT (pstart = \(period.start) AND pend = \(period.end))" : equal(period))
            case 8:
                let (unit, length, count) = random.pick([("month", 1, random.int(1...15)), ("month", 1, random.int(1...15)),
                                                         ("quarter", 3, random.int(1...5)), ("year", 12, random.int(1...2))])
                return .atom(scry: "period in last \(count) \(unit)\(count == 1 && random.chance(0.5) ? "" : "s")",
                             sql: "(pstart >= max(0, latest_e - \(count * length) + 1) AND pend <= latest_e)")
            case 9:
                if random.chance(0.2) {
                    return .atom(scry: "period from previous to latest", sql: "(pstart >= previous_s AND pend <= latest_e)")
                }
                let first = nextLabel()
                return .atom(scry: "period from \(first.text) to latest", sql: "(pstart >= \(sqlPeriod(first).start) AND pend <= latest_e)")
            case 10:
                return .atom(scry: "period in latest", sql: "(pstart >= latest_s AND pend <= latest_e)")
            default:
                let (scryOperator, sql) = random.pick([("<", "pend < latest_s"), (">=", "pstart >= previous_s"), ("<=", "pend <= previous_e")])
                let word = sql.contains("latest") ? "latest" : "previous"
                return .atom(scry: "period \(scryOperator) \(word)", sql: sql)
            }
        }

        // MARK: SQL

        /// The SQL that answers a statement: the rows the filter selects (and, for `by
        /// district`, only districts), window columns for percentiles (each value's rank
        /// and the count of values) and standard deviations (the mean), then one row per
        /// group: `R`, the group key, the number of rows, the largest displayed decimals,
        /// the number of units and a unit, then each aggregation's columns.
        static func sql(measures: [Measure], groups: [Group], filter: Filter?) -> String {
            let keys = groups.map(\.sql)
            let window = "OVER (" + (keys.isEmpty ? "" : "PARTITION BY " + keys.joined(separator: ", ")) + ")"
            var windows: [String] = []
            var columns = ["'R'"] + keys + ["count(*)", "max(decimals)", "count(DISTINCT unit)", "min(unit)"]
            for (index, measure) in measures.enumerated() {
                let x = measure.argument?.sql ?? "*"
                switch measure.function {
                case .count:
                    columns.append("count(\(x))")
                case .sum, .avg, .min, .max:
                    let function = switch measure.function {
                    case .sum: "sum"
                    case .avg: "avg"
                    case .min: "min"
                    default: "max"
                    }
                    columns += [full("\(function)(\(x))"), "count(*) - count(\(x))"]
                case .stddev:
                    // The sample variance, two-pass as scry computes it; the test takes its root.
                    windows.append("avg(\(x)) \(window) AS mean\(index)")
                    columns += [full("CASE WHEN count(\(x)) >= 2 THEN sum((\(x) - mean\(index)) * (\(x) - mean\(index))) / (count(\(x)) - 1) END"),
                                "count(*) - count(\(x))"]
                case .percentile(let p):
                    // R's type 7: position (n − 1) × p / 100 in the sorted values, interpolated.
                    windows.append("row_number() OVER (" + (keys.isEmpty ? "" : "PARTITION BY " + keys.joined(separator: ", "))
                                   + " ORDER BY \(x) IS NULL, \(x)) - 1 AS rank\(index)")
                    windows.append("count(\(x)) \(window) AS n\(index)")
                    let position = "((n\(index) - 1) * \(p).0 / 100.0)", lower = "CAST(\(position) AS INTEGER)"
                    let low = "max(CASE WHEN rank\(index) = \(lower) THEN \(x) END)"
                    let high = "max(CASE WHEN rank\(index) = min(\(lower) + 1, n\(index) - 1) THEN \(x) END)"
                    columns += [full("\(low) + (\(high) - \(low)) * max(\(position) - \(lower))"), "count(*) - count(\(x))"]
                case .pooled:
                    // Σ numerator / Σ denominator over the rows that have both, scaled by the
                    // unit; nothing for several units or a unit that is not a ratio. A row
                    // whose figure is published as a symbol is never pooled, whatever its
                    // numerator and denominator hold.
                    let both = "(numerator IS NOT NULL AND denominator IS NOT NULL AND value_suppressed = 0)"
                    let scale = "(CASE min(unit) WHEN 'percent' THEN 100.0 WHEN 'per10000' THEN 10000.0 END)"
                    let top = "sum(CASE WHEN \(both) THEN numerator END)", bottom = "sum(CASE WHEN \(both) THEN denominator END)"
                    columns += [full("CASE WHEN count(DISTINCT unit) = 1 AND \(scale) IS NOT NULL AND \(bottom) <> 0 THEN \(top) / \(bottom) * \(scale) END"),
                                "count(*) - total(CASE WHEN \(both) THEN 1 ELSE 0 END)"]
                }
            }
            var conditions = [filter?.sql ?? "1"]
            if let level = groups.compactMap(\.level).first { conditions.append("area_type = \(Dataset.quote(level))") }
            return "WITH sel AS (SELECT * FROM facts WHERE " + conditions.joined(separator: " AND ") + "), "
                + "ranked AS (SELECT *" + windows.map { ", " + $0 }.joined() + " FROM sel) "
                + "SELECT " + columns.joined(separator: ", ") + " FROM ranked"
                + (keys.isEmpty ? "" : " GROUP BY " + keys.joined(separator: ", ")) + ";"
        }

        /// A double at full precision, or NULL. SQLite's `%.17g` rounds to 16 significant
        /// digits (0.1 + 0.2 prints as 0.3); the `!` flag gives all 17.
        static func full(_ expression: String) -> String {
            "(CASE WHEN (\(expression)) IS NULL THEN NULL ELSE printf('%!.17g', \(expression)) END)"
        }
    }

    // MARK: sqlite3

    /// The `sqlite3` command-line program.
    enum SQLite {
        /// The program's path, found on PATH; nil when it is not installed.
        static func locate() -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            for directory in path.split(separator: ":") {
                let candidate = String(directory) + "/sqlite3"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            return nil
        }

        /// Runs `script` on an in-memory database, from a file in `directory`, and returns
        /// what it printed. Stops at the first error, which is thrown with its message.
        static func run(_ executable: String, script: String, in directory: URL) throws -> String {
            let scriptFile = directory.appendingPathComponent("differential.sql")
            let outputFile = directory.appendingPathComponent("output.txt"), errorFile = directory.appendingPathComponent("errors.txt")
            try script.write(to: scriptFile, atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-batch", "-bail", ":memory:"]
            process.standardInput = try FileHandle(forReadingFrom: scriptFile)
            process.standardOutput = try FileHandle(forWritingTo: outputFile)
            process.standardError = try FileHandle(forWritingTo: errorFile)
            try process.run()
            process.waitUntilExit()
            let output = try String(contentsOf: outputFile, encoding: .utf8)
            let errors = try String(contentsOf: errorFile, encoding: .utf8)
            guard process.terminationStatus == 0, errors.isEmpty else {
                throw Failure(description: "sqlite3 failed (status \(process.terminationStatus)) on \(scriptFile.path): \(errors)"
                              + "after the output:\n" + output.split(separator: "\n").suffix(3).joined(separator: "\n"))
            }
            return output
        }

        /// The rows printed for each query, split at the marker lines (`@|index`); each row's
        /// fields after its leading `R`.
        static func answers(_ output: String, count: Int) -> [[[String?]]] {
            var answers = [[[String?]]](repeating: [], count: count)
            var current = -1
            for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                if fields.first == "@", fields.count == 2, let index = Int(fields[1]) {
                    current = index
                } else if fields.first == "R", current >= 0 {
                    answers[current].append(fields.dropFirst().map { $0 == "NULL" ? nil : $0 })
                }
            }
            return answers
        }
    }

    // MARK: Comparison

    /// Why a query could not be answered.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// An answer: each group's key (its cells as shown, joined) → its aggregation cells as
    /// shown; and, per aggregation, how many values were left out as missing over all
    /// groups (scry says it in one note with the total).
    struct Answer: Equatable {
        var rows: [String: [String]] = [:]
        var missing: [String: Int] = [:]

        var description: String {
            var lines = rows.keys.sorted().map { key in "  " + (key.isEmpty ? "" : key + " | ") + rows[key]!.joined(separator: " | ") }
            if lines.isEmpty { lines = ["  (no rows)"] }
            for name in missing.keys.sorted() where missing[name]! > 0 {
                lines.append("  missing in \(name): \(missing[name]!)")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Whether an aggregation reports the values it leaves out in a note.
    static func notesMissing(_ measure: Measure) -> Bool { measure.function != .count }

    /// scry's answer to a statement, or why scry could not answer it.
    static func scryAnswer(_ query: Query, store: Store) -> Result<Answer, Failure> {
        let source = SourceFile(name: "differential", text: query.scry)
        let parsed = Parser.parse(source)
        guard parsed.diagnostics.isEmpty, let statement = parsed.statements.first else {
            return .failure(Failure(description: "scry did not parse it: \(parsed.diagnostics.map(\.message))"))
        }
        let table: ResultTable
        do {
            table = try Engine(store: store).run(statement, in: source)
        } catch let diagnostic {
            return .failure(Failure(description: "scry refused it: \(diagnostic.message)"))
        }
        var answer = Answer()
        let keyCount = query.groups.count
        for row in table.rows {
            let texts = row.map(CellFormatter.text)
            answer.rows[texts.prefix(keyCount).joined(separator: " | ")] = Array(texts.dropFirst(keyCount))
        }
        for measure in query.measures where notesMissing(measure) {
            // "note: avg(value): 3 missing or suppressed values were left out, …" and
            // "note: pooled(value): 2 rows without both numerator and denominator were left out".
            let prefix = "note: \(measure.name): "
            answer.missing[measure.name] = table.noteTexts.compactMap { note in
                note.hasPrefix(prefix) ? Int(note.dropFirst(prefix.count).prefix { $0.isNumber }) : nil
            }.reduce(0, +)
        }
        return .success(answer)
    }

    /// SQLite's answer, formatted as scry displays figures: each aggregation at the
    /// largest decimals of the group's indicators (one more for `avg` and `stddev`; none
    /// for a sum of counts), with `%` when the figure is a percentage, rounded by scry's
    /// own `CellFormatter`.
    static func sqlAnswer(_ query: Query, rows: [[String?]]) -> Answer {
        var answer = Answer()
        for measure in query.measures where notesMissing(measure) { answer.missing[measure.name] = 0 }
        let keyCount = query.groups.count
        for fields in rows {
            let key = fields.prefix(keyCount).map { $0 ?? "" }.joined(separator: " | ")
            var column = keyCount
            func take() -> String? {
                defer { column += 1 }
                return column < fields.count ? fields[column] : nil
            }
            _ = take() // the number of rows, for a reader of the SQL output
            let decimals = take().flatMap { Int($0) } ?? 1
            let unitCount = take().flatMap { Int($0) } ?? 0
            let unit = take().flatMap { Unit(code: $0) }
            var cells: [String] = []
            for measure in query.measures {
                if measure.function == .count {
                    cells.append(take().flatMap { Int($0) }.map { CellFormatter.text(.count($0)) } ?? "?")
                    continue
                }
                let number = take().map { Double($0) ?? .nan }
                let missing = take().flatMap { Double($0) }.map { Int($0) } ?? -1
                var shown = decimals
                var cell: Cell = .empty
                switch measure.function {
                case .pooled:
                    if let number { cell = .number(number, decimals: decimals, unit: unit) }
                    if missing > 0, unitCount == 1, unit?.poolingScale != nil { answer.missing[measure.name]! += missing }
                    cells.append(CellFormatter.text(cell))
                    continue
                case .sum where unitCount == 1 && unit == .count: shown = 0
                case .avg, .stddev: shown = decimals + 1
                default: break
                }
                if var number {
                    if measure.function == .stddev { number = number.squareRoot() }
                    cell = .number(number, decimals: shown, unit: measure.argument!.showsUnit && unitCount == 1 ? unit : nil)
                }
                if missing > 0 { answer.missing[measure.name]! += missing }
                cells.append(CellFormatter.text(cell))
            }
            if column != fields.count { cells.append("(SQL row of \(fields.count) fields, \(column) expected)") }
            answer.rows[key] = cells
        }
        return answer
    }

    /// Nil when scry and SQLite agree on a query; else both answers.
    static func compare(_ query: Query, sqlRows: [[String?]], store: Store) -> String? {
        let expected = sqlAnswer(query, rows: sqlRows)
        switch scryAnswer(query, store: store) {
        case .failure(let failure):
            return failure.description + "\nSQLite answered:\n" + expected.description
        case .success(let actual):
            guard actual != expected else { return nil }
            return "scry answered:\n" + actual.description + "\nSQLite answered (formatted at scry's decimals):\n" + expected.description
        }
    }
}
