import ScryEngine
import ScryLanguage
import ScryStore

/// What Tab offers for the text before the cursor: the word being typed and the words
/// that could replace it, chosen by context. Pure, so it is tested without a terminal.
public struct Completion: Equatable, Sendable {
    /// The partial word as typed (with its opening quote, if it has one).
    public var word: String
    /// Whole replacements for `word`, sorted.
    public var candidates: [String]
    /// What closes a completed candidate: `"` for a quoted name.
    public var closing: String = ""

    /// How far the candidates agree (ignoring case), in the first candidate's spelling.
    public var commonPrefix: String {
        guard var prefix = candidates.first.map(Array.init) else { return word }
        for candidate in candidates.dropFirst() {
            let other = Array(candidate)
            var length = 0
            while length < min(prefix.count, other.count), prefix[length].lowercased() == other[length].lowercased() { length += 1 }
            prefix = Array(prefix.prefix(length))
        }
        return String(prefix)
    }

    /// Candidates laid out in columns across `width`.
    static func columns(_ candidates: [String], width: Int) -> String {
        let cell = (candidates.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / max(1, cell))
        var text = ""
        for (index, candidate) in candidates.enumerated() {
            let last = index % perLine == perLine - 1 || index == candidates.count - 1
            text += last ? candidate + "\n" : candidate + String(repeating: " ", count: cell - candidate.count)
        }
        return text
    }

    public init(word: String, candidates: [String], closing: String = "") {
        self.word = word
        self.candidates = candidates
        self.closing = closing
    }

    /// The completion of `before`, the line up to the cursor, over what `store` holds and
    /// the names of the parameters set.
    public static func complete(_ before: String, store: Store, parameters: [String] = []) -> Completion {
        let trimmed = before.drop { $0 == " " || $0 == "\t" }
        if trimmed.first == "." { return meta(String(trimmed), store: store, parameters: parameters) }
        // `:la`: the parameters set.
        let word = partialWord(before)
        if before.dropLast(word.count).hasSuffix(":") { return matching(word, parameters) }
        return statement(before, store: store)
    }

    // MARK: meta-commands

    static func meta(_ line: String, store: Store, parameters: [String] = []) -> Completion {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            return matching(line, MetaCommand.all.map { "." + $0.name })
        }
        let command = line[line.index(after: line.startIndex)..<space].lowercased()
        let argument = String(line[space...].drop { $0 == " " || $0 == "\t" })
        switch command {
        case "load", "read", "output", "once": return paths(argument)
        case "mode": return matching(argument, OutputFormat.allCases.map(\.rawValue))
        case "timer", "bail", "echo": return matching(argument, ["on", "off"])
        case "help": return matching(argument, HelpText.topics.map(\.name))
        case "describe", "indicators": return matching(argument, indicatorCodes(store))
        case "areas": return names(argument, store.areas.map(\.name))
        case "neighbours": return names(argument, store.areas.filter { !$0.neighbours.isEmpty }.map(\.name))
        case "set" where !argument.contains(" "): return matching(argument, EngineSettings.names)
        case "param", "parameter":
            // `.param ` offers what it does; `.param set ` and `.param unset ` the names set.
            let words = argument.split(separator: " ", omittingEmptySubsequences: false)
            if words.count == 1 { return matching(argument, ParameterCommand.words) }
            if words.count == 2, ["set", "unset"].contains(words[0].lowercased()) { return matching(String(words[1]), parameters) }
            return Completion(word: String(words.last ?? ""), candidates: [])
        default: return Completion(word: argument, candidates: [])
        }
    }

    /// Files and folders starting with the typed path; folders end with `/`.
    static func paths(_ typed: String) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let stem = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var candidates: [String] = []
        for name in FileSystem.list(folder.isEmpty ? "." : folder) where name.hasPrefix(stem) {
            if name.hasPrefix("."), !stem.hasPrefix(".") { continue }
            candidates.append(folder + name + (FileSystem.isDirectory(folder + name) ? "/" : ""))
        }
        return Completion(word: typed, candidates: candidates.sorted())
    }

    // MARK: statements

    /// The value words of a column: what may follow `column =` or `column in (`, from the
    /// column catalog.
    static func values(of column: String, store: Store) -> [String]? {
        Vocabulary.values(of: column, in: store)
    }

    static func statement(_ before: String, store: Store) -> Completion {
        let word = partialWord(before)
        let words = before.dropLast(word.count).split { $0 == " " || $0 == "\t" || $0 == "\n" }
            .flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.isEmpty ? "," : $0 } }
            .flatMap { piece -> [Substring] in piece == "(" ? ["("] : piece.hasPrefix("(") ? ["(", piece.dropFirst()] : [piece] }
            .map { $0.lowercased() }
        // Area groups: `area in ` offers the groups, `authorities of ` the areas they take.
        if let group = areaGroup(words, store: store) { return group(word) }
        // The column a value is being given for: `area = `, `code in (A10, `.
        var position = words.count - 1
        while position >= 0, [",", "("].contains(words[position]) || (position < words.count - 1 && words[position + 1] == ",") {
            position -= 1
        }
        if position >= 1, ["=", "!=", "in", "<>"].contains(words[position]) || words[position] == "(" {
            if let values = values(of: words[position - 1], store: store) { return valueNames(word, values, of: words[position - 1]) }
        }
        if let last = words.last {
            if ["=", "!="].contains(last), words.count >= 2, let values = values(of: words[words.count - 2], store: store) {
                return valueNames(word, values, of: words[words.count - 2])
            }
            if let open = words.lastIndex(of: "("), open >= 2, words[open - 1] == "in", !words[open...].contains(")"),
               let values = values(of: words[open - 2], store: store) {
                return valueNames(word, values, of: words[open - 2])
            }
            // What follows the word that opens a statement, by its kind.
            if let keyword = Keyword(rawValue: last), let kind = StatementKind.opened(by: keyword) {
                switch kind.firstOperand {
                case .indicator: return names(word, indicatorCodes(store))
                case .areaLevel: return matching(word, rankLevels)
                case .forArea: return matching(word, ["for"])
                case .workedFigure: return matching(word, WorkedFigure.allNames)
                case .columns, .aggregation: break
                }
            }
            // `workings neighbours_mean of ReReferral for Kent in 2025`: `of`, then the indicator.
            if words.first == Keyword.workings.rawValue {
                if words.count == 2 { return matching(word, [ofWord]) }
                if last == ofWord { return names(word, indicatorCodes(store)) }
            }
            switch last {
            case "for": return names(word, store.areas.map(\.name))
            case "with": return matching(word, Vocabulary.comparators)
            case "by" where words.count >= 2 && rankLevels.contains(words[words.count - 2]):
                return names(word, indicatorCodes(store))
            case "by" where words.first == "chart" && words.count == 3: return matching(word, rankLevels)
            case highlightWord where words.first == "chart": return names(word, store.areas.map(\.name))
            case pivotWord: return matching(word, ["by"])
            case "by" where words.count >= 2 && words[words.count - 2] == pivotWord:
                return matching(word, Vocabulary.columns)
            default: break
            }
            if words.contains("with"), words.first == "compare", !words.contains("where"), !words.contains("for"), last == "," {
                return matching(word, Vocabulary.comparators)
            }
            // `chart A10 for Kent with england, `: another comparator.
            if words.first == "chart", words.contains("with"), last == ",", !words.contains("from"), !words.contains("where") {
                return matching(word, Vocabulary.comparators)
            }
            // `trend A3 for Kent, `, `compare A10 with england for Kent, `: another area to set beside it.
            if ["trend", "compare", "chart"].contains(words.first), words.contains("for"), last == ",", !words.contains("from"), !words.contains("where") {
                return names(word, store.areas.map(\.name))
            }
        }
        let keywords = Keyword.allCases.map(\.rawValue) + [pivotWord] + placeWords + (words.first == "chart" ? [highlightWord] : [])
        return matching(word, Array(Set(keywords + Vocabulary.columns)).sorted() + indicatorCodes(store))
    }

    /// The word between a workings' figure and its indicator, and in area groups: a word,
    /// not a reserved keyword.
    static let ofWord = "of"

    /// The clause that sets a column's values out as columns: a word, not a reserved keyword.
    static let pivotWord = "pivot"

    /// Words of the language in one place each, not reserved keywords: `having` after an
    /// aggregate's filter, `per` after a show's limit, `like` in a condition, `distinct`
    /// in `count(distinct …)`.
    static let placeWords = ["having", "per", "like", "distinct"]

    /// The word of a bar chart that picks out an area: a word, not a reserved keyword.
    static let highlightWord = "highlight"

    /// The levels `rank` ranks and `chart … by` draws.
    static let rankLevels = ["authorities", "districts", "regions"]

    /// What an area group offers: after `area in` (or `area not in`), the group words; after
    /// one of them, `of`; after `authorities of`, the regions and England; after
    /// `districts of`, the areas with districts; after `neighbours of`, the authorities with
    /// neighbours. Nil elsewhere.
    static func areaGroup(_ words: [String], store: Store) -> ((String) -> Completion)? {
        let groups = ["authorities", "districts", "neighbours"]
        func follows(_ expected: String, at position: Int) -> Bool { position >= 0 && position < words.count && words[position] == expected }
        func afterIn(_ position: Int) -> Bool {
            follows("in", at: position) && (follows("area", at: position - 1) || (follows("not", at: position - 1) && follows("area", at: position - 2)))
        }
        let last = words.count - 1
        if afterIn(last) { return { word in matching(word, groups) } }
        if last >= 1, groups.contains(words[last]), afterIn(last - 1) { return { word in matching(word, ["of"]) } }
        guard last >= 2, words[last] == "of", afterIn(last - 2) else { return nil }
        let areas = store.areas
        switch words[last - 1] {
        case "authorities":
            return { word in names(word, areas.filter { $0.type == .region || $0.type == .national }.map(\.name)) }
        case "districts":
            let parents = Set(areas.filter { $0.type == .district }.compactMap(\.parent))
            var containers = Set<Int>()
            for parent in parents {
                var current: Int? = parent
                while let step = current { containers.insert(step); current = areas[step].parent }
            }
            let names = containers.map { areas[$0].name }
            return { word in Completion.names(word, names) }
        case "neighbours":
            return { word in names(word, areas.filter { !$0.neighbours.isEmpty }.map(\.name)) }
        default:
            return nil
        }
    }

    /// The word being typed: from an unclosed `"` to the end, else the trailing letters,
    /// digits and `_`.
    static func partialWord(_ before: String) -> String {
        if before.filter({ $0 == "\"" }).count % 2 == 1, let quote = before.lastIndex(of: "\"") {
            return String(before[quote...])
        }
        return String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
    }

    /// A column's values as names, but for `period`, whose `latest`, `previous` and
    /// `last` are keywords the parser takes bare (quoted, they would be refused).
    static func valueNames(_ word: String, _ values: [String], of column: String) -> Completion {
        column == "period" ? matching(word, values) : names(word, values)
    }

    static func indicatorCodes(_ store: Store) -> [String] {
        Array(Set(store.indicators.map(\.code))).sorted()
    }

    /// Names, quoted where the language needs quotes (spaces, punctuation, keywords).
    static func names(_ word: String, _ all: [String]) -> Completion {
        let quoted = word.hasPrefix("\"")
        let typed = (quoted ? word.dropFirst() : Substring(word)).lowercased()
        var candidates: [String] = []
        for name in Set(all) where name.lowercased().hasPrefix(typed) {
            candidates.append(quoted || !isBare(name) ? "\"" + name : name)
        }
        candidates.sort { $0.drop { $0 == "\"" } < $1.drop { $0 == "\"" } }
        let closing = candidates.count == 1 && candidates[0].hasPrefix("\"") ? "\"" : ""
        return Completion(word: word, candidates: candidates, closing: closing)
    }

    static func isBare(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && Keyword(rawValue: name.lowercased()) == nil
    }

    static func matching(_ word: String, _ all: [String]) -> Completion {
        Completion(word: word, candidates: all.filter { $0.lowercased().hasPrefix(word.lowercased()) }.sorted())
    }
}
