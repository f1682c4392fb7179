import Foundation
import ZIPFoundation

/// The zip container of an Office Open XML workbook, through ZIPFoundation: scry's own
/// workbooks are made in memory (then written whole, beside their target and renamed), and
/// a workbook loaded as a dataset is read from its bytes, deflated parts and all.
public enum ZipContainer {
    /// Every entry is dated 1 January 1980, the first date a zip entry can hold, so that
    /// the same results always make the same bytes.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    /// A zip of `entries` in their order, deflated.
    public static func archive(_ entries: [(path: String, bytes: [UInt8])]) throws(FileSystem.Problem) -> [UInt8] {
        do {
            let archive = try Archive(accessMode: .create)
            for entry in entries {
                let data = Data(entry.bytes)
                try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw FileSystem.Problem("the zip container could not be made") }
            return [UInt8](data)
        } catch let problem as FileSystem.Problem {
            throw problem
        } catch {
            throw FileSystem.Problem("the zip container could not be made (\(error))")
        }
    }

    /// The files of a zip, by path; a problem when `bytes` are not a zip or an entry is
    /// damaged (its checksum is checked).
    public static func entries(of bytes: [UInt8]) throws(FileSystem.Problem) -> [String: [UInt8]] {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw FileSystem.Problem("it is not a workbook: not a zip file")
        }
        var files: [String: [UInt8]] = [:]
        for entry in archive where entry.type == .file {
            var contents: [UInt8] = []
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry) { contents.append(contentsOf: $0) }
            } catch {
                throw FileSystem.Problem("its part '\(entry.path)' is damaged")
            }
            guard checksum == entry.checksum else { throw FileSystem.Problem("its part '\(entry.path)' is damaged (its checksum is wrong)") }
            files[entry.path] = contents
        }
        return files
    }
}
