import ScryEngine
import ScrySpelling
import ScryStore

/// The meta-commands: lines that start with `.` and act on the shell, not the data.
enum MetaCommand {
    static let all: [(name: String, usage: String, summary: String)] = [
        ("help", ".help [TOPIC]", "this help, or a topic's: " + HelpText.topicNames),
        ("datasets", ".datasets", "list the loaded datasets with their counts"),
        ("indicators", ".indicators [PATTERN]", "list indicators: code, name, polarity, period type, unit"),
        ("areas", ".areas [PATTERN]", "list areas: name, type, parent"),
        ("neighbours", ".neighbours AREA", "an authority's region and statistical neighbours, closest first, with their closeness"),
        ("describe", ".describe CODE", "an indicator's definition, polarity, periods and areas"),
        ("load", ".load PATH [as NAME]", "load a dataset folder, LAIT folder, DfE statistics file or snapshot (all or nothing)"),
        ("save", ".save FILE", "write everything loaded to a snapshot file, which loads far faster than CSV"),
        ("mode", ".mode [FORMAT]", "how results are written: " + OutputFormat.names),
        ("output", ".output [FILE]", "send results to FILE; bare .output returns to the screen"),
        ("once", ".once FILE", "send the next result only to FILE"),
        ("read", ".read FILE", "run the commands in FILE"),
        ("timer", ".timer on|off", "time each statement: parse, plan, execute (on standard error)"),
        ("bail", ".bail on|off", "stop a script at its first error (on by default)"),
        ("echo", ".echo on|off", "write each command out before running it"),
        ("maxrows", ".maxrows N", "rows shown on a terminal before the middle is elided (0: all)"),
        ("warnings", ".warnings", "every warning the loads of this session gave, in full"),
        ("param", ".param [set NAME VALUE|unset NAME|clear]", "values for :NAME in statements (also --param NAME=VALUE), or list them (also .parameter)"),
        ("set", ".set [NAME VALUE]", "change a setting (rag_tolerance: per cent of the target; comparator_lag: months; ci_level: 95 or 99.8), or list them"),
        ("quit", ".quit", "leave scry (also .exit, or Ctrl-D)"),
    ]

    static let names = all.map(\.name) + ["exit", "parameter"]

    /// A meta-command line's name (after the `.`, as typed) and the text after it.
    static func split(_ text: String) -> (name: String, arguments: String) {
        let body = text.trimmingWhitespace().dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        return (name, body.dropFirst(name.count).trimmingWhitespace())
    }
}

extension Session {
    func runMetaCommand(_ text: String, location: String, line: Int, sourceLine: String) -> Bool {
        let (name, arguments) = MetaCommand.split(text)
        let column = sourceLine.prefix { $0 == " " || $0 == "\t" }.count + 1
        let at = Argument(location: location, line: line, column: column + name.count + 2, sourceLine: sourceLine, text: arguments)
        switch name.lowercased() {
        case "help":
            return help(topic: arguments, at: at)
        case "datasets":
            return listDatasets()
        case "indicators":
            return listIndicators(matching: arguments)
        case "areas":
            return listAreas(matching: arguments)
        case "neighbours":
            return listNeighbours(at)
        case "describe":
            return describe(at)
        case "load":
            return load(at)
        case "save":
            return save(at)
        case "mode":
            return mode(at)
        case "output", "once":
            return redirect(at, once: name.lowercased() == "once")
        case "read":
            return read(at)
        case "timer":
            return switchSetting(at) { self.timer = $0 }
        case "bail":
            return switchSetting(at) { self.bail = $0 }
        case "echo":
            return switchSetting(at) { self.echo = $0 }
        case "maxrows":
            return maxRows(at)
        case "warnings":
            for warning in loadWarnings { report(warning) }
            if loadWarnings.isEmpty { errors.write("note: no load has given a warning\n") }
            return true
        case "param", "parameter":
            return parameter(at)
        case "set":
            return set(arguments, location: location, line: line, column: column + 5, sourceLine: sourceLine)
        case "quit", "exit", "q":
            wantsToQuit = true
            return true
        default:
            reportError(location: location, line: line, column: column, length: name.count + 1,
                        message: "unknown meta-command '.\(name)'", sourceLine: sourceLine,
                        note: Spelling.didYouMean(name, among: MetaCommand.names, prefix: ".") ?? "type .help for the list")
            return false
        }
    }

    /// A meta-command's argument text, and where it is, for errors that point at it.
    struct Argument {
        var location: String
        var line: Int
        var column: Int
        var sourceLine: String
        var text: String
    }

    func fail(_ at: Argument, _ message: String, note: String? = nil) -> Bool {
        reportError(location: at.location, line: at.line, column: at.column, length: max(1, at.text.count),
                    message: message, sourceLine: at.sourceLine, note: note)
        return false
    }

    /// A path argument, unquoted.
    static func path(_ text: String) -> String {
        if text.count >= 2, text.first == "'" || text.first == "\"", text.last == text.first { return String(text.dropFirst().dropLast()) }
        return text
    }

    private func describe(_ at: Argument) -> Bool {
        guard !at.text.isEmpty else { return fail(at, "expected an indicator code after .describe") }
        // The statement laid where the command is, so that an error points at its own line
        // and column: `.describe` becomes ` describe`, the lines above it blank.
        let statement = String(repeating: "\n", count: max(0, at.line - 1))
            + at.sourceLine.replacingOccurrences(ofFirst: ".", with: " ")
        return runScript(statement, name: at.location)
    }

    private func save(_ at: Argument) -> Bool {
        let path = Self.path(at.text)
        guard !path.isEmpty else { return fail(at, "expected a file after .save") }
        do {
            try Snapshot.save(store, to: path)
            return true
        } catch {
            for issue in error.errors { report(issue) }
            return false
        }
    }

    private func mode(_ at: Argument) -> Bool {
        guard !at.text.isEmpty else {
            write("\(format.rawValue)\n")
            return true
        }
        guard let chosen = OutputFormat(rawValue: at.text.lowercased()) else {
            return fail(at, "unknown mode '\(at.text)': expected \(OutputFormat.names)",
                        note: Spelling.didYouMean(at.text, among: OutputFormat.allCases.map(\.rawValue)))
        }
        format = chosen
        return true
    }

    private func redirect(_ at: Argument, once: Bool) -> Bool {
        let path = Self.path(at.text)
        guard !path.isEmpty else {
            if once { return fail(at, "expected a file after .once") }
            if let failure = restoreOutput() { return fail(at, failure) }
            return true
        }
        if !once, path == "stdout" {
            if let failure = restoreOutput() { return fail(at, failure) }
            return true
        }
        let file: FileOutput
        do {
            file = try FileOutput.create(path: path)
        } catch {
            return fail(at, "cannot write '\(path)': \(error.reason)")
        }
        // The file given before this one is put in place now; say if that failed.
        if let failure = redirectOutput(to: file, once: once, path: path) { return fail(at, failure) }
        return true
    }

    private func read(_ at: Argument) -> Bool {
        let path = Self.path(at.text)
        guard !path.isEmpty else { return fail(at, "expected a file after .read") }
        guard readDepth < 16 else { return fail(at, ".read nests more than 16 deep: does the file read itself?") }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: ScriptText.maximumSize)
        } catch {
            return fail(at, error.message(path))
        }
        readDepth += 1
        defer { readDepth -= 1 }
        return runScript(String(decoding: bytes, as: UTF8.self), name: path)
    }

    private func switchSetting(_ at: Argument, _ apply: (Bool) -> Void) -> Bool {
        switch at.text.lowercased() {
        case "on", "yes", "true", "1": apply(true)
        case "off", "no", "false", "0": apply(false)
        default: return fail(at, "expected on or off, found '\(at.text)'")
        }
        return true
    }

    private func maxRows(_ at: Argument) -> Bool {
        guard !at.text.isEmpty else {
            write("\(maxRows)\n")
            return true
        }
        guard let count = Int(at.text), count >= 0 else { return fail(at, "expected a number of rows (0 for all), found '\(at.text)'") }
        maxRows = count
        return true
    }

    private func help(topic: String, at: Argument) -> Bool {
        guard topic.isEmpty else {
            guard let text = HelpText.topic(topic) else {
                return fail(at, "no help on '\(topic)': topics are \(HelpText.topicNames)",
                            note: Spelling.didYouMean(topic, among: HelpText.topics.map(\.name)))
            }
            write(text)
            return true
        }
        var table = TextTable(columns: [.init("command"), .init("what it does")])
        table.rows = MetaCommand.all.map { [$0.usage, $0.summary] }
        write("Meta-commands:\n")
        table.write(to: &output)
        write("\n" + HelpText.overview)
        return true
    }

    // The listings are results like any other: they follow `.mode`, `.output`, the
    // terminal's width and `.maxrows`.

    private func listDatasets() -> Bool {
        var table = ResultTable(columns: [.init("dataset"), .init("source"), .init("indicators", numeric: true),
                                          .init("areas", numeric: true), .init("observations", numeric: true),
                                          .init("commentary", numeric: true)])
        table.rows = store.datasets.map { dataset in
            [.text(dataset.name), .text(dataset.source), .count(dataset.indicatorCount), .count(dataset.areaCount),
             .count(dataset.observationCount), .count(dataset.commentaryCount)]
        }
        return write(table, kind: "datasets")
    }

    private func listIndicators(matching pattern: String) -> Bool {
        var table = ResultTable(columns: ["dataset", "code", "name", "polarity", "period_type", "unit"].map { .init($0) })
        for indicator in store.indicators where pattern.isEmpty || matches(pattern, [indicator.code, indicator.name, indicator.theme]) {
            table.rows.append([store.datasets[indicator.dataset].name, indicator.code, indicator.name,
                               indicator.polarity.code, indicator.periodType.code, indicator.unit.code].map { .text($0) })
        }
        return write(table, kind: "indicators")
    }

    private func listAreas(matching pattern: String) -> Bool {
        var table = ResultTable(columns: ["name", "type", "parent"].map { .init($0) })
        for area in store.areas where pattern.isEmpty || matches(pattern, [area.name, area.type.code]) {
            table.rows.append([area.name, area.type.code, area.parent.map { store.areas[$0].name } ?? ""].map { .text($0) })
        }
        return write(table, kind: "areas")
    }

    /// `.neighbours Kent`: the authority's region, then each neighbour in the order of the
    /// neighbour file, with its region and closeness.
    private func listNeighbours(_ at: Argument) -> Bool {
        let written = Self.path(at.text)
        guard !written.isEmpty else { return fail(at, "expected an authority after .neighbours, such as .neighbours Kent") }
        let lowered = written.lowercased()
        guard let index = store.area(named: written) ?? store.areas.firstIndex(where: { $0.name.lowercased() == lowered }) else {
            let authorities = store.areas.filter { !$0.neighbours.isEmpty }.map(\.name)
            return fail(at, "unknown area '\(written)'", note: Spelling.didYouMean(written, among: authorities) ?? "list them with .areas")
        }
        let area = store.areas[index]
        guard !area.neighbours.isEmpty else {
            return fail(at, "'\(area.name)' has no statistical neighbours loaded",
                        note: area.type == .authority ? "load a dataset with a neighbour list, such as LAIT's statistical_neighbours.csv" : "neighbours are an authority's")
        }
        func region(of area: Int) -> String {
            var current: Int? = area
            while let step = current, store.areas[step].type != .region { current = store.areas[step].parent }
            return current.map { store.areas[$0].name } ?? ""
        }
        var table = TextTable(columns: [.init("area"), .init("region"), .init("rank", .right), .init("neighbour"),
                                        .init("neighbour_region"), .init("closeness")])
        for (position, neighbour) in area.neighbours.enumerated() {
            table.rows.append([area.name, region(of: index), String(position + 1), store.areas[neighbour].name, region(of: neighbour),
                               area.closeness(ofNeighbourAt: position)])
        }
        table.write(to: &output)
        return true
    }

    private func load(_ at: Argument) -> Bool {
        var path = at.text
        var name: String?
        let words = at.text.split(separator: " ", omittingEmptySubsequences: true)
        if words.count >= 3, words[words.count - 2].lowercased() == "as" {
            name = String(words[words.count - 1])
            path = words.dropLast(2).joined(separator: " ")
        }
        path = Self.path(path)
        guard !path.isEmpty else { return fail(at, "expected a dataset folder after .load") }
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
    /// `announce`, says what was loaded. `.load` and `--data` both come here. Ctrl-C in the
    /// shell stops it, loading nothing.
    public func load(folder path: String, as name: String? = nil, announce: Bool = false) -> Bool {
        Interruption.clear()
        if Snapshot.isSnapshot(path: path) {
            do {
                let added = try store.load(snapshot: path)
                if announce {
                    write("loaded \(path): \(added.count) dataset\(added.count == 1 ? "" : "s"), \(formatCount(added.map(\.observationCount).reduce(0, +))) observations\n")
                }
                return true
            } catch {
                for issue in error.errors { report(issue) }
                return false
            }
        }
        do {
            let staged = try store.load(folder: path, as: name)
            loadWarnings += staged.warnings
            let quirks = summarisesKnownQuirks ? staged.warnings.filter(\.isKnownQuirk) : []
            for warning in staged.warnings where !quirks.contains(warning) { report(warning) }
            if !quirks.isEmpty {
                errors.write("note: \(path): \(quirks.count) known quirk\(quirks.count == 1 ? "" : "s") of the published files handled (.warnings shows \(quirks.count == 1 ? "it" : "them"))\n")
            }
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
