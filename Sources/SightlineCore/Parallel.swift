import Dispatch
import Foundation
import Synchronization

/// The one way Sightline runs independent work on several threads, and the one place its
/// thread counts come from.
public enum Parallel {
    /// The most threads any parallel loop starts (the limit of every `--threads` option).
    public static let maximumThreads = 64

    /// One thread per active core, within 1…``maximumThreads``.
    public static var defaultThreads: Int { threads(ProcessInfo.processInfo.activeProcessorCount) }

    /// The number of threads to use when `requested` are asked for over `work` items:
    /// clamped to 1…``maximumThreads`` and to the work (never more threads than items, and
    /// at least one, also for no work).
    public static func threads(_ requested: Int, work: Int = .max) -> Int {
        max(1, min(requested, maximumThreads, work))
    }

    /// Part `part` of `0..<count` split into `parts` contiguous runs of nearly equal length
    /// (`count·part/parts ..< count·(part+1)/parts`): the split depends only on the numbers,
    /// so a loop that sums per run gives the same bytes on every machine.
    public static func range(part: Int, of parts: Int, count: Int) -> Range<Int> {
        precondition(parts >= 1 && part >= 0 && part < parts && count >= 0)
        return count * part / parts..<count * (part + 1) / parts
    }

    /// `body(0)`, …, `body(count − 1)` on up to `threads` threads, the results in index order.
    ///
    /// The contract:
    /// - Results are returned in index order, whatever thread ran each item and in whatever
    ///   order they finished; `body` must not depend on which thread runs it.
    /// - The thread count is `threads(threads, work: count)`; with one thread (or one item)
    ///   every item runs in line on the calling thread, in order.
    /// - Items are handed out in increasing index order. If any item throws, the error of
    ///   the *lowest* index that throws is rethrown (the same error a serial loop would
    ///   throw, independent of the thread count and of timing); items above the first
    ///   failure seen are not started, items below it still run to completion.
    /// - Returns when every started item has finished; nothing runs after it returns.
    /// - `body` is called concurrently with itself: what it shares must be immutable or
    ///   behind a lock (for example a `Mutex`, or one per-item state it alone locks).
    public static func map<T: Sendable, E: Error>(
        _ count: Int,
        threads requested: Int = defaultThreads,
        _ body: @Sendable (Int) throws(E) -> T
    ) throws(E) -> [T] {
        precondition(count >= 0, "Parallel.map over a negative count")
        let workers = threads(requested, work: count)
        if workers == 1 {
            var results: [T] = []
            results.reserveCapacity(count)
            for i in 0..<count { results.append(try body(i)) }
            return results
        }
        let state = Mutex(MapState<T, E>(count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let claimed: Int? = state.withLock { s in
                    guard s.next < count, s.next < (s.failure?.index ?? .max) else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let i = claimed else { return }
                let outcome = Result { () throws(E) -> T in try body(i) }
                state.withLock { s in
                    switch outcome {
                    case .success(let value):
                        s.results[i] = value
                    case .failure(let error):
                        if i < (s.failure?.index ?? .max) { s.failure = (i, error) }
                    }
                }
            }
        }
        let (results, failure) = state.withLock { s in
            let taken = s.results
            s.results = []
            return (taken, s.failure)
        }
        if let failure { throw failure.error }
        return results.map { $0! }
    }

    private struct MapState<T, E> {
        var next = 0
        var results: [T?]
        var failure: (index: Int, error: E)?
        init(count: Int) { results = Array(repeating: nil, count: count) }
    }
}
