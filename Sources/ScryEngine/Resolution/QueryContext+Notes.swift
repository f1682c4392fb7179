extension QueryContext {
    /// What the rows shown since `startTallying` need said about them: comparators older
    /// than the local figure (they lag by nature) or left out as older than the lag allows,
    /// and ranks and bands withheld for want of figures to rank among.
    var tallyNotes: [Note] {
        var notes: [String] = []
        for comparator in [Comparator.england, .region, .neighbours] {
            guard let tally = comparatorTallies[comparator] else { continue }
            let periodColumn = comparator.fields.period.rawValue
            if tally.older > 0 {
                notes.append("note: \(comparator.rawValue): \(Self.figures(tally.older)) for an earlier period than the local figure, "
                    + "the latest on or before it (\(periodColumn) says which)")
            }
            if tally.tooOld > 0 {
                let lag = settings.comparatorLag.map { "\($0) month\($0 == 1 ? "" : "s")" } ?? "none"
                notes.append("note: \(comparator.rawValue): \(Self.figures(tally.tooOld)) left out, older than comparator_lag allows "
                    + "(\(lag)): .set comparator_lag N changes it")
            }
        }
        if !withheldRanks.isEmpty {
            notes.append("note: national_rank: \(Self.figures(withheldRanks.count, verb: "has", "have")) no rank: a rank needs "
                + "at least \(Ranking.minimumRanked) authorities with a figure for the indicator and period")
        }
        if !withheldBands.isEmpty {
            notes.append("note: quartile: \(Self.figures(withheldBands.count, verb: "has", "have")) no band: quartile bands need "
                + "at least \(Ranking.minimumBanded) authorities with a figure for the indicator and period")
        }
        return notes.map { Note($0) }
    }

    private static func figures(_ count: Int, verb singular: String = "is", _ plural: String = "are") -> String {
        "\(count) figure\(count == 1 ? " \(singular)" : "s \(plural)")"
    }
}
