/// Named values a statement uses as `:name`: set with `--param NAME=VALUE` on the command
/// line or `.param set NAME VALUE` in the shell or a script.
///
/// From sqlite3's shell (sqlite.org/cli.html, "SQL Parameters"): the `:name` spelling, and
/// `.param set`, `.param unset`, `.param list` and `.param clear` to manage them; psql's
/// `\set` keeps its variables across statements the same way. Unlike sqlite3, which binds
/// NULL to a parameter nobody set, scry refuses the statement, at the parameter, before
/// anything runs. A value is data: it takes the place of the parameter as one number,
/// string, name or period (`Statement+Parameters.swift`), never as statement text.
public struct Parameters: Hashable, Sendable {
    public private(set) var values: [String: String] = [:]

    public init(_ values: [String: String] = [:]) {
        for (name, value) in values { set(name, to: value) }
    }

    public subscript(name: String) -> String? { values[name] }

    /// The names set, sorted.
    public var names: [String] { values.keys.sorted() }

    public var isEmpty: Bool { values.isEmpty }

    /// Names are case-sensitive, as in sqlite3 and psql.
    public mutating func set(_ name: String, to value: String) {
        precondition(Self.isValidName(name), "parameter names are checked where they are written")
        values[name] = value
    }

    public mutating func unset(_ name: String) { values[name] = nil }

    public mutating func clear() { values = [:] }

    /// A name as the lexer reads one after ':': a letter or '_', then letters, digits or '_'.
    public static func isValidName(_ name: String) -> Bool { Lexer.isName(name) }

    /// `la=Kent`, as `--param` takes it: the name before the first '=', the value after it
    /// (which may hold '=' and spaces, or be empty, but not a line end); any other form is a
    /// failure that says why.
    public static func assignment(_ text: String) -> Result<(name: String, value: String), AssignmentError> {
        guard let equals = text.firstIndex(of: "=") else {
            return .failure(AssignmentError("expected NAME=VALUE, such as la=Kent, found '\(text)'"))
        }
        let name = String(text[..<equals])
        guard isValidName(name) else {
            return .failure(AssignmentError("'\(name)' is not a parameter name: a letter or '_' first, then letters, digits or '_'"))
        }
        let value = String(text[text.index(after: equals)...])
        // One line, as a `.param set` value is: no name, number or period holds a line end,
        // and messages that quote the value stay one line each.
        guard !value.contains(where: \.isNewline) else {
            return .failure(AssignmentError("the value of '\(name)' holds a line end: a value is one line"))
        }
        return .success((name, value))
    }

    public struct AssignmentError: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}
