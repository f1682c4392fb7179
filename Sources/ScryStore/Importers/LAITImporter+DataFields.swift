import ScrySpelling

extension LAITImporter {
    /// The columns of `bds_long.csv`: each one's header name, whether a file must have it,
    /// and (below) how its text becomes a measure, a period or a figure, or why it cannot.
    /// The fast reader (`FastReader`) and the reporting reader (`DataReader`) read every
    /// field through these, so a field means the same on either path and its message is
    /// the same wherever it is found.
    enum DataField: Int, CaseIterable {
        case code, item, label, area, value, number, region

        var name: String {
            switch self {
            case .code: "short desc"
            case .item: "data item"
            case .label: "years"
            case .area: "la and regions"
            case .value: "values"
            case .number: "la number"
            case .region: "region"
            }
        }

        var isRequired: Bool {
            switch self {
            case .code, .label, .area, .value: true
            case .item, .number, .region: false
            }
        }

        /// The header the readers look for, in the order of the cases.
        static let columns: [TableReader.Column] = allCases.map { TableReader.Column(name: $0.name, required: $0.isRequired) }

        /// A figure: `-` or a plain number straight from the bytes, else a missing-value
        /// symbol from the trimmed text (a number with spaces around it is no figure).
        @inline(__always)
        static func value(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool = false) throws(FieldError) -> NumericCell {
            if bytes.count == 1, bytes[0] == UInt8(ascii: "-") { return .missing(.dash) }
            if !escaped, let number = NumberParsing.parse(bytes), number.isFinite { return NumericCell(value: number) }
            let text = FieldText.text(bytes, escaped: escaped)
            if let state = CellState(symbol: text) { return .missing(state) }
            throw FieldError(message: "value '\(text)' is not a number: expected a number or \(CellState.writtenForms)")
        }

        /// `886.0` → `886`.
        static func laNumber(_ text: String) -> String {
            text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
    }

    /// The indicator a measure code names, as first staged: the dictionary's description,
    /// named after its `Data item` when the dictionary gives no name.
    static func indicator(code: String, item: String, measures: [String: Measure]) throws(FieldError) -> Indicator {
        guard var indicator = measures[code]?.indicator else {
            throw FieldError(message: "measure '\(code)' is not in data_dictionary.csv", note: Spelling.didYouMean(code, among: Array(measures.keys).sorted()))
        }
        if indicator.name == indicator.code, !item.isEmpty { indicator.name = item }
        return indicator
    }

    /// A `Years` label as a measure's year type reads it: a period, or why it is none.
    /// Remembered for the measures that read labels alike.
    struct LabelReader {
        enum Reading {
            case period(Period)
            case unreadable(String)
        }

        private var known: [PeriodCacheKey: Reading] = [:]

        mutating func read(_ label: String, for indicator: Indicator) -> Reading {
            let key = PeriodCacheKey(reading: indicator.periodReading, label: label)
            if let reading = known[key] { return reading }
            let reading: Reading
            do {
                reading = .period(try indicator.period(label))
            } catch {
                reading = .unreadable(error.message)
            }
            known[key] = reading
            return reading
        }
    }
}
