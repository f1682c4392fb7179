import ScryLanguage
import ScryStore
import ScrySpelling

/// A value of one row, as an expression yields it.
enum RowValue: Equatable {
    case number(Double)
    case missing(CellState)
    case text(String)
    case period(Period)
    case rag(RAG)
    case direction(Direction?)

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// An expression compiled against the store: a function from a row to its value, and to
/// the cell shown for it.
struct RowExpression {
    var name: String
    var isNumeric: Bool
    var column: Column?
    var value: (Int) -> RowValue
    var cell: (Int) -> Cell
}

/// Turns expressions and conditions into functions of a row, resolving every name
/// against the store and reporting unknown ones at their place with a suggestion.
struct RowCompiler {
    let context: QueryContext
    var store: Store { context.store }
    let source: SourceFile

    func compile(_ expression: Expression) throws(Diagnostic) -> RowExpression {
        switch expression.kind {
        case .number(let number):
            return RowExpression(name: source.text(of: expression.range), isNumeric: true, column: nil,
                                 value: { _ in .number(number) },
                                 cell: { _ in .number(number, decimals: Self.decimalsWritten(number), unit: nil) })
        case .string(let text):
            return RowExpression(name: text, isNumeric: false, column: nil, value: { _ in .text(text) }, cell: { _ in .text(text) })
        case .name(let text):
            if let column = Column.named(text) { return compile(column, named: text.lowercased()) }
            throw Diagnostic.error("unknown column '\(text)'", at: expression.range,
                                   suggestion: Spelling.didYouMean(text, among: Column.allNames)
                                       ?? "nearest columns: " + Spelling.closest(4, to: text, among: Column.allNames).joined(separator: ", ") + " (.help columns lists them all)")
        case .period(let label):
            throw Diagnostic.error("a period such as '\(label)' can only be compared with the period column: write period = \(label)",
                                   at: expression.range)
        case .negate(let operand):
            let inner = try numeric(operand)
            let value: (Int) -> RowValue = { row in inner.value(row).number.map { .number(-$0) } ?? inner.value(row) }
            return RowExpression(name: source.text(of: expression.range), isNumeric: true, column: nil,
                                 value: value, cell: { row in Self.numberCell(value(row), like: inner.cell(row)) })
        case .binary(let operation, let leftExpression, let rightExpression):
            let left = try numeric(leftExpression), right = try numeric(rightExpression)
            let apply: (Double, Double) -> Double? = switch operation {
            case .add: { $0 + $1 }
            case .subtract: { $0 - $1 }
            case .multiply: { $0 * $1 }
            case .divide: { $1 == 0 ? nil : $0 / $1 }
            }
            // A suppressed operand keeps its symbol through the arithmetic (`value + 0` of a
            // `c` is `c`, never a blank that hides why), the left one's first.
            let value: (Int) -> RowValue = { row in
                let a = left.value(row), b = right.value(row)
                guard let x = a.number else { return Self.missing(a) }
                guard let y = b.number else { return Self.missing(b) }
                return apply(x, y).map { .number($0) } ?? .missing(.blank)
            }
            return RowExpression(name: source.text(of: expression.range), isNumeric: true, column: nil, value: value,
                                 cell: { row in Self.numberCell(value(row), like: left.cell(row)) })
        case .aggregate:
            throw Diagnostic.error("an aggregation belongs in an aggregate statement, such as avg(value) by district",
                                   at: expression.range)
        case .parameter(let name):
            // `runTimed` refuses a statement with a parameter left in it before this.
            throw Diagnostic.error("parameter ':\(name)' is not set", at: expression.range)
        }
    }

    func numeric(_ expression: Expression) throws(Diagnostic) -> RowExpression {
        let compiled = try compile(expression)
        guard compiled.isNumeric else {
            throw Diagnostic.error("'\(source.text(of: expression.range))' is not a number: arithmetic and '<' need numeric columns such as value, target or previous",
                                   at: expression.range)
        }
        return compiled
    }

    /// A value that is no number, as a missing value: its own symbol when it has one.
    static func missing(_ value: RowValue) -> RowValue {
        if case .missing = value { return value }
        return .missing(.blank)
    }

    /// A number shown with the decimals of the cell it was computed from; a missing value
    /// with its symbol.
    static func numberCell(_ result: RowValue, like template: Cell) -> Cell {
        if case .missing(let state) = result { return .missing(state) }
        guard let value = result.number else { return .missing(.blank) }
        if case .number(_, let decimals, let unit) = template { return .number(value, decimals: decimals, unit: unit == .percent ? nil : unit) }
        return .number(value, decimals: decimalsWritten(value), unit: nil)
    }

    /// A count or a plain number as loaded (a numerator, a denominator): whole, or with the
    /// decimals written; a symbol as published.
    static func amountCell(_ cell: NumericCell) -> Cell {
        guard cell.state == .present else { return cell.state == .blank ? .empty : .missing(cell.state) }
        if cell.value.rounded() == cell.value, cell.value.magnitude < 1e15 { return .count(Int(cell.value)) }
        return .number(cell.value, decimals: decimalsWritten(cell.value), unit: nil)
    }

    static func decimalsWritten(_ value: Double) -> Int {
        var decimals = 0
        var scaled = value
        while decimals < 6, scaled.rounded() != scaled { scaled *= 10; decimals += 1 }
        return decimals
    }

    /// A column's expression, named as written (`gap`) or by the column's own name.
    func compile(_ column: Column, named name: String? = nil) -> RowExpression {
        switch column {
        case .field(let field): compile(field, named: name ?? field.rawValue)
        case .comparison(let comparator, let part): comparison(comparator, part, named: name ?? column.name, column: column)
        }
    }

    /// A field's expression: one case per field of the catalog, and no other way in.
    func compile(_ field: Column.Field, named name: String? = nil) -> RowExpression {
        let name = name ?? field.rawValue
        let column = Column.field(field)
        let observations = store.observations
        let store = self.store
        let context = self.context
        func indicator(_ row: Int) -> Indicator { store.indicators[Int(observations.indicator[row])] }
        func text(_ read: @escaping (Int) -> String) -> RowExpression {
            RowExpression(name: name, isNumeric: false, column: column, value: { .text(read($0)) }, cell: { .text(read($0)) })
        }
        func figure(_ read: @escaping (Int) -> NumericCell?) -> RowExpression {
            RowExpression(name: name, isNumeric: true, column: column,
                          value: { row in
                              guard let cell = read(row) else { return .missing(.blank) }
                              return cell.state == .present ? .number(cell.value) : .missing(cell.state)
                          },
                          cell: { row in
                              guard let cell = read(row) else { return .empty }
                              guard cell.state == .present else { return cell.state == .blank ? .empty : .missing(cell.state) }
                              let meta = indicator(row)
                              return .number(cell.value, decimals: meta.decimals, unit: meta.unit)
                          })
        }
        func whole(_ read: @escaping (Int) -> Int?) -> RowExpression {
            RowExpression(name: name, isNumeric: true, column: column,
                          value: { row in read(row).map { .number(Double($0)) } ?? .missing(.blank) },
                          cell: { row in read(row).map { .count($0) } ?? .empty })
        }
        func amount(_ read: @escaping (Int) -> NumericCell) -> RowExpression {
            RowExpression(name: name, isNumeric: true, column: column,
                          value: { row in let cell = read(row); return cell.state == .present ? .number(cell.value) : .missing(cell.state) },
                          cell: { Self.amountCell(read($0)) })
        }
        switch field {
        case .dataset: return text { store.datasets[indicator($0).dataset].name }
        case .code: return text { indicator($0).code }
        case .name: return text { indicator($0).name }
        case .theme: return text { indicator($0).theme }
        case .polarity: return text { indicator($0).polarity.code }
        case .period_type: return text { indicator($0).periodType.code }
        case .unit: return text { indicator($0).unit.code }
        case .decimals:
            return RowExpression(name: name, isNumeric: true, column: column,
                                 value: { .number(Double(indicator($0).decimals)) }, cell: { .count(indicator($0).decimals) })
        case .area: return text { store.areas[Int(observations.area[$0])].name }
        case .area_type: return text { store.areas[Int(observations.area[$0])].type.code }
        case .area_region:
            // The region above the area (an authority's, a district's): the groups that
            // `sum(value) by area_region` adds authorities' figures up to.
            return text { row in store.ancestor(of: Int(observations.area[row]), ofType: .region).map { store.areas[$0].name } ?? "" }
        case .note: return text { observations.note[$0] ?? "" }
        case .commentary:
            // What the scorecard says about the figure ("what we are doing about it"),
            // matched by indicator, area and period; several entries in file order.
            var byFigure: [UInt64: String] = [:]
            for entry in store.commentary {
                let key = observationKey(indicator: entry.indicator, area: entry.area, period: entry.period)
                byFigure[key] = byFigure[key].map { $0 + " " + entry.text } ?? entry.text
            }
            return text { row in
                byFigure.isEmpty ? "" : byFigure[observationKey(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]),
                                                                period: observations.period[row])] ?? ""
            }
        case .period:
            return RowExpression(name: name, isNumeric: false, column: column,
                                 value: { .period(Period(raw: observations.period[$0])) },
                                 cell: { .period(Period(raw: observations.period[$0])) })
        case .financial_year: return period(name, column) { Period(raw: observations.period[$0]).financialYearOfEnd }
        case .academic_year: return period(name, column) { Period(raw: observations.period[$0]).academicYearOfEnd }
        case .calendar_year: return period(name, column) { Period(raw: observations.period[$0]).calendarYearOfEnd }
        case .value: return figure { observations.value[$0] }
        case .target: return figure { observations.target[$0] }
        case .floor: return figure { observations.floor[$0] }
        case .numerator: return amount { observations.numerator[$0] }
        case .denominator: return amount { observations.denominator[$0] }
        case .rag:
            return RowExpression(name: name, isNumeric: false, column: column,
                                 value: { .rag(RAG(rawValue: observations.rag[$0]) ?? .none) },
                                 cell: { row in let rag = RAG(rawValue: observations.rag[row]) ?? .none; return rag == .none ? .empty : .rag(rag) })
        case .previous: return figure { context.lookups.previousRow($0).map { observations.value[$0] } }
        case .previous_period: return period(name, column) { context.lookups.previousRow($0).map { Period(raw: observations.period[$0]) } }
        case .dot: return direction(name, column, from: { context.lookups.previousRow($0) })
        case .year_ago: return figure { context.lookups.yearAgoRow($0).map { observations.value[$0] } }
        case .year_ago_period: return period(name, column) { context.lookups.yearAgoRow($0).map { Period(raw: observations.period[$0]) } }
        case .dot_year: return direction(name, column, from: { context.lookups.yearAgoRow($0) })
        case .rag_calc:
            let rating: (Int) -> RAG? = { context.calculatedRAG($0)?.rating }
            return RowExpression(name: name, isNumeric: false, column: column, value: { .rag(rating($0) ?? .none) },
                                 cell: { row in rating(row).map { .rag($0) } ?? .empty })
        case .england: return figure { context.figure(.england, row: $0)?.value }
        case .england_period: return period(name, column) { context.figure(.england, row: $0)?.period }
        case .region_value: return figure { context.figure(.region, row: $0)?.value }
        case .region_period: return period(name, column) { context.figure(.region, row: $0)?.period }
        case .neighbours_mean: return figure { context.figure(.neighbours, row: $0)?.value }
        case .neighbours_median: return figure { context.figure(.neighbours, row: $0)?.median.map { NumericCell(value: $0) } }
        case .neighbours_period: return period(name, column) { context.figure(.neighbours, row: $0)?.period }
        case .neighbours_count: return whole { context.figure(.neighbours, row: $0)?.count }
        case .neighbours_size: return whole { context.figure(.neighbours, row: $0)?.groupSize }
        case .national_rank: return whole { context.standing($0).rank }
        case .ranked_of: return whole { context.standing($0).rankedOf }
        case .quartile_q1: return figure { context.standing($0).quartiles.map { NumericCell(value: $0.q1) } }
        case .quartile_median: return figure { context.standing($0).quartiles.map { NumericCell(value: $0.median) } }
        case .quartile_q3: return figure { context.standing($0).quartiles.map { NumericCell(value: $0.q3) } }
        case .ci95_lower: return figure { interval($0, .ninetyFive).map { NumericCell(value: $0.lower) } }
        case .ci95_upper: return figure { interval($0, .ninetyFive).map { NumericCell(value: $0.upper) } }
        case .ci998_lower: return figure { interval($0, .ninetyNinePointEight).map { NumericCell(value: $0.lower) } }
        case .ci998_upper: return figure { interval($0, .ninetyNinePointEight).map { NumericCell(value: $0.upper) } }
        case .recent_trend: return text { recentTrend($0).direction.rawValue }
        case .recent_trend_verdict: return text { RecentTrend.verdict(recentTrend($0).direction, polarity: indicator($0).polarity) }
        case .recent_trend_reason: return text { recentTrend($0).reason }
        case .funnel_centre: return figure { funnelCentre($0).map { NumericCell(value: $0) } }
        case .funnel95_lower: return figure { funnelLimits($0, .ninetyFive).map { NumericCell(value: $0.lower) } }
        case .funnel95_upper: return figure { funnelLimits($0, .ninetyFive).map { NumericCell(value: $0.upper) } }
        case .funnel998_lower: return figure { funnelLimits($0, .ninetyNinePointEight).map { NumericCell(value: $0.lower) } }
        case .funnel998_upper: return figure { funnelLimits($0, .ninetyNinePointEight).map { NumericCell(value: $0.upper) } }
        case .funnel95_position: return text { funnelPosition($0, .ninetyFive)?.rawValue ?? "" }
        case .funnel998_position: return text { funnelPosition($0, .ninetyNinePointEight)?.rawValue ?? "" }
        case .quartile:
            return RowExpression(name: name, isNumeric: false, column: column,
                                 value: { row in .text(context.standing(row).band?.rawValue ?? "") },
                                 cell: { row in context.standing(row).band.map { .text($0.rawValue) } ?? .empty })
        }
    }

    /// A period column, empty where there is none.
    private func period(_ name: String, _ column: Column, _ read: @escaping (Int) -> Period?) -> RowExpression {
        RowExpression(name: name, isNumeric: false, column: column,
                      value: { row in read(row).map { .period($0) } ?? .missing(.blank) },
                      cell: { row in read(row).map { .period($0) } ?? .empty })
    }

    /// Direction of travel from the observation at `before(row)` to the one at `row`.
    private func direction(_ name: String, _ column: Column, from before: @escaping (Int) -> Int?) -> RowExpression {
        let observations = store.observations
        let store = self.store
        let direction: (Int) -> Direction? = { row in
            guard let earlier = before(row), let now = observations.value[row].number,
                  let then = observations.value[earlier].number else { return nil }
            let meta = store.indicators[Int(observations.indicator[row])]
            let target = observations.target[row].number ?? observations.target[earlier].number
            return DirectionOfTravel.direction(from: then, to: now, polarity: meta.polarity, target: target, decimals: meta.decimals)
        }
        return RowExpression(name: name, isNumeric: false, column: column, value: { .direction(direction($0)) },
                             cell: { row in direction(row).map { .direction($0) } ?? .empty })
    }

    /// The gap (local − comparator, in points for percentages), the verdict by polarity or
    /// the Wilson 95% significance verdict of a local figure against a comparator.
    func comparison(_ comparator: Comparator, _ part: Column.ComparisonPart, named name: String, column: Column? = nil) -> RowExpression {
        let observations = store.observations
        let store = self.store
        let context = self.context
        func pair(_ row: Int) -> (ours: Double, theirs: Double, indicator: Indicator)? {
            guard let ours = observations.value[row].number, let theirs = context.figure(comparator, row: row)?.value.number else { return nil }
            return (ours, theirs, store.indicators[Int(observations.indicator[row])])
        }
        switch part {
        case .gap:
            return RowExpression(name: name, isNumeric: true, column: column,
                                 value: { row in pair(row).map { .number($0.ours - $0.theirs) } ?? .missing(.blank) },
                                 cell: { row in
                                     guard let (ours, theirs, meta) = pair(row) else { return .empty }
                                     return .number(ours - theirs, decimals: meta.decimals, unit: meta.unit == .percent ? nil : meta.unit)
                                 })
        case .worse_by:
            // The gap signed by polarity: positive when the local figure is worse.
            let worse: (Int) -> Double? = { row in
                guard let (ours, theirs, meta) = pair(row), meta.polarity == .high || meta.polarity == .low else { return nil }
                return meta.polarity == .high ? theirs - ours : ours - theirs
            }
            return RowExpression(name: name, isNumeric: true, column: column,
                                 value: { row in worse(row).map { .number($0) } ?? .missing(.blank) },
                                 cell: { row in
                                     guard let amount = worse(row) else { return .empty }
                                     let meta = store.indicators[Int(observations.indicator[row])]
                                     return .number(amount, decimals: meta.decimals, unit: meta.unit == .percent ? nil : meta.unit)
                                 })
        case .verdict:
            let verdict: (Int) -> Verdict? = { row in
                pair(row).flatMap { Verdict.judge($0.ours, against: $0.theirs, polarity: $0.indicator.polarity, decimals: $0.indicator.decimals) }
            }
            return RowExpression(name: name, isNumeric: false, column: column,
                                 value: { .text(verdict($0)?.rawValue ?? "") }, cell: { row in verdict(row).map { .text($0.rawValue) } ?? .empty })
        case .ci_verdict, .ci95_verdict, .ci998_verdict:
            let level: ConfidenceLimits.Level = part == .ci95_verdict ? .ninetyFive : part == .ci998_verdict ? .ninetyNinePointEight
                : context.settings.ciLevel
            let judged: (Int) -> IntervalVerdict? = { row in
                guard let theirs = context.figure(comparator, row: row)?.value.number, observations.value[row].number != nil,
                      let interval = self.interval(row, level) else { return nil }
                return IntervalVerdict.judge(interval, against: theirs, polarity: store.indicators[Int(observations.indicator[row])].polarity)
            }
            return RowExpression(name: name, isNumeric: false, column: column,
                                 value: { .text(judged($0)?.rawValue ?? "") }, cell: { row in judged(row).map { .text($0.rawValue) } ?? .empty })
        case .significance:
            let judged: (Int) -> Significance.Verdict? = { row in
                guard let (_, theirs, meta) = pair(row), meta.unit == .percent,
                      let top = observations.numerator[row].number, let bottom = observations.denominator[row].number else { return nil }
                return Significance.verdict(successes: top, trials: bottom, comparator: theirs / 100)
            }
            return RowExpression(name: name, isNumeric: false, column: column,
                                 value: { .text(judged($0)?.rawValue ?? "") }, cell: { row in judged(row).map { .text($0.rawValue) } ?? .empty })
        }
    }
}
