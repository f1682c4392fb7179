import Synchronization

/// Ctrl-C while a statement or a load runs: the shell's signal handler sets the flag; the
/// engine's scans look at it every few thousand rows, and the loaders every few thousand
/// records (or every stretch of a file read in parallel), and stop with an "interrupted"
/// error. A load stopped so changes nothing.
public enum Interruption {
    /// A flag that asks whatever is running to stop.
    final class Flag: Sendable {
        private let raised = Atomic<Bool>(false)

        init() {}

        /// Safe in a signal handler (a lock-free store).
        func request() { raised.store(true, ordering: .relaxed) }

        func clear() { raised.store(false, ordering: .relaxed) }

        var isRequested: Bool { raised.load(ordering: .relaxed) }
    }

    /// The process's flag: the one Ctrl-C sets.
    static let process = Flag()

    /// The flag the running code looks at: the process's, unless a task chose one of its
    /// own (`$current.withValue`), as a test does so that it interrupts only itself. Work
    /// spread over other threads takes it along from the thread that started it (a task's
    /// choice does not reach threads of its own).
    @TaskLocal static var current: Flag = process

    /// Asks the running statement or load to stop. Safe in a signal handler: it sets the
    /// process's flag, without looking at the task.
    public static func request() { process.request() }

    /// Clears the flag before a statement or a load starts.
    public static func clear() { current.clear() }

    public static var isRequested: Bool { current.isRequested }

    /// The running code's flag, looked up once: a scan that asks between every block of rows
    /// reads an atomic, not the task-local value (which cost ~15 ns a read, 75 µs over the
    /// 4,900 blocks of ten million rows).
    public struct Watch: Sendable {
        let flag: Flag
        public var isRequested: Bool { flag.isRequested }
    }

    /// A watch on the flag the running code looks at now (`current`).
    public static var watch: Watch { Watch(flag: current) }
}
