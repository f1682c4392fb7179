import Foundation
import Testing
@testable import ScryEngine
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// The terminal and SVG drawings of charts made by hand, and how the shell routes a chart
/// to a format or a file.
struct ChartRendererTests {
    /// Kent 10.0%, then a gap, then 30.0%: a scale from 10 to 30 in steps of 5 (a quarter
    /// of the 20-point range is 5, a round step).
    static func chart(_ values: [Double?], label: String = "Kent") -> ResultTable.Chart {
        var chart = ResultTable.Chart(kind: .line, code: "P", name: "A percentage", unit: .percent, decimals: 1, polarity: .high,
                                      periods: [5, 6, 7].map { Period.month(2013, $0)! })
        chart.series = [.init(label: label, role: .area, values: values)]
        return chart
    }

    func terminal(_ chart: ResultTable.Chart, width: Int = 80, colour: Bool = false, unicode: Bool = true) -> String {
        var output = ""
        TerminalChart.write(chart, options: TerminalOptions(width: width, colour: colour, unicode: unicode), to: &output)
        return output
    }

    @Test func theValueAxisStartsNearTheLowestFigureAndSaysSo() {
        let scale = ChartScale([10, 30], decimals: 1)
        #expect(scale.low == 10 && scale.high == 30 && scale.step == 5)
        #expect(scale.ticks == [10, 15, 20, 25, 30])
        let lines = terminal(Self.chart([10, nil, 30])).split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("30.0% ┤"), "the top row is the highest tick")
        #expect(lines[12].hasPrefix("10.0% ┤"), "the bottom row is where the axis starts")
        #expect(lines.last == "y axis from 10.0% to 30.0%, not from zero (per cent)")
        // Bars measure from zero.
        #expect(ChartScale([63, 100], decimals: 0, includingZero: true).low == 0)
    }

    @Test func aGapIsLeftEmptyNotJoinedOrDrawnAtZero() {
        // ASCII: each lone figure is two `*` cells; the legend's sample is two more.
        let gap = terminal(Self.chart([10, nil, 30]), unicode: false)
        #expect(gap.filter { $0 == "*" }.count == 6)
        let joined = terminal(Self.chart([10, 20, 30]), unicode: false)
        #expect(joined.filter { $0 == "*" }.count > 20)
    }

    @Test func theTerminalChartKeepsToTheWidthAndTheLocaleAndColourOnlyWhenAsked() {
        for width in [40, 60, 100] {
            for unicode in [true, false] {
                let text = terminal(Self.chart([10, 20, 30]), width: width, unicode: unicode)
                for line in text.split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
                if !unicode { #expect(text.unicodeScalars.allSatisfy { $0.isASCII }) }
                #expect(!text.contains("\u{1B}"))
            }
        }
        #expect(terminal(Self.chart([10, 20, 30]), colour: true).contains("\u{1B}[34m"))
        var bars = ResultTable.Chart(kind: .bar, code: "P", name: "A percentage", unit: .percent, decimals: 1, polarity: .high,
                                     periods: [Period.month(2013, 7)!])
        bars.categories = ["Tonbridge and Malling borough", "Kent", "Thanet"]
        bars.series = [.init(label: "P", role: .area, values: [80, 60, nil])]
        bars.references = [.init(label: "England", role: .comparator, value: 70)]
        bars.highlight = 1
        for width in [40, 80] {
            for line in terminal(bars, width: width).split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
        }
        // 80 of 80.0 across the bars: Kent's 60 is three quarters of the way; the
        // highlighted bar is marked, England's line crosses the longer bar.
        let lines = terminal(bars, width: 80).split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix("▶ Kent "))
        #expect(lines[1].contains("┃") && lines[2].contains("┊"))
        #expect(lines[3].hasSuffix("no figure"))
    }

    @Test func theLocaleDecidesUnicodeAsTheCLibraryDoes() {
        #expect(TerminalOptions.localeIsUTF8(["LANG": "en_GB.UTF-8"]))
        #expect(TerminalOptions.localeIsUTF8(["LC_CTYPE": "C.utf8", "LANG": "C"]))
        #expect(!TerminalOptions.localeIsUTF8(["LC_ALL": "C", "LANG": "en_GB.UTF-8"]), "LC_ALL wins")
        #expect(TerminalOptions.localeIsUTF8(["LC_ALL": "", "LANG": "en_GB.UTF-8"]), "an empty variable is unset")
        #expect(!TerminalOptions.localeIsUTF8([:]), "no locale is the C locale")
    }

    @Test func anSVGIsTheSameBytesEachTimeAndEscapesItsText() {
        let chart = Self.chart([10, 20, 30], label: "A & B <c>")
        var first = "", second = ""
        SVGChart.write(chart, to: &first)
        SVGChart.write(chart, to: &second)
        #expect(first == second)
        #expect(first.contains("A &amp; B &lt;c&gt; 30.0%"), "the latest figure labels its line")
        #expect(!first.contains("<c>"))
        #expect(first.contains("#12436D"))
    }

    @Test func aChartInATextFormatOrATableInSVGIsRefusedWithAMessage() throws {
        let (session, output, errors) = try makeSession()
        session.format = .csv
        #expect(!session.runScript("chart CPS05 for Kent with england", name: "-c"))
        #expect(errors.text.contains("a chart cannot be written as csv: it is drawn in table mode, as svg"))
        #expect(output.text.isEmpty)
        session.format = .svg
        #expect(!session.runScript("show value limit 1", name: "-c"))
        #expect(errors.text.contains("only a chart statement can be written as svg"))
        #expect(session.runScript("chart CPS05 for Kent with england", name: "-c"))
        #expect(output.text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
    }

    @Test func aFileNamedSVGGetsTheChartAsSVGWhateverTheModeAndHoldsOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-svg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (session, output, errors) = try makeSession()
        #expect(session.runScript(".once \(folder)/one.svg\nchart CS3 by districts in 2017-12 highlight EAST\nshow value limit 1", name: "s"),
                "\(errors.text)")
        let once = try String(contentsOfFile: folder + "/one.svg", encoding: .utf8)
        #expect(once.hasPrefix("<?xml") && once.hasSuffix("</svg>\n"))
        #expect(output.text.hasPrefix("value"), "after .once, results are a table on the screen again")
        #expect(!session.runScript(".once \(folder)/table.svg\nshow value limit 1", name: "s"))
        #expect(errors.text.contains("is an SVG file: only a chart statement can be written to it"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/table.svg"), "a refused result leaves no file behind")
        #expect(!session.runScript(".output \(folder)/two.svg\nchart CS3 by districts in 2017-12\nchart CS3 by districts in 2017-12", name: "s"))
        #expect(errors.text.contains("holds a chart already, and an SVG file is one picture"))
        session.runScript(".output", name: "s")
        #expect(try String(contentsOfFile: folder + "/two.svg", encoding: .utf8).components(separatedBy: "<svg ").count == 2)
    }

    @Test func theBinaryWritesSVGWithFormatSVGAndRefusesCSV() throws {
        let svg = try BinaryTests().scry(["--format", "svg", "-c", "chart CPS05 for Kent with england"])
        #expect(svg.status == 0, "\(svg.errors)")
        #expect(svg.output.hasPrefix("<?xml"))
        let csv = try BinaryTests().scry(["--format", "csv", "-c", "chart CPS05 for Kent with england"])
        #expect(csv.status == 1)
        #expect(csv.output.isEmpty)
        #expect(csv.errors.contains("error: a chart cannot be written as csv"))
        #expect(!csv.errors.contains("\u{1B}"))
    }
}
