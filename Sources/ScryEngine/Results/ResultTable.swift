import ScryStore

/// The answer to a statement: typed columns and rows of typed cells, notes whose figures
/// stay typed, and series of figures to draw. Renderers format it (decimals, `%`, arrows,
/// sparklines, colour); the engine never formats anything for display itself.
public struct ResultTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// Numbers and counts align right.
        public var isNumeric: Bool
        /// Quartile bands: on a terminal, A and D are coloured as LAIT colours them.
        public var isBand = false
        /// Values of different kinds, one a row (a `describe`'s `value`: a name, a count,
        /// a period): the machine formats write each as it is shown, so that the column
        /// keeps one type.
        public var isMixed: Bool
        public init(_ name: String, numeric: Bool = false, mixed: Bool = false) {
            self.name = name
            isNumeric = numeric
            isMixed = mixed
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]]
    /// Said after the table, each starting `note:` or `warning:`: how many values were
    /// missing, which rule of docs/domain.md applied.
    public var notes: [Note]

    /// Figures drawn after the table, a line each: a trend's values for each area, as a
    /// sparkline.
    public var series: [Series] = []

    /// A result in parts under headings (a benchmarking table: one for each indicator).
    /// When there are sections, they are the result, and the columns and rows are empty.
    public var sections: [ResultSection] = []

    /// What a `chart` statement draws instead of a table (`ResultTable+Chart.swift`).
    public var chart: Chart?

    /// A large result's rows, made as they are written (`ResultStream.swift`); when set,
    /// `rows` is empty.
    public var stream: ResultStream?

    /// How many rows the result has, streamed or not.
    public var rowCount: Int { stream?.count ?? rows.count }

    /// A run of figures in the table's order, nil where one is missing.
    public struct Series: Sendable, Equatable {
        /// What the figures are of: `Kent`, or `kent-2012-07 Kent` when the result has
        /// several datasets' indicators.
        public var label: String
        public var values: [Double?]

        public init(label: String, values: [Double?]) {
            self.label = label
            self.values = values
        }
    }

    public init(columns: [Column], rows: [[Cell]] = [], notes: [Note] = []) {
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }
}

/// One value of a result, typed so that each renderer can show it its own way.
public enum Cell: Sendable, Hashable {
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

extension Cell {
    /// A figure or a count: aligned right.
    public var isFigure: Bool {
        switch self {
        case .number, .count: true
        default: false
        }
    }
}

/// Direction of travel: better, the same at the displayed precision, or worse, by the
/// indicator's polarity.
public enum Direction: String, Sendable, Equatable, CaseIterable {
    case improved, same, worsened
}
