import Foundation
import SightlineCore

/// Exact per-bin medians of many periodogram rows in bounded memory.
///
/// Rows (nfft floats each, non-negative) go to a temporary file; the median of each bin is
/// then found by radix selection on the floats' bit patterns, which order like the values
/// for non-negative IEEE-754 numbers: three passes over the file per rank (11, 11 and 10
/// bits), each counting, per bin, the values that share the digits fixed so far. Memory is
/// one 2048-bucket histogram per bin of a chunk of bins (at most 16 MiB) plus a read block,
/// whatever the number of rows. np.median's convention: the mean of the two middle values
/// for an even count.
final class SpilledMedian {
    let bins: Int
    private(set) var rows = 0
    private let url: URL
    private let file: UnsafeMutablePointer<FILE>

    init(bins: Int) throws {
        self.bins = bins
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sightline-median-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).f32"
        )
        guard let f = fopen(url.path, "w+b") else {
            throw SightlineError(
                .writeFailed,
                location: url.path,
                message: "cannot create a temporary file for the median",
                fix: "set TMPDIR to a writable folder with free space"
            )
        }
        file = f
        unlink(url.path)  // removed from the folder now; the space is freed when closed
    }

    deinit { fclose(file) }

    /// Appends whole rows.
    func append(_ values: UnsafeBufferPointer<Float>) throws {
        precondition(values.count % bins == 0)
        guard let base = values.baseAddress, !values.isEmpty else { return }
        guard fwrite(base, 4, values.count, file) == values.count else {
            throw SightlineError(
                .writeFailed,
                location: url.path,
                message: "writing median rows failed",
                fix: "free disk space in TMPDIR"
            )
        }
        rows += values.count / bins
    }

    /// Per-bin medians (not yet divided by the median bias).
    func medians() throws -> [Double] {
        precondition(rows > 0)
        fflush(file)
        var result = [Double](repeating: 0, count: bins)
        let chunk = 2048
        var first = 0
        while first < bins {
            let count = min(chunk, bins - first)
            let low = try select(rank: (rows - 1) / 2, firstBin: first, binCount: count)
            let high = rows % 2 == 1 ? low : try select(rank: rows / 2, firstBin: first, binCount: count)
            for i in 0..<count {
                result[first + i] = (Double(Float(bitPattern: low[i])) + Double(Float(bitPattern: high[i]))) / 2
            }
            first += count
        }
        return result
    }

    /// The bit pattern of the `rank`-th smallest value (from 0) of each bin in the chunk.
    private func select(rank: Int, firstBin: Int, binCount: Int) throws -> [UInt32] {
        var prefix = [UInt32](repeating: 0, count: binCount)
        var mask: UInt32 = 0
        var remaining = [Int](repeating: rank, count: binCount)
        var histogram = [Int32](repeating: 0, count: binCount * 2048)
        let blockRows = max(1, (4 << 20) / (bins * 4))
        var block = [Float](repeating: 0, count: blockRows * bins)
        for (shift, width) in [(UInt32(21), UInt32(11)), (10, 11), (0, 10)] {
            for i in histogram.indices { histogram[i] = 0 }
            rewind(file)
            var left = rows
            while left > 0 {
                let n = min(blockRows, left)
                let got = block.withUnsafeMutableBufferPointer { fread($0.baseAddress!, 4 * bins, n, file) }
                guard got == n else {
                    throw SightlineError(
                        .unreadableFile,
                        location: url.path,
                        message: "reading median rows failed",
                        fix: "check TMPDIR"
                    )
                }
                block.withUnsafeBufferPointer { b in
                    histogram.withUnsafeMutableBufferPointer { h in
                        prefix.withUnsafeBufferPointer { p in
                            for r in 0..<n {
                                let row = r * bins + firstBin
                                for i in 0..<binCount {
                                    let bits = b[row + i].bitPattern
                                    if bits & mask == p[i] {
                                        h[i * 2048 + Int((bits >> shift) & ((1 << width) - 1))] += 1
                                    }
                                }
                            }
                        }
                    }
                }
                left -= n
            }
            for i in 0..<binCount {
                var cumulative = 0
                for digit in 0..<(1 << Int(width)) {
                    let c = Int(histogram[i * 2048 + digit])
                    if cumulative + c > remaining[i] {
                        prefix[i] |= UInt32(digit) << shift
                        remaining[i] -= cumulative
                        break
                    }
                    cumulative += c
                }
            }
            mask |= ((1 << width) - 1) << shift
        }
        return prefix
    }
}
