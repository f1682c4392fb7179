#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of one dataset, read into memory: from a folder, or embedded in the program.
public struct DatasetSource: Sendable {
    public var name: String
    /// How files are named in messages: a folder path, or `built-in:NAME`.
    public var location: String
    /// File name → contents, for the files that exist.
    public var files: [String: [UInt8]]

    public init(name: String, location: String, files: [String: [UInt8]]) {
        self.name = name
        self.location = location
        self.files = files
    }

    /// The files a dataset folder may hold: scry's own format, or LAIT's.
    public static let fileNames = ["indicators.csv", "areas.csv", "observations.csv", "commentary.csv", "neighbours.csv", "mapping.csv"]
        + LAITImporter.fileNames

    /// Reads a dataset folder. The dataset is named after the folder unless `name` is given.
    public static func folder(_ path: String, name: String? = nil) throws(LoadFailure) -> DatasetSource {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard isDirectory(trimmed) else {
            let reason = fileExists(trimmed) ? "is not a dataset folder" : "does not exist"
            throw LoadFailure([LoadIssue(.error, file: path, message: "'\(path)' \(reason): expected a folder holding indicators.csv, areas.csv and observations.csv, or LAIT's bds_long.csv and data_dictionary.csv")])
        }
        var files: [String: [UInt8]] = [:]
        for file in fileNames {
            let filePath = trimmed + "/" + file
            guard fileExists(filePath) else { continue }
            guard let contents = readFile(filePath) else {
                throw LoadFailure([LoadIssue(.error, file: filePath, message: "cannot read '\(filePath)'")])
            }
            files[file] = contents
        }
        let folderName = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        return DatasetSource(name: name ?? folderName, location: trimmed, files: files)
    }

    public func path(of file: String) -> String { location + "/" + file }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// The whole file, or nil when it cannot be read.
    public static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var bytes: [UInt8] = []
        var capacity = max(Int(status.st_size), 0) + 1
        bytes.reserveCapacity(capacity)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            if bytes.count + got > capacity {
                capacity *= 2
                bytes.reserveCapacity(capacity)
            }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }
}
