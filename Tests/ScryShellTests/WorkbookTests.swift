import Foundation
import Testing
import ScryStore
import ScryTestSupport
@testable import ScryShell

/// Every workbook scry writes is opened by an independent reader, openpyxl (installed by
/// `make test` into `.build/venv`, read through `tools/read-workbook`), and checked for its
/// values, their types, number formats, the bold frozen header, widths and sheet names.
/// The expected figures are read off `examples/data/*/observations.csv` by hand; each
/// says which row.
@Suite(.serialized)
struct WorkbookTests {
    /// A cell as openpyxl reads it.
    struct ReadCell {
        var value: Any?
        var type: String
        var format: String
        var bold: Bool
        var isNumber: Bool { type == "int" || type == "float" }
        var number: Double? { (value as? NSNumber)?.doubleValue }
        var text: String? { type == "str" ? value as? String : nil }
    }

    struct ReadSheet {
        var name: String
        var freeze: String?
        var widths: [String: Double]
        var rows: [[ReadCell]]

        /// The row whose first cell is `text`.
        func row(_ text: String) -> [ReadCell]? { rows.first { $0.first?.text == text } }
    }

    static let python = Repository.path(".build/venv/bin/python")

    /// The workbook at `path` as openpyxl reads it.
    static func read(_ path: String) throws -> [ReadSheet] {
        try #require(FileManager.default.isExecutableFile(atPath: python), "openpyxl's virtual environment is missing: run make deps")
        let run = try BinaryTests.run(python, [Repository.path("tools/read-workbook"), path])
        try #require(run.status == 0, "openpyxl could not read \(path): \(run.errors)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        return sheets.map { sheet in
            ReadSheet(name: sheet["name"] as? String ?? "", freeze: sheet["freeze"] as? String,
                      widths: sheet["widths"] as? [String: Double] ?? [:],
                      rows: (sheet["rows"] as? [[[String: Any]]] ?? []).map { row in
                          row.map { ReadCell(value: $0["value"] is NSNull ? nil : $0["value"], type: $0["type"] as? String ?? "",
                                             format: $0["format"] as? String ?? "", bold: $0["bold"] as? Bool ?? false) }
                      })
        }
    }

    /// A fresh folder for a test's files.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "scry-workbook-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `script` with the built scry in `folder`; its status and standard error.
    static func scry(_ script: String, in folder: String, arguments: [String] = []) throws -> BinaryTests.Run {
        let file = folder + "/script.scry"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        return try BinaryTests.run(try BinaryTests.executable(), arguments + [file], directory: folder)
    }

    @Test func showIsASheetOfNumbersWithTheirIndicatorsFormats() throws {
        let folder = try Self.folder()
        let run = try Self.scry("""
            .once figures.xlsx
            show code, period, value, numerator where area = Kent and code in (A10, A12, B1) and period = 2012-07 order by code
            """, in: folder)
        #expect(run.status == 0, "\(run.errors)")
        let sheets = try Self.read(folder + "/figures.xlsx")
        try #require(sheets.count == 1)
        let sheet = sheets[0]
        #expect(sheet.name == "show 1")
        #expect(sheet.freeze == "A2")
        #expect(sheet.rows[0].map(\.text) == ["code", "period", "value", "numerator"])
        #expect(sheet.rows[0].allSatisfy { $0.bold })
        #expect(sheet.rows.dropFirst().allSatisfy { !$0[0].bold })
        #expect(["A", "B", "C", "D"].allSatisfy { (sheet.widths[$0] ?? 0) >= 8 })
        // kent-2012-07/observations.csv row 41: A10,Kent,2012-07,24.1,753 — per10000, 1 decimal.
        let a10 = try #require(sheet.row("A10"))
        #expect(a10[1].text == "2012-07")
        #expect(a10[2].isNumber && a10[2].number == 24.1 && a10[2].format == "#,##0.0")
        #expect(a10[3].isNumber && a10[3].number == 753 && a10[3].format == "#,##0")
        // Row 51: A12,Kent,2012-07,28 — a count, no numerator.
        let a12 = try #require(sheet.row("A12"))
        #expect(a12[2].isNumber && a12[2].number == 28 && a12[2].format == "#,##0")
        #expect(a12[3].value == nil)
        // Row 55: B1,Kent,2012-07,87.4,2766 — a percent, stored as 87.4 and shown 87.4%.
        let b1 = try #require(sheet.row("B1"))
        #expect(b1[2].isNumber && b1[2].number == 87.4 && b1[2].format == "#,##0.0\"%\"")
        #expect(b1[3].isNumber && b1[3].number == 2766 && b1[3].format == "#,##0")
    }

    @Test func everyResultOfAnOutputFileIsASheetNamedAfterItsStatement() throws {
        let folder = try Self.folder()
        let run = try Self.scry("""
            .output report.xlsx
            show code, value where area = Kent and code = A10 and period = 2012-07
            show value, rag where code = CPS20 and period = 2019-07
            .indicators E*
            show code, value where area = Kent and code = E4 and period = 2012-07
            .output
            """, in: folder)
        #expect(run.status == 0, "\(run.errors)")
        let sheets = try Self.read(folder + "/report.xlsx")
        #expect(sheets.map(\.name) == ["show 1", "show 2", "indicators 1", "show 3"])
        // kent-2019-07/observations.csv row 62: CPS20,Kent,2019-07,x — the symbol, as text.
        let symbol = sheets[1].rows[1][0]
        #expect(symbol.text == "x")
        #expect(!symbol.isNumber)
        // kent-2012-07 row 150: E4,Kent,2012-07,19.9 — an average, 1 decimal.
        #expect(sheets[3].rows[1][1].number == 19.9 && sheets[3].rows[1][1].format == "#,##0.0")
    }

    @Test func scorecardSectionsAreStackedOnOneSheetUnderBoldHeadings() throws {
        let folder = try Self.folder()
        let run = try Self.scry("""
            .once scorecard.xlsx
            scorecard for Kent in 2012-07 where theme = "ARE WE SUPPORTING OUR STAFF ?"
            """, in: folder)
        #expect(run.status == 0, "\(run.errors)")
        let sheets = try Self.read(folder + "/scorecard.xlsx")
        try #require(sheets.count == 1)
        let sheet = sheets[0]
        #expect(sheet.name == "scorecard 1")
        #expect(sheet.freeze == nil)
        // Seed 004's section heading, with the area and the period all its rows share.
        #expect(sheet.rows[0][0].text == "ARE WE SUPPORTING OUR STAFF ? — Kent, 2012-07" && sheet.rows[0][0].bold)
        let header = sheet.rows[1].compactMap(\.text)
        #expect(header.first == "code" && sheet.rows[1][0].bold)
        let value = try #require(header.firstIndex(of: "value")), numerator = try #require(header.firstIndex(of: "numerator"))
        let rag = try #require(header.firstIndex(of: "rag"))
        // kent-2012-07/observations.csv rows 144, 146, 148 and 150 (July 2012, Kent).
        let expected: [(code: String, value: Double, format: String, rag: String)] = [
            ("E1", 2.2, "#,##0.0\"%\"", "G"), ("E2", 14.9, "#,##0.0\"%\"", "A"), ("E3", 82.9, "#,##0.0\"%\"", "A"), ("E4", 19.9, "#,##0.0", "G"),
        ]
        for figure in expected {
            let row = try #require(sheet.row(figure.code), "no row for \(figure.code)")
            #expect(row[value].number == figure.value && row[value].format == figure.format, "\(figure.code)")
            #expect(row[rag].text == figure.rag, "\(figure.code)")
        }
        // Rows 146 and 150: E2's numerator 64.4, E4's 8420 (a whole number, thousands separated).
        let e2 = try #require(sheet.row("E2")), e4 = try #require(sheet.row("E4"))
        #expect(e2[numerator].number == 64.4)
        #expect(e4[numerator].number == 8420)
        // The summary: published G for E1 and E4, A for E2 and E3 (the rag column of the rows above).
        #expect(sheet.rows.contains { $0.first?.text == "Summary — Kent" && $0[0].bold })
        let green = try #require(sheet.row("G")), amber = try #require(sheet.row("A"))
        #expect(green[1].number == 2 && amber[1].number == 2)
    }

    @Test func formatXlsxWritesTheWorkbookToStandardOutputAtTheEnd() throws {
        let folder = try Self.folder()
        let scry = try BinaryTests.executable()
        let run = try BinaryTests.run("/bin/sh", ["-c", "'\(scry)' --format xlsx -c 'show code, value where area = Kent and code = B1 and period = 2012-07' > out.xlsx"],
                                      directory: folder)
        #expect(run.status == 0, "\(run.errors)")
        let sheets = try Self.read(folder + "/out.xlsx")
        // kent-2012-07/observations.csv row 55: B1,Kent,2012-07,87.4.
        #expect(sheets.map(\.name) == ["show 1"])
        #expect(sheets.first?.rows[1][1].number == 87.4)
    }

    @Test func theSameResultsMakeTheSameBytes() throws {
        let folder = try Self.folder()
        let script = ".once FILE\nshow code, value where area = Kent and period = 2012-07\n"
        for name in ["one.xlsx", "two.xlsx"] {
            let run = try Self.scry(script.replacingOccurrences(of: "FILE", with: name), in: folder)
            #expect(run.status == 0, "\(run.errors)")
        }
        let one = try Data(contentsOf: URL(fileURLWithPath: folder + "/one.xlsx"))
        let two = try Data(contentsOf: URL(fileURLWithPath: folder + "/two.xlsx"))
        #expect(!one.isEmpty && one == two)
    }

    @Test func aRefusedResultLeavesTheOldWorkbookAsItWas() throws {
        let folder = try Self.folder()
        let old = Data("an old file".utf8)
        try old.write(to: URL(fileURLWithPath: folder + "/kept.xlsx"))
        let run = try Self.scry(".once kept.xlsx\nchart A10 for Kent\n", in: folder)
        #expect(run.status == 1)
        #expect(run.errors.contains("a chart cannot be written as xlsx"))
        let kept = try Data(contentsOf: URL(fileURLWithPath: folder + "/kept.xlsx"))
        #expect(kept == old)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["kept.xlsx", "script.scry"])
    }

    @Test func aTerminalGetsNoWorkbookButSaysWhereToPutOne() throws {
        let (session, output, errors) = try makeSession()
        session.isTerminal = true
        session.format = .xlsx
        #expect(!session.runScript("show value where code = A10 and area = Kent and period = 2012-07", name: "-c"))
        #expect(errors.text.contains("a workbook cannot be shown on a terminal: .once FILE.xlsx"))
        #expect(session.finish())
        #expect(output.text.isEmpty)
    }

    @Test(arguments: [
        ("show 1", "show 1"),
        ("a/b[c]:d*e?f\\g", "a_b_c__d_e_f_g"),
        ("'quoted'", "quoted"),
        (String(repeating: "x", count: 40), String(repeating: "x", count: 31)),
    ])
    func sheetNamesFollowExcelsRules(wanted: String, name: String) {
        #expect(Workbook.sheetName(wanted) == name)
    }

    @Test func sheetNamesAreUniqueWithoutRegardToCase() {
        #expect(Workbook.uniqueName("Show 1", among: ["show 1"]) == "Show 1 (2)")
        let long = String(repeating: "y", count: 31)
        #expect(Workbook.uniqueName(long, among: [long, String(repeating: "y", count: 27) + " (2)"]) == String(repeating: "y", count: 27) + " (3)")
    }

    @Test func columnNamesRunFromAToZThenAA() {
        #expect([0, 25, 26, 27, 701, 702].map(CellReference.letters) == ["A", "Z", "AA", "AB", "ZZ", "AAA"])
        #expect(["A1", "Z9", "AA10", "ab3", "ZZ1", "AAA1", "12"].map(CellReference.column(of:)) == [0, 25, 26, 27, 701, 702, nil])
    }
}
