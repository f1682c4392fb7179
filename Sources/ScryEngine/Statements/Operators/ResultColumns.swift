import ScryLanguage

extension Engine {
    /// The column of a finished result that `expression` names, as the column is headed
    /// (`count`, `avg(value)`, `count(distinct area)`, `district`): the written text and the
    /// heading compared ignoring case and spaces. What `order by` and `having` over an
    /// aggregate's result both resolve their names with; an unknown name is an error at its
    /// place that lists the result's columns.
    static func resultColumn(_ expression: Expression, of table: ResultTable, source: SourceFile, clause: String) throws(Diagnostic) -> Int {
        let written = source.text(of: expression.range)
        let key = written.lowercased().filter { !$0.isWhitespace }
        guard let index = table.columns.firstIndex(where: { $0.name.lowercased().filter { !$0.isWhitespace } == key }) else {
            throw Diagnostic.error("'\(written)' is not a column of this result: \(clause) one of \(table.columns.map { "'\($0.name)'" }.joined(separator: ", "))",
                                   at: expression.range)
        }
        return index
    }
}
