/// Reads plain decimal numbers (`-12.5`, `3`, `1.5e3`) from UTF-8 bytes without making a
/// String, correctly rounded.
///
/// Digits that fit a 53-bit mantissa with a power of ten up to 10^22 are exact in a
/// double, so one multiplication or division rounds correctly (Clinger's fast path).
/// Where `Float80` exists, up to 19 digits with a power of ten up to 10^27 are exact in
/// it, so the same one operation rounds correctly to 64 bits, and rounding that to a
/// double is correct unless it lies exactly halfway between two doubles (the floating
/// noise of published files, `32.200000000000003`, has 17 digits). Anything else falls
/// back to the standard library's parser.
enum NumberParsing {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// 10^`exponent` for 0 through 15, from constants (a table in a `static let` is checked
    /// for initialisation on every use, which shows in a loader's profile).
    @inline(__always)
    private static func smallPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }

    /// The number written in `bytes`, or nil when the bytes are not a plain decimal.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let short = parseShort(bytes) { return short }
        return parseAny(bytes)
    }

    /// The common case, small enough to inline in a loader's loop: an optional sign, then
    /// digits with at most one point, 15 digits or fewer in all, which a double holds
    /// exactly, as it does 10^15, so one division rounds correctly. Nil for anything else.
    @inline(__always)
    private static func parseShort(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0, count <= 16 else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        var whole: UInt64 = 0, digits = 0, point = -1, at = negative || bytes[0] == UInt8(ascii: "+") ? 1 : 0
        while at < count {
            let digit = bytes[at] &- 48
            if digit < 10 {
                whole = whole &* 10 &+ UInt64(digit)
                digits += 1
            } else if bytes[at] == UInt8(ascii: "."), point < 0 {
                point = at
            } else {
                return nil
            }
            at += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        let value = Double(whole) / smallPowerOfTen(point < 0 ? 0 : count - point - 1)
        return negative ? -value : value
    }

    /// Any plain decimal, with an exponent or many digits.
    @inline(never)
    private static func parseAny(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var decimalExponent = 0
        var exact = true
        while index < count, bytes[index] &- 48 < 10 {
            accumulate(bytes[index], &mantissa, &significantDigits, &decimalExponent, &exact, afterPoint: false)
            digitCount += 1
            index += 1
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] &- 48 < 10 {
                accumulate(bytes[index], &mantissa, &significantDigits, &decimalExponent, &exact, afterPoint: true)
                digitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < count, bytes[index] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- 48) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard index == count else { return nil }
        if exact, mantissa < (1 << 53), decimalExponent >= -22, decimalExponent <= 22 {
            var value = Double(mantissa)
            if decimalExponent < 0 {
                value /= powersOfTen[-decimalExponent]
            } else {
                value *= powersOfTen[decimalExponent]
            }
            return negative ? -value : value
        }
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        if exact, decimalExponent >= -27, decimalExponent <= 27, let value = extended(mantissa, decimalExponent) {
            return negative ? -value : value
        }
        #endif
        // A figure beyond a double's range (1e400) is no figure: every rule downstream
        // relies on finite numbers.
        return Double(String(decoding: bytes, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    private static let extendedPowersOfTen: [Float80] = (0...27).map { exponent in
        var value: Float80 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// `mantissa` × 10^`exponent` rounded once to 64 bits, then to a double; nil when the
    /// 64-bit result is halfway between two doubles, where the second rounding might
    /// differ from rounding the exact value. (Any other halfway point between doubles is
    /// a 64-bit number too, so it cannot lie between the exact value and its nearest
    /// 64-bit number.)
    private static func extended(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        let digits = Float80(mantissa)
        let value = exponent < 0 ? digits / extendedPowersOfTen[-exponent] : digits * extendedPowersOfTen[exponent]
        // Of the 64 significand bits, the 11 a double drops: 100 0000 0000 is halfway.
        if value.significandBitPattern & 0x7FF == 0x400 { return nil }
        return Double(value)
    }
    #endif

    @inline(__always)
    private static func accumulate(
        _ byte: UInt8, _ mantissa: inout UInt64, _ significantDigits: inout Int,
        _ decimalExponent: inout Int, _ exact: inout Bool, afterPoint: Bool
    ) {
        let digit = UInt64(byte &- 48)
        if significantDigits == 0 && digit == 0 {
            if afterPoint { decimalExponent -= 1 }
            return
        }
        if significantDigits < 19 {
            mantissa = mantissa * 10 + digit
            significantDigits += 1
            if afterPoint { decimalExponent -= 1 }
        } else {
            exact = false
            if !afterPoint { decimalExponent += 1 }
        }
    }

    /// The number written in `text`, or nil when it is not a plain decimal.
    static func parse(_ text: some StringProtocol) -> Double? {
        var copy = String(text)
        return copy.withUTF8 { parse($0) }
    }
}
