import Foundation
import Testing
import ScryTestSupport

/// A workbook written by openpyxl (`tools/csv-to-workbook`, from a built-in dataset's CSV
/// files, a sheet for each) loads as the same dataset as the CSV folder; a damaged one
/// gives an error that names the sheet, row and column, and loads nothing.
@Suite(.serialized)
struct WorkbookDatasetTests {
    /// `tools/csv-to-workbook FOLDER FILE.xlsx OPTIONS…` with openpyxl; the workbook's path.
    static func workbook(from dataset: String, named name: String, in folder: String, options: [String] = []) throws -> String {
        let path = folder + "/" + name
        try #require(FileManager.default.isExecutableFile(atPath: WorkbookTests.python), "openpyxl's virtual environment is missing: run make deps")
        let run = try BinaryTests.run(WorkbookTests.python, [Repository.path("tools/csv-to-workbook"), Repository.path("examples/data/" + dataset), path] + options)
        try #require(run.status == 0, "\(run.errors)")
        return path
    }

    static func scry(_ arguments: [String], in folder: String) throws -> BinaryTests.Run {
        try BinaryTests.run(try BinaryTests.executable(), arguments, directory: folder)
    }

    @Test(arguments: ["kent-2012-07", "kent-2019-07"])
    func aWorkbookLoadsAsTheSameDatasetAsItsCSVFolder(dataset: String) throws {
        let folder = try WorkbookTests.folder()
        let workbook = try Self.workbook(from: dataset, named: dataset + ".xlsx", in: folder)
        for listing in ["show *", ".indicators", ".areas"] {
            let fromWorkbook = try Self.scry(["--data", workbook, "--format", "csv", "-c", listing], in: folder)
            let fromCSV = try Self.scry(["--data", Repository.path("examples/data/" + dataset), "--format", "csv", "-c", listing], in: folder)
            #expect(fromWorkbook.status == 0, "\(fromWorkbook.errors)")
            #expect(fromWorkbook.errors == fromCSV.errors)
            #expect(fromWorkbook.output.split(separator: "\r\n").count > 2)
            #expect(fromWorkbook.output == fromCSV.output, "\(listing)")
        }
    }

    @Test func figuresAndSymbolsReadFromTheWorkbookAreThePublishedOnes() throws {
        let folder = try WorkbookTests.folder()
        let workbook = try Self.workbook(from: "kent-2019-07", named: "kent.xlsx", in: folder)
        // kent-2019-07/observations.csv row 62: CPS20,Kent,2019-07,x — suppressed, as text.
        let symbol = try Self.scry(["--data", workbook, "--format", "csv", "-c", "show value where code = CPS20 and period = 2019-07"], in: folder)
        #expect(symbol.output == "value\r\nx\r\n")
        let folder2012 = try Self.workbook(from: "kent-2012-07", named: "kent-2012-07.xlsx", in: folder)
        // kent-2012-07/observations.csv row 41: A10,Kent,2012-07,24.1,753,312597,30.5,,R (a number cell).
        let figure = try Self.scry(["--data", folder2012, "--format", "csv", "-c", "show value, numerator, denominator, target, rag where code = A10 and period = 2012-07 and area = Kent"], in: folder)
        #expect(figure.output == "value,numerator,denominator,target,rag\r\n24.1,753,312597,30.5,R\r\n")
        let datasets = try Self.scry(["--data", folder2012, "--format", "csv", "-c", ".datasets"], in: folder)
        // 45 indicators (indicators.csv), 4 areas (areas.csv), 150 observations (observations.csv's 151 lines less its header).
        #expect(datasets.output.contains("kent-2012-07,\(folder2012),45,4,150,0"))
    }

    /// A damaged workbook: its error, and nothing loaded (the built-in datasets stay five).
    @Test(arguments: [
        ("bad-cell", ["--set", "observations!D41=abc"], "bad-cell.xlsx, sheet observations, row 41, column D: error: value 'abc' is not a number"),
        ("bad-period", ["--set", "observations!C3=June"], "bad-period.xlsx, sheet observations, row 3, column C: error:"),
        ("no-observations", ["--without", "observations"], "bad-sheet.xlsx' has no sheet named 'observations'"),
        ("not-a-zip", [], "bad-zip.xlsx': it is not a workbook"),
    ])
    func aDamagedWorkbookNamesTheCellAndLoadsNothing(name: String, options: [String], error: String) throws {
        let folder = try WorkbookTests.folder()
        var file = name == "no-observations" ? "bad-sheet.xlsx" : name + ".xlsx"
        if name == "not-a-zip" {
            file = "bad-zip.xlsx"
            try Data("not a zip".utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        } else {
            _ = try Self.workbook(from: "kent-2012-07", named: file, in: folder, options: options)
        }
        let script = folder + "/load.scry"
        try ".bail off\n.load \(file)\n.datasets\n".write(toFile: script, atomically: true, encoding: .utf8)
        let run = try Self.scry(["--format", "csv", script], in: folder)
        #expect(run.status == 1)
        #expect(run.errors.contains(error), "\(run.errors)")
        // The built-in datasets alone: a header and five rows.
        #expect(run.output.split(separator: "\r\n").count == 6, "\(run.output)")
        #expect(!run.output.contains(file))
    }
}
