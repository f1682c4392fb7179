#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScrySpelling

/// The columns of `observations.csv`: each one's header name, whether a file must have it,
/// and (below) the decoder that turns its bytes into a cell or says why it cannot. The
/// parallel pass (`ParallelObservationReader`) and the reporting pass (`ObservationReader`)
/// read every field through these decoders, so a field means the same on either path and
/// its message is the same wherever it is found.
enum ObservationField: Int, CaseIterable {
    case indicator, area, period, value, numerator, denominator, target, floor, rag, note

    var name: String {
        switch self {
        case .indicator: "indicator"
        case .area: "area"
        case .period: "period"
        case .value: "value"
        case .numerator: "numerator"
        case .denominator: "denominator"
        case .target: "target"
        case .floor: "floor"
        case .rag: "rag"
        case .note: "note"
        }
    }

    var isRequired: Bool {
        switch self {
        case .indicator, .area, .period, .value: true
        case .numerator, .denominator, .target, .floor, .rag, .note: false
        }
    }

    /// The header the readers look for, in the order of the cases.
    static let columns: [TableReader.Column] = allCases.map { TableReader.Column(name: $0.name, required: $0.isRequired) }
}

/// Why a field could not be decoded: the message a load reports at the field, and a
/// suggestion.
struct FieldError: Error {
    var message: String
    var note: String?
}

// MARK: Decoders

/// A field's bytes as text, as every checked reading takes it: doubled quotes made single,
/// white space trimmed.
enum FieldText {
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        guard escaped else { return String(decoding: bytes, as: UTF8.self).trimmed }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            unescaped.append(bytes[index])
            index += bytes[index] == 0x22 ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self).trimmed
    }
}

extension ObservationField {
    /// A number or a missing-value symbol: a blank or a plain number straight from the
    /// bytes, anything else from the trimmed text.
    @inline(__always)
    func cell(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) throws(FieldError) -> NumericCell {
        if bytes.isEmpty { return .blank }
        if !escaped, let number = NumberParsing.parse(bytes), number.isFinite { return NumericCell(value: number) }
        return try cell(text: FieldText.text(bytes, escaped: escaped))
    }

    func cell(text: String) throws(FieldError) -> NumericCell {
        if let state = CellState(symbol: text) { return .missing(state) }
        if let number = NumberParsing.parse(text), number.isFinite { return NumericCell(value: number) }
        throw FieldError(message: "\(name) '\(text)' is not a number: expected \(CellState.writtenForms)",
                         note: text.contains(",") || text.hasSuffix("%") ? "write numbers plainly, without ',' or '%'" : nil)
    }

    /// A RAG: blank, a letter straight from the bytes, else a word from the trimmed text.
    @inline(__always)
    static func rag(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) throws(FieldError) -> RAG {
        if bytes.isEmpty { return RAG.none }
        if let rag = FieldBytes.ragLetter(bytes, 0..<bytes.count) { return rag }
        let text = FieldText.text(bytes, escaped: escaped)
        guard let rag = RAG(code: text) else { throw FieldError(message: "unknown RAG '\(text)': expected \(RAG.writtenForms)") }
        return rag
    }

    /// A note: its trimmed text.
    @inline(__always)
    static func note(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) -> String {
        bytes.isEmpty ? "" : FieldText.text(bytes, escaped: escaped)
    }
}

/// The names a file declares (indicator codes in `indicators.csv`, area names in
/// `areas.csv`), looked up by the names other files write.
struct DeclaredNames: Sendable {
    /// "indicator" or "area".
    let what: String
    /// Where the names are declared.
    let file: String
    let index: [String: Int]
    /// The same names by their bytes, for a lookup that makes no string.
    private let bytes: NameTable

    init(_ index: [String: Int], what: String, file: String) {
        self.index = index
        self.what = what
        self.file = file
        bytes = NameTable(index)
    }

    static func indicators(_ index: [String: Int]) -> DeclaredNames { DeclaredNames(index, what: "indicator", file: "indicators.csv") }
    static func areas(_ index: [String: Int]) -> DeclaredNames { DeclaredNames(index, what: "area", file: "areas.csv") }

    /// The index of a name written exactly as declared, from its bytes; nil for any other
    /// spelling (with spaces around it, say), which `decode` reads.
    @inline(__always)
    func exactly(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { self.bytes.index(of: bytes) }

    /// The index of the name a field holds, or the message for a name not declared.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) throws(FieldError) -> Int {
        if !escaped, let found = exactly(bytes) { return found }
        return try decode(text: FieldText.text(bytes, escaped: escaped))
    }

    func decode(text name: String) throws(FieldError) -> Int {
        if let found = index[name] { return found }
        throw FieldError(message: name.isEmpty ? "missing \(what) \(what == "area" ? "name" : "code")" : "unknown \(what) '\(name)': it is not declared in \(file)",
                         note: Spelling.didYouMean(name, among: index.keys.sorted()))
    }
}

/// Periods as an indicator reads its labels: a `YYYY-MM` month straight from the bytes
/// (a month whatever the indicator), any other label from the trimmed text, remembered for
/// the indicators that read labels alike.
struct PeriodDecoder {
    let indicators: [Indicator]
    private var known: [PeriodCacheKey: Period] = [:]

    init(indicators: [Indicator]) { self.indicators = indicators }

    @inline(__always)
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false, indicator: Int) throws(FieldError) -> Period {
        if !escaped, let month = FieldBytes.month(bytes, 0..<bytes.count) { return month }
        return try decode(text: FieldText.text(bytes, escaped: escaped), indicator: indicator)
    }

    mutating func decode(text label: String, indicator: Int) throws(FieldError) -> Period {
        let key = PeriodCacheKey(reading: indicators[indicator].periodReading, label: label)
        if let period = known[key] { return period }
        do {
            let period = try indicators[indicator].period(label)
            known[key] = period
            return period
        } catch {
            throw FieldError(message: label.isEmpty ? "missing period: expected \(Period.writtenForms)" : error.message)
        }
    }
}

/// Labels read the same way for indicators that read periods alike.
struct PeriodCacheKey: Hashable {
    var reading: Indicator.PeriodReading
    var label: String
}

/// Declared names by their bytes, read by every thread.
struct NameTable: Sendable {
    private var slots: [UInt64: [(name: [UInt8], index: Int)]] = [:]

    init(_ names: [String: Int]) {
        for (name, index) in names {
            let bytes = Array(name.utf8)
            bytes.withUnsafeBufferPointer { slots[ByteNameTable.hash($0), default: []].append((bytes, index)) }
        }
    }

    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let candidates = slots[ByteNameTable.hash(bytes)] else { return nil }
        for candidate in candidates where candidate.name.count == bytes.count {
            if bytes.isEmpty || candidate.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return candidate.index
            }
        }
        return nil
    }
}

/// The key that makes two observations one: indicator, area and period.
@inline(__always)
func observationKey(indicator: Int, area: Int, period: Period) -> UInt64 {
    UInt64(indicator) << 48 | UInt64(area) << 32 | UInt64(period.raw)
}
