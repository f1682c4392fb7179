import ScryEngine
import ScryStore

/// A result in sections (a benchmarking table: one for each indicator), in each output
/// format. The text formats give each section a heading and then its tables as any result
/// is written; CSV gives each table with the section's code as its first column, a blank
/// line between tables, so that each pastes into a sheet as it is; JSON keeps the
/// structure: an object for each section, its fields as members, each table as an array
/// of row objects (or one object for a table of one record).
enum SectionRenderer {
    static func write(_ result: ResultTable, as format: OutputFormat, options: TerminalOptions,
                      to output: inout some TextOutputStream) {
        // The dataset is named where sections come from several (two scorecards' A10).
        let datasets = Set(result.sections.compactMap { $0.field("dataset") })
        func heading(_ section: ResultSection) -> String { Self.heading(section, withDataset: datasets.count > 1) }
        switch format {
        case .json:
            output.write(result.sections.isEmpty ? "[]\n" : "[\n")
            for (index, section) in result.sections.enumerated() {
                output.write("  " + object(section) + (index == result.sections.count - 1 ? "\n]\n" : ",\n"))
            }
        case .jsonl:
            for section in result.sections { output.write(object(section) + "\n") }
        case .csv:
            for (index, part) in result.sections.flatMap({ section in section.parts.map { (section, $0) } }).enumerated() {
                if index > 0 { output.write("\r\n") }
                CSVRenderer.write(keyed(part.1.table, by: part.0), to: &output)
            }
        case .markdown:
            for section in result.sections {
                output.write("### " + heading(section) + "\n\n")
                for part in section.parts { MarkdownRenderer.write(part.table, to: &output) }
            }
        case .svg, .xlsx:
            break // refused before: an SVG holds a chart alone (`ResultRenderer.refusal`); a workbook is gathered by the session
        case .table, .line, .html:
            for (index, section) in result.sections.enumerated() {
                if index > 0 { output.write("\n") }
                output.write(heading(section) + "\n")
                for part in section.parts {
                    output.write("\n")
                    if format != .table {
                        LineRenderer.write(part.table, to: &output)
                    } else {
                        TableRenderer(result: part.table, options: options).write(to: &output)
                    }
                }
            }
        }
    }

    /// `ReReferral: Percentage of re-referrals…, Kent; polarity L` (`, dataset kent-2013-07`).
    static func heading(_ section: ResultSection, withDataset: Bool) -> String {
        if let title = section.field("title").map(CellFormatter.text) {
            // `HOW LONG IS IT TAKING US ? — Kent, 2012-07`
            let about = ["area", "period"].compactMap { section.field($0).map(CellFormatter.text) }.filter { !$0.isEmpty }
            return title + (about.isEmpty ? "" : " — " + about.joined(separator: ", "))
                + (withDataset ? "; dataset " + (section.field("dataset").map(CellFormatter.text) ?? "") : "")
        }
        var text = [section.field("code"), section.field("name")].compactMap { $0.map(CellFormatter.text) }
            .filter { !$0.isEmpty }.reduce("") { $0.isEmpty ? $1 : $0 == $1 ? $0 : $0 + ": " + $1 }
        if let area = section.field("area").map(CellFormatter.text) { text += ", " + area }
        if let polarity = section.field("polarity").map(CellFormatter.text), !polarity.isEmpty { text += "; polarity " + polarity }
        if withDataset, let dataset = section.field("dataset").map(CellFormatter.text) { text += "; dataset " + dataset }
        return text
    }

    /// The table with the section's code in a first column, for formats that lose headings.
    private static func keyed(_ table: ResultTable, by section: ResultSection) -> ResultTable {
        var keyed = table
        keyed.columns.insert(.init("code"), at: 0)
        keyed.rows = table.rows.map { [section.field("code") ?? .empty] + $0 }
        return keyed
    }

    private static func object(_ section: ResultSection) -> String {
        var members = section.fields.map { JSONRenderer.quoted($0.name) + ":" + JSONRenderer.value($0.value) }
        for part in section.parts {
            let keys = part.table.columns.map { JSONRenderer.quoted($0.name) }
            let rows = part.table.rows.map { JSONRenderer.object($0, of: part.table, keys: keys) }
            let value = part.isRecord && rows.count == 1 ? rows[0] : "[" + rows.joined(separator: ",") + "]"
            members.append(JSONRenderer.quoted(part.name) + ":" + value)
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
