import ScryEngine

/// A line of block characters, one per value, lowest to highest: `▁▃▅█`. A missing value is
/// a space.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func draw(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { value -> Character in
            guard let value else { return " " }
            guard high > low else { return blocks[3] }
            // Halves first, so that values spanning more than a double's range (±1e308)
            // still give a finite fraction.
            let fraction = (value / 2 - low / 2) / (high / 2 - low / 2)
            guard fraction.isFinite else { return blocks[3] }
            let index = Int((fraction * Double(blocks.count - 1)).rounded())
            return blocks[min(max(index, 0), blocks.count - 1)]
        })
    }

    /// A result's series, a line each, labelled (`Kent: ▁▁█`) when there are several.
    static func lines(_ series: [ResultTable.Series]) -> [String] {
        series.map { (series.count > 1 ? $0.label + ": " : "") + draw($0.values) }
    }
}
