import ScryStore

/// The values a column takes: what a filter may compare it with (`rag = red`), what Tab
/// offers after `column =`, and what an unknown value's message suggests instead.
enum ValueDomain: Equatable, Sendable {
    /// Any number; any period label (.help periods); any text.
    case numbers, periods, text
    /// Names read from the loaded data.
    case datasets, indicatorCodes, indicatorNames, themes, areas, regions
    /// The codes of the store's own kinds.
    case polarities, periodTypes, units, areaTypes
    /// Fixed sets the engine computes, each with `none` for a row without one.
    case ratings, directions, verdicts, significances, bands, intervalVerdicts, trendDirections, trendVerdicts, funnelPositions

    /// Whether the values are one fixed set the engine computes (a column of such a domain
    /// can be compared with another of the same: `rag != rag_calc`).
    var isEnumerated: Bool { fixedChoices != nil }

    /// The fixed values of an enumerated domain, as a user writes them.
    var fixedChoices: [String]? {
        switch self {
        case .ratings: ["red", "amber", "green", "none"]
        case .directions: Direction.allCases.map(\.rawValue) + ["none"]
        case .verdicts: Verdict.allCases.map(\.rawValue) + ["none"]
        case .significances: Significance.Verdict.allCases.map(\.rawValue) + ["none"]
        case .bands: Ranking.Band.allCases.map(\.rawValue) + ["none"]
        case .intervalVerdicts: IntervalVerdict.allCases.map(\.rawValue) + ["none"]
        case .trendDirections: RecentTrend.Direction.allCases.map(\.rawValue) + ["none"]
        case .trendVerdicts: RecentTrend.verdicts + ["none"]
        case .funnelPositions: Funnel.Position.allCases.map(\.rawValue) + ["none"]
        case .numbers, .periods, .text, .datasets, .indicatorCodes, .indicatorNames, .themes, .areas, .regions,
             .polarities, .periodTypes, .units, .areaTypes: nil
        }
    }

    /// The values a user may write, over what `store` holds; nil for numbers and free text.
    func choices(in store: Store) -> [String]? {
        if let fixed = fixedChoices { return fixed }
        switch self {
        case .numbers, .text: return nil
        case .periods: return ["latest", "previous", "last"]
        case .datasets: return store.datasets.map(\.name)
        case .indicatorCodes: return Array(Set(store.indicators.map(\.code))).sorted()
        case .indicatorNames: return Array(Set(store.indicators.map(\.name))).sorted()
        case .themes: return Array(Set(store.indicators.map(\.theme).filter { !$0.isEmpty })).sorted()
        case .areas: return store.areas.map(\.name)
        case .regions: return store.areas.filter { $0.type == .region }.map(\.name)
        case .polarities: return ["H", "L", "T", "none"]
        case .periodTypes: return PeriodType.allCases.map(\.code)
        case .units: return Unit.allCases.map(\.code)
        case .areaTypes: return AreaType.allCases.map(\.code)
        case .ratings, .directions, .verdicts, .significances, .bands, .intervalVerdicts, .trendDirections, .trendVerdicts,
             .funnelPositions: return nil
        }
    }

    /// The value a row holds when it is `written` (in any case), for the enumerated
    /// domains; nil when `written` is not one of them.
    func value(_ written: String) -> RowValue? {
        let lowered = written.lowercased()
        switch self {
        case .ratings:
            return (lowered == "none" ? RAG.none : RAG(code: written)).map { .rag($0) }
        case .directions:
            if lowered == "none" { return .direction(nil) }
            return Direction(rawValue: lowered).map { .direction($0) }
        case .verdicts, .significances, .intervalVerdicts, .trendDirections, .trendVerdicts, .funnelPositions:
            guard fixedChoices?.contains(lowered) == true else { return nil }
            return .text(lowered == "none" ? "" : lowered)
        case .bands:
            guard fixedChoices?.contains(written.uppercased()) == true || lowered == "none" else { return nil }
            return .text(lowered == "none" ? "" : written.uppercased())
        case .numbers, .periods, .text, .datasets, .indicatorCodes, .indicatorNames, .themes, .areas, .regions,
             .polarities, .periodTypes, .units, .areaTypes:
            return nil
        }
    }
}
