import ScryStore

/// The names the language knows, for the shell's help and Tab completion: all read from
/// the column catalog, never listed again.
public enum Vocabulary {
    /// Every column name and alias, and the area levels filters take as columns.
    public static let columns: [String] = Column.allNames
    /// What `compare … with` takes.
    public static let comparators: [String] = Comparator.allCases.map(\.rawValue)

    /// The values `name` takes, as Tab offers them after `name =` or `name in (`, over what
    /// `store` holds; nil when `name` is no column or takes any number or text.
    public static func values(of name: String, in store: Store) -> [String]? {
        if Column.named(name) == nil, let level = Column.areaLevels[name.lowercased()] {
            return store.areas.filter { $0.type == level }.map(\.name)
        }
        return Column.named(name)?.description.domain.choices(in: store)
    }

    /// What `.help columns` lists: each column with its line, by section, the comparison
    /// parts once for every comparator.
    public static var columnsHelp: String {
        var text = "Any column may be shown, filtered, ordered by or grouped by.\n"
        let width = Column.allCases.map { entryName($0).count }.max() ?? 0
        for section in ColumnDescription.Section.allCases {
            text += section.rawValue + ":\n"
            for column in Column.allCases where column.description.section == section {
                if case .comparison(let comparator, _) = column, comparator != Comparator.allCases[0] { continue }
                let description = column.description
                var line = description.help
                if case .field = column, !description.aliases.isEmpty { line += " (also " + description.aliases.joined(separator: ", ") + ")" }
                text += wrapped(line, label: "  " + entryName(column).padding(width + 4))
            }
        }
        text += wrapped("where X is " + Comparator.allCases.map(\.rawValue).joined(separator: ", ")
                        + "; the bare name (gap, verdict…) is against england", label: "  ")
        let levels = AreaType.allCases.filter { Column.areaLevels.values.contains($0) }.map(\.code)
        text += "Area levels, as columns in filters:\n"
        text += wrapped(levels.joined(separator: ", ") + " (district in (EAST, SOUTH)); the plural is the same: authorities",
                        label: "  ")
        return text
    }

    /// A column's name in the list: `gap_X` for a comparison part.
    private static func entryName(_ column: Column) -> String {
        if case .comparison(_, let part) = column { return part.rawValue + "_X" }
        return column.name
    }

    /// `line` after `label`, wrapped at 88 columns with its continuation lines aligned.
    private static func wrapped(_ line: String, label: String) -> String {
        var text = "", current = label
        for word in line.split(separator: " ") {
            if current.count + word.count + 1 > 88, current.count > label.count {
                text += current + "\n"
                current = String(repeating: " ", count: label.count)
            }
            current += (current.last == " " ? "" : " ") + word
        }
        return text + current + "\n"
    }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
