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
        let items = Self.resolvingAliases(show.order, in: show.items)
        let limited = show.per.isEmpty
            ? try order(selection, by: items, limit: show.limit?.count, compiler: compiler)
            : try topPerGroup(selection, by: items, limit: show.limit?.count ?? 0, per: show.per, compiler: compiler)
        var table = ResultTable(columns: zip(names, columns).map { ResultTable.Column($0, numeric: $1.isNumeric) })
        table.rows.reserveCapacity(limited.count)
        compiler.context.startTallying()
        for (position, row) in limited.enumerated() {
            if position & 0xFFFF == 0 { try compiler.context.checkInterruption() }
            table.rows.append(columns.map { $0.cell(row) })
        }
        table.notes += compiler.context.tallyNotes
        if columns.contains(where: { $0.column == .field(.value) }) { table.notes += disclosureWarnings(limited) }
        return table
    }

    /// `order by` items that name a select item's alias (`show value - target as distance
    /// order by distance`) stand for its expression, as in SQL; a column's own name wins.
    static func resolvingAliases(_ items: [OrderItem], in select: [SelectItem]) -> [OrderItem] {
        items.map { item in
            guard case .name(let name) = item.expression.kind, Column.named(name) == nil,
                  let aliased = select.first(where: { $0.alias?.lowercased() == name.lowercased() })
            else { return item }
            var resolved = item
            resolved.expression = Expression(aliased.expression.kind, item.expression.range)
            return resolved
        }
    }
}
