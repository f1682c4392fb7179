#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum ScryVersion {
    public static let current = "0.1.0"
}

/// A buffered text stream over a file descriptor (standard output, standard error, or a
/// file opened by `.output`).
public final class FileOutput: TextOutputStream {
    public let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Written before this stream writes: standard error flushes standard output first,
    /// so that the two interleave in order on a terminal.
    private let flushFirst: FileOutput?
    private let flushesEveryWrite: Bool

    public init(descriptor: Int32, flushFirst: FileOutput? = nil, flushesEveryWrite: Bool = false) {
        self.descriptor = descriptor
        self.flushFirst = flushFirst
        self.flushesEveryWrite = flushesEveryWrite
        buffer.reserveCapacity(1 << 16)
    }

    deinit { flush() }

    public func write(_ string: String) {
        flushFirst?.flush()
        buffer.append(contentsOf: string.utf8)
        if flushesEveryWrite || buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                break  // a closed pipe: nothing more can be written
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// A file opened for writing (created, or emptied), or nil with the reason.
    public static func create(path: String) -> (FileOutput?, String?) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return (nil, String(cString: strerror(errno)).lowercased()) }
        return (FileOutput(descriptor: descriptor), nil)
    }

    /// Flushes, then closes the descriptor (never standard output's or error's).
    public func close() {
        flush()
        if descriptor > STDERR_FILENO { _ = Glibc.close(descriptor) }
    }

    // The shell runs on one thread; these two streams are the process's own.
    nonisolated(unsafe) public static let standardOutput = FileOutput(descriptor: STDOUT_FILENO)
    nonisolated(unsafe) public static let standardError = FileOutput(descriptor: STDERR_FILENO, flushFirst: standardOutput, flushesEveryWrite: true)
}

/// Collects what is written, for tests and for capturing output.
public final class StringOutput: TextOutputStream {
    public private(set) var text = ""
    public init() {}
    public func write(_ string: String) { text += string }
}

/// The terminal's width in columns, when standard output is one.
func terminalWidth() -> Int? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}
