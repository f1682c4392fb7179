import ScryLanguage
import ScryStore

extension Engine {
    /// The rows that pass `filter` and the statement's own conditions (`also`), in store
    /// order.
    func select(_ filter: Condition?, also: [Narrowing] = [], compiler: RowCompiler) throws(Diagnostic) -> [Int] {
        let rows = try compiler.rowFilter(filter, also: also)
        compiler.context.markPlanned()
        return try rows.rows(of: store, context: compiler.context)
    }
}
