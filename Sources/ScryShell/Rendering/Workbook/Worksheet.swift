import ScryEngine
import ScryStore

/// One result as a sheet's XML. Figures are numbers at the decimals scry shows, with a
/// number format that shows them as scry does: a percent figure 24.1 is stored as 24.1
/// with the format `#,##0.0"%"`, so that it reads as the dataset, the CSV and the JSON
/// give it and sums, averages and targets in the same units compute with it (0.241 with
/// Excel's `0.0%` would differ from every other output by a factor of 100). Counts have
/// `#,##0`. A suppression symbol, a period, a RAG and a direction are text, as shown.
///
/// A plain result has its header row bold and frozen. A result in sections (benchmark,
/// scorecard) is one sheet with its sections stacked: each section's heading in bold,
/// then each of its tables with a bold header, a blank row between sections. Nothing is
/// frozen there, as no one header row names every column.
struct Worksheet {
    private var rows: [String] = []
    private var widths: [Int] = []
    private var styles: WorkbookStyles

    /// Columns are as wide as their longest shown text, within these bounds (characters).
    static let narrowest = 6, widest = 60

    init(result: ResultTable, styles: inout WorkbookStyles) {
        self.styles = styles
        defer { styles = self.styles }
        if result.sections.isEmpty {
            addTable(result)
        } else {
            let datasets = Set(result.sections.compactMap { $0.field("dataset") })
            for (index, section) in result.sections.enumerated() {
                if index > 0 { rows.append("") }
                addRow([.text(SectionRenderer.heading(section, withDataset: datasets.count > 1))], style: WorkbookStyles.bold, measured: false)
                for part in section.parts { addTable(part.table) }
            }
        }
        isFrozen = result.sections.isEmpty
    }

    private var isFrozen = true

    private mutating func addTable(_ table: ResultTable) {
        addRow(table.columns.map { .text($0.name) }, style: WorkbookStyles.bold)
        let mixed = table.columns.map(\.isMixed)
        for row in table.rows {
            addRow(row.enumerated().map { index, cell in index < mixed.count && mixed[index] ? ResultRenderer.shownAsText(cell) : cell })
        }
    }

    /// A row of cells after the rows so far; `measured` rows set the columns' widths.
    private mutating func addRow(_ cells: [Cell], style: Int? = nil, measured: Bool = true) {
        let number = rows.count + 1
        var xml = "<row r=\"\(number)\">"
        for (index, cell) in cells.enumerated() {
            let reference = CellReference.letters(index) + String(number)
            if measured {
                if index >= widths.count { widths.append(contentsOf: repeatElement(0, count: index - widths.count + 1)) }
                widths[index] = max(widths[index], CellFormatter.text(cell).count)
            }
            xml += self.cell(cell, at: reference, style: style)
        }
        rows.append(xml + "</row>")
    }

    private mutating func cell(_ cell: Cell, at reference: String, style: Int?) -> String {
        func number(_ value: Double, decimals: Int, unit: Unit?) -> String {
            let format = WorkbookStyles.numberFormat(decimals: decimals, unit: unit)
            return "<c r=\"\(reference)\" s=\"\(style ?? styles.style(for: format))\"><v>\(ResultRenderer.plain(.number(value, decimals: decimals, unit: unit)))</v></c>"
        }
        switch cell {
        case .empty:
            return ""
        case .number(let value, let decimals, let unit) where value.isFinite:
            return number(value, decimals: decimals, unit: unit)
        case .count(let value):
            return number(Double(value), decimals: 0, unit: nil)
        default:
            let attribute = style.map { " s=\"\($0)\"" } ?? ""
            return "<c r=\"\(reference)\"\(attribute) t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                + XMLText.escaped(CellFormatter.text(cell)) + "</t></is></c>"
        }
    }

    var xml: String {
        var text = Workbook.declaration + "<worksheet xmlns=\"\(Workbook.mainNamespace)\"><sheetViews><sheetView workbookViewId=\"0\">"
        if isFrozen, rows.count > 1 {
            text += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/>"
        }
        text += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !widths.isEmpty {
            text += "<cols>" + widths.enumerated().map { index, width in
                let characters = min(Self.widest, max(Self.narrowest, width)) + 2
                return "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(characters)\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        text += "<sheetData>"
        for (index, row) in rows.enumerated() { text += row.isEmpty ? "<row r=\"\(index + 1)\"/>" : row }
        return text + "</sheetData></worksheet>"
    }
}

/// The workbook's cell styles: the default, bold for headers, and one for each number
/// format its figures need, made as they are first asked for.
struct WorkbookStyles {
    static let bold = 1
    /// Number formats, their ids from 164 (the first an application may define).
    private var formats: [String] = []
    private var indexes: [String: Int] = [:]

    /// `#,##0`, `#,##0.0`, `#,##0.0"%"`: thousands separated as scry shows them, the
    /// figure's decimals, and a percent sign after a percent figure (its value unscaled).
    static func numberFormat(decimals: Int, unit: Unit?) -> String {
        "#,##0" + (decimals > 0 ? "." + String(repeating: "0", count: decimals) : "") + (unit == .percent ? "\"%\"" : "")
    }

    /// The index of the cell style for a number format.
    mutating func style(for format: String) -> Int {
        if let index = indexes[format] { return index }
        formats.append(format)
        indexes[format] = Self.bold + formats.count
        return Self.bold + formats.count
    }

    var xml: String {
        var text = Workbook.declaration + "<styleSheet xmlns=\"\(Workbook.mainNamespace)\">"
        if !formats.isEmpty {
            text += "<numFmts count=\"\(formats.count)\">"
                + formats.enumerated().map { "<numFmt numFmtId=\"\(164 + $0)\" formatCode=\"\(XMLText.escaped($1))\"/>" }.joined()
                + "</numFmts>"
        }
        let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
        text += "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"\(2 + formats.count)\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + formats.indices.map { "<xf numFmtId=\"\(164 + $0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" }.joined()
            + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
        return text
    }
}
