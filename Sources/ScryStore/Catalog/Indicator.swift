/// An indicator's metadata: one row of the store's indicator table.
public struct Indicator: Sendable, Equatable {
    /// The dataset that declared it (an index into `Store.datasets`).
    public var dataset: Int
    public var code: String
    public var name: String
    public var theme: String
    public var polarity: Polarity
    public var periodType: PeriodType
    public var unit: Unit
    public var decimals: Int
    public var definition: String
    public var source: String

    public init(
        dataset: Int, code: String, name: String, theme: String = "", polarity: Polarity,
        periodType: PeriodType, unit: Unit, decimals: Int? = nil, definition: String = "", source: String = ""
    ) {
        self.dataset = dataset
        self.code = code
        self.name = name
        self.theme = theme
        self.polarity = polarity
        self.periodType = periodType
        self.unit = unit
        self.decimals = decimals ?? unit.defaultDecimals
        self.definition = definition
        self.source = source
    }

    /// A code is a letter, then letters, digits or `_`: `A10`, `CPP_rate`.
    public static func isValidCode(_ code: some StringProtocol) -> Bool {
        guard let first = code.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return code.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }
}
