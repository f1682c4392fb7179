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
        let observations = store.observations
        switch compiled.column?.description.section {
        case .indicator?:
            return .indicators(Self.firstRows(of: observations.indicator, among: store.indicators.count).map { $0 >= 0 && holds($0) })
        case .area?:
            return .areas(Self.firstRows(of: observations.area, among: store.areas.count).map { $0 >= 0 && holds($0) })
        default:
            return .rows(holds)
        }
    }

    /// For each of `count` codes, the first row holding it in `codes` (-1 for none): a row
    /// whose values of the code's columns stand for every row of it. One pass over the
    /// code column, which stops once every code is found.
    static func firstRows(of codes: [UInt16], among count: Int) -> [Int] {
        var first = [Int](repeating: -1, count: count)
        var left = count
        codes.withUnsafeBufferPointer { codes in
            var row = 0
            while left > 0, row < codes.count {
                let code = Int(codes[row])
                if first[code] < 0 {
                    first[code] = row
                    left -= 1
                }
                row += 1
            }
        }
        return first
    }
}
