import Testing
@testable import ScryEngine

/// SQL's LIKE, as SQLite answers it for ASCII (`select 'Kent' like 'k%'` is 1).
struct LikePatternTests {
    @Test(arguments: [
        ("%foster%", "Percentage of Private Fostering Visits", true),
        ("%foster%", "Children in care", false),
        ("North%", "north yorkshire", true),
        ("North%", "Northumberland", true),
        ("North%", "East Riding", false),
        ("%shire", "Lancashire", true),
        ("%shire", "Shire Hall", false),
        ("K_nt", "Kent", true),
        ("K_nt", "Knt", false),
        ("K_nt", "Keent", false),
        ("_", "", false),
        ("%", "", true),
        ("", "", true),
        ("", "a", false),
        ("a%b%c", "axxbyyc", true),
        ("a%b%c", "axxbyy", false),
        ("%a%a%", "banana", true),
        ("%%%", "x", true),
        ("A10", "a10", true),
        ("100%", "100% of", true),
        ("_é_", "hÉy", true),
        ("caf_", "café", true),
    ])
    func matchesAsSQLDoes(pattern: String, text: String, expected: Bool) {
        #expect(LikePattern(pattern).matches(text) == expected, "'\(text)' like '\(pattern)'")
    }
}
