#if canImport(Glibc)
import Glibc
#endif

/// Large columns and files backed by 2 MiB pages where the kernel offers them on request
/// (Linux's transparent huge pages in `madvise` mode): filling a fresh 500 MB column then
/// takes a few hundred page faults instead of a hundred thousand. Only a hint: where the
/// kernel says no, nothing changes.
enum HugePages {
    static let size = 2 << 20

    /// Advises the whole 2 MiB pages inside `bytes` bytes from `base`.
    static func advise(_ base: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let base, bytes >= 2 * size else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(size - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Advises an array's whole capacity, used or not.
    static func advise<T>(_ array: inout [T]) {
        let bytes = array.capacity * MemoryLayout<T>.stride
        guard bytes >= 2 * size else { return }
        array.withUnsafeMutableBufferPointer { advise(UnsafeMutableRawPointer($0.baseAddress), bytes: bytes) }
    }
}
