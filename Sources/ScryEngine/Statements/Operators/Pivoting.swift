import ScryLanguage
import ScrySpelling
import ScryStore

/// `pivot by COLUMN`: a result's long table made wide, the values of one column becoming
/// columns, as psql's `\crosstabview` does. Taken from the `\crosstabview` entry of
/// psql's reference page (PostgreSQL documentation, "psql"): the vertical header (here,
/// the key columns) keeps the order in which its values first appear in the result; the
/// horizontal header holds the pivot column's distinct values, in order of appearance
/// unless a sort is asked for (here, periods always sort oldest first, RAG ratings red to
/// green, and values the statement lists, in a `for` list or a filter's `in (…)`, keep
/// that order); a cell with no row is empty; and two rows for one cell are an error
/// rather than a silent choice. Where psql allows one data column, a scry pivot spreads
/// several as a row each, named in a `figure` column, which is how a scorecard's trend
/// table lays out result, target and RAG under its months.
struct PivotLayout {
    /// For each of the result's columns, whether it says what a figure is of (a key of the
    /// pivoted rows) rather than being a figure to spread.
    var isKey: [Bool]
    /// Values of the pivot column in the order the statement gave them (`trend A3 for
    /// Kent, City`), compared without regard to case; values not among them follow in order
    /// of appearance.
    var givenOrder: [String] = []
    /// The figures to spread, by column name, when not all the non-key columns (a trend
    /// spreads its values alone).
    var spreading: Set<String>?

    /// More columns than this is more than a screen shows: the pivot is refused with a
    /// suggestion to narrow it.
    static let maximumColumns = 24

    /// The columns a `show` item names: those of the indicator or the area, and `period`,
    /// are keys; anything else (a value, a comparator, arithmetic) is a figure.
    static func isKey(_ expression: Expression) -> Bool {
        guard case .name(let text) = expression.kind, let column = Column.named(text) else { return false }
        return isKey(column)
    }

    /// The order a filter gives the pivot column's values: the list of a top-level
    /// `COLUMN in (A, B, C)` (`where area in (Kent, England)` sets Kent first).
    static func givenOrder(of pivot: Pivot, in filter: Condition?) -> [String] {
        guard let filter else { return [] }
        switch filter.kind {
        case .and(let left, let right):
            let order = givenOrder(of: pivot, in: left)
            return order.isEmpty ? givenOrder(of: pivot, in: right) : order
        case .inList(let column, let values, negated: false):
            guard case .name(let name) = column.kind, Column.named(name) != nil,
                  Column.named(name) == Column.named(pivot.column.text) else { return [] }
            return values.compactMap(\.nameText)
        default:
            return []
        }
    }

    /// The pivot that `for A, B` implies: the areas side by side, at the list.
    static func sideBySide(_ areas: [NameReference]) -> Pivot? {
        guard areas.count > 1, let first = areas.first, let last = areas.last else { return nil }
        let range = first.range.joined(last.range)
        return Pivot(column: NameReference(Column.Field.area.rawValue, range), range: range)
    }

    static func isKey(_ column: Column) -> Bool {
        guard case .field(let field) = column else { return false }
        return field == .period || column.description.section == .indicator || column.description.section == .area
    }
}

extension RowCompiler {
    /// Each area of a `for A, B` list by its index in the store, with its place in the
    /// list (the first place of one named twice); an error at an unknown one.
    func places(of areas: [NameReference]) throws(Diagnostic) -> [Int: Int] {
        var place: [Int: Int] = [:]
        for name in areas {
            guard let index = resolveArea(name.text) else { throw unknownArea(name.text, at: name.range) }
            if place[index] == nil { place[index] = place.count }
        }
        return place
    }

    /// The areas' names in the order of their places.
    func names(in places: [Int: Int]) -> [String] {
        places.sorted { $0.value < $1.value }.map { context.store.areas[$0.key].name }
    }
}

extension Engine {
    /// `table` with the values of `pivot`'s column as columns.
    func pivoted(_ table: ResultTable, _ pivot: Pivot, layout: PivotLayout, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let pivotColumn = try Self.pivotColumn(pivot.column, in: table)
        let keys = table.columns.indices.filter { $0 != pivotColumn && layout.isKey[$0] }
        let figures = table.columns.indices.filter { index in
            index != pivotColumn && !layout.isKey[index] && (layout.spreading?.contains(table.columns[index].name) ?? true)
        }
        guard !figures.isEmpty else {
            throw Diagnostic.error("nothing is left to set out under the values of '\(table.columns[pivotColumn].name)': the other columns say what a figure is of; add a figure such as value",
                                   at: pivot.range)
        }

        // The horizontal header: each distinct value of the pivot column once, in order.
        var headers: [Cell] = []
        var headerIndex: [Cell: Int] = [:]
        for row in table.rows where headerIndex[row[pivotColumn]] == nil {
            headerIndex[row[pivotColumn]] = headers.count
            headers.append(row[pivotColumn])
        }
        let order = Self.headerOrder(headers, given: layout.givenOrder)
        guard order.count <= PivotLayout.maximumColumns else {
            throw Diagnostic.error(Self.tooManyColumns(order.count, of: table.columns[pivotColumn].name), at: pivot.range)
        }
        var position = [Int](repeating: 0, count: headers.count)
        for (place, header) in order.enumerated() { position[header] = place }

        // The vertical header: each distinct key once, in order of appearance, a row for each
        // figure spread.
        let spreadsSeveral = figures.count > 1
        var rowIndex: [[Cell]: Int] = [:]
        var rows: [[Cell]] = []
        var cells: [[Cell?]] = []
        for (number, row) in table.rows.enumerated() {
            if number & 0xFFFF == 0 { try compiler.context.checkInterruption() }
            let key = keys.map { row[$0] }
            let base: Int
            if let known = rowIndex[key] {
                base = known
            } else {
                base = rows.count
                rowIndex[key] = base
                for figure in figures {
                    rows.append(key + (spreadsSeveral ? [.text(table.columns[figure].name)] : []))
                    cells.append(Array(repeating: nil, count: order.count))
                }
            }
            let column = position[headerIndex[row[pivotColumn]]!]
            for (offset, figure) in figures.enumerated() {
                guard cells[base + offset][column] == nil else {
                    throw Diagnostic.error(Self.twoFigures(for: keys.map { row[$0] }, under: headers[order[column]],
                                                           pivotName: table.columns[pivotColumn].name),
                                           at: pivot.range)
                }
                cells[base + offset][column] = row[figure]
            }
        }

        var result = ResultTable(columns: keys.map { table.columns[$0] }
                                     + (spreadsSeveral ? [ResultTable.Column("figure")] : [])
                                     + order.map { Self.spreadColumn(Self.headerName(headers[$0]), of: figures.map { table.columns[$0] }) },
                                 rows: zip(rows, cells).map { key, cells in key + cells.map { $0 ?? .empty } },
                                 notes: table.notes)
        result.series = table.series
        return result
    }

    /// The column of `table` that `name` names: a header as the result shows it, or a
    /// column's other name (`indicator` for `code`).
    private static func pivotColumn(_ name: NameReference, in table: ResultTable) throws(Diagnostic) -> Int {
        let wanted = name.text.lowercased()
        if let index = table.columns.firstIndex(where: { $0.name.lowercased() == wanted }) { return index }
        if let column = Column.named(wanted), let index = table.columns.firstIndex(where: { $0.name.lowercased() == column.name }) {
            return index
        }
        let names = table.columns.map(\.name)
        throw Diagnostic.error("the result has no column '\(name.text)' to pivot by: its columns are " + names.map { "'\($0)'" }.joined(separator: ", "),
                               at: name.range, suggestion: Spelling.didYouMean(name.text, among: names))
    }

    /// The order of the headers: periods oldest first, RAG ratings red, amber, green (as a
    /// scorecard lists them); otherwise the order given, then the order of appearance.
    private static func headerOrder(_ headers: [Cell], given: [String]) -> [Int] {
        let periods = headers.compactMap { header -> Period? in if case .period(let period) = header { period } else { nil } }
        if periods.count == headers.count {
            return headers.indices.sorted { (periods[$0].endMonth, periods[$0].length, periods[$0].raw) < (periods[$1].endMonth, periods[$1].length, periods[$1].raw) }
        }
        let ratings = headers.compactMap { header -> RAG? in if case .rag(let rag) = header { rag } else { nil } }
        if ratings.count == headers.count {
            return headers.indices.sorted { (ratings[$0].rawValue, $0) < (ratings[$1].rawValue, $1) }
        }
        let places = Dictionary(given.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return headers.indices.sorted { left, right in
            (places[headerName(headers[left]).lowercased()] ?? given.count, left) < (places[headerName(headers[right]).lowercased()] ?? given.count, right)
        }
    }

    /// A value as a column's name: the value itself, as its own kind names it (a period's
    /// canonical label, an area's name, a RAG's letter).
    private static func headerName(_ cell: Cell) -> String {
        switch cell {
        case .empty: ""
        case .text(let text): text
        case .number(let number, _, _): String(number)
        case .count(let count): String(count)
        case .missing(let state): state.symbol
        case .rag(let rag): rag.description
        case .direction(let direction): direction.rawValue
        case .period(let period): period.description
        }
    }

    /// A spread column: numeric when every figure in it is, of mixed kinds when the figures
    /// are of different kinds (a value and a RAG), so that the machine formats keep one type.
    private static func spreadColumn(_ name: String, of figures: [ResultTable.Column]) -> ResultTable.Column {
        let numeric = figures.allSatisfy(\.isNumeric)
        let mixed = figures.contains(where: \.isMixed) || (!numeric && figures.contains(where: \.isNumeric))
        return ResultTable.Column(name, numeric: numeric, mixed: mixed)
    }

    private static func tooManyColumns(_ count: Int, of name: String) -> String {
        let narrower = switch name.lowercased() {
        case "period": "a narrower range of periods (period from 2012-09 to 2013-07, period in last 12 months)"
        case "area": "fewer areas (area in (Kent, Thanet), area in districts of Kent)"
        default: "a narrower filter"
        }
        return "pivot by \(name) would make \(count) columns, more than the \(PivotLayout.maximumColumns) a screen can show: ask for \(narrower)"
    }

    private static func twoFigures(for key: [Cell], under header: Cell, pivotName: String) -> String {
        let row = key.isEmpty ? "" : " in row '" + key.map(headerName).joined(separator: ", ") + "'"
        return "more than one figure\(row) under \(pivotName) '\(headerName(header))': show the column that tells them apart (such as area, code or dataset), or narrow the filter"
    }
}
