import Testing
@testable import ScryLanguage
import ScryTestSupport

/// Every example in `Grammar/scry.ebnf` parses with the parse function of the production
/// it follows: the grammar and the parser cannot drift apart.
struct GrammarTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var production: String
        var text: String
        var line: Int
        var testDescription: String { "\(production): \(text)" }
    }

    static let grammarPath: String = {
        Repository.path("Grammar/scry.ebnf")
    }()

    static func grammarText() -> String {
        var text = ""
        if let handle = fopen(grammarPath, "r") {
            defer { fclose(handle) }
            var buffer = [CChar](repeating: 0, count: 4096)
            while fgets(&buffer, Int32(buffer.count), handle) != nil {
                text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return text
    }

    /// (production, example) pairs: each example belongs to the production defined above it.
    static let examples: [Example] = {
        var result: [Example] = []
        var production = ""
        for (number, line) in grammarText().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("(*"), !trimmed.hasPrefix("|"),
               let first = trimmed.first, first.isLetter {
                let name = trimmed[..<equals].trimmingCharacters()
                if name.allSatisfy({ $0.isLetter || $0 == "_" }) { production = name }
            }
            if let start = line.firstRange(of: "(* example: "), let end = line[start.upperBound...].firstRange(of: " *)") {
                result.append(Example(production: production, text: String(line[start.upperBound..<end.lowerBound]), line: number + 1))
            }
        }
        return result
    }()

    /// Production names defined in the grammar.
    static let productionNames: [String] = {
        grammarText().split(separator: "\n").compactMap { line in
            guard let first = line.first, first.isLetter, let equals = line.firstIndex(of: "=") else { return nil }
            let name = line[..<equals].trimmingCharacters()
            return name.allSatisfy({ $0.isLetter || $0 == "_" }) ? name : nil
        }
    }()

    @Test func grammarHasExamples() {
        #expect(Self.examples.count >= 40, "found \(Self.examples.count) examples in \(Self.grammarPath)")
    }

    @Test(arguments: examples)
    func exampleParsesWithItsProduction(example: Example) throws {
        let diagnostics = try #require(Parser.parse(production: example.production, example.text),
                                       "Grammar line \(example.line): no parse function for production '\(example.production)'")
        #expect(diagnostics.isEmpty, "Grammar line \(example.line): \(diagnostics)")
    }

    @Test func everyProductionHasAParseFunctionAndEveryParseFunctionAProduction() {
        let grammar = Set(Self.productionNames)
        let parser = Set(Parser.productions.keys)
        #expect(grammar.subtracting(parser).isEmpty, "productions without a parse function")
        #expect(parser.subtracting(grammar).isEmpty, "parse functions without a production")
    }

    @Test func everyProductionHasAnExample() {
        let withExamples = Set(Self.examples.map(\.production))
        #expect(Self.productionNames.count >= 30)
        for production in Self.productionNames {
            #expect(withExamples.contains(production), "\(production) has no example")
        }
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var slice = self
        while let first = slice.first, first == " " { slice = slice.dropFirst() }
        while let last = slice.last, last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
