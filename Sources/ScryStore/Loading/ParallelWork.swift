import Dispatch
import Foundation

/// Work spread over the processors: the readers' passes over the stretches of a file.
public enum ParallelWork {
    /// The processors work can be spread over.
    public static let processors = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `work` of 0 ..< `count`, on as many threads as there are processors; the results in
    /// order.
    ///
    /// `work` need not be `@Sendable`: it reads what is not (the bytes of a file the caller
    /// holds in memory or open, the tables a pass made) and writes through pointers (the
    /// rows of a table being filled). The caller's part, which the compiler cannot check:
    /// while this runs, nothing writes what `work` reads, and no two indices write the same
    /// memory. That promise is this file's `@unchecked Sendable`, the one the readers need.
    public static func map<Result>(_ count: Int, _ work: (Int) -> Result) -> [Result] {
        withoutActuallyEscaping(work) { work in
            let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
            results.initialize(repeating: nil)
            defer {
                results.deinitialize()
                results.deallocate()
            }
            let shared = Shared(work: work, results: results)
            DispatchQueue.concurrentPerform(iterations: count) { index in shared.results[index] = shared.work(index) }
            return results.map { $0! }
        }
    }

    /// The work and the results, seen by every thread: each index writes its own result.
    private struct Shared<Result>: @unchecked Sendable {
        let work: (Int) -> Result
        let results: UnsafeMutableBufferPointer<Result?>
    }
}
