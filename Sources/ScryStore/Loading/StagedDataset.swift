/// A dataset read and checked on its own, not yet part of a store. Its indicator and area
/// codes are local; `Store.add` translates them when it takes the dataset in.
public struct StagedDataset: Sendable {
    var source: String
    public var name: String
    public var indicators: [Indicator] = []
    public struct StagedArea: Sendable, Equatable {
        var area: Area
        /// Where it was declared, for errors found when merging with a store.
        var issueAnchor: LoadIssue
        var population: (count: Double, period: Period)?
        public static func == (left: Self, right: Self) -> Bool {
            left.area == right.area && left.population?.count == right.population?.count
                && left.population?.period == right.population?.period
        }
    }
    public var areas: [StagedArea] = []
    public var observations = ObservationTable()
    var commentary: [Commentary] = []
    public var warnings: [LoadIssue] = []
}
