import ArgumentParser
import ScryShell
import ScryStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line: `scry [--data PATH]... [-c COMMAND] [FILE...]`.
struct ScryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scry",
        abstract: "A query shell for children's services performance indicators.",
        discussion: "With no FILE and no -c, scry starts an interactive shell on a terminal, or reads a script from standard input.",
        version: "scry \(ScryVersion.current)"
    )

    @Option(name: .customLong("data"), help: ArgumentHelp("Load a dataset folder instead of the built-in dataset (repeatable).", valueName: "PATH"))
    var data: [String] = []

    @Option(name: .customShort("c"), help: ArgumentHelp("Run one statement or meta-command, then exit.", valueName: "COMMAND"))
    var command: String?

    @Argument(help: ArgumentHelp("Query files to run, in order.", valueName: "FILE"))
    var files: [String] = []

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
        for path in data where !session.load(folder: path) { throw ExitCode(1) }
        var succeeded = true
        if let command {
            succeeded = session.runScript(command, name: "-c")
        } else if !files.isEmpty {
            for file in files where succeeded {
                guard let bytes = DatasetSource.readFile(file) else {
                    errors.write("scry: cannot read '\(file)'\n")
                    throw ExitCode(1)
                }
                succeeded = session.runScript(String(decoding: bytes, as: UTF8.self), name: file)
            }
        } else if standardInputIsTerminal(), let reader = EditLineReader() {
            FileOutput.standardOutput.write(InteractiveShell.banner(for: session.store))
            InteractiveShell(session: session, reader: reader).run()
            return
        } else {
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            succeeded = session.runScript(text, name: "stdin")
        }
        if !succeeded { throw ExitCode(1) }
    }
}
