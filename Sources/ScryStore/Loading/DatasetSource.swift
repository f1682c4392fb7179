/// The files of one dataset, read into memory: from a folder, or embedded in the program.
public struct DatasetSource: Sendable {
    var name: String
    /// How files are named in messages: a folder path, or `built-in:NAME`.
    var location: String
    /// File name → contents, for the files that exist and were read.
    var files: [String: [UInt8]]
    /// Files too large to be worth holding whole while they are read (a large
    /// `observations.csv`, which the parallel reader reads a stretch at a time from disk):
    /// where they are, and how large they were when found.
    var unread: [String: UnreadFile] = [:]

    /// For a workbook (`DatasetSource+Workbook.swift`): each file made from a sheet, with
    /// the sheet's row for each of its lines, so that errors name the sheet's cells.
    var sheetLines: [String: SheetLines]?

    struct UnreadFile: Sendable, Equatable {
        var path: String
        var size: Int
    }

    /// From this size on, `observations.csv` is left on disk until it is read.
    static let unreadSize = 64 << 20

    public init(name: String, location: String, files: [String: [UInt8]]) {
        self.name = name
        self.location = location
        self.files = files
    }

    /// Whether the dataset has `file`, read or not.
    func has(_ file: String) -> Bool { files[file] != nil || unread[file] != nil }

    /// The contents of `file` (empty when there is none), read now if it was left on disk.
    func contents(of file: String) throws(FileSystem.Problem) -> [UInt8] {
        if let bytes = files[file] { return bytes }
        guard let unread = unread[file] else { return [] }
        return try FileSystem.read(unread.path)
    }

    /// The files a dataset folder may hold: scry's own format, or LAIT's.
    static let fileNames = ["indicators.csv", "areas.csv", "observations.csv", "commentary.csv", "neighbours.csv", "mapping.csv"]
        + LAITImporter.fileNames

    /// Reads a dataset folder. The dataset is named after the folder unless `name` is given.
    /// `unreadFrom` (for tests) is the size from which `observations.csv` is left on disk.
    static func folder(_ path: String, name: String? = nil, unreadFrom: Int = unreadSize) throws(LoadFailure) -> DatasetSource {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        switch FileSystem.entry(trimmed) {
        case .folder: break
        case .file where trimmed.lowercased().hasSuffix(".csv"): return try csvFile(trimmed, name: name)
        case .file where trimmed.lowercased().hasSuffix(".xlsx"): return try workbook(trimmed, name: name)
        case .broken(let reason): throw LoadFailure([LoadIssue(.error, file: path, message: "cannot read '\(path)': \(reason)")])
        case .missing: throw LoadFailure([LoadIssue(.error, file: path, message: "'\(path)' does not exist: \(expectedLayouts)")])
        case .file, .other: throw LoadFailure([LoadIssue(.error, file: path, message: "'\(path)' is not a dataset folder: \(expectedLayouts)")])
        }
        var files: [String: [UInt8]] = [:], unread: [String: UnreadFile] = [:]
        // A broken link counts as there, so that reading it says what is wrong.
        var wanted = fileNames.filter { FileSystem.exists(trimmed + "/" + $0) }
        // A folder in none of the named layouts: its CSV files (DfE statistics files).
        if wanted.isEmpty { wanted = FileSystem.list(trimmed).filter { $0.lowercased().hasSuffix(".csv") } }
        for file in wanted {
            let filePath = trimmed + "/" + file
            if file == "observations.csv", let size = FileSystem.regularFileSize(filePath), size >= unreadFrom {
                guard access(filePath, R_OK) == 0 else { throw LoadFailure([LoadIssue(.error, file: filePath, message: "cannot read '\(filePath)'")]) }
                unread[file] = UnreadFile(path: filePath, size: size)
                continue
            }
            do {
                files[file] = try FileSystem.read(filePath)
            } catch {
                throw LoadFailure([LoadIssue(.error, file: filePath, message: error.message(filePath))])
            }
        }
        let folderName = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        var source = DatasetSource(name: name ?? folderName, location: trimmed, files: files)
        source.unread = unread
        return source
    }

    static let expectedLayouts = "expected a folder holding indicators.csv, areas.csv and observations.csv (or a workbook with those sheets), or LAIT's bds_long.csv and data_dictionary.csv, or DfE statistics CSV files"

    /// One CSV file (a DfE statistics file), with its `.meta.csv` beside it when there is
    /// one. The dataset is named after the file.
    static func csvFile(_ path: String, name: String?) throws(LoadFailure) -> DatasetSource {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let file = String(parts.last ?? "")
        let folder = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
        var files: [String: [UInt8]] = [:]
        do {
            files[file] = try FileSystem.read(path)
        } catch {
            throw LoadFailure([LoadIssue(.error, file: path, message: error.message(path))])
        }
        let stem = String(file.dropLast(4))
        let metadataPath = folder + "/" + stem + ".meta.csv"
        if !stem.lowercased().hasSuffix(".meta"), FileSystem.exists(metadataPath) {
            do {
                files[stem + ".meta.csv"] = try FileSystem.read(metadataPath)
            } catch {
                throw LoadFailure([LoadIssue(.error, file: metadataPath, message: error.message(metadataPath))])
            }
        }
        return DatasetSource(name: name ?? stem, location: folder, files: files)
    }

    func path(of file: String) -> String { location + "/" + file }
}
