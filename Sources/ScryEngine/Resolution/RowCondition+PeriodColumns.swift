import ScryLanguage
import ScryStore

extension RowCompiler {
    /// `financial_year = 2013/14`, `calendar_year in (2013, 2014)`, `previous_period <
    /// 2013-01`, `academic_year between 2012/13 and 2013/14`: a period column other than
    /// `period` (which has its own predicate) compared with periods written out, by their
    /// months as `period` compares: equal when they cover the same months, before when
    /// one ends before the other starts. A split year such as `2013/14` is read as the
    /// column's kind of year. Nil when `left` is not such a column.
    func periodColumnMatch(_ left: Expression, _ values: [Expression], operation: ComparisonOperator,
                           upTo high: Expression? = nil) throws(Diagnostic) -> Narrowing? {
        guard case .name(let name) = left.kind, let column = Column.named(name), column != .field(.period),
              column.description.type == .period else { return nil }
        let read = compile(column, named: name.lowercased()).value
        var wanted: [Period] = []
        for value in values { wanted.append(try periodLiteral(value, for: column)) }
        if let high {
            // between: from the start of the first to the end of the second.
            let (low, last) = (wanted[0], try periodLiteral(high, for: column))
            return .rows { row in
                guard case .period(let have) = read(row) else { return false }
                return have.startMonth >= low.startMonth && have.endMonth <= last.endMonth
            }
        }
        let frozen = wanted
        return .rows { row in
            guard case .period(let have) = read(row) else { return false }
            if operation == .notEqual { return !frozen.contains { Self.holds(.equal, have, $0) } }
            return frozen.contains { Self.holds(operation, have, $0) }
        }
    }

    /// A period written beside a period column: `2013/14`, `"AY 2013/14"`, `2013`.
    private func periodLiteral(_ value: Expression, for column: Column) throws(Diagnostic) -> Period {
        let label: String
        switch value.kind {
        case .period(let text), .string(let text): label = text
        case .number: label = source.text(of: value.range)
        default:
            throw Diagnostic.error("'\(column.name)' holds periods: compare it with a period such as 2013/14, 2013-07 or 2013",
                                   at: value.range)
        }
        do {
            return try Period.parse(label, splitYears: column == .field(.academic_year) ? .academic : .financial)
        } catch {
            throw Diagnostic.error(error.message, at: value.range)
        }
    }

    /// Periods compared by their months.
    static func holds(_ operation: ComparisonOperator, _ have: Period, _ wanted: Period) -> Bool {
        switch operation {
        case .equal: have.startMonth == wanted.startMonth && have.length == wanted.length
        case .notEqual: !(have.startMonth == wanted.startMonth && have.length == wanted.length)
        case .less: have.endMonth < wanted.startMonth
        case .lessOrEqual: have.endMonth <= wanted.endMonth
        case .greater: have.startMonth > wanted.endMonth
        case .greaterOrEqual: have.startMonth >= wanted.startMonth
        }
    }
}
