import ScrySpelling
import ScryStore

/// The meta-commands: lines that start with `.` and act on the shell, not the data.
enum MetaCommand {
    static let all: [(name: String, usage: String, summary: String)] = [
        ("help", ".help", "show this help"),
        ("datasets", ".datasets", "list the loaded datasets with their counts"),
        ("indicators", ".indicators [PATTERN]", "list indicators: code, name, polarity, period type, unit"),
        ("areas", ".areas [PATTERN]", "list areas: name, type, parent"),
        ("load", ".load PATH [as NAME]", "load a dataset folder (all or nothing)"),
        ("set", ".set [NAME VALUE]", "change a setting (rag_tolerance: per cent of the target), or list them"),
        ("quit", ".quit", "leave scry (also .exit, or Ctrl-D)"),
    ]
}

extension Session {
    func runMetaCommand(_ text: String, location: String, line: Int, sourceLine: String) -> Bool {
        let body = text.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let arguments = body.dropFirst(name.count).trimmingWhitespace()
        let column = sourceLine.prefix { $0 == " " || $0 == "\t" }.count + 1
        switch name.lowercased() {
        case "help":
            return help()
        case "datasets":
            return listDatasets()
        case "indicators":
            return listIndicators(matching: arguments)
        case "areas":
            return listAreas(matching: arguments)
        case "load":
            return load(arguments, location: location, line: line, column: column + 6, sourceLine: sourceLine)
        case "set":
            return set(arguments, location: location, line: line, column: column + 5, sourceLine: sourceLine)
        case "quit", "exit", "q":
            wantsToQuit = true
            return true
        default:
            let known = MetaCommand.all.map(\.name) + ["exit"]
            reportError(location: location, line: line, column: column, length: name.count + 1,
                        message: "unknown meta-command '.\(name)'", sourceLine: sourceLine,
                        note: Spelling.didYouMean(name, among: known, prefix: ".") ?? "type .help for the list")
            return false
        }
    }

    private func help() -> Bool {
        var table = TextTable(columns: [.init("command"), .init("what it does")])
        table.rows = MetaCommand.all.map { [$0.usage, $0.summary] }
        write("Meta-commands:\n")
        table.write(to: &output)
        write("""

            Statements:
              show code, value, previous, dot, rag where rag = red and period = latest order by value desc limit 10
              show * where district in (EAST, SOUTH) and period in 2017/18 and polarity = H
              compare CS3 with england, neighbours, region, target, previous, year_ago where area = City
              count by rag, theme where period = 2012-07
              avg(value), median(value), percentile(value, 90), pooled(value) by district where code = CS3
              trend SCS02 for Kent from 2012-09 to 2013-07
              rank districts by CS3 in 2017-12
              describe A10
            Columns: dataset code name theme polarity period_type unit decimals area area_type period
              value numerator denominator target floor rag note
            Derived: previous previous_period dot year_ago year_ago_period dot_year rag_calc
              england england_period region_value region_period
              neighbours_mean neighbours_median neighbours_count neighbours_period national_rank quartile
              gap verdict significance worse_by (against England), and gap_X verdict_X significance_X worse_by_X
              for X in england region neighbours target previous year_ago
            The full grammar, with examples: Grammar/scry.ebnf

            """)
        return true
    }

    private func listDatasets() -> Bool {
        var table = TextTable(columns: [.init("dataset"), .init("source"), .init("indicators", .right),
                                        .init("areas", .right), .init("observations", .right), .init("commentary", .right)])
        for dataset in store.datasets {
            table.rows.append([dataset.name, dataset.source, formatCount(dataset.indicatorCount), formatCount(dataset.areaCount),
                               formatCount(dataset.observationCount), formatCount(dataset.commentaryCount)])
        }
        table.write(to: &output)
        return true
    }

    private func listIndicators(matching pattern: String) -> Bool {
        var table = TextTable(columns: [.init("dataset"), .init("code"), .init("name"), .init("polarity"),
                                        .init("period_type"), .init("unit")])
        for indicator in store.indicators where pattern.isEmpty || matches(pattern, [indicator.code, indicator.name, indicator.theme]) {
            table.rows.append([store.datasets[indicator.dataset].name, indicator.code, indicator.name,
                               indicator.polarity.code, indicator.periodType.code, indicator.unit.code])
        }
        table.write(to: &output)
        return true
    }

    private func listAreas(matching pattern: String) -> Bool {
        var table = TextTable(columns: [.init("name"), .init("type"), .init("parent")])
        for area in store.areas where pattern.isEmpty || matches(pattern, [area.name, area.type.code]) {
            table.rows.append([area.name, area.type.code, area.parent.map { store.areas[$0].name } ?? ""])
        }
        table.write(to: &output)
        return true
    }

    private func load(_ arguments: String, location: String, line: Int, column: Int, sourceLine: String) -> Bool {
        var path = arguments
        var name: String?
        let words = arguments.split(separator: " ", omittingEmptySubsequences: true)
        if words.count >= 3, words[words.count - 2].lowercased() == "as" {
            name = String(words[words.count - 1])
            path = words.dropLast(2).joined(separator: " ")
        }
        if path.count >= 2, path.first == "'" || path.first == "\"", path.last == path.first {
            path = String(path.dropFirst().dropLast())
        }
        guard !path.isEmpty else {
            reportError(location: location, line: line, column: column, length: 1,
                        message: "expected a dataset folder after .load", sourceLine: sourceLine)
            return false
        }
        return load(folder: path, as: name, announce: true)
    }

    /// `.set NAME VALUE` changes a setting; bare `.set` lists them.
    private func set(_ arguments: String, location: String, line: Int, column: Int, sourceLine: String) -> Bool {
        let words = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else {
            var table = TextTable(columns: [.init("setting"), .init("value", .right)])
            table.rows = settings.listing.map { [$0.name, $0.value] }
            table.write(to: &output)
            return true
        }
        guard words.count == 2 else {
            reportError(location: location, line: line, column: column, length: max(1, arguments.count),
                        message: "expected .set NAME VALUE, such as .set rag_tolerance 5", sourceLine: sourceLine)
            return false
        }
        do {
            try settings.set(words[0], to: words[1])
            return true
        } catch {
            reportError(location: location, line: line, column: column, length: arguments.count, message: error.message, sourceLine: sourceLine)
            return false
        }
    }

    /// Loads a dataset folder, all or nothing, reporting its warnings or its errors; with
    /// `announce`, says what was loaded. `.load` and `--data` both come here.
    public func load(folder path: String, as name: String? = nil, announce: Bool = false) -> Bool {
        do {
            let staged = try store.load(folder: path, as: name)
            for warning in staged.warnings { report(warning) }
            if announce {
                write("loaded \(staged.name): \(formatCount(staged.indicators.count)) indicators, \(formatCount(staged.areas.count)) areas, \(formatCount(staged.observations.count)) observations\n")
            }
            return true
        } catch {
            for issue in error.errors { report(issue) }
            return false
        }
    }

    /// Case-insensitive substring match; `*` and `?` make it a glob over the whole text.
    private func matches(_ pattern: String, _ texts: [String]) -> Bool {
        let lowered = pattern.lowercased()
        let isGlob = lowered.contains("*") || lowered.contains("?")
        return texts.contains { text in
            isGlob ? glob(Array(lowered), Array(text.lowercased())) : text.lowercased().contains(lowered)
        }
    }
}

/// `*` matches any run of characters, `?` any one.
func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
    var p = 0, t = 0, star = -1, mark = 0
    while t < text.count {
        if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
            p += 1; t += 1
        } else if p < pattern.count, pattern[p] == "*" {
            star = p; mark = t; p += 1
        } else if star >= 0 {
            p = star + 1; mark += 1; t = mark
        } else {
            return false
        }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
}
