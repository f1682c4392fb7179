import Testing
@testable import ScryEngine
import ScryLanguage
@testable import ScryShell
import ScryStore

/// Scans over many blocks of rows (BlockSummaries.size each): the same observations
/// written indicator by indicator, where most blocks hold one indicator and are skipped or
/// taken whole by their summaries, and scrambled, where every block holds every indicator
/// and each row is tested. Both must give the answers a plain loop over the rows gives.
struct ScanTests {
    static let indicatorCount = 12, authorityCount = 40, monthCount = 96
    static let firstMonth = 2018 * 12 + 3  // April 2018

    /// The observations as (indicator, area, month, value or nil), indicator by indicator.
    static let rows: [(indicator: Int, area: Int, month: Int, value: Double?)] = {
        var random: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return random >> 33
        }
        var rows: [(Int, Int, Int, Double?)] = []
        for indicator in 0..<indicatorCount {
            for area in 0..<(authorityCount + 1) {
                for month in 0..<monthCount where next() % 10 != 0 {
                    rows.append((indicator, area, firstMonth + month, next() % 17 == 0 ? nil : Double(next() % 1000) / 10))
                }
            }
        }
        return rows
    }()

    static func areaName(_ area: Int) -> String { area == 0 ? "England" : "Authority \(area)" }
    static func polarity(_ indicator: Int) -> String { ["H", "L", "T", ""][indicator % 4] }
    static func monthLabel(_ month: Int) -> String {
        let number = month % 12 + 1
        return "\(month / 12)-\(number < 10 ? "0" : "")\(number)"
    }

    /// Period types: every indicator monthly, or (`mixedTypes`) a quarter of them each of
    /// monthly, year to date, snapshot and rolling twelve months.
    static func periodType(_ indicator: Int, mixedTypes: Bool) -> String { mixedTypes ? ["M", "YTD", "SS", "R12M"][indicator % 4] : "M" }

    /// A row's target, for `targets` stores: tenths like the figures, so that some equal
    /// them; none for a fifth of the rows.
    static func target(_ row: (indicator: Int, area: Int, month: Int, value: Double?)) -> Double? {
        (row.area + row.month) % 5 == 0 ? nil : Double((row.indicator * 13 + row.area * 7 + row.month * 3) % 1000) / 10
    }

    static func harness(order: [Int], mixedTypes: Bool = false, targets: Bool = false) throws -> Harness {
        var indicators = "code,name,polarity,period_type,unit,decimals\n"
        for indicator in 0..<indicatorCount {
            indicators += "I\(indicator),Indicator \(indicator),\(polarity(indicator)),\(periodType(indicator, mixedTypes: mixedTypes)),percent,1\n"
        }
        var areas = "name,type,parent\nEngland,national,\n"
        for area in 1...authorityCount { areas += "\(areaName(area)),authority,\n" }
        var observations = "indicator,area,period,value\(targets ? ",target" : "")\n"
        for index in order {
            let row = rows[index]
            observations += "I\(row.indicator),\(areaName(row.area)),\(monthLabel(row.month)),\(row.value.map { String($0) } ?? "c")"
            observations += targets ? "," + (target(row).map { String($0) } ?? "") + "\n" : "\n"
        }
        return try Harness(indicators: indicators, areas: areas, observations: observations)
    }

    let clustered: Harness
    let scrambled: Harness

    init() throws {
        clustered = try Self.harness(order: Array(Self.rows.indices))
        // A fixed scramble: every block holds rows of every indicator, area and month.
        let count = Self.rows.count
        scrambled = try Self.harness(order: (0..<count).map { ($0 * 7_919) % count })
        #expect(count.isMultiple(of: 7_919) == false)
    }

    /// Both stores' answers, which must agree, as text; and the same again with every
    /// aggregate's scan split into three stretches merged (`GroupScan`), which must not
    /// change a figure or the order of the groups.
    func both(_ statement: String) throws -> [[String]] {
        let first = try clustered.texts(statement), second = try scrambled.texts(statement)
        #expect(first == second, "\(statement): the clustered and scrambled stores differ")
        GroupScan.forcedStretches.store(3, ordering: .relaxed)
        defer { GroupScan.forcedStretches.store(0, ordering: .relaxed) }
        let split = try clustered.texts(statement), splitScrambled = try scrambled.texts(statement)
        #expect(split == first, "\(statement): three stretches differ from one")
        #expect(splitScrambled == second, "\(statement): three stretches of the scrambled store differ from one")
        return first
    }

    /// `sum(value)` warns of each group's indicators not additive over periods summed
    /// across several, with how many periods (`PeriodsMet`, counted by hash tables of
    /// pairs and periods, merged across stretches): the warnings a plain loop over the
    /// rows gives, of distinct months per group and indicator, on both stores, in one
    /// stretch and in three.
    @Test(arguments: ["sum(value) by area", "sum(value) by financial_year where value > 50", "sum(value)", "sum(value) by code, financial_year"])
    func sumsWarnOfEveryNonAdditiveIndicatorsPeriods(statement: String) throws {
        let rows = Self.rows
        let clustered = try Self.harness(order: Array(rows.indices), mixedTypes: true)
        let count = rows.count
        let scrambled = try Self.harness(order: (0..<count).map { ($0 * 7_919) % count }, mixedTypes: true)
        // The rows each statement sums, and their group.
        let kept: [(group: String, indicator: Int, month: Int)] = rows.compactMap { row in
            switch statement {
            case "sum(value) by area": return (Self.areaName(row.area), row.indicator, row.month)
            case "sum(value)": return ("", row.indicator, row.month)
            case "sum(value) by code, financial_year":
                return ("I\(row.indicator) \(row.month % 12 + 1 >= 4 ? row.month / 12 : row.month / 12 - 1)", row.indicator, row.month)
            default: return (row.value ?? 0) > 50 ? ("\(row.month % 12 + 1 >= 4 ? row.month / 12 : row.month / 12 - 1)", row.indicator, row.month) : nil
            }
        }
        var months: [String: [Int: Set<Int>]] = [:]
        for row in kept { months[row.group, default: [:]][row.indicator, default: []].insert(row.month) }
        var expected = Set<String>()
        for (_, indicators) in months {
            for (indicator, met) in indicators where met.count > 1 && Self.periodType(indicator, mixedTypes: true) != "M" {
                expected.insert("warning: sum(value) adds I\(indicator)'s \(Self.periodType(indicator, mixedTypes: true)) figures across \(met.count) periods")
            }
        }
        #expect(!expected.isEmpty)
        for (name, harness) in [("clustered", clustered), ("scrambled", scrambled)] {
            for stretches in [0, 3] {
                GroupScan.forcedStretches.store(stretches, ordering: .relaxed)
                defer { GroupScan.forcedStretches.store(0, ordering: .relaxed) }
                let warnings = try harness.run(statement).noteTexts.filter { $0.hasPrefix("warning: sum(value) adds I") }
                    .map { String($0.prefix { $0 != ","}) }
                #expect(Set(warnings) == expected, "\(statement), \(name), \(stretches) stretches")
                #expect(warnings.count == Set(warnings).count, "each warning once")
            }
        }
    }

    /// A figure compared with the row's target (`FigurePairTest`: a block's figures and
    /// targets read in one pass, compared with no branch per row) for every operator, on
    /// both stores and in three stretches: what a plain loop gives, a row without either
    /// figure never counted. The targets equal some figures, so `>` and `>=` differ.
    @Test func figuresAgainstTheirTargetsMatchAPlainLoop() throws {
        let rows = Self.rows, count = rows.count
        let clustered = try Self.harness(order: Array(rows.indices), targets: true)
        let scrambled = try Self.harness(order: (0..<count).map { ($0 * 7_919) % count }, targets: true)
        let equal = rows.filter { row in row.value != nil && row.value == Self.target(row) }.count
        #expect(equal > 10)
        let operators: [(String, (Double, Double) -> Bool)] = [(">=", (>=)), (">", (>)), ("<", (<)), ("<=", (<=)), ("=", (==)), ("!=", (!=))]
        for (written, holds) in operators {
            var expected: [Int: Int] = [:]
            for row in rows {
                guard let value = row.value, let target = Self.target(row), holds(value, target) else { continue }
                expected[row.indicator, default: 0] += 1
            }
            let rowsOf = expected.keys.sorted().map { ["I\($0)", expected[$0]!.formatted] }
            for (name, harness) in [("clustered", clustered), ("scrambled", scrambled)] {
                for stretches in [0, 3] {
                    GroupScan.forcedStretches.store(stretches, ordering: .relaxed)
                    defer { GroupScan.forcedStretches.store(0, ordering: .relaxed) }
                    let answer = try harness.texts("count by code where value \(written) target").sorted { Int($0[0].dropFirst())! < Int($1[0].dropFirst())! }
                    #expect(answer == rowsOf, "value \(written) target, \(name), \(stretches) stretches")
                }
            }
        }
    }

    /// `having count > N` is read off the groups' counts, not tested on cells: each
    /// operator must keep the groups the cells' test keeps (its negation under `not`,
    /// which takes the cells' way), and a plain loop's.
    @Test func havingACountKeepsWhatTheCellsTestKeeps() throws {
        let negations = [(">", "<="), (">=", "<"), ("<", ">="), ("<=", ">"), ("=", "!="), ("!=", "=")]
        for (operation, negation) in negations {
            for threshold in [0, 80, 86, 200] {
                let fast = try both("count by code, area having count \(operation) \(threshold)")
                let cells = try both("count by code, area having not count \(negation) \(threshold)")
                #expect(fast == cells, "count \(operation) \(threshold)")
            }
        }
        let counts = Dictionary(grouping: Self.rows) { "I\($0.indicator)|\(Self.areaName($0.area))" }.mapValues(\.count)
        let above = try both("count by code, area having count > 86")
        #expect(Set(above.map { $0[0] + "|" + $0[1] }) == Set(counts.filter { $0.value > 86 }.keys))
        #expect(!above.isEmpty && above.count < counts.count)
    }

    /// Groups of a bounded part and a figure (`count by code, value`) are numbered through
    /// a table of figures for each code (`GroupKeys.boundedAndFigure`): each group's count,
    /// a missing figure its own group, must be a plain loop's, on both stores and in
    /// three stretches, whichever part comes first; in order of code (as text, ignoring
    /// case) and figure (the missing one last), read off each code's table of figures.
    @Test func groupsOfACodeAndAFigureMatchAPlainLoop() throws {
        func text(_ value: Double?) -> String { value.map { CellFormatter.fixed($0, decimals: 1) + "%" } ?? "c" }
        var byCode: [String: Int] = [:], byArea: [String: Int] = [:]
        for row in Self.rows {
            byCode["I\(row.indicator)|\(text(row.value))", default: 0] += 1
            if row.value != nil { byArea["\(text(row.value))|\(Self.areaName(row.area))", default: 0] += 1 }
        }
        let codes = try both("count by code, value")
        #expect(codes.count == byCode.count)
        #expect(Dictionary(uniqueKeysWithValues: codes.map { ($0[0] + "|" + $0[1], $0[2]) }) == byCode.mapValues(\.formatted))
        let pairs = Set(Self.rows.map { PairKey(code: "I\($0.indicator)", value: $0.value ?? .infinity) })
        let inOrder = pairs.sorted { $0.code.lowercased() != $1.code.lowercased() ? $0.code.lowercased() < $1.code.lowercased() : $0.value < $1.value }
        #expect(codes.map { [$0[0], $0[1]] } == inOrder.map { [$0.code, text($0.value.isInfinite ? nil : $0.value)] })
        let areas = try both("count by value, area where value is not missing")
        #expect(areas.count == byArea.count)
        #expect(Dictionary(uniqueKeysWithValues: areas.map { ($0[0] + "|" + $0[1], $0[2]) }) == byArea.mapValues(\.formatted))
    }

    private struct PairKey: Hashable {
        let code: String
        let value: Double
    }

    /// A filter to a month or a few (`period = …`, `latest`, a short range) reads the rows
    /// ending in those months (`RowsByEndMonth`) when the scan is large; forced here on
    /// these small stores, it must give what the scan of every block's rows gives, on
    /// both stores and in three stretches, and what a plain loop gives.
    @Test func filtersToAFewMonthsReadTheRowsEndingInThem() throws {
        let month = Self.firstMonth + 50, label = Self.monthLabel(month)
        let statements = ["count by code where period = \(label)", "show code, area, value where period = \(label) and value > 50",
                          "avg(value), count(value) by area where period = latest", "count by code, period where period >= \(label) and period <= \(Self.monthLabel(month + 2))",
                          "count where period = \(label) and code = I3", "sum(value) by period where period in (\(label), \(Self.monthLabel(month + 7)))",
                          "count where period = \(Self.monthLabel(Self.firstMonth + Self.monthCount + 3))"]
        for statement in statements {
            let scanned = try both(statement)
            RowFilter.endMonthIndexForced.store(true, ordering: .relaxed)
            defer { RowFilter.endMonthIndexForced.store(false, ordering: .relaxed) }
            #expect(try both(statement) == scanned, "\(statement)")
        }
        RowFilter.endMonthIndexForced.store(true, ordering: .relaxed)
        defer { RowFilter.endMonthIndexForced.store(false, ordering: .relaxed) }
        let counts = Dictionary(grouping: Self.rows.filter { $0.month == month }, by: \.indicator).mapValues(\.count)
        let byCode = try both("count by code where period = \(label)")
        #expect(byCode == counts.keys.map { "I\($0)" }.sorted().map { [$0, counts[Int($0.dropFirst())!]!.formatted] }, "codes in text order")
        let last = Self.firstMonth + Self.monthCount - 1
        let latest = Dictionary(grouping: Self.rows.filter { $0.month == last && $0.value != nil }, by: \.area).mapValues(\.count)
        #expect(try both("count(value) by area where period = latest").count == latest.count)
    }

    @Test func theStoresSpanManyBlocksAndTheClusteredOneHasSingleIndicatorBlocks() {
        let blocks = clustered.store.blockSummaries
        #expect(Self.rows.count > 8 * BlockSummaries.size)
        #expect(blocks.count == (Self.rows.count + BlockSummaries.size - 1) / BlockSummaries.size)
        #expect((0..<blocks.count).filter { blocks.minIndicator[$0] == blocks.maxIndicator[$0] }.count >= blocks.count / 4)
        let mixed = scrambled.store.blockSummaries
        #expect((0..<mixed.count).allSatisfy { mixed.minIndicator[$0] == 0 && Int(mixed.maxIndicator[$0]) == Self.indicatorCount - 1 })
    }

    @Test func countWithPolarityAndPeriodRangeMatchesAPlainLoop() throws {
        let from = Self.firstMonth + 12, to = Self.firstMonth + 35
        let expected = Self.rows.filter { Self.polarity($0.indicator) == "H" && $0.month >= from && $0.month <= to }.count
        let answer = try both("count where polarity = H and period from \(Self.monthLabel(from)) to \(Self.monthLabel(to))")
        #expect(answer == [["\(expected.formatted)"]])
    }

    @Test func aggregatesByIndicatorMatchAPlainLoop() throws {
        let answer = try both("count, count(value), min(value), max(value) by code")
        #expect(answer.count == Self.indicatorCount)
        for indicator in 0..<Self.indicatorCount {
            let rows = Self.rows.filter { $0.indicator == indicator }
            let values = rows.compactMap(\.value)
            let expected = ["I\(indicator)", rows.count.formatted, values.count.formatted,
                            CellFormatter.fixed(values.min()!, decimals: 1) + "%", CellFormatter.fixed(values.max()!, decimals: 1) + "%"]
            #expect(answer.contains(expected), "I\(indicator): expected \(expected)")
        }
    }

    @Test func oneIndicatorAndSomeAreasByPeriod() throws {
        let wanted: Set<Int> = [3, 17]
        let answer = try both("count by period where code = I5 and area in (\"Authority 3\", \"Authority 17\") and period >= \(Self.monthLabel(Self.firstMonth + 40))")
        let expected = Dictionary(grouping: Self.rows.filter { $0.indicator == 5 && wanted.contains($0.area) && $0.month >= Self.firstMonth + 40 }, by: \.month)
        #expect(answer == expected.keys.sorted().map { [Self.monthLabel($0), expected[$0]!.count.formatted] })
    }

    @Test func comparisonWithEnglandAsOfEachMonth() throws {
        let answer = try both("show area, period, value, england where code = I2 and area_type = authority")
        let local = Self.rows.filter { $0.indicator == 2 && $0.area > 0 }
        #expect(answer.count == local.count)
        let england = Self.rows.filter { $0.indicator == 2 && $0.area == 0 }
        // Each row's England figure is England's latest month on or before its own.
        // Rows come by area (in the order areas.csv lists them), then period.
        for (row, shown) in zip(local.sorted { ($0.area, $0.month) < ($1.area, $1.month) }, answer) {
            #expect(shown[0] == Self.areaName(row.area) && shown[1] == Self.monthLabel(row.month))
            let match = england.last { $0.month <= row.month }
            let text = match.map { $0.value.map { CellFormatter.fixed($0, decimals: 1) + "%" } ?? "c" } ?? ""
            #expect(shown[3] == text, "\(shown)")
        }
    }

    @Test func rankAndFilteredShowAgree() throws {
        let month = Self.monthLabel(Self.firstMonth + 20)
        let ranked = try both("rank authorities by I0 in \(month)")
        #expect(ranked.count == Self.rows.filter { $0.indicator == 0 && $0.area > 0 && $0.month == Self.firstMonth + 20 }.count)
        let shown = try both("show area, value where code = I1 and value > 50 and not area = \"Authority 4\" and period = latest")
        let last = Self.rows.filter { $0.indicator == 1 }.map(\.month).max()!
        #expect(shown.count == Self.rows.filter { $0.indicator == 1 && $0.area != 4 && $0.month == last && ($0.value ?? 0) > 50 }.count)
    }

    /// `order by … limit k` picks its rows in one pass with a heap: it must give exactly the
    /// first k rows of the full sort, ties and missing values (last, either way) included,
    /// over 44,000 rows in many blocks.
    @Test func orderWithALimitIsThePrefixOfTheFullOrder() throws {
        for order in ["value desc", "value", "area desc, value", "period desc, area"] {
            let full = try clustered.texts("show code, area, period, value order by \(order)")
            #expect(full.count == Self.rows.count)
            for limit in [1, 3, 100, 2_500, Self.rows.count - 1] {
                #expect(try clustered.texts("show code, area, period, value order by \(order) limit \(limit)") == Array(full.prefix(limit)),
                        "order by \(order) limit \(limit)")
            }
        }
        // Missing values (shown as c) come last whichever the direction.
        let descending = try clustered.texts("show value order by value desc")
        #expect(descending.last == ["c"] && descending.first != ["c"])
        let plainRows = Self.rows.compactMap(\.value)
        #expect(try clustered.texts("show value order by value desc limit 1") == [[CellFormatter.fixed(plainRows.max()!, decimals: 1) + "%"]])
    }

    /// Groups of several parts pack their parts' numbers into 64 bits, 16 each for four
    /// parts; a part with more than 65,536 values moves the groups met so far to array keys.
    /// Indicators C0 to C8 have 64,800 different values; C9 has 3,600 more, each twice, the
    /// second time after the move, which must find the group met the first time.
    @Test func groupsOfManyPartsStayRightWhenOnePartOutgrowsItsBits() throws {
        var indicators = "code,name,period_type,unit\n", areas = "name,type,parent\n", observations = "indicator,area,period,value\n"
        for indicator in 0..<10 { indicators += "C\(indicator),Count \(indicator),M,count\n" }
        for area in 0..<60 { areas += "Area \(area),authority,\n" }
        for indicator in 0..<10 {
            for area in 0..<60 {
                for month in 0..<120 {
                    let position = area * 120 + month
                    let value = indicator < 9 ? indicator * 7_200 + position : 64_800 + position % 3_600
                    observations += "C\(indicator),Area \(area),\(Self.monthLabel(Self.firstMonth + month)),\(value)\n"
                }
            }
        }
        let harness = try Harness(indicators: indicators, areas: areas, observations: observations)
        let groups = try harness.texts("count by code, unit, period_type, value")
        #expect(groups.count == 68_400)
        #expect(groups.filter { $0[0] == "C9" }.count == 3_600 && groups.filter { $0[0] == "C9" }.allSatisfy { $0.last == "2" })
        #expect(groups.filter { $0[0] != "C9" }.allSatisfy { $0.last == "1" })
        // Fewer parts, the same rows: 600 groups of 120.
        let pairs = try harness.texts("count by code, area")
        #expect(pairs.count == 600 && pairs.allSatisfy { $0.last == "120" })
    }
}

extension ScanTests {
    /// `is missing`, `is not missing` and a figure within bounds are decided block by
    /// block from each block's count of absent figures and range of figures (a block all
    /// missing, none missing, wholly inside or outside the bounds); `count` of a block its
    /// summaries answer adds a number without listing rows. Each must give what a plain
    /// loop gives, alone and beside other conditions.
    @Test func missingFiguresAndBoundsMatchAPlainLoop() throws {
        let missing = Self.rows.filter { $0.value == nil }.count
        #expect(try both("count where value is missing") == [[missing.formatted]])
        #expect(try both("count where value is not missing") == [[(Self.rows.count - missing).formatted]])
        #expect(try both("count where not value is missing") == [[(Self.rows.count - missing).formatted]])
        let inRange = Self.rows.filter { $0.value.map { $0 >= 20 && $0 <= 35.5 } ?? false }
        #expect(try both("count where value between 20 and 35.5") == [[inRange.count.formatted]])
        let above = Self.rows.filter { ($0.value ?? -1) > 99 }
        #expect(try both("count where value > 99") == [[above.count.formatted]])
        #expect(try both("count where value < 0") == [["0"]])
        // Ends included or not, at figures the data holds (tenths: 50 and 60 are met):
        // each as a plain loop compares.
        for (condition, test) in [("value > 50 and value < 60", { (x: Double) in x > 50 && x < 60 }),
                                  ("value >= 50 and value < 60", { (x: Double) in x >= 50 && x < 60 }),
                                  ("value > 50 and value <= 60", { (x: Double) in x > 50 && x <= 60 }),
                                  ("value > 99.9", { (x: Double) in x > 99.9 }), ("value < 0.1", { (x: Double) in x < 0.1 }),
                                  ("value <= 0", { (x: Double) in x <= 0 })] {
            let expected = Self.rows.filter { $0.value.map(test) ?? false }.count
            #expect(try both("count where \(condition)") == [[expected.formatted]], "\(condition)")
        }
        #expect(Self.rows.contains { $0.value == 50 } && Self.rows.contains { $0.value == 60 } && Self.rows.contains { $0.value == 0 })
        #expect(try both("count where value >= 0 and value <= 99.9") == [[(Self.rows.count - missing).formatted]])
        let byCode = try both("count by code where value is missing and polarity = H")
        let expected = Dictionary(grouping: Self.rows.filter { $0.value == nil && Self.polarity($0.indicator) == "H" }, by: \.indicator)
        #expect(byCode == expected.keys.sorted { "I\($0)" < "I\($1)" }.map { ["I\($0)", expected[$0]!.count.formatted] })
        let exact = Self.rows.filter { $0.value == 50 }.count
        #expect(try both("count where value = 50") == [[exact.formatted]])
    }

    /// A group per row, read off the flat table in key order (codes by name, areas by
    /// name, periods in order), and a filter on its counts.
    @Test func aGroupPerRowComesInKeyOrder() throws {
        let groups = try both("count by code, area, period")
        #expect(groups.count == Self.rows.count)
        let expected = Self.rows.map { ["I\($0.indicator)", Self.areaName($0.area), Self.monthLabel($0.month), "1"] }
            .sorted { ($0[0].lowercased(), $0[1].lowercased(), $0[2]) < ($1[0].lowercased(), $1[1].lowercased(), $1[2]) }
        #expect(groups == expected)
        #expect(try both("count by code, area, period having count > 1").isEmpty)
        let areas = try both("count by area having count >= \(Self.rows.filter { $0.area == 7 }.count)")
        let counts = Dictionary(grouping: Self.rows, by: \.area).mapValues(\.count)
        #expect(areas.map { $0[0] }.sorted() == counts.filter { $0.value >= counts[7]! }.keys.map(Self.areaName).sorted())
    }

    /// Year columns group through the period's number: by financial year (April to March)
    /// with the code, and by academic year (September to August) alone.
    @Test func yearColumnsGroupAsAPlainLoopDoes() throws {
        func financial(_ month: Int) -> String {
            let year = month % 12 + 1 >= 4 ? month / 12 : month / 12 - 1
            return "\(year)/\(String(year + 1).suffix(2))"
        }
        var expected: [String: Int] = [:]
        for row in Self.rows { expected["I\(row.indicator)|\(financial(row.month))", default: 0] += 1 }
        let answer = try both("count by code, financial_year")
        #expect(answer.count == expected.count)
        for row in answer { #expect(Int(row[2].replacingOccurrences(of: ",", with: "")) == expected[row[0] + "|" + row[1]], "\(row)") }
        #expect(answer.map { $0[0] + "|" + $0[1] } == expected.keys.sorted { a, b in
            let (x, y) = (a.split(separator: "|"), b.split(separator: "|"))
            return x[0].lowercased() != y[0].lowercased() ? x[0].lowercased() < y[0].lowercased() : x[1] < y[1]
        })
        var academic: [String: Int] = [:]
        for row in Self.rows {
            let year = row.month % 12 + 1 >= 9 ? row.month / 12 : row.month / 12 - 1
            academic["AY \(year)/\(String(year + 1).suffix(2))", default: 0] += 1
        }
        let byYear = try both("count by academic_year")
        #expect(byYear == academic.keys.sorted().map { [$0, academic[$0]!.formatted] })
    }

    /// A distinct count keeps a bit per group and value while they are few, then moves
    /// what it has seen into a hash table of pairs: both give what a plain loop gives.
    @Test func distinctCountsMatchAPlainLoopWithBitsAndWithPairs() throws {
        var expected: [String: Set<Int>] = [:]
        for row in Self.rows { expected["I\(row.indicator)|\(Self.areaName(row.area))", default: []].insert(row.month) }
        func check() throws {
            let answer = try clustered.texts("count(distinct period) by code, area")
            #expect(answer.count == expected.count)
            for row in answer { #expect(Int(row[2]) == expected[row[0] + "|" + row[1]]?.count, "\(row)") }
        }
        try check()
        let limit = DistinctCount.bitLimit
        DistinctCount.bitLimit = 256
        defer { DistinctCount.bitLimit = limit }
        try check()
    }

    /// Statistics that keep every value (median, percentile), distinct counts and a group
    /// a month: what a plain loop gives, in one stretch or three (`both`).
    @Test func keptValuesDistinctCountsAndMonthsMatchAPlainLoop() throws {
        /// Linear interpolation between order statistics (R's type 7, DuckDB's quantile_cont).
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted(), h = Double(sorted.count - 1) * p / 100
            let low = Int(h.rounded(.down))
            return low + 1 < sorted.count ? sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low]) : sorted[low]
        }
        let byArea = Dictionary(grouping: Self.rows, by: \.area)
        let answer = try both("median(value), percentile(value, 90), count(distinct period), count(distinct code) by area")
        #expect(answer.count == byArea.count)
        for row in answer {
            let area = row[0] == "England" ? 0 : Int(row[0].split(separator: " ")[1])!
            let rows = byArea[area]!, values = rows.compactMap(\.value)
            let expected = [row[0], CellFormatter.fixed(percentile(values, 50), decimals: 1) + "%",
                            CellFormatter.fixed(percentile(values, 90), decimals: 1) + "%",
                            Set(rows.map(\.month)).count.formatted, Set(rows.map(\.indicator)).count.formatted]
            #expect(row == expected)
        }
        // A sample standard deviation by two passes (the mean, then the squares about it),
        // where scry joins each run's moments.
        let spreads = try both("stddev(value) by area")
        for row in spreads {
            let area = row[0] == "England" ? 0 : Int(row[0].split(separator: " ")[1])!
            let values = byArea[area]!.compactMap(\.value)
            let mean = values.reduce(0, +) / Double(values.count)
            let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
            #expect(row == [row[0], CellFormatter.fixed(spread, decimals: 2) + "%"])
        }
        let byMonth = Dictionary(grouping: Self.rows.filter { $0.value != nil }, by: \.month)
        let highest = try both("max(value), count(value) by period")
        #expect(highest == byMonth.keys.sorted().map { month in
            [Self.monthLabel(month), CellFormatter.fixed(byMonth[month]!.compactMap(\.value).max()!, decimals: 1) + "%",
             byMonth[month]!.count.formatted]
        })
        // A group a row (by indicator and month: consecutive rows of the clustered store
        // belong to different groups), gathered a row at a time.
        let byCodeAndMonth = Dictionary(grouping: Self.rows.filter { $0.value != nil }) { $0.indicator * 10_000 + $0.month }
        let lowest = try both("min(value), avg(value), count(value) by code, period")
        #expect(lowest.count == byCodeAndMonth.count)
        for row in lowest {
            let indicator = Int(row[0].dropFirst())!, month = Self.months[row[1]]!
            let values = byCodeAndMonth[indicator * 10_000 + month]!.compactMap(\.value)
            #expect(row == [row[0], row[1], CellFormatter.fixed(values.min()!, decimals: 1) + "%",
                            CellFormatter.fixed(values.reduce(0, +) / Double(values.count), decimals: 2) + "%", values.count.formatted])
        }
    }

    /// Each month's label's month number.
    static let months = Dictionary(uniqueKeysWithValues: (firstMonth..<(firstMonth + monthCount)).map { (monthLabel($0), $0) })

    /// A limit with no order keeps the first groups in their order: the full answer's
    /// first rows, and notes of those groups alone (the first indicator's figures are
    /// monthly, so summing them over months warns of nothing, where the others' would).
    @Test func aLimitWithNoOrderKeepsTheFirstGroupsAndTheirNotes() throws {
        let harness = try Self.harness(order: Array(Self.rows.indices), mixedTypes: true)
        for statement in ["count by area, period where value is missing", "avg(value), count by code, area", "sum(value) by code"] {
            let full = try harness.texts(statement)
            for limit in [1, 7] {
                #expect(try harness.texts(statement + " limit \(limit)") == Array(full.prefix(limit)), "\(statement) limit \(limit)")
            }
        }
        #expect(Self.periodType(0, mixedTypes: true) == "M" && Self.periodType(1, mixedTypes: true) != "M")
        #expect(try harness.run("sum(value) by code").noteTexts.contains { $0.hasPrefix("warning: sum(value) adds I1's") })
        #expect(try harness.run("sum(value) by code limit 1").noteTexts.allSatisfy { !$0.hasPrefix("warning: sum(value) adds I") })
    }

    /// Medians and percentiles keep each group's values in chunks of its own when the
    /// groups are few (at most a row in eight: by code and month, 1,152 groups of about 34
    /// values, several chunks each), else in one list put in group order (by code, area and
    /// month, a group a row); the whole store's values in chunks spread over slabs (made
    /// small here, so that most chunks need one of their own). Each gives what a plain loop
    /// gives, in one stretch or three.
    @Test(arguments: ["code, period", "code, area, period", ""])
    func keptValuesInChunksAndInAListMatchAPlainLoop(groups: String) throws {
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted(), h = Double(sorted.count - 1) * p / 100
            let low = Int(h.rounded(.down))
            return low + 1 < sorted.count ? sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low]) : sorted[low]
        }
        let slabs = GroupValueChunks.slabSize
        if groups.isEmpty { GroupValueChunks.slabSize = 100 }
        defer { GroupValueChunks.slabSize = slabs }
        // The whole store's 40,000 values are one group: bracketed before they are selected.
        let byGroup = Dictionary(grouping: Self.rows) { row in
            groups.isEmpty ? "" : groups == "code, period" ? "I\(row.indicator)|\(Self.monthLabel(row.month))"
                : "I\(row.indicator)|\(Self.areaName(row.area))|\(Self.monthLabel(row.month))"
        }
        let answer = try both("median(value), percentile(value, 90), percentile(value, 3), count(value)" + (groups.isEmpty ? "" : " by " + groups))
        #expect(answer.count == byGroup.count)
        let keyColumns = groups.isEmpty ? 0 : groups.split(separator: ",").count
        for row in answer {
            let values = try #require(byGroup[row[0..<keyColumns].joined(separator: "|")], "\(row)").compactMap(\.value)
            guard !values.isEmpty else {
                // A group whose figures are all missing has no percentile.
                #expect(row[keyColumns...].allSatisfy { !$0.contains("%") } && row.last == "0", "\(row)")
                continue
            }
            #expect(Array(row[keyColumns...]) == [50.0, 90, 3].map { CellFormatter.fixed(percentile(values, $0), decimals: 1) + "%" } + [values.count.formatted],
                    "\(row)")
        }
    }

    /// A full sort packs each row's keys into two words, worked out a field at a time over
    /// stretches of rows on every processor (forced here on a small store): the order a
    /// plain sort of the rows gives (figure first, missing last; then code as text, area
    /// as text, month).
    @Test func aFullSortIsAPlainSortsOrder() throws {
        let saved = Engine.packedInPartsFrom
        Engine.packedInPartsFrom = 1_000
        defer { Engine.packedInPartsFrom = saved }
        let sorted = Self.rows.sorted { a, b in
            if a.value != b.value { return (a.value ?? .infinity) < (b.value ?? .infinity) }
            let codes = ("i\(a.indicator)", "i\(b.indicator)"), areas = (Self.areaName(a.area).lowercased(), Self.areaName(b.area).lowercased())
            return codes.0 != codes.1 ? codes.0 < codes.1 : areas.0 != areas.1 ? areas.0 < areas.1 : a.month < b.month
        }
        let answer = try scrambled.texts("show code, area, period, value order by value, code, area, period")
        #expect(answer.map { $0[0] + "|" + $0[1] + "|" + $0[2] } == sorted.map { "I\($0.indicator)|\(Self.areaName($0.area))|\(Self.monthLabel($0.month))" })
        // Two figures need more than two words with the position: entries of three (the
        // row apart), ties of both in store order.
        var observations = "indicator,area,period,value,numerator,denominator\n"
        var rows: [(month: Int, value: Int, numerator: Int)] = []
        for month in 0..<1_500 {
            let value = (month * 7) % 13, numerator = (month * 11) % 17
            rows.append((month, value, numerator))
            observations += "C,Kent,\(2000 + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1),\(value),\(numerator),20\n"
        }
        let counts = try Harness(indicators: "code,name,period_type,unit\nC,Count,M,count\n", observations: observations)
        let expected = rows.sorted { ($0.value, -$0.numerator, $0.month) < ($1.value, -$1.numerator, $1.month) }
        #expect(try counts.texts("show value, numerator order by value, numerator desc").map { $0.joined(separator: "|") }
                == expected.map { "\($0.value)|\($0.numerator)" })
    }

    /// A top-N with tie-breakers on code, area and period picks blocks best first and skips
    /// those that cannot hold a better row: the first k of the full sort, whatever k.
    @Test func aTopNWithTieBreakersIsThePrefixOfTheFullSort() throws {
        for order in ["value desc, code, area, period", "value, area desc, period", "code desc, value desc"] {
            let full = try scrambled.texts("show code, area, period, value order by \(order)")
            for limit in [1, 25, 1_000] {
                #expect(try scrambled.texts("show code, area, period, value order by \(order) limit \(limit)") == Array(full.prefix(limit)),
                        "order by \(order) limit \(limit)")
            }
        }
    }
}

private extension Int {
    var formatted: String { CellFormatter.text(.count(self)) }
}

/// A standard deviation joins each run's moments taken about its first figure: a small
/// spread about a large mean keeps its digits, where Σx² - (Σx)²/n over the raw figures
/// would lose them all (the squares of a billion leave no room for tenths).
struct SpreadTests {
    @Test func aSmallSpreadAboutALargeMeanKeepsItsDigits() throws {
        var observations = "indicator,area,period,value\n"
        // Two areas, so that runs alternate: 1,000,000,000.1 … .8 in each.
        for month in 1...8 {
            for area in ["East", "West"] {
                observations += "N,\(area),2020-\(month < 10 ? "0" : "")\(month),1000000000.\(month)\n"
            }
        }
        let harness = try Harness(indicators: "code,name,period_type,unit,decimals\nN,Count,M,count,1\n",
                                  areas: "name,type,parent\nEast,authority,\nWest,authority,\n", observations: observations)
        // 0.1 … 0.8: mean 0.45, squares about it 0.42, sample variance 0.06, stddev 0.2449…;
        // every figure twice: squares 0.84 over 15, stddev 0.2366….
        #expect(try harness.texts("stddev(value) by area") == [["East", "0.24"], ["West", "0.24"]])
        #expect(try harness.texts("stddev(value)") == [["0.24"]])
    }
}

/// A result that lets many suppressed figures be recovered by subtraction names the first
/// twenty and counts the rest, so that an export of millions of rows is not buried under
/// its warnings.
struct DisclosureCapTests {
    @Test func theFirstTwentyAreNamedAndTheRestCounted() throws {
        var observations = "indicator,area,period,value\n"
        // 25 months, each with Kent's count and both districts' but one suppressed.
        for month in 1...25 {
            let period = "\(2020 + (month - 1) / 12)-\(String(format: "%02d", (month - 1) % 12 + 1))"
            observations += "N,Kent,\(period),\(month + 10)\nN,East,\(period),c\nN,West,\(period),\(month)\n"
        }
        let harness = try Harness(indicators: "code,name,period_type,unit\nN,Count,M,count\n",
                                  areas: "name,type,parent\nKent,authority,\nEast,district,Kent\nWest,district,Kent\n",
                                  observations: observations)
        let notes = try harness.run("show area, period, value").notes.map { CellFormatter.text($0) }
        let named = notes.filter { $0.contains("East's suppressed figure can be recovered") }
        #expect(named.count == 20)
        #expect(notes.contains("warning: 5 more suppressed figures can be recovered the same way; narrow the filter to see which"))
        // Fewer than the cap: each named, no count.
        let few = try harness.run("show area, period, value where period <= 2020-03").notes.map { CellFormatter.text($0) }
        #expect(few.filter { $0.contains("can be recovered") }.count == 3)
        #expect(!few.contains { $0.contains("more suppressed") })
    }
}

/// A group's kept values come back as kept, in order, whether the slabs come from the
/// allocator (small, so that chunks spread over many) or are mapped in huge pages.
struct GroupValueChunksTests {
    @Test(arguments: [false, true])
    func everyGroupsValuesComeBackInOrder(large: Bool) {
        let slabs = GroupValueChunks.slabSize
        if !large { GroupValueChunks.slabSize = 1_000 }
        defer { GroupValueChunks.slabSize = slabs }
        let chunks = GroupValueChunks(large: large)
        let groups = 37
        chunks.grow(to: groups)
        var expected = [[Double]](repeating: [], count: groups)
        // Groups of every size from none to some 9,000 values (past the largest chunk).
        for step in 0..<170_000 {
            let group = (step * step) % groups
            guard group * group * 7 > step % 9_000 else { continue }
            chunks.keep(Double(step), group: group)
            expected[group].append(Double(step))
        }
        #expect(expected.contains { $0.isEmpty } && expected.contains { $0.count > GroupValueChunks.largestChunk * 2 })
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 170_000)
        defer { buffer.deallocate() }
        for group in 0..<groups {
            #expect(chunks.count(group) == expected[group].count)
            let copied = chunks.copy(group, into: buffer)
            #expect(Array(UnsafeBufferPointer(start: buffer, count: copied)) == expected[group], "group \(group)")
        }
    }

    /// A large group's percentiles, bracketed from a sample before they are selected,
    /// are a sort's (`Statistics.percentile`), its values kept by two stretches or one,
    /// many equal or few, one percentile or several; with the bracket as wide as it is,
    /// with no slack (sometimes missing), and too narrow (always missing: every value
    /// selected from).
    @Test(arguments: [49, 0, -20])
    func bracketedPercentilesAreASortsOnes(slack: Int) {
        let saved = GroupValueChunks.bracketSlack
        GroupValueChunks.bracketSlack = slack
        defer { GroupValueChunks.bracketSlack = saved }
        var random: UInt64 = 0x5851_F42D_4C95_7F2D
        func next(_ range: UInt64) -> Double {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((random >> 33) % range) / 10
        }
        for size in [4_096, 5_003, 40_000] {
            for range: UInt64 in [50, 1_000_000] {
                let values = (0..<size).map { _ in next(range) }
                let early = GroupValueChunks(), late = GroupValueChunks()
                early.grow(to: 2)
                late.grow(to: 3)
                for (index, value) in values.enumerated() {
                    if index < size / 3 { early.keep(value, group: 1) } else { late.keep(value, group: 2) }
                }
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: size)
                defer { buffer.deallocate() }
                for ps: [Double] in [[90], [50], [3, 50, 90], [0], [100], [25, 75], [99.9]] {
                    let found = GroupValueChunks.percentiles(ps, of: [(early, 1), (late, 2), (late, -1)], total: size, buffer: buffer)
                    #expect(found == ps.map { Statistics.percentile(values, $0) }, "\(size) values below \(range), \(ps)")
                }
            }
        }
        // 0 … 5,119 in order: the sample is every fifth, 0, 5, … With no slack, the 50.02th
        // percentile lies between the 2,560th and 2,561st values (2,560 and 2,561), and its
        // bracket is 2,560 … 2,560: the upper one is just past it, so every value is used.
        let ordered = GroupValueChunks()
        ordered.grow(to: 1)
        for value in 0..<5_120 { ordered.keep(Double(value), group: 0) }
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 5_120)
        defer { buffer.deallocate() }
        #expect(GroupValueChunks.percentiles([50.02], of: [(ordered, 0)], total: 5_120, buffer: buffer)
                == [Statistics.percentile((0..<5_120).map(Double.init), 50.02)])
    }
}
