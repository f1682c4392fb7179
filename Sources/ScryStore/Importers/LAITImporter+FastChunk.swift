extension LAITImporter.FastReader {
    /// One stretch of the file, read on its own: measures and areas are numbered in the
    /// order this stretch met them (`Join` renumbers them for the whole file).
    struct Chunk {
        let bytes: UnsafeBufferPointer<UInt8>
        let layout: Layout
        let measures: [String: LAITImporter.Measure]
        /// Where the stretch starts, where the next record starts, and where the first one did.
        let start: Int
        private(set) var position: Int
        private(set) var firstRecord = -1
        /// Set when the stretch holds something the fast path leaves to the reporting one, or
        /// when Ctrl-C asked to stop (looked at every few thousand records).
        private(set) var failed = false
        let interruption: Interruption.Flag
        private var recordsRead = 0

        /// The observations, by local measure and area numbers.
        let rows: Rows

        var measuresMet: [MeasureMet] = []
        var measureIndex: [String: Int] = [:]
        /// Spellings of measure codes as bytes → local measure.
        var codeSpellings = ByteNameTable()
        var spellingMeasure: [Int] = []
        var areasMet: [AreaMet] = []
        var areaNames = ByteNameTable()
        /// For each area, the area that followed it last time (-1 for none yet).
        var successor: [Int] = []
        var labels = LAITImporter.LabelReader()
        var unreadable: [String: Unreadable] = [:]
        /// Each (measure, period) block's areas, as bits: duplicates make the fast path decline.
        var blocks: [UInt64: Int] = [:]
        var blockBits: [UInt64] = []
        static let blockWords = 8
        static let maximumAreas = blockWords * 64

        // The row before: its measure, label and area.
        private var lastCode: Range<Int>? = nil
        private var lastMeasure = -1
        private var lastLabel: Range<Int>? = nil
        private var labelMeasure = -1
        private var lastPeriod: Period? = nil
        private var unreadableKey = ""
        private var lastBlock = -1
        private var lastArea = -1

        // The current record's fields: four numbers each (start, content start, content
        // end, end), valid during `read`; which hold doubled quotes; which are byte for
        // byte the record before's; and the area foreseen and found.
        private var bounds: UnsafeMutablePointer<Int>? = nil
        private var hasPrevious = false
        private var escaped: UInt64 = 0
        private var repeated: UInt64 = 0
        private var foundArea = -1

        init(bytes: UnsafeBufferPointer<UInt8>, layout: Layout, measures: [String: LAITImporter.Measure], start: Int, expectedRows: Int,
             interruption: Interruption.Flag) {
            self.bytes = bytes
            self.interruption = interruption
            self.layout = layout
            self.measures = measures
            self.start = start
            position = start
            rows = Rows(capacity: expectedRows)
        }

        /// Reads records until one would start at or after `limit`.
        mutating func read(until limit: Int) {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * layout.width) { buffer in
                bounds = buffer.baseAddress
                hasPrevious = false
                readRecords(until: limit)
                bounds = nil
            }
        }

        private mutating func readRecords(until limit: Int) {
            let base = bytes.baseAddress!
            let count = bytes.count
            while !failed {
                // Blank lines are skipped, as the reporting reader skips them.
                while position < count, base[position] == 0x0A || base[position] == 0x0D {
                    if base[position] == 0x0D {
                        guard position + 1 < count, base[position + 1] == 0x0A else { failed = true; return }
                        position += 1
                    }
                    position += 1
                }
                if firstRecord < 0 { firstRecord = position }
                guard position < limit, position < count else { return }
                recordsRead &+= 1
                if recordsRead & 0xFFF == 0, interruption.isRequested { failed = true; return }
                guard let next = scanRecord(base, count) else { failed = true; return }
                hasPrevious = true
                guard readRow(base) else { failed = true; return }
                position = next
            }
        }

        // MARK: Fields

        /// Splits the record at `position` into fields; the position after its line end, or
        /// nil for a record the reporting reader reads differently or reports.
        ///
        /// Fields are first compared with what they are foreseen to be, a run of adjacent
        /// fields at once (see `Layout.Run`): the same bytes followed by the same delimiter
        /// are the same fields, so a match takes its shape from the fields foreseen. A run
        /// that differs is taken field by field, each foreseen alone where it can be, and
        /// scanned where not.
        private mutating func scanRecord(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int? {
            var index = position
            let previousEscaped = escaped
            escaped = 0
            repeated = 0
            foundArea = -1
            let foreseenArea = lastArea >= 0 ? successor[lastArea] : -1
            for run in layout.runs {
                if let next = matchingRun(run, base, count, at: index, foreseenArea: foreseenArea, previousEscaped: previousEscaped) {
                    index = next
                    continue
                }
                for field in run.first...run.last {
                    guard let next = scanField(field, base, count, at: index, foreseenArea: foreseenArea, previousEscaped: previousEscaped) else {
                        return nil
                    }
                    index = next
                }
            }
            return index
        }

        /// The position after `run` when its fields are at `index` as foreseen, having
        /// recorded them; nil when they are not.
        @inline(__always)
        private mutating func matchingRun(
            _ run: Layout.Run, _ base: UnsafePointer<UInt8>, _ count: Int, at index: Int, foreseenArea: Int, previousEscaped: UInt64
        ) -> Int? {
            let bounds = bounds!
            let isLast = run.last == layout.width - 1
            switch run.source {
            case .none:
                return nil
            case .previous:
                guard hasPrevious else { return nil }
                let from = bounds[4 * run.first], to = bounds[4 * run.last + 3]
                guard let next = matching(base, count, at: index, from, to, isLast: isLast) else { return nil }
                let shift = index &- from
                for value in 4 * run.first..<4 * run.last + 4 { bounds[value] &+= shift }
                let fields: UInt64 = (1 << UInt64(run.last - run.first + 1) - 1) << UInt64(run.first)
                escaped |= previousEscaped & fields
                repeated |= fields
                return next
            case .area, .areaTail:
                let area = run.source == .area ? foreseenArea : foundArea
                guard area >= 0 else { return nil }
                let next: Int? = areasMet[area].places.withUnsafeBufferPointer { places in
                    let from = places[run.first].start, to = places[run.last].end
                    guard let next = matching(base, count, at: index, from, to, isLast: isLast) else { return nil }
                    let shift = index &- from
                    for field in run.first...run.last {
                        let place = places[field], slot = bounds + 4 * field
                        slot[0] = place.start &+ shift
                        slot[1] = place.content.lowerBound &+ shift
                        slot[2] = place.content.upperBound &+ shift
                        slot[3] = place.end &+ shift
                        if place.escaped { escaped |= 1 << UInt64(field) }
                    }
                    return next
                }
                if next != nil, run.source == .area { foundArea = area }
                return next
            }
        }

        /// The position after `field` at `index`, having recorded it: foreseen alone (the
        /// record before's same field, or the foreseen area's), or scanned; nil for a field
        /// the reporting reader reads differently or reports.
        private mutating func scanField(
            _ field: Int, _ base: UnsafePointer<UInt8>, _ count: Int, at start: Int, foreseenArea: Int, previousEscaped: UInt64
        ) -> Int? {
            let slot = bounds! + 4 * field
            let isLast = field == layout.width - 1
            var foreseen: FieldPlace? = nil
            switch layout.roles[field] {
            case .value:
                break
            case .area:
                if foreseenArea >= 0 { foreseen = areasMet[foreseenArea].places[field] }
            case .number where foundArea >= 0, .region where foundArea >= 0:
                foreseen = areasMet[foundArea].places[field]
            default:
                if hasPrevious {
                    foreseen = FieldPlace(start: slot[0], content: slot[1]..<slot[2], end: slot[3],
                                          escaped: previousEscaped >> UInt64(field) & 1 != 0)
                }
            }
            if let foreseen, let next = matching(base, count, at: start, foreseen.start, foreseen.end, isLast: isLast) {
                let shift = start &- foreseen.start
                slot[0] = start
                slot[1] = foreseen.content.lowerBound &+ shift
                slot[2] = foreseen.content.upperBound &+ shift
                slot[3] = foreseen.end &+ shift
                if foreseen.escaped { escaped |= 1 << UInt64(field) }
                switch layout.roles[field] {
                case .area: foundArea = foreseenArea
                case .number where foundArea >= 0, .region where foundArea >= 0: break
                default: repeated |= 1 << UInt64(field)
                }
                return next
            }
            var index = start
            slot[0] = index
            if index < count, base[index] == 0x22 {
                index += 1
                slot[1] = index
                while true {
                    guard let quote = memchr(base + index, 0x22, count - index) else { return nil }
                    index = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                    if index + 1 < count, base[index + 1] == 0x22 {
                        escaped |= 1 << UInt64(field)
                        index += 2
                        continue
                    }
                    break
                }
                slot[2] = index
                index += 1
            } else {
                slot[1] = index
                index = Self.special(base, from: index, count)
                if index < count, base[index] == 0x22 { return nil }
                slot[2] = index
            }
            slot[3] = index
            return Self.delimited(base, count, at: index, isLast: isLast)
        }

        /// The position after the bytes `from..<to` and a delimiter, when they are at
        /// `index`; nil when they are not.
        @inline(__always)
        private func matching(_ base: UnsafePointer<UInt8>, _ count: Int, at index: Int, _ from: Int, _ to: Int, isLast: Bool) -> Int? {
            let length = to &- from, end = index &+ length
            guard end < count || isLast && end == count, Self.equal(base, count, index, from, length: length) else { return nil }
            return Self.delimited(base, count, at: end, isLast: isLast)
        }

        /// The position after the delimiter at `index`: a `,` after a field, a line end
        /// (LF or CRLF) or the end of the file after the last; nil for anything else.
        @inline(__always)
        private static func delimited(_ base: UnsafePointer<UInt8>, _ count: Int, at index: Int, isLast: Bool) -> Int? {
            if !isLast { return index < count && base[index] == 0x2C ? index + 1 : nil }
            if index == count { return index }
            if base[index] == 0x0A { return index + 1 }
            if base[index] == 0x0D, index + 1 < count, base[index + 1] == 0x0A { return index + 2 }
            return nil
        }

        /// The first `,` `"` LF or CR at or after `start`, or `count`: eight bytes at a time
        /// while eight remain (a byte is found by the zero it leaves when xored with the one
        /// sought; the lowest such zero is exact).
        @inline(__always)
        private static func special(_ base: UnsafePointer<UInt8>, from start: Int, _ count: Int) -> Int {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            var index = start
            while index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let comma = word ^ (0x2C &* ones), quote = word ^ (0x22 &* ones)
                let feed = word ^ (0x0A &* ones), carriage = word ^ (0x0D &* ones)
                let found = ((comma &- ones) & ~comma | (quote &- ones) & ~quote | (feed &- ones) & ~feed
                    | (carriage &- ones) & ~carriage) & highs
                if found != 0 { return index + found.trailingZeroBitCount >> 3 }
                index += 8
            }
            while index < count {
                let byte = base[index]
                if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return index }
                index += 1
            }
            return count
        }

        /// Whether `length` bytes from `left` and from `right` are the same: compared eight
        /// at a time, the last eight overlapping the ones before, or under a mask when there
        /// are fewer (without a branch per byte, whose outcome would be hard to foresee).
        @inline(__always)
        static func equal(_ base: UnsafePointer<UInt8>, _ count: Int, _ left: Int, _ right: Int, length: Int) -> Bool {
            func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)) }
            if length <= 8 {
                guard left &+ 8 <= count, right &+ 8 <= count else {
                    return (0..<length).allSatisfy { base[left + $0] == base[right + $0] }
                }
                let mask: UInt64 = length == 0 ? 0 : UInt64.max &>> UInt64(64 &- 8 &* length)
                return (word(left) ^ word(right)) & mask == 0
            }
            var offset = 0
            while offset &+ 8 < length {
                if word(left &+ offset) != word(right &+ offset) { return false }
                offset &+= 8
            }
            return word(left &+ length &- 8) == word(right &+ length &- 8)
        }

        static func equal(_ base: UnsafePointer<UInt8>, _ count: Int, _ left: Range<Int>, _ right: Range<Int>) -> Bool {
            left.count == right.count && equal(base, count, left.lowerBound, right.lowerBound, length: left.count)
        }

        private func place(_ field: Int) -> FieldPlace {
            let slot = bounds! + 4 * field
            return FieldPlace(start: slot[0], content: slot[1]..<slot[2], end: slot[3], escaped: isEscaped(field))
        }

        private func content(_ field: Int) -> Range<Int> { bounds![4 * field + 1]..<bounds![4 * field + 2] }
        private func isEscaped(_ field: Int) -> Bool { escaped >> UInt64(field) & 1 != 0 }
        private func isRepeated(_ field: Int) -> Bool { repeated >> UInt64(field) & 1 != 0 }

        /// A field's text as the reporting reader reads it: doubled quotes made single, trimmed.
        private func text(_ field: Int?) -> String {
            guard let field else { return "" }
            return FieldText.text(UnsafeBufferPointer(rebasing: bytes[content(field)]), escaped: isEscaped(field))
        }

        // MARK: Rows

        /// The current record as an observation, in the reporting reader's order of steps:
        /// measure, period, area, duplicate, value. False to decline.
        private mutating func readRow(_ base: UnsafePointer<UInt8>) -> Bool {
            // The measure: the same as the row before, mostly.
            let code = content(layout.code)
            if isEscaped(layout.code) { return false }
            if !isRepeated(layout.code), lastCode == nil || !Self.equal(base, bytes.count, lastCode!, code) {
                let (spelling, isNew) = codeSpellings.id(of: UnsafeBufferPointer(rebasing: bytes[code]))
                if isNew {
                    guard let measure = measure(named: text(layout.code)) else { return false }
                    spellingMeasure.append(measure)
                }
                lastMeasure = spellingMeasure[spelling]
                lastCode = code
            }
            // The period, read as the measure's year type reads it.
            let label = content(layout.label)
            if isEscaped(layout.label) { return false }
            let sameLabel = isRepeated(layout.label) || lastLabel != nil && Self.equal(base, bytes.count, lastLabel!, label)
            if !sameLabel || labelMeasure != lastMeasure { readLabel(label) }
            guard let period = lastPeriod else {
                unreadable[unreadableKey]!.count += 1
                return true
            }
            // The area: foreseen while the fields were split, mostly.
            var areaIndex = foundArea
            if areaIndex < 0 {
                let name = content(layout.area)
                guard !name.isEmpty, !isEscaped(layout.area) else { return false }
                let (id, isNew) = areaNames.id(of: UnsafeBufferPointer(rebasing: bytes[name]))
                if isNew {
                    guard id < Self.maximumAreas else { return false }
                    areasMet.append(AreaMet(name: text(layout.area), number: LAITImporter.DataField.laNumber(text(layout.number)),
                                            region: text(layout.region), field: place(layout.area), places: (0..<layout.width).map(place)))
                    successor.append(-1)
                }
                areaIndex = id
                if lastArea >= 0 { successor[lastArea] = id }
            }
            lastArea = areaIndex
            // Duplicates: each (measure, period) block holds an area once.
            if lastBlock < 0 { lastBlock = block(measure: lastMeasure, period: period) }
            let word = lastBlock * Self.blockWords + areaIndex >> 6, bit = UInt64(1) << UInt64(areaIndex & 63)
            if blockBits[word] & bit != 0 { return false }
            blockBits[word] |= bit
            // The value.
            guard let cell = try? LAITImporter.DataField.value(UnsafeBufferPointer(rebasing: bytes[content(layout.value)]),
                                                               escaped: isEscaped(layout.value)) else { return false }
            rows.append(indicator: UInt16(lastMeasure), area: UInt16(areaIndex), period: period.raw, value: cell.value, state: cell.state.rawValue)
            return true
        }

        /// Reads a label as the row's measure reads it, once per year type and label.
        private mutating func readLabel(_ label: Range<Int>) {
            let text = text(layout.label)
            let indicator = measuresMet[lastMeasure].indicator
            let reading = labels.read(text, for: indicator)
            switch reading {
            case .period(let period):
                lastPeriod = period
            case .unreadable(let message):
                lastPeriod = nil
                unreadableKey = indicator.code + "|" + text
                if unreadable[unreadableKey] == nil {
                    unreadable[unreadableKey] = Unreadable(message: message, field: place(layout.label), count: 0)
                }
            }
            lastLabel = label
            labelMeasure = lastMeasure
            lastBlock = -1
        }

        /// The local number of the measure named `code`, met now if not before; nil when
        /// the dictionary lacks it.
        private mutating func measure(named code: String) -> Int? {
            if let known = measureIndex[code] { return known }
            guard let indicator = try? LAITImporter.indicator(code: code, item: text(layout.item), measures: measures) else { return nil }
            measureIndex[code] = measuresMet.count
            measuresMet.append(MeasureMet(code: code, indicator: indicator))
            return measuresMet.count - 1
        }

        private mutating func block(measure: Int, period: Period) -> Int {
            let key = UInt64(measure) << 32 | UInt64(period.raw)
            if let known = blocks[key] { return known }
            let index = blocks.count
            blocks[key] = index
            blockBits.append(contentsOf: repeatElement(0, count: Self.blockWords))
            return index
        }
    }
}
