import ScryLanguage
import ScryStore

/// What one statement carries while it runs: its settings, its place in the source (for an
/// "interrupted" error), when planning ended, the notes its rows call for, and the
/// standings of mapped local indicators (which depend on `comparator_lag`). Facts that
/// depend on the store alone are `lookups`'.
final class QueryContext {
    let store: Store
    let settings: EngineSettings
    let lookups: StoreLookups
    /// Ctrl-C's flag for this statement, looked up once (`Interruption.watch`).
    let interruption: Interruption.Watch
    /// Each comparator's figure for the row last asked about: a row's columns (value,
    /// period, gap, verdict…) ask for the same figure in turn (Comparators.swift).
    var lastFigures = [(row: Int, figure: ComparatorFigure?)?](repeating: nil, count: Comparator.allCases.count)
    /// England's figure for each indicator and local period met (indicator << 32 | period),
    /// the same for every area's row: looked up once a statement.
    var englandFigures: [UInt64: (figure: ComparatorFigure?, droppedForLag: Bool)] = [:]
    /// For the notes of the rows shown, once `startTallying` is called: how comparators
    /// stood to the local figures, and the rows whose rank or band needs more figures.
    private(set) var isTallying = false
    var comparatorTallies: [Comparator: ComparatorTally] = [:]
    var withheldRanks: Set<Int> = []
    var withheldBands: Set<Int> = []
    /// A mapped local indicator's standing, by row (QueryContext+Standing.swift).
    var mappedStandings: [Int: Standing] = [:]

    /// The statement being answered, for an "interrupted" error.
    var statementRange = SourceRange(0, 0)
    /// When planning ended: the first scan's start.
    private(set) var planned: ContinuousClock.Instant?

    init(store: Store, settings: EngineSettings = EngineSettings()) {
        self.store = store
        self.settings = settings
        lookups = StoreLookups(store: store)
        interruption = Interruption.watch
    }

    func markPlanned() {
        if planned == nil { planned = .now }
    }

    /// Called by scans between blocks of rows: stops the statement when Ctrl-C asked.
    func checkInterruption() throws(Diagnostic) {
        if interruption.isRequested {
            throw Diagnostic.error("interrupted", at: statementRange)
        }
    }

    /// Turns on counting, for a result's notes, of the comparators older than the local
    /// figure and the ranks and bands withheld, from the next row asked about: a statement
    /// calls it once its filter has run, so that only the rows shown count.
    func startTallying() {
        isTallying = true
        lastFigures = lastFigures.map { _ in nil }
        comparatorTallies = [:]
        withheldRanks = []
        withheldBands = []
    }
}
