import ScryLanguage
import ScryStore
import ScrySpelling

extension Engine {
    /// `chart SCS02 for Kent with england` → a line chart: each area's figures over time as
    /// `trend` selects them, the first area's comparators as `compare` finds them (the
    /// comparator columns themselves), and its target and floor. `chart CS3 by districts in
    /// 2017-12 highlight EAST` → a bar chart of one level's areas for one period, best first
    /// by LAIT's ranking rules, with England's figure and the target as reference lines.
    /// The result carries typed figures alone; the shell draws them.
    func run(_ chart: Chart, compiler: RowCompiler) throws(Diagnostic) -> ResultTable {
        let indicatorIndex = try compiler.singleIndicator(chart.indicator)
        var table = ResultTable(columns: [])
        switch chart.layout {
        case .overTime(let areas, let comparators, let from, let to):
            table.chart = try lineChart(chart, indicator: indicatorIndex, areas: areas, comparators: comparators, from: from, to: to,
                                        compiler: compiler, notes: &table.notes)
        case .byArea(let level, let period, let highlight):
            table.chart = try barChart(chart, indicator: indicatorIndex, level: level, period: period, highlight: highlight,
                                       compiler: compiler, notes: &table.notes)
        }
        return table
    }

    private func lineChart(_ chart: Chart, indicator: Int, areas named: [NameReference], comparators references: [NameReference],
                           from: PeriodValue?, to: PeriodValue?, compiler: RowCompiler, notes: inout [Note]) throws(Diagnostic) -> ResultTable.Chart {
        var comparators: [Comparator] = []
        for reference in references {
            let comparator = try Comparator.named(reference)
            guard [.england, .region, .neighbours].contains(comparator) else {
                throw Diagnostic.error("a chart draws england, region or neighbours beside an area, not '\(reference.text)'", at: reference.range,
                                       suggestion: comparator == .target ? "the target is drawn whenever the indicator has one" : nil)
            }
            if !comparators.contains(comparator) { comparators.append(comparator) }
        }
        let place = try compiler.places(of: named)
        var conditions: [Narrowing] = [.indicators(Narrowing.members([indicator], of: store.indicators.count))]
        if !place.isEmpty { conditions.append(.areas(Narrowing.members(Array(place.keys), of: store.areas.count))) }
        if let from, let to { conditions.append(try compiler.narrowing(PeriodPredicate.range(from, to))) }
        var selection = try select(chart.filter, also: conditions, compiler: compiler)
        try compiler.context.checkInterruption()
        let observations = store.observations
        // Without areas named, the local figures (authorities and districts), as compare takes.
        if place.isEmpty {
            let local = selection.filter { [.authority, .district].contains(store.areas[Int(observations.area[$0])].type) }
            if !local.isEmpty { selection = local }
        }
        var order: [Int] = []
        for row in selection {
            let area = Int(observations.area[row])
            if !order.contains(area) { order.append(area) }
        }
        order.sort { (place[$0] ?? Int.max, $0) < (place[$1] ?? Int.max, $1) }
        let lines = order.count + (order.isEmpty ? 0 : comparators.count)
        guard lines <= ResultTable.Chart.maximumSeries else {
            throw Diagnostic.error("a chart draws at most \(ResultTable.Chart.maximumSeries) lines, and this one would draw \(lines) "
                                   + "(\(order.count) area\(order.count == 1 ? "" : "s") and \(comparators.count) comparator\(comparators.count == 1 ? "" : "s"))",
                                   at: chart.indicator.range, suggestion: place.isEmpty ? "name the areas to draw: chart \(chart.indicator.text) for AREA, …" : nil)
        }
        // The x axis: every period any area has, oldest first.
        let periods = Set(selection.map { observations.period[$0] }).map { Period(raw: $0) }
            .sorted { ($0.endMonth, $0.length) < ($1.endMonth, $1.length) }
        let column = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        let meta = store.indicators[indicator]
        var result = ResultTable.Chart(kind: .line, code: meta.code, name: meta.name, unit: meta.unit, decimals: meta.decimals,
                                       polarity: meta.polarity, periods: periods)
        var rowsByArea: [Int: [Int?]] = [:]
        for row in selection {
            let area = Int(observations.area[row])
            rowsByArea[area, default: Array(repeating: nil, count: periods.count)][column[Period(raw: observations.period[row])]!] = row
        }
        var gaps = 0
        for area in order {
            let rows = rowsByArea[area]!
            gaps += rows.filter { $0.map { observations.value[$0].state != .present } ?? false }.count
            result.series.append(.init(label: store.areas[area].name, role: .area, values: rows.map { $0.flatMap { observations.value[$0].number } }))
        }
        if let first = order.first {
            let rows = rowsByArea[first]!
            compiler.context.startTallying()
            for comparator in comparators {
                try compiler.context.checkInterruption()
                let figure = compiler.compile(comparator.fields.value)
                let values = rows.map { $0.flatMap { figure.value($0).number } }
                // The region by its name (London standing in for its sub-region as compare takes it).
                let region = comparator == .region ? compiler.context.lookups.comparisonRegion(of: first, indicator: indicator) : nil
                let label = comparator == .england ? "England" : region.map { store.areas[$0].name } ?? comparator.rawValue
                result.series.append(.init(label: label, role: .comparator, values: values))
            }
            notes += compiler.context.tallyNotes
            for (role, label, read) in [(ResultTable.Chart.Role.target, "target", observations.target), (.floor, "floor", observations.floor)] {
                let values = rows.map { $0.flatMap { read[$0].number } }
                if values.contains(where: { $0 != nil }) { result.series.append(.init(label: label, role: role, values: values)) }
            }
        }
        if gaps > 0 { notes.append("note: \(gaps) figure\(gaps == 1 ? " is" : "s are") missing or suppressed, drawn as gaps") }
        if selection.isEmpty { notes.append("note: no observations of \(chart.indicator.text) match: nothing to draw") }
        return result
    }

    private func barChart(_ chart: Chart, indicator: Int, level reference: NameReference, period: PeriodValue?, highlight: NameReference?,
                          compiler: RowCompiler, notes: inout [Note]) throws(Diagnostic) -> ResultTable.Chart {
        guard let level = Column.areaLevels[reference.text.lowercased()], level != .national else {
            throw Diagnostic.error("cannot chart '\(reference.text)': chart by authorities, districts or regions", at: reference.range,
                                   suggestion: Spelling.didYouMean(reference.text, among: ["authorities", "districts", "regions"]))
        }
        let meta = store.indicators[indicator]
        let observations = store.observations
        let own: [Narrowing] = [.indicators(Narrowing.members([indicator], of: store.indicators.count)),
                                .areas(store.areas.map { $0.type == level }),
                                try compiler.narrowing(PeriodPredicate.compare(.equal, period ?? PeriodValue(.latest, chart.indicator.range)))]
        var selection = try select(chart.filter, also: own, compiler: compiler)
        try compiler.context.checkInterruption()
        let values = selection.map { observations.value[$0].number }
        // Best first by LAIT's ranks where the polarity gives them; by value otherwise.
        let ranked = meta.polarity == .high || meta.polarity == .low
        let ranks = ranked ? Ranking.ranks(values, polarity: meta.polarity) : values.map { _ in nil }
        let names = selection.map { store.areas[Int(observations.area[$0])].name }
        let order = selection.indices.sorted { a, b in
            let left = ranked ? ranks[a].map(Double.init) : values[a].map { -$0 }
            let right = ranked ? ranks[b].map(Double.init) : values[b].map { -$0 }
            switch (left, right) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return names[a].lowercased() < names[b].lowercased()
            }
        }
        selection = order.map { selection[$0] }
        let periods = Set(selection.map { observations.period[$0] }).map { Period(raw: $0) }
            .sorted { ($0.endMonth, $0.length) < ($1.endMonth, $1.length) }
        var result = ResultTable.Chart(kind: .bar, code: meta.code, name: meta.name, unit: meta.unit, decimals: meta.decimals,
                                       polarity: meta.polarity, periods: periods)
        result.categories = order.map { names[$0] }
        result.series = [.init(label: meta.code, role: .area, values: order.map { values[$0] })]
        if let highlight {
            guard let area = compiler.resolveArea(highlight.text) else { throw compiler.unknownArea(highlight.text, at: highlight.range) }
            guard let index = selection.firstIndex(where: { Int(observations.area[$0]) == area }) else {
                throw Diagnostic.error("'\(store.areas[area].name)' is not among the \(reference.text.lowercased()) charted", at: highlight.range,
                                       suggestion: Spelling.didYouMean(highlight.text, among: result.categories))
            }
            result.highlight = index
        }
        // England, as compare finds it for these figures (one period: the first figure's).
        compiler.context.startTallying()
        let england = compiler.compile(Comparator.england.fields.value), englandPeriod = compiler.compile(Comparator.england.fields.period)
        if let row = selection.first(where: { england.value($0).number != nil }), let value = england.value(row).number {
            let period: Period? = if case .period(let period) = englandPeriod.value(row), !periods.contains(period) { period } else { nil }
            result.references.append(.init(label: "England", role: .comparator, value: value, period: period))
        }
        notes += compiler.context.tallyNotes
        if let (value, owner) = barTarget(selection, lookups: compiler.context.lookups) {
            result.references.append(.init(label: owner.map { "target (\($0))" } ?? "target", role: .target, value: value))
        }
        if !ranked, !selection.isEmpty {
            notes.append("note: \(meta.code) has \(meta.polarity == .none ? "no polarity" : "T polarity"), so no area is best: bars are in order of value, highest first")
        }
        let gaps = values.filter { $0 == nil }.count
        if gaps > 0 { notes.append("note: \(gaps) area\(gaps == 1 ? " has" : "s have") no figure, drawn as \(gaps == 1 ? "a gap" : "gaps")") }
        if selection.isEmpty { notes.append("note: no \(level) has a figure for \(meta.code) in that period: nothing to draw") }
        return result
    }

    /// The target the bars share: theirs when they all have the same one, else that of the
    /// area they all lie in for the same period (a city's target beside its districts),
    /// with that area's name.
    private func barTarget(_ rows: [Int], lookups: StoreLookups) -> (Double, String?)? {
        let observations = store.observations
        let targets = Set(rows.compactMap { observations.target[$0].number })
        if targets.count == 1 { return (targets.first!, nil) }
        guard targets.isEmpty, let first = rows.first else { return nil }
        let parents = Set(rows.map { store.areas[Int(observations.area[$0])].parent })
        guard parents.count == 1, let parent = parents.first ?? nil else { return nil }
        let period = Period(raw: observations.period[first])
        guard let row = lookups.exact(indicator: Int(observations.indicator[first]), area: parent, kind: period.kind, endMonth: period.endMonth),
              let value = observations.target[row].number else { return nil }
        return (value, store.areas[parent].name)
    }
}

extension RowCompiler {
    /// The one indicator `reference` names, or an error at it: unknown, or a code several
    /// datasets use.
    func singleIndicator(_ reference: NameReference) throws(Diagnostic) -> Int {
        let indicators = resolveIndicators(reference.text)
        guard !indicators.isEmpty else { throw unknownIndicator(reference.text, at: reference.range) }
        guard indicators.count == 1, let indicator = indicators.first else {
            let datasets = indicators.map { store.datasets[store.indicators[$0].dataset].name }
            throw Diagnostic.error("'\(reference.text)' is an indicator of several datasets (\(datasets.joined(separator: ", "))): add where dataset = \"…\"",
                                   at: reference.range)
        }
        return indicator
    }
}
