import ScryLanguage
import ScryStore

extension Engine {
    /// `having count > 1`: the positions of the rows of a finished result that meet a
    /// condition, its names resolved as `order by` resolves them over a result
    /// (`resultColumn`). A row whose cell is missing passes no comparison (`is missing`
    /// finds it).
    func having(_ condition: Condition, over table: ResultTable, source: SourceFile) throws(Diagnostic) -> [Int] {
        let test = try ResultFilter(table: table, source: source).compile(condition)
        return table.rows.indices.filter { test(table.rows[$0]) }
    }

    /// The groups (of `groups`, in order) whose result rows pass `condition`, without
    /// making every row: a row holds only the columns the condition names (the others
    /// empty), made a column of a stretch of groups at a time by `cells(groups, column)`.
    /// What the condition reads a column as (number, text, period…) is told by the first
    /// rows, made until each named column has a present cell.
    func having(_ condition: Condition, over groups: [Int], columns: [ResultTable.Column], compiler: RowCompiler,
                cells: (ArraySlice<Int>, Int) -> [Cell]) throws(Diagnostic) -> [Int] {
        func cell(_ group: Int, _ column: Int) -> Cell { cells([group][...], column)[0] }
        var named = Set<Int>()
        for expression in condition.expressions {
            let key = compiler.source.text(of: expression.range).lowercased().filter { !$0.isWhitespace }
            if let index = columns.firstIndex(where: { $0.name.lowercased().filter { !$0.isWhitespace } == key }) { named.insert(index) }
        }
        if condition.namesPeriod, let index = columns.firstIndex(where: { $0.name.lowercased() == "period" }) { named.insert(index) }
        func row(_ group: Int) -> [Cell] {
            columns.indices.map { named.contains($0) ? cell(group, $0) : .empty }
        }
        var sample = ResultTable(columns: columns)
        var unseen = named
        for group in groups where !unseen.isEmpty {
            let made = row(group)
            sample.rows.append(made)
            unseen = unseen.filter { made[$0].isAbsent }
        }
        let test = try ResultFilter(table: sample, source: compiler.source).compile(condition)
        // One row of cells, its named columns refilled for each group.
        let filled = named.sorted()
        var buffer = [Cell](repeating: .empty, count: columns.count)
        var kept: [Int] = []
        for start in stride(from: 0, to: groups.count, by: 0x1000) {
            if start & 0xFFFF == 0 { try compiler.context.checkInterruption() }
            let stretch = groups[start..<min(groups.count, start + 0x1000)]
            let made = filled.map { cells(stretch, $0) }
            for (position, group) in stretch.enumerated() {
                for (index, column) in filled.enumerated() { buffer[column] = made[index][position] }
                if test(buffer) { kept.append(group) }
            }
        }
        return kept
    }
}

/// Compiles a condition into a test of one result row, once.
struct ResultFilter {
    typealias Test = ([Cell]) -> Bool
    /// A value for each row: a column's cell or a constant.
    typealias Operand = ([Cell]) -> Cell

    let table: ResultTable
    let source: SourceFile

    /// What a column's present cells are, from the first that is present: what a value
    /// compared with it is read as.
    private enum Kind { case number, text, period(Period.Kind), rating, direction, none }

    func compile(_ condition: Condition) throws(Diagnostic) -> Test {
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
            let column = try self.column(left)
            let other = try operand(right, comparedWith: column, left)
            return { cells in Self.order(cells[column], other(cells)).map { Self.holds(operation, $0) } ?? false }
        case .inList(let left, let values, let negated):
            let column = try self.column(left)
            var options: [Operand] = []
            for value in values { options.append(try operand(value, comparedWith: column, left)) }
            let frozen = options
            return { cells in
                guard !cells[column].isAbsent else { return false }
                return frozen.contains { Self.order(cells[column], $0(cells)) == 0 } != negated
            }
        case .between(let value, let low, let high):
            let column = try self.column(value)
            let lower = try operand(low, comparedWith: column, value), upper = try operand(high, comparedWith: column, value)
            return { cells in
                guard let above = Self.order(cells[column], lower(cells)), let below = Self.order(cells[column], upper(cells)) else { return false }
                return above >= 0 && below <= 0
            }
        case .isMissing(let value, let negated):
            let column = try self.column(value)
            return { $0[column].isAbsent != negated }
        case .like(let value, let pattern, let negated):
            let column = try self.column(value)
            let like = try LikePattern(pattern, source: source)
            guard case .text = kind(of: column) else {
                throw Diagnostic.error("'like' matches text, and '\(table.columns[column].name)' holds no text", at: value.range)
            }
            return { cells in
                guard case .text(let said) = cells[column] else { return false }
                return like.matches(said) != negated
            }
        case .inGroup(_, let group, _):
            throw Diagnostic.error("an area group belongs in 'where'; in 'having', list the values: in (…)", at: group.range)
        case .period(let predicate):
            return try periodTest(predicate, at: condition.range)
        }
    }

    /// The result column an operand on the left names.
    private func column(_ expression: Expression) throws(Diagnostic) -> Int {
        try Engine.resultColumn(expression, of: table, source: source, clause: "having takes")
    }

    private func kind(of column: Int) -> Kind {
        for row in table.rows {
            switch row[column] {
            case .number, .count: return .number
            case .text: return .text
            case .period(let period): return .period(period.kind)
            case .rag: return .rating
            case .direction: return .direction
            case .empty, .missing: continue
            }
        }
        return .none
    }

    /// The right side of a comparison: another result column when it names one, else a
    /// value read as the column's cells are (a number, a name or string, a period, a
    /// rating, a direction).
    private func operand(_ expression: Expression, comparedWith column: Int, _ left: Expression) throws(Diagnostic) -> Operand {
        if let other = try? Engine.resultColumn(expression, of: table, source: source, clause: "having takes") {
            return { $0[other] }
        }
        let written = source.text(of: expression.range)
        let heading = table.columns[column].name
        func mismatch(_ what: String) -> Diagnostic {
            .error("'\(heading)' holds \(what), so it cannot be compared with '\(written)'", at: expression.range)
        }
        let value: Cell
        switch (kind(of: column), expression.kind) {
        case (_, .aggregate):
            _ = try self.column(expression)
            return { _ in .empty }
        case (.number, .number(let number)), (.none, .number(let number)): value = .number(number, decimals: 0, unit: nil)
        case (.number, _): throw mismatch("numbers")
        case (.text, .name(let text)), (.text, .string(let text)), (.none, .name(let text)), (.none, .string(let text)): value = .text(text)
        case (.text, .number), (.text, .period): value = .text(written)
        case (.period(let kind), .period(let text)), (.period(let kind), .string(let text)), (.period(let kind), .name(let text)):
            value = .period(try period(text, like: kind, at: expression.range))
        case (.period(let kind), .number):
            value = .period(try period(written, like: kind, at: expression.range))
        case (.none, .period(let text)): value = .period(try period(text, like: .month, at: expression.range))
        case (.rating, .name(let text)), (.rating, .string(let text)):
            guard let rating = Self.ratings[text.lowercased()] else { throw Diagnostic.error("'\(written)' is not a RAG rating: red, amber or green", at: expression.range) }
            value = .rag(rating)
        case (.rating, _): throw mismatch("RAG ratings")
        case (.direction, .name(let text)), (.direction, .string(let text)):
            guard let direction = Direction(rawValue: text.lowercased()) else {
                throw Diagnostic.error("'\(written)' is not a direction: improved, same or worsened", at: expression.range)
            }
            value = .direction(direction)
        case (.direction, _): throw mismatch("directions of travel")
        case (.period, _), (.none, _), (.text, _):
            throw Diagnostic.error("in 'having', compare a column with a value or another column, not '\(written)'", at: expression.range)
        }
        return { _ in value }
    }

    /// A period label read as a column of `kind` reads it: `2013/14` as an academic year
    /// beside academic years.
    private func period(_ label: String, like kind: Period.Kind, at range: SourceRange) throws(Diagnostic) -> Period {
        let academic = kind == .academicYear || kind == .academicYears
        do {
            return try Period.parse(label, splitYears: academic ? .academic : .financial)
        } catch {
            throw Diagnostic.error(error.message, at: range)
        }
    }

    /// `having period = 2013-07`, `period in 2013/14`, `period from … to …`: on the
    /// result's period column, with periods written out.
    private func periodTest(_ predicate: PeriodPredicate, at range: SourceRange) throws(Diagnostic) -> Test {
        let named = Expression(.name("period"), SourceRange(range.start, range.start + 6))
        let column = try self.column(named)
        func written(_ value: PeriodValue) throws(Diagnostic) -> Period {
            guard case .label(let label) = value.kind else {
                throw Diagnostic.error("in 'having', write the period out, as in period = 2013-07", at: value.range)
            }
            return try period(label, like: .month, at: value.range)
        }
        func periodOf(_ cells: [Cell]) -> Period? {
            if case .period(let period) = cells[column] { return period }
            return nil
        }
        switch predicate {
        case .compare(let operation, let value):
            let wanted = Cell.period(try written(value))
            return { cells in Self.order(cells[column], wanted).map { Self.holds(operation, $0) } ?? false }
        case .within(let value):
            let span = try written(value)
            return { cells in periodOf(cells).map { $0.startMonth >= span.startMonth && $0.endMonth <= span.endMonth } ?? false }
        case .inList(let values):
            var wanted: [Cell] = []
            for value in values { wanted.append(.period(try written(value))) }
            let frozen = wanted
            return { cells in frozen.contains { Self.order(cells[column], $0) == 0 } }
        case .range(let first, let last):
            let from = try written(first), to = try written(last)
            return { cells in periodOf(cells).map { $0.startMonth >= from.startMonth && $0.endMonth <= to.endMonth } ?? false }
        }
    }

    /// -1, 0 or 1 as results sort (`Cell.compare`), a period by its months whatever its
    /// status; nil when either is missing.
    static func order(_ left: Cell, _ right: Cell) -> Int? {
        if left.isAbsent || right.isAbsent { return nil }
        if case .period(let a) = left, case .period(let b) = right { return a.withoutStatus == b.withoutStatus ? 0 : (a < b ? -1 : 1) }
        return Cell.compare(left, right)
    }

    private static let ratings: [String: RAG] = ["red": .red, "amber": .amber, "green": .green, "r": .red, "a": .amber, "g": .green]

    static func holds(_ operation: ComparisonOperator, _ order: Int) -> Bool {
        switch operation {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

