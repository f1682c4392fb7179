import ScryLanguage
import ScryStore
import ScrySpelling

extension RowCompiler {
    /// The levels an area group names, as written: `authorities of`, `districts of`,
    /// `neighbours of`.
    static let groupLevels: [String: AreaType] = [
        "authorities": .authority, "authority": .authority, "districts": .district, "district": .district,
        "neighbours": .neighbours, "neighbour": .neighbours,
    ]

    /// `area in authorities of "South East"`: the areas of the group, as a set of areas a
    /// scan applies column by column; `not in` takes the rest.
    func areaGroupNarrowing(_ left: Expression, _ group: AreaGroup, negated: Bool) throws(Diagnostic) -> Narrowing {
        guard case .name(let column) = left.kind, Column.named(column) == .field(.area) else {
            throw Diagnostic.error("'\(source.text(of: left.range)) in \(source.text(of: group.range))' selects areas: write area in \(source.text(of: group.range))",
                                   at: left.range)
        }
        let members = Narrowing.areas(Narrowing.members(try areas(of: group), of: store.areas.count))
        return negated ? members.negated(store) : members
    }

    /// The areas of a group: the authorities (or districts) within a region, England or an
    /// authority, or an authority's statistical neighbours, closest first.
    func areas(of group: AreaGroup) throws(Diagnostic) -> [Int] {
        let written = group.level.text.lowercased()
        guard let level = Self.groupLevels[written] else {
            throw Diagnostic.error("unknown group '\(group.level.text)'", at: group.level.range,
                                   suggestion: Spelling.didYouMean(group.level.text, among: ["authorities", "districts", "neighbours"])
                                       ?? "write authorities of, districts of or neighbours of an area")
        }
        guard let area = resolveArea(group.area.text) else { throw unknownArea(group.area.text, at: group.area.range) }
        let areas = store.areas
        let found = areas[area]
        switch level {
        case .neighbours:
            guard found.type == .authority else {
                throw Diagnostic.error("'\(found.name)' is a \(found.type): neighbours of takes an authority", at: group.area.range)
            }
            guard !found.neighbours.isEmpty else {
                throw Diagnostic.error("'\(found.name)' has no statistical neighbours loaded", at: group.area.range,
                                       suggestion: "load a dataset with a neighbour list, such as LAIT's statistical_neighbours.csv")
            }
            return found.neighbours
        default:
            let above: Set<AreaType> = level == .authority ? [.region, .national] : [.authority, .region, .national]
            guard above.contains(found.type) else {
                let takes = level == .authority ? "a region or England" : "an authority, a region or England"
                throw Diagnostic.error("'\(found.name)' is a\(found.type == .authority ? "n" : "") \(found.type): \(group.level.text.lowercased()) of takes \(takes)",
                                       at: group.area.range)
            }
            return areas.indices.filter { areas[$0].type == level && (found.type == .national || isWithin($0, area)) }
        }
    }

    /// Whether `area` lies within `container` (its parent, its parent's parent, …).
    func isWithin(_ area: Int, _ container: Int) -> Bool {
        var current = store.areas[area].parent
        while let step = current {
            if step == container { return true }
            current = store.areas[step].parent
        }
        return false
    }

    /// How a group reads in a label: `South East`, `Kent's neighbours`, `Kent's districts`.
    func label(of group: AreaGroup) -> String {
        let name = resolveArea(group.area.text).map { store.areas[$0].name } ?? group.area.text
        switch Self.groupLevels[group.level.text.lowercased()] {
        case .neighbours?: return "\(name)'s neighbours"
        case .district?: return "\(name)'s districts"
        default: return name
        }
    }

    /// `area_region = "South East"`: the areas whose region is the one named.
    func regionMatch(_ name: String, at range: SourceRange) throws(Diagnostic) -> Narrowing {
        let regions = store.areas.filter { $0.type == .region }.map(\.name)
        guard let region = resolveArea(name), store.areas[region].type == .region else {
            throw Diagnostic.error("unknown region '\(name)'", at: range,
                                   suggestion: Spelling.didYouMean(name, among: regions) ?? (regions.isEmpty ? "there are none loaded" : nil))
        }
        return .areas(store.areas.indices.map { store.ancestor(of: $0, ofType: .region) == region })
    }
}
