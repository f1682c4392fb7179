/// Settings that change how the engine judges figures, set in the shell with `.set`.
public struct EngineSettings: Sendable, Equatable {
    /// The computed RAG's tolerance, in per cent of the target: for `T` polarity, green
    /// within it on either side and amber within twice it; for `H` and `L` indicators
    /// without a floor, amber when short of the target by no more than it. 10 agrees best
    /// with the built-in dataset's published RAGs (109 of 122 figures; 101 at 5).
    public var ragTolerance: Double = 10

    /// How many months a lagging comparator's period may end before the local period ends
    /// (nil: no limit), as q's `aj` with a window and QuestDB's `ASOF JOIN … TOLERANCE`
    /// bound an as-of match. It applies only where comparators lag by nature: a local
    /// scorecard's own England or region rows, and a local indicator's mapped national
    /// measure. 36 keeps the oldest comparator the built-in scorecards print (July 2019
    /// beside England 2016/17: 28 months) and leaves out anything older than three years.
    public var comparatorLag: Int? = 36

    /// The confidence level of `ci_verdict_X`: 95% (Fingertips' default comparison) or
    /// 99.8%.
    public var ciLevel: ConfidenceLimits.Level = .ninetyFive

    public init() {}

    /// Each setting's name, for `.set` and its completion.
    public static let names = ["rag_tolerance", "comparator_lag", "ci_level"]

    /// Sets a setting from its written value, or says why not.
    public mutating func set(_ name: String, to text: String) throws(SettingError) {
        switch name.lowercased() {
        case "rag_tolerance":
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw SettingError(message: "rag_tolerance takes a number of per cent, 0 or more, such as 10")
            }
            ragTolerance = value
        case "comparator_lag":
            if text.lowercased() == "none" {
                comparatorLag = nil
            } else {
                guard let months = Int(text), months >= 0 else {
                    throw SettingError(message: "comparator_lag takes a whole number of months, 0 or more, such as 24, or none for no limit")
                }
                comparatorLag = months
            }
        case "ci_level":
            guard let level = ConfidenceLimits.Level(rawValue: text.hasSuffix("%") ? String(text.dropLast()) : text) else {
                throw SettingError(message: "ci_level takes 95 or 99.8 (per cent)")
            }
            ciLevel = level
        default:
            throw SettingError(message: "unknown setting '\(name)': the settings are \(Self.names.joined(separator: ", "))")
        }
    }

    /// The settings as `name value` pairs.
    public var listing: [(name: String, value: String)] {
        [("rag_tolerance", Self.formatted(ragTolerance)), ("comparator_lag", comparatorLag.map(String.init) ?? "none"),
         ("ci_level", ciLevel.rawValue)]
    }

    private static func formatted(_ value: Double) -> String {
        value.rounded() == value && value.magnitude < 1e15 ? String(Int(value)) : String(value)
    }
}

public struct SettingError: Error, Sendable {
    public var message: String
}
