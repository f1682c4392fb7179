/// Why a field could not be decoded: the message a load reports at the field, and a
/// suggestion. The readers' fast passes take it as "not here": the reporting pass, which
/// decodes the same field the same way, reports it.
struct FieldError: Error {
    var message: String
    var note: String?
}

/// A field's bytes as text: doubled quotes made single (`escaped` says whether it holds
/// any), and, as every reader takes a field's text, white space trimmed.
enum FieldText {
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        string(bytes, escaped: escaped).trimmed
    }

    /// The text untrimmed.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        guard escaped else { return String(decoding: bytes, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            unescaped.append(bytes[index])
            index += bytes[index] == 0x22 ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}

extension NumericCell {
    /// A number or a missing-value symbol from a field's trimmed text.
    static func decode(text: String, column: String) throws(FieldError) -> NumericCell {
        if let state = CellState(symbol: text) { return .missing(state) }
        if let number = NumberParsing.parse(text), number.isFinite { return NumericCell(value: number) }
        throw FieldError(message: "\(column) '\(text)' is not a number: expected \(CellState.writtenForms)",
                         note: text.contains(",") || text.hasSuffix("%") ? "write numbers plainly, without ',' or '%'" : nil)
    }
}
