import CEditLine
import ScryStore

/// Line editing through libedit: emacs bindings by default, the user's `~/.editrc`
/// (which may choose vi), history kept in a file that shells share, Tab completion, Ctrl-C
/// that cancels the line, and Ctrl-Z that suspends the shell.
///
/// The terminal is set `-isig` while a line is edited, so Ctrl-C and Ctrl-Z arrive as keys
/// rather than signals; each is bound to a function here.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    /// The prompt libedit asks for through `promptCallback`; kept alive as a C string.
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// Where history is kept across runs; nil to keep none.
    private let historyFile: HistoryFile?
    /// Whether Ctrl-Z may stop the process: not when it was started with SIGTSTP ignored
    /// (by a shell without job control), as the terminal would not stop it either.
    private let suspendable: Bool
    /// Candidates for the word before the cursor (Tab).
    public var completer: ((String) -> Completion)?
    /// Set by the Ctrl-C key binding for `readLine` to report.
    private var cancelled = false
    public private(set) var lastLineWasCancelled = false

    /// The entries kept in each shell's list, and in the file once compacted.
    public static let historySize = 1000

    public init?(program: String = "scry", historyPath: String? = nil, historySize: Int = historySize) {
        // Streams of libedit's own over the standard descriptors (Swift 6 cannot name C's
        // global stdin/stdout/stderr).
        guard let input = fdopen(STDIN_FILENO, "r"), let output = fdopen(STDOUT_FILENO, "w"),
              let errors = fdopen(STDERR_FILENO, "w"),
              let editLine = el_init(program, input, output, errors), let history = history_init()
        else { return nil }
        self.editLine = editLine
        self.history = history
        historyFile = historyPath.map { HistoryFile(path: $0, size: historySize) }
        suspendable = !Self.isIgnored(SIGTSTP)
        promptBuffer = strdup("scry> ")
        scry_history_set_size(history, &event, Int32(clamping: historySize))
        scry_history_set_unique(history, &event, 1)
        if let historyPath { scry_history_load(history, &event, historyPath) }
        scry_el_set_history(editLine, history)
        scry_el_set_editor(editLine, "emacs")
        scry_el_set_signal(editLine, 1)
        scry_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        scry_el_set_prompt(editLine) { editLine in
            guard let editLine, let data = scry_el_get_client_data(editLine) else { return nil }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        scry_el_add_function(editLine, "scry-complete", "complete the word before the cursor") { editLine, _ in
            guard let editLine, let data = scry_el_get_client_data(editLine) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        scry_el_add_function(editLine, "scry-cancel", "cancel the line") { editLine, _ in
            guard let editLine, let data = scry_el_get_client_data(editLine) else { return UInt8(CC_ERROR) }
            Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().cancelled = true
            _ = write(STDOUT_FILENO, "^C\n", 3)
            return UInt8(CC_NEWLINE)
        }
        scry_el_add_function(editLine, "scry-suspend", "suspend scry, as Ctrl-Z does outside it") { editLine, _ in
            guard let editLine, let data = scry_el_get_client_data(editLine) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().suspend()
        }
        scry_el_bind(editLine, "^I", "scry-complete")
        scry_el_bind(editLine, "^C", "scry-cancel")
        scry_el_bind(editLine, "^Z", "scry-suspend")
        scry_el_set_edit_mode_without_signals(editLine)
        // The user's ~/.editrc last, so that it can change any of the above.
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    public func readLine(prompt: String) -> String? {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        cancelled = false
        var count: Int32 = 0
        let line = el_gets(editLine, &count)
        // Ctrl-C on an empty line comes back with nothing read, but is no end of input.
        lastLineWasCancelled = cancelled
        if cancelled { return "" }
        guard let line, count > 0 else {
            // End of input (Ctrl-D): finish the prompt's line so the caller's shell starts clean.
            _ = write(STDOUT_FILENO, "\n", 1)
            return nil
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Adds an entry to this shell's list, and appends it to the history file at once, so
    /// that a crash or a kill later loses nothing and other shells' entries stay. A line the
    /// same as the one before it is not added again.
    public func addHistory(_ line: String) {
        if scry_history_first(history, &event) >= 0, let newest = event.str, String(cString: newest) == line { return }
        scry_history_enter(history, &event, line)
        historyFile?.append(line)
    }

    /// This shell's history list, oldest first.
    var historyEntries: [String] { HistoryFile.entries(of: history) }

    /// Ctrl-Z: stops the process group, as the terminal's own Ctrl-Z does, with the terminal
    /// put back as it was while stopped, and the line redrawn on `fg`.
    ///
    /// libedit's handler for SIGTSTP (`EL_SIGNAL`) would do the same, but only once per line:
    /// it puts back the action it replaced and re-raises, so it is not there for a second
    /// Ctrl-Z. Here the terminal is set around a default stop directly, every time.
    private func suspend() -> UInt8 {
        guard suspendable else { return UInt8(CC_REFRESH_BEEP) }
        _ = write(STDOUT_FILENO, "^Z\n", 3)
        scry_el_prepare_terminal(editLine, 0)
        var previous = sigaction()
        sigaction(SIGTSTP, nil, &previous)
        signal(SIGTSTP, SIG_DFL)
        // A parent may have blocked it (the mask is inherited across exec).
        var stopSignal = sigset_t(), mask = sigset_t()
        sigemptyset(&stopSignal)
        sigaddset(&stopSignal, SIGTSTP)
        sigprocmask(SIG_UNBLOCK, &stopSignal, &mask)
        // The whole process group, as the terminal stops it (`scry | tee log` stops as one).
        kill(0, SIGTSTP)
        // Here again after SIGCONT (`fg`).
        sigprocmask(SIG_SETMASK, &mask, nil)
        sigaction(SIGTSTP, &previous, nil)
        scry_el_prepare_terminal(editLine, 1)
        return UInt8(CC_REDISPLAY)
    }

    private static func isIgnored(_ signal: Int32) -> Bool {
        var action = sigaction()
        guard sigaction(signal, nil, &action) == 0 else { return false }
        #if canImport(Glibc)
        let handler = action.__sigaction_handler.sa_handler
        #else
        let handler = action.__sigaction_u.__sa_handler
        #endif
        return handler.map { unsafeBitCast($0, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) } ?? false
    }

    /// Tab: completes the word before the cursor as far as the candidates agree; lists them
    /// when they go different ways.
    private func complete() -> UInt8 {
        guard let completer, let info = el_line(editLine) else { return UInt8(CC_ERROR) }
        let length = info.pointee.cursor - info.pointee.buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: info.pointee.buffer, count: length), as: UTF8.self)
        let completion = completer(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = completion.commonPrefix
        if completion.candidates.count == 1 || common.count > completion.word.count {
            el_deletestr(editLine, Int32(completion.word.count))
            var insertion = common
            if completion.candidates.count == 1, !common.hasSuffix("/") { insertion += completion.closing + " " }
            el_insertstr(editLine, insertion)
            return UInt8(CC_REFRESH)
        }
        let listing = "\n" + Completion.columns(completion.candidates, width: terminalWidth() ?? 80)
        _ = listing.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        return UInt8(CC_REDISPLAY)
    }
}
