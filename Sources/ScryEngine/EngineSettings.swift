/// Settings that change how the engine judges figures, set in the shell with `.set`.
public struct EngineSettings: Sendable, Equatable {
    /// The computed RAG's tolerance, in per cent of the target: for `T` polarity, green
    /// within it on either side and amber within twice it; for `H` and `L` indicators
    /// without a floor, amber when short of the target by no more than it. 10 agrees best
    /// with the built-in dataset's published RAGs (109 of 122 figures; 101 at 5).
    public var ragTolerance: Double = 10

    public init() {}

    /// Each setting's name, what it means and its current value, for `.set`.
    public static let names = ["rag_tolerance"]

    /// Sets a setting from its written value, or says why not.
    public mutating func set(_ name: String, to text: String) throws(SettingError) {
        switch name.lowercased() {
        case "rag_tolerance":
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw SettingError(message: "rag_tolerance takes a number of per cent, 0 or more, such as 10")
            }
            ragTolerance = value
        default:
            throw SettingError(message: "unknown setting '\(name)': the settings are \(Self.names.joined(separator: ", "))")
        }
    }

    /// The settings as `name value` pairs.
    public var listing: [(name: String, value: String)] {
        [("rag_tolerance", Self.formatted(ragTolerance))]
    }

    private static func formatted(_ value: Double) -> String {
        value.rounded() == value && value.magnitude < 1e15 ? String(Int(value)) : String(value)
    }
}

public struct SettingError: Error, Sendable {
    public var message: String
}
