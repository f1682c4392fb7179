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

extension ObservationField {
    /// A number or a missing-value symbol: a blank or a plain number straight from the
    /// bytes, anything else from the trimmed text (`NumericCell.decode(text:column:)`).
    @inline(__always)
    func cell(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) throws(FieldError) -> NumericCell {
        if bytes.isEmpty { return .blank }
        if !escaped, let number = NumberParsing.parse(bytes), number.isFinite { return NumericCell(value: number) }
        // The column's name only here: made for every cell, it cost the load a few per cent.
        return try NumericCell.decode(text: FieldText.text(bytes, escaped: escaped), column: name)
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
    /// The same names by their bytes, for a lookup that makes no string, and the index of each.
    private let bytes: ByteNameTable
    private let indexOfBytes: [Int]

    init(_ index: [String: Int], what: String, file: String) {
        self.index = index
        self.what = what
        self.file = file
        bytes = ByteNameTable(index.keys)
        indexOfBytes = bytes.names.map { index[String(decoding: $0, as: UTF8.self)]! }
    }

    static func indicators(_ index: [String: Int]) -> DeclaredNames { DeclaredNames(index, what: "indicator", file: "indicators.csv") }
    static func areas(_ index: [String: Int]) -> DeclaredNames { DeclaredNames(index, what: "area", file: "areas.csv") }

    /// The index of a name written exactly as declared, from its bytes; nil for any other
    /// spelling (with spaces around it, say), which `decode` reads.
    @inline(__always)
    func exactly(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { self.bytes.existingID(of: bytes).map { indexOfBytes[$0] } }

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

/// The key that makes two observations one: indicator, area and period.
@inline(__always)
@inlinable
public func observationKey(indicator: Int, area: Int, period: Period) -> UInt64 {
    observationKey(indicator: indicator, area: area, period: period.raw)
}

/// The same key from a packed period, as the observation table holds it.
@inlinable
public func observationKey(indicator: Int, area: Int, period: UInt32) -> UInt64 {
    UInt64(indicator) << 48 | UInt64(area) << 32 | UInt64(period)
}
