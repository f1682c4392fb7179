import ScryStore

extension Engine {
    /// A neighbour mean's workings: how its period was taken, each neighbour in the neighbour
    /// file's order with its figure for that period or why it has none, then the mean,
    /// median and count as the columns give them. A published neighbour average (no list
    /// loaded) is that area's figure.
    func neighbourWorkings(_ row: Int, compiler: RowCompiler) -> ResultTable {
        let context = compiler.context
        let observations = store.observations
        var table = ResultTable(columns: Self.workingsColumns)
        table.rows.append(localRow(row, "the figure the neighbours are set beside"))
        guard let candidates = context.candidates(.neighbours, row: row), let found = context.figure(.neighbours, row: row) else {
            table.notes.append("note: \(store.areas[Int(observations.area[row])].name) has no statistical neighbours loaded, nor a published neighbour average")
            return table
        }
        table.rows += matchingRows(.neighbours, row: row, candidates: candidates)
        let authority = store.ancestor(of: Int(observations.area[row]), ofType: .authority)!
        let group = store.areas[authority].neighbours
        guard !group.isEmpty else {
            table.rows.append(takenRow(.neighbours, row: row, candidates: candidates, context: context))
            table.notes.append("note: no neighbour list is loaded for \(store.areas[authority].name): the published neighbour average stands for the group")
            return table
        }
        // The neighbours of the candidate that gave the figure, for the period it is of.
        let chosen = candidates.first { $0.figure?.period == found.period && $0.figure?.period != nil } ?? candidates[0]
        // A national measure's neighbours are of the local period even when none has a figure.
        let local = Period(raw: observations.period[row])
        if let period = found.period ?? (chosen.samePeriod ? local : nil) {
            for (position, neighbour) in context.neighbourRows(indicator: chosen.indicator, group: group, period: period).enumerated() {
                let part = "neighbour \(position + 1)"
                guard let neighbour else {
                    table.rows.append(workingsRow(part, area: group[position], period: period, "left out: no figure for the period"))
                    continue
                }
                let value = observations.value[neighbour]
                table.rows.append(workingsRow(part, area: group[position], period: Period(raw: observations.period[neighbour]),
                                              cellOf(value, row: neighbour), value.state == .present ? "counted" : Self.leftOut(value.state)))
            }
        } else {
            for (position, neighbour) in group.enumerated() {
                table.rows.append(workingsRow("neighbour \(position + 1)", area: neighbour, "left out: no figure on or before the local period"))
            }
        }
        let count = found.count ?? 0, size = found.groupSize ?? group.count
        table.rows.append(workingsRow(Column.Field.neighbours_count.rawValue, .count(count), "of the \(size) neighbours had a figure (neighbours_size \(size))"))
        // The sum and the mean to one decimal more than the column shows, so that the
        // division can be followed (20.45 shows as 20.5).
        let decimals = store.indicators[Int(observations.indicator[row])].decimals
        if count > 0, let mean = found.value.number {
            table.rows.append(workingsRow("sum", period: found.period, .number(mean * Double(count), decimals: decimals, unit: nil),
                                          "of the \(count) figures counted"))
        }
        let mean = found.value.number.map { Cell.number($0, decimals: decimals + 1, unit: store.indicators[Int(observations.indicator[row])].unit) }
        table.rows.append(workingsRow(Column.Field.neighbours_mean.rawValue, period: found.period, mean ?? .empty,
                                      count == 0 ? "blank: no neighbour had a figure" : "the sum divided by \(count), to one decimal more than the column shows"))
        table.rows.append(workingsRow(Column.Field.neighbours_median.rawValue, period: found.period, figureCell(found.median, of: row),
                                      count == 0 ? "blank" : count % 2 == 1 ? "the middle one of the \(count) figures in order"
                                          : "the mean of the middle two of the \(count) figures in order"))
        return table
    }

    /// A comparator's workings: the local figure, where the comparator's figure was looked
    /// for and why that period, and the figure taken.
    func comparatorWorkings(_ comparator: Comparator, row: Int, compiler: RowCompiler) -> ResultTable {
        let context = compiler.context
        var table = ResultTable(columns: Self.workingsColumns)
        table.rows.append(localRow(row, "the figure the comparator is set beside"))
        guard let candidates = context.candidates(comparator, row: row) else {
            table.notes.append(comparator == .england ? "note: no England figures are loaded"
                : "note: \(store.areas[Int(store.observations.area[row])].name) lies in no region")
            return table
        }
        table.rows += matchingRows(comparator, row: row, candidates: candidates)
        table.rows.append(takenRow(comparator, row: row, candidates: candidates, context: context))
        // A sub-region without the measure's latest figure gives way to its region.
        if comparator == .region, let nearest = store.ancestor(of: Int(store.observations.area[row]), ofType: .region) {
            for candidate in candidates where candidate.area != nil && candidate.area != nearest {
                let code = store.indicators[candidate.indicator].code
                table.notes.append("note: region: \(store.areas[nearest].name) has no figure for \(code)'s latest period, so \(store.areas[candidate.area!].name) stands for it in every period (LAIT's clean_ldn_region)")
            }
        }
        return table
    }

    /// The comparator's figure as its column gives it, and how much older than the local
    /// figure it is.
    private func takenRow(_ comparator: Comparator, row: Int, candidates: [ComparatorCandidate], context: QueryContext) -> [Cell] {
        let found = context.figure(comparator, row: row)
        let local = Period(raw: store.observations.period[row])
        var working = "the figure taken" + (candidates.count > 1 ? ": the later of the two" : "")
        if let period = found?.period, found?.value.state == .present, !local.isUndated, period.endMonth < local.endMonth {
            let months = local.endMonth - period.endMonth
            working += "; \(months) month\(months == 1 ? "" : "s") older than the local figure"
        }
        return workingsRow(comparator.fields.value.rawValue, area: candidates.lazy.compactMap(\.area).first, period: found?.period,
                           found.map { cellOf($0.value, row: row) } ?? .empty, found?.period == nil ? "none" : working)
    }

    /// How the comparator's period was taken, a row for the indicator and one for its
    /// national measure: the same period, or as of the local one within `comparator_lag`,
    /// and a figure left out as too old.
    private func matchingRows(_ comparator: Comparator, row: Int, candidates: [ComparatorCandidate]) -> [[Cell]] {
        let local = Period(raw: store.observations.period[row])
        let lag = settings.comparatorLag.map { "\($0) month\($0 == 1 ? "" : "s")" } ?? "none"
        return candidates.map { candidate in
            let code = store.indicators[candidate.indicator].code
            let own = candidate.indicator == Int(store.observations.indicator[row])
            let source = own ? "\(code) itself" : "\(code), its national measure (mapping.csv)"
            let part = "from " + code
            if candidate.samePeriod {
                let how = "\(source): a national measure, set beside its comparators of the same period"
                return workingsRow(part, area: candidate.area, period: candidate.figure?.period ?? local, candidate.figure.map { cellOf($0.value, row: row) } ?? .empty,
                                   candidate.figure?.period == nil ? how + "; none for it" : how)
            }
            if let old = candidate.tooOld {
                return workingsRow(part, area: candidate.area, period: old.period, cellOf(old.value, row: row),
                                   "\(source): the latest on or before \(local), left out as older than comparator_lag (\(lag)) allows")
            }
            guard let figure = candidate.figure, let period = figure.period else {
                return workingsRow(part, area: candidate.area, "\(source): none on or before \(local)")
            }
            return workingsRow(part, area: candidate.area, period: period, cellOf(figure.value, row: row),
                               "\(source): comparators lag, so the latest on or before \(local), within comparator_lag (\(lag))")
        }
    }
}
