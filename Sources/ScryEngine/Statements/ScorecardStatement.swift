import ScryLanguage
import ScryStore

extension Engine {
    /// `scorecard for Kent in 2012-07` → an authority's scorecard for one period, laid out as
    /// the monthly documents in the seeds are: a section for each theme, in the order the
    /// data gives them, with a row for each indicator (polarity, period type, result,
    /// numerator and denominator, RAG as published and the calculated one where none is,
    /// target and floor, previous result and direction of travel, a year ago, England and
    /// the neighbours with their own periods) and a series of its last periods to draw; the
    /// commentary of the indicators that have it under them; then a summary section with
    /// the RAG counts and the directions of travel (seed 004: "19 indicators rated as
    /// Green, 17 … Amber and 9 … Red"; "27 indicators have shown an improvement, 1 … the
    /// same and 17 … a reduction"). Columns with nothing in them are left out.
    func run(_ scorecard: Scorecard, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        guard let area = compiler.resolveArea(scorecard.area.text) else {
            throw compiler.unknownArea(scorecard.area.text, at: scorecard.area.range)
        }
        let period = try compiler.narrowing(PeriodPredicate.compare(.equal, scorecard.period ?? PeriodValue(.latest, scorecard.area.range)))
        var selection = try select(scorecard.filter, also: [.areas(Narrowing.members([area], of: store.areas.count)), period],
                                   compiler: compiler)
        let observations = store.observations
        var notes: [Note] = []
        // One scorecard: where the area is in several datasets, the one with the latest figure.
        let datasets = Set(selection.map { store.indicators[Int(observations.indicator[$0])].dataset })
        if datasets.count > 1 {
            let latest = selection.max { Period(raw: observations.period[$0]).endMonth < Period(raw: observations.period[$1]).endMonth }!
            let chosen = store.indicators[Int(observations.indicator[latest])].dataset
            selection.removeAll { store.indicators[Int(observations.indicator[$0])].dataset != chosen }
            notes.append(Note("note: \(store.areas[area].name) is in \(datasets.count) datasets: this is \(store.datasets[chosen].name)'s "
                              + "scorecard, the latest (where dataset = … picks another)"))
        }
        selection.sort { (observations.indicator[$0], observations.period[$0]) < (observations.indicator[$1], observations.period[$1]) }
        let layout = ScorecardLayout(compiler: compiler)
        compiler.context.startTallying()
        var table = ResultTable(columns: [])
        var themes: [String: Int] = [:]
        var rowsByTheme: [[Int]] = []
        for row in selection {
            let theme = store.indicators[Int(observations.indicator[row])].theme
            if themes[theme] == nil {
                themes[theme] = rowsByTheme.count
                rowsByTheme.append([])
            }
            rowsByTheme[themes[theme]!].append(row)
        }
        let shown = layout.shownColumns(selection)
        for rows in rowsByTheme {
            try compiler.context.checkInterruption()
            table.sections.append(try layout.section(rows, columns: shown))
        }
        if !selection.isEmpty { table.sections.append(layout.summary(selection)) }
        table.notes = notes + compiler.context.tallyNotes
        if selection.isEmpty { table.notes.append("note: \(store.areas[area].name) has no figure for that period that matches") }
        return table
    }
}

/// Lays out a scorecard's sections.
struct ScorecardLayout {
    let compiler: RowCompiler

    private var store: Store { compiler.store }

    /// The columns of an indicator's row, in the documents' order.
    static let columns: [Column.Field] = [.code, .name, .polarity, .period_type, .period, .value, .numerator, .denominator,
                                          .rag, .rag_calc, .target, .floor, .previous, .dot, .year_ago,
                                          .england, .england_period, .neighbours_mean, .neighbours_period]

    /// How many periods an indicator's series holds.
    static let seriesLength = 6

    /// The columns with something in them for some row (code, name and the value always);
    /// the period only where the rows' periods differ, as the headings say it otherwise.
    func shownColumns(_ rows: [Int]) -> [Column.Field] {
        let observations = store.observations
        let onePeriod = Set(rows.map { observations.period[$0] }).count <= 1
        return Self.columns.filter { field in
            if [.code, .name, .value].contains(field) { return true }
            if field == .period, onePeriod { return false }
            let compiled = cell(field)
            return rows.contains { compiled($0) != .empty && compiled($0) != .text("") }
        }
    }

    /// A field's cell for a row; `rag_calc` only where no RAG is published.
    private func cell(_ field: Column.Field) -> (Int) -> Cell {
        let compiled = compiler.compile(field)
        guard field == .rag_calc else { return compiled.cell }
        let published = compiler.compile(Column.Field.rag)
        return { row in
            if case .rag(let rating) = published.cell(row), rating != .none { return .empty }
            return compiled.cell(row)
        }
    }

    func section(_ rows: [Int], columns: [Column.Field]) throws(Diagnostic) -> ResultSection {
        let observations = store.observations
        let first = rows[0]
        let indicator = store.indicators[Int(observations.indicator[first])]
        let cells = columns.map(cell)
        var table = ResultTable(columns: columns.map { ResultTable.Column($0.rawValue, numeric: Column.field($0).isNumeric) })
        table.rows = rows.map { row in cells.map { $0(row) } }
        table.series = rows.map { row in
            .init(label: store.indicators[Int(observations.indicator[row])].code, values: history(of: row))
        }
        var parts = [ResultSection.Part("indicators", table)]
        let commentary = compiler.compile(Column.Field.commentary)
        let remarks = rows.compactMap { row -> [Cell]? in
            let remark = commentary.cell(row)
            return remark == .empty || remark == .text("") ? nil : [.text(store.indicators[Int(observations.indicator[row])].code), remark]
        }
        if !remarks.isEmpty {
            var notes = ResultTable(columns: [.init("code"), .init("commentary")])
            notes.rows = remarks
            parts.append(.init("commentary", notes))
        }
        let theme = indicator.theme.isEmpty ? "Indicators" : indicator.theme
        var fields: [ResultSection.Field] = [.init("title", .text(theme)), .init("area", .text(store.areas[Int(observations.area[first])].name))]
        if !columns.contains(.period) { fields.append(.init("period", .period(Period(raw: observations.period[first])))) }
        fields.append(.init("dataset", .text(store.datasets[indicator.dataset].name)))
        return ResultSection(fields: fields, parts: parts)
    }

    /// The figures of the row's indicator and area for the periods of its kind up to its
    /// own, the last `seriesLength` of them, oldest first.
    private func history(of row: Int) -> [Double?] {
        let observations = store.observations
        let period = Period(raw: observations.period[row])
        var rows = compiler.context.lookups.rows(indicator: Int(observations.indicator[row]), area: Int(observations.area[row]),
                                                  endingBy: period.endMonth)
        // Already by end month, which for one kind of period is their order.
        rows = rows.filter { Period(raw: observations.period[$0]).kind == period.kind }
        return rows.suffix(Self.seriesLength).map { observations.value[$0].number }
    }

    /// The RAG counts (published, else calculated) and the directions of travel.
    func summary(_ rows: [Int]) -> ResultSection {
        let rag = cell(.rag), calculated = cell(.rag_calc), direction = compiler.compile(Column.Field.dot)
        var ratings: [RAG: (published: Int, calculated: Int)] = [:]
        var directions: [Direction: Int] = [:]
        for row in rows {
            if case .rag(let rating) = rag(row), rating != .none {
                ratings[rating, default: (0, 0)].published += 1
            } else if case .rag(let rating) = calculated(row), rating != .none {
                ratings[rating, default: (0, 0)].calculated += 1
            }
            if case .direction(let travel) = direction.cell(row) { directions[travel, default: 0] += 1 }
        }
        var counts = ResultTable(columns: [.init("rag"), .init("published", numeric: true), .init("calculated", numeric: true)])
        counts.rows = [RAG.green, .amber, .red].map { [.rag($0), .count(ratings[$0]?.published ?? 0), .count(ratings[$0]?.calculated ?? 0)] }
        var travel = ResultTable(columns: [.init("dot"), .init("indicators", numeric: true)])
        travel.rows = Direction.allCases.map { [.direction($0), .count(directions[$0] ?? 0)] }
        let observations = store.observations
        return ResultSection(fields: [.init("title", .text("Summary")), .init("area", .text(store.areas[Int(observations.area[rows[0]])].name))],
                             parts: [.init("ratings", counts), .init("directions", travel)])
    }
}
