/// What kind of place an area is.
public enum AreaType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// A part of an authority: a district, locality or team.
    case district = 0
    /// A local authority.
    case authority
    case region
    /// England.
    case national
    /// An authority's statistical neighbour group.
    case neighbours

    public var code: String {
        switch self {
        case .district: "district"
        case .authority: "authority"
        case .region: "region"
        case .national: "national"
        case .neighbours: "neighbours"
        }
    }

    public var description: String { code }

    public init?(code text: some StringProtocol) {
        let lowered = text.lowercased()
        guard let type = AreaType.allCases.first(where: { $0.code == lowered }) else { return nil }
        self = type
    }

    static var writtenForms: String { allCases.map(\.code).joined(separator: ", ") }
}

/// An area's metadata: one row of the store's area table. Areas are shared by every
/// loaded dataset: `Kent` in two datasets is one area.
public struct Area: Sendable, Equatable {
    public var name: String
    public var type: AreaType
    /// The area it belongs to (an index into `Store.areas`).
    public var parent: Int?
    public var code: String
    /// An authority's statistical neighbours, closest first (indices into `Store.areas`):
    /// the group whose mean and median are its `neighbours` comparator.
    public var neighbours: [Int]
    /// How close each neighbour is, as the neighbour file says (`Extremely close` … `Not
    /// close`), beside `neighbours`; empty where the file gives none.
    public var neighbourCloseness: [String]

    init(name: String, type: AreaType, parent: Int? = nil, code: String = "", neighbours: [Int] = [], neighbourCloseness: [String] = []) {
        self.name = name
        self.type = type
        self.parent = parent
        self.code = code
        self.neighbours = neighbours
        self.neighbourCloseness = neighbourCloseness
    }

    /// The closeness of the neighbour at `position` of `neighbours`, or "" when unknown.
    public func closeness(ofNeighbourAt position: Int) -> String {
        neighbourCloseness.indices.contains(position) ? neighbourCloseness[position] : ""
    }

    /// A name for matching spellings of one place: its words, lowercased and sorted, so that
    /// `London (Inner)` is `Inner London` and `Yorkshire and The Humber` is `Yorkshire and
    /// the Humber`.
    static func nameKey(_ name: String) -> String {
        name.lowercased().split { !$0.isLetter }.sorted().joined(separator: " ")
    }

    /// Inner and Outer London belong to London: among regions keyed by `nameKey`, each
    /// whose words are another's with `inner` or `outer` added, with that other.
    static func subRegionParents(_ regions: [String: Int]) -> [(region: Int, parent: Int)] {
        regions.compactMap { key, index in
            let words = key.split(separator: " ")
            guard words.count > 1, words.contains("inner") || words.contains("outer") else { return nil }
            let rest = words.filter { $0 != "inner" && $0 != "outer" }.joined(separator: " ")
            guard let parent = regions[rest], parent != index else { return nil }
            return (index, parent)
        }
    }
}

/// An area's under-18 population in a period, as a dataset gave it.
public struct Population: Sendable, Equatable {
    var area: Int
    var period: Period
    var count: Double
    var dataset: Int
}

/// Published commentary on one figure.
public struct Commentary: Sendable, Equatable {
    public var indicator: Int
    public var area: Int
    public var period: Period
    public var text: String
}
