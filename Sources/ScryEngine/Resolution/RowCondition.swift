import ScryLanguage
import ScryStore
import ScrySpelling

extension RowCompiler {
    typealias Predicate = (Int) -> Bool

    func compile(_ condition: Condition) throws(Diagnostic) -> Predicate {
        switch condition.kind {
        case .and(let left, let right):
            let a = try compile(left), b = try compile(right)
            return { a($0) && b($0) }
        case .or(let left, let right):
            let a = try compile(left), b = try compile(right)
            return { a($0) || b($0) }
        case .not(let inner):
            let a = try compile(inner)
            return { !a($0) }
        case .compare(let left, let operation, let right):
            if let match = try categoricalMatch(left, [right], operation: operation) { return match.predicate(store) }
            let a = try numeric(left)
            let b = try numericOperand(right, comparedWith: left)
            return { row in
                guard let x = a.value(row).number, let y = b.value(row).number else { return false }
                return Self.holds(operation, x, y)
            }
        case .inList(let left, let values, let negated):
            if let match = try categoricalMatch(left, values, operation: negated ? .notEqual : .equal) {
                return match.predicate(store)
            }
            let a = try numeric(left)
            var options: [RowExpression] = []
            for value in values { options.append(try numericOperand(value, comparedWith: left)) }
            let frozen = options
            return { row in
                guard let x = a.value(row).number else { return false }
                let found = frozen.contains { $0.value(row).number == x }
                return negated ? !found : found
            }
        case .inGroup(let left, let group, let negated):
            return try areaGroupNarrowing(left, group, negated: negated).predicate(store)
        case .between(let value, let low, let high):
            let v = try numeric(value), l = try numericOperand(low, comparedWith: value), h = try numericOperand(high, comparedWith: value)
            return { row in
                guard let x = v.value(row).number, let a = l.value(row).number, let b = h.value(row).number else { return false }
                return a <= x && x <= b
            }
        case .isMissing(let expression, let negated):
            let compiled = try compile(expression)
            return { row in
                let missing: Bool
                switch compiled.value(row) {
                case .missing: missing = true
                case .direction(let direction): missing = direction == nil
                case .rag(let rag): missing = rag == .none
                case .text(let text): missing = text.isEmpty
                default: missing = false
                }
                return missing != negated
            }
        case .period(let predicate):
            return try narrowing(predicate).predicate(store)
        }
    }

    /// A statement's filter with its own conditions, ready to scan.
    func rowFilter(_ condition: Condition?, also: [Narrowing] = []) throws(Diagnostic) -> RowFilter {
        var all = also
        if let condition { all = try narrowings(condition) + also }
        return RowFilter(all)
    }

    /// A filter's conjuncts (`a and b and c`), each in the narrowest form a scan can apply
    /// column by column: a set of indicators, a set of areas, a window of periods for each
    /// indicator, or else a test of each row.
    func narrowings(_ condition: Condition) throws(Diagnostic) -> [Narrowing] {
        switch condition.kind {
        case .and(let left, let right):
            return try narrowings(left) + narrowings(right)
        case .compare(let left, let operation, let right):
            if let match = try categoricalMatch(left, [right], operation: operation) { return [match] }
        case .inList(let left, let values, let negated):
            if let match = try categoricalMatch(left, values, operation: negated ? .notEqual : .equal) { return [match] }
        case .inGroup(let left, let group, let negated):
            return [try areaGroupNarrowing(left, group, negated: negated)]
        case .period(let predicate):
            return [try narrowing(predicate)]
        default:
            break
        }
        return [.rows(try compile(condition))]
    }

    static func holds(_ operation: ComparisonOperator, _ x: Double, _ y: Double) -> Bool {
        switch operation {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessOrEqual: x <= y
        case .greater: x > y
        case .greaterOrEqual: x >= y
        }
    }

    /// The right side of a numeric comparison: a number or a numeric column. A bare name
    /// that is neither gets an error that says so.
    private func numericOperand(_ expression: Expression, comparedWith left: Expression) throws(Diagnostic) -> RowExpression {
        if case .name(let text) = expression.kind, Column.named(text) == nil {
            throw Diagnostic.error("'\(text)' is not a number or a numeric column, so it cannot be compared with '\(source.text(of: left.range))'",
                                   at: expression.range,
                                   suggestion: Spelling.didYouMean(text, among: Column.allCases.filter(\.isNumeric).map(\.rawValue)))
        }
        return try numeric(expression)
    }

    /// `rag = red`, `area in (Kent, England)`, `district = EAST`: a column whose values are
    /// names, compared with names resolved against the store. Nil when `left` is not such a
    /// column.
    private func categoricalMatch(_ left: Expression, _ values: [Expression], operation: ComparisonOperator) throws(Diagnostic) -> Narrowing? {
        guard case .name(let columnName) = left.kind else { return nil }
        let level = Column.areaLevels[columnName.lowercased()]
        let column = Column.named(columnName)
        guard level != nil || (column.map { !$0.isNumeric } ?? false) else { return nil }
        guard operation == .equal || operation == .notEqual else {
            throw Diagnostic.error("'\(columnName)' holds names, which compare only with '=', '!=' or 'in (…)'", at: left.range)
        }
        var matches: [Narrowing] = []
        for value in values {
            // A bare word that is also an aggregate (`unit = count`) is the name here.
            let bareWord: String? = if case .aggregate = value.kind, source.text(of: value.range).allSatisfy(\.isLetter) {
                source.text(of: value.range)
            } else { nil }
            guard let text = value.nameText ?? bareWord else {
                if case .period = value.kind, column == .period { return nil }
                let written = source.text(of: value.range)
                throw Diagnostic.error("expected a name to compare '\(columnName)' with, found '\(written)'", at: value.range,
                                       suggestion: written.contains("-") || written.contains(" ") ? "a name with '-' or spaces goes in quotes: \"\(written)\"" : nil)
            }
            if let column, let family = column.family, let other = Column.named(text), other.family == family {
                let (mine, theirs) = (compile(column), compile(other))
                matches.append(.rows { mine.value($0) == theirs.value($0) })
            } else if let level {
                matches.append(try areaMatch(text, level: level, at: value.range))
            } else if let column {
                matches.append(try match(column, text, at: value.range))
            }
        }
        let any = Narrowing.any(of: matches, store: store)
        return operation == .notEqual ? any.negated(store) : any
    }

    private func areaMatch(_ name: String, level: AreaType, at range: SourceRange) throws(Diagnostic) -> Narrowing {
        let areas = store.areas
        guard let area = resolveArea(name), areas[area].type == level else {
            let candidates = areas.filter { $0.type == level }.map(\.name)
            if let area = resolveArea(name) {
                throw Diagnostic.error("'\(areas[area].name)' is a \(areas[area].type), not a \(level)", at: range)
            }
            throw Diagnostic.error("unknown \(level) '\(name)'", at: range,
                                   suggestion: Spelling.didYouMean(name, among: candidates) ?? listing(candidates))
        }
        return .areas(Narrowing.members([area], of: areas.count))
    }

    func resolveArea(_ name: String) -> Int? {
        if let exact = store.area(named: name) { return exact }
        let lowered = name.lowercased()
        return store.areas.firstIndex { $0.name.lowercased() == lowered }
    }

    /// Indicators named by `name`: their code (exactly, then ignoring case), else their name.
    func resolveIndicators(_ name: String) -> [Int] {
        let exact = store.indicators(withCode: name)
        if !exact.isEmpty { return exact }
        let lowered = name.lowercased()
        let byCode = store.indicators.indices.filter { store.indicators[$0].code.lowercased() == lowered }
        if !byCode.isEmpty { return byCode }
        return store.indicators.indices.filter { store.indicators[$0].name.lowercased() == lowered }
    }

    func unknownIndicator(_ name: String, at range: SourceRange) -> Diagnostic {
        let codes = store.indicators.map(\.code)
        return .error("unknown indicator '\(name)'", at: range,
                      suggestion: Spelling.didYouMean(name, among: codes) ?? "list them with .indicators")
    }

    func unknownArea(_ name: String, at range: SourceRange) -> Diagnostic {
        .error("unknown area '\(name)'", at: range,
               suggestion: Spelling.didYouMean(name, among: store.areas.map(\.name)) ?? "list them with .areas")
    }

    private func listing(_ names: [String]) -> String {
        names.isEmpty ? "there are none loaded" : "the choices are " + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
    }

    private func match(_ column: Column, _ text: String, at range: SourceRange) throws(Diagnostic) -> Narrowing {
        let observations = store.observations
        let store = self.store
        let lowered = text.lowercased()
        func indicatorSet(_ indices: [Int]) -> Narrowing {
            .indicators(Narrowing.members(indices, of: store.indicators.count))
        }
        func known<T>(_ value: T?, _ choices: [String]) throws(Diagnostic) -> T {
            guard let value else {
                throw Diagnostic.error("unknown \(column.rawValue) '\(text)'", at: range,
                                       suggestion: Spelling.didYouMean(text, among: choices) ?? listing(choices))
            }
            return value
        }
        func indicatorsWhere(_ test: (Indicator) -> Bool) -> Narrowing {
            indicatorSet(store.indicators.indices.filter { test(store.indicators[$0]) })
        }
        func choice<T>(_ value: T?, _ choices: [String], _ test: @escaping (Int, T) -> Bool) throws(Diagnostic) -> Narrowing {
            let value = try known(value, choices)
            return .rows { test($0, value) }
        }
        switch column {
        case .code:
            let indices = resolveIndicators(text)
            guard !indices.isEmpty else { throw unknownIndicator(text, at: range) }
            return indicatorSet(indices)
        case .name:
            let indices = store.indicators.indices.filter { store.indicators[$0].name.lowercased() == lowered }
            guard !indices.isEmpty else {
                throw Diagnostic.error("no indicator is named '\(text)'", at: range,
                                       suggestion: Spelling.didYouMean(text, among: store.indicators.map(\.name)))
            }
            return indicatorSet(indices)
        case .theme:
            let indices = store.indicators.indices.filter { store.indicators[$0].theme.lowercased() == lowered }
            guard !indices.isEmpty else {
                let themes = Array(Set(store.indicators.map(\.theme).filter { !$0.isEmpty })).sorted()
                throw Diagnostic.error("unknown theme '\(text)'", at: range,
                                       suggestion: Spelling.didYouMean(text, among: themes) ?? listing(themes))
            }
            return indicatorSet(indices)
        case .dataset:
            let indices = store.indicators.indices.filter { store.datasets[store.indicators[$0].dataset].name.lowercased() == lowered }
            guard !indices.isEmpty else {
                let names = store.datasets.map(\.name)
                throw Diagnostic.error("unknown dataset '\(text)'", at: range, suggestion: Spelling.didYouMean(text, among: names) ?? listing(names))
            }
            return indicatorSet(indices)
        case .polarity:
            let polarity = try known(Polarity(code: text), ["H", "L", "T", "none"])
            return indicatorsWhere { $0.polarity == polarity }
        case .period_type:
            let type = try known(PeriodType(code: text), PeriodType.allCases.map(\.code))
            return indicatorsWhere { $0.periodType == type }
        case .unit:
            let unit = try known(Unit(code: text), Unit.allCases.map(\.code))
            return indicatorsWhere { $0.unit == unit }
        case .area:
            guard let area = resolveArea(text) else { throw unknownArea(text, at: range) }
            return .areas(Narrowing.members([area], of: store.areas.count))
        case .area_type:
            let type = try known(AreaType(code: text), AreaType.allCases.map(\.code))
            return .areas(store.areas.map { $0.type == type })
        case .area_region:
            return try regionMatch(text, at: range)
        case .rag, .rag_calc:
            let rag = lowered == "none" ? RAG.none : RAG(code: text)
            let rating = compile(column)
            return try choice(rag, ["red", "amber", "green", "none"]) { row, rag in rating.value(row) == .rag(rag) }
        case .dot, .dot_year:
            let wanted: Direction?? = lowered == "none" ? .some(nil) : Direction(rawValue: lowered).map { .some($0) }
            let direction = compile(column)
            return try choice(wanted, Direction.allCases.map(\.rawValue) + ["none"]) { row, wanted in
                direction.value(row) == .direction(wanted)
            }
        case .note:
            return .rows { (observations.note[$0] ?? "").lowercased() == lowered }
        case .commentary:
            let commentary = compile(column)
            return .rows { row in
                if case .text(let said) = commentary.value(row) { return said.lowercased() == lowered }
                return false
            }
        case .period, .previous_period, .year_ago_period, .england_period, .region_period, .neighbours_period:
            throw Diagnostic.error("compare periods with a period, as in period = 2013-07 or period = latest", at: range)
        default:
            guard !column.isNumeric else { throw Diagnostic.error("'\(text)' is not a number", at: range) }
            // The verdict and significance columns: text from a fixed set.
            let compiled = compile(column)
            let choices = column == .quartile ? ["a", "b", "c", "d", "none"]
                : column.comparison?.1 == .verdict ? Verdict.allCases.map(\.rawValue) + ["none"]
                : ["significantly higher", "significantly lower", "not significantly different", "none"]
            if column == .quartile {
                let band = lowered == "none" ? "" : lowered.uppercased()
                return try choice(choices.contains(lowered) ? band : nil, ["A", "B", "C", "D", "none"]) { row, band in compiled.value(row) == .text(band) }
            }
            let wanted = lowered == "none" ? "" : lowered
            return try choice(choices.contains(lowered) ? wanted : nil, choices) { row, wanted in compiled.value(row) == .text(wanted) }
        }
    }
}
