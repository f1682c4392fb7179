import ScryLanguage
import ScryStore

extension Engine {
    /// `show` → the selected observations, one row each.
    func run(_ show: Show, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let selection = try select(show.filter, compiler: compiler)
        var columns: [RowExpression] = []
        var names: [String] = []
        if show.items.isEmpty {
            columns = Column.defaultColumns.map { compiler.compile($0) }
            names = Column.defaultColumns.map(\.rawValue)
        } else {
            for item in show.items {
                columns.append(try compiler.compile(item.expression))
                names.append(item.alias ?? compiler.source.text(of: item.expression.range))
            }
        }
        let ordered = try order(selection, by: show.order, compiler: compiler)
        let limited = show.limit.map { Array(ordered.prefix($0.count)) } ?? ordered
        var table = ResultTable(columns: zip(names, columns).map { ResultTable.Column($0, numeric: $1.isNumeric) })
        table.rows = limited.map { row in columns.map { $0.cell(row) } }
        return table
    }

    /// The rows that pass `filter` and the statement's own conditions (`also`), in store
    /// order.
    func select(_ filter: Condition?, also: [Narrowing] = [], compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let rows = try compiler.rowFilter(filter, also: also)
        compiler.context.markPlanned()
        return try rows.rows(of: store, context: compiler.context)
    }

    /// Rows sorted by `order`, or by indicator, area and period when there is none. Missing
    /// values sort last whichever the direction.
    func order(_ rows: [Int], by items: [OrderItem], compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let observations = store.observations
        if items.isEmpty {
            return rows.sorted { a, b in
                (observations.indicator[a], observations.area[a], observations.period[a])
                    < (observations.indicator[b], observations.area[b], observations.period[b])
            }
        }
        var keys: [(RowExpression, Bool)] = []
        for item in items { keys.append((try compiler.compile(item.expression), item.descending)) }
        return rows.sorted { a, b in
            for (key, descending) in keys {
                let order = RowValue.compare(key.value(a), key.value(b))
                if order == 0 { continue }
                if key.value(a).isAbsent || key.value(b).isAbsent { return order < 0 }
                return descending ? order > 0 : order < 0
            }
            return a < b
        }
    }
}

extension RowValue {
    var isAbsent: Bool {
        switch self {
        case .missing: true
        case .direction(let direction): direction == nil
        default: false
        }
    }

    /// The value as it sorts: text in lower case, so that `folded: true` comparisons need
    /// not lower it again.
    var folded: RowValue {
        if case .text(let text) = self { return .text(text.lowercased()) }
        return self
    }

    /// -1, 0 or 1; absent values after every present one; text ignoring case (already
    /// lowered when `folded`).
    static func compare(_ left: RowValue, _ right: RowValue, folded: Bool = false) -> Int {
        if left.isAbsent || right.isAbsent { return left.isAbsent == right.isAbsent ? 0 : (left.isAbsent ? 1 : -1) }
        switch (left, right) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)):
            let x = folded ? a : a.lowercased(), y = folded ? b : b.lowercased()
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.period(let a), .period(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.rag(let a), .rag(let b)): return a.rawValue < b.rawValue ? -1 : (a.rawValue > b.rawValue ? 1 : 0)
        case (.direction(let a?), .direction(let b?)):
            let order = Direction.allCases
            let x = order.firstIndex(of: a) ?? 0, y = order.firstIndex(of: b) ?? 0
            return x < y ? -1 : (x > y ? 1 : 0)
        default: return 0
        }
    }
}
