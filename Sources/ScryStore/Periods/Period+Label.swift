extension Period: CustomStringConvertible {
    /// The canonical label, which `Period.parse` reads back to the same period:
    /// `2013-07`, `Q3 2015/16`, `2013/14`, `AY 2018/19`, `2019`, `2017-06/2017-11`,
    /// `2014-16`, `2013/14-15/16`, each with its status suffix (`2025 (prov)`); an undated
    /// label is its number (`0`), read back by national statistics' indicators only.
    public var description: String {
        let start = self.start
        let body: String
        switch kind {
        case .month:
            body = start.description
        case .quarter:
            let financialYearStart = start.month >= 4 ? start.year : start.year - 1
            let quarter = ((start.month + 8) % 12) / 3 + 1
            body = "Q\(quarter) " + Self.splitYear(financialYearStart)
        case .financialYear:
            body = Self.splitYear(start.year)
        case .academicYear:
            body = "AY " + Self.splitYear(start.year)
        case .calendarYear:
            body = String(start.year)
        case .months:
            body = start.description + "/" + end.description
        case .calendarYears:
            body = String(start.year) + "-" + Self.twoDigits(end.year)
        case .financialYears:
            body = Self.splitYear(start.year) + "-" + Self.splitYear(end.year - 1).suffix(5)
        case .academicYears:
            body = "AY " + Self.splitYear(start.year) + "-" + Self.splitYear(end.year - 1).suffix(5)
        case .undated:
            body = String(startMonth)
        }
        return body + status.suffix
    }

    /// `2013/14` for the year starting in 2013.
    static func splitYear(_ startYear: Int) -> String {
        String(startYear) + "/" + twoDigits(startYear + 1)
    }

    static func twoDigits(_ year: Int) -> String {
        let remainder = year % 100
        return remainder < 10 ? "0\(remainder)" : String(remainder)
    }
}
