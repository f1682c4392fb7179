import Testing
import ScryTestSupport
@testable import ScryLanguage

/// No input crashes or hangs the lexer or parser: every input either parses or yields
/// diagnostics whose ranges lie inside it.
struct FuzzTests {
    static let seeds = [
        "show code, name, value, target, rag where rag = red and period = latest",
        "show code, period, value where theme = \"Child protection\" and area = Kent and period from 2012-09 to 2013-07",
        "show code where district in (EAST, SOUTH) and period in 2017/18 and polarity = H",
        "compare CPP_rate with england, neighbours, region where area = Kent and period = latest order by gap desc limit 10",
        "count by rag, theme where period = 2012-07",
        "avg(value), min(value), max(value) by district where code = A10",
        "pooled(value) by period where code = A3; percentile(value, 90) where not (rag = green or value >= 5)",
        "trend A3 for Kent from Sep 2012 to Jul 13",
        "rank authorities by CPP_rate in 2025",
        "show code, value, previous, dot where dot = worsened and value - previous > 2 * -1",
        "describe \"Number of Kent CIC\"",
        "show value where period in (Q3 2015/16, Dec-17, AY 2018/19) and numerator is not missing",
        "trend :code for :la, England from :first to :last where value > :threshold",
        "show code, value where area in (:a, :b) and period = :month order by value desc limit :n",
        "count(distinct area), count by code where name not like \"%foster%\" having count(distinct area) > 1 order by code limit 3",
        "show code, area, value where financial_year = 2013/14 order by value desc limit :n per code, area pivot by area",
    ]

    func checkTerminatesWithRangesInside(_ text: String) {
        let result = Parser.parse(SourceFile(name: "fuzz", text: text))
        let length = text.utf8.count
        for diagnostic in result.diagnostics {
            #expect(diagnostic.range.start >= 0 && diagnostic.range.end <= length && diagnostic.range.start <= diagnostic.range.end,
                    "range \(diagnostic.range) outside \(length) bytes for \(String(reflecting: text))")
            #expect(!diagnostic.message.isEmpty)
        }
        for statement in result.statements {
            #expect(statement.range.start >= 0 && statement.range.end <= length)
        }
        _ = Parser.isComplete(text)
    }

    @Test func seedsParse() {
        for seed in Self.seeds {
            let result = Parser.parse(SourceFile(name: "seed", text: seed))
            #expect(result.diagnostics.isEmpty, "\(seed): \(result.diagnostics)")
        }
    }

    @Test func randomBytes() {
        var generator = SplitMix64(seed: 0x5C0E)
        let alphabet = Array("show where and or not in ( ) , ; * + - / = != < <= > >= \" ' -- \n 2013-07 2013/14 12 3.5 Kent A10 latest last period by count( :la : :".utf8)
        for round in 0..<3_000 {
            let length = Int.random(in: 0...60, using: &generator)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                bytes.append(round % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!)
            }
            checkTerminatesWithRangesInside(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func mutatedStatements() {
        var generator = SplitMix64(seed: 0xD0E5)
        for round in 0..<3_000 {
            let seed = Self.seeds[round % Self.seeds.count]
            var tokens = Lexer.tokenize(seed).dropLast().map { SourceFile(name: "", text: seed).text(of: $0.range) }
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !tokens.isEmpty {
                let position = Int.random(in: 0..<tokens.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: tokens.remove(at: position)
                case 1: tokens.insert(tokens[position], at: position)
                default: tokens.swapAt(position, Int.random(in: 0..<tokens.count, using: &generator))
                }
            }
            checkTerminatesWithRangesInside(tokens.joined(separator: " "))
        }
    }
}
