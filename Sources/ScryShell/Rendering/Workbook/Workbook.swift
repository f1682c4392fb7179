import ScryEngine
import ScryStore

/// Results gathered into an Office Open XML workbook (`.mode xlsx`, `--format xlsx`,
/// `.output FILE.xlsx`): a sheet for each result, named after its statement and a number
/// (`show 1`, `show 2`, `rank 1`). A workbook is one file, made when its file closes, so
/// the session gathers results here and writes the bytes once (`Session+Workbook.swift`).
///
/// The parts are the fewest Excel, LibreOffice and openpyxl open without complaint:
/// `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`,
/// `xl/styles.xml` and `xl/worksheets/sheetN.xml`, strings inline in the cells.
struct Workbook {
    private(set) var sheets: [(name: String, xml: String)] = []
    private var styles = WorkbookStyles()
    /// Results of each kind so far, for their sheets' numbers.
    private var counts: [String: Int] = [:]

    var isEmpty: Bool { sheets.isEmpty }

    /// Adds `result` as a sheet named after `kind` (`show`, `indicators`) and its number.
    mutating func add(_ result: ResultTable, kind: String) {
        counts[kind, default: 0] += 1
        let name = Self.uniqueName(Self.sheetName(kind + " " + String(counts[kind]!)), among: sheets.map(\.name))
        sheets.append((name, Worksheet(result: result, styles: &styles).xml))
    }

    /// The workbook's bytes: its parts in a zip, each entry at a fixed date so that the
    /// same results always give the same file.
    func bytes() throws(FileSystem.Problem) -> [UInt8] {
        var parts: [(path: String, bytes: [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(Self.packageRelationships.utf8)),
            ("xl/workbook.xml", Array(workbook.utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRelationships.utf8)),
            ("xl/styles.xml", Array(styles.xml.utf8)),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", Array(sheet.xml.utf8))) }
        return try ZipContainer.archive(parts)
    }

    // MARK: Sheet names

    /// Excel's rules for a sheet's name: at most 31 characters, none of `[]:*?/\`, and
    /// not starting or ending with an apostrophe.
    static func sheetName(_ wanted: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var name = String(wanted.map { forbidden.contains($0) ? "_" : $0 }.prefix(31))
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        return name.isEmpty ? "sheet" : name
    }

    /// `name`, or `name (2)`, `name (3)`… cut to fit 31 characters, whichever is not taken
    /// yet (Excel compares names without regard to case).
    static func uniqueName(_ name: String, among taken: [String]) -> String {
        let lowered = Set(taken.map { $0.lowercased() })
        guard lowered.contains(name.lowercased()) else { return name }
        var number = 2
        while true {
            let suffix = " (\(number))"
            let candidate = String(name.prefix(31 - suffix.count)) + suffix
            if !lowered.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }

    // MARK: Parts

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    private var contentTypes: String {
        let type = "application/vnd.openxmlformats-officedocument.spreadsheetml."
        return Self.declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(type)sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(type)styles+xml\"/>"
            + sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"\(type)worksheet+xml\"/>" }.joined()
            + "</Types>"
    }

    private static let packageRelationships = declaration + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    private var workbook: String {
        Self.declaration + "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">"
            + "<bookViews><workbookView/></bookViews><sheets>"
            + sheets.enumerated().map { "<sheet name=\"\(XMLText.escaped($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
            + "</sheets></workbook>"
    }

    private var workbookRelationships: String {
        Self.declaration + "<Relationships xmlns=\"\(Self.packageRelationshipNamespace)\">"
            + sheets.indices.map {
                "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(Self.relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
            }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
    }
}
