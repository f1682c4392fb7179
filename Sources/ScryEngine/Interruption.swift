import Synchronization

/// Ctrl-C while a statement runs: the shell's signal handler sets the flag, and the
/// engine's scans look at it every few thousand rows and stop with an "interrupted" error.
public enum Interruption {
    private static let flag = Atomic<Bool>(false)

    /// Asks the running statement to stop. Safe in a signal handler (a lock-free store).
    public static func request() { flag.store(true, ordering: .relaxed) }

    public static func clear() { flag.store(false, ordering: .relaxed) }

    public static var isRequested: Bool { flag.load(ordering: .relaxed) }
}

/// Where a statement's time went: name resolution and compilation up to its first scan
/// (plan), then the scans, lookups and sorts that make its rows (execute).
public struct StatementTiming: Sendable, Equatable {
    public var plan: Duration
    public var execute: Duration
}
