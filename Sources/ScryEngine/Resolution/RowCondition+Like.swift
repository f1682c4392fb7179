import ScryLanguage
import ScryStore

extension RowCompiler {
    /// `name like "%foster%"`, `area not like "North%"`: the pattern compiled once. On a
    /// column of the indicator or of the area (the catalog's sections say which) it is
    /// matched once per indicator or area, a set the scan narrows by; on other text, row
    /// by row.
    func likeNarrowing(_ left: Expression, pattern: Expression, negated: Bool) throws(Diagnostic) -> Narrowing {
        let like = try LikePattern(pattern, source: source)
        let compiled = try compile(left)
        let type = compiled.column?.description.type
        guard !compiled.isNumeric, type == nil || type == .text else {
            throw Diagnostic.error("'like' matches text, and '\(source.text(of: left.range))' holds \(compiled.isNumeric ? "numbers" : "no text"): compare it with '=', '<', 'in (…)' or 'between'",
                                   at: left.range)
        }
        let value = compiled.value
        func holds(_ row: Int) -> Bool {
            guard case .text(let said) = value(row) else { return false }
            return like.matches(said) != negated
        }
        switch compiled.column?.description.section {
        case .indicator?:
            return .indicators(store.firstRows(of: \.indicator, count: store.indicators.count).map { $0 >= 0 && holds(Int($0)) })
        case .area?:
            return .areas(store.firstRows(of: \.area, count: store.areas.count).map { $0 >= 0 && holds(Int($0)) })
        default:
            return .rows(holds)
        }
    }
}
