import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing through libedit: emacs bindings by default, the user's `~/.editrc`
/// (which may choose vi), history kept in a file, Tab completion, and Ctrl-C that
/// cancels the line.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    /// The prompt libedit asks for through `promptCallback`; kept alive as a C string.
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// Where history is kept across runs; nil to keep none.
    private let historyPath: String?
    /// Candidates for the word before the cursor (Tab).
    public var completer: ((String) -> Completion)?
    /// Set by the Ctrl-C key binding for `readLine` to report.
    private var cancelled = false
    public private(set) var lastLineWasCancelled = false

    public init?(program: String = "scry", historyPath: String? = nil) {
        // Streams of libedit's own over the standard descriptors (Swift 6 cannot name C's
        // global stdin/stdout/stderr).
        guard let input = fdopen(STDIN_FILENO, "r"), let output = fdopen(STDOUT_FILENO, "w"),
              let errors = fdopen(STDERR_FILENO, "w"),
              let editLine = el_init(program, input, output, errors), let history = history_init()
        else { return nil }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        promptBuffer = strdup("scry> ")
        scry_history_set_size(history, &event, 1000)
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
        scry_el_bind(editLine, "^I", "scry-complete")
        scry_el_bind(editLine, "^C", "scry-cancel")
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

    /// Adds an entry and saves the history file at once (to a temporary file renamed over
    /// the old one), so that a crash or a kill later loses nothing.
    public func addHistory(_ line: String) {
        scry_history_enter(history, &event, line)
        guard let historyPath else { return }
        let temporary = historyPath + ".\(getpid()).tmp"
        if scry_history_save(history, &event, temporary) >= 0 {
            chmod(temporary, 0o600)
            rename(temporary, historyPath)
        } else {
            unlink(temporary)
        }
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
