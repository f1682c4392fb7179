#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The files of one dataset, read into memory: from a folder, or embedded in the program.
public struct DatasetSource: Sendable {
    public var name: String
    /// How files are named in messages: a folder path, or `built-in:NAME`.
    public var location: String
    /// File name → contents, for the files that exist and were read.
    public var files: [String: [UInt8]]
    /// Files too large to be worth holding whole while they are read (a large
    /// `observations.csv`, which the parallel reader reads a stretch at a time from disk):
    /// where they are, and how large they were when found.
    public var unread: [String: UnreadFile] = [:]

    public struct UnreadFile: Sendable, Equatable {
        public var path: String
        public var size: Int
    }

    /// From this size on, `observations.csv` is left on disk until it is read.
    public static let unreadSize = 64 << 20

    public init(name: String, location: String, files: [String: [UInt8]]) {
        self.name = name
        self.location = location
        self.files = files
    }

    /// Whether the dataset has `file`, read or not.
    public func has(_ file: String) -> Bool { files[file] != nil || unread[file] != nil }

    /// The contents of `file`, read now if it was left on disk; nil when it cannot be read.
    public func contents(of file: String) -> [UInt8]? {
        files[file] ?? unread[file].flatMap { Self.readFile($0.path) }
    }

    /// The files a dataset folder may hold: scry's own format, or LAIT's.
    public static let fileNames = ["indicators.csv", "areas.csv", "observations.csv", "commentary.csv", "neighbours.csv", "mapping.csv"]
        + LAITImporter.fileNames

    /// Reads a dataset folder. The dataset is named after the folder unless `name` is given.
    /// `unreadFrom` (for tests) is the size from which `observations.csv` is left on disk.
    public static func folder(_ path: String, name: String? = nil, unreadFrom: Int = unreadSize) throws(LoadFailure) -> DatasetSource {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard isDirectory(trimmed) else {
            if fileExists(trimmed), trimmed.lowercased().hasSuffix(".csv") { return try csvFile(trimmed, name: name) }
            let reason = fileExists(trimmed) ? "is not a dataset folder" : "does not exist"
            throw LoadFailure([LoadIssue(.error, file: path, message: "'\(path)' \(reason): \(expectedLayouts)")])
        }
        var files: [String: [UInt8]] = [:], unread: [String: UnreadFile] = [:]
        var wanted = fileNames.filter { fileExists(trimmed + "/" + $0) }
        // A folder in none of the named layouts: its CSV files (DfE statistics files).
        if wanted.isEmpty { wanted = listFolder(trimmed).filter { $0.lowercased().hasSuffix(".csv") } }
        for file in wanted {
            let filePath = trimmed + "/" + file
            if file == "observations.csv", let size = regularFileSize(filePath), size >= unreadFrom {
                guard access(filePath, R_OK) == 0 else { throw LoadFailure([LoadIssue(.error, file: filePath, message: "cannot read '\(filePath)'")]) }
                unread[file] = UnreadFile(path: filePath, size: size)
                continue
            }
            guard let contents = readFile(filePath) else {
                throw LoadFailure([LoadIssue(.error, file: filePath, message: "cannot read '\(filePath)'")])
            }
            files[file] = contents
        }
        let folderName = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        var source = DatasetSource(name: name ?? folderName, location: trimmed, files: files)
        source.unread = unread
        return source
    }

    static let expectedLayouts = "expected a folder holding indicators.csv, areas.csv and observations.csv, or LAIT's bds_long.csv and data_dictionary.csv, or DfE statistics CSV files"

    /// One CSV file (a DfE statistics file), with its `.meta.csv` beside it when there is
    /// one. The dataset is named after the file.
    static func csvFile(_ path: String, name: String?) throws(LoadFailure) -> DatasetSource {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let file = String(parts.last ?? "")
        let folder = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
        var files: [String: [UInt8]] = [:]
        guard let contents = readFile(path) else { throw LoadFailure([LoadIssue(.error, file: path, message: "cannot read '\(path)'")]) }
        files[file] = contents
        let stem = String(file.dropLast(4))
        if !stem.lowercased().hasSuffix(".meta"), let metadata = readFile(folder + "/" + stem + ".meta.csv") { files[stem + ".meta.csv"] = metadata }
        return DatasetSource(name: name ?? stem, location: folder, files: files)
    }

    /// The names in a folder, sorted; empty when it cannot be read.
    public static func listFolder(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func path(of file: String) -> String { location + "/" + file }

    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The size of a regular file (not a pipe or device, whose size says nothing).
    static func regularFileSize(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// The whole file, or nil when it cannot be read. Read straight into the array, which is
    /// made as large as the file says it is; a file that grows while it is read (or whose size
    /// is not known, as a pipe's) is read on in chunks.
    public static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = max(Int(status.st_size), 0)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            if size >= FileParts.threshold, let base = buffer.baseAddress {
                let parts = FileParts(descriptor: descriptor, base: base, size: size)
                DispatchQueue.concurrentPerform(iterations: parts.count) { parts.read($0) }
                guard !parts.failed else { failed = true; return }
                count = parts.contiguous
                // The parts were read at their own offsets: read on from where they stopped.
                failed = lseek(descriptor, off_t(count), SEEK_SET) < 0
                return
            }
            while count < size {
                let got = read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0, errno == EINTR { continue }
                if got < 0 { failed = true }
                if got <= 0 { break }
                count += got
            }
        }
        guard !failed else { return nil }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
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
    /// Where each part's reading stopped; -1 where it failed.
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
                reached[part] = -1
                return
            }
            if got == 0 { break }
            at += got
        }
        reached[part] = at
    }

    var failed: Bool { (0..<count).contains { reached[$0] < 0 } }

    /// The bytes read from the start without a gap (a file that shrank leaves one).
    var contiguous: Int {
        for part in 0..<count where reached[part] < bounds(part).upperBound { return reached[part] }
        return size
    }
}
