import ScryEngine
import ScryLanguage
import ScryStore

/// The interactive loop: reads lines until a statement is complete (showing a
/// continuation prompt meanwhile), runs it, and goes on until the input ends or `.quit`.
/// A meta-command is one line. A multi-line statement is one history entry.
public struct InteractiveShell {
    public var session: Session
    public var reader: any LineReader
    public var prompt = "scry> "
    public var continuationPrompt = "  ...> "

    public init(session: Session, reader: any LineReader) {
        self.session = session
        self.reader = reader
    }

    /// What the shell says when it starts: what is loaded, and where help is.
    public static func banner(for store: Store) -> String {
        let datasets = store.datasets.count
        return "scry \(ScryVersion.current): \(datasets) dataset\(datasets == 1 ? "" : "s") loaded (\(formatCount(store.observations.count)) observations). Type .help for help.\n"
    }

    /// Ctrl-C while a statement runs stops the statement, not the shell (at the prompt,
    /// libedit reads Ctrl-C as a key that cancels the line).
    public static func catchInterrupts() {
        signal(SIGINT) { _ in Interruption.request() }
        // A parent may have blocked it (the mask is inherited across exec).
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)
    }

    public func run() {
        var pending: [String] = []
        session.flush()
        while !session.wantsToQuit, let line = reader.readLine(prompt: pending.isEmpty ? prompt : continuationPrompt) {
            if reader.lastLineWasCancelled {
                // Ctrl-C: the line, and any statement begun above it, are dropped.
                pending = []
                continue
            }
            if pending.isEmpty && ScriptText.isMetaCommand(line) {
                reader.addHistory(line)
                session.runScript(line, name: "stdin", bail: false)
                session.flush()
                continue
            }
            if pending.isEmpty && line.trimmingWhitespace().isEmpty { continue }
            pending.append(line)
            let text = pending.joined(separator: "\n")
            guard Parser.isComplete(text) else { continue }
            reader.addHistory(pending.map { $0.trimmingWhitespace() }.joined(separator: " "))
            session.runScript(text, name: "stdin", bail: false)
            session.flush()
            pending = []
        }
    }
}
