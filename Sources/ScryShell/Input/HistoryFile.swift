import CEditLine
import ScryStore

/// The history file that every shell of a user shares, in libedit's own format (what
/// `H_LOAD` reads): a `_HiStOrY_V2_` line, then one entry a line, oldest first, with
/// spaces, control characters and backslashes written as `strvis(3)` escapes.
///
/// Each shell reads the file when it starts and keeps its own list from then on; each entry
/// is appended at once, in a single `write` with `O_APPEND`, so two shells' entries
/// interleave instead of the last shell to save overwriting the other's, and a crash cannot
/// leave an entry half-written. When the file holds more than twice `size` entries it is
/// compacted to its last `size`, whichever shell wrote them, through a temporary file
/// renamed over it. Appending and compacting hold an exclusive `flock` on the file, and an
/// append that waited on a file since compacted writes to the new one.
final class HistoryFile {
    let path: String
    /// The entries kept: in each shell's list, and in the file after compaction.
    let size: Int
    /// The entries counted in the file when last looked: which file, up to where.
    private var counted: (device: dev_t, inode: ino_t, bytes: Int, entries: Int)?

    static let header = Array("_HiStOrY_V2_\n".utf8)

    init(path: String, size: Int) {
        self.path = path
        self.size = size
    }

    /// Appends `line`. Does nothing to a file that is not a history file (one that has
    /// something in it, but not the header), so that a wrong `SCRY_HISTORY` spoils nothing.
    func append(_ line: String) {
        let record = Self.encode(line) + [0x0A]
        // A file compacted while this waited for the lock is written anew: at most twice.
        for _ in 0..<3 {
            let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX) == 0 else { return }
            var opened = stat(), named = stat()
            guard fstat(descriptor, &opened) == 0 else { return }
            guard stat(path, &named) == 0, named.st_dev == opened.st_dev, named.st_ino == opened.st_ino else { continue }
            let size = Int(opened.st_size)
            if size > 0, !Self.startsWithHeader(descriptor) { return }
            let bytes = size == 0 ? Self.header + record : record
            guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else { return }
            if entries(in: descriptor, status: opened, size: size + bytes.count) > 2 * self.size {
                compact()
            }
            return
        }
    }

    /// The entries of the file on disk, oldest first, as libedit reads them (the last
    /// `limit` of them).
    func entries(limit: Int = Int(Int32.max)) -> [String] {
        guard let list = history_init() else { return [] }
        defer { history_end(list) }
        var event = HistEvent()
        scry_history_set_size(list, &event, Int32(clamping: limit))
        guard scry_history_load(list, &event, path) >= 0 else { return [] }
        return Self.entries(of: list)
    }

    /// The entries of a libedit history list, oldest first.
    static func entries(of list: OpaquePointer) -> [String] {
        var event = HistEvent(), entries: [String] = []
        var found = scry_history_last(list, &event)
        while found >= 0, let text = event.str {
            entries.append(String(cString: text))
            found = scry_history_previous(list, &event)
        }
        return entries
    }

    /// Rewrites the file (locked by the caller) as its last `size` entries.
    private func compact() {
        let kept = entries(limit: size)
        guard !kept.isEmpty else { return }
        // A history file may be a link to one kept elsewhere: the file it names is replaced.
        guard let real = realpath(path, nil) else { return }
        let target = String(cString: real)
        free(real)
        guard let replacement = try? ReplacementFile.create(target) else { return }
        let bytes = Self.header + kept.flatMap { Self.encode($0) + [0x0A] }
        guard bytes.withUnsafeBytes({ write(replacement.descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            replacement.abandon()
            return
        }
        try? replacement.commit()
        counted = nil
    }

    /// How many entries the file holds, counting only the bytes written since it was last
    /// counted when it is the same file.
    private func entries(in descriptor: Int32, status: stat, size: Int) -> Int {
        var start = Self.header.count, entries = 0
        if let counted, counted.device == status.st_dev, counted.inode == status.st_ino, counted.bytes <= size {
            start = counted.bytes
            entries = counted.entries
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = start
        while offset < size {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min($0.count, size - offset), off_t(offset)) }
            guard read > 0 else { break }
            entries += buffer[0..<read].lazy.filter { $0 == 0x0A }.count
            offset += read
        }
        counted = (status.st_dev, status.st_ino, offset, entries)
        return entries
    }

    private static func startsWithHeader(_ descriptor: Int32) -> Bool {
        var start = [UInt8](repeating: 0, count: header.count)
        let read = start.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return read == header.count && start == header
    }

    /// An entry as `strunvis(3)`, which `H_LOAD` uses, reads it back: a backslash doubled,
    /// a space, a control character or DEL as a backslash and three octal digits (`\040`),
    /// anything else as it is (UTF-8 passes through).
    static func encode(_ line: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        for byte in line.utf8 {
            if byte == UInt8(ascii: "\\") {
                bytes += [byte, byte]
            } else if byte <= 0x20 || byte == 0x7F {
                bytes += [UInt8(ascii: "\\"), 0x30 + (byte >> 6), 0x30 + ((byte >> 3) & 7), 0x30 + (byte & 7)]
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }
}
