extension Parser {
    /// chart = "chart" indicator ( "by" area_level [ "in" period_value ] [ "highlight" area ]
    ///       | [ "for" area_list ] [ "with" comparator { "," comparator } ] [ "from" period_value "to" period_value ] )
    ///       [ filter ] ;
    ///
    /// `highlight` is a word here, not a reserved keyword.
    mutating func parseChart() throws(Diagnostic) -> Statement {
        let start = try expect(.chart, after: "the start of the statement").range.start
        let indicator = try parseIndicator(after: "'chart'")
        let layout: Chart.Layout
        var allowed: [String] = []
        if eat(.by) != nil {
            let level = try parseNameReference("what to chart: authorities, districts or regions", after: "'by'")
            var period: PeriodValue?
            if eat(.in) != nil { period = try parsePeriodValue(after: "'in'") } else { allowed.append("in") }
            var highlight: NameReference?
            if atHighlight {
                _ = advance()
                highlight = try parseArea(after: "'highlight'")
            } else {
                allowed.append("highlight")
            }
            layout = .byArea(level: level, period: period, highlight: highlight)
        } else {
            var areas: [NameReference] = [], comparators: [NameReference] = []
            if eat(.for) != nil { areas = try parseAreaList() } else { allowed.append("for") }
            if eat(.with) != nil {
                comparators = [try parseComparator(after: "'with'")]
                while eat(.comma) != nil { comparators.append(try parseComparator(after: "','")) }
            } else {
                allowed.append("with")
            }
            var from: PeriodValue?, to: PeriodValue?
            if eat(.from) != nil {
                from = try parsePeriodValue(after: "'from'")
                _ = try expect(.to, after: "the first period")
                to = try parsePeriodValue(after: "'to'")
            } else {
                allowed.append("from")
            }
            if areas.isEmpty && comparators.isEmpty && from == nil { allowed.insert("by", at: 0) }
            layout = .overTime(areas: areas, comparators: comparators, from: from, to: to)
        }
        var filter: Condition?
        if at(.where) { filter = try parseFilter() } else { allowed.append("where") }
        try expectStatementEnd(allowing: allowed)
        return Statement(.chart(Chart(indicator: indicator, layout: layout, filter: filter)), range(from: start))
    }

    /// The word `highlight` here: a word, not a reserved keyword.
    var atHighlight: Bool { current.kind == .name && text(current).lowercased() == "highlight" }
}
