import ScryEngine

/// A line of block characters, one per value, lowest to highest: `▁▃▅█`. A missing value is
/// a space.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func draw(_ values: [Double?]) -> String {
        String(heights(values).map { height -> Character in
            guard let height else { return " " }
            return blocks[min(max(Int((height * Double(blocks.count - 1)).rounded()), 0), blocks.count - 1)]
        })
    }

    /// Each value's height between the lowest (0) and the highest (1); nil where missing, a
    /// half where all are equal.
    static func heights(_ values: [Double?]) -> [Double?] {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return values.map { _ in nil } }
        return values.map { value -> Double? in
            guard let value else { return nil }
            guard high > low else { return 3.0 / 7 }
            // Halves first, so that values spanning more than a double's range (±1e308)
            // still give a finite fraction.
            let fraction = (value / 2 - low / 2) / (high / 2 - low / 2)
            return fraction.isFinite ? fraction : 3.0 / 7
        }
    }

    /// A result's series, a line each, labelled (`Kent: ▁▁█`) when there are several.
    static func lines(_ series: [ResultTable.Series]) -> [String] {
        series.map { (series.count > 1 ? $0.label + ": " : "") + draw($0.values) }
    }
}
