/// Bytes written through a pointer: a renderer makes room for the most a row can take,
/// then writes its fields straight in, with no check per byte (`put`) and no array
/// growing per field. `finished()` hands the bytes over as a `ByteBlock`.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written; a writer that writes at `end` adds what it wrote.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// Where the next byte goes.
    var end: UnsafeMutablePointer<UInt8> { base + count }

    /// Room for `more` bytes after those written.
    @inline(__always)
    mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// One byte, into room already reserved.
    @inline(__always)
    mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { bytes in
            if let start = bytes.baseAddress { end.update(from: start, count: bytes.count) }
        }
        count += bytes.count
    }

    /// The bytes written, owned by a block that frees them.
    consuming func finished() -> ByteBlock { ByteBlock(UnsafeMutableBufferPointer(start: base, count: count)) }
}

/// Bytes made on one thread and written out on another, freed with the block.
final class ByteBlock: @unchecked Sendable {
    private let bytes: UnsafeMutableBufferPointer<UInt8>

    init(_ bytes: UnsafeMutableBufferPointer<UInt8>) { self.bytes = bytes }

    deinit { bytes.baseAddress?.deallocate() }

    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result { body(UnsafeBufferPointer(bytes)) }
}
