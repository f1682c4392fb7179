import Testing
@testable import ScryShell

struct TextTableTests {
    @Test func alignsColumnsAndRightAlignsNumbers() {
        var table = TextTable(columns: [.init("name"), .init("count", .right)])
        table.rows = [["Kent", "1,706"], ["England", "75"]]
        let output = StringOutput()
        var stream = output
        table.write(to: &stream)
        #expect(output.text == """
            name     count
            -------  -----
            Kent     1,706
            England     75

            """)
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (641_070, "641,070"), (-1234567, "-1,234,567")])
    func countsGetThousandsSeparators(value: Int, expected: String) {
        #expect(formatCount(value) == expected)
    }

    @Test func globMatchesStarsAndQuestionMarks() {
        #expect(glob(Array("a*0"), Array("a10")))
        #expect(glob(Array("cs?"), Array("cs1")))
        #expect(!glob(Array("cs?"), Array("cs10")))
        #expect(glob(Array("*"), Array("")))
    }

    @Test func narrowingCutsNamesBeforePeriodsAndDirections() {
        var table = TextTable(columns: [.init("name"), .init("period"), .init("dot"), .init("value", .right)])
        table.rows = [["Percentage of referrals with a previous referral within 12 months", "2012-07", "↑ improved", "24.1"]]
        table.maxWidth = 50
        let widths = table.fittedWidths()
        // 50 columns less 3 gaps of 2: period (7), dot (10) and value (5) whole, the name the rest.
        #expect(widths == [50 - 6 - 7 - 10 - 5, 7, 10, 5])
        table.maxWidth = 30
        #expect(table.fittedWidths() == [6, 7, 10, 4], "the name is cut to 6 first, then the number's header to its figure")
        #expect(!table.fits, "and then the table does not fit")
    }
}
