/// How a split-year label such as `2013/14` is read when it does not say which kind of
/// year it is.
public enum SplitYearKind: Sendable {
    /// April to March.
    case financial
    /// September to August.
    case academic
}

public struct PeriodParseError: Error, Equatable, Sendable {
    public let message: String
}

extension Period {
    /// The forms, for error messages.
    static let writtenForms = "a period such as 2013-07, Jul 2013, 2013/14, Q3 2015/16, 2019 or 2014-16"

    /// Reads a period label in any of the forms the seeds and LAIT use (see
    /// `examples/data/README.md`). `splitYears` says how `2013/14` and `2016-17` are read.
    /// `2000-01` to `2011-12` are months unless `yearsOverMonths` is set (LAIT's labels,
    /// whose measures are all yearly).
    public static func parse(
        _ text: some StringProtocol, splitYears: SplitYearKind = .financial, yearsOverMonths: Bool = false
    ) throws(PeriodParseError) -> Period {
        var scanner = PeriodScanner(String(text))
        let status = scanner.takeStatusSuffix()
        var body = scanner.text
        guard !body.isEmpty else { throw PeriodParseError(message: "expected \(writtenForms)") }

        var explicitKind: SplitYearKind?
        let lower = body.lowercased()
        if lower.hasPrefix("fy ") || lower.hasPrefix("ay ") {
            explicitKind = lower.hasPrefix("fy") ? .financial : .academic
            body = String(body.dropFirst(3)).trimmed
        }
        let yearKind = explicitKind ?? splitYears

        if explicitKind == nil, let first = body.first, first == "Q" || first == "q" {
            return try parseQuarter(body, status: status)
        }
        if explicitKind == nil, let first = body.first, first.isLetter {
            return try parseNamedMonth(body, status: status)
        }
        let pieces = PeriodScanner.splitNumbers(body)
        switch (pieces.numbers.count, pieces.separators) {
        case (1, []) where pieces.numbers[0].digits == 4 && explicitKind == nil:
            return try require(calendarYear(pieces.numbers[0].value, status: status), body)
        case (2, ["/"]) where pieces.numbers[0].digits == 4 && pieces.numbers[1].digits == 2:
            return try splitYear(pieces.numbers[0].value, pieces.numbers[1].value, yearKind, status, body)
        case (2, ["-"]) where pieces.numbers[0].digits == 4 && pieces.numbers[1].digits == 2:
            let year = pieces.numbers[0].value, second = pieces.numbers[1].value
            let consecutive = second == (year + 1) % 100
            if explicitKind == nil, (1...12).contains(second), !(consecutive && yearsOverMonths) {
                return try require(month(year, second, status: status), body)
            }
            if consecutive {
                return try splitYear(year, second, yearKind, status, body)
            }
            guard explicitKind == nil else { break }
            let last = expandTwoDigitYear(second, after: year)
            guard last > year else {
                throw PeriodParseError(message: "'\(body)' is not a period: a span of years must end after it starts")
            }
            return try require(calendarYears(year, through: last, status: status), body)
        case (4, ["-", "/", "-"]) where pieces.numbers[0].digits == 4 && pieces.numbers[1].digits == 2
            && pieces.numbers[2].digits == 4 && pieces.numbers[3].digits == 2 && explicitKind == nil:
            // 2017-06/2017-11: a span of months.
            guard let first = month(pieces.numbers[0].value, pieces.numbers[1].value),
                  let last = month(pieces.numbers[2].value, pieces.numbers[3].value)
            else { throw PeriodParseError(message: "'\(body)' is not a span of months: months run from 01 to 12") }
            guard last.startMonth >= first.startMonth else {
                throw PeriodParseError(message: "'\(body)' is not a span of months: it must end after it starts")
            }
            return try require(months(from: first.start, through: last.start, status: status), body)
        case (4, ["/", "-", "/"]) where pieces.numbers[0].digits == 4 && pieces.numbers[1].digits == 2
            && pieces.numbers[2].digits == 2 && pieces.numbers[3].digits == 2:
            // 2013/14-15/16: several financial (or academic) years.
            let firstStart = pieces.numbers[0].value
            _ = try splitYear(firstStart, pieces.numbers[1].value, yearKind, .none, body)
            let lastStart = expandTwoDigitYear(pieces.numbers[2].value, after: firstStart)
            guard pieces.numbers[3].value == (lastStart + 1) % 100, lastStart > firstStart else {
                throw PeriodParseError(message: "'\(body)' is not a span of years: expected a form such as 2013/14-15/16")
            }
            let span = yearKind == .financial
                ? financialYears(firstStart, through: lastStart, status: status)
                : academicYears(firstStart, through: lastStart, status: status)
            return try require(span, body)
        default:
            break
        }
        throw PeriodParseError(message: "'\(body)' is not a period: expected \(writtenForms)")
    }

    /// A two-digit year read as the first year at or after `after`'s century position:
    /// 16 after 2014 is 2016; 01 after 1999 is 2001.
    static func expandTwoDigitYear(_ twoDigits: Int, after year: Int) -> Int {
        var candidate = year - year % 100 + twoDigits
        if candidate < year { candidate += 100 }
        return candidate
    }

    private static func splitYear(
        _ year: Int, _ second: Int, _ kind: SplitYearKind, _ status: Status, _ body: String
    ) throws(PeriodParseError) -> Period {
        guard second == (year + 1) % 100 else {
            let name = kind == .financial ? "financial" : "academic"
            throw PeriodParseError(
                message: "'\(body)' is not a \(name) year: its second year must follow the first, as in \(Period.splitYear(year))")
        }
        let period = kind == .financial ? financialYear(year, status: status) : academicYear(year, status: status)
        return try require(period, body)
    }

    private static func parseQuarter(_ body: String, status: Status) throws(PeriodParseError) -> Period {
        let pieces = PeriodScanner.splitNumbers(String(body.dropFirst()))
        guard pieces.numbers.count == 3, pieces.numbers[0].digits == 1,
              pieces.separators == [" ", "/"] || pieces.separators == [" ", "-"],
              pieces.numbers[1].digits == 4, pieces.numbers[2].digits == 2
        else { throw PeriodParseError(message: "'\(body)' is not a quarter: expected a form such as Q3 2015/16") }
        let quarterNumber = pieces.numbers[0].value
        guard (1...4).contains(quarterNumber) else {
            throw PeriodParseError(message: "'\(body)' is not a quarter: quarters run from Q1 to Q4")
        }
        _ = try splitYear(pieces.numbers[1].value, pieces.numbers[2].value, .financial, .none, body)
        return try require(quarter(quarterNumber, ofFinancialYear: pieces.numbers[1].value, status: status), body)
    }

    private static let monthNumbers: [String: Int] = {
        var table: [String: Int] = [:]
        let full = ["january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"]
        for (offset, name) in full.enumerated() {
            table[name] = offset + 1
            table[String(name.prefix(3))] = offset + 1
        }
        table["sept"] = 9
        return table
    }()

    /// `Jul 13`, `Jul 2013`, `Dec-17`, `July 2013`.
    private static func parseNamedMonth(_ body: String, status: Status) throws(PeriodParseError) -> Period {
        let letters = body.prefix { $0.isLetter }
        let rest = body.dropFirst(letters.count)
        guard let monthNumber = monthNumbers[letters.lowercased()] else {
            throw PeriodParseError(message: "'\(body)' is not a period: expected \(writtenForms)")
        }
        var digits = Substring(rest)
        if let first = digits.first, first == " " || first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), digits.count == 2 || digits.count == 4,
              let number = Int(digits)
        else { throw PeriodParseError(message: "'\(body)' is not a month: expected a form such as Jul 2013, Jul 13 or Dec-17") }
        let year = digits.count == 2 ? 2000 + number : number
        return try require(month(year, monthNumber, status: status), body)
    }

    private static func require(_ period: Period?, _ body: String) throws(PeriodParseError) -> Period {
        guard let period else { throw PeriodParseError(message: "'\(body)' is outside the periods scry can hold") }
        return period
    }
}

/// Splits a label into its status suffix, its numbers and the separators between them.
struct PeriodScanner {
    var text: String

    init(_ text: String) { self.text = text.trimmed }

    /// Removes and returns a trailing `(Final)`, `(prov)`, `(Rev)` or `(OT)`.
    mutating func takeStatusSuffix() -> Period.Status {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return .none }
        let word = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmed.lowercased()
        let status: Period.Status
        switch word {
        case "final": status = .final
        case "prov", "provisional", "p": status = .provisional
        case "rev", "revised", "r": status = .revised
        case "ot", "outturn": status = .outturn
        default: return .none
        }
        text = String(text[..<open]).trimmed
        return status
    }

    struct Number: Equatable { var value: Int; var digits: Int }

    /// `2013/14-15/16` → numbers [2013, 14, 15, 16], separators ["/", "-", "/"]. A piece that
    /// is neither digits nor one separator character makes the result unusable (empty).
    static func splitNumbers(_ text: String) -> (numbers: [Number], separators: [Character]) {
        var numbers: [Number] = []
        var separators: [Character] = []
        var current = ""
        var pendingSeparator: Character?
        for character in text {
            if character.isASCIIDigit {
                if let separator = pendingSeparator {
                    guard !numbers.isEmpty || !current.isEmpty else { return ([], []) }
                    separators.append(separator)
                    pendingSeparator = nil
                }
                current.append(character)
                guard current.count <= 6 else { return ([], []) }
            } else if "/- ".contains(character), pendingSeparator == nil {
                if !current.isEmpty {
                    numbers.append(Number(value: Int(current) ?? 0, digits: current.count))
                    current = ""
                }
                pendingSeparator = character
            } else {
                return ([], [])
            }
        }
        guard pendingSeparator == nil, !current.isEmpty else { return ([], []) }
        numbers.append(Number(value: Int(current) ?? 0, digits: current.count))
        return (numbers, separators)
    }
}

extension StringProtocol {
    /// Without white space at either end. Text that starts and ends with a visible ASCII
    /// character (most of it) is taken as it is, without looking at its characters.
    var trimmed: String {
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return text
        }
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
