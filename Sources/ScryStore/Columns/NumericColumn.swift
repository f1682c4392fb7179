/// A column of numbers that may be missing: contiguous doubles beside one state byte per
/// row.
///
/// Arrow keeps a validity bitmap; scry keeps a byte because a missing cell must say which
/// symbol it was (`c`, `x`, …). A row is valid where its state is zero.
public struct NumericColumn: Sendable, Equatable {
    public var values: [Double] = []
    public var states: [UInt8] = []

    init() {}

    var count: Int { values.count }

    init(values: [Double], states: [UInt8]) {
        self.values = values
        self.states = states
    }

    public subscript(row: Int) -> NumericCell {
        NumericCell(value: values[row], state: CellState(rawValue: states[row]) ?? .blank)
    }

    mutating func append(_ cell: NumericCell) {
        values.append(cell.state == .present ? cell.value : 0)
        states.append(cell.state.rawValue)
    }

    /// Replaces the cell at `row`.
    mutating func set(_ row: Int, to cell: NumericCell) {
        values[row] = cell.state == .present ? cell.value : 0
        states[row] = cell.state.rawValue
    }

    mutating func append(contentsOf other: NumericColumn) {
        values.append(contentsOf: other.values)
        states.append(contentsOf: other.states)
    }

    mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        states.reserveCapacity(capacity)
    }
}

/// One numeric cell: a number, or a typed missing value.
public struct NumericCell: Sendable, Equatable, Hashable {
    /// Meaningful only when `state` is `.present`.
    public var value: Double
    public var state: CellState

    public init(value: Double, state: CellState = .present) {
        self.value = state == .present ? value : 0
        self.state = state
    }

    public static var blank: NumericCell { NumericCell(value: 0, state: .blank) }

    static func missing(_ state: CellState) -> NumericCell { NumericCell(value: 0, state: state) }

    public var number: Double? { state == .present ? value : nil }
}

/// A numeric column with few distinct values (targets, floor standards), stored as a
/// 32-bit code per row into a dictionary of cells. Code 0 is always blank.
public struct DictionaryNumericColumn: Sendable, Equatable {
    var codes: [UInt32] = []
    var dictionary: [NumericCell] = [.blank]
    var lookup: [NumericCell: UInt32] = [.blank: 0]

    init() {}

    var count: Int { codes.count }

    public subscript(row: Int) -> NumericCell { dictionary[Int(codes[row])] }

    /// Each row's code into `cells`, and the distinct cells: for a scan that reads the
    /// column without a lookup per row.
    public var rowCodes: [UInt32] { codes }
    public var cells: [NumericCell] { dictionary }

    mutating func append(_ cell: NumericCell) {
        codes.append(code(for: cell))
    }

    /// Appends a blank cell without looking it up: code 0 is always blank.
    mutating func appendBlank() { codes.append(0) }

    /// The cell last coded and its code: runs of one target skip the hash table.
    private var last: (cell: NumericCell, code: UInt32) = (.blank, 0)

    mutating func code(for cell: NumericCell) -> UInt32 {
        if cell == last.cell { return last.code }
        if let code = lookup[cell] {
            last = (cell, code)
            return code
        }
        let code = UInt32(dictionary.count)
        dictionary.append(cell)
        lookup[cell] = code
        last = (cell, code)
        return code
    }

    mutating func append(contentsOf other: DictionaryNumericColumn) {
        let remap = codes(for: other)
        if remap.indices.elementsEqual(remap.lazy.map(Int.init)) {
            codes.append(contentsOf: other.codes)
        } else {
            codes.append(contentsOf: other.codes.lazy.map { remap[Int($0)] })
        }
    }

    /// The code here of each of `other`'s codes, adding the cells this column lacks.
    mutating func codes(for other: DictionaryNumericColumn) -> [UInt32] {
        other.dictionary.map { code(for: $0) }
    }

    /// Rows coded elsewhere with `coding`'s dictionary (a table filled in place).
    init(codes: [UInt32], coding: DictionaryNumericColumn) {
        self.codes = codes
        dictionary = coding.dictionary
        lookup = coding.lookup
    }

    mutating func reserveCapacity(_ capacity: Int) { codes.reserveCapacity(capacity) }

    public static func == (left: Self, right: Self) -> Bool {
        left.codes == right.codes && left.dictionary == right.dictionary
    }
}

/// A column of text that is empty in most rows: (row, text) pairs in row order.
public struct SparseTextColumn: Sendable, Equatable {
    var rows: [UInt32] = []
    var texts: [String] = []

    init() {}

    public subscript(row: Int) -> String? {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle] < UInt32(row) { low = middle + 1 } else { high = middle }
        }
        return low < rows.count && rows[low] == UInt32(row) ? texts[low] : nil
    }

    /// Rows must be appended in increasing order.
    mutating func append(_ text: String, at row: Int) {
        precondition(rows.last.map { $0 < UInt32(row) } ?? true, "sparse rows must increase")
        rows.append(UInt32(row))
        texts.append(text)
    }

    mutating func append(contentsOf other: SparseTextColumn, rowOffset: Int) {
        for (row, text) in zip(other.rows, other.texts) { append(text, at: Int(row) + rowOffset) }
    }
}
