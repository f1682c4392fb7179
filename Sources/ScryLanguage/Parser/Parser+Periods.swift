import ScrySpelling

extension Parser {
    static let periodExamples = "a period such as 2013-07, Jul 2013, 2013/14, Q3 2015/16, 2019, latest or last 12 months"

    /// Month names as periods may use them, abbreviations first (the order suggestions prefer).
    static let monthNameList: [String] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
    ]

    static let monthNames = Set(monthNameList)

    /// period_value = "latest" | "previous"
    ///              | "last" ( number | parameter ) name
    ///              | PERIOD
    ///              | number
    ///              | name [ "-" ] number
    ///              | name PERIOD
    ///              | parameter ;
    mutating func parsePeriodValue(after context: String = "'period ='") throws(Diagnostic) -> PeriodValue {
        let token = current
        switch token.kind {
        case .keyword(.latest):
            advance()
            return PeriodValue(.latest, token.range)
        case .keyword(.last):
            advance()
            let countToken = current
            var parameter: String?
            var count = 0
            if at(.parameter) {
                parameter = parseParameter()
            } else {
                let number = try expect(.number, "a number, as in last 12 months", after: "'last'")
                guard let whole = Int(text(number)), whole > 0 else {
                    throw Diagnostic.error("\(quoted(number)) is not a whole number of periods", at: number.range)
                }
                count = whole
            }
            let unitToken = current
            guard unitToken.kind == .name, ["month", "months", "year", "years", "quarter", "quarters"].contains(text(unitToken).lowercased()) else {
                throw unexpected("'months', 'quarters' or 'years'", after: "'last \(text(countToken))'", alternatives: ["months", "quarters", "years"])
            }
            advance()
            let unit = text(unitToken).lowercased()
            let kind: PeriodValue.Kind = parameter.map { .lastParameter($0, at: countToken.range, unit: unit) } ?? .last(count, unit: unit)
            return PeriodValue(kind, range(from: token.range.start))
        case .period:
            advance()
            return PeriodValue(.label(text(token)), token.range)
        case .parameter:
            return PeriodValue(.parameter(parseParameter()), token.range)
        case .number:
            // A year, or a bare number below 1000: an undated label (LAIT's `0`).
            let digits = text(token)
            guard digits.count <= 4, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
                throw Diagnostic.error("\(quoted(token)) is not a period: expected \(Self.periodExamples)", at: token.range)
            }
            advance()
            return PeriodValue(.label(digits), token.range)
        case .name:
            let word = text(token).lowercased()
            if word == "previous" {
                advance()
                return PeriodValue(.previous, token.range)
            }
            if Self.monthNames.contains(word) {
                advance()
                _ = eat(.minus)
                let year = try expect(.number, "a year, as in Jul 2013 or Jul 13", after: "the month \(quoted(token))")
                guard [2, 4].contains(text(year).count) else {
                    throw Diagnostic.error("\(quoted(year)) is not a year: write Jul 2013 or Jul 13", at: year.range)
                }
                return PeriodValue(.label(source.text(of: range(from: token.range.start))), range(from: token.range.start))
            }
            if ["q1", "q2", "q3", "q4", "ay", "fy"].contains(word) {
                advance()
                let year = try expect(.period, "a financial year such as 2015/16", after: quoted(token))
                return PeriodValue(.label(text(token) + " " + text(year)), range(from: token.range.start))
            }
            throw Diagnostic.error("\(quoted(token)) is not a period: expected \(Self.periodExamples)", at: token.range,
                                   suggestion: Spelling.didYouMean(word, among: ["latest", "previous", "last"] + Self.monthNameList))
        default:
            throw unexpected(Self.periodExamples, after: context)
        }
    }

    /// `text` read on its own as a period value, the whole of it (a parameter's value:
    /// `2013-07`, `Jul 2013`, `last 3 months`), or the reason it is none.
    static func periodValue(_ text: String) -> Result<PeriodValue.Kind, Diagnostic> {
        var parser = Parser(SourceFile(name: "value", text: text))
        do {
            let value = try parser.parsePeriodValue()
            guard parser.at(.end) else { return .failure(parser.unexpected("the end of the period")) }
            // A value is data: one naming a parameter is not looked up again.
            switch value.kind {
            case .parameter, .lastParameter: return .failure(.error("a parameter", at: value.range))
            default: break
            }
            return .success(value.kind)
        } catch {
            return .failure(error)
        }
    }
}
