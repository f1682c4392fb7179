import Testing
import ScryEngine
@testable import ScryShell

/// A trend's figures come in the result as numbers; the renderers draw them.
struct SparklineTests {
    @Test func sparklineRunsLowToHighWithGapsForMissingValues() {
        #expect(Sparkline.draw([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.draw([5, nil, 1]) == "█ ▁")
        #expect(Sparkline.draw([3, 3]) == "▄▄")
        #expect(Sparkline.draw([nil]) == " ")
    }

    /// 1, 5 and 3: the lowest, the highest, and half way up (3.5 of 7 steps, rounded up).
    @Test func seriesAreDrawnUnderTheTableLabelledWhenThereAreSeveral() {
        var result = ResultTable(columns: [.init("period"), .init("value", numeric: true)])
        result.series = [.init(label: "Kent", values: [1, 5, 3])]
        #expect(Sparkline.lines(result.series) == ["▁█▅"])
        var table = ""
        ResultRenderer.write(result, as: .table, to: &table)
        #expect(table == "period  value\n------  -----\n▁█▅\n")
        var markdown = ""
        ResultRenderer.write(result, as: .markdown, to: &markdown)
        #expect(markdown == "| period | value |\n| --- | ---: |\n\n▁█▅\n\n")

        result.series.append(.init(label: "Medway", values: [nil, 2]))
        var lines = ""
        ResultRenderer.write(result, as: .line, to: &lines)
        #expect(lines == "Kent: ▁█▅\nMedway:  ▄\n")
    }

    @Test func machineFormatsLeaveSeriesOut() {
        var result = ResultTable(columns: [.init("value", numeric: true)], rows: [[.count(1)]])
        result.series = [.init(label: "Kent", values: [1, 2])]
        for format in [OutputFormat.csv, .json, .jsonl] {
            var output = ""
            ResultRenderer.write(result, as: format, to: &output)
            #expect(!output.contains("▁") && !output.contains("█"), "\(format)")
        }
    }
}
