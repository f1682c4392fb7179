/// A RAG rating: red, amber or green.
public enum RAG: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case red
    case amber
    case green

    /// `R`, `A`, `G`, or empty for none.
    public var code: String {
        switch self {
        case .none: ""
        case .red: "R"
        case .amber: "A"
        case .green: "G"
        }
    }

    public var description: String { code }

    public init?(code text: some StringProtocol) {
        switch text.lowercased() {
        case "": self = .none
        case "r", "red": self = .red
        case "a", "amber": self = .amber
        case "g", "green": self = .green
        default: return nil
        }
    }

    static let writtenForms = "R, A, G or blank"
}
