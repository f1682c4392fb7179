import ScryLanguage
import ScryStore

extension Engine {
    /// `avg(value), count by district where …` → one row per group, with a note for every
    /// rule of docs/domain.md the question runs into and for the values left out as missing.
    ///
    /// One pass over the selected rows, block by block: each row's group is found (by the
    /// indicator's, the area's or the period's own code when the groups are columns of
    /// those, else by the values of the group expressions) and every measure's tally for
    /// that group takes the row.
    func run(_ aggregate: Aggregate, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        var conditions: [Narrowing] = []
        var groups: [RowExpression] = []
        var groupNames: [String] = []
        for group in aggregate.groups {
            if case .name(let text) = group.kind, Column.named(text) == nil, let level = Column.areaLevels[text.lowercased()] {
                // `by district`: the districts, each a group.
                conditions.append(.areas(store.areas.map { $0.type == level }))
                groups.append(compiler.compile(.area))
                groupNames.append(text.lowercased())
            } else {
                groups.append(try compiler.compile(group))
                groupNames.append(compiler.source.text(of: group.range))
            }
        }
        var measures: [Measure] = []
        for aggregation in aggregate.aggregations {
            measures.append(try Measure(aggregation, compiler: compiler))
        }
        let filter = try compiler.rowFilter(aggregate.filter, also: conditions)
        compiler.context.markPlanned()

        var keys = GroupKeys(groups, store: store)
        var facts: [GroupFacts] = []
        // One tally for the measures that share one (avg, min and max of value).
        var sharing: [String: Int] = [:]
        var gatherers: [Measure] = []
        let tallyOf = measures.map { measure in
            let key = measure.sharingKey
            if let known = sharing[key] { return known }
            sharing[key] = gatherers.count
            gatherers.append(measure)
            return gatherers.count - 1
        }
        var tallies = [[Tally]](repeating: [], count: gatherers.count)
        let needsPeriods = measures.contains(where: \.needsPeriods)
        var ids = [Int32](repeating: 0, count: BlockSummaries.size)
        let observations = store.observations
        try filter.forEachBlock(of: store, context: compiler.context) { rows in
            ids.withUnsafeMutableBufferPointer { ids in keys.groups(of: rows, into: ids) }
            if keys.count > facts.count {
                facts += Array(repeating: GroupFacts(), count: keys.count - facts.count)
                for index in tallies.indices { tallies[index] += Array(repeating: Tally(), count: keys.count - tallies[index].count) }
            }
            ids.withUnsafeBufferPointer { ids in
                let groupsOfRows = UnsafeBufferPointer(rebasing: ids[0..<rows.count])
                Self.gatherFacts(rows, groups: groupsOfRows, into: &facts, observations: observations, periods: needsPeriods)
                for (index, measure) in gatherers.enumerated() {
                    measure.gather(rows, groups: groupsOfRows, into: &tallies[index], store: store)
                }
            }
        }

        // Groups in order of their values, keyed as `show … order by` keys its rows.
        let firstRows = facts.map(\.firstRow)
        var sortKeys: [SortKey] = []
        for group in groups { sortKeys.append(try SortKey(firstRows, group, descending: false, context: compiler.context)) }
        var order = facts.indices.sorted { left, right in
            for key in sortKeys {
                let order = key.compare(left, right)
                if order != 0 { return order < 0 }
            }
            return false
        }
        if groups.isEmpty, order.isEmpty {
            // No row: one row of empty measures (count 0).
            order = [0]
            facts = [GroupFacts()]
            tallies = tallies.map { _ in [Tally()] }
        }

        var table = ResultTable(columns: groupNames.map { ResultTable.Column($0) } + measures.map { ResultTable.Column($0.name, numeric: true) })
        var notes = NoteCollector()
        for group in order {
            var cells: [Cell] = groups.map { $0.cell(facts[group].firstRow) }
            for (index, measure) in measures.enumerated() {
                cells.append(measure.finish(tallies[tallyOf[index]][group], facts[group], store: store, notes: &notes))
            }
            table.rows.append(cells)
        }
        table.notes = notes.lines
        if !aggregate.order.isEmpty {
            table.rows = try sortResult(table, by: aggregate.order, compiler: compiler)
        }
        if let limit = aggregate.limit { table.rows = Array(table.rows.prefix(limit.count)) }
        return table
    }

    /// Counts each group's rows and notes its first row, its indicators, whether it has
    /// numerators and denominators and, when asked, each indicator's periods.
    private static func gatherFacts(_ rows: UnsafeBufferPointer<Int32>, groups: UnsafeBufferPointer<Int32>, into facts: inout [GroupFacts],
                                     observations: ObservationTable, periods: Bool) {
        observations.indicator.withUnsafeBufferPointer { indicators in
            observations.numerator.states.withUnsafeBufferPointer { tops in
                observations.denominator.states.withUnsafeBufferPointer { bottoms in
                    facts.withUnsafeMutableBufferPointer { facts in
                        // A run of rows of one group at a time.
                        var start = 0
                        while start < rows.count {
                            let group = Int(groups[start])
                            var end = start + 1
                            while end < rows.count, groups[end] == groups[start] { end += 1 }
                            if facts[group].rows == 0 { facts[group].firstRow = Int(rows[start]) }
                            facts[group].rows += end - start
                            var last = -1
                            for index in start..<end {
                                let indicator = Int(indicators[Int(rows[index])])
                                if indicator != last {
                                    last = indicator
                                    if !facts[group].indicators.contains(indicator) { facts[group].indicators.append(indicator) }
                                }
                            }
                            if !facts[group].hasCounts {
                                for index in start..<end where tops[Int(rows[index])] == 0 && bottoms[Int(rows[index])] == 0 {
                                    facts[group].hasCounts = true
                                    break
                                }
                            }
                            if periods {
                                for index in start..<end {
                                    let row = Int(rows[index])
                                    facts[group].periods[Int(indicators[row]), default: []].insert(observations.period[row])
                                }
                            }
                            start = end
                        }
                    }
                }
            }
        }
    }

    /// Orders result rows by result columns, named as they are headed (`count`,
    /// `avg(value)`, `district`).
    func sortResult(_ table: ResultTable, by items: [OrderItem], compiler: RowCompiler) throws(Diagnostic) -> [[Cell]] {
        var keys: [(Int, Bool)] = []
        for item in items {
            let written = compiler.source.text(of: item.expression.range).lowercased().filter { !$0.isWhitespace }
            guard let index = table.columns.firstIndex(where: { $0.name.lowercased().filter { !$0.isWhitespace } == written }) else {
                throw Diagnostic.error("'\(compiler.source.text(of: item.expression.range))' is not a column of this result: order by one of \(table.columns.map { "'\($0.name)'" }.joined(separator: ", "))",
                                       at: item.expression.range)
            }
            keys.append((index, item.descending))
        }
        return table.rows.sorted { a, b in
            for (index, descending) in keys {
                let order = Cell.compare(a[index], b[index])
                if order == 0 { continue }
                if a[index].isAbsent || b[index].isAbsent { return order < 0 }
                return descending ? order > 0 : order < 0
            }
            return false
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

extension Cell {
    var isAbsent: Bool {
        switch self {
        case .empty, .missing: true
        default: false
        }
    }

    var sortNumber: Double? {
        switch self {
        case .number(let value, _, _): value
        case .count(let value): Double(value)
        default: nil
        }
    }

    static func compare(_ left: Cell, _ right: Cell) -> Int {
        if left.isAbsent || right.isAbsent { return left.isAbsent == right.isAbsent ? 0 : (left.isAbsent ? 1 : -1) }
        if let a = left.sortNumber, let b = right.sortNumber { return a < b ? -1 : (a > b ? 1 : 0) }
        if case .period(let a) = left, case .period(let b) = right { return a < b ? -1 : (a > b ? 1 : 0) }
        let a = CellFormatter.text(left).lowercased(), b = CellFormatter.text(right).lowercased()
        return a < b ? -1 : (a > b ? 1 : 0)
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
