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
            if let match = try periodColumnMatch(left, [right], operation: operation) { return match.predicate(store) }
            if let match = try categoricalMatch(left, [right], operation: operation) { return match.predicate(store) }
            let a = try numeric(left)
            let b = try numericOperand(right, comparedWith: left)
            return { row in
                guard let x = a.value(row).number, let y = b.value(row).number else { return false }
                return Self.holds(operation, x, y)
            }
        case .inList(let left, let values, let negated):
            if let match = try periodColumnMatch(left, values, operation: negated ? .notEqual : .equal) { return match.predicate(store) }
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
            if let match = try periodColumnMatch(value, [low], operation: .equal, upTo: high) { return match.predicate(store) }
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
        case .like(let left, let pattern, let negated):
            return try likeNarrowing(left, pattern: pattern, negated: negated).predicate(store)
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
            if let match = try periodColumnMatch(left, [right], operation: operation) { return [match] }
            if let match = try categoricalMatch(left, [right], operation: operation) { return [match] }
            if let bounds = try figureBounds(left, operation, right) { return [.figureBounds(bounds)] }
            if let test = figurePair(left, operation, right) { return [.figurePair(test)] }
        case .between(let value, let low, let high):
            if try periodColumnMatch(value, [low], operation: .equal, upTo: high) == nil,
               var bounds = try figureBounds(value, .greaterOrEqual, low), let upper = try figureBounds(value, .lessOrEqual, high) {
                bounds.high = upper.high
                return [.figureBounds(bounds)]
            }
        case .inList(let left, let values, let negated):
            if let match = try periodColumnMatch(left, values, operation: negated ? .notEqual : .equal) { return [match] }
            if let match = try categoricalMatch(left, values, operation: negated ? .notEqual : .equal) { return [match] }
        case .inGroup(let left, let group, let negated):
            return [try areaGroupNarrowing(left, group, negated: negated)]
        case .period(let predicate):
            return [try narrowing(predicate)]
        case .like(let left, let pattern, let negated):
            return [try likeNarrowing(left, pattern: pattern, negated: negated)]
        case .isMissing(let expression, let negated):
            let compiled = try compile(expression)
            let stored: (KeyPath<ObservationTable, NumericColumn>, String)? = switch compiled.column {
            case .field(.value)?: (\.value, "value")
            case .field(.numerator)?: (\.numerator, "numerator")
            case .field(.denominator)?: (\.denominator, "denominator")
            default: nil
            }
            if let (column, name) = stored {
                return [.figureStates(FigureStateTest(states: store.observations[keyPath: column].states,
                                                      ranges: store.figureRanges(of: column, named: name), missing: !negated))]
            }
        default:
            break
        }
        return [.rows(try compile(condition))]
    }

    /// `value > 90`: a stored figure (value, numerator, denominator) compared with a
    /// number written in the statement, as bounds; nil for anything else.
    func figureBounds(_ left: Expression, _ operation: ComparisonOperator, _ right: Expression) throws(Diagnostic) -> FigureBoundsTest? {
        let constant: Double
        switch right.kind {
        case .number(let number): constant = number
        case .negate(let inner):
            guard case .number(let number) = inner.kind else { return nil }
            constant = -number
        default: return nil
        }
        guard operation != .notEqual, case .name(let name) = left.kind, let column = Column.named(name) else { return nil }
        let stored: (KeyPath<ObservationTable, NumericColumn>, String)
        switch column {
        case .field(.value): stored = (\.value, "value")
        case .field(.numerator): stored = (\.numerator, "numerator")
        case .field(.denominator): stored = (\.denominator, "denominator")
        default: return nil
        }
        let figures = store.observations[keyPath: stored.0]
        var test = FigureBoundsTest(values: figures.values, states: figures.states, ranges: store.figureRanges(of: stored.0, named: stored.1))
        switch operation {
        case .equal: (test.low, test.high) = (constant, constant)
        case .less: (test.high, test.highIncluded) = (constant, false)
        case .lessOrEqual: test.high = constant
        case .greater: (test.low, test.lowIncluded) = (constant, false)
        case .greaterOrEqual: test.low = constant
        case .notEqual: return nil
        }
        return test
    }

    /// `value >= target`: two stored figures of each row compared straight from their
    /// columns (a present figure as a double, a missing one as NaN, which no comparison
    /// holds), not through their values as expressions; nil for anything else.
    func figurePair(_ left: Expression, _ operation: ComparisonOperator, _ right: Expression) -> FigurePairTest? {
        let observations = store.observations
        func figures(_ expression: Expression) -> FigurePairTest.Figures? {
            guard case .name(let name) = expression.kind, let column = Column.named(name) else { return nil }
            func stored(_ figures: NumericColumn) -> FigurePairTest.Figures {
                .stored(values: figures.values, states: figures.states)
            }
            func coded(_ figures: DictionaryNumericColumn) -> FigurePairTest.Figures {
                .coded(codes: figures.rowCodes, values: figures.cells.map { $0.state == .present ? $0.value : .nan })
            }
            switch column {
            case .field(.value): return stored(observations.value)
            case .field(.numerator): return stored(observations.numerator)
            case .field(.denominator): return stored(observations.denominator)
            case .field(.target): return coded(observations.target)
            case .field(.floor): return coded(observations.floor)
            default: return nil
            }
        }
        guard let a = figures(left), let b = figures(right) else { return nil }
        return FigurePairTest(left: a, operation: operation, right: b)
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
                                   suggestion: Spelling.didYouMean(text, among: Column.allCases.filter(\.isNumeric).map(\.name)))
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
                if case .period = value.kind, column == .field(.period) { return nil }
                let written = source.text(of: value.range)
                throw Diagnostic.error("expected a name to compare '\(columnName)' with, found '\(written)'", at: value.range,
                                       suggestion: written.contains("-") || written.contains(" ") ? "a name with '-' or spaces goes in quotes: \"\(written)\"" : nil)
            }
            // A bare name may be another column of the kind (`rag != rag_calc`); a quoted
            // string, or a parameter's value, is always a value.
            if let column, let family = column.family, case .name = value.kind, let other = Column.named(text), other.family == family {
                let (mine, theirs) = (compile(column), compile(other))
                matches.append(.rows { mine.value($0) == theirs.value($0) })
            } else if let level {
                matches.append(try areaMatch(text, level: level, at: value.range))
            } else if let column {
                matches.append(try match(column, named: columnName.lowercased(), text, at: value.range))
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

    /// The rows whose `column` holds `text`, by what the column's values are: names read
    /// from the indicator or area tables narrow to those indicators or areas (a scan skips
    /// the rest); a fixed set (RAG, directions, verdicts, bands) and free text are tested
    /// row by row.
    private func match(_ column: Column, named name: String, _ text: String, at range: SourceRange) throws(Diagnostic) -> Narrowing {
        let store = self.store
        let lowered = text.lowercased()
        let domain = column.description.domain
        func indicatorSet(_ indices: [Int]) -> Narrowing {
            .indicators(Narrowing.members(indices, of: store.indicators.count))
        }
        func unknown() -> Diagnostic {
            let choices = domain.choices(in: store) ?? []
            return Diagnostic.error("unknown \(name) '\(text)'", at: range,
                                    suggestion: Spelling.didYouMean(text, among: choices) ?? listing(choices))
        }
        func indicatorsWhere(_ test: (Indicator) -> Bool) -> Narrowing {
            indicatorSet(store.indicators.indices.filter { test(store.indicators[$0]) })
        }
        func indicatorsNamed(_ read: (Indicator) -> String, unknown error: () -> Diagnostic) throws(Diagnostic) -> Narrowing {
            let indices = store.indicators.indices.filter { read(store.indicators[$0]).lowercased() == lowered }
            guard !indices.isEmpty else { throw error() }
            return indicatorSet(indices)
        }
        switch domain {
        case .indicatorCodes:
            let indices = resolveIndicators(text)
            guard !indices.isEmpty else { throw unknownIndicator(text, at: range) }
            return indicatorSet(indices)
        case .indicatorNames:
            return try indicatorsNamed(\.name) {
                Diagnostic.error("no indicator is named '\(text)'", at: range,
                                 suggestion: Spelling.didYouMean(text, among: store.indicators.map(\.name)))
            }
        case .themes:
            return try indicatorsNamed(\.theme) { unknown() }
        case .datasets:
            return try indicatorsNamed({ store.datasets[$0.dataset].name }) { unknown() }
        case .polarities:
            guard let polarity = Polarity(code: text) else { throw unknown() }
            return indicatorsWhere { $0.polarity == polarity }
        case .periodTypes:
            guard let type = PeriodType(code: text) else { throw unknown() }
            return indicatorsWhere { $0.periodType == type }
        case .units:
            guard let unit = Unit(code: text) else { throw unknown() }
            return indicatorsWhere { $0.unit == unit }
        case .areas:
            guard let area = resolveArea(text) else { throw unknownArea(text, at: range) }
            return .areas(Narrowing.members([area], of: store.areas.count))
        case .areaTypes:
            guard let type = AreaType(code: text) else { throw unknown() }
            return .areas(store.areas.map { $0.type == type })
        case .regions:
            return try regionMatch(text, at: range)
        case .ratings, .directions, .verdicts, .significances, .bands, .intervalVerdicts, .trendDirections, .trendVerdicts, .funnelPositions:
            guard let wanted = domain.value(text) else { throw unknown() }
            let compiled = compile(column)
            return .rows { compiled.value($0) == wanted }
        case .text:
            let compiled = compile(column)
            return .rows { row in
                if case .text(let said) = compiled.value(row) { return said.lowercased() == lowered }
                return false
            }
        case .periods:
            throw Diagnostic.error("compare periods with a period, as in period = 2013-07 or period = latest", at: range)
        case .numbers:
            throw Diagnostic.error("'\(text)' is not a number", at: range)
        }
    }
}
