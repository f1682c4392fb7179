extension LAITImporter.FastReader {
    /// Where a field is in the file: its first byte (its opening quote if quoted), its
    /// content, and the byte after it (after its closing quote if quoted).
    struct FieldPlace: Equatable {
        var start: Int
        var content: Range<Int>
        var end: Int
        /// The content holds doubled quotes that stand for one.
        var escaped: Bool
    }

    /// A measure's first row, as the reporting reader stages it.
    struct MeasureMet {
        var code: String
        var indicator: Indicator
    }

    /// An area's first row: its name, LA number and region as written, and where that
    /// row's fields are (the name's for the area's place in messages; all of them to
    /// foresee the area's next rows, which mostly repeat its name, number and region).
    struct AreaMet {
        var name: String
        var number: String
        var region: String
        var field: FieldPlace
        var places: [FieldPlace]
    }

    /// A label that is no period, as the reporting reader reports it: where it first is, and
    /// on how many rows.
    struct Unreadable {
        var message: String
        var field: FieldPlace
        var count: Int
    }

    /// The observations one stretch read, in columns of their own: room grown by doubling,
    /// without an array's checks on each append. Copied once into the store's columns.
    final class Rows {
        private(set) var count = 0
        private var capacity: Int
        private(set) var indicator: UnsafeMutablePointer<UInt16>
        private(set) var area: UnsafeMutablePointer<UInt16>
        private(set) var period: UnsafeMutablePointer<UInt32>
        private(set) var value: UnsafeMutablePointer<Double>
        private(set) var state: UnsafeMutablePointer<UInt8>

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            indicator = Self.allocate(self.capacity)
            area = Self.allocate(self.capacity)
            period = Self.allocate(self.capacity)
            value = Self.allocate(self.capacity)
            state = Self.allocate(self.capacity)
        }

        deinit {
            indicator.deallocate()
            area.deallocate()
            period.deallocate()
            value.deallocate()
            state.deallocate()
        }

        @inline(__always)
        func append(indicator: UInt16, area: UInt16, period: UInt32, value: Double, state: UInt8) {
            if count == capacity { grow() }
            self.indicator[count] = indicator
            self.area[count] = area
            self.period[count] = period
            self.value[count] = value
            self.state[count] = state
            count += 1
        }

        private func grow() {
            capacity *= 2
            indicator = Self.moved(indicator, count, capacity)
            area = Self.moved(area, count, capacity)
            period = Self.moved(period, count, capacity)
            value = Self.moved(value, count, capacity)
            state = Self.moved(state, count, capacity)
        }

        private static func allocate<Element>(_ capacity: Int) -> UnsafeMutablePointer<Element> {
            UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        }

        private static func moved<Element>(_ old: UnsafeMutablePointer<Element>, _ count: Int, _ capacity: Int) -> UnsafeMutablePointer<Element> {
            let new: UnsafeMutablePointer<Element> = allocate(capacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
    }
}
