/// A dataset in one Excel workbook: a sheet for each of the dataset's files, named like it
/// without `.csv` (`indicators`, `areas`, `observations`, and optionally `commentary`,
/// `neighbours`, `mapping`), with the same columns, the header in the first row.
///
/// Each sheet's cells (shared strings, inline strings, numbers, booleans; styles ignored)
/// are written out as the rows of a CSV file, and the dataset is checked by the same loader
/// as a folder's, so that every rule is applied in one place. The loader's errors are then
/// put back in the workbook's terms: `FILE.xlsx, sheet observations, row 5, column D`.
extension DatasetSource {
    /// The dataset files a workbook's sheets stand for, by sheet name.
    static let workbookSheets = ["indicators", "areas", "observations", "commentary", "neighbours", "mapping"]
    static let requiredSheets = ["indicators", "areas", "observations"]

    /// For each file made from a sheet, the sheet's row for each of the file's lines.
    struct SheetLines: Sendable, Equatable {
        var sheet: String
        var rows: [Int]
    }

    static func workbook(_ path: String, name: String?) throws(LoadFailure) -> DatasetSource {
        func failure(_ message: String) -> LoadFailure { LoadFailure([LoadIssue(.error, file: path, message: message)]) }
        let parts: [String: [UInt8]]
        do {
            parts = try ZipContainer.entries(of: try FileSystem.read(path))
        } catch {
            throw failure(error.message(path))
        }
        let sheets = Self.sheetParts(parts)
        let layout = "a workbook dataset has sheets named indicators, areas and observations (and optionally commentary, neighbours and mapping), with the columns of the dataset files"
        guard !sheets.isEmpty else { throw failure("cannot read '\(path)': it is not a workbook (no xl/workbook.xml naming its sheets)") }
        let missing = requiredSheets.filter { sheets[$0] == nil }
        guard missing.isEmpty else {
            throw failure("'\(path)' has no sheet named " + missing.map { "'\($0)'" }.joined(separator: " or ") + ": " + layout
                          + "; its sheets are " + sheets.keys.sorted().joined(separator: ", "))
        }
        let strings = sharedStrings(parts["xl/sharedStrings.xml"] ?? [])
        var files: [String: [UInt8]] = [:], lines: [String: SheetLines] = [:]
        for (sheet, part) in sheets {
            guard let xml = parts[part] else { throw failure("'\(path)' is damaged: its sheet '\(sheet)' has no part \(part)") }
            let table = cells(of: xml, strings: strings)
            files[sheet + ".csv"] = table.csv
            lines[sheet + ".csv"] = SheetLines(sheet: sheet, rows: table.rows)
        }
        let stem = String((path.split(separator: "/").last ?? "").dropLast(5))
        var source = DatasetSource(name: name ?? stem, location: path, files: files)
        source.sheetLines = lines
        return source
    }

    /// The dataset sheets' parts, by lowercased sheet name: from `xl/workbook.xml`'s
    /// sheets and the targets of their relationships.
    private static func sheetParts(_ parts: [String: [UInt8]]) -> [String: String] {
        var targets: [String: String] = [:]
        var relationships = XMLScanner(parts["xl/_rels/workbook.xml.rels"] ?? [])
        while let event = relationships.next() {
            if case .start("Relationship", let attributes, _) = event, let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var sheets: [String: String] = [:]
        var workbook = XMLScanner(parts["xl/workbook.xml"] ?? [])
        while let event = workbook.next() {
            guard case .start("sheet", let attributes, _) = event, let name = attributes["name"] else { continue }
            let key = name.lowercased()
            guard workbookSheets.contains(key), let id = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value,
                  let target = targets[id] else { continue }
            sheets[key] = target
        }
        return sheets
    }

    /// The shared strings table: each `<si>`'s text runs joined (phonetic runs left out).
    private static func sharedStrings(_ xml: [UInt8]) -> [String] {
        var strings: [String] = []
        var scanner = XMLScanner(xml)
        var current: String?, inText = false, inPhonetic = false
        while let event = scanner.next() {
            switch event {
            case .start("si", _, let selfClosing):
                if selfClosing { strings.append("") } else { current = "" }
            case .end("si"):
                strings.append(current ?? "")
                current = nil
            case .start("rPh", _, false): inPhonetic = true
            case .end("rPh"): inPhonetic = false
            case .start("t", _, false): inText = true
            case .end("t"): inText = false
            case .text(let text) where inText && !inPhonetic: current? += text
            default: break
            }
        }
        return strings
    }

    /// A sheet's cells as CSV, a line for each row that has a value, and each line's row.
    private static func cells(of xml: [UInt8], strings: [String]) -> (csv: [UInt8], rows: [Int]) {
        var rows: [Int: [Int: String]] = [:]
        var scanner = XMLScanner(xml)
        var row = 0, column = -1
        var type = "", value: String?, inValue = false, inText = false
        while let event = scanner.next() {
            switch event {
            case .start("row", let attributes, _):
                row = attributes["r"].flatMap { Int($0) } ?? row + 1
                column = -1
            case .start("c", let attributes, let selfClosing):
                column = attributes["r"].flatMap(CellReference.column(of:)) ?? column + 1
                type = attributes["t"] ?? "n"
                value = nil
                if selfClosing { continue }
            case .start("v", _, false): inValue = true; value = value ?? ""
            case .end("v"): inValue = false
            case .start("t", _, false): inText = true; value = value ?? ""
            case .end("t"): inText = false
            case .text(let text) where inValue || inText: value? += text
            case .end("c"):
                if let text = value.map({ cellText($0, type: type, strings: strings) }), !text.isEmpty { rows[row, default: [:]][column] = text }
            default: break
            }
        }
        // Every row as wide as the widest: a row's empty cells at its end are fields still.
        let width = (rows.values.compactMap { $0.keys.max() }.max() ?? -1) + 1
        var csv: [UInt8] = [], numbers: [Int] = []
        for number in rows.keys.sorted() {
            let cells = rows[number]!
            csv += (0..<width).map { csvField(cells[$0] ?? "") }.joined(separator: ",").utf8
            csv.append(10)
            numbers.append(number)
        }
        return (csv, numbers)
    }

    /// A cell's text as the CSV file would hold it: a shared string looked up, a number
    /// written back as its shortest decimal (`24.1`, `2766`), a boolean as TRUE or FALSE.
    private static func cellText(_ raw: String, type: String, strings: [String]) -> String {
        switch type {
        case "s": return Int(raw).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "b": return raw == "1" ? "TRUE" : "FALSE"
        case "n":
            guard let number = Double(raw), number.isFinite else { return raw }
            if number == number.rounded(), number.magnitude < 1e15 { return String(Int64(number)) }
            return "\(number)"
        default: return raw
        }
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// An issue found in a file made from a sheet, in the sheet's terms: `FILE.xlsx, sheet
    /// observations, row 5, column D`, for the CSV line and character column it had.
    func locatedInWorkbook(_ issue: LoadIssue) -> LoadIssue {
        guard let sheetLines, let file = sheetLines.first(where: { issue.file == path(of: $0.key) }) else { return issue }
        var located = issue
        located.file = location + ", sheet " + file.value.sheet
        if let line = issue.line, line >= 1 {
            located.file += ", row " + String(file.value.rows.indices.contains(line - 1) ? file.value.rows[line - 1] : line)
            if let column = issue.column, let text = issue.sourceLine {
                located.file += ", column " + CellReference.letters(Self.fieldIndex(in: text, atCharacter: column))
            }
        }
        located.line = nil
        located.column = nil
        located.sourceLine = nil
        return located
    }

    /// Which field of a CSV line the 1-based character column falls in, from 0.
    private static func fieldIndex(in line: String, atCharacter column: Int) -> Int {
        var field = 0, quoted = false
        for character in line.prefix(max(0, column - 1)) {
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { field += 1 }
        }
        return field
    }
}
