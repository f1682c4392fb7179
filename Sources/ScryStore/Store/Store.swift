/// Every loaded dataset: the indicator, area and population tables, commentary, and the
/// observations in columns.
///
/// A value type. `add` checks a staged dataset against what is loaded before it changes
/// anything, so a failed load leaves the store as it was.
public struct Store: Sendable {
    public struct Dataset: Sendable, Equatable {
        public var name: String
        /// A folder path, `built-in`, or a snapshot file.
        public var source: String
        public var indicatorCount: Int
        public var areaCount: Int
        public var observationCount: Int
        public var commentaryCount: Int
    }

    public var datasets: [Dataset] = []
    public var indicators: [Indicator] = [] { didSet { cache = StoreCache() } }
    public var areas: [Area] = [] { didSet { cache = StoreCache() } }
    public var populations: [Population] = []
    public var commentary: [Commentary] = []
    public var observations = ObservationTable() { didSet { cache = StoreCache() } }
    /// Facts derived from the tables above, emptied whenever one of them changes.
    public private(set) var cache = StoreCache()
    var areaIndex: [String: Int] = [:]
    var indicatorIndex: [String: [Int]] = [:]

    public init() {}

    /// The area named `name` (exactly), if loaded.
    public func area(named name: String) -> Int? { areaIndex[name] }

    /// The indicators with this code, one per dataset that declares it.
    public func indicators(withCode code: String) -> [Int] { indicatorIndex[code] ?? [] }

    /// Reads and adds a dataset folder; on failure the store is unchanged.
    public mutating func load(folder path: String, as name: String? = nil) throws(LoadFailure) -> StagedDataset {
        let staged = try DatasetLoader.stage(DatasetSource.folder(path, name: name))
        try add(staged)
        return staged
    }

    /// The loaded area a staged one is: the one of the same name; else, for an authority,
    /// the authority with the same official code (`County Durham` in DfE's files is LAIT's
    /// `Durham`, LA 840); else, for a region or England, the one whose name has the same words
    /// (`Yorkshire and The Humber`, `London (Inner)` and `Inner London`).
    func existingArea(for area: Area) -> Int? {
        if let named = areaIndex[area.name] { return named }
        switch area.type {
        case .authority where !area.code.isEmpty:
            return areas.firstIndex { $0.type == .authority && $0.code == area.code }
        case .region, .national:
            let key = Area.nameKey(area.name)
            return areas.firstIndex { $0.type == area.type && Area.nameKey($0.name) == key }
        default:
            return nil
        }
    }

    /// Takes a staged dataset in. Throws, changing nothing, when its name is taken or one
    /// of its areas contradicts an area already loaded.
    public mutating func add(_ staged: StagedDataset) throws(LoadFailure) {
        if datasets.contains(where: { $0.name == staged.name }) {
            throw LoadFailure([LoadIssue(.error, file: staged.source,
                                         message: "a dataset named '\(staged.name)' is already loaded: load it under another name with 'as NAME'")])
        }
        var errors: [LoadIssue] = []
        let matches = staged.areas.map { existingArea(for: $0.area) }
        for (candidate, match) in zip(staged.areas, matches) {
            guard let existing = match else { continue }
            if areas[existing].type != candidate.area.type {
                var issue = candidate.issueAnchor
                issue.message = "area '\(candidate.area.name)' is a \(candidate.area.type) here but a \(areas[existing].type) in a dataset already loaded"
                errors.append(issue)
            }
            if !candidate.area.neighbours.isEmpty, !areas[existing].neighbours.isEmpty,
               areas[existing].neighbours.map({ areas[$0].name }) != candidate.area.neighbours.map({ staged.areas[$0].area.name }) {
                var issue = candidate.issueAnchor
                issue.message = "area '\(candidate.area.name)' has other statistical neighbours here than in a dataset already loaded"
                errors.append(issue)
            }
        }
        let newAreas = matches.filter { $0 == nil }.count
        if areas.count + newAreas > Int(UInt16.max) || indicators.count + staged.indicators.count > Int(UInt16.max) {
            errors.append(LoadIssue(.error, file: staged.source, message: "too many areas or indicators: at most \(UInt16.max) of each"))
        }
        guard errors.isEmpty else { throw LoadFailure(errors) }

        // Nothing below can fail.
        let dataset = datasets.count
        var areaMap: [UInt16] = []
        for (candidate, match) in zip(staged.areas, matches) {
            if let existing = match {
                areaMap.append(UInt16(existing))
            } else {
                areaIndex[candidate.area.name] = areas.count
                areaMap.append(UInt16(areas.count))
                var area = candidate.area
                area.parent = nil
                area.neighbours = []
                area.neighbourCloseness = []
                areas.append(area)
            }
        }
        for (local, candidate) in staged.areas.enumerated() {
            let global = Int(areaMap[local])
            if let parent = candidate.area.parent, areas[global].parent == nil {
                areas[global].parent = Int(areaMap[parent])
            }
            if areas[global].code.isEmpty { areas[global].code = candidate.area.code }
            if areas[global].neighbours.isEmpty {
                areas[global].neighbours = candidate.area.neighbours.map { Int(areaMap[$0]) }
                areas[global].neighbourCloseness = candidate.area.neighbourCloseness
            }
            if let population = candidate.population {
                populations.append(Population(area: global, period: population.period, count: population.count, dataset: dataset))
            }
        }
        var indicatorMap: [UInt16] = []
        for var indicator in staged.indicators {
            indicator.dataset = dataset
            indicatorIndex[indicator.code, default: []].append(indicators.count)
            indicatorMap.append(UInt16(indicators.count))
            indicators.append(indicator)
        }
        if observations.count == 0, indicatorMap.elementsEqual(indicatorMap.indices.lazy.map(UInt16.init)),
           areaMap.elementsEqual(areaMap.indices.lazy.map(UInt16.init)) {
            // The first dataset: its columns are taken as they are, not copied.
            observations = staged.observations
        } else {
            observations.append(contentsOf: staged.observations, indicatorMap: indicatorMap, areaMap: areaMap)
        }
        for var entry in staged.commentary {
            entry.indicator = Int(indicatorMap[entry.indicator])
            entry.area = Int(areaMap[entry.area])
            commentary.append(entry)
        }
        datasets.append(Dataset(name: staged.name, source: staged.source, indicatorCount: staged.indicators.count,
                                areaCount: staged.areas.count, observationCount: staged.observations.count,
                                commentaryCount: staged.commentary.count))
        assert(invariantViolations().isEmpty, "store invariants: \(invariantViolations())")
    }
}
