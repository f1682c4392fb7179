import Foundation
import Testing
import ScryStore
import ScryTestSupport
@testable import ScryShell

/// Statements generated from the grammar's productions (`Grammar/scry.ebnf`), with huge
/// numbers at every number position and nesting around the depth limit, run end to end
/// through a session on the built-in dataset: each must answer or fail with a located
/// error, never crash or hang. `SCRY_FUZZ_STATEMENTS=N` runs N instead of 100,000.
struct StatementFuzzTests {
    static let count = ProcessInfo.processInfo.environment["SCRY_FUZZ_STATEMENTS"].flatMap(Int.init) ?? 100_000

    @Test func generatedStatementsAnswerOrFailWithALocatedError() throws {
        // Two sessions at once, one a processor, each on a store of its own.
        let workers = 2
        let stores = try (0..<workers).map { _ in try BuiltInDataset.load() }
        let outcomes = Outcomes(workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let errors = NullOutput()
            let session = Session(store: stores[worker], output: NullOutput(), errors: errors)
            session.format = .csv
            session.setParameters(StatementGenerator.parameters)
            var generator = StatementGenerator(seed: 0x5C27_F022 &+ UInt64(worker))
            var answered = 0, failed = 0
            for _ in 0..<(Self.count / workers + (worker < Self.count % workers ? 1 : 0)) {
                if session.runScript(generator.statement(), name: "fuzz", bail: false) { answered += 1 } else { failed += 1 }
            }
            outcomes.record(worker, answered: answered, failed: failed, errorLines: errors.lines)
        }
        let answered = outcomes.answered.reduce(0, +), failed = outcomes.failed.reduce(0, +)
        #expect(answered + failed == Self.count)
        // Generated from the grammar, many statements are meaningful; both outcomes occur,
        // and every failure said something.
        #expect(answered > Self.count / 10, "\(answered) answered")
        #expect(failed > 0)
        #expect(outcomes.errorLines.reduce(0, +) >= failed)
        // A parameter's value is data: `:injected` never opened the file it names.
        #expect(!FileManager.default.fileExists(atPath: "/etc/scry-fuzz"))
    }

    /// Each worker's counts, written by that worker alone.
    final class Outcomes: @unchecked Sendable {
        var answered: [Int], failed: [Int], errorLines: [Int]
        init(_ workers: Int) {
            answered = Array(repeating: 0, count: workers)
            failed = answered
            errorLines = answered
        }
        func record(_ worker: Int, answered: Int, failed: Int, errorLines: Int) {
            self.answered[worker] = answered
            self.failed[worker] = failed
            self.errorLines[worker] = errorLines
        }
    }

    /// Snapshots damaged the ways a disk or a hand can: cut short, a count made larger or
    /// smaller, NaN and infinity written over figures. Each is refused, or loads as a
    /// sound store that answers.
    @Test func damagedSnapshotsAreRefusedOrSound() throws {
        let path = NSTemporaryDirectory() + "scry-fuzz-\(UUID().uuidString).snap"
        let damaged = path + ".damaged"
        defer { unlink(path); unlink(damaged) }
        try Snapshot.save(try BuiltInDataset.load(), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        var random = SplitMix64(seed: 0xDA4A6E)
        var refused = 0
        let specials: [Double] = [.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -1e308]
        for round in 0..<300 {
            var copy = bytes
            switch round % 4 {
            case 0:
                copy = copy.prefix(Int.random(in: 0..<bytes.count, using: &random))
            case 1:
                // A count or length field (8 bytes, little-endian) made a little larger or smaller.
                let at = Int.random(in: 24..<(bytes.count - 8), using: &random) & ~7
                let delta = UInt8.random(in: 1...3, using: &random)
                copy[at] = round % 8 == 1 ? copy[at] &+ delta : copy[at] &- delta
            case 2:
                // NaN or infinity written over 8 bytes, anywhere (figures are 8-byte doubles).
                let at = Int.random(in: 24..<(bytes.count - 8), using: &random)
                let special = specials[Int.random(in: 0..<specials.count, using: &random)]
                withUnsafeBytes(of: special.bitPattern.littleEndian) { raw in
                    for (offset, byte) in raw.enumerated() { copy[at + offset] = byte }
                }
                // Keep the header's length, so the damage reaches the checks behind it.
            default:
                for _ in 0..<4 { copy[Int.random(in: 24..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            }
            try copy.write(to: URL(fileURLWithPath: damaged))
            let loaded: Store
            do {
                loaded = try Snapshot.load(path: damaged)
            } catch {
                #expect(!(error.errors.first?.message.isEmpty ?? true))
                refused += 1
                continue
            }
            #expect(loaded.invariantViolations().isEmpty)
            let session = Session(store: loaded, output: NullOutput(), errors: NullOutput())
            for statement in ["show * limit 50", "trend A10", "avg(value), pooled(value) by code", "compare A10 with england, previous",
                              "rank districts by CS3", "show code, value, dot, rag_calc order by value desc limit 5"] {
                _ = session.runScript(statement, name: "fuzz", bail: false)
            }
        }
        #expect(refused > 100)
    }
}

/// Counts what is written and keeps none of it.
final class NullOutput: TextOutputStream {
    private(set) var lines = 0
    func write(_ string: String) { if string.contains("\n") { lines += 1 } }
}

/// Statements made from the grammar's productions at random, with the numbers that once
/// crashed scry (overflowing counts, doubles past their range) at every number position
/// and conditions nested near the parser's depth limit.
struct StatementGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let columns = ["code", "name", "theme", "polarity", "period_type", "unit", "decimals", "area", "area_type", "period",
                          "value", "numerator", "denominator", "target", "floor", "rag", "note", "previous", "previous_period",
                          "dot", "year_ago", "dot_year", "rag_calc", "england", "england_period", "region_value",
                          "neighbours_mean", "neighbours_count", "national_rank", "quartile", "gap", "verdict",
                          "significance", "worse_by", "gap_target", "verdict_previous", "dataset", "financial_year",
                          "academic_year", "calendar_year", "nonsense"]
    static let numbers = ["0", "1", "5", "90", "24.1", "0.5", "9223372036854775807", "9223372036854775808",
                          "768614336404564651", "4000000000000000000", "1e308", "99999999999999999999999999999999",
                          "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236522716568351670395144", "00000000000000000001"]
    static let indicators = ["A10", "A3", "CPS12", "CS3", "DAR04", "CPS41", "\"Number of Kent CIC\"", "NOPE", "LAC", ":code", ":unset"]
    static let areas = ["Kent", "EAST", "SOUTH", "Darlington", "England", "\"Tonbridge and Malling\"", "Nowhere", ":la", ":injected"]
    static let periods = ["latest", "previous", "2013-07", "Jul 2013", "Dec-17", "2013/14", "Q3 2015/16", "AY 2018/19",
                          "2019", "0", "2014-16", "Jul 13", "2012-09", ":month", ":span", ":not_a_period", ":unset"]
    /// The session's parameters: the generator writes these (and `:unset`, never set) where a
    /// name, a number or a period goes, and the binder puts them in place or refuses them.
    static let parameters = ["code=A10", "la=Kent", "month=2013-07", "span=last 3 months", "not_a_period=Jully", "n=5",
                             "threshold=90", "injected=; .output /etc/scry-fuzz", "huge=9223372036854775808"]
    static let units = ["months", "years", "quarters", "days"]

    mutating func pick(_ items: [String]) -> String { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func number() -> String {
        if chance(0.05) { return pick([":n", ":threshold", ":huge", ":injected", ":unset"]) }
        return chance(0.5) ? pick(Self.numbers) : String(Int.random(in: 0...120, using: &random))
    }

    mutating func statement() -> String {
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1: return "show " + selectList() + tail(per: true)
        case 2: return "compare " + pick(Self.indicators) + " with " + (0...Int.random(in: 0...3, using: &random)).map { _ in pick(["england", "region", "neighbours", "target", "previous", "year_ago", "moon"]) }.joined(separator: ", ")
            + (chance(0.3) ? " for " + (0...Int.random(in: 0...2, using: &random)).map { _ in pick(Self.areas) }.joined(separator: ", ") : "") + tail()
        case 3, 4: return aggregations() + (chance(0.6) ? " by " + (0...Int.random(in: 0...2, using: &random)).map { _ in expression(depth: 1) }.joined(separator: ", ") : "") + tail(having: true)
        case 5: return "trend " + pick(Self.indicators) + (chance(0.5) ? " for " + (0...Int.random(in: 0...2, using: &random)).map { _ in pick(Self.areas) }.joined(separator: ", ") : "")
            + (chance(0.5) ? " from " + periodValue() + " to " + periodValue() : "") + (chance(0.3) ? " where " + condition(depth: 0) : "") + pivot()
        case 6: return "rank " + pick(["authorities", "districts", "regions", "planets"]) + " by " + pick(Self.indicators) + (chance(0.5) ? " in " + periodValue() : "") + tail()
        // A few near the depth limit: each is long, and they test one thing.
        default: return chance(0.85) ? "describe " + pick(Self.indicators) : deeplyNested()
        }
    }

    mutating func selectList() -> String {
        if chance(0.1) { return "*" }
        return (0...Int.random(in: 0...4, using: &random)).map { _ in expression(depth: 0) + (chance(0.2) ? " as x" : "") }.joined(separator: ", ")
    }

    mutating func aggregations() -> String {
        (0...Int.random(in: 0...2, using: &random)).map { _ in
            switch Int.random(in: 0..<5, using: &random) {
            case 0: "count"
            case 1: chance(0.5) ? "count(*)" : "count(distinct " + expression(depth: 1) + ")"
            case 2: "percentile(" + expression(depth: 1) + ", " + number() + ")"
            default: pick(["sum", "avg", "min", "max", "median", "stddev", "pooled", "count"]) + "(" + expression(depth: 1) + ")"
            }
        }.joined(separator: ", ")
    }

    /// The clauses a statement ends with: `having` after an aggregate's filter (its
    /// condition naming result columns, or not), `per` after a show's limit, now and then.
    mutating func tail(having: Bool = false, per: Bool = false) -> String {
        var text = ""
        if chance(0.7) { text += " where " + condition(depth: 0) }
        if having, chance(0.25) {
            text += " having " + pick(["count", "count(*)", "avg(value)", "sum(value)", "count(distinct area)", "code", "period", "x"])
                + " " + pick([">", "=", "!=", "<="]) + " " + (chance(0.5) ? number() : primary())
        }
        if chance(0.3) { text += " order by " + expression(depth: 1) + pick(["", " asc", " desc"]) }
        if chance(0.3) {
            text += " limit " + number()
            if per, chance(0.3) { text += " per " + (0...Int.random(in: 0...1, using: &random)).map { _ in expression(depth: 2) }.joined(separator: ", ") }
        }
        return text + pivot()
    }

    /// `pivot by COLUMN`, now and then: compare and rank refuse it, and a column the
    /// result lacks is an error at it.
    mutating func pivot() -> String {
        chance(0.15) ? " pivot by " + pick(["period", "area", "code", "rag", "value", "dataset", "x", "nonsense"]) : ""
    }

    mutating func condition(depth: Int) -> String {
        if depth > 4 { return predicate(depth: depth) }
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return condition(depth: depth + 1) + " and " + condition(depth: depth + 1)
        case 1: return condition(depth: depth + 1) + " or " + condition(depth: depth + 1)
        case 2: return "not " + condition(depth: depth + 1)
        case 3: return "(" + condition(depth: depth + 1) + ")"
        default: return predicate(depth: depth)
        }
    }

    mutating func predicate(depth: Int) -> String {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return "period " + pick(["=", "!=", "<", "<=", ">", ">="]) + " " + periodValue()
        case 1: return "period in " + (chance(0.5) ? periodValue() : "(" + periodValue() + ", " + periodValue() + ")")
        case 2: return "period from " + periodValue() + " to " + periodValue()
        case 3: return "area " + pick(["=", "!="]) + " " + pick(Self.areas)
        case 4: return expression(depth: depth) + " in (" + expression(depth: depth) + ", " + expression(depth: depth) + ")"
        case 5: return expression(depth: depth) + " between " + number() + " and " + number()
        case 6: return expression(depth: depth) + " is " + pick(["", "not "]) + "missing"
        case 7:
            if chance(0.3) { return expression(depth: depth) + pick([" like ", " not like "]) + pick(["\"%a%\"", "'K_nt'", "\"%\"", "\"\"", ":la", "12"]) }
            return pick(["district", "region", "authority", "neighbours"]) + " in (" + pick(Self.areas) + ")"
        default: return expression(depth: depth) + " " + pick(["=", "!=", "<>", "<", "<=", ">", ">="]) + " " + expression(depth: depth)
        }
    }

    mutating func expression(depth: Int) -> String {
        if depth > 3 { return primary() }
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return expression(depth: depth + 1) + " " + pick(["+", "-", "*", "/"]) + " " + expression(depth: depth + 1)
        case 1: return "-" + expression(depth: depth + 1)
        case 2: return "(" + expression(depth: depth + 1) + ")"
        default: return primary()
        }
    }

    mutating func primary() -> String {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return number()
        case 1: return "\"" + pick(["H", "L", "T", "red", "R", "improved", "count", "Kent"]) + "\""
        default: return pick(Self.columns)
        }
    }

    mutating func periodValue() -> String {
        chance(0.35) ? "last " + number() + " " + pick(Self.units) : pick(Self.periods)
    }

    /// A condition or expression nested within a few levels of the parser's limit.
    mutating func deeplyNested() -> String {
        let depth = 500 + Int.random(in: -12...12, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return "show value where " + String(repeating: "(", count: depth) + "value > 1" + String(repeating: ")", count: depth) + " limit 1"
        case 1: return "count where " + String(repeating: "not ", count: depth) + "rag = R"
        case 2: return "show value where value = " + String(repeating: "- ", count: depth) + "1 limit 1"
        case 3: return "count where " + Array(repeating: "value > 1", count: depth).joined(separator: pick([" and ", " or "]))
        default: return "show " + Array(repeating: "value", count: depth).joined(separator: " + ") + " as total limit 1"
        }
    }
}
