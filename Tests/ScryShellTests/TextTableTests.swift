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
}
