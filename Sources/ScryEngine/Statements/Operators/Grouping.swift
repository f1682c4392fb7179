import ScryLanguage
import ScryStore

extension Engine {
    /// The groups' numbers in order of their values, each group's taken from its first row
    /// and compared as `show … order by` compares rows: numbers by size, periods in period
    /// order, text ignoring case, never by the text a renderer would show.
    func orderGroups(_ firstRows: [Int], by groups: [RowExpression], context: QueryContext) throws(Diagnostic) -> [Int] {
        let typed = RowOrder(groups.map { ($0, descending: false) }, store: store)
        if typed.isTyped, let positions = try Self.packedSort(firstRows, by: typed, context: context) { return positions }
        var keys: [SortKey] = []
        for group in groups { keys.append(try SortKey(firstRows, group, descending: false, context: context)) }
        return firstRows.indices.sorted { keys.compare($0, $1) < 0 }
    }
}

/// Each row's group, numbered from 0 in the order groups are first met.
///
/// Each group column is first turned into a small number: one that depends on the
/// indicator alone (code, unit, theme…) or the area alone (area, area_type, area_region:
/// the catalog's sections say which) through a table worked out once per indicator or
/// area; the period by its number in period order (`Store.periodCodes`); any other
/// expression by its value, row by row. Several columns' numbers are then combined into
/// one fixed-width key (each number times the product of the later columns' counts, as
/// digits of a mixed radix), and the key into a group: through a flat table indexed by
/// the key when the keys are few enough (code × area × period over ten million rows: 10
/// million slots of 4 bytes), else through an open-addressing hash table of keys, never
/// a dictionary of arrays.
struct GroupKeys {
    private enum Part {
        case indicator(RowExpression)
        case area(RowExpression)
        case period
        /// A column of the period alone (financial_year…): numbered through the period's number.
        case ofPeriod(RowExpression)
        /// A stored figure (value, numerator, denominator): numbered by its bits or state.
        case figure(NumericColumn, RowExpression)
        case rowByRow(RowExpression)

        /// The period, or a column of the period alone: numbered in period order, not as met.
        var isOfPeriods: Bool {
            switch self {
            case .period, .ofPeriod: true
            default: false
            }
        }

        var expression: RowExpression? {
            switch self {
            case .indicator(let expression), .area(let expression), .rowByRow(let expression), .figure(_, let expression),
                 .ofPeriod(let expression): expression
            case .period: nil
            }
        }
    }

    private let parts: [Part]
    private let observations: ObservationTable
    /// The blocks' ranges of indicators and areas: a block of one indicator (or area) has
    /// one number for that part, worked out once for the block.
    private let summaries: BlockSummaries
    private let periodCodes: [UInt32]
    /// For each indicator or area part: the number of each indicator's or area's value.
    private var byCode: [[Int32]]
    private var byValue: [[RowValue: Int32]]
    /// How many numbers each part can give (nil: unknown, an expression row by row).
    private let radix: [Int?]
    /// Whether the parts' numbers combine into one 64-bit key (unknown counts take 32 bits).
    private let combinable: Bool
    /// Each figure part's numbers, by the figure's bits.
    private var figureNumbers: [KeyTable]
    private var figureCounts: [Int]
    /// By period alone: each period's group, -1 before it is met.
    private var periodGroups: [Int32] = []
    /// Keys to groups: a flat table (-1: no group yet), or a hash table.
    private var flat: [Int32] = []
    private var hashed = KeyTable()
    private var useFlat = false
    /// Each block's keys and one part's numbers, made once.
    private var keyBuffer: [Int] = []
    private var numberBuffer: [Int32] = []
    /// Keys of parts whose numbers are unbounded.
    private var combined: [[Int32]: Int32] = [:]
    /// By a bounded part and a stored figure (`count by code, value`): the parts' places,
    /// when the groups are numbered through a table of figures for each of the bounded
    /// part's numbers (`figuresByNumber`), one look-up a row in a small table (a code's
    /// figures), not a figure's number and then a key's in two large ones.
    private let boundedAndFigure: (bounded: Int, figure: Int)?
    private var figuresByNumber: [KeyTable] = []
    /// How many groups have been met.
    private(set) var count = 0

    init(_ groups: [RowExpression], store: Store) {
        observations = store.observations
        summaries = store.blockSummaries
        parts = groups.map { group in
            switch group.column?.description.section {
            case .indicator?: .indicator(group)
            case .area?: .area(group)
            default:
                switch group.column {
                case .field(.period)?: .period
                case .field(.financial_year)?, .field(.academic_year)?, .field(.calendar_year)?: .ofPeriod(group)
                case .field(.value)?: .figure(store.observations.value, group)
                case .field(.numerator)?: .figure(store.observations.numerator, group)
                case .field(.denominator)?: .figure(store.observations.denominator, group)
                default: .rowByRow(group)
                }
            }
        }
        figureNumbers = Array(repeating: KeyTable(), count: parts.count)
        figureCounts = Array(repeating: 0, count: parts.count)
        let periods = parts.contains(where: \.isOfPeriods) ? store.periodCodes : nil
        periodCodes = periods?.codes ?? []
        byCode = parts.map { part in
            switch part {
            case .indicator: Array(repeating: -1, count: store.indicators.count)
            case .area: Array(repeating: -1, count: store.areas.count)
            // Each period's year, in sorted order, from a row of that period.
            case .ofPeriod(let expression): Self.sortedNumbers(expression, firstRows: store.firstRows(ofPeriods: periods!))
            default: []
            }
        }
        byValue = Array(repeating: [:], count: parts.count)
        radix = parts.map { part in
            switch part {
            case .indicator: max(1, store.indicators.count)
            case .area: max(1, store.areas.count)
            case .period, .ofPeriod: max(1, periods?.periods.count ?? 1)
            case .figure, .rowByRow: nil
            }
        }
        var bits = 0
        for size in radix { bits += size.map { 64 - ($0 - 1).leadingZeroBitCount } ?? 32 }
        combinable = bits <= 63
        if parts.count == 2, let figure = parts.firstIndex(where: { if case .figure = $0 { true } else { false } }), radix[1 - figure] != nil {
            boundedAndFigure = (1 - figure, figure)
        } else {
            boundedAndFigure = nil
        }
        if parts.count > 1, !radix.contains(nil) {
            var product = 1
            for size in radix {
                let (next, overflow) = product.multipliedReportingOverflow(by: size!)
                product = overflow ? Int.max : next
            }
            // A flat table when it is no bigger than the rows' own numbers would be.
            if product <= max(1 << 16, 2 * store.observations.count) {
                useFlat = true
                flat = Array(repeating: -1, count: product)
                // Each indicator's and area's number is its value's place in sorted order,
                // so that the flat table's slots run in the groups' order.
                for (index, part) in parts.enumerated() {
                    switch part {
                    case .indicator(let expression):
                        byCode[index] = Self.sortedNumbers(expression, firstRows: store.firstRows(of: \.indicator, count: store.indicators.count))
                    case .area(let expression):
                        byCode[index] = Self.sortedNumbers(expression, firstRows: store.firstRows(of: \.area, count: store.areas.count))
                    default: break
                    }
                }
            }
        }
        keyBuffer = Array(repeating: 0, count: BlockSummaries.size)
        numberBuffer = Array(repeating: 0, count: BlockSummaries.size)
    }

    /// For each code, the place of its value (at its first row) among the distinct values
    /// in the order `show … order by` sorts them (text ignoring case; values equal but for
    /// case apart, the first met first); -1 for a code with no row.
    private static func sortedNumbers(_ expression: RowExpression, firstRows: [Int32]) -> [Int32] {
        var distinct: [RowValue: Int] = [:]
        var values: [(value: RowValue, row: Int32)] = []
        var valueOf = [Int](repeating: -1, count: firstRows.count)
        for (code, row) in firstRows.enumerated() where row >= 0 {
            let value = expression.value(Int(row))
            if let known = distinct[value] {
                valueOf[code] = known
                values[known].row = min(values[known].row, row)
            } else {
                distinct[value] = values.count
                valueOf[code] = values.count
                values.append((value, row))
            }
        }
        let folded = values.map(\.value.folded)
        let order = values.indices.sorted { a, b in
            let found = RowValue.compare(folded[a], folded[b], folded: true)
            return found != 0 ? found < 0 : values[a].row < values[b].row
        }
        var place = [Int32](repeating: 0, count: values.count)
        for (position, index) in order.enumerated() { place[index] = Int32(position) }
        return valueOf.map { $0 < 0 ? -1 : place[$0] }
    }

    /// The most groups there can be, when the keys are bounded (a flat table's slots).
    var capacity: Int? { useFlat ? flat.count : nil }

    /// The most groups there can be when every part is bounded (an indicator, area or
    /// period: the product of their numbers of values), flat table or not; nil else.
    var mostGroups: Int? {
        var product = 1
        for size in radix {
            guard let size else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Whether stretches of rows can be grouped apart, each by its own copy of these keys,
    /// and merged: every part's number is a function of the row's stored columns alone
    /// (no expression that notes what it reads), and the groups are not near one a row
    /// (merging looks up each group of a stretch again).
    func groupsInParts(rows: Int) -> Bool {
        if parts.contains(where: { if case .rowByRow = $0 { true } else { false } }) { return false }
        return (capacity ?? 0) <= rows / 8
    }

    /// For each group of `later` (the same keys, given a later stretch of rows), its
    /// group here, new ones numbered in the order `later` met them. Read off the flat
    /// tables, whose slots mean the same in both, when there are such; else by looking
    /// up each group's first row again (`firstRow`).
    mutating func merging(_ later: GroupKeys, firstRow: (Int) -> Int) -> [Int32] {
        var numbers = [Int32](repeating: 0, count: later.count)
        guard useFlat, later.useFlat, flat.count == later.flat.count else {
            for group in numbers.indices { numbers[group] = self.group(of: firstRow(group)) }
            return numbers
        }
        var slotOf = [Int](repeating: 0, count: later.count)
        later.flat.withUnsafeBufferPointer { theirs in
            for (slot, id) in theirs.enumerated() where id >= 0 { slotOf[Int(id)] = slot }
        }
        flat.withUnsafeMutableBufferPointer { mine in
            for (group, slot) in slotOf.enumerated() {
                if mine[slot] < 0 {
                    mine[slot] = Int32(count)
                    count += 1
                }
                numbers[group] = mine[slot]
            }
        }
        return numbers
    }

    /// The groups in the order of their values (as `orderGroups` sorts them), read off the
    /// flat table in one pass; nil when the groups are not in a flat table.
    func groupsInOrder() -> [Int]? {
        if let split = boundedAndFigure { return groupsInOrder(split) }
        guard useFlat else { return nil }
        var order: [Int] = []
        order.reserveCapacity(count)
        flat.withUnsafeBufferPointer { flat in
            for id in flat where id >= 0 { order.append(Int(id)) }
        }
        return order
    }

    /// The groups by a bounded part and a figure in the order `orderGroups` sorts them:
    /// the bounded part's numbers in the order of their values, and each one's figures
    /// from its table, sorted (present ones by value, then missing ones as met); nil when
    /// two of the bounded part's numbers sort alike (two values equal but for case, or
    /// absent), whose groups' figures would interleave, and when the figure comes first.
    private func groupsInOrder(_ split: (bounded: Int, figure: Int)) -> [Int]? {
        guard split.bounded < split.figure else { return nil }
        var numbers: [Int]
        switch parts[split.bounded] {
        case .period, .ofPeriod:
            // Numbered in period order already.
            numbers = Array(figuresByNumber.indices)
        case .indicator, .area:
            let values = Array(byValue[split.bounded])
            if values.filter({ $0.key.isAbsent }).count > 1 { return nil }
            let sorted = values.sorted { a, b in
                if a.key.isAbsent != b.key.isAbsent { return b.key.isAbsent }
                return RowValue.compare(a.key.folded, b.key.folded, folded: true) < 0
            }
            for (a, b) in zip(sorted, sorted.dropFirst()) where !b.key.isAbsent {
                if RowValue.compare(a.key.folded, b.key.folded, folded: true) == 0 { return nil }
            }
            numbers = sorted.map { Int($0.value) }
        case .figure, .rowByRow:
            return nil
        }
        var order: [Int] = []
        order.reserveCapacity(count)
        var entries: [(key: UInt64, id: Int32)] = []
        for number in numbers where number < figuresByNumber.count {
            entries.removeAll(keepingCapacity: true)
            figuresByNumber[number].forEachEntry { key, id in
                // A missing figure's key (a state's) sorts after every present one's.
                let missing = key >= UInt64.max - UInt64(UInt8.max)
                entries.append((missing ? .max : RowOrder.orderedBits(Double(bitPattern: key), descending: false), id))
            }
            entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }
            for entry in entries { order.append(Int(entry.id)) }
        }
        return order
    }

    /// The groups of a block of rows: `ids[i]` is the group of `rows[i]`.
    mutating func groups(of rows: UnsafeBufferPointer<Int32>, into ids: UnsafeMutableBufferPointer<Int32>) {
        if parts.isEmpty {
            for index in 0..<rows.count { ids[index] = 0 }
            count = 1
        } else if parts.count == 1, case .indicator = parts[0] {
            byCode(0, rows, observations.indicator, into: ids)
            count = byValue[0].count
        } else if parts.count == 1, case .area = parts[0] {
            byCode(0, rows, observations.area, into: ids)
            count = byValue[0].count
        } else if parts.count == 1, parts[0].isOfPeriods {
            // By the period's number (or its year's, through the year of each period);
            // groups numbered as met.
            if periodGroups.isEmpty { periodGroups = Array(repeating: -1, count: radix[0]!) }
            let years: [Int32]? = if case .ofPeriod = parts[0] { byCode[0] } else { nil }
            var next = count
            periodCodes.withUnsafeBufferPointer { codes in
                periodGroups.withUnsafeMutableBufferPointer { groups in
                    for (index, row) in rows.enumerated() {
                        let code = Int(codes[Int(row)])
                        let number = years.map { Int($0[code]) } ?? code
                        if groups[number] < 0 {
                            groups[number] = Int32(next)
                            next += 1
                        }
                        ids[index] = groups[number]
                    }
                }
            }
            count = next
        } else if let split = boundedAndFigure {
            groupsByNumberAndFigure(rows, split, into: ids)
        } else if combinable {
            combine(rows, into: ids)
        } else {
            for (index, row) in rows.enumerated() { ids[index] = group(of: Int(row)) }
        }
    }

    /// One part's numbers by the indicator's or area's code, each code's worked out once.
    private mutating func byCode(_ part: Int, _ rows: UnsafeBufferPointer<Int32>, _ column: [UInt16], into ids: UnsafeMutableBufferPointer<Int32>) {
        var table = byCode[part]
        byCode[part] = []
        defer { byCode[part] = table }
        // Rows of one block (as a scan gives them) whose summary says it holds one
        // indicator or area: one number for all.
        if let first = rows.first, let last = rows.last, Int(first) / BlockSummaries.size == Int(last) / BlockSummaries.size {
            let block = Int(first) / BlockSummaries.size
            let single = if case .indicator = parts[part] { summaries.minIndicator[block] == summaries.maxIndicator[block] }
                         else { summaries.minArea[block] == summaries.maxArea[block] }
            if single {
                let code = Int(column[Int(first)])
                if table[code] < 0 { table[code] = entry(part, parts[part].expression!.value(Int(first))) }
                let id = table[code]
                for index in 0..<rows.count { ids[index] = id }
                return
            }
        }
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
    }

    /// Bounded parts: each part's numbers for the block, then one key per row.
    private mutating func combine(_ rows: UnsafeBufferPointer<Int32>, into ids: UnsafeMutableBufferPointer<Int32>) {
        var keys = keyBuffer, numbers = numberBuffer
        keyBuffer = []
        numberBuffer = []
        defer {
            keyBuffer = keys
            numberBuffer = numbers
        }
        keys.withUnsafeMutableBufferPointer { keys in
            for position in 0..<rows.count { keys[position] = 0 }
            for index in parts.indices {
                numbers.withUnsafeMutableBufferPointer { numbers in
                    partNumbers(index, rows, into: numbers)
                    let size = radix[index] ?? 1 << 32
                    for position in 0..<rows.count { keys[position] = keys[position] &* size &+ Int(numbers[position]) }
                }
            }
            if parts.count == 1 {
                // One part (a figure, an expression): its numbers, as met, are the groups.
                for position in 0..<rows.count { ids[position] = Int32(truncatingIfNeeded: keys[position]) }
                count = if case .figure = parts[0] { figureCounts[0] } else { byValue[0].count }
                return
            }
            if useFlat {
                flat.withUnsafeMutableBufferPointer { flat in
                    for position in 0..<rows.count {
                        var id = flat[keys[position]]
                        if id < 0 {
                            id = Int32(count)
                            flat[keys[position]] = id
                            count += 1
                        }
                        ids[position] = id
                    }
                }
            } else {
                UnsafeMutableRawBufferPointer(keys).withMemoryRebound(to: UInt64.self) { keys in
                    hashed.ids(of: UnsafeBufferPointer(rebasing: keys[0..<rows.count]), into: ids, next: &count)
                }
            }
        }
    }

    /// Part `index`'s numbers for a block of rows.
    private mutating func partNumbers(_ index: Int, _ rows: UnsafeBufferPointer<Int32>, into numbers: UnsafeMutableBufferPointer<Int32>) {
        switch parts[index] {
        case .indicator: byCode(index, rows, observations.indicator, into: numbers)
        case .area: byCode(index, rows, observations.area, into: numbers)
        case .period:
            periodCodes.withUnsafeBufferPointer { codes in
                for (position, row) in rows.enumerated() { numbers[position] = Int32(codes[Int(row)]) }
            }
        case .ofPeriod:
            periodCodes.withUnsafeBufferPointer { codes in
                byCode[index].withUnsafeBufferPointer { years in
                    for (position, row) in rows.enumerated() { numbers[position] = years[Int(codes[Int(row)])] }
                }
            }
        case .figure(let column, _):
            // The block's figures as keys, then numbered in one pass of the part's table.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: rows.count) { bits in
                Self.figureKeys(column, rows, into: bits)
                var next = figureCounts[index]
                figureNumbers[index].ids(of: UnsafeBufferPointer(bits), into: UnsafeMutableBufferPointer(rebasing: numbers[0..<rows.count]),
                                         next: &next)
                figureCounts[index] = next
            }
        case .rowByRow(let expression):
            for (position, row) in rows.enumerated() { numbers[position] = entry(index, expression.value(Int(row))) }
        }
    }

    /// A block's figures as keys: by bits (0 and -0 alike), a missing one by its state.
    private static func figureKeys(_ column: NumericColumn, _ rows: UnsafeBufferPointer<Int32>, into bits: UnsafeMutableBufferPointer<UInt64>) {
        column.values.withUnsafeBufferPointer { values in
            column.states.withUnsafeBufferPointer { states in
                for (position, row) in rows.enumerated() { bits[position] = figureKey(values[Int(row)], states[Int(row)]) }
            }
        }
    }

    /// Groups by a bounded part and a figure (`boundedAndFigure`): the block's bounded
    /// numbers, then each run of rows of one number looked up in that number's table of
    /// figures, new groups numbered as met.
    private mutating func groupsByNumberAndFigure(_ rows: UnsafeBufferPointer<Int32>, _ split: (bounded: Int, figure: Int),
                                                  into ids: UnsafeMutableBufferPointer<Int32>) {
        guard case .figure(let column, _) = parts[split.figure] else { return }
        var numbers = numberBuffer
        numberBuffer = []
        defer { numberBuffer = numbers }
        numbers.withUnsafeMutableBufferPointer { numbers in
            partNumbers(split.bounded, rows, into: numbers)
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: rows.count) { bits in
                Self.figureKeys(column, rows, into: bits)
                var start = 0
                while start < rows.count {
                    let number = Int(numbers[start])
                    var end = start + 1
                    while end < rows.count, numbers[end] == numbers[start] { end += 1 }
                    if number >= figuresByNumber.count { figuresByNumber += repeatElement(KeyTable(), count: number + 1 - figuresByNumber.count) }
                    figuresByNumber[number].ids(of: UnsafeBufferPointer(rebasing: bits[start..<end]),
                                                into: UnsafeMutableBufferPointer(rebasing: ids[start..<end]), next: &count)
                    start = end
                }
            }
        }
    }

    mutating func group(of row: Int) -> Int32 {
        if parts.isEmpty {
            count = 1
            return 0
        }
        if parts.count == 1 {
            var id = component(0, row)
            if parts[0].isOfPeriods {
                // Periods are numbered in period order; groups in the order met.
                if periodGroups.isEmpty { periodGroups = Array(repeating: -1, count: radix[0]!) }
                if periodGroups[Int(id)] < 0 { periodGroups[Int(id)] = Int32(count) }
                id = periodGroups[Int(id)]
            }
            count = max(count, Int(id) + 1)
            return id
        }
        if let split = boundedAndFigure, case .figure(let column, _) = parts[split.figure] {
            let number = Int(component(split.bounded, row))
            if number >= figuresByNumber.count { figuresByNumber += repeatElement(KeyTable(), count: number + 1 - figuresByNumber.count) }
            return figuresByNumber[number].id(of: Self.figureKey(column.values[row], column.states[row]), next: &count)
        }
        if combinable {
            var packed = 0
            for index in parts.indices { packed = packed &* (radix[index] ?? 1 << 32) &+ Int(component(index, row)) }
            if useFlat {
                if flat[packed] < 0 {
                    flat[packed] = Int32(count)
                    count += 1
                }
                return flat[packed]
            }
            return hashed.id(of: UInt64(bitPattern: Int64(packed)), next: &count)
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
            return Int32(periodCodes[row])
        case .ofPeriod:
            return byCode[index][Int(periodCodes[row])]
        case .figure(let column, _):
            return figureNumber(index, column, row)
        case .rowByRow(let expression):
            return entry(index, expression.value(row))
        }
    }

    /// A stored figure's number: by its bits when present (0 and -0 alike), else by its state.
    @inline(__always)
    private static func figureKey(_ value: Double, _ state: UInt8) -> UInt64 {
        state == 0 ? (value == 0 ? 0 : value.bitPattern) : UInt64.max - UInt64(state)
    }

    @inline(__always)
    private mutating func figureNumber(_ index: Int, _ column: NumericColumn, _ row: Int) -> Int32 {
        let key = Self.figureKey(column.values[row], column.states[row])
        var next = figureCounts[index]
        let id = figureNumbers[index].id(of: key, next: &next)
        figureCounts[index] = next
        return id
    }

    private mutating func entry(_ index: Int, _ value: RowValue) -> Int32 {
        if let id = byValue[index][value] { return id }
        let id = Int32(byValue[index].count)
        byValue[index][value] = id
        return id
    }
}

/// Keys to group numbers by open addressing with linear probing: one flat array of
/// slots, each a key beside its number (a probe reads one cache line, not one in each of
/// two arrays), a multiplicative hash, doubled when half full.
struct KeyTable {
    private struct Slot {
        var key: UInt64
        /// -1: an empty slot.
        var id: Int32
    }

    private var slots = [Slot](repeating: Slot(key: 0, id: -1), count: 1 << 10)
    private var shift = 64 - 10
    private var used = 0

    /// The key's number; a new key gets `next`, which then counts it.
    @inline(__always)
    mutating func id(of key: UInt64, next: inout Int) -> Int32 {
        var found: Int32 = 0
        withUnsafePointer(to: key) { key in
            withUnsafeMutablePointer(to: &found) { found in
                ids(of: UnsafeBufferPointer(start: key, count: 1), into: UnsafeMutableBufferPointer(start: found, count: 1), next: &next)
            }
        }
        return found
    }

    /// Calls `body` with every key held, in no order.
    func forEachKey(_ body: (UInt64) -> Void) {
        for slot in slots where slot.id >= 0 { body(slot.key) }
    }

    /// Calls `body` with every key held and its number, in no order.
    func forEachEntry(_ body: (UInt64, Int32) -> Void) {
        for slot in slots where slot.id >= 0 { body(slot.key, slot.id) }
    }

    /// The numbers of a block of keys (`out[i]` for `keys[i]`), new ones numbered from
    /// `next` in order, with room made first and the table read through a pointer.
    mutating func ids(of keys: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<Int32>, next: inout Int) {
        while (used + keys.count) * 2 > slots.count { grow() }
        var used = self.used, counter = next
        let shift = UInt64(self.shift)
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            for index in 0..<keys.count {
                let key = keys[index]
                var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while true {
                    let found = slots[slot]
                    if found.id < 0 {
                        slots[slot] = Slot(key: key, id: Int32(counter))
                        out[index] = Int32(counter)
                        counter += 1
                        used += 1
                        break
                    }
                    if found.key == key {
                        out[index] = found.id
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        self.used = used
        next = counter
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, id: -1), count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for entry in old where entry.id >= 0 {
            var slot = Int((entry.key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
            while slots[slot].id >= 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
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
