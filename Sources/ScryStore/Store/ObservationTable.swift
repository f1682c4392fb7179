/// The observations of every loaded dataset, column by column.
///
/// Indicator and area are small integer codes into the store's indicator and area
/// tables; the period is a packed `Period`; targets and floors are dictionary-encoded.
/// About 40 bytes an observation, none of them per-row objects or strings.
public struct ObservationTable: Sendable, Equatable {
    public var indicator: [UInt16] = []
    public var area: [UInt16] = []
    public var period: [UInt32] = []
    public var value = NumericColumn()
    public var numerator = NumericColumn()
    public var denominator = NumericColumn()
    public var target = DictionaryNumericColumn()
    public var floor = DictionaryNumericColumn()
    /// `RAG.rawValue`: the RAG as published.
    public var rag: [UInt8] = []
    public var note = SparseTextColumn()

    init() {}

    public var count: Int { indicator.count }

    /// The figures (a number and a state each) and the dictionary-encoded standards, by
    /// name: the operations that treat each column of a kind alike (copying, reserving,
    /// checking, the snapshot) go through these, so that such a column is one entry here
    /// beside its stored property.
    typealias Figures = WritableKeyPath<ObservationTable, NumericColumn> & Sendable
    typealias Standards = WritableKeyPath<ObservationTable, DictionaryNumericColumn> & Sendable
    static let figureColumns: [(name: String, column: Figures)] = [("value", \.value), ("numerator", \.numerator), ("denominator", \.denominator)]
    static let standardColumns: [(name: String, column: Standards)] = [("target", \.target), ("floor", \.floor)]

    struct Row: Sendable, Equatable {
        var indicator: Int
        var area: Int
        var period: Period
        var value: NumericCell
        var numerator: NumericCell = .blank
        var denominator: NumericCell = .blank
        var target: NumericCell = .blank
        var floor: NumericCell = .blank
        var rag: RAG = .none
        var note: String = ""

        init(indicator: Int, area: Int, period: Period, value: NumericCell) {
            self.indicator = indicator
            self.area = area
            self.period = period
            self.value = value
        }
    }

    subscript(row: Int) -> Row {
        var result = Row(indicator: Int(indicator[row]), area: Int(area[row]), period: Period(raw: period[row]), value: value[row])
        result.numerator = numerator[row]
        result.denominator = denominator[row]
        result.target = target[row]
        result.floor = floor[row]
        result.rag = RAG(rawValue: rag[row]) ?? .none
        result.note = note[row] ?? ""
        return result
    }

    mutating func append(_ row: Row) {
        let index = count
        indicator.append(UInt16(row.indicator))
        area.append(UInt16(row.area))
        period.append(row.period.raw)
        value.append(row.value)
        numerator.append(row.numerator)
        denominator.append(row.denominator)
        target.append(row.target)
        floor.append(row.floor)
        rag.append(row.rag.rawValue)
        if !row.note.isEmpty { note.append(row.note, at: index) }
    }

    /// Appends one observation from its parts: the loader's fast path.
    mutating func append(indicator: Int, area: Int, period: Period, value: NumericCell, numerator: NumericCell, denominator: NumericCell,
                         target: NumericCell, floor: NumericCell, rag: RAG, note: String) {
        let index = count
        self.indicator.append(UInt16(indicator))
        self.area.append(UInt16(area))
        self.period.append(period.raw)
        self.value.append(value)
        self.numerator.append(numerator)
        self.denominator.append(denominator)
        if target.state == .blank { self.target.appendBlank() } else { self.target.append(target) }
        if floor.state == .blank { self.floor.appendBlank() } else { self.floor.append(floor) }
        self.rag.append(rag.rawValue)
        if !note.isEmpty { self.note.append(note, at: index) }
    }

    /// Appends a figure that has nothing but a value: no numerator, denominator, target,
    /// floor, RAG or note (national statistics). The importers' fast path.
    mutating func appendFigure(indicator: Int, area: Int, period: Period, value: NumericCell) {
        self.indicator.append(UInt16(indicator))
        self.area.append(UInt16(area))
        self.period.append(period.raw)
        self.value.append(value)
        numerator.append(.blank)
        denominator.append(.blank)
        target.appendBlank()
        floor.appendBlank()
        rag.append(RAG.none.rawValue)
    }

    /// Appends `other`. Its indicator and area codes are translated through the maps when
    /// given (codes local to a staged dataset), else taken as they are.
    mutating func append(contentsOf other: ObservationTable, indicatorMap: [UInt16]? = nil, areaMap: [UInt16]? = nil) {
        let offset = count
        Self.append(other.indicator, to: &indicator, through: indicatorMap)
        Self.append(other.area, to: &area, through: areaMap)
        period.append(contentsOf: other.period)
        for (_, column) in Self.figureColumns { self[keyPath: column].append(contentsOf: other[keyPath: column]) }
        for (_, column) in Self.standardColumns { self[keyPath: column].append(contentsOf: other[keyPath: column]) }
        rag.append(contentsOf: other.rag)
        note.append(contentsOf: other.note, rowOffset: offset)
    }

    private static func append(_ codes: [UInt16], to column: inout [UInt16], through map: [UInt16]?) {
        if let map { column.append(contentsOf: codes.lazy.map { map[Int($0)] }) } else { column.append(contentsOf: codes) }
    }

    /// Room for `capacity` rows in every column.
    mutating func reserveCapacity(_ capacity: Int) {
        indicator.reserveCapacity(capacity)
        area.reserveCapacity(capacity)
        period.reserveCapacity(capacity)
        for (_, column) in Self.figureColumns { self[keyPath: column].reserveCapacity(capacity) }
        for (_, column) in Self.standardColumns { self[keyPath: column].reserveCapacity(capacity) }
        rag.reserveCapacity(capacity)
    }

    /// The broken invariants, empty when there are none: every column has one entry per
    /// row, codes are within their tables, RAGs and states are known values.
    func invariantViolations(indicatorCount: Int, areaCount: Int) -> [String] {
        var problems: [String] = []
        let columns: [(String, Int)] = [("area", area.count), ("period", period.count)]
            + Self.figureColumns.map { ($0.name, self[keyPath: $0.column].count) }
            + Self.standardColumns.map { ($0.name, self[keyPath: $0.column].count) } + [("rag", rag.count)]
        for (name, length) in columns where length != count {
            problems.append("column \(name) has \(length) rows, indicator has \(count)")
        }
        if let bad = indicator.first(where: { Int($0) >= indicatorCount }) {
            problems.append("indicator code \(bad) outside a table of \(indicatorCount)")
        }
        if let bad = area.first(where: { Int($0) >= areaCount }) {
            problems.append("area code \(bad) outside a table of \(areaCount)")
        }
        if rag.contains(where: { RAG(rawValue: $0) == nil }) { problems.append("unknown RAG code") }
        for (name, path) in Self.figureColumns {
            let column = self[keyPath: path]
            if column.states.count != column.values.count {
                problems.append("column \(name) has \(column.states.count) states for \(column.values.count) values")
            }
            if column.states.contains(where: { CellState(rawValue: $0) == nil }) { problems.append("unknown cell state") }
            // Loaders never make an infinite or NaN figure; every rule downstream relies on it.
            if column.values.contains(where: { !$0.isFinite }) { problems.append("column \(name) holds a number that is infinite or NaN") }
        }
        for (name, path) in Self.standardColumns {
            let column = self[keyPath: path]
            if column.dictionary.contains(where: { !$0.value.isFinite }) { problems.append("a \(name) that is infinite or NaN") }
            if column.codes.contains(where: { Int($0) >= column.dictionary.count }) { problems.append("dictionary code outside its dictionary") }
        }
        if let last = note.rows.last, Int(last) >= count { problems.append("note beyond the last row") }
        return problems
    }
}
