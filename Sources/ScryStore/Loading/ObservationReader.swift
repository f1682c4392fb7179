#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast path of `observations.csv`: the loader's hot loop, which reads the common
/// forms straight from the file's bytes (a name the same as the row before, a `YYYY-MM`
/// month, a plain number, a blank) and hands anything else to the checked path, so that
/// every message is the same as the checked path's. Duplicates are found without a hash
/// table when the rows come in order (as exports do), by sorting the keys otherwise.
struct ObservationReader {
    let indicators: [String: Int]
    let areas: [String: Int]
    var table: TableReader
    /// Names met as bytes → their declared index (-1 when not declared).
    private var indicatorNames = ByteNameTable(), indicatorIndex: [Int] = []
    private var areaNames = ByteNameTable(), areaIndex: [Int] = []
    private var periodCache: [DatasetLoader.PeriodCacheKey: Period] = [:]

    init(file: String, bytes: [UInt8], indicators: [String: Int], areas: [String: Int]) {
        table = TableReader(file: file, bytes: bytes)
        self.indicators = indicators
        self.areas = areas
    }

    /// Reads every row into `staged`; false when duplicates were found, which the caller
    /// then reports through the checked path (which says on which lines).
    mutating func read(into staged: inout StagedDataset) -> Bool {
        guard table.readHeader(DatasetLoader.observationColumns) else { return true }
        let file = table.reader.bytes
        staged.observations.reserveCapacity(file.count / 40)
        var keys: [UInt64] = []
        keys.reserveCapacity(file.count / 40)
        var inOrder = true
        file.withUnsafeBufferPointer { bytes in
            var last: [(range: Range<Int>, index: Int)?] = [nil, nil]
            var previousKey: UInt64 = 0
            while !table.isOverErrorLimit, table.nextRecord() {
                guard let indicator = name(bytes, column: 0, last: &last[0]), let area = name(bytes, column: 1, last: &last[1]) else { continue }
                guard let period = period(bytes, indicator: staged.indicators[indicator]) else { continue }
                guard let value = cell(bytes, 3, "value"), let numerator = cell(bytes, 4, "numerator"),
                      let denominator = cell(bytes, 5, "denominator"), let target = cell(bytes, 6, "target"),
                      let floor = cell(bytes, 7, "floor"), let rag = rag(bytes) else { continue }
                let key = UInt64(indicator) << 48 | UInt64(area) << 32 | UInt64(period.raw)
                if key <= previousKey, !keys.isEmpty { inOrder = false }
                previousKey = key
                keys.append(key)
                let note = table.field(9).map { $0.range.isEmpty } ?? true ? "" : table.text(9)
                staged.observations.append(indicator: indicator, area: area, period: period, value: value, numerator: numerator,
                                           denominator: denominator, target: target, floor: floor, rag: rag, note: note)
            }
        }
        guard !inOrder else { return true }
        keys.sort()
        return !zip(keys, keys.dropFirst()).contains { $0 == $1 }
    }

    /// The declared index of the indicator (column 0) or area (1): the same as the row
    /// before's when the bytes are, mostly; else through a byte table that remembers each
    /// name's lookup; nil (with the checked path's error) for one not declared.
    private mutating func name(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, last: inout (range: Range<Int>, index: Int)?) -> Int? {
        guard let field = table.field(column) else { return nil }
        if let previous = last, !field.hasEscapedQuotes, FieldBytes.equal(bytes, previous.range, field.range) { return previous.index }
        let what = column == 0 ? "indicator" : "area", file = column == 0 ? "indicators.csv" : "areas.csv"
        let declared = column == 0 ? indicators : areas
        guard !field.hasEscapedQuotes else {
            last = nil
            return table.declared(column, in: declared, what: what, file: file)
        }
        let name = UnsafeBufferPointer(rebasing: bytes[field.range])
        let (id, isNew) = column == 0 ? indicatorNames.id(of: name) : areaNames.id(of: name)
        if isNew {
            let found = declared[table.text(column)] ?? -1
            if column == 0 { indicatorIndex.append(found) } else { areaIndex.append(found) }
        }
        let found = column == 0 ? indicatorIndex[id] : areaIndex[id]
        guard found >= 0 else { return table.declared(column, in: declared, what: what, file: file) }
        last = (field.range, found)
        return found
    }

    /// `YYYY-MM` straight from its bytes (a month whatever the indicator); other labels
    /// as the indicator reads them, remembered.
    private mutating func period(_ bytes: UnsafeBufferPointer<UInt8>, indicator: Indicator) -> Period? {
        guard let field = table.field(2) else { return nil }
        if let month = FieldBytes.month(bytes, field.range) { return month }
        let label = table.text(2)
        let key = DatasetLoader.PeriodCacheKey(reading: indicator.periodReading, label: label)
        if let cached = periodCache[key] { return cached }
        do {
            let period = try indicator.period(label)
            periodCache[key] = period
            return period
        } catch {
            table.error(at: 2, label.isEmpty ? "missing period: expected \(Period.writtenForms)" : error.message)
            return nil
        }
    }

    /// A blank or a plain number from its bytes; anything else through the checked path.
    private mutating func cell(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int, _ name: String) -> NumericCell? {
        guard let field = table.field(column) else { return .blank }
        if field.range.isEmpty { return .blank }
        if let number = NumberParsing.parse(UnsafeBufferPointer(rebasing: bytes[field.range])), number.isFinite {
            return NumericCell(value: number)
        }
        return table.cell(column, column: name)
    }

    private mutating func rag(_ bytes: UnsafeBufferPointer<UInt8>) -> RAG? {
        guard let field = table.field(8), !field.range.isEmpty else { return RAG.none }
        if let rag = FieldBytes.ragLetter(bytes, field.range) { return rag }
        let text = table.text(8)
        guard let rag = RAG(code: text) else {
            table.error(at: 8, "unknown RAG '\(text)': expected \(RAG.writtenForms)")
            return nil
        }
        return rag
    }
}
