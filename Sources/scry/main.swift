import ArgumentParser
import ScryShell
import ScryStore

// Exit status: 0 success, 1 a statement or load failed, 2 bad command-line usage.
// A reader that goes away (`scry … | head -1`) is seen as a failed write, which ends the
// run quietly, instead of a signal that kills it with a status outside the documented ones.
signal(SIGPIPE, SIG_IGN)
do {
    var command = try ScryCommand.parseAsRoot()
    try command.run()
} catch {
    let code = ScryCommand.exitCode(for: error)
    let message = ScryCommand.fullMessage(for: error)
    if !message.isEmpty {
        // --help and --version are answers, for standard output; the rest are errors.
        (code == .success ? FileOutput.standardOutput : FileOutput.standardError).write(message + "\n")
    }
    FileOutput.standardOutput.flush()
    exit(code == .validationFailure ? 2 : code.rawValue)
}
FileOutput.standardOutput.flush()
