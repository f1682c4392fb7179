extension Period {
    /// The financial year (April to March) that holds the period's last month: July 2013
    /// and Q4 2013/14 are in 2013/14, 2013 (January to December) in 2013/14 too. Nil for an
    /// undated label.
    public var financialYearOfEnd: Period? {
        guard !isUndated else { return nil }
        return Period.financialYear(end.month >= 4 ? end.year : end.year - 1)
    }

    /// The academic year (September to August) that holds the period's last month: August
    /// 2013 is in AY 2012/13, September 2013 in AY 2013/14. Nil for an undated label.
    public var academicYearOfEnd: Period? {
        guard !isUndated else { return nil }
        return Period.academicYear(end.month >= 9 ? end.year : end.year - 1)
    }

    /// The calendar year that holds the period's last month: 2013/14 is in 2014. Nil for an
    /// undated label.
    public var calendarYearOfEnd: Period? {
        guard !isUndated else { return nil }
        return Period.calendarYear(end.year)
    }
}
