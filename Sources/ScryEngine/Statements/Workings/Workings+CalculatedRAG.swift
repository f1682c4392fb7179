import ScryStore

extension Engine {
    /// `rag_calc`'s workings: the figures it compares at the displayed decimals (value,
    /// target, floor, denominator), the tolerance and what it allows, the polarity, and the
    /// rule that gave the rating, from the assessment the column reads.
    func calculatedRAGWorkings(_ row: Int, compiler: RowCompiler) -> ResultTable {
        let observations = store.observations
        let indicator = store.indicators[Int(observations.indicator[row])]
        let tolerance = settings.ragTolerance
        var table = ResultTable(columns: Self.workingsColumns + [.init("rag")])
        func add(_ cells: [Cell], _ rating: Cell = .empty) { table.rows.append(cells + [rating]) }
        add(localRow(row, "compared at \(indicator.decimals) decimal\(indicator.decimals == 1 ? "" : "s"), as shown"))
        add(workingsRow(Column.Field.target.rawValue, cellOf(observations.target[row], row: row), "the target set for the figure"))
        add(workingsRow(Column.Field.floor.rawValue, cellOf(observations.floor[row], row: row),
                        observations.floor[row].number == nil ? "none: amber and red are told apart by the tolerance" : "the least acceptable figure"))
        add(workingsRow(Column.Field.denominator.rawValue, RowCompiler.amountCell(observations.denominator[row]),
                        observations.denominator[row].number == nil ? "not given" : "no rating below 5"))
        add(workingsRow(Column.Field.polarity.rawValue, .empty, Self.describe(indicator.polarity)))
        guard let assessment = compiler.context.calculatedRAG(row) else {
            add(workingsRow(Column.Field.rag_calc.rawValue, "none: the figure is missing"))
            return table
        }
        let percent = Cell.number(tolerance, decimals: RowCompiler.decimalsWritten(tolerance), unit: .percent)
        add(workingsRow("rag_tolerance", percent, "of the target (.set rag_tolerance N)"))
        if let allowance = assessment.allowance {
            add(workingsRow("allowance", figureCell(allowance, of: row).withoutPercent, "the tolerance as a figure: rag_tolerance of the target"))
        }
        add(workingsRow("rule", Self.explain(assessment.rule)), assessment.rating.map(Cell.rag) ?? .empty)
        if let published = RAG(rawValue: observations.rag[row]), published != .none {
            add(workingsRow(Column.Field.rag.rawValue, "as published" + (published == assessment.rating ? ": the same" : ": they differ")), .rag(published))
        }
        return table
    }

    /// The rule, in words.
    static func explain(_ rule: CalculatedRAG.Rule) -> String {
        switch rule {
        case .noPolarity: "none: an activity indicator gets no rating"
        case .noTarget: "none: no target"
        case .smallDenominator: "none: the denominator is below 5"
        case .targetMet: "the target is met: green"
        case .floorMet: "short of the target, the floor met: amber"
        case .floorMissed: "short of the floor: red"
        case .shortWithinTolerance: "short of the target by no more than the allowance (no floor): amber"
        case .shortBeyondTolerance: "short of the target by more than the allowance (no floor): red"
        case .nearTarget: "within the allowance of the target, either side: green"
        case .withinTwiceTolerance: "beyond the allowance, within twice it: amber"
        case .beyondTwiceTolerance: "beyond twice the allowance: red"
        }
    }
}

private extension Cell {
    /// A figure in points rather than per cent: a gap or an allowance of a percentage.
    var withoutPercent: Cell {
        if case .number(let value, let decimals, let unit) = self, unit == .percent { return .number(value, decimals: decimals, unit: nil) }
        return self
    }
}
