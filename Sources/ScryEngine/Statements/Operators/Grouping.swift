import ScryLanguage
import ScryStore

extension Engine {
    /// The groups' numbers in order of their values, each group's taken from its first row
    /// and compared as `show … order by` compares rows: numbers by size, periods in period
    /// order, text ignoring case, never by the text a renderer would show.
    func orderGroups(_ firstRows: [Int], by groups: [RowExpression], context: QueryContext) throws(Diagnostic) -> [Int] {
        var keys: [SortKey] = []
        for group in groups { keys.append(try SortKey(firstRows, group, descending: false, context: context)) }
        return firstRows.indices.sorted { keys.compare($0, $1) < 0 }
    }
}

/// Each row's group, numbered from 0 in the order groups are first met. A group column
/// that depends on the indicator alone (code, unit, theme…) or the area alone (area,
/// area_type, area_region: the catalog's sections say which) is worked out once per
/// indicator or area, a period by its packed value;
/// any other expression row by row.
struct GroupKeys {
    private enum Part {
        case indicator(RowExpression)
        case area(RowExpression)
        case period
        case rowByRow(RowExpression)

        var expression: RowExpression? {
            switch self {
            case .indicator(let expression), .area(let expression), .rowByRow(let expression): expression
            case .period: nil
            }
        }
    }

    private let parts: [Part]
    private let observations: ObservationTable
    /// For each part: the number of each indicator's, area's or value's entry.
    private var byCode: [[Int32]]
    private var byValue: [[RowValue: Int32]]
    private var byPeriod: [UInt32: Int32] = [:]
    private var lastPeriod: (raw: UInt32, id: Int32)?
    /// Groups of several parts: their parts' numbers packed into 64 bits while each fits
    /// its share of them (no array to make and hash per row), else as an array.
    private var packed: [UInt64: Int32] = [:]
    private var combined: [[Int32]: Int32] = [:]
    private var packing = true
    /// How many groups have been met.
    private(set) var count = 0

    init(_ groups: [RowExpression], store: Store) {
        observations = store.observations
        parts = groups.map { group in
            switch group.column?.description.section {
            case .indicator?: .indicator(group)
            case .area?: .area(group)
            default: group.column == .field(.period) ? .period : .rowByRow(group)
            }
        }
        byCode = parts.map { part in
            switch part {
            case .indicator: Array(repeating: -1, count: store.indicators.count)
            case .area: Array(repeating: -1, count: store.areas.count)
            default: []
            }
        }
        byValue = Array(repeating: [:], count: parts.count)
    }

    /// The groups of a block of rows: `ids[i]` is the group of `rows[i]`.
    mutating func groups(of rows: UnsafeBufferPointer<Int32>, into ids: UnsafeMutableBufferPointer<Int32>) {
        if parts.count == 1, case .indicator = parts[0] {
            byCode(0, rows, observations.indicator, into: ids)
        } else if parts.count == 1, case .area = parts[0] {
            byCode(0, rows, observations.area, into: ids)
        } else {
            for (index, row) in rows.enumerated() { ids[index] = group(of: Int(row)) }
        }
    }

    /// One part's groups by the indicator's or area's code, each code's worked out once.
    private mutating func byCode(_ part: Int, _ rows: UnsafeBufferPointer<Int32>, _ column: [UInt16], into ids: UnsafeMutableBufferPointer<Int32>) {
        var table = byCode[part]
        byCode[part] = []
        column.withUnsafeBufferPointer { codes in
            for (index, row) in rows.enumerated() {
                let code = Int(codes[Int(row)])
                var id = table[code]
                if id < 0 {
                    id = entry(part, parts[part].expression!.value(Int(row)))
                    table[code] = id
                }
                ids[index] = id
            }
        }
        byCode[part] = table
        count = byValue[part].count
    }

    mutating func group(of row: Int) -> Int32 {
        if parts.isEmpty {
            count = 1
            return 0
        }
        if parts.count == 1 {
            let id = component(0, row)
            count = max(count, Int(id) + 1)
            return id
        }
        if packing, parts.count <= 4 {
            let bits = 64 / parts.count
            var key: UInt64 = 0
            var fits = true
            for index in parts.indices {
                let part = UInt64(component(index, row))
                if part >> bits != 0 { fits = false }
                key = key << bits | part
            }
            if fits {
                if let id = packed[key] { return id }
                let id = Int32(count)
                packed[key] = id
                count += 1
                return id
            }
            unpack(bits: bits)
        }
        var key: [Int32] = []
        key.reserveCapacity(parts.count)
        for index in parts.indices { key.append(component(index, row)) }
        if let id = combined[key] { return id }
        let id = Int32(count)
        combined[key] = id
        count += 1
        return id
    }

    /// A part's number outgrew its share of 64 bits: the groups met so far move to keys of
    /// arrays, keeping their numbers, and every later row uses those.
    private mutating func unpack(bits: Int) {
        let mask = bits == 64 ? UInt64.max : (UInt64(1) << bits) - 1
        for (key, id) in packed {
            combined[(0..<parts.count).map { Int32(truncatingIfNeeded: key >> (UInt64(bits) * UInt64(parts.count - 1 - $0)) & mask) }] = id
        }
        packed = [:]
        packing = false
    }

    private mutating func component(_ index: Int, _ row: Int) -> Int32 {
        switch parts[index] {
        case .indicator(let expression):
            let code = Int(observations.indicator[row])
            if byCode[index][code] < 0 { byCode[index][code] = entry(index, expression.value(row)) }
            return byCode[index][code]
        case .area(let expression):
            let code = Int(observations.area[row])
            if byCode[index][code] < 0 { byCode[index][code] = entry(index, expression.value(row)) }
            return byCode[index][code]
        case .period:
            let raw = observations.period[row]
            if let last = lastPeriod, last.raw == raw { return last.id }
            let id = byPeriod[raw] ?? Int32(byPeriod.count)
            byPeriod[raw] = id
            lastPeriod = (raw, id)
            return id
        case .rowByRow(let expression):
            return entry(index, expression.value(row))
        }
    }

    private mutating func entry(_ index: Int, _ value: RowValue) -> Int32 {
        if let id = byValue[index][value] { return id }
        let id = Int32(byValue[index].count)
        byValue[index][value] = id
        return id
    }
}

extension RowValue: Hashable {
    func hash(into hasher: inout Hasher) {
        switch self {
        case .number(let value): hasher.combine(0); hasher.combine(value)
        case .missing(let state): hasher.combine(1); hasher.combine(state)
        case .text(let text): hasher.combine(2); hasher.combine(text)
        case .period(let period): hasher.combine(3); hasher.combine(period)
        case .rag(let rag): hasher.combine(4); hasher.combine(rag)
        case .direction(let direction): hasher.combine(5); hasher.combine(direction)
        }
    }
}
