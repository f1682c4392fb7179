import ScryStore

extension ResultTable {
    /// What a `chart` statement draws, as typed figures: the renderers in the shell draw it
    /// in the terminal or as SVG, and format every label (decimals, `%`, period labels).
    public struct Chart: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// A line for each series across the periods, oldest first.
            case line
            /// A bar for each category (an area), best first, for one period.
            case bar
        }

        /// What a line or a reference line stands for, which decides how it is drawn.
        public enum Role: Sendable, Equatable {
            /// An area's own figures (`Kent`).
            case area
            /// A comparator of the first area (`England`, `region`, `neighbours`).
            case comparator
            /// The indicator's target, a dashed reference line.
            case target
            /// The floor standard, a dashed reference line.
            case floor
        }

        /// A run of figures, one for each period (line) or category (bar); nil for a gap (a
        /// missing or suppressed figure, never drawn as zero).
        public struct Series: Sendable, Equatable {
            public var label: String
            public var role: Role
            public var values: [Double?]

            public init(label: String, role: Role, values: [Double?]) {
                self.label = label
                self.role = role
                self.values = values
            }
        }

        /// A single figure drawn across a bar chart: England's, the target.
        public struct Reference: Sendable, Equatable {
            public var label: String
            public var role: Role
            public var value: Double
            /// The period the figure is for, when it differs from the chart's.
            public var period: Period?

            public init(label: String, role: Role, value: Double, period: Period? = nil) {
                self.label = label
                self.role = role
                self.value = value
                self.period = period
            }
        }

        public var kind: Kind
        public var code: String
        public var name: String
        public var unit: Unit
        public var decimals: Int
        public var polarity: Polarity
        /// A line chart's x axis; a bar chart's period (one, or several when the areas'
        /// latest figures differ).
        public var periods: [Period]
        /// A bar chart's bars: the areas, best first.
        public var categories: [String] = []
        /// The lines (areas first, then comparators, then target and floor), or a bar
        /// chart's one series of bars.
        public var series: [Series] = []
        /// A bar chart's reference lines.
        public var references: [Reference] = []
        /// The bar of the area to pick out, if any.
        public var highlight: Int?

        public init(kind: Kind, code: String, name: String, unit: Unit, decimals: Int, polarity: Polarity, periods: [Period]) {
            self.kind = kind
            self.code = code
            self.name = name
            self.unit = unit
            self.decimals = decimals
            self.polarity = polarity
            self.periods = periods
        }

        /// The most lines a chart draws (references apart), as the Government Analysis
        /// Function's guidance advises for a categorical palette.
        public static let maximumSeries = 4
    }
}
