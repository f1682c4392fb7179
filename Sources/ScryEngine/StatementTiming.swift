/// Where a statement's time went: name resolution and compilation up to its first scan
/// (plan), then the scans, lookups and sorts that make its rows (execute).
public struct StatementTiming: Sendable, Equatable {
    public var plan: Duration
    public var execute: Duration
}
