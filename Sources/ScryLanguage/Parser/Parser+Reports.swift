extension Parser {
    /// benchmark = "benchmark" ( "*" | indicator { "," indicator } ) "for" area
    ///             [ "from" period_value "to" period_value | "last" number ] [ filter ] ;
    mutating func parseBenchmark() throws(Diagnostic) -> Statement {
        let start = try expect(.benchmark, after: "the start of the statement").range.start
        var indicators: [NameReference] = []
        if eat(.star) == nil {
            indicators.append(try parseIndicator(after: "'benchmark'"))
            while eat(.comma) != nil { indicators.append(try parseIndicator(after: "','")) }
        }
        _ = try expect(.for, after: indicators.isEmpty ? "'*'" : "the indicators")
        let area = try parseArea(after: "'for'")
        var from: PeriodValue?, to: PeriodValue?, last: Limit?
        if eat(.from) != nil {
            from = try parsePeriodValue(after: "'from'")
            _ = try expect(.to, after: "the first period")
            to = try parsePeriodValue(after: "'to'")
        } else if let word = eat(.last) {
            let number = try expect(.number, "a number of periods", after: "'last'")
            guard let count = Int(text(number)), count > 0 else {
                throw Diagnostic.error("last \(quoted(number)) is not a whole number of periods", at: number.range,
                                       suggestion: "benchmark … last 5 shows the latest five periods")
            }
            last = Limit(count: count, range: SourceRange(word.range.start, number.range.end))
        }
        var filter: Condition?
        if at(.where) { filter = try parseFilter() }
        var allowed: [String] = []
        if from == nil, last == nil, filter == nil { allowed += ["from", "last"] }
        if filter == nil { allowed.append("where") }
        try expectStatementEnd(allowing: allowed)
        return Statement(.benchmark(Benchmark(indicators: indicators, area: area, from: from, to: to, last: last, filter: filter)),
                         range(from: start))
    }
}

extension Parser {
    /// scorecard = "scorecard" "for" area [ "in" period_value ] [ filter ] ;
    mutating func parseScorecard() throws(Diagnostic) -> Statement {
        let start = try expect(.scorecard, after: "the start of the statement").range.start
        _ = try expect(.for, after: "'scorecard'")
        let area = try parseArea(after: "'for'")
        var period: PeriodValue?
        if eat(.in) != nil { period = try parsePeriodValue(after: "'in'") }
        var filter: Condition?
        if at(.where) { filter = try parseFilter() }
        var allowed: [String] = []
        if period == nil, filter == nil { allowed.append("in") }
        if filter == nil { allowed.append("where") }
        try expectStatementEnd(allowing: allowed)
        return Statement(.scorecard(Scorecard(area: area, period: period, filter: filter)), range(from: start))
    }
}
