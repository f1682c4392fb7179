import ScryStore

extension QueryContext {
    /// The calculated RAG of the observation at `row` and the rule that gave it, at the
    /// `rag_tolerance` setting: what `rag_calc` shows and a `workings rag_calc` explains.
    /// Nil for a missing figure.
    func calculatedRAG(_ row: Int) -> CalculatedRAG.Assessment? {
        let observations = store.observations
        guard let value = observations.value[row].number else { return nil }
        let indicator = store.indicators[Int(observations.indicator[row])]
        return CalculatedRAG.assess(value: value, target: observations.target[row].number, floor: observations.floor[row].number,
                                    denominator: observations.denominator[row].number, polarity: indicator.polarity,
                                    decimals: indicator.decimals, tolerance: settings.ragTolerance)
    }
}
