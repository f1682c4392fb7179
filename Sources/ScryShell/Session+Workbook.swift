import ScryStore

extension Session {
    /// Writes the results gathered as a workbook to the output, if there are any, and
    /// starts the next workbook empty; what went wrong, if anything. Called as a file
    /// closes, and for standard output at the end of the run.
    func writeWorkbook() -> String? {
        guard !workbook.isEmpty else { return nil }
        defer { workbook = Workbook() }
        let bytes: [UInt8]
        do {
            bytes = try workbook.bytes()
        } catch {
            return "cannot make the workbook: \(error.reason)"
        }
        if let file = output as? FileOutput {
            file.write(bytes: bytes)
        } else {
            // A test's StringOutput: the bytes as Latin-1, one character each.
            output.write(String(bytes.map { Character(Unicode.Scalar($0)) }))
        }
        return nil
    }
}
