import SightlineCore
import Synchronization
import Testing

struct ParallelTests {
    struct Failure: Error, Equatable { var index: Int }

    @Test func threadCountsAreClampedInOnePlace() {
        #expect(Parallel.threads(0) == 1)
        #expect(Parallel.threads(-5) == 1)
        #expect(Parallel.threads(8) == 8)
        #expect(Parallel.threads(1000) == Parallel.maximumThreads)
        #expect(Parallel.threads(8, work: 3) == 3)
        #expect(Parallel.threads(8, work: 0) == 1)
        #expect((1...Parallel.maximumThreads).contains(Parallel.defaultThreads))
    }

    @Test func rangesSplitTheWorkWithoutGapsOrOverlap() {
        for count in [0, 1, 7, 64, 1001] {
            for parts in [1, 2, 3, 64] {
                let runs = (0..<parts).map { Parallel.range(part: $0, of: parts, count: count) }
                #expect(runs.first?.lowerBound == 0)
                #expect(runs.last?.upperBound == count)
                for (a, b) in zip(runs, runs.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
            }
        }
    }

    @Test(arguments: [1, 2, 3, 64])
    func resultsComeBackInIndexOrder(threads: Int) {
        let squares = Parallel.map(1000, threads: threads) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(Parallel.map(0, threads: threads) { $0 }.isEmpty)
    }

    @Test func everyItemRunsOnce() {
        let calls = Mutex([Int](repeating: 0, count: 500))
        _ = Parallel.map(500, threads: 4) { i in calls.withLock { $0[i] += 1 } }
        #expect(calls.withLock { $0 } == [Int](repeating: 1, count: 500))
    }

    /// The error is the lowest failing index's, as a serial loop would throw, whatever the
    /// thread count; it is typed.
    @Test(arguments: [1, 2, 4])
    func theLowestFailingIndexIsRethrown(threads: Int) {
        let failing: Set<Int> = [37, 38, 200, 999]
        #expect(throws: Failure(index: 37)) {
            _ = try Parallel.map(1000, threads: threads) { (i: Int) throws(Failure) -> Int in
                if failing.contains(i) { throw Failure(index: i) }
                return i
            }
        }
        do {
            _ = try Parallel.map(10, threads: threads) { (i: Int) throws(Failure) -> Int in
                if i == 9 { throw Failure(index: i) }
                return i
            }
            Issue.record("no error thrown")
        } catch {
            // `error` is a `Failure`, not `any Error`: the map's throws are typed.
            #expect(error.index == 9)
        }
    }

    @Test func inLineTheFirstFailureEndsTheLoop() {
        let started = Mutex(0)
        #expect(throws: Failure(index: 3)) {
            _ = try Parallel.map(100, threads: 1) { (i: Int) throws(Failure) -> Int in
                started.withLock { $0 += 1 }
                if i == 3 { throw Failure(index: 3) }
                return i
            }
        }
        #expect(started.withLock { $0 } == 4)
    }
}

struct StatisticsTests {
    @Test func medianIsNumpys() {
        #expect(Statistics.median([3.0, 1, 2]) == 2)
        #expect(Statistics.median([4.0, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([Float(1), 2]) == 1.5)
        #expect(Statistics.median(sorted: [1.0, 2, 10, 11]) == 6)
        #expect(Statistics.median([5.0]) == 5)
        #expect(Statistics.median([Double]()).isNaN)
    }

    /// numpy.quantile's default (linear) method: np.quantile([1, 2, 10, 11], [0.1, 0.5, 0.9])
    /// = [1.3, 6.0, 10.7]; np.quantile([7], 0.9) = 7.
    @Test func quantileIsNumpys() {
        let q = [0.1, 0.5, 0.9].map { Statistics.quantile(sorted: [1.0, 2, 10, 11], $0)! }
        #expect(zip(q, [1.3, 6.0, 10.7]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(q)")
        #expect(Statistics.quantile(sorted: [7.0], 0.9) == 7)
        #expect(Statistics.quantile(sorted: [], 0.5) == nil)
        #expect(Statistics.quantile(sorted: [1.0, 2, 10, 11], 0.5) == Statistics.median(sorted: [1.0, 2, 10, 11]))
    }
}
