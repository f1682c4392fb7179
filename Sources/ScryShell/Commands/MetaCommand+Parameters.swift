import ScryEngine
import ScryLanguage
import ScrySpelling

/// What a `.param` line asks for, as sqlite3's `.parameter` does (sqlite.org/cli.html,
/// "SQL Parameters"): `list` (or nothing), `set NAME VALUE`, `unset NAME`, `clear`.
enum ParameterCommand: Equatable {
    case list
    case set(String, String)
    case unset(String)
    case clear

    static let words = ["list", "set", "unset", "clear"]

    /// The command in `.param`'s argument text, or what is wrong with it. VALUE is the rest
    /// of the line, taken as it is (spaces and all), without the quotes around it if it has
    /// a pair: `.param set la "Tonbridge and Malling"`.
    static func parse(_ arguments: String) -> Result<ParameterCommand, ParameterCommandError> {
        let word = String(arguments.prefix { !$0.isWhitespace })
        let rest = arguments.dropFirst(word.count).trimmingWhitespace()
        let name = String(rest.prefix { !$0.isWhitespace })
        switch word.lowercased() {
        case "", "list":
            return rest.isEmpty ? .success(.list) : .failure(.init("expected nothing after .param list, found '\(rest)'"))
        case "clear":
            return rest.isEmpty ? .success(.clear) : .failure(.init("expected nothing after .param clear, found '\(rest)'"))
        case "set", "unset":
            guard Parameters.isValidName(name) else {
                let usage = word.lowercased() == "set" ? ("set NAME VALUE", "set la Kent") : ("unset NAME", "unset la")
                return .failure(.init(name.isEmpty ? "expected .param \(usage.0), such as .param \(usage.1)"
                                      : "'\(name)' is not a parameter name: a letter or '_' first, then letters, digits or '_'"))
            }
            let value = rest.dropFirst(name.count).trimmingWhitespace()
            if word.lowercased() == "unset" {
                return value.isEmpty ? .success(.unset(name)) : .failure(.init("expected nothing after .param unset \(name), found '\(value)'"))
            }
            guard !value.isEmpty else { return .failure(.init("expected a value after .param set \(name) (\"\" for an empty one)")) }
            return .success(.set(name, Session.path(value)))
        default:
            return .failure(.init("unknown .param command '\(word)': expected list, set, unset or clear",
                                  note: Spelling.didYouMean(word, among: words)))
        }
    }

    struct ParameterCommandError: Error {
        var message: String
        var note: String?
        init(_ message: String, note: String? = nil) {
            self.message = message
            self.note = note
        }
    }
}

extension Session {
    /// Sets the parameters of `--param NAME=VALUE` options, the last of a name winning
    /// (`malformedParameter` has checked them).
    public func setParameters(_ assignments: [String]) {
        for text in assignments {
            if case .success(let (name, value)) = Parameters.assignment(text) { parameters.set(name, to: value) }
        }
    }

    /// What is wrong with the first malformed `--param` option, if one is.
    public static func malformedParameter(in assignments: [String]) -> String? {
        for text in assignments {
            if case .failure(let problem) = Parameters.assignment(text) { return problem.message }
        }
        return nil
    }

    /// `.param`: lists the parameters as a result (like `.datasets`), or sets, unsets or
    /// clears them.
    func parameter(_ at: Argument) -> Bool {
        switch ParameterCommand.parse(at.text) {
        case .failure(let problem):
            return fail(at, problem.message, note: problem.note)
        case .success(.list):
            var table = ResultTable(columns: [.init("name"), .init("value")])
            table.rows = parameters.names.map { [.text($0), .text(parameters[$0] ?? "")] }
            return write(table, kind: "parameters")
        case .success(let command):
            parameters.apply(command)
        }
        return true
    }

    /// Each statement's parameters against the values they will have when it runs: those
    /// set now, changed by the script's own `.param` lines above it. A `.read` may set any,
    /// so the statements after one are checked as each runs instead.
    func parameterProblems(in steps: [ScriptText.Step]) -> [Diagnostic] {
        var values = parameters
        var problems: [Diagnostic] = []
        for step in steps {
            switch step {
            case .meta(let line, _):
                let (name, arguments) = MetaCommand.split(line)
                switch name.lowercased() {
                case "read": return problems
                case "param", "parameter":
                    if case .success(let command) = ParameterCommand.parse(arguments) { values.apply(command) }
                default: break
                }
            case .statement(let statement):
                problems += statement.binding(values).diagnostics
            }
        }
        return problems
    }
}

extension Parameters {
    mutating func apply(_ command: ParameterCommand) {
        switch command {
        case .list: break
        case .set(let name, let value): set(name, to: value)
        case .unset(let name): unset(name)
        case .clear: clear()
        }
    }
}
