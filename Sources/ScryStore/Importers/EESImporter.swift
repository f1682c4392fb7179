import ScrySpelling

/// Reads the DfE's "explore education statistics" (EES) open data files, as published: one
/// or more CSV files with the columns `time_period`, `time_identifier`, `geographic_level`,
/// `country_name`, `region_name`, `la_name`, `old_la_code` (and their codes), then filter
/// columns, then one column per measure. Each data file may have a metadata file beside it
/// (`NAME.meta.csv`) saying which columns are filters and which are indicators, with each
/// indicator's label, unit and decimals.
///
/// How the layout becomes scry's:
/// - each indicator column is an indicator with period type `A`, for each combination of
///   filter values (`pupil_count` for "Children in need" is `pupil_count_children_in_need`;
///   a filter at `Total` adds nothing to the code); EES publishes no polarity, so none is set;
/// - `time_period` is read by `time_identifier`: `202425` is the financial or academic year
///   2024/25, `2024` a calendar (or reporting) year; one file holds one kind of year;
/// - `National` rows are England, `Regional` rows regions (Inner and Outer London under
///   London), `Local authority` rows authorities in their region, coded by their 3-digit
///   LA number so that they meet LAIT's spelling of the same council; rows of other levels
///   are left out with a warning;
/// - `c`, `low`, `k`, `u`, `x`, `z` (and `:`, `-`, blank) are kept as typed missing values.
///
/// Without a metadata file, a column after the geography whose cells are all numbers or
/// symbols is an indicator, and any other a filter.
enum EESImporter {
    static let requiredColumns = ["time_period", "time_identifier", "geographic_level"]
    /// The columns of time and geography that are neither filters nor indicators.
    static let geographyColumns: Set<String> = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
        "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
        "lad_code", "lad_name", "pcon_code", "pcon_name", "lsip_code", "lsip_name",
        "english_devolved_area_code", "english_devolved_area_name", "local_enterprise_partnership_code",
        "local_enterprise_partnership_name", "opportunity_area_code", "opportunity_area_name",
        "ward_code", "ward_name", "school_urn", "school_laestab", "school_name", "trust_id", "trust_name",
        "sponsor_id", "sponsor_name", "provider_ukprn", "provider_name", "institution_id", "institution_name",
        "planning_area_code", "planning_area_name", "rsc_region_lead_name", "mcr_code", "mcr_name",
    ]
    static let metadataSuffix = ".meta.csv"

    /// The data files of a source: its CSV files that are not metadata and whose header
    /// names EES's time and level columns.
    static func dataFiles(_ source: DatasetSource) -> [String] {
        source.files.keys.filter { name in
            guard name.hasSuffix(".csv"), !name.hasSuffix(metadataSuffix), let bytes = source.files[name] else { return false }
            let header = bytes.prefix { $0 != UInt8(ascii: "\n") }.lowercasedHeaderNames()
            return requiredColumns.allSatisfy(header.contains)
        }.sorted()
    }

    /// Whether a folder's (or a single file's) files are in the EES layout.
    static func recognises(_ source: DatasetSource) -> Bool { !dataFiles(source).isEmpty }

    static func stage(_ source: DatasetSource) throws(LoadFailure) -> StagedDataset {
        var staged = StagedDataset(source: source.location, name: source.name)
        var builder = Builder()
        var issues: [LoadIssue] = []
        for file in dataFiles(source) {
            let metadata = readMetadata(source, for: file, issues: &issues)
            var reader = FileReader(file: source.path(of: file), bytes: source.files[file] ?? [], metadata: metadata)
            reader.read(into: &staged, builder: &builder)
            issues += reader.issues
            if issues.contains(where: { $0.severity == .error }) { break }
        }
        builder.linkAreas(&staged, issues: &issues)
        let errors = issues.filter { $0.severity == .error }
        guard errors.isEmpty else { throw LoadFailure(errors) }
        staged.warnings = issues
        return staged
    }

    // MARK: metadata

    struct Metadata {
        enum Kind { case filter, indicator }
        struct Column {
            var kind: Kind
            var label: String
            var grouping: String
            var unit: String
            var decimals: Int?
        }
        var columns: [String: Column] = [:]
    }

    private static let metadataColumns: [TableReader.Column] = [
        .init(name: "col_name", required: true), .init(name: "col_type", required: true),
        .init(name: "label", required: false), .init(name: "indicator_grouping", required: false),
        .init(name: "indicator_unit", required: false), .init(name: "indicator_dp", required: false),
    ]

    /// The metadata file beside `file`, or nil when there is none.
    private static func readMetadata(_ source: DatasetSource, for file: String, issues: inout [LoadIssue]) -> Metadata? {
        let name = String(file.dropLast(4)) + metadataSuffix
        guard let bytes = source.files[name] else { return nil }
        var table = TableReader(file: source.path(of: name), bytes: bytes, warnsOfUnknownColumns: false)
        var metadata = Metadata()
        guard table.readHeader(metadataColumns) else { issues += table.issues; return metadata }
        while !table.isOverErrorLimit, table.nextRecord() {
            let column = table.text(0).lowercased()
            guard !column.isEmpty else { table.error(at: 0, "missing column name"); continue }
            let kind: Metadata.Kind
            switch table.text(1).lowercased() {
            case "filter": kind = .filter
            case "indicator": kind = .indicator
            default:
                table.error(at: 1, "unknown col_type '\(table.text(1))': expected Filter or Indicator")
                continue
            }
            var decimals: Int?
            let dp = table.text(5)
            if kind == .indicator, !dp.isEmpty {
                guard let written = Int(dp), (0...6).contains(written) else {
                    table.error(at: 5, "indicator_dp '\(dp)' is not a number of decimals from 0 to 6")
                    continue
                }
                decimals = written
            }
            metadata.columns[column] = .init(kind: kind, label: table.text(2), grouping: table.text(3), unit: table.text(4), decimals: decimals)
        }
        issues += table.issues
        return metadata
    }

    /// The unit an EES indicator is in: from `indicator_unit` (`%`, `£`), else from the
    /// words of its column name (`…_rate_per_10000`, `…_percent`, `…_count`).
    static func unit(written: String, column: String) -> Unit {
        let written = written.lowercased()
        if written == "%" { return .percent }
        if written.hasPrefix("£") { return .currency }
        let words = Set(column.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        if words.contains("10000") || words.contains("10k") { return .per10000 }
        if words.contains("100000") { return .per100000 }
        if words.contains("1000") { return .per1000 }
        if !words.isDisjoint(with: ["percent", "percentage", "pc", "pct", "proportion"]) { return .percent }
        if !words.isDisjoint(with: ["count", "number", "num", "total", "headcount"]) { return .count }
        if !words.isDisjoint(with: ["average", "avg", "mean", "median"]) { return .average }
        if words.contains("days") { return .days }
        if words.contains("weeks") { return .weeks }
        return .score
    }

    // MARK: time

    /// The kinds of year EES writes in `time_identifier`, and how `time_period` reads.
    struct YearKind: Equatable {
        var name: String
        var splitYears: SplitYearKind
        var bareYear: BareYear
        var digits: Int

        static let all: [YearKind] = [
            YearKind(name: "financial year", splitYears: .financial, bareYear: .splitYearEnding, digits: 6),
            YearKind(name: "academic year", splitYears: .academic, bareYear: .splitYearEnding, digits: 6),
            YearKind(name: "tax year", splitYears: .financial, bareYear: .splitYearEnding, digits: 6),
            YearKind(name: "calendar year", splitYears: .financial, bareYear: .calendarYear, digits: 4),
            YearKind(name: "reporting year", splitYears: .financial, bareYear: .calendarYear, digits: 4),
        ]
        static let writtenForms = "Financial year, Academic year, Tax year, Calendar year or Reporting year"

        init(name: String, splitYears: SplitYearKind, bareYear: BareYear, digits: Int) {
            self.name = name
            self.splitYears = splitYears
            self.bareYear = bareYear
            self.digits = digits
        }

        init?(_ text: String) {
            let lowered = text.lowercased()
            guard let found = Self.all.first(where: { $0.name == lowered }) else { return nil }
            self = found
        }

        /// `202425` → `2024/25`, `2024` → `2024`; nil when the text is not a year of this kind.
        func label(_ text: String) -> String? {
            guard text.utf8.count == digits, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
            guard digits == 6 else { return text }
            let first = Int(text.prefix(4))!, second = Int(text.suffix(2))!
            guard (first + 1) % 100 == second else { return nil }
            return "\(text.prefix(4))/\(text.suffix(2))"
        }
    }

    // MARK: areas

    /// The areas and indicators met so far, across the files of one dataset.
    struct Builder {
        /// "level|name" → staged area.
        var areaIndex: [String: Int] = [:]
        /// For each staged area: its region's name as written (authorities), to link later.
        var regionOf: [Int: String] = [:]
        var indicatorIndex: [String: Int] = [:]
        /// Which file first gave each indicator, to explain a clash.
        var indicatorFile: [String: String] = [:]
        /// (indicator, area, period) already given.
        var seen: Set<UInt64> = []
        var skippedLevels: [String: (count: Int, first: LoadIssue)] = [:]

        mutating func area(_ name: String, type: AreaType, code: String, anchor: LoadIssue, staged: inout StagedDataset) -> Int {
            let key = "\(type)|\(type == .region ? Area.nameKey(name) : name)"
            if let known = areaIndex[key] { return known }
            areaIndex[key] = staged.areas.count
            staged.areas.append(.init(area: Area(name: name, type: type, code: code), issueAnchor: anchor))
            return staged.areas.count - 1
        }

        /// Authorities go under their regions (created, without figures, when the files have
        /// no rows for them); Inner and Outer London go under London.
        mutating func linkAreas(_ staged: inout StagedDataset, issues: inout [LoadIssue]) {
            for (index, region) in regionOf.sorted(by: { $0.key < $1.key }) where !region.isEmpty {
                var anchor = staged.areas[index].issueAnchor
                anchor.severity = .warning
                staged.areas[index].area.parent = area(region, type: .region, code: "", anchor: anchor, staged: &staged)
            }
            let prefix = "\(AreaType.region)|"
            let regions = Dictionary(uniqueKeysWithValues: areaIndex.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) })
            for (region, parent) in Area.subRegionParents(regions) { staged.areas[region].area.parent = parent }
            for (level, entry) in skippedLevels.sorted(by: { $0.key < $1.key }) {
                var issue = entry.first
                issue.severity = .warning
                issue.message = "\(entry.count) row\(entry.count == 1 ? "" : "s") at geographic level '\(level)' left out: scry reads National, Regional and Local authority rows"
                issues.append(issue)
            }
        }
    }

    // MARK: data files

    /// Reads one data file into the staged dataset.
    struct FileReader {
        let file: String
        var table: TableReader
        let metadata: Metadata?
        var issues: [LoadIssue] = []

        init(file: String, bytes: [UInt8], metadata: Metadata?) {
            self.file = file
            table = TableReader(file: file, bytes: bytes, warnsOfUnknownColumns: false)
            self.metadata = metadata
        }

        /// Fixed column positions in the declared list.
        enum Fixed: Int, CaseIterable {
            case timePeriod, timeIdentifier, level, countryName, regionCode, regionName, oldCode, newCode, laName
            var name: String {
                ["time_period", "time_identifier", "geographic_level", "country_name", "region_code", "region_name",
                 "old_la_code", "new_la_code", "la_name"][rawValue]
            }
        }

        mutating func read(into staged: inout StagedDataset, builder: inout Builder) {
            // The header, read once to learn the measure and filter columns.
            var probe = TableReader(file: file, bytes: table.reader.bytes, warnsOfUnknownColumns: false)
            let fixed = Fixed.allCases.map { TableReader.Column(name: $0.name, required: EESImporter.requiredColumns.contains($0.name)) }
            guard probe.readHeader(fixed) else { issues = probe.issues; return }
            let header = probe.record.fields.map { probe.reader.string($0).trimmed.lowercased() }
            let candidates = header.filter { !EESImporter.geographyColumns.contains($0) }
            var filters: [String] = [], measures: [String] = []
            if let metadata {
                for name in candidates {
                    switch metadata.columns[name]?.kind {
                    case .filter: filters.append(name)
                    case .indicator: measures.append(name)
                    case nil:
                        let position = header.firstIndex(of: name)!
                        issues.append(probe.issue(.warning, probe.record.fields[position], "column '\(name)' is not in the metadata file: it is ignored"))
                    }
                }
            } else {
                let numeric = Self.numericColumns(candidates, header: header, bytes: table.reader.bytes, file: file)
                filters = candidates.filter { !numeric.contains($0) }
                measures = candidates.filter { numeric.contains($0) }
            }
            guard !measures.isEmpty else {
                issues.append(LoadIssue(.error, file: file, line: 1, column: 1, message: "no indicator columns: expected measure columns after the time and geography columns"))
                return
            }
            let columns = fixed + (filters + measures).map { TableReader.Column(name: $0, required: false) }
            guard table.readHeader(columns) else { issues = table.issues; return }
            let filterBase = Fixed.allCases.count, measureBase = filterBase + filters.count
            var yearKind: (kind: YearKind, line: Int)?
            var periods: [String: Period] = [:]
            var lastAreaKey = "", lastArea = -1
            while !table.isOverErrorLimit, table.nextRecord() {
                // The year.
                let identifier = table.text(Fixed.timeIdentifier.rawValue)
                guard let kind = YearKind(identifier) else {
                    table.error(at: Fixed.timeIdentifier.rawValue, "unknown time_identifier '\(identifier)': expected \(YearKind.writtenForms)",
                                note: Spelling.didYouMean(identifier, among: YearKind.all.map(\.name)))
                    continue
                }
                if let first = yearKind, first.kind != kind {
                    table.error(at: Fixed.timeIdentifier.rawValue,
                                "time_identifier '\(identifier)' differs from '\(first.kind.name)' on line \(first.line): an EES file holds one kind of year")
                    continue
                }
                if yearKind == nil { yearKind = (kind, table.record.line) }
                let written = table.text(Fixed.timePeriod.rawValue)
                guard let label = kind.label(written) else {
                    table.error(at: Fixed.timePeriod.rawValue, "time_period '\(written)' is not a \(kind.name): expected "
                                + (kind.digits == 6 ? "6 digits for consecutive years, such as 202425" : "4 digits, such as 2024"))
                    continue
                }
                // The area.
                let level = table.text(Fixed.level.rawValue)
                let area: Int
                let anchor = table.located(at: Fixed.level.rawValue, "")
                switch level.lowercased() {
                case "national":
                    let name = table.text(Fixed.countryName.rawValue)
                    area = builder.area(name.isEmpty ? "England" : name, type: .national, code: "", anchor: anchor, staged: &staged)
                case "regional":
                    let name = table.text(Fixed.regionName.rawValue)
                    guard !name.isEmpty else { table.error(at: Fixed.regionName.rawValue, "missing region_name on a Regional row"); continue }
                    area = builder.area(name, type: .region, code: "", anchor: anchor, staged: &staged)
                case "local authority":
                    let name = table.text(Fixed.laName.rawValue)
                    guard !name.isEmpty else { table.error(at: Fixed.laName.rawValue, "missing la_name on a Local authority row"); continue }
                    let key = name + "|" + table.text(Fixed.oldCode.rawValue)
                    if key == lastAreaKey {
                        area = lastArea
                    } else {
                        area = builder.area(name, type: .authority, code: LAITImporter.DataField.laNumber(table.text(Fixed.oldCode.rawValue)),
                                            anchor: table.located(at: Fixed.laName.rawValue, ""), staged: &staged)
                        if builder.regionOf[area] == nil { builder.regionOf[area] = table.text(Fixed.regionName.rawValue) }
                        lastAreaKey = key
                        lastArea = area
                    }
                default:
                    if builder.skippedLevels[level] == nil { builder.skippedLevels[level] = (0, anchor) }
                    builder.skippedLevels[level]?.count += 1
                    continue
                }
                // The filter values, then each measure.
                let filterValues = filters.indices.map { table.text(filterBase + $0) }
                for (offset, column) in measures.enumerated() {
                    let position = measureBase + offset
                    guard let indicator = indicator(column, filterValues: filterValues, filters: filters, kind: kind, staged: &staged, builder: &builder) else { continue }
                    let period: Period
                    if let known = periods[label + "|\(indicator)"] {
                        period = known
                    } else {
                        do {
                            period = try staged.indicators[indicator].period(label)
                        } catch {
                            table.error(at: Fixed.timePeriod.rawValue, error.message)
                            continue
                        }
                        periods[label + "|\(indicator)"] = period
                    }
                    let key = observationKey(indicator: indicator, area: area, period: period)
                    guard builder.seen.insert(key).inserted else {
                        table.error(at: position, "duplicate figure: \(staged.indicators[indicator].code), \(staged.areas[area].area.name), \(written) is already given")
                        continue
                    }
                    guard let value = table.cell(position, column: column) else { continue }
                    staged.observations.appendFigure(indicator: indicator, area: area, period: period, value: value)
                }
            }
            issues += table.issues
        }

        /// The staged indicator for a measure column at these filter values, staging it on
        /// first use; nil (with an error) when another file already gave the same code.
        private mutating func indicator(_ column: String, filterValues: [String], filters: [String], kind: YearKind,
                                        staged: inout StagedDataset, builder: inout Builder) -> Int? {
            let named = zip(filters, filterValues).filter { !$0.1.isEmpty && $0.1.lowercased() != "total" }
            let code = Self.code(column, named.map(\.1))
            if let known = builder.indicatorIndex[code] {
                if builder.indicatorFile[code] == file { return known }
                table.error(at: Fixed.allCases.count + filters.count, "indicator '\(code)' is also in \(builder.indicatorFile[code]!): load the files as separate datasets")
                return nil
            }
            let described = metadata?.columns[column]
            let label = described?.label.isEmpty == false ? described!.label : column
            let name = named.isEmpty ? label : label + " (" + named.map(\.1).joined(separator: ", ") + ")"
            var indicator = Indicator(dataset: 0, code: code, name: name, theme: described?.grouping ?? "", polarity: .none,
                                      periodType: .annual, unit: EESImporter.unit(written: described?.unit ?? "", column: column),
                                      decimals: described?.decimals, source: "DfE explore education statistics",
                                      splitYears: kind.splitYears, bareYear: kind.bareYear)
            // National, regional and authority rows of one file are for the same periods.
            indicator.comparatorTiming = .samePeriod
            builder.indicatorIndex[code] = staged.indicators.count
            builder.indicatorFile[code] = file
            staged.indicators.append(indicator)
            return staged.indicators.count - 1
        }

        /// `pupil_count` with filter value "Children in need" → `pupil_count_children_in_need`.
        static func code(_ column: String, _ values: [String]) -> String {
            var code = ([column] + values).map { part in
                part.lowercased().split { !$0.isLetter && !$0.isNumber || !$0.isASCII }.joined(separator: "_")
            }.filter { !$0.isEmpty }.joined(separator: "_")
            if code.first.map({ !$0.isLetter }) ?? true { code = "m_" + code }
            return code
        }

        /// The candidate columns whose every cell is a number or a missing-value symbol, with
        /// at least one number: the indicators of a file without metadata.
        static func numericColumns(_ candidates: [String], header: [String], bytes: [UInt8], file: String) -> Set<String> {
            var table = TableReader(file: file, bytes: bytes, warnsOfUnknownColumns: false)
            guard table.readHeader(candidates.map { .init(name: $0, required: false) }) else { return [] }
            var numeric = Array(repeating: true, count: candidates.count), anyNumber = Array(repeating: false, count: candidates.count)
            while table.nextRecord() {
                for index in candidates.indices where numeric[index] {
                    let text = table.text(index)
                    if CellState(symbol: text) != nil { continue }
                    if let number = NumberParsing.parse(text), number.isFinite { anyNumber[index] = true } else { numeric[index] = false }
                }
            }
            return Set(candidates.indices.filter { numeric[$0] && anyNumber[$0] }.map { candidates[$0] })
        }
    }
}

private extension Collection<UInt8> {
    /// The names of a header line, lowercased, without quotes or surrounding spaces.
    func lowercasedHeaderNames() -> Set<String> {
        Set(String(decoding: self, as: UTF8.self).split(separator: ",").map {
            $0.trimmingCharacters(in: " \"\r\u{FEFF}").lowercased()
        })
    }
}

private extension StringProtocol {
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
