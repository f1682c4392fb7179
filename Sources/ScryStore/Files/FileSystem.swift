import Dispatch

/// `read(2)`, by a name that the static `read` below does not hide.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Reading files and folders for the loaders, the scripts and the shell. Only regular files
/// are read, so a FIFO or a device named like a data file is refused instead of blocking or
/// reading for ever, and every refusal says why in words a user can act on.
public enum FileSystem {
    /// Why a file could not be read: a lowercase phrase to follow its quoted name.
    public struct Problem: Error, Sendable, Equatable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }

        /// `cannot read 'PATH': REASON`.
        public func message(_ path: String) -> String { "cannot read '\(path)': \(reason)" }
    }

    /// The system's reason for the last failed call, lowercased.
    public static func reason(_ code: Int32 = errno) -> String {
        switch code {
        case ELOOP: "too many levels of symbolic links (a symbolic link loop)"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// What kind of thing is at `path` when it is not a regular file.
    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "it is a folder"
        case S_IFIFO: "it is a named pipe (FIFO), not a file"
        case S_IFCHR, S_IFBLK: "it is a device, not a file"
        case S_IFSOCK: "it is a socket, not a file"
        default: "it is not a regular file"
        }
    }

    /// The whole of a regular file, at most `limit` bytes. Read straight into an array made
    /// as large as the file; a large one in two parts at once.
    public static func read(_ path: String, limit: Int = .max) throws(Problem) -> [UInt8] {
        // Non-blocking, so that opening a FIFO never waits for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Problem(openFailure(path)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Problem(reason()) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Problem(kind(status.st_mode)) }
        let size = max(Int(status.st_size), 0)
        guard size <= limit else { throw Problem("it is \(size) bytes, more than the \(limit) this reads") }
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            if size >= FileParts.threshold, let base = buffer.baseAddress {
                let parts = FileParts(descriptor: descriptor, base: base, size: size)
                DispatchQueue.concurrentPerform(iterations: parts.count) { parts.read($0) }
                guard parts.failure == 0 else { failure = parts.failure; return }
                count = parts.contiguous
                if lseek(descriptor, off_t(count), SEEK_SET) < 0 { failure = errno }
                return
            }
            while count < size {
                let got = readBytes(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0, errno == EINTR { continue }
                if got < 0 { failure = errno }
                if got <= 0 { break }
                count += got
            }
        }
        guard failure == 0 else { throw Problem(reason(failure)) }
        // A file that grew while it was read is read on, within the limit.
        try readToEnd(descriptor, appendingTo: &bytes, limit: limit)
        return bytes
    }

    /// Why `open` failed, naming a dangling symbolic link as such.
    private static func openFailure(_ path: String) -> String {
        let code = errno
        var status = stat()
        if code == ENOENT, lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
            return "it is a symbolic link to a file that does not exist"
        }
        return reason(code)
    }

    /// Everything on a stream that has no size to ask (standard input), at most `limit`
    /// bytes.
    public static func readStream(_ descriptor: Int32, limit: Int) throws(Problem) -> [UInt8] {
        var bytes: [UInt8] = []
        try readToEnd(descriptor, appendingTo: &bytes, limit: limit)
        return bytes
    }

    /// Reads on to the end, a chunk at a time, refusing to hold more than `limit` bytes.
    private static func readToEnd(_ descriptor: Int32, appendingTo bytes: inout [UInt8], limit: Int) throws(Problem) {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Problem(reason())
            }
            if got == 0 { return }
            guard bytes.count + got <= limit else { throw Problem("it holds more than the \(limit) bytes this reads") }
            bytes.append(contentsOf: chunk[0..<got])
        }
    }

    /// What is at a path, seen through symbolic links; `.broken` for a link that leads
    /// nowhere (or round in a loop), which a loader must report rather than take as absent.
    enum Entry: Equatable, Sendable {
        case missing
        case broken(reason: String)
        case file(size: Int)
        case folder
        case other(reason: String)
    }

    static func entry(_ path: String) -> Entry {
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: return .file(size: Int(status.st_size))
            case S_IFDIR: return .folder
            default: return .other(reason: kind(status.st_mode))
            }
        }
        let code = errno
        if code == ENOENT, lstat(path, &status) != 0 { return .missing }
        if code == ENOENT { return .broken(reason: "it is a symbolic link to a file that does not exist") }
        return .broken(reason: reason(code))
    }

    /// Whether something is at the path, a broken link included.
    static func exists(_ path: String) -> Bool { entry(path) != .missing }

    public static func isDirectory(_ path: String) -> Bool { entry(path) == .folder }

    /// The size of a regular file (not a pipe or device, whose size says nothing).
    static func regularFileSize(_ path: String) -> Int? {
        if case .file(let size) = entry(path) { return size }
        return nil
    }

    /// The names in a folder, sorted; empty when it cannot be read.
    public static func list(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// A large file read in two parts at once, each at its own offset into its own stretch of
/// one buffer: most of the time of reading a large file goes on the fresh memory it is read
/// into, which two processors take in less time than one. Each part writes its own stretch
/// of the buffer and its own entry of `reached` only.
private final class FileParts: @unchecked Sendable {
    static let threshold = 8 << 20
    let count = 2
    private let descriptor: Int32
    private let base: UnsafeMutablePointer<UInt8>
    private let size: Int
    /// Where each part's reading stopped; minus the error number where it failed.
    private let reached: UnsafeMutablePointer<Int>

    init(descriptor: Int32, base: UnsafeMutablePointer<UInt8>, size: Int) {
        self.descriptor = descriptor
        self.base = base
        self.size = size
        reached = .allocate(capacity: count)
        reached.initialize(repeating: 0, count: count)
    }

    deinit { reached.deallocate() }

    private func bounds(_ part: Int) -> Range<Int> {
        size / count * part..<(part == count - 1 ? size : size / count * (part + 1))
    }

    func read(_ part: Int) {
        let range = bounds(part)
        var at = range.lowerBound
        while at < range.upperBound {
            let got = pread(descriptor, base + at, range.upperBound - at, off_t(at))
            if got < 0, errno == EINTR { continue }
            if got < 0 {
                reached[part] = -Int(max(errno, 1))
                return
            }
            if got == 0 { break }
            at += got
        }
        reached[part] = at
    }

    /// The error number of a part that failed, or 0.
    var failure: Int32 { (0..<count).lazy.map { self.reached[$0] }.first { $0 < 0 }.map { Int32(-$0) } ?? 0 }

    /// The bytes read from the start without a gap (a file that shrank leaves one).
    var contiguous: Int {
        for part in 0..<count where reached[part] < bounds(part).upperBound { return reached[part] }
        return size
    }
}
