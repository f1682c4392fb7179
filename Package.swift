// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "scry",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "scry", targets: ["scry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The zip container of Excel workbooks: the deflated parts that Excel and openpyxl
        // write are read through it, and scry's own workbooks written.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // libedit, through a module map and a shim header for its variadic functions.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // "Did you mean …?": shared by the language, the loaders and the shell.
        .target(name: "ScrySpelling"),
        // Tokens, lexer, parser, AST and diagnostics.
        .target(name: "ScryLanguage", dependencies: ["ScrySpelling"]),
        // Columns, dictionaries, periods, areas, indicators and the loaders; the zip container
        // of Excel workbooks, read as datasets and written as results.
        .target(name: "ScryStore", dependencies: ["ScrySpelling", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Name resolution, filters, domain rules, statements.
        .target(name: "ScryEngine", dependencies: ["ScryLanguage", "ScryStore", "ScrySpelling"]),
        // The REPL, meta-commands, the batch runner and the renderers.
        .target(
            name: "ScryShell",
            dependencies: ["ScryEngine", "ScryLanguage", "ScryStore", "ScrySpelling", "CEditLine"]
        ),
        .executableTarget(
            name: "scry",
            dependencies: [
                "ScryShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What more than one test target needs: the seeded random numbers.
        .target(name: "ScryTestSupport", path: "Tests/ScryTestSupport"),
        .testTarget(name: "ScrySpellingTests", dependencies: ["ScrySpelling"]),
        .testTarget(name: "ScryLanguageTests", dependencies: ["ScryLanguage", "ScryTestSupport"]),
        .testTarget(name: "ScryStoreTests", dependencies: ["ScryStore", "ScryTestSupport"]),
        // The engine's tests check answers as they are shown (`95.6%`), through the shell's formatter.
        .testTarget(name: "ScryEngineTests", dependencies: ["ScryEngine", "ScryLanguage", "ScryStore", "ScryTestSupport", "ScryShell"]),
        .testTarget(name: "ScryShellTests", dependencies: ["ScryShell", "ScryStore", "ScryTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
