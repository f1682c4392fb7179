/// Names met as bytes, each given a number the first time: the name lookups of the readers'
/// hot loops, which hash the bytes instead of making a string.
struct ByteNameTable: Sendable {
    private var slots: [UInt64: [Int]] = [:]
    private(set) var names: [[UInt8]] = []

    init() {}

    /// The names given, numbered in their order.
    init(_ names: some Sequence<String>) {
        for name in names { _ = Array(name.utf8).withUnsafeBufferPointer { id(of: $0) } }
    }

    mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let hash = Self.hash(bytes)
        if let id = existingID(of: bytes, hash: hash) { return (id, false) }
        slots[hash, default: []].append(names.count)
        names.append(Array(bytes))
        return (names.count - 1, true)
    }

    /// The number of a name met before; nil for one not met.
    func existingID(of bytes: UnsafeBufferPointer<UInt8>) -> Int? { existingID(of: bytes, hash: Self.hash(bytes)) }

    private func existingID(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        guard let candidates = slots[hash] else { return nil }
        for id in candidates where names[id].count == bytes.count
            && (bytes.isEmpty || names[id].withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })) {
            return id
        }
        return nil
    }

    /// FNV-1a of a name's bytes.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
