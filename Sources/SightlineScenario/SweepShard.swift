import SightlineCore

/// Shard K of N of a sweep: the points K, K + N, K + 2N, … (0 ≤ K < N). Striding rather than
/// cutting the grid into runs spreads slow and fast corners of the grid over all shards.
public struct SweepShard: Codable, Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// The most shards a sweep may be cut into.
    public static let maximumCount = 100_000

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count)
        self.index = index
        self.count = count
    }

    /// `K/N` with 0 ≤ K < N ≤ `maximumCount`, or a one-line error naming `field`.
    public init(parsing text: String, location: String = "command line", field: String = "--shard") throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= Self.maximumCount,
            k >= 0, k < n
        else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: field,
                message: "\"\(text)\" is not a shard K/N with 0 ≤ K < N ≤ \(Self.maximumCount)",
                fix: "give e.g. 0/8 for the first of eight shards (Slurm: $SLURM_ARRAY_TASK_ID/N)"
            )
        }
        self.init(index: k, count: n)
    }

    /// The points of a grid of `total` points that this shard runs, ascending.
    public func points(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

    public var description: String { "\(index)/\(count)" }

    /// The part file of this shard for the output `base` (`OUT.shard-K-of-N.json`).
    public func partPath(base: String) -> String {
        Sweep.outputPaths(base).base + ".shard-\(index)-of-\(count).json"
    }
}
