import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing through libedit: emacs bindings by default, the user's `~/.editrc`
/// (which may choose vi), and in-memory history.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    /// The prompt libedit asks for through `promptCallback`; kept alive as a C string.
    private var promptBuffer: UnsafeMutablePointer<CChar>

    public init?(program: String = "scry") {
        // Streams of libedit's own over the standard descriptors (Swift 6 cannot name C's
        // global stdin/stdout/stderr).
        guard let input = fdopen(STDIN_FILENO, "r"), let output = fdopen(STDOUT_FILENO, "w"),
              let errors = fdopen(STDERR_FILENO, "w"),
              let editLine = el_init(program, input, output, errors), let history = history_init()
        else { return nil }
        self.editLine = editLine
        self.history = history
        promptBuffer = strdup("scry> ")
        scry_history_set_size(history, &event, 1000)
        scry_history_set_unique(history, &event, 1)
        scry_el_set_history(editLine, history)
        scry_el_set_editor(editLine, "emacs")
        scry_el_set_signal(editLine, 1)
        scry_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        scry_el_set_prompt(editLine) { editLine in
            guard let editLine, let data = scry_el_get_client_data(editLine) else { return nil }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
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
        var count: Int32 = 0
        guard let line = el_gets(editLine, &count), count > 0 else {
            // End of input (Ctrl-D): finish the prompt's line so the caller's shell starts clean.
            _ = write(STDOUT_FILENO, "\n", 1)
            return nil
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    public func addHistory(_ line: String) {
        scry_history_enter(history, &event, line)
    }
}
