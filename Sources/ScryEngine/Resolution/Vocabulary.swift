/// The names the language knows, for the shell's Tab completion.
public enum Vocabulary {
    /// Every column name, derived ones and area levels included.
    public static let columns: [String] = Column.allNames
    /// What `compare … with` takes.
    public static let comparators: [String] = Comparator.allCases.map(\.rawValue)
}
