import ScryLanguage
import ScryStore

/// An `order by` compiled to keys read straight from the store's columns, so that a sort
/// or a top-N compares numbers and small integers, never a row's values as cells:
/// - a stored figure (value, numerator, denominator): its double and its state;
/// - a column of the indicator alone or of the area alone (code, name, theme, area,
///   area_type…): the rank of the indicator's or area's value among all of them, worked
///   out once per indicator or area, not per row;
/// - the period: its number in period order (`Store.periodCodes`);
/// - any other expression: its value, row by row.
/// Missing values sort last whichever the direction; text ignoring case, as `RowValue`
/// compares it.
struct RowOrder {
    enum Key {
        case figure(values: [Double], states: [UInt8], descending: Bool)
        case ranked(codes: [UInt16], rank: [UInt32], descending: Bool)
        case period(codes: [UInt32], count: Int, descending: Bool)
        case expression(RowExpression, descending: Bool)
    }

    let keys: [Key]
    /// The expressions the keys were made from, in order, with their directions.
    let expressions: [(RowExpression, descending: Bool)]
    /// The block ranges of the first key's column when it is a stored figure: a top-N skips
    /// the blocks that cannot hold a better row.
    let ranges: FigureRanges?
    /// Whether every key is read from the store (no expression row by row).
    var isTyped: Bool { !keys.contains { if case .expression = $0 { true } else { false } } }

    /// Ranks absent values get: after every present one.
    static let absentRank = UInt32.max

    init(_ items: [OrderItem], compiler: RowCompiler) throws(Diagnostic) {
        var expressions: [(RowExpression, descending: Bool)] = []
        for item in items { expressions.append((try compiler.compile(item.expression), item.descending)) }
        self.init(expressions, store: compiler.store)
    }

    init(_ expressions: [(RowExpression, descending: Bool)], store: Store) {
        let observations = store.observations
        var keys: [Key] = []
        var ranges: FigureRanges?
        for (position, (expression, descending)) in expressions.enumerated() {
            switch expression.column {
            case .field(.value)?:
                keys.append(.figure(values: observations.value.values, states: observations.value.states, descending: descending))
                if position == 0 { ranges = store.figureRanges(of: \.value, named: "value") }
            case .field(.numerator)?:
                keys.append(.figure(values: observations.numerator.values, states: observations.numerator.states, descending: descending))
            case .field(.denominator)?:
                keys.append(.figure(values: observations.denominator.values, states: observations.denominator.states, descending: descending))
            case .field(.period)?:
                let codes = store.periodCodes
                keys.append(.period(codes: codes.codes, count: codes.periods.count, descending: descending))
            case let column? where column.description.section == .indicator:
                keys.append(.ranked(codes: observations.indicator,
                                    rank: Self.ranks(expression, firstRows: store.firstRows(of: \.indicator, count: store.indicators.count)),
                                    descending: descending))
            case let column? where column.description.section == .area:
                keys.append(.ranked(codes: observations.area,
                                    rank: Self.ranks(expression, firstRows: store.firstRows(of: \.area, count: store.areas.count)),
                                    descending: descending))
            default:
                keys.append(.expression(expression, descending: descending))
            }
        }
        self.keys = keys
        self.expressions = expressions
        self.ranges = ranges
    }

    /// Each indicator's or area's rank by the expression's value at its first row; values
    /// that compare equal share a rank; one with no row or an absent value ranks last.
    private static func ranks(_ expression: RowExpression, firstRows: [Int32]) -> [UInt32] {
        var values: [(code: Int, value: RowValue)] = []
        for (code, row) in firstRows.enumerated() where row >= 0 {
            let value = expression.value(Int(row))
            if !value.isAbsent { values.append((code, value.folded)) }
        }
        values.sort { RowValue.compare($0.value, $1.value, folded: true) < 0 }
        var rank = [UInt32](repeating: absentRank, count: firstRows.count)
        var current: UInt32 = 0
        for (position, entry) in values.enumerated() {
            if position > 0, RowValue.compare(values[position - 1].value, entry.value, folded: true) != 0 { current += 1 }
            rank[entry.code] = current
        }
        return rank
    }

    /// -1, 0 or 1 for rows `a` and `b`: the first key that tells them apart decides.
    @inline(__always)
    func compare(_ a: Int, _ b: Int) -> Int {
        for key in keys {
            let order: Int
            switch key {
            case .figure(let values, let states, let descending):
                let absentA = states[a] != 0, absentB = states[b] != 0
                if absentA || absentB {
                    if absentA == absentB { continue }
                    return absentA ? 1 : -1
                }
                let x = values[a], y = values[b]
                if x == y { continue }
                order = x < y ? -1 : 1
                if descending { return -order }
                return order
            case .ranked(let codes, let rank, let descending):
                let x = rank[Int(codes[a])], y = rank[Int(codes[b])]
                if x == y { continue }
                if x == Self.absentRank || y == Self.absentRank { return x == Self.absentRank ? 1 : -1 }
                order = x < y ? -1 : 1
                if descending { return -order }
                return order
            case .period(let codes, _, let descending):
                let x = codes[a], y = codes[b]
                if x == y { continue }
                order = x < y ? -1 : 1
                if descending { return -order }
                return order
            case .expression(let expression, let descending):
                var x = expression.value(a), y = expression.value(b)
                if expression.isNumeric {
                    if x.number == nil { x = .missing(.blank) }
                    if y.number == nil { y = .missing(.blank) }
                }
                let found = RowValue.compare(x, y)
                if found == 0 { continue }
                if x.isAbsent || y.isAbsent { return found }
                return descending ? -found : found
            }
        }
        return 0
    }

    /// Whether row `a` comes before row `b`: by the keys, then in store order.
    @inline(__always)
    func before(_ a: Int, _ b: Int) -> Bool {
        let order = compare(a, b)
        return order != 0 ? order < 0 : a < b
    }

    // MARK: The first key as one number

    /// The first key of row `row` as a number that orders as the key does (absent last):
    /// for a top-N's quick test against the last row kept, and a block's best possible.
    @inline(__always)
    func leading(_ row: Int) -> UInt64 {
        switch keys[0] {
        case .figure(let values, let states, let descending):
            states[row] != 0 ? .max : Self.orderedBits(values[row], descending: descending)
        case .ranked(let codes, let rank, let descending):
            Self.orderedRank(rank[Int(codes[row])], descending: descending)
        case .period(let codes, _, let descending):
            descending ? UInt64(UInt32.max - codes[row]) : UInt64(codes[row])
        case .expression:
            0
        }
    }

    /// A double as an unsigned number in the same order (descending: reversed), below
    /// `UInt64.max`, which stands for absent.
    @inline(__always)
    static func orderedBits(_ value: Double, descending: Bool) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        let ascending = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
        return descending ? ~ascending : ascending
    }

    @inline(__always)
    static func orderedRank(_ rank: UInt32, descending: Bool) -> UInt64 {
        if rank == absentRank { return .max }
        return descending ? UInt64(absentRank - 1 - rank) : UInt64(rank)
    }

    /// The best first key any row of `block` can have, when the first key is a stored
    /// figure with block ranges; nil otherwise.
    func bestLeading(inBlock block: Int) -> UInt64? {
        guard let ranges, case .figure(_, _, let descending) = keys[0] else { return nil }
        // A block with no figure has minimum +∞ above maximum −∞: all its rows sort last.
        guard ranges.minimum[block] <= ranges.maximum[block] else { return .max }
        return Self.orderedBits(descending ? ranges.maximum[block] : ranges.minimum[block], descending: descending)
    }
}

/// The best `limit` rows offered so far by a `RowOrder`, in a heap whose root is the last
/// of them; a row whose first key is worse than the root's is turned away on that key
/// alone.
struct TopRows {
    let limit: Int
    let order: RowOrder
    private var heap: [Int] = []
    /// The root's first key as `RowOrder.leading` gives it, once the heap is full.
    private(set) var worstLeading = UInt64.max
    private let quickTest: Bool

    init(limit: Int, order: RowOrder) {
        self.limit = limit
        self.order = order
        quickTest = { if case .expression = order.keys.first { false } else { !order.keys.isEmpty } }()
        heap.reserveCapacity(Swift.min(limit, 1 << 16))
    }

    var isFull: Bool { heap.count >= limit }

    @inline(__always)
    mutating func offer(_ row: Int) {
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(row)
            var child = heap.count - 1
            while child > 0, order.before(heap[(child - 1) / 2], heap[child]) {
                heap.swapAt(child, (child - 1) / 2)
                child = (child - 1) / 2
            }
            if heap.count == limit, quickTest { worstLeading = order.leading(heap[0]) }
            return
        }
        if quickTest, order.leading(row) > worstLeading { return }
        guard order.before(row, heap[0]) else { return }
        heap[0] = row
        var parent = 0
        while true {
            var largest = parent
            let left = 2 * parent + 1, right = left + 1
            if left < heap.count, order.before(heap[largest], heap[left]) { largest = left }
            if right < heap.count, order.before(heap[largest], heap[right]) { largest = right }
            if largest == parent { break }
            heap.swapAt(parent, largest)
            parent = largest
        }
        if quickTest { worstLeading = order.leading(heap[0]) }
    }

    /// The rows kept, in order.
    func sorted() -> [Int] {
        heap.sorted(by: order.before)
    }
}

/// A row's sort keys packed into two words, ordered by them and then by row.
/// Sort keys packed into two words (`Engine.packedSort`), made for a row's position.
protocol PackedWords: Comparable {
    var first: UInt64 { get set }
    var second: UInt64 { get set }
    init(position: Int)
}

struct PackedEntry: PackedWords {
    var first: UInt64
    var second: UInt64
    var row: Int32

    init(first: UInt64, second: UInt64, row: Int32) {
        self.first = first
        self.second = second
        self.row = row
    }

    init(position: Int) { self.init(first: 0, second: 0, row: Int32(position)) }

    @inline(__always)
    static func < (a: PackedEntry, b: PackedEntry) -> Bool {
        if a.first != b.first { return a.first < b.first }
        if a.second != b.second { return a.second < b.second }
        return a.row < b.row
    }
}

/// A row's sort keys in two words, the row's position in the low bits of the second.
struct PackedPair: PackedWords {
    var first: UInt64
    var second: UInt64

    init(first: UInt64, second: UInt64) {
        self.first = first
        self.second = second
    }

    /// The position in the second word's low 32 bits, the keys above it.
    init(position: Int) { self.init(first: 0, second: UInt64(position)) }

    @inline(__always)
    static func < (a: PackedPair, b: PackedPair) -> Bool {
        a.first != b.first ? a.first < b.first : a.second < b.second
    }
}
