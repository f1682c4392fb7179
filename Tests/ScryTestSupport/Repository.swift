/// Where the tests find the repository's files and the national data beside it, from this
/// file's own place (Tests/ScryTestSupport/Repository.swift): one rule for every test target.
public enum Repository {
    /// The repository's root, without a trailing slash.
    public static let root = "/" + String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")

    /// A path inside the repository: `Repository.path("examples/data")`.
    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// A test fixture: `Tests/Fixtures/NAME`.
    public static func fixture(_ name: String) -> String { path("Tests/Fixtures/" + name) }

    /// The national data beside the repository (`../shared/lait`), present on the
    /// development machine and in CI; tests that read it are skipped where it is absent.
    public static let sharedLAIT = root + "/../shared/lait"
}
