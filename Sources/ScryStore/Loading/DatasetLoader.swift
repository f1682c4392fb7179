import ScrySpelling

/// Reads a dataset's CSV files into a `StagedDataset`, checking every field.
///
/// Every error found is reported (up to a limit per file), each with its file, line and
/// column; the dataset is staged only when there are none, so nothing is half-loaded.
///
/// Ctrl-C (`Interruption`) stops the readers at their next check, and the load fails with
/// only "interrupted", whatever else was found or read.
public enum DatasetLoader {
    public static func stage(_ source: DatasetSource) throws(LoadFailure) -> StagedDataset {
        var staged: StagedDataset
        do {
            staged = try stageAnyLayout(source)
        } catch {
            // Readers that stopped early leave errors that say nothing of the files.
            try LoadFailure.checkInterruption(source.location)
            guard source.sheetLines != nil else { throw error }
            throw LoadFailure(error.errors.map(source.locatedInWorkbook))
        }
        try LoadFailure.checkInterruption(source.location)
        if source.sheetLines != nil {
            // A workbook's issues in its own terms: sheet, row and column.
            staged.warnings = staged.warnings.map(source.locatedInWorkbook)
            for index in staged.areas.indices { staged.areas[index].issueAnchor = source.locatedInWorkbook(staged.areas[index].issueAnchor) }
        }
        return staged
    }

    private static func stageAnyLayout(_ source: DatasetSource) throws(LoadFailure) -> StagedDataset {
        if source.files["indicators.csv"] == nil, LAITImporter.recognises(source) { return try LAITImporter.stage(source) }
        if source.files["indicators.csv"] == nil, EESImporter.recognises(source) { return try EESImporter.stage(source) }
        var staged = StagedDataset(source: source.location, name: source.name)
        var errors: [LoadIssue] = []
        for required in ["indicators.csv", "areas.csv", "observations.csv"] where !source.has(required) {
            errors.append(LoadIssue(.error, file: source.path(of: required),
                                    message: "missing \(required): a dataset folder holds indicators.csv, areas.csv and observations.csv"))
        }
        guard errors.isEmpty else { throw LoadFailure(errors) }

        var indicatorIndex: [String: Int] = [:]
        var areaIndex: [String: Int] = [:]
        collect(readIndicators(source, into: &staged, index: &indicatorIndex), &errors, &staged)
        collect(readAreas(source, into: &staged, index: &areaIndex), &errors, &staged)
        // Observations refer to indicators and areas: only read them when those were clean.
        if errors.isEmpty {
            collect(readObservations(source, into: &staged, indicators: indicatorIndex, areas: areaIndex), &errors, &staged)
        }
        if errors.isEmpty, source.files["neighbours.csv"] != nil {
            collect(readNeighbours(source, into: &staged, areas: areaIndex), &errors, &staged)
        }
        if errors.isEmpty, source.files["mapping.csv"] != nil {
            collect(readMapping(source, into: &staged, indicators: indicatorIndex), &errors, &staged)
        }
        if errors.isEmpty, source.files["commentary.csv"] != nil {
            collect(readCommentary(source, into: &staged, indicators: indicatorIndex, areas: areaIndex), &errors, &staged)
        }
        guard errors.isEmpty else { throw LoadFailure(errors) }
        return staged
    }

    private static func collect(_ issues: [LoadIssue], _ errors: inout [LoadIssue], _ staged: inout StagedDataset) {
        for issue in issues {
            if issue.severity == .error { errors.append(issue) } else { staged.warnings.append(issue) }
        }
    }

    // MARK: indicators.csv

    private static let indicatorColumns: [TableReader.Column] = [
        .init(name: "code", required: true), .init(name: "name", required: true),
        .init(name: "theme", required: false), .init(name: "polarity", required: false),
        .init(name: "period_type", required: true), .init(name: "unit", required: true),
        .init(name: "decimals", required: false), .init(name: "definition", required: false),
        .init(name: "source", required: false),
    ]

    private static func readIndicators(_ source: DatasetSource, into staged: inout StagedDataset, index: inout [String: Int]) -> [LoadIssue] {
        var table = TableReader(file: source.path(of: "indicators.csv"), bytes: source.files["indicators.csv"] ?? [])
        guard table.readHeader(indicatorColumns) else { return table.issues }
        while !table.isOverErrorLimit, table.nextRecord() {
            let code = table.text(0)
            guard Indicator.isValidCode(code) else {
                table.error(at: 0, code.isEmpty ? "missing indicator code" : "indicator code '\(code)' is not valid: expected a letter, then letters, digits or '_'")
                continue
            }
            if index[code] != nil {
                table.error(at: 0, "indicator '\(code)' is declared twice")
                continue
            }
            let name = table.text(1)
            if name.isEmpty { table.error(at: 1, "missing name for indicator '\(code)'") }
            let polarityText = table.text(3)
            let polarity = Polarity(code: polarityText)
            if polarity == nil { table.error(at: 3, "unknown polarity '\(polarityText)': expected \(Polarity.writtenForms)") }
            let periodTypeText = table.text(4)
            let periodType = PeriodType(code: periodTypeText)
            if periodType == nil {
                table.error(at: 4, "unknown period type '\(periodTypeText)': expected \(PeriodType.writtenForms)")
            }
            let unitText = table.text(5)
            let unit = Unit(code: unitText)
            if unit == nil {
                table.error(at: 5, "unknown unit '\(unitText)': expected \(Unit.writtenForms)",
                            note: Spelling.didYouMean(unitText, among: Unit.allCases.map(\.code)))
            }
            let decimalsText = table.text(6)
            let decimals = Int(decimalsText).flatMap { (0...10).contains($0) ? $0 : nil }
            let decimalsValid = decimalsText.isEmpty || decimals != nil
            if !decimalsValid { table.error(at: 6, "decimals '\(decimalsText)' is not a whole number from 0 to 10") }
            guard !name.isEmpty, let polarity, let periodType, let unit, decimalsValid else { continue }
            index[code] = staged.indicators.count
            staged.indicators.append(Indicator(
                dataset: 0, code: code, name: name, theme: table.text(2), polarity: polarity, periodType: periodType,
                unit: unit, decimals: decimals, definition: table.text(7), source: table.text(8)))
        }
        if table.errorCount == 0, staged.indicators.count > Int(UInt16.max) {
            table.issues.append(LoadIssue(.error, file: table.file, message: "too many indicators: at most \(UInt16.max)"))
        }
        return table.issues
    }

    // MARK: areas.csv

    private static let areaColumns: [TableReader.Column] = [
        .init(name: "name", required: true), .init(name: "type", required: true),
        .init(name: "parent", required: false), .init(name: "code", required: false),
        .init(name: "population", required: false), .init(name: "population_period", required: false),
    ]

    private static func readAreas(_ source: DatasetSource, into staged: inout StagedDataset, index: inout [String: Int]) -> [LoadIssue] {
        var table = TableReader(file: source.path(of: "areas.csv"), bytes: source.files["areas.csv"] ?? [])
        guard table.readHeader(areaColumns) else { return table.issues }
        var parents: [(area: Int, name: String, anchor: LoadIssue)] = []
        while !table.isOverErrorLimit, table.nextRecord() {
            let name = table.text(0)
            guard !name.isEmpty else { table.error(at: 0, "missing area name"); continue }
            if index[name] != nil { table.error(at: 0, "area '\(name)' is declared twice"); continue }
            let typeText = table.text(1)
            guard let type = AreaType(code: typeText) else {
                table.error(at: 1, "unknown area type '\(typeText)': expected \(AreaType.writtenForms)",
                            note: Spelling.didYouMean(typeText, among: AreaType.allCases.map(\.code)))
                continue
            }
            var population: (Double, Period)?
            guard let count = table.cell(4, column: "population") else { continue }
            let periodText = table.text(5)
            if let number = count.number {
                guard !periodText.isEmpty else {
                    table.error(at: table.field(5) == nil ? 4 : 5, "population of '\(name)' needs its population_period: the period it was counted for, such as 2016")
                    continue
                }
                do {
                    population = (number, try Period.parse(periodText))
                } catch {
                    table.error(at: 5, error.message)
                    continue
                }
            }
            let area = staged.areas.count
            index[name] = area
            let anchor = table.located(at: 0, "")
            staged.areas.append(.init(area: Area(name: name, type: type, code: table.text(3)), issueAnchor: anchor, population: population))
            let parent = table.text(2)
            if !parent.isEmpty { parents.append((area, parent, table.located(at: 2, ""))) }
        }
        for (area, name, anchor) in parents {
            guard let parent = index[name] else {
                var issue = anchor
                issue.message = "unknown parent area '\(name)': a parent must be declared in the same file"
                issue.note = Spelling.didYouMean(name, among: index.keys.sorted())
                table.issues.append(issue)
                continue
            }
            staged.areas[area].area.parent = parent
        }
        // A parent chain must end: no area may be its own ancestor.
        if table.errorCount == 0 {
            for (area, _, anchor) in parents {
                var seen: Set<Int> = [area]
                var current = staged.areas[area].area.parent
                while let step = current {
                    guard seen.insert(step).inserted else {
                        var issue = anchor
                        issue.message = "area '\(staged.areas[area].area.name)' is its own ancestor through its parents"
                        table.issues.append(issue)
                        break
                    }
                    current = staged.areas[step].area.parent
                }
            }
        }
        if table.errorCount == 0, staged.areas.count > Int(UInt16.max) {
            table.issues.append(LoadIssue(.error, file: table.file, message: "too many areas: at most \(UInt16.max)"))
        }
        return table.issues
    }

    // MARK: observations.csv

    /// The observations: by the parallel pass, and where it stops (or for a file it does not
    /// take at all), by the reporting pass from there on, which says where each problem is.
    private static func readObservations(
        _ source: DatasetSource, into staged: inout StagedDataset, indicators: [String: Int], areas: [String: Int]
    ) -> [LoadIssue] {
        let file = "observations.csv", path = source.path(of: file)
        let input: ParallelObservationReader.Input = source.unread[file].map { .file(path: $0.path, size: $0.size) }
            ?? .memory(source.files[file] ?? [])
        let outcome = ParallelObservationReader(input: input, indicators: staged.indicators, indicatorNames: indicators, areaNames: areas)
            .readOrResume()
        var resume: ParallelObservationReader.Resume?
        switch outcome {
        case .table(let table)?:
            staged.observations = table
            return []
        case .resume(let table, let from)?:
            staged.observations = table
            resume = from
        case nil:
            // The parallel pass gives up when interrupted: no need to read the file again.
            if Interruption.isRequested { return [] }
        }
        let bytes: [UInt8]
        do {
            bytes = try source.contents(of: file)
        } catch {
            return [LoadIssue(.error, file: path, message: error.message(path))]
        }
        var reader = ObservationReader(file: path, bytes: bytes, indicators: staged.indicators,
                                       indicatorNames: .indicators(indicators), areaNames: .areas(areas))
        return reader.read(into: &staged.observations, from: resume)
    }

    // MARK: commentary.csv

    private static let commentaryColumns: [TableReader.Column] = [
        .init(name: "indicator", required: true), .init(name: "area", required: true),
        .init(name: "period", required: true), .init(name: "text", required: true),
    ]

    private static func readCommentary(
        _ source: DatasetSource, into staged: inout StagedDataset, indicators: [String: Int], areas: [String: Int]
    ) -> [LoadIssue] {
        let indicatorNames = DeclaredNames.indicators(indicators), areaNames = DeclaredNames.areas(areas)
        var table = TableReader(file: source.path(of: "commentary.csv"), bytes: source.files["commentary.csv"] ?? [])
        guard table.readHeader(commentaryColumns) else { return table.issues }
        while !table.isOverErrorLimit, table.nextRecord() {
            guard let indicator = table.declared(0, in: indicatorNames),
                  let area = table.declared(1, in: areaNames) else { continue }
            let period: Period
            do {
                period = try staged.indicators[indicator].period(table.text(2))
            } catch {
                table.error(at: 2, error.message)
                continue
            }
            let text = table.text(3)
            guard !text.isEmpty else { table.error(at: 3, "missing commentary text"); continue }
            staged.commentary.append(Commentary(indicator: indicator, area: area, period: period, text: text))
        }
        return table.issues
    }

    // MARK: mapping.csv

    private static let mappingColumns: [TableReader.Column] = [
        .init(name: "indicator", required: true), .init(name: "measure", required: true),
    ]

    /// Local indicator → national measure: where a local indicator's England, region and
    /// neighbour figures are found when its own dataset has none as recent.
    private static func readMapping(_ source: DatasetSource, into staged: inout StagedDataset, indicators: [String: Int]) -> [LoadIssue] {
        let indicatorNames = DeclaredNames.indicators(indicators)
        var table = TableReader(file: source.path(of: "mapping.csv"), bytes: source.files["mapping.csv"] ?? [])
        guard table.readHeader(mappingColumns) else { return table.issues }
        var mapped: [Int: Int] = [:]
        while !table.isOverErrorLimit, table.nextRecord() {
            guard let indicator = table.declared(0, in: indicatorNames) else { continue }
            let code = table.text(0), measure = table.text(1)
            guard !measure.isEmpty else { table.error(at: 1, "missing national measure code"); continue }
            if let line = mapped[indicator] {
                table.error(at: 0, "\(code) is already mapped on line \(line)")
                continue
            }
            mapped[indicator] = table.record.line
            staged.indicators[indicator].nationalMeasure = measure
        }
        return table.issues
    }

    // MARK: neighbours.csv

    private static let neighbourColumns: [TableReader.Column] = [
        .init(name: "area", required: true), .init(name: "neighbour", required: true), .init(name: "rank", required: false),
        .init(name: "closeness", required: false),
    ]

    /// An authority's statistical neighbours, one row each, in rank order (the `rank`
    /// column, when given, orders them).
    private static func readNeighbours(_ source: DatasetSource, into staged: inout StagedDataset, areas: [String: Int]) -> [LoadIssue] {
        let areaNames = DeclaredNames.areas(areas)
        var table = TableReader(file: source.path(of: "neighbours.csv"), bytes: source.files["neighbours.csv"] ?? [])
        guard table.readHeader(neighbourColumns) else { return table.issues }
        var groups: [Int: [(rank: Double, neighbour: Int, closeness: String)]] = [:]
        while !table.isOverErrorLimit, table.nextRecord() {
            var pair: [Int] = []
            for column in 0..<2 {
                guard let area = table.declared(column, in: areaNames) else { break }
                guard staged.areas[area].area.type == .authority else {
                    table.error(at: column, "'\(table.text(column))' is a \(staged.areas[area].area.type): statistical neighbours are authorities")
                    break
                }
                pair.append(area)
            }
            guard pair.count == 2 else { continue }
            guard pair[0] != pair[1] else { table.error(at: 1, "an authority is not its own neighbour"); continue }
            if groups[pair[0]]?.contains(where: { $0.neighbour == pair[1] }) == true {
                table.error(at: 1, "'\(table.text(1))' is already a neighbour of '\(table.text(0))'")
                continue
            }
            var rank = Double(groups[pair[0]]?.count ?? 0) + 1
            let rankText = table.text(2)
            if !rankText.isEmpty {
                guard let written = Int(rankText), written > 0 else { table.error(at: 2, "expected a rank: a whole number from 1"); continue }
                rank = Double(written)
            }
            groups[pair[0], default: []].append((rank, pair[1], table.text(3)))
        }
        for (area, group) in groups {
            let ordered = group.sorted { $0.rank < $1.rank }
            staged.areas[area].area.neighbours = ordered.map(\.neighbour)
            staged.areas[area].area.neighbourCloseness = ordered.map(\.closeness)
        }
        return table.issues
    }
}
