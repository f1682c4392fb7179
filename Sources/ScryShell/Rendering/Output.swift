import ScryStore

public enum ScryVersion {
    public static let current = "0.1.0"
}

/// A buffered text stream over a file descriptor (standard output, standard error, or a
/// file opened by `.output`). A failed write is remembered, never ignored: the session
/// reports it and fails the statement.
public final class FileOutput: TextOutputStream {
    public let descriptor: Int32
    /// How the stream is named in messages: `standard output`, or `'report.csv'`.
    public let name: String
    /// What went wrong with a write, if anything did; later writes are dropped.
    public private(set) var problem: WriteProblem?
    /// For a file that replaces another: renamed into place when closed whole.
    private let replacement: ReplacementFile?
    private var buffer: [UInt8] = []
    /// Written before this stream writes: standard error flushes standard output first,
    /// so that the two interleave in order on a terminal.
    private let flushFirst: FileOutput?
    private let flushesEveryWrite: Bool
    private var closed = false

    public enum WriteProblem: Equatable, Sendable {
        /// The reader went away (a pipe into `head`): nothing more can be written, which
        /// is no error of the data's.
        case readerClosed
        case failed(reason: String)
    }

    public init(descriptor: Int32, name: String = "the output", flushFirst: FileOutput? = nil, flushesEveryWrite: Bool = false) {
        self.descriptor = descriptor
        self.name = name
        self.flushFirst = flushFirst
        self.flushesEveryWrite = flushesEveryWrite
        replacement = nil
        buffer.reserveCapacity(1 << 16)
    }

    private init(replacing file: ReplacementFile) {
        descriptor = file.descriptor
        name = "'\(file.path)'"
        flushFirst = nil
        flushesEveryWrite = false
        replacement = file
        buffer.reserveCapacity(1 << 16)
    }

    deinit { close() }

    public func write(_ string: String) { append(string.utf8) }

    /// Bytes that are no text (a workbook), written as they are.
    public func write(bytes: [UInt8]) { append(bytes) }

    /// Bytes written as they are; a large block straight to the descriptor after what is
    /// buffered, not copied into the buffer first.
    func write(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 1 << 16 else { return append(bytes) }
        flushFirst?.flush()
        flush()
        guard problem == nil else { return }
        writeAll(UnsafeRawBufferPointer(bytes))
        if flushesEveryWrite { flush() }
    }

    private func append(_ bytes: some Collection<UInt8>) {
        flushFirst?.flush()
        guard problem == nil else { return }
        buffer.append(contentsOf: bytes)
        if flushesEveryWrite || buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard problem == nil, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { writeAll($0) }
    }

    /// Writes every byte of `bytes` to the descriptor, or notes why it could not.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                problem = errno == EPIPE ? .readerClosed : .failed(reason: String(cString: strerror(errno)).lowercased())
                return
            }
            offset += written
        }
    }

    /// A file for `.output` and `.once`. A regular file (or none yet) is written beside
    /// its target and renamed over it when closed whole, so a failed or interrupted write
    /// leaves the old file as it was; a symbolic link is followed to the file it names.
    /// Anything else (`/dev/null`, a terminal, a named pipe with a reader) is written
    /// directly, as a shell's redirection would.
    public static func create(path: String) throws(FileSystem.Problem) -> FileOutput {
        var target = path
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        if lstat(target, &status) != 0 || status.st_mode & S_IFMT == S_IFREG {
            return FileOutput(replacing: try ReplacementFile.create(target))
        }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw FileSystem.Problem("it is a folder") }
        // Without waiting for a reader that may never come (a named pipe).
        let descriptor = open(target, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystem.Problem(errno == ENXIO ? "it is a named pipe that nothing reads" : FileSystem.reason()) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return FileOutput(descriptor: descriptor, name: "'\(path)'")
    }

    /// Flushes, then closes the descriptor (never standard output's or error's); a
    /// replacement file takes its target's place only when everything was written.
    /// Returns the problem, if any write or the replacement failed.
    @discardableResult
    public func close() -> WriteProblem? {
        flush()
        guard !closed else { return problem }
        closed = true
        if let replacement {
            if problem == nil {
                do {
                    try replacement.commit()
                } catch {
                    problem = .failed(reason: error.reason)
                }
            } else {
                replacement.abandon()
            }
        } else if descriptor > STDERR_FILENO {
            _ = Glibc.close(descriptor)
        }
        return problem
    }

    /// Closes without putting a replacement file in place (a `.once` whose statement wrote
    /// nothing): the old file, if any, stays as it was.
    public func abandon() {
        guard !closed else { return }
        closed = true
        buffer.removeAll()
        if let replacement { replacement.abandon() } else if descriptor > STDERR_FILENO { _ = Glibc.close(descriptor) }
    }

    // The shell runs on one thread; these two streams are the process's own.
    nonisolated(unsafe) public static let standardOutput = FileOutput(descriptor: STDOUT_FILENO, name: "standard output")
    nonisolated(unsafe) public static let standardError = FileOutput(descriptor: STDERR_FILENO, name: "standard error",
                                                                     flushFirst: standardOutput, flushesEveryWrite: true)
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
