/// Numerators and denominators for LAIT measures whose counts LAIT publishes as measures of
/// their own. LAIT gives each figure alone, so confidence limits, trends and funnels (which
/// need the counts) have nothing to work from; for these measures the counts are in the
/// same file, for the same area and year:
///
/// - a rate per 10,000 and the number it counts (`CPP_Total_Rateper10,000` and
///   `CPP_Total_NumRef`): the numerator is the number, the denominator the number over the
///   rate, times 10,000 (the under-18 population the rate was worked on, to the rate's
///   rounding);
/// - a percentage and the number it is a percentage of (`ReReferral`, re-referrals as a
///   percentage of `CPP_Total_NumRef`, the year's referrals): the denominator is the number,
///   the numerator the percentage of it, to the nearest whole one.
///
/// The pairs are read from the data dictionary's definitions (measure codes 305, 219, 215
/// and 377, 376, 392, 271); each derived measure's source says which count it came from.
extension LAITImporter {
    enum CountRole { case numerator, denominator }

    static let publishedCounts: [(measure: String, count: String, role: CountRole)] = [
        ("CPP_Total_Rateper10,000", "CPP_Total_NumRef", .numerator),
        ("CPP_Abuse_Rate", "CPP_Abuse", .numerator),
        ("CPP_rate", "CPP_Num", .numerator),
        ("LAC_Start_Rate", "LACnum_Start", .numerator),
        ("LAC_Cease_Rate", "LACceased", .numerator),
        ("ReReferral", "CPP_Total_NumRef", .denominator),
    ]

    /// Fills the numerator and denominator of each measure in `publishedCounts` from its
    /// count, where both figures are there for the same area and period.
    static func deriveCounts(_ staged: inout StagedDataset) {
        var byCode: [String: Int] = [:]
        for (index, indicator) in staged.indicators.enumerated() { byCode[indicator.code] = index }
        let pairs = publishedCounts.compactMap { pair -> (measure: Int, count: Int, role: CountRole)? in
            guard let measure = byCode[pair.measure], let count = byCode[pair.count],
                  staged.indicators[measure].unit.poolingScale != nil else { return nil }
            return (measure, count, pair.role)
        }
        guard !pairs.isEmpty else { return }
        // Which indicators matter, by index: an array read a row rather than two hashes.
        var counted = [Bool](repeating: false, count: staged.indicators.count), derived = counted
        for pair in pairs {
            counted[pair.count] = true
            derived[pair.measure] = true
        }
        // The two columns to fill are moved out while they are (so that writing to them
        // copies nothing), and put back at the end.
        var numerators = staged.observations.numerator, denominators = staged.observations.denominator
        staged.observations.numerator = NumericColumn()
        staged.observations.denominator = NumericColumn()
        let table = staged.observations
        var counts: [UInt64: Double] = [:]
        var rows: [Int] = []
        for row in 0..<table.count {
            let indicator = Int(table.indicator[row])
            if counted[indicator], let value = table.value[row].number {
                counts[observationKey(indicator: indicator, area: Int(table.area[row]), period: table.period[row])] = value
            }
            if derived[indicator] { rows.append(row) }
        }
        for pair in pairs {
            let scale = staged.indicators[pair.measure].unit.poolingScale ?? 1
            for row in rows where Int(table.indicator[row]) == pair.measure {
                guard let value = table.value[row].number,
                      let count = counts[observationKey(indicator: pair.count, area: Int(table.area[row]), period: table.period[row])] else { continue }
                let (numerator, denominator): (Double, Double)
                switch pair.role {
                case .numerator:
                    guard value > 0 else { continue }
                    (numerator, denominator) = (count, (count / value * scale).rounded())
                case .denominator:
                    (numerator, denominator) = ((value / scale * count).rounded(), count)
                }
                guard denominator > 0, numerator >= 0 else { continue }
                numerators.set(row, to: NumericCell(value: numerator, state: .present))
                denominators.set(row, to: NumericCell(value: denominator, state: .present))
            }
            let source = staged.indicators[pair.measure].source
            let note = "numerator and denominator derived from \(staged.indicators[pair.count].code)"
            staged.indicators[pair.measure].source = source.isEmpty ? note : source + "; " + note
        }
        staged.observations.numerator = numerators
        staged.observations.denominator = denominators
    }
}
