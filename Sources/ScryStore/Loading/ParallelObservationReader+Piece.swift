extension ParallelObservationReader {
    /// The header: which field of a row is which column. Only known columns, each once,
    /// written exactly (else the reporting pass reads the header, and says what is wrong).
    struct Header: Sendable {
        /// For each column of `ObservationField`, its field, or nil.
        var fields: [Int?]
        var width: Int
        /// Where the first row starts.
        var end: Int

        init?(_ file: UnsafeBufferPointer<UInt8>) {
            guard let newline = memchr(file.baseAddress!, 0x0A, file.count) else { return nil }
            var length = file.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            end = length + 1
            if length > 0, file[length - 1] == 0x0D { length -= 1 }
            let names = String(decoding: UnsafeBufferPointer(rebasing: file[0..<length]), as: UTF8.self)
                .split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            let known = ObservationField.allCases.map(\.name)
            guard Set(names).count == names.count, names.allSatisfy(known.contains) else { return nil }
            fields = known.map { names.firstIndex(of: $0) }
            width = names.count
            guard zip(ObservationField.allCases, fields).allSatisfy({ !$0.isRequired || $1 != nil }) else { return nil }
        }
    }

    /// What a piece leaves besides the rows it wrote: the dictionaries its target and
    /// floor codes point into, its notes, whether its keys (indicator, area, period) rise
    /// row by row, and the record it stopped at, if it did.
    struct Piece: Sendable {
        var rows: Range<Int>
        var target = DictionaryNumericColumn(), floor = DictionaryNumericColumn()
        var note = SparseTextColumn()
        var rising = true
        var firstKey: UInt64 = 0
        var lastKey: UInt64 = 0
        /// The byte offset of the first record this pass did not take.
        var stoppedAt: Int?
    }

    /// Reads one piece, a stretch of whole records at a time, line by line.
    struct PieceReader {
        /// The stretch being read.
        var file = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        let header: Header
        let names: (indicators: DeclaredNames, areas: DeclaredNames)
        let interruption: Interruption.Flag
        private var periods: PeriodDecoder

        init(header: Header, indicators: [Indicator], names: (indicators: DeclaredNames, areas: DeclaredNames), interruption: Interruption.Flag) {
            self.header = header
            self.names = names
            self.interruption = interruption
            periods = PeriodDecoder(indicators: indicators)
        }

        /// Reads the records of `stretch`, which starts at byte `start` of the file, into
        /// the table from `row` on, at most to the piece's last row. False when Ctrl-C asked
        /// to stop, or at a record this pass does not take (`piece.stoppedAt` says where).
        mutating func read(_ stretch: UnsafeBufferPointer<UInt8>, at start: Int, piece: inout Piece, row: inout Int,
                           into slots: ObservationTable.ColumnSlots) -> Bool {
            file = stretch
            let rows = piece.rows
            let width = header.width
            // Field i of a record is lower[i] ..< upper[i].
            let lower = UnsafeMutableBufferPointer<Int>.allocate(capacity: width), upper = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
            defer {
                lower.deallocate()
                upper.deallocate()
            }
            let column = header.fields.map { $0 ?? -1 }
            func range(_ name: ObservationField) -> Range<Int>? {
                let field = column[name.rawValue]
                return field < 0 ? nil : lower[field]..<upper[field]
            }
            // Ranges of this stretch's bytes: the names of the stretch before are not kept.
            var lastIndicator: (Range<Int>, Int)?, lastArea: (Range<Int>, Int)?
            var index = 0
            let end = stretch.count
            var previousKey = piece.lastKey
            defer { piece.lastKey = previousKey }
            while index < end {
                // Ctrl-C, every few thousand rows (a piece in memory is one long stretch).
                if row & 0x3FFF == 0, interruption.isRequested { return false }
                let recordStart = index
                guard row < rows.upperBound, let next = Self.fields(of: file, at: index, width: width, lower, upper) else {
                    piece.stoppedAt = start + recordStart
                    return false
                }
                index = next
                guard let indicator = Self.name(range(.indicator)!, file, names.indicators, &lastIndicator),
                      let area = Self.name(range(.area)!, file, names.areas, &lastArea),
                      let period = try? periods.decode(bytes(range(.period)), indicator: indicator),
                      let value = try? ObservationField.value.cell(bytes(range(.value))),
                      let numerator = try? ObservationField.numerator.cell(bytes(range(.numerator))),
                      let denominator = try? ObservationField.denominator.cell(bytes(range(.denominator))),
                      let target = try? ObservationField.target.cell(bytes(range(.target))),
                      let floor = try? ObservationField.floor.cell(bytes(range(.floor))),
                      let rag = try? ObservationField.rag(bytes(range(.rag)))
                else {
                    piece.stoppedAt = start + recordStart
                    return false
                }
                let note = ObservationField.note(bytes(range(.note)))
                let key = observationKey(indicator: indicator, area: area, period: period)
                if row == rows.lowerBound { piece.firstKey = key } else if key <= previousKey { piece.rising = false }
                previousKey = key
                slots.write(row, indicator: indicator, area: area, period: period, value: value, numerator: numerator,
                            denominator: denominator, target: target.state == .blank ? 0 : piece.target.code(for: target),
                            floor: floor.state == .blank ? 0 : piece.floor.code(for: floor), rag: rag)
                if !note.isEmpty { piece.note.append(note, at: row) }
                row += 1
            }
            return true
        }

        /// The bytes of a field (none for a column the file lacks).
        @inline(__always)
        private func bytes(_ range: Range<Int>?) -> UnsafeBufferPointer<UInt8> {
            guard let range else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(rebasing: file[range])
        }

        /// Splits the record at `start` into its `width` fields, each quoted or not; the
        /// position after its line end, or nil for a record of another shape, or with a
        /// doubled quote inside a field, or a quote inside an unquoted one.
        @inline(__always)
        private static func fields(of file: UnsafeBufferPointer<UInt8>, at start: Int, width: Int,
                                   _ lower: UnsafeMutableBufferPointer<Int>, _ upper: UnsafeMutableBufferPointer<Int>) -> Int? {
            var index = start
            let end = file.count
            var field = 0
            while true {
                guard field < width else { return nil }
                if file[index] == 0x22 {
                    lower[field] = index + 1
                    guard let quote = memchr(file.baseAddress! + index + 1, 0x22, end - index - 1) else { return nil }
                    let closing = file.baseAddress!.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                    upper[field] = closing
                    index = closing + 1
                    // A carriage return only as part of a CRLF line end (alone, it ends a
                    // line for the reporting pass).
                    if index + 1 < end, file[index] == 0x0D, file[index + 1] == 0x0A { index += 1 }
                    guard index >= end || file[index] == UInt8(ascii: ",") || file[index] == 0x0A else { return nil }
                } else {
                    lower[field] = index
                    index = ByteCounting.nextDelimiter(file.baseAddress!, from: index, before: end)
                    upper[field] = index
                    if index < end, file[index] == 0x22 { return nil }
                    // A carriage return only as part of a CRLF line end.
                    if index < end, file[index] == 0x0D {
                        guard index + 1 < end, file[index + 1] == 0x0A else { return nil }
                        index += 1
                    }
                }
                if index < end, file[index] == UInt8(ascii: ",") {
                    index += 1
                    field += 1
                    if index >= end { return nil }
                    continue
                }
                index += 1  // the line end
                break
            }
            return field == width - 1 ? index : nil
        }

        /// A name written exactly as declared: the same as the row before's when the bytes
        /// are, mostly. Any other spelling is the reporting pass's.
        private static func name(_ range: Range<Int>, _ file: UnsafeBufferPointer<UInt8>, _ names: DeclaredNames,
                                 _ last: inout (Range<Int>, Int)?) -> Int? {
            if let (previous, index) = last, FieldBytes.equal(file, previous, range) { return index }
            guard let index = names.exactly(UnsafeBufferPointer(rebasing: file[range])) else { return nil }
            last = (range, index)
            return index
        }
    }
}
