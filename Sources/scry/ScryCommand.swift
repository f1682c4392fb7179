import ArgumentParser
import ScryShell
import ScryStore

/// The command line: `scry [OPTIONS] [-c COMMAND] [FILE...]`.
struct ScryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scry",
        abstract: "A query shell for children's services performance indicators.",
        discussion: """
            With no FILE and no -c, scry starts an interactive shell on a terminal, or reads a script from standard input. \
            Exit status: 0 when everything succeeded, 1 when a statement or a load failed, 2 for bad usage.
            """,
        version: "scry \(ScryVersion.current)"
    )

    @Option(name: .customLong("data"), help: ArgumentHelp("Load a dataset folder, LAIT folder, DfE statistics file or snapshot instead of the built-in dataset (repeatable).", valueName: "PATH"))
    var data: [String] = []

    // Unconditional: `-c '-- a comment'` or `-c '-1'` is the command, not an option.
    @Option(name: .customShort("c"), parsing: .unconditional, help: ArgumentHelp("Run one statement or meta-command, then exit.", valueName: "COMMAND"))
    var command: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("How results are written: \(OutputFormat.names).", valueName: "FORMAT"))
    var format: String = "table"

    @Option(name: .customLong("param"), help: ArgumentHelp("Give :NAME in statements the value VALUE, as one name, number or period, never as statement text (repeatable).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Flag(name: .customLong("echo"), help: "Write each command out before running it.")
    var echo = false

    @Flag(inversion: .prefixedNo, help: "Stop at the first failing statement (the default in batch mode).")
    var bail = true

    @Option(name: .customLong("init"), help: ArgumentHelp("Run FILE first (instead of the start-up file, in the interactive shell).", valueName: "FILE"))
    var initFile: String?

    @Flag(name: .customLong("no-init"), help: "Do not run the start-up file ($XDG_CONFIG_HOME/scry/scryrc or ~/.scryrc).")
    var noInit = false

    @Argument(help: ArgumentHelp("Query files to run, in order.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        guard OutputFormat(rawValue: format.lowercased()) != nil else {
            throw ValidationError("unknown format '\(format)': expected \(OutputFormat.names)")
        }
        if command != nil, !files.isEmpty { throw ValidationError("give -c or query files, not both") }
        if let problem = Session.malformedParameter(in: parameters) { throw ValidationError("--param: \(problem)") }
    }

    mutating func run() throws {
        let errors = FileOutput.standardError
        defer { FileOutput.standardOutput.flush() }
        var store = Store()
        if data.isEmpty {
            do {
                store = try BuiltInDataset.load()
            } catch {
                errors.write("scry: the built-in dataset failed to load (a defect):\n\(error)\n")
                throw ExitCode(1)
            }
        }
        let session = Session(store: store, output: FileOutput.standardOutput, errors: errors)
        session.format = OutputFormat(rawValue: format.lowercased()) ?? .table
        session.setParameters(parameters)
        session.echo = echo
        session.bail = bail
        session.isTerminal = isatty(STDOUT_FILENO) == 1
        session.colour = session.isTerminal && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        session.unicode = TerminalOptions.localeIsUTF8(["LC_ALL", "LC_CTYPE", "LANG"].reduce(into: [:]) { environment, name in
            environment[name] = getenv(name).map { String(cString: $0) }
        })
        let interactive = command == nil && files.isEmpty && standardInputIsTerminal()
        session.summarisesKnownQuirks = !interactive
        for path in data where !session.load(folder: path) { throw ExitCode(1) }
        // The start-up file: --init anywhere; the user's own only in the interactive shell,
        // so that scripts give the same answers whoever runs them.
        if let initFile {
            guard runFile(initFile, in: session) else { throw ExitCode(1) }
        } else if interactive, !noInit, let startup = StartupFiles.configuration() {
            _ = runFile(startup, in: session)
        }
        var succeeded = true
        if let command {
            succeeded = session.runScript(command, name: "-c")
        } else if !files.isEmpty {
            for file in files where succeeded || !bail {
                succeeded = runFile(file, in: session) && succeeded
            }
        } else if interactive, let reader = EditLineReader(historyPath: StartupFiles.history()) {
            reader.completer = { [session] before in Completion.complete(before, store: session.store, parameters: session.parameters.names) }
            InteractiveShell.catchInterrupts()
            FileOutput.standardOutput.write(InteractiveShell.banner(for: session.store))
            InteractiveShell(session: session, reader: reader).run()
            if !session.finish() { throw ExitCode(1) }
            return
        } else {
            do {
                let bytes = try FileSystem.readStream(STDIN_FILENO, limit: ScriptText.maximumSize)
                succeeded = session.runScript(String(decoding: bytes, as: UTF8.self), name: "stdin")
            } catch {
                errors.write("scry: cannot read standard input: \(error.reason)\n")
                succeeded = false
            }
        }
        if !session.finish() || !succeeded { throw ExitCode(1) }
    }

    private func runFile(_ path: String, in session: Session) -> Bool {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: ScriptText.maximumSize)
        } catch {
            FileOutput.standardError.write("scry: \(error.message(path))\n")
            return false
        }
        return session.runScript(String(decoding: bytes, as: UTF8.self), name: path)
    }
}
