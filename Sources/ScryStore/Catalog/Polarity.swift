/// Which direction of a figure is better.
public enum Polarity: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// No polarity: an activity indicator (a count of demand). No RAG, no rank.
    case none = 0
    /// `H`: higher is better.
    case high
    /// `L`: lower is better.
    case low
    /// `T`: staying close to the target is better.
    case target

    /// `H`, `L`, `T`, or empty for none.
    public var code: String {
        switch self {
        case .none: ""
        case .high: "H"
        case .low: "L"
        case .target: "T"
        }
    }

    public var description: String { code }

    /// Reads `H`, `L`, `T`, `High`, `Low`, `Target`; blank, `-` or `NA` for none.
    public init?(code text: some StringProtocol) {
        switch text.lowercased() {
        case "", "-", "na", "none": self = .none
        case "h", "high": self = .high
        case "l", "low": self = .low
        case "t", "target": self = .target
        default: return nil
        }
    }

    static let writtenForms = "H, L, T or blank"
}
