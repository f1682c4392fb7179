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
