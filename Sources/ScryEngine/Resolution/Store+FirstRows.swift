import ScryStore

extension Store {
    /// Each period number's first row (`PeriodCodes`): a row to read a column of the
    /// period alone at.
    func firstRows(ofPeriods codes: PeriodCodes) -> [Int32] {
        cache.value(StoreCache.Key("first rows of periods")) {
            var first = [Int32](repeating: -1, count: codes.periods.count)
            for (row, code) in codes.codes.enumerated() where first[Int(code)] < 0 { first[Int(code)] = Int32(row) }
            return first
        }
    }

    /// Each indicator's (or area's) first row, -1 for one with none: a row to read the
    /// indicator's or area's own columns at.
    func firstRows(of column: KeyPath<ObservationTable, [UInt16]>, count: Int) -> [Int32] {
        cache.value(StoreCache.Key(column == \ObservationTable.indicator ? "first rows of indicators" : "first rows of areas")) {
            var first = [Int32](repeating: -1, count: count)
            var remaining = count
            observations[keyPath: column].withUnsafeBufferPointer { codes in
                for (row, code) in codes.enumerated() where first[Int(code)] < 0 {
                    first[Int(code)] = Int32(row)
                    remaining -= 1
                    if remaining == 0 { break }
                }
            }
            return first
        }
    }
}
