import ScryStore

/// The answer to a statement: typed columns and rows of typed cells. Renderers format it;
/// the engine never formats numbers itself.
public struct ResultTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// Numbers and counts align right.
        public var isNumeric: Bool
        public init(_ name: String, numeric: Bool = false) {
            self.name = name
            isNumeric = numeric
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]]
    /// Said after the table, each starting `note:` or `warning:`: how many values were
    /// missing, which rule of docs/domain.md applied.
    public var notes: [String]

    /// Lines that belong to the answer and follow the table (a trend's sparkline).
    public var footer: [String] = []

    public init(columns: [Column], rows: [[Cell]] = [], notes: [String] = []) {
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }
}

/// One value of a result, typed so that each renderer can show it its own way.
public enum Cell: Sendable, Equatable {
    case empty
    case text(String)
    /// A figure shown with `decimals` decimals in `unit` (percent gets `%`).
    case number(Double, decimals: Int, unit: Unit?)
    /// A whole count, shown with thousands separators.
    case count(Int)
    /// A missing value: its symbol is shown.
    case missing(CellState)
    case rag(RAG)
    case direction(Direction)
    case period(Period)
}

/// Direction of travel: better, the same at the displayed precision, or worse, by the
/// indicator's polarity.
public enum Direction: String, Sendable, Equatable, CaseIterable {
    case improved, same, worsened

    public var arrow: String {
        switch self {
        case .improved: "↑"
        case .same: "→"
        case .worsened: "↓"
        }
    }
}
