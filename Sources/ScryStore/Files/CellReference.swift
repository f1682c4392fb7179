/// A spreadsheet's column letters (`A`, `Z`, `AA`), for the workbooks scry writes and the
/// ones it loads.
public enum CellReference {
    /// `A`, `B`, … `Z`, `AA`, …: a column's letters from its index, from 0.
    public static func letters(_ index: Int) -> String {
        var letters = "", rest = index + 1
        while rest > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (rest - 1) % 26))) + letters
            rest = (rest - 1) / 26
        }
        return letters
    }

    /// `B7` → 1: a cell reference's column, from 0; nil without letters.
    public static func column(of reference: String) -> Int? {
        var index = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) || (97...122).contains(scalar.value) else { break }
            index = index * 26 + Int(scalar.value & 0x1F)
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }
}
