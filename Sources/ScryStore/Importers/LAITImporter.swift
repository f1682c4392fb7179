import ScrySpelling

/// Reads the data behind the DfE's Local Authority Interactive Tool, as published: a folder
/// with `bds_long.csv` (one row per measure, year and area), `data_dictionary.csv` (each
/// measure's polarity, unit, decimals and year type) and, optionally,
/// `statistical_neighbours.csv` (each authority's ten neighbours).
///
/// How LAIT's fields become scry's:
/// - a measure is an indicator with period type `A`; its polarity comes from `Polarity`
///   (`High`, `Low`; `-` and `NA` are none), its unit from `y_axis_name`, its decimals
///   from `dps` (1 where `NA`, whatever the unit, as LAIT's `global.R` sets it), its theme
///   from `Topic`;
/// - a `Years` label is read by the measure's `Year_Type`: a bare year is the financial or
///   academic year ending in it (`Annual`, the 31 March returns, counts as financial), a
///   January census month (`Annual - January`) or a 30 September snapshot (`Annual (end of
///   Sept)`); `2016-17` is a split year, `2014-16` a span of calendar years;
/// - `England` is national; an area whose `Region` is `NA` is a region; the rest are
///   authorities, whose parent is their region (spellings such as `Yorkshire and The
///   Humber` and `London (Inner)` are matched ignoring case and word order);
/// - `Values` of `-` are kept as that missing-value symbol; floating-point noise such as
///   `32.200000000000003` is shown at the measure's decimals.
///
/// A `Years` label that is a bare number of one to three digits is no year: the published
/// file has one such block, `CINPermExclusion` (an `Academic Year` measure) with a year `0`
/// after 2016 to 2024, 170 rows, one per area, every value `-`. LAIT's app keeps every row
/// whose `Years` is not missing and sorts labels by their first four characters (`0` → 0),
/// so its tables show an empty column headed `0` before the years, which is never the latest
/// year nor the previous one. scry keeps the rows the same way, as an undated period
/// (`Period.Kind.undated`, shown as `0`, ordered before every dated period, never an as-of,
/// previous or year-ago match for a dated one), so the file's 641,070 records are 641,070
/// observations, and warns once per measure that has such rows. Any other label that is no
/// period leaves its rows out, with a warning that counts them.
///
/// `bds_long.csv` is read by `FastReader`; from the stretch where it meets anything
/// unusual, `DataReader` (the reporting reader) reads on, so that messages and results are
/// that reader's. Both read fields through `DataField`.
enum LAITImporter {
    static let dataFile = "bds_long.csv"
    static let dictionaryFile = "data_dictionary.csv"
    static let neighboursFile = "statistical_neighbours.csv"
    static let fileNames = [dataFile, dictionaryFile, neighboursFile]

    /// Whether a folder's files are in LAIT's layout.
    static func recognises(_ source: DatasetSource) -> Bool {
        source.files[dataFile] != nil || source.files[dictionaryFile] != nil
    }

    static func stage(_ source: DatasetSource) throws(LoadFailure) -> StagedDataset {
        try stage(source, reading: .fastWhereItCan).staged
    }

    /// How `bds_long.csv` is read: by the fast reader, the reporting (checked) one reading
    /// on where it stops (the import's way), or by one of them only (for tests).
    enum Reading {
        case fastWhereItCan, checkedOnly, fastOnly
    }

    /// The staged dataset, and whether the fast reader read all of `bds_long.csv`. With
    /// `fastOnly`, a file the fast reader does not read to its end is staged with no
    /// observations. `splits` (for tests) are where the fast reader's stretches start,
    /// instead of one per processor.
    static func stage(_ source: DatasetSource, reading: Reading, splits: [Int]? = nil) throws(LoadFailure) -> (staged: StagedDataset, readFast: Bool) {
        var staged = StagedDataset(source: source.location, name: source.name)
        for required in [dataFile, dictionaryFile] where source.files[required] == nil {
            throw LoadFailure([LoadIssue(.error, file: source.path(of: required),
                                         message: "missing \(required): a LAIT folder holds bds_long.csv and data_dictionary.csv (and statistical_neighbours.csv)")])
        }
        var issues: [LoadIssue] = []
        var readFast = false
        let measures = readDictionary(source, issues: &issues)
        if !issues.contains(where: { $0.severity == .error }) {
            var dataIssues: [LoadIssue] = []
            var reporting: DataReader?
            switch reading == .checkedOnly ? nil : FastReader.read(source, measures: measures, into: &staged, splits: splits) {
            case .staged(let fast)?:
                dataIssues = fast
                readFast = true
            case .resume(let rest)?:
                reporting = rest
            case nil:
                reporting = DataReader(source: source, measures: measures)
            }
            if var reporting {
                if reading == .fastOnly {
                    staged = StagedDataset(source: source.location, name: source.name)
                } else {
                    // The fast reader stops when interrupted: no need to read on.
                    try LoadFailure.checkInterruption(source.location)
                    reporting.read(into: &staged)
                    dataIssues = reporting.table.issues
                }
            }
            issues += dataIssues
            if !dataIssues.contains(where: { $0.severity == .error }), source.files[neighboursFile] != nil {
                issues += readNeighbours(source, into: &staged)
            }
        }
        let errors = issues.filter { $0.severity == .error }
        guard errors.isEmpty else { throw LoadFailure(errors) }
        deriveCounts(&staged)
        staged.warnings = issues + undatedWarnings(staged, file: source.path(of: dataFile))
        return (staged, readFast)
    }

    /// One warning per measure with figures under an undated label, saying how they are kept.
    static func undatedWarnings(_ staged: StagedDataset, file: String) -> [LoadIssue] {
        var counts: [Int: [Period: Int]] = [:]
        let observations = staged.observations
        for row in 0..<observations.count {
            let period = Period(raw: observations.period[row])
            if period.isUndated { counts[Int(observations.indicator[row]), default: [:]][period, default: 0] += 1 }
        }
        return counts.sorted { $0.key < $1.key }.flatMap { indicator, labels in
            labels.sorted { $0.key < $1.key }.map { period, count in
                var issue = LoadIssue(.warning, file: file, message: "\(staged.indicators[indicator].code): \(count) row\(count == 1 ? "" : "s") labelled '\(period)', "
                    + "which is no year, kept as an undated period: listed before every year, as LAIT lists it, and never the latest or previous one")
                issue.isKnownQuirk = true
                return issue
            }
        }
    }

    // MARK: data_dictionary.csv

    /// One measure of the dictionary, as an indicator waiting for its first observation.
    struct Measure {
        var indicator: Indicator
        var line: Int
    }

    private static let dictionaryColumns: [TableReader.Column] = [
        .init(name: "measure_short", required: true), .init(name: "topic", required: false),
        .init(name: "measure", required: false), .init(name: "polarity", required: false),
        .init(name: "y_axis_name", required: false), .init(name: "dps", required: false),
        .init(name: "year_type", required: true), .init(name: "description", required: false),
        .init(name: "no_quartile", required: false),
    ]

    static func readDictionary(_ source: DatasetSource, issues: inout [LoadIssue]) -> [String: Measure] {
        var table = TableReader(file: source.path(of: dictionaryFile), bytes: source.files[dictionaryFile] ?? [], warnsOfUnknownColumns: false)
        var measures: [String: Measure] = [:]
        var repeated: [String] = []
        guard table.readHeader(dictionaryColumns) else { issues += table.issues; return measures }
        while !table.isOverErrorLimit, table.nextRecord() {
            let code = table.text(0)
            guard !code.isEmpty else { table.error(at: 0, "missing measure code"); continue }
            if let first = measures[code] {
                repeated.append("\(code) (lines \(first.line) and \(table.record.line))")
                continue
            }
            guard let polarity = Polarity(code: table.text(3)) else {
                table.error(at: 3, "unknown polarity '\(table.text(3))': expected High, Low, - or NA")
                continue
            }
            let yearType = table.text(6)
            guard let reading = YearType(yearType) else {
                table.error(at: 6, "unknown year type '\(yearType)': expected \(YearType.writtenForms)",
                            note: Spelling.didYouMean(yearType, among: YearType.allNames))
                continue
            }
            let axis = table.text(4)
            let unit = unit(ofAxis: axis)
            if unit == nil { table.warning(at: 4, "unit '\(axis)' is not recognised: the measure's figures are shown as scores") }
            let dps = table.text(5)
            var decimals: Int?
            if !dps.isEmpty, dps.uppercased() != "NA" {
                guard let written = Int(dps), (0...6).contains(written) else {
                    table.error(at: 5, "dps '\(dps)' is not a number of decimals from 0 to 6, or NA")
                    continue
                }
                decimals = written
            }
            let resolvedUnit = unit ?? .score
            // LAIT sets every `dps` of NA to 1, whatever the unit (global.R, `metrics_clean`:
            // `dps = ifelse(is.na(dps), 1, dps)`), so a count such as EngBacEntriesSEN shows 3.9.
            if decimals == nil { decimals = 1 }
            let name = table.text(2)
            var indicator = Indicator(dataset: 0, code: code, name: name.isEmpty ? code : name, theme: table.text(1), polarity: polarity,
                                      periodType: .annual, unit: resolvedUnit, decimals: decimals, definition: table.text(7),
                                      source: "LAIT", splitYears: reading.splitYears, bareYear: reading.bareYear)
            // LAIT shows no quartile band for a measure marked `N`.
            indicator.hasQuartileBands = table.text(8).uppercased() != "N"
            // Every area's figure is published for the same years (mod_la_lvl_table.R sets
            // the authority beside England, region and neighbours year by year).
            indicator.comparatorTiming = .samePeriod
            measures[code] = Measure(indicator: indicator, line: table.record.line)
        }
        issues += table.issues
        if !repeated.isEmpty {
            var issue = LoadIssue(.warning, file: table.file,
                                  message: "\(repeated.count) measure\(repeated.count == 1 ? " is" : "s are") described twice, and the first description is kept: "
                                      + repeated.prefix(3).joined(separator: ", ") + (repeated.count > 3 ? " and \(repeated.count - 3) more" : ""))
            issue.isKnownQuirk = true
            issues.append(issue)
        }
        return measures
    }

    /// LAIT's year types, and how each reads its labels.
    struct YearType {
        var splitYears: SplitYearKind
        var bareYear: BareYear

        static let table: [(String, YearType)] = [
            ("academic year", YearType(splitYears: .academic, bareYear: .splitYearEnding)),
            ("financial year", YearType(splitYears: .financial, bareYear: .splitYearEnding)),
            ("calendar year", YearType(splitYears: .financial, bareYear: .calendarYear)),
            ("annual (end of sept)", YearType(splitYears: .financial, bareYear: .month(9))),
            ("annual - january", YearType(splitYears: .academic, bareYear: .month(1))),
            // The 31 March returns (children in need, on plans, looked after).
            ("annual", YearType(splitYears: .financial, bareYear: .splitYearEnding)),
        ]
        static let allNames = ["Academic Year", "Financial Year", "Calendar Year", "Annual (end of Sept)", "Annual - January", "Annual"]
        static var writtenForms: String { allNames.joined(separator: ", ") }

        init(splitYears: SplitYearKind, bareYear: BareYear) {
            self.splitYears = splitYears
            self.bareYear = bareYear
        }

        init?(_ text: String) {
            let lowered = text.lowercased()
            guard let found = Self.table.first(where: { $0.0 == lowered }) else { return nil }
            self = found.1
        }
    }

    /// The unit a `y_axis_name` names; nil when it names none scry knows.
    static func unit(ofAxis axis: String) -> Unit? {
        let lowered = axis.lowercased()
        if lowered.hasPrefix("%") || lowered.hasPrefix("percentage") || lowered == "absence rate" || lowered == "turnover rate" { return .percent }
        if lowered.hasPrefix("rate per 10,000") { return .per10000 }
        if lowered.hasPrefix("rate per 100,000") { return .per100000 }
        if lowered.hasPrefix("rate per 1000") || lowered.hasPrefix("rate per 1,000") { return .per1000 }
        if lowered == "spend" || lowered == "unit cost" || lowered.hasPrefix("£") { return .currency }
        if lowered.hasPrefix("number") || lowered == "entries" || lowered.hasPrefix("total") || lowered.hasSuffix(" fte")
            || lowered == "social workers" { return .count }
        if lowered.hasPrefix("average") && !lowered.contains("score") || lowered == "case load" { return .average }
        if lowered.contains("score") { return .score }
        return nil
    }

    // MARK: statistical_neighbours.csv

    private static let neighbourColumns: [TableReader.Column] = [
        .init(name: "la_number", required: true), .init(name: "la_name", required: false),
        .init(name: "neighbour_rank", required: false), .init(name: "neighbour_la_number", required: true),
        .init(name: "neighbour_la_name", required: false), .init(name: "closeness", required: false),
    ]

    /// Each authority's neighbours, matched by LA number (names are spelt differently in
    /// places), in rank order.
    private static func readNeighbours(_ source: DatasetSource, into staged: inout StagedDataset) -> [LoadIssue] {
        var table = TableReader(file: source.path(of: neighboursFile), bytes: source.files[neighboursFile] ?? [], warnsOfUnknownColumns: false)
        guard table.readHeader(neighbourColumns) else { return table.issues }
        var byNumber: [String: Int] = [:]
        for (index, candidate) in staged.areas.enumerated() where candidate.area.type == .authority && !candidate.area.code.isEmpty {
            byNumber[candidate.area.code] = index
        }
        var groups: [Int: [(rank: Int, neighbour: Int, closeness: String)]] = [:]
        var missing: [String: LoadIssue] = [:]
        while !table.isOverErrorLimit, table.nextRecord() {
            var pair: [Int] = []
            for (number, name) in [(0, 1), (3, 4)] {
                let code = DataField.laNumber(table.text(number))
                if let area = byNumber[code] {
                    pair.append(area)
                } else if missing[code] == nil {
                    var issue = table.located(at: number, "LA number \(code) (\(table.text(name))) has no figures in bds_long.csv: its neighbour rows are left out")
                    issue.severity = .warning
                    missing[code] = issue
                }
            }
            guard pair.count == 2 else { continue }
            guard pair[0] != pair[1] else { table.error(at: 3, "an authority is not its own neighbour"); continue }
            let rankText = table.text(2)
            var rank = (groups[pair[0]]?.count ?? 0) + 1
            if !rankText.isEmpty {
                guard let written = Int(rankText), written > 0 else { table.error(at: 2, "expected a rank: a whole number from 1"); continue }
                rank = written
            }
            if groups[pair[0]]?.contains(where: { $0.neighbour == pair[1] }) == true {
                table.error(at: 3, "'\(table.text(4))' is already a neighbour of '\(table.text(1))'")
                continue
            }
            groups[pair[0], default: []].append((rank, pair[1], table.text(5)))
        }
        for (area, group) in groups {
            let ordered = group.sorted { $0.rank < $1.rank }
            staged.areas[area].area.neighbours = ordered.map(\.neighbour)
            staged.areas[area].area.neighbourCloseness = ordered.map(\.closeness)
        }
        return table.issues + missing.values.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }
}
