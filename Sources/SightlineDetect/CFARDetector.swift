import SightlineCore

/// How the CFAR window is laid out around each cell under test, in cells.
public struct CFARConfiguration: Sendable, Equatable {
    public var kind: CFARKind
    public var pfa: Double
    /// Guard and training cells on each side along frequency (bins).
    public var guardBins: Int
    public var trainingBins: Int
    /// Spacing of the frequency training cells: 2 skips every other bin, so that with a
    /// tapered window (whose neighbouring bins are correlated: Hann's power correlation is
    /// 0.44 at lag 1 but 0.03 at lag 2) the training cells are independent, as the
    /// threshold formulas assume. 1 for the rectangular window.
    public var trainingStride: Int
    /// Guard and training cells on each side along time (cell rows): 0 training for a
    /// frequency-only window.
    public var guardRows: Int
    public var trainingRows: Int
    /// Frames averaged into one cell (Gamma(K) statistics).
    public var averagedFrames: Int
    /// OS rank (default ⌈3N/4⌉).
    public var rank: Int?
    /// Hysteresis: cells above the threshold for this (higher) Pfa may extend a region that
    /// a cell at `pfa` started, but never start one (nil: no hysteresis). This recovers the
    /// weaker first and last cells of a burst, so its start and length are measured well,
    /// without raising the false-alarm rate of regions.
    public var extensionPfa: Double?

    public init(kind: CFARKind = .ca, pfa: Double = 1e-6, guardBins: Int = 3, trainingBins: Int = 6, trainingStride: Int = 2,
                guardRows: Int = 0, trainingRows: Int = 0, averagedFrames: Int = 2, rank: Int? = nil,
                extensionPfa: Double? = 1e-2) {
        self.kind = kind
        self.pfa = pfa
        self.guardBins = guardBins
        self.trainingBins = trainingBins
        self.trainingStride = trainingStride
        self.guardRows = guardRows
        self.trainingRows = trainingRows
        self.averagedFrames = averagedFrames
        self.rank = rank
        self.extensionPfa = extensionPfa.map { max($0, pfa) }
    }

    public func validate(location: String) throws {
        func bad(_ field: String, _ message: String, _ fix: String) -> SightlineError {
            SightlineError(.invalidValue, location: location, field: field, message: message, fix: fix)
        }
        guard pfa > 0 && pfa < 1 else { throw bad("pfa", "\(pfa) is not a probability in (0, 1)", "e.g. --pfa 1e-6") }
        guard guardBins >= 0, guardRows >= 0 else { throw bad("guard", "must be ≥ 0", "give a guard of 0 or more cells") }
        guard trainingBins >= 0, trainingRows >= 0, trainingBins + trainingRows > 0 else {
            throw bad("train", "needs at least one training cell", "give --train 1 or more")
        }
        guard trainingStride >= 1 else { throw bad("stride", "must be ≥ 1", "use 1 or 2") }
        guard averagedFrames >= 1 else { throw bad("average-frames", "must be ≥ 1", "use 1 or more") }
    }
}

/// One cell above threshold: its row, bin, power and the local noise estimate.
public struct CFARHit: Sendable, Equatable {
    public var row: Int
    public var bin: Int
    public var power: Double
    public var noise: Double
    /// Above the main threshold (false: only above the extension threshold).
    public var strong: Bool = true
}

/// Runs CFAR over a stream of spectrogram rows (linear power per bin, ascending
/// frequency): averages `averagedFrames` frames into each cell row, keeps only the rows
/// the time window needs, and reports every cell above threshold. At the band edges and
/// at the start and end of the recording the window is truncated and α recomputed for the
/// cells actually available, so edges are neither deaf nor trigger-happy.
public final class CFARDetector {
    public let configuration: CFARConfiguration
    public let bins: Int
    private var alphaCache: [Int: Double] = [:]
    private var pending: [Double]
    private var pendingCount = 0
    /// Cell rows kept for the time window (ring).
    private var ring: [[Double]] = []
    private var firstRingRow = 0
    private var rowsIn = 0
    private var rowsOut = 0
    private var sorted: [Double] = []
    private let handler: (CFARHit) -> Void
    private let rowDone: (Int) -> Void

    public init(configuration: CFARConfiguration, bins: Int, onHit: @escaping (CFARHit) -> Void, onRowDone: @escaping (Int) -> Void = { _ in }) {
        self.configuration = configuration
        self.bins = bins
        pending = [Double](repeating: 0, count: bins)
        handler = onHit
        rowDone = onRowDone
    }

    public var cellRowsProcessed: Int { rowsOut }

    func alpha(_ n: Int, kind: CFARKind, extension ext: Bool = false) -> Double {
        let key = n * 8 + (kind == configuration.kind ? 0 : 1) + (ext ? 2 : 0)
        if let a = alphaCache[key] { return a }
        let pfa = ext ? (configuration.extensionPfa ?? configuration.pfa) : configuration.pfa
        let a = CFARThreshold.alpha(kind: kind, pfa: pfa, trainingCells: n, averaged: configuration.averagedFrames,
                                    rank: kind == .os ? min(n, configuration.rank ?? CFARThreshold.defaultRank(n)) : nil)
        alphaCache[key] = a
        return a
    }

    /// Feeds frames (rows of `bins` values).
    public func add(frames: UnsafeBufferPointer<Float>) {
        let frameCount = frames.count / bins
        for f in 0..<frameCount {
            for b in 0..<bins { pending[b] += Double(frames[f * bins + b]) }
            pendingCount += 1
            if pendingCount == configuration.averagedFrames {
                let k = Double(pendingCount)
                ring.append(pending.map { $0 / k })
                for b in 0..<bins { pending[b] = 0 }
                pendingCount = 0
                rowsIn += 1
                processReady(final: false)
            }
        }
    }

    /// Processes the remaining rows (a partial last cell row is dropped: it would not have
    /// Gamma(K) statistics).
    public func finish() { processReady(final: true) }

    private func processReady(final: Bool) {
        let reach = configuration.guardRows + configuration.trainingRows
        while rowsOut < rowsIn && (final || rowsIn - 1 - rowsOut >= reach) {
            process(row: rowsOut)
            rowDone(rowsOut)
            rowsOut += 1
            // Drop rows no longer needed behind the window.
            while firstRingRow < rowsOut - reach {
                ring.removeFirst()
                firstRingRow += 1
            }
        }
    }

    private var prefix: [Double] = [], suffix: [Double] = []

    /// Frequency-only CA/GO/SO: window sums from strided prefix and suffix sums, O(1) per cell.
    private func processFast(row r: Int) {
        let c = configuration
        let cur = ring[r - firstRingRow]
        let s = c.trainingStride, g = c.guardBins, t = c.trainingBins
        if prefix.count != bins { prefix = [Double](repeating: 0, count: bins); suffix = prefix }
        for b in 0..<bins { prefix[b] = cur[b] + (b >= s ? prefix[b - s] : 0) }
        for b in stride(from: bins - 1, through: 0, by: -1) { suffix[b] = cur[b] + (b + s < bins ? suffix[b + s] : 0) }
        for b in 0..<bins {
            var sumLower = 0.0, nLower = 0, sumUpper = 0.0, nUpper = 0
            let lo = b - g - 1
            if lo >= 0 {
                nLower = min(t, lo / s + 1)
                let stop = lo - nLower * s
                sumLower = prefix[lo] - (stop >= 0 ? prefix[stop] : 0)
            }
            let hi = b + g + 1
            if hi < bins {
                nUpper = min(t, (bins - 1 - hi) / s + 1)
                let stop = hi + nUpper * s
                sumUpper = suffix[hi] - (stop < bins ? suffix[stop] : 0)
            }
            let n = nLower + nUpper
            guard n > 0 else { continue }
            let mean = (sumLower + sumUpper) / Double(n)
            var kind = c.kind
            var estimate = mean
            if c.kind != .ca {
                if nLower == 0 || nUpper == 0 || nLower != nUpper {
                    kind = .ca
                } else {
                    let a = sumLower / Double(nLower), u = sumUpper / Double(nUpper)
                    estimate = c.kind == .goca ? max(a, u) : min(a, u)
                }
            }
            report(r, b, cur[b], n, kind, estimate, mean)
        }
    }

    @inline(__always)
    private func report(_ r: Int, _ b: Int, _ power: Double, _ n: Int, _ kind: CFARKind, _ estimate: Double, _ mean: Double) {
        if power > alpha(n, kind: kind) * estimate {
            handler(CFARHit(row: r, bin: b, power: power, noise: mean))
        } else if configuration.extensionPfa != nil && power > alpha(n, kind: kind, extension: true) * estimate {
            handler(CFARHit(row: r, bin: b, power: power, noise: mean, strong: false))
        }
    }

    private func process(row r: Int) {
        let c = configuration
        if c.trainingRows == 0 && c.kind != .os { processFast(row: r); return }
        let cur = ring[r - firstRingRow]
        let s = c.trainingStride
        var lower: [Double] = [], upper: [Double] = []
        lower.reserveCapacity(c.trainingBins + c.trainingRows)
        upper.reserveCapacity(c.trainingBins + c.trainingRows)
        for b in 0..<bins {
            lower.removeAll(keepingCapacity: true)
            upper.removeAll(keepingCapacity: true)
            for t in 0..<c.trainingBins {
                let off = c.guardBins + 1 + t * s
                if b - off >= 0 { lower.append(cur[b - off]) }
                if b + off < bins { upper.append(cur[b + off]) }
            }
            for t in 0..<c.trainingRows {
                let off = c.guardRows + 1 + t
                if r - off >= firstRingRow { lower.append(ring[r - off - firstRingRow][b]) }
                if r + off < rowsIn { upper.append(ring[r + off - firstRingRow][b]) }
            }
            let n = lower.count + upper.count
            guard n > 0 else { continue }
            let sumLower = lower.reduce(0, +), sumUpper = upper.reduce(0, +)
            let mean = (sumLower + sumUpper) / Double(n)
            var kind = c.kind
            var estimate: Double
            var cells = n
            switch c.kind {
            case .ca:
                estimate = mean
            case .goca, .soca:
                if lower.isEmpty || upper.isEmpty || lower.count != upper.count {
                    // One side cut off by an edge: the remaining cells, averaged.
                    kind = .ca
                    estimate = mean
                } else {
                    let a = sumLower / Double(lower.count), bMean = sumUpper / Double(upper.count)
                    estimate = c.kind == .goca ? max(a, bMean) : min(a, bMean)
                }
            case .os:
                sorted.removeAll(keepingCapacity: true)
                sorted.append(contentsOf: lower)
                sorted.append(contentsOf: upper)
                sorted.sort()
                let rank = min(n, c.rank ?? CFARThreshold.defaultRank(n))
                estimate = sorted[rank - 1]
                cells = n
            }
            report(r, b, cur[b], cells, kind, estimate, mean)
        }
    }
}
