extension ObservationTable {
    /// Where each column of a table being filled in place keeps row 0: row `i` of a column
    /// is written through its pointer plus `i`. Threads may write disjoint rows at once.
    struct ColumnSlots {
        let indicator: UnsafeMutablePointer<UInt16>, area: UnsafeMutablePointer<UInt16>, period: UnsafeMutablePointer<UInt32>
        let values: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
        let states: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>)
        let target: UnsafeMutablePointer<UInt32>, floor: UnsafeMutablePointer<UInt32>, rag: UnsafeMutablePointer<UInt8>

        /// Writes one row. Target and floor are codes into the dictionaries the filler
        /// hands `filled` afterwards; the cells hold 0 for a missing value, as appended ones do.
        @inline(__always)
        func write(_ row: Int, indicator: Int, area: Int, period: Period, value: NumericCell, numerator: NumericCell,
                   denominator: NumericCell, target: UInt32, floor: UInt32, rag: RAG) {
            self.indicator[row] = UInt16(truncatingIfNeeded: indicator)
            self.area[row] = UInt16(truncatingIfNeeded: area)
            self.period[row] = period.raw
            values.0[row] = value.value
            states.0[row] = value.state.rawValue
            values.1[row] = numerator.value
            states.1[row] = numerator.state.rawValue
            values.2[row] = denominator.value
            states.2[row] = denominator.state.rawValue
            self.target[row] = target
            self.floor[row] = floor
            self.rag[row] = rag.rawValue
        }
    }

    /// What a filler hands back besides the rows: the dictionaries its target and floor
    /// codes point into, and the notes.
    struct FilledExtras {
        var target = DictionaryNumericColumn(), floor = DictionaryNumericColumn()
        var note = SparseTextColumn()
    }

    /// A table of `rows` rows written in place by `fill`, which must write every row of
    /// every column before returning its extras; nil when it returns nil, and the columns
    /// it part-wrote are dropped unread. Filling in place spares the copy of joining
    /// tables read apart, and the fresh memory that copy needs.
    static func filled(rows: Int, _ fill: (ColumnSlots) -> FilledExtras?) -> ObservationTable? {
        guard rows > 0 else { return nil }
        var table = ObservationTable()
        let filling = Filling()
        // Each column is made uninitialized and the next one made inside its maker, so that
        // every column's storage is at hand while `fill` runs.
        table.indicator = column(rows, filling) { indicator in
        table.area = column(rows, filling) { area in
        table.period = column(rows, filling) { period in
        table.value.values = column(rows, filling) { value in
        table.value.states = column(rows, filling) { valueState in
        table.numerator.values = column(rows, filling) { numerator in
        table.numerator.states = column(rows, filling) { numeratorState in
        table.denominator.values = column(rows, filling) { denominator in
        table.denominator.states = column(rows, filling) { denominatorState in
        table.target.codes = column(rows, filling) { target in
        table.floor.codes = column(rows, filling) { floor in
        table.rag = column(rows, filling) { rag in
            filling.extras = fill(ColumnSlots(indicator: indicator, area: area, period: period,
                                              values: (value, numerator, denominator),
                                              states: (valueState, numeratorState, denominatorState),
                                              target: target, floor: floor, rag: rag))
        }}}}}}}}}}}}
        guard let extras = filling.extras else { return nil }
        table.target = DictionaryNumericColumn(codes: table.target.codes, coding: extras.target)
        table.floor = DictionaryNumericColumn(codes: table.floor.codes, coding: extras.floor)
        table.note = extras.note
        return table
    }

    /// The outcome of a fill, seen by every column's maker.
    private final class Filling {
        var extras: FilledExtras?
    }

    /// A column of `rows` elements that `body` writes through the pointer it is given;
    /// empty when the fill failed. (Asking for huge pages here made loads slower and less
    /// steady: at 50 million rows the kernel spent twice as long handing them out.)
    private static func column<Element: BitwiseCopyable>(_ rows: Int, _ filling: Filling,
                                                         _ body: (UnsafeMutablePointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: rows) { buffer, initialized in
            body(buffer.baseAddress!)
            initialized = filling.extras == nil ? 0 : rows
        }
    }
}
