/// Counting bytes and records in a CSV file's bytes at memory speed: the first passes of
/// the parallel reader, which must know where each piece's records go before reading any.
enum ByteCounting {
    /// How many bytes of `buffer` are `byte`. Eight bytes a word, four words a step: a
    /// byte of `word ^ pattern` is zero where the byte matched, and the high bit of each
    /// byte of the expression below is set exactly where that byte is zero (no borrow
    /// crosses bytes, unlike the usual `(x - 0x01…) & ~x` test).
    static func occurrences(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let start = buffer.baseAddress else { return 0 }
        let base = UnsafeRawPointer(start), count = buffer.count
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        var total = 0, index = 0
        while index + 32 <= count {
            let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            let b = base.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self) ^ pattern
            let c = base.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self) ^ pattern
            let d = base.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self) ^ pattern
            total += zeroBytes(a) + zeroBytes(b) + zeroBytes(c) + zeroBytes(d)
            index += 32
        }
        while index < count {
            if start[index] == byte { total += 1 }
            index += 1
        }
        return total
    }

    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> Int { zeroByteMask(word).nonzeroBitCount }

    /// The high bit of each byte of `word` that is zero, and no other bit.
    @inline(__always)
    private static func zeroByteMask(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    /// The high bit of the first (lowest) zero byte of `word`, and perhaps bits above it: a
    /// borrow can mark a byte above a zero one, never one below it. Half the cost of
    /// `zeroByteMask`, and exact for the lowest set bit, which is all a search needs.
    @inline(__always)
    private static func firstZeroByteMask(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Where the first comma, line feed, carriage return or quote at or after `index` is, or
    /// `end`: a field's end, eight bytes at a time.
    @inline(__always)
    static func nextDelimiter(_ base: UnsafePointer<UInt8>, from index: Int, before end: Int) -> Int {
        let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C, lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D, quotes: UInt64 = 0x2222_2222_2222_2222
        var at = index
        while at + 8 <= end {
            // The first byte in memory is the lowest once the word is read as little-endian.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
            let found = firstZeroByteMask(word ^ commas) | firstZeroByteMask(word ^ lineFeeds)
                | firstZeroByteMask(word ^ returns) | firstZeroByteMask(word ^ quotes)
            if found != 0 { return at + found.trailingZeroBitCount / 8 }
            at += 8
        }
        while at < end, base[at] != 0x2C, base[at] != 0x0A, base[at] != 0x0D, base[at] != 0x22 { at += 1 }
        return at
    }

    /// How many quote characters `buffer` holds: quotes are rare in these files, so each
    /// is found by `memchr`.
    static func quotes(in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let start = buffer.baseAddress else { return 0 }
        var total = 0
        var at = UnsafeRawPointer(start)
        let end = at + buffer.count
        while at < end, let quote = memchr(at, 0x22, end - at) {
            total += 1
            at = UnsafeRawPointer(quote) + 1
        }
        return total
    }

    /// How many line feeds of `buffer` lie outside quoted fields, given whether it starts
    /// inside one; `inQuotes` is left as it is at the end. Quotes toggle "inside" (a doubled
    /// quote toggles twice), as in RFC 4180.
    static func lineEnds(in buffer: UnsafeBufferPointer<UInt8>, inQuotes: inout Bool) -> Int {
        guard let start = buffer.baseAddress else { return 0 }
        var total = 0, index = 0
        let count = buffer.count
        while index < count {
            let quote = memchr(start + index, 0x22, count - index).map { start.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
            if !inQuotes { total += occurrences(of: 0x0A, in: UnsafeBufferPointer(start: start + index, count: quote - index)) }
            guard quote < count else { break }
            inQuotes.toggle()
            index = quote + 1
        }
        return total
    }

    /// Where the last record that ends inside `buffer` ends (just past its line feed), when
    /// `buffer` starts at a record's start and ends inside quotes or not as `endsInQuotes`
    /// says; nil when no record ends in it. Walked back from the end, so it costs about one
    /// record.
    static func lastRecordEnd(in buffer: UnsafeBufferPointer<UInt8>, endsInQuotes: Bool) -> Int? {
        var inQuotes = endsInQuotes
        var index = buffer.count - 1
        while index >= 0 {
            let byte = buffer[index]
            if byte == 0x0A, !inQuotes { return index + 1 }
            if byte == 0x22 { inQuotes.toggle() }
            index -= 1
        }
        return nil
    }
}
