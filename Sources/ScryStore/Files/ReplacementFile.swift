/// A file written under a temporary name beside its target and renamed over it only when
/// whole, so that a failed, interrupted or killed write never leaves a half-written file
/// where a good one stood (`.save`, `.output`, `.once`).
///
/// The temporary file is made by `mkstemp`: an unpredictable name, created exclusively, so
/// a symbolic link planted beside the target cannot redirect the write. It takes the
/// target's permissions (a 0600 report stays 0600), and a target that is not a regular
/// file (a symbolic link, a device, a folder) is refused rather than replaced.
public struct ReplacementFile: Sendable {
    /// The file to replace.
    public let path: String
    let temporaryPath: String
    public let descriptor: Int32

    public static func create(_ path: String) throws(FileSystem.Problem) -> ReplacementFile {
        var status = stat()
        let mode: mode_t
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else {
                let what = status.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : status.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"
                throw FileSystem.Problem("it is \(what), which scry does not replace: name a regular file")
            }
            mode = status.st_mode & 0o777
        } else if errno == ENOENT {
            let mask = umask(0o022)
            umask(mask)
            mode = 0o666 & ~mask
        } else {
            throw FileSystem.Problem(FileSystem.reason())
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((folder + "." + base + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileSystem.Problem(FileSystem.reason()) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fchmod(descriptor, mode) == 0 else {
            let reason = FileSystem.reason()
            close(descriptor)
            unlink(temporary)
            throw FileSystem.Problem(reason)
        }
        return ReplacementFile(path: path, temporaryPath: temporary, descriptor: descriptor)
    }

    /// Puts the written file in the target's place: on disk first, then renamed.
    public func commit() throws(FileSystem.Problem) {
        if fsync(descriptor) != 0, errno != EINVAL {
            let reason = FileSystem.reason()
            abandon()
            throw FileSystem.Problem(reason)
        }
        guard close(descriptor) == 0 else {
            let reason = FileSystem.reason()
            unlink(temporaryPath)
            throw FileSystem.Problem(reason)
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = FileSystem.reason()
            unlink(temporaryPath)
            throw FileSystem.Problem(reason)
        }
    }

    /// Leaves the target as it was.
    public func abandon() {
        close(descriptor)
        unlink(temporaryPath)
    }
}
