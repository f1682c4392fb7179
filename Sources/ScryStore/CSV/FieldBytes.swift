/// The common forms of a field read straight from a file's bytes, shared by the loaders'
/// fast paths; anything else they read through the checked path.
enum FieldBytes {
    /// Whether two stretches of `bytes` hold the same bytes.
    @inline(__always)
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ left: Range<Int>, _ right: Range<Int>) -> Bool {
        left.count == right.count && memcmp(bytes.baseAddress! + left.lowerBound, bytes.baseAddress! + right.lowerBound, left.count) == 0
    }

    /// A `YYYY-MM` month; nil for anything else, a month 13 included.
    @inline(__always)
    static func month(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Period? {
        guard range.count == 7, bytes[range.lowerBound + 4] == UInt8(ascii: "-") else { return nil }
        let at = range.lowerBound
        let y0 = bytes[at] &- 48, y1 = bytes[at + 1] &- 48, y2 = bytes[at + 2] &- 48, y3 = bytes[at + 3] &- 48
        let m0 = bytes[at + 5] &- 48, m1 = bytes[at + 6] &- 48
        guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10 else { return nil }
        return Period.month(Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3), Int(m0) * 10 + Int(m1))
    }

    /// A one-letter RAG, `R`, `A` or `G` in either case; nil for anything else.
    @inline(__always)
    static func ragLetter(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> RAG? {
        guard range.count == 1 else { return nil }
        switch bytes[range.lowerBound] | 0x20 {
        case UInt8(ascii: "r"): return .red
        case UInt8(ascii: "a"): return .amber
        case UInt8(ascii: "g"): return .green
        default: return nil
        }
    }
}
