import ScryEngine

/// What `.help` says: an overview, and a page per topic. Each topic's examples run
/// against the built-in dataset (a test runs every one), so the help cannot drift from
/// what the shell does.
enum HelpText {
    struct Topic {
        var name: String
        var text: String
        var examples: [String]
    }

    static let topics: [Topic] = [
        Topic(name: "show", text: """
            show COLUMNS [where FILTER] [order by EXPR [asc|desc], …] [limit N]
              One row per observation that matches. COLUMNS are column names, arithmetic
              (value - target), aliases (value as v) or *. See .help columns and .help filters.
            """, examples: [
                "show code, name, value, target, rag where rag = red and period = latest",
                "show area, value, previous, dot where code = A10 and period = latest order by value desc limit 5",
                "show code, value - target as over where code = A10 and area = Kent and period = 2013-07",
            ]),
        Topic(name: "compare", text: """
            compare INDICATOR with COMPARATOR, … [where FILTER] [order by …] [limit N]
              Each authority or district figure beside each comparator: england, region,
              neighbours (mean, median and how many had data), target, previous, year_ago.
              A national measure's England, region and neighbours are of its own period; a
              local scorecard's comparators lag, so they are taken as of the local period
              (the latest ending on or before it, at most comparator_lag months older: .set),
              and a note says when one is older. Each comparator's period is shown, with the
              gap, a verdict by polarity and, where numerator and denominator are known, a
              Wilson 95% significance verdict. With national data loaded, each authority's
              rank, how many were ranked and its quartile band come first.
            """, examples: [
                "compare A10 with england, neighbours, region where area = Kent and period = latest",
                "compare CS3 with target, previous where area = City",
            ]),
        Topic(name: "aggregate", text: """
            FUNCTION(value), … [by COLUMN, …] [where FILTER] [order by …] [limit N]
              count, sum, avg, min, max, median, stddev (sample), percentile(value, P) (R type 7)
              and pooled(value) (Σ numerator / Σ denominator, ×100 or ×10,000 by unit).
              `count by COLUMN` counts rows. Missing and suppressed values are left out and
              counted in a note; summing snapshots or year-to-date figures across periods,
              averaging rates and mixing units give warnings.
            """, examples: [
                "count by rag, theme where period = 2012-07",
                "avg(value), min(value), max(value), percentile(value, 90) by district where code = CS3",
                "pooled(value) by period where code = CS3",
            ]),
        Topic(name: "trend", text: """
            trend INDICATOR [for AREA] [from PERIOD to PERIOD]
              One row per period, oldest first, with direction of travel, and a sparkline.
            """, examples: ["trend A3 for Kent from 2012-09 to 2013-07"]),
        Topic(name: "rank", text: """
            rank authorities|districts|regions by INDICATOR [in PERIOD] [where FILTER] [limit N]
              LAIT's rules: 1 = best by polarity, ties share the lowest rank, missing values
              unranked, quartile bands A (best) to D by R type 7 percentiles; ranked_of says
              how many were ranked. A rank needs 2 figures and bands 4. A filter that leaves
              some out ranks within them, and a within column says so
              (where area in authorities of "South East"). Indicators with T polarity or
              none are refused.
            """, examples: ["rank districts by CS3 in 2017-12", "rank districts by CS3 in 2017-12 where area in districts of City"]),
        Topic(name: "describe", text: """
            describe INDICATOR   (or .describe CODE)
              Definition, polarity, period type, unit, periods and areas of an indicator.
            """, examples: ["describe A10"]),
        Topic(name: "filters", text: """
            where CONDITION
              = != < <= > >= between … and …, in (…), not in (…), is missing, is not missing,
              combined with and, or, not and parentheses. Any column may be filtered.
              Area levels: district, authority, region and neighbours (district in (EAST, SOUTH)).
              Area groups: area in authorities of "South East", area in districts of Kent,
              area in neighbours of Kent (an authority's statistical neighbours); not in
              takes the rest. area_region = "South East" selects the areas in a region.
              Names are bare (Kent) or quoted ("Tonbridge and Malling"); a function's name
              is a name there too (unit = count), other keywords need quotes (theme = "by").
              Missing and suppressed values never match a numeric comparison.
            """, examples: [
                "show area, value where code = A10 and district in (EAST, SOUTH) and period = 2013-07",
                "count where value is missing",
                "show area, value where code = CS3 and area in districts of City and period = 2017-12",
            ]),
        Topic(name: "periods", text: """
            period = P | period in P | period from P to P | period = latest | previous | last N months
              A period is read by each indicator's period type: 2013-07, Jul 2013, 2013/14
              (financial or academic year), Q3 2015/16, 2019, AY 2018/19. A bare year of a
              national measure is the year ending then, as LAIT writes it; LAIT's 0 is an
              undated label, listed before the years (period = 0, period != 0). latest and
              previous come from each indicator's own history; period = last 5 years and
              period in last 5 years both mean the span.
            """, examples: [
                "show code, period, value where area = Kent and period = latest limit 5",
                "count where period from 2012-09 to 2013-07",
            ]),
        Topic(name: "columns", text: Vocabulary.columnsHelp + """
            The rules behind each figure (polarity, RAG, direction of travel, comparators and
            their periods, ranks and bands, pooling, suppression) are in the repository's
            docs/domain.md.
            """, examples: ["show code, value, year_ago, dot_year, rag, rag_calc where area = Kent and period = latest limit 5"]),
        Topic(name: "formats", text: """
            .mode table|csv|json|jsonl|markdown|line   (--format on the command line)
              table: aligned columns; on a terminal, fitted to its width (one field per line
                when it cannot fit), long results elided in the middle (.maxrows), RAG and
                direction coloured unless NO_COLOR is set.
              csv: RFC 4180; numbers plain, without % or thousands separators.
              json: an array of objects; numbers as numbers; a missing value is null with its
                symbol in NAME_symbol. jsonl: one object per line.
              markdown: a pipe table. line: one `column = value` per line.
            .output FILE sends results to a file, .once FILE the next result only; the file
              takes the old one's place only when written whole, and a failed write is an
              error. Control characters in data are shown escaped (\\u{1B}).
            """, examples: []),
        Topic(name: "keys", text: """
            Interactive keys (libedit; ~/.editrc may choose vi bindings):
              Tab        complete keywords, meta-commands, indicator codes, areas, columns,
                         themes, area groups (area in neighbours of …), settings after
                         .set, and file paths after .load, .read, .output and .once
              Up, Down   history (kept in $XDG_STATE_HOME/scry/history, or SCRY_HISTORY;
                         each line appended as entered, so shells side by side keep theirs)
              Ctrl-C     cancel the line being typed, or stop the running statement or
                         .load (which then loads nothing)
              Ctrl-Z     suspend scry (fg brings it back, with the line as it was)
              Ctrl-D     leave scry, on an empty line
            A statement may span lines: scry> shows where one starts, ...> where it goes on.
            """, examples: []),
    ]

    static var topicNames: String { topics.map(\.name).joined(separator: ", ") }

    static func topic(_ name: String) -> String? {
        let lowered = name.lowercased().trimmingWhitespace()
        let aliases = ["count": "aggregate", "avg": "aggregate", "aggregations": "aggregate", "where": "filters",
                       "filter": "filters", "period": "periods", "column": "columns", "mode": "formats", "format": "formats"]
        guard let topic = topics.first(where: { $0.name == (aliases[lowered] ?? lowered) }) else { return nil }
        var text = topic.text + "\n"
        if !topic.examples.isEmpty { text += "Examples:\n" + topic.examples.map { "  " + $0 + "\n" }.joined() }
        return text
    }

    static let overview = """
        Statements (end at ';' or at the end of a line; keywords in any case; -- comments):
          show code, value, previous, dot, rag where rag = red and period = latest
          compare A10 with england, neighbours, region where area = Kent and period = latest
          count by rag, theme where period = 2012-07
          avg(value), median(value), percentile(value, 90), pooled(value) by district where code = CS3
          trend A3 for Kent from 2012-09 to 2013-07
          rank districts by CS3 in 2017-12
          describe A10
        .help TOPIC for more: \(topicNames)
        The full grammar, with examples: Grammar/scry.ebnf

        """
}
