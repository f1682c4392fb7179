/// Whether a numeric cell holds a number, and if not, which missing-value symbol stands
/// in its place.
///
/// Official statistics publish symbols instead of numbers. They are typed missing
/// values: kept, shown as written, counted as missing, never read as zero. The state is
/// one byte per cell; `present` is zero so a scan for valid cells compares with zero.
public enum CellState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case present = 0
    /// An empty cell: not given.
    case blank = 1
    /// `c`: confidential, a suppressed small count or a figure derived from one.
    case confidential
    /// `low`: rounds to zero, but is not zero.
    case low
    /// `k`: rounds to zero, but is not zero (the older form of `low`).
    case roundsToZero
    /// `u`: low reliability.
    case lowReliability
    /// `x`: not available.
    case notAvailable
    /// `z`: not applicable.
    case notApplicable
    /// `:`: not available (an older form).
    case colon
    /// `-`: not available (an older form).
    case dash

    /// Whether a published symbol stands in the figure's place (`c`, `x`, `low`…): the
    /// figure is withheld, and nothing beside it (its numerator, say) may stand in for it.
    /// Inlinable, with the raw values written out, so that a loop over the states in
    /// another module compares bytes rather than calling the enum's `rawValue`.
    @inlinable
    public static func isSuppressed(_ raw: UInt8) -> Bool {
        raw > 1 // neither present (0) nor blank (1)
    }

    /// Whether the state's raw value is `present`'s: a figure is there.
    @inlinable
    public static func isPresent(_ raw: UInt8) -> Bool {
        raw == 0
    }

    /// The symbol as published; empty for `blank` and `present`.
    public var symbol: String {
        switch self {
        case .present, .blank: ""
        case .confidential: "c"
        case .low: "low"
        case .roundsToZero: "k"
        case .lowReliability: "u"
        case .notAvailable: "x"
        case .notApplicable: "z"
        case .colon: ":"
        case .dash: "-"
        }
    }

    public var meaning: String {
        switch self {
        case .present: "a number"
        case .blank: "not given"
        case .confidential: "confidential"
        case .low, .roundsToZero: "rounds to zero, but is not zero"
        case .lowReliability: "low reliability"
        case .notAvailable, .colon, .dash: "not available"
        case .notApplicable: "not applicable"
        }
    }

    var isMissing: Bool { self != .present }

    public var description: String { symbol }

    /// Reads a symbol as written in a file (exactly, after trimming spaces).
    init?(symbol text: some StringProtocol) {
        switch text {
        case "": self = .blank
        case "c": self = .confidential
        case "low": self = .low
        case "k": self = .roundsToZero
        case "u": self = .lowReliability
        case "x": self = .notAvailable
        case "z": self = .notApplicable
        case ":": self = .colon
        case "-": self = .dash
        default: return nil
        }
    }

    /// The symbols a file may use, for error messages.
    static let writtenForms = "a number, or blank, c, low, k, u, x, z, : or -"
}
