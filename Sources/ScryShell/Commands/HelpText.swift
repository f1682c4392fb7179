import ScryEngine
import ScryLanguage

/// What `.help` says: an overview, and a page per topic. Each topic's examples run
/// against the built-in dataset (a test runs every one), so the help cannot drift from
/// what the shell does.
enum HelpText {
    struct Topic {
        var name: String
        var text: String
        var examples: [String]
    }

    /// A topic for each statement kind, from the kinds' table, then the rest.
    static let topics: [Topic] = StatementKind.allCases.map { Topic(name: $0.rawValue, text: $0.help, examples: $0.examples) } + [
        Topic(name: "filters", text: """
            where CONDITION
              = != < <= > >= between … and …, in (…), not in (…), is missing, is not missing,
              like "PATTERN", not like "PATTERN", combined with and, or, not and parentheses.
              Any column may be filtered. like matches text as SQL's LIKE, ignoring case: %
              any run of characters, _ exactly one, no escape character (name like
              "%foster%"); on a column of the indicator or the area it is matched once each.
              Period columns (financial_year, previous_period…) compare with periods written
              out: financial_year = 2013/14, calendar_year in (2013, 2014).
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
                "show code, name where name like \"%foster%\" and period = latest",
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
        Topic(name: "parameters", text: """
            :NAME in a statement stands for a value given outside it, so that one script
              serves any authority or month: scry --param la=Kent --param month=2013-07 FILE,
              or .param set la Kent in the shell or a script (the rest of the line is the
              value; quotes around it are dropped). .param (or .param list) lists them,
              .param unset NAME forgets one, .param clear all.
            A parameter stands for one value, where that value could be written: a number or
              a string in a condition or an expression (value > :threshold, area = :la,
              code in (:first, :second)), an indicator or an area (trend :code for :la,
              compare :code with england for :la, area in districts of :la), a period
              (period = :month, from :first to :last, rank … in :year; the value is read as
              a period: 2013-07, Jul 2013, 2019, latest, last 3 months), limit :n and
              last :n months.
            The value is data, never statement text: '; .output x' is one string. A
            parameter not set, or a value that does not fit its place, is an error at the
            parameter; in a script, before anything runs.
            """, examples: [
                ".param set la Kent",
                "show code, value, rag where area = :la and period = latest and rag = red limit 3",
            ]),
        Topic(name: "columns", text: Vocabulary.columnsHelp + """
            The rules behind each figure (polarity, RAG, direction of travel, comparators and
            their periods, ranks and bands, pooling, suppression) are in the repository's
            docs/domain.md.
            """, examples: ["show code, value, year_ago, dot_year, rag, rag_calc where area = Kent and period = latest limit 5"]),
        Topic(name: "formats", text: """
            .mode table|csv|json|jsonl|markdown|line|html|svg|xlsx   (--format on the command line)
              table: aligned columns; on a terminal, fitted to its width (one field per line
                when it cannot fit), long results elided in the middle (.maxrows), RAG and
                direction coloured unless NO_COLOR is set.
              csv: RFC 4180; numbers plain, without % or thousands separators.
              json: an array of objects; numbers as numbers; a missing value is null with its
                symbol in NAME_symbol. jsonl: one object per line.
              markdown: a pipe table. line: one `column = value` per line.
              html: a self-contained page per result (inline CSS, sparklines and charts as
                inline SVG, no script), laid out for A4; .once FILE.html before a scorecard.
              svg: a chart statement's chart as a standalone SVG file (see .help chart); a
                file named FILE.svg by .output or .once gets SVG whatever the mode, one chart
                a file. A chart in table mode is drawn in the terminal, in html set in its
                page; csv, json, jsonl, markdown and line refuse it, and svg refuses any
                other result.
              xlsx: an Excel workbook, a sheet for each result (show 1, rank 1…); figures are
                numbers with the indicator's format (24.1 shown 24.1%, counts 1,706),
                symbols text, the header bold and frozen. .output FILE.xlsx gathers every
                result until .output; .once FILE.xlsx the next; a file named FILE.xlsx gets
                a workbook whatever the mode. A workbook loads as a dataset too:
                .load FILE.xlsx, with sheets indicators, areas, observations (…) holding
                the dataset files' columns.
            .output FILE sends results to a file, .once FILE the next result only; the file
              takes the old one's place only when written whole, and a failed write is an
              error. Control characters in data are shown escaped (\\u{1B}).
            """, examples: []),
        Topic(name: "keys", text: """
            Interactive keys (libedit; ~/.editrc may choose vi bindings):
              Tab        complete keywords, meta-commands, indicator codes, areas, columns,
                         themes, area groups (area in neighbours of …), settings after
                         .set, parameters after ':' and .param unset, and file paths
                         after .load, .read, .output and .once
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
        guard let topic = topics.first(where: { $0.name == (aliases[lowered] ?? lowered) }) else { return nil }
        var text = topic.text + "\n"
        if !topic.examples.isEmpty { text += "Examples:\n" + topic.examples.map { "  " + $0 + "\n" }.joined() }
        return text
    }

    /// Other words for topics: each word that opens a statement (count, avg…) for its
    /// kind's topic, and a few more.
    static let aliases: [String: String] = StatementKind.allCases.reduce(into: [
        "aggregations": "aggregate", "where": "filters", "filter": "filters", "period": "periods", "column": "columns",
        "mode": "formats", "format": "formats", "param": "parameters", "parameter": "parameters",
        "having": "aggregate", "distinct": "aggregate", "like": "filters", "per": "show",
    ]) { aliases, kind in
        for keyword in kind.openingKeywords where keyword.rawValue != kind.rawValue { aliases[keyword.rawValue] = kind.rawValue }
    }

    static let overview = """
        Statements (end at ';' or at the end of a line; keywords in any case; -- comments):
        \(StatementKind.allCases.compactMap { $0.examples.first.map { "  " + $0 } }.joined(separator: "\n"))
        .help TOPIC for more: \(topicNames)
        The full grammar, with examples: Grammar/scry.ebnf

        """
}
