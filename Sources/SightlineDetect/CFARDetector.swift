import SightlineCore
import SightlineRF

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

    public init(
        kind: CFARKind = .ca,
        pfa: Double = 1e-6,
        guardBins: Int = 3,
        trainingBins: Int = 6,
        trainingStride: Int = 2,
        guardRows: Int = 0,
        trainingRows: Int = 0,
        averagedFrames: Int = 2,
        rank: Int? = nil,
        extensionPfa: Double? = 1e-2
    ) {
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
        guard pfa > 0 && pfa < 1 else { throw bad("pfa", "\(pfa) is not a probability in (0, 1)", "e.g. `pfa` 1e-6") }
        guard guardBins >= 0, guardRows >= 0 else {
            throw bad("guard", "must be ≥ 0", "give a guard of 0 or more cells")
        }
        guard trainingBins >= 0, trainingRows >= 0, trainingBins + trainingRows > 0 else {
            throw bad("train", "needs at least one training cell", "give `train` 1 or more")
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
    /// In a bin whose floor is a stationary emission (tested against the floor's envelope
    /// across frequency, not against its own floor): such hits form regions of their own.
    public var stationary: Bool = false
}

/// A detector of cells above their noise: spectrogram rows in, ``CFARHit``s out in row order.
public protocol CellDetector: AnyObject {
    func add(frames: UnsafeBufferPointer<Float>)
    func finish()
    var cellRowsProcessed: Int { get }
}

/// Runs CFAR over a stream of spectrogram rows (linear power per bin, ascending
/// frequency): averages `averagedFrames` frames into each cell row, keeps only the rows
/// the time window needs, and reports every cell above threshold. At the band edges and
/// at the start and end of the recording the window is truncated and α recomputed for the
/// cells actually available, so edges are neither deaf nor trigger-happy.
public final class CFARDetector: CellDetector {
    public let configuration: CFARConfiguration
    public let bins: Int
    /// α by training-cell count, for (configured kind | CA fallback) × (main | extension);
    /// NaN until first needed.
    private var alphaTable: [[Double]]
    /// Raw storage owned by the detector (`let` pointers: no exclusivity checks in the
    /// per-cell loops): the frame accumulator, the ring of cell rows kept for the time
    /// window (row r in slot r % capacity), and the frequency-window layout.
    private let pending: UnsafeMutablePointer<Double>
    private let ring: UnsafeMutablePointer<Double>
    private let layout: UnsafeMutablePointer<Window>
    private var pendingCount = 0
    private let capacity: Int
    private var rowsIn = 0
    private var rowsOut = 0
    private var sorted: [Double] = []
    private let handler: (CFARHit) -> Void
    private let rowDone: (Int) -> Void

    /// Frequency-only CA/GO/SO windows make rows independent: whole batches of rows are then
    /// scanned on `threads` workers (hits are delivered in row order all the same).
    public let threads: Int
    private let fast: Bool
    /// α for every training-cell count, [configured kind, CA fallback] × [main, extension],
    /// precomputed so that workers only read it.
    private var fastAlpha: [Double] = []
    private let maxCells: Int

    public init(
        configuration: CFARConfiguration,
        bins: Int,
        threads: Int = 1,
        onHit: @escaping (CFARHit) -> Void,
        onRowDone: @escaping (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.bins = bins
        self.threads = Parallel.threads(threads)
        fast = configuration.trainingRows == 0 && configuration.kind != .os
        maxCells = 2 * (configuration.trainingBins + configuration.trainingRows)
        capacity = 2 * (configuration.guardRows + configuration.trainingRows) + 2
        pending = .allocate(capacity: bins)
        pending.initialize(repeating: 0, count: bins)
        ring = .allocate(capacity: capacity * bins)
        ring.initialize(repeating: 0, count: capacity * bins)
        layout = .allocate(capacity: bins)
        layout.initialize(
            from: Self.windowLayout(
                bins: bins,
                guard: configuration.guardBins,
                training: configuration.trainingBins,
                stride: configuration.trainingStride
            ),
            count: bins
        )
        let maxCells = 2 * (configuration.trainingBins + configuration.trainingRows) + 1
        alphaTable = [[Double]](repeating: [Double](repeating: .nan, count: maxCells + 1), count: 4)
        handler = onHit
        rowDone = onRowDone
        if fast {
            var table = [Double](repeating: .infinity, count: 4 * (maxCells + 1))
            for n in 1...max(1, maxCells) {
                for (v, (kind, ext)) in [
                    (configuration.kind, false), (CFARKind.ca, false), (configuration.kind, true), (.ca, true),
                ].enumerated() {
                    let pfa = ext ? (configuration.extensionPfa ?? configuration.pfa) : configuration.pfa
                    if ext && configuration.extensionPfa == nil { continue }
                    if (kind == .goca || kind == .soca) && n % 2 == 1 { continue }  // only even windows use GO/SO
                    table[v * (maxCells + 1) + n] = CFARThreshold.alpha(
                        kind: kind,
                        pfa: pfa,
                        trainingCells: n,
                        averaged: configuration.averagedFrames
                    )
                }
            }
            fastAlpha = table
        }
    }

    deinit {
        pending.deallocate()
        ring.deallocate()
        layout.deallocate()
    }

    public var cellRowsProcessed: Int { rowsOut }
    var firstRingRow: Int { max(0, rowsIn - capacity) }

    @inline(__always)
    func alpha(_ n: Int, kind: CFARKind, extension ext: Bool = false) -> Double {
        let variant = (kind == configuration.kind ? 0 : 1) + (ext ? 2 : 0)
        let cached = alphaTable[variant][n]
        if !cached.isNaN { return cached }
        let pfa = ext ? (configuration.extensionPfa ?? configuration.pfa) : configuration.pfa
        let a = CFARThreshold.alpha(
            kind: kind,
            pfa: pfa,
            trainingCells: n,
            averaged: configuration.averagedFrames,
            rank: kind == .os ? min(n, configuration.rank ?? CFARThreshold.defaultRank(n)) : nil
        )
        alphaTable[variant][n] = a
        return a
    }

    @inline(__always)
    func cell(_ row: Int, _ bin: Int) -> Double { ring[(row % capacity) * bins + bin] }

    /// Where each bin's frequency training cells start and stop in the strided prefix
    /// (P) and suffix (Q) sums, computed once: the per-cell work is then a few loads.
    struct Window { var lo = 0, loStop = 0, nLower = 0, hi = 0, hiStop = 0, nUpper = 0 }

    static func windowLayout(bins: Int, guard g: Int, training t: Int, stride s: Int) -> [Window] {
        (0..<bins).map { b in
            var w = Window()
            w.lo = b - g - 1
            if w.lo >= 0 {
                w.nLower = min(t, w.lo / s + 1)
                w.loStop = w.lo - w.nLower * s
            }
            w.hi = b + g + 1
            if w.hi < bins {
                w.nUpper = min(t, (bins - 1 - w.hi) / s + 1)
                w.hiStop = w.hi + w.nUpper * s
            }
            return w
        }
    }

    /// Feeds frames (rows of `bins` values).
    public func add(frames: UnsafeBufferPointer<Float>) {
        if fast {
            addFast(frames: frames)
            return
        }
        let frameCount = frames.count / bins
        let k = configuration.averagedFrames
        let n = bins
        let p = pending
        let ringBase = ring
        let scale = 1 / Double(k)
        for f in 0..<frameCount {
            let base = f * n
            for b in 0..<n { p[b] += Double(frames[base + b]) }
            pendingCount += 1
            if pendingCount == k {
                let row = ringBase + (rowsIn % capacity) * n
                // NaN (a corrupt sample) counts as an empty cell.
                for b in 0..<n {
                    row[b] = p[b] * scale >= 0 ? p[b] * scale : 0
                    p[b] = 0
                }
                pendingCount = 0
                rowsIn += 1
                processReady(final: false)
            }
        }
    }

    /// Processes the remaining rows (a partial last cell row is dropped: it would not have
    /// Gamma(K) statistics).
    public func finish() { if !fast { processReady(final: true) } }

    /// The fast path: average frames into cell rows and scan them, both on the workers (each
    /// takes a contiguous run of rows), then deliver the hits in row order.
    private func addFast(frames: UnsafeBufferPointer<Float>) {
        let n = bins
        let k = configuration.averagedFrames
        let p = pending
        let scale = 1 / Double(k)
        var frameIndex = 0
        let frameCount = frames.count / n
        var results: [[CFARHit]] = []
        let first = rowsIn
        // A cell row left open by the previous call is completed here, serially.
        if pendingCount > 0 {
            while pendingCount < k && frameIndex < frameCount {
                for b in 0..<n { p[b] += Double(frames[frameIndex * n + b]) }
                pendingCount += 1
                frameIndex += 1
            }
            guard pendingCount == k else { return }
            for b in 0..<n { p[b] = p[b] * scale >= 0 ? p[b] * scale : 0 }
            results.append(
                Self.scan(
                    rows: UnsafePointer(p),
                    count: 1,
                    firstRow: first,
                    bins: n,
                    config: configuration,
                    layout: layout,
                    alpha: fastAlpha,
                    maxCells: maxCells,
                    floorFactor: minimumFactor
                )
            )
            for b in 0..<n { p[b] = 0 }
            pendingCount = 0
        }
        let whole = (frameCount - frameIndex) / k
        let carried = results.count
        if whole > 0 {
            let workers = min(threads, max(1, whole / 16))
            let config = configuration
            let maxCells = self.maxCells
            let floorFactor = minimumFactor
            let startFrame = frameIndex
            let firstWhole = first + carried
            // Read-only for the scan: the window layout and the caller's frames.
            nonisolated(unsafe) let layout = self.layout
            nonisolated(unsafe) let input = frames
            let alpha = fastAlpha
            let parts = Parallel.map(workers, threads: workers) { w in
                let part = Parallel.range(part: w, of: workers, count: whole)
                let lo = part.lowerBound
                let hi = part.upperBound
                let rows = UnsafeMutablePointer<Double>.allocate(capacity: (hi - lo) * n)
                defer { rows.deallocate() }
                for r in lo..<hi {
                    let row = rows + (r - lo) * n
                    let f0 = startFrame + r * k
                    for b in 0..<n { row[b] = Double(input[f0 * n + b]) }
                    for f in 1..<max(1, k) {
                        let base = (f0 + f) * n
                        for b in 0..<n { row[b] += Double(input[base + b]) }
                    }
                    for b in 0..<n { row[b] = row[b] * scale >= 0 ? row[b] * scale : 0 }
                }
                return Self.scan(
                    rows: UnsafePointer(rows),
                    count: hi - lo,
                    firstRow: firstWhole + lo,
                    bins: n,
                    config: config,
                    layout: layout,
                    alpha: alpha,
                    maxCells: maxCells,
                    floorFactor: floorFactor
                )
            }
            results.append(contentsOf: parts)
            frameIndex += whole * k
        }
        // Frames left over start the next cell row.
        while frameIndex < frameCount {
            for b in 0..<n { p[b] += Double(frames[frameIndex * n + b]) }
            pendingCount += 1
            frameIndex += 1
        }
        let rowTotal = carried + whole
        var r = first
        for hits in results {
            for h in hits {
                while r < h.row {
                    rowDone(r)
                    r += 1
                }
                handler(h)
            }
        }
        while r < first + rowTotal {
            rowDone(r)
            r += 1
        }
        rowsIn += rowTotal
        rowsOut = rowsIn
    }

    /// Scans `count` independent rows with frequency-only windows; returns hits in order.
    static func scan(
        rows: UnsafePointer<Double>,
        count: Int,
        firstRow: Int,
        bins n0: Int,
        config c: CFARConfiguration,
        layout: UnsafeMutablePointer<Window>,
        alpha: [Double],
        maxCells: Int,
        floorFactor: Double
    ) -> [CFARHit] {
        var hits: [CFARHit] = []
        let P = UnsafeMutablePointer<Double>.allocate(capacity: n0)
        let Q = UnsafeMutablePointer<Double>.allocate(capacity: n0)
        defer {
            P.deallocate()
            Q.deallocate()
        }
        let s = c.trainingStride
        let configuredKind = c.kind
        let stride1 = maxCells + 1
        let hasExtension = c.extensionPfa != nil
        for i in 0..<count {
            let cur = rows + i * n0
            for b in 0..<n0 { P[b] = cur[b] + (b >= s ? P[b - s] : 0) }
            for b in Swift.stride(from: n0 - 1, through: 0, by: -1) { Q[b] = cur[b] + (b + s < n0 ? Q[b + s] : 0) }
            for b in 0..<n0 {
                let w = layout[b]
                let nLower = w.nLower
                let nUpper = w.nUpper
                let sumLower = nLower > 0 ? P[w.lo] - (w.loStop >= 0 ? P[w.loStop] : 0) : 0
                let sumUpper = nUpper > 0 ? Q[w.hi] - (w.hiStop < n0 ? Q[w.hiStop] : 0) : 0
                let n = nLower + nUpper
                guard n > 0 else { continue }
                let x = cur[b]
                let total = sumLower + sumUpper
                var variant = 0
                var estimate: Double
                if configuredKind == .ca {
                    // Reject most cells without a division: x·n ≤ floor·Σ.
                    guard x * Double(n) > floorFactor * total else { continue }
                    estimate = total / Double(n)
                } else if nLower == 0 || nUpper == 0 || nLower != nUpper {
                    variant = 1
                    estimate = total / Double(n)
                    guard x > floorFactor * estimate else { continue }
                } else {
                    let a = sumLower / Double(nLower)
                    let u = sumUpper / Double(nUpper)
                    estimate = configuredKind == .goca ? max(a, u) : min(a, u)
                    guard x > floorFactor * estimate else { continue }
                }
                // The SNR is measured against the estimate that set the threshold.
                if x > alpha[variant * stride1 + n] * estimate {
                    hits.append(CFARHit(row: firstRow + i, bin: b, power: x, noise: estimate))
                } else if hasExtension && x > alpha[(variant + 2) * stride1 + n] * estimate {
                    hits.append(CFARHit(row: firstRow + i, bin: b, power: x, noise: estimate, strong: false))
                }
            }
        }
        return hits
    }

    private func processReady(final: Bool) {
        let reach = configuration.guardRows + configuration.trainingRows
        while rowsOut < rowsIn && (final || rowsIn - 1 - rowsOut >= reach) {
            process(row: rowsOut)
            rowDone(rowsOut)
            rowsOut += 1
        }
    }

    /// A lower bound on every α in use: α falls as the training-cell count grows, so the
    /// smallest is the extension threshold at the full window. Most cells are rejected by
    /// this one comparison, without a table lookup.
    private lazy var minimumFactor: Double = {
        let maxCells = 2 * (configuration.trainingBins + configuration.trainingRows)
        let pfa = configuration.extensionPfa ?? configuration.pfa
        return min(
            CFARThreshold.alpha(kind: .ca, pfa: pfa, trainingCells: maxCells, averaged: configuration.averagedFrames),
            configuration.kind == .ca
                ? .infinity
                : CFARThreshold.alpha(
                    kind: configuration.kind,
                    pfa: pfa,
                    trainingCells: maxCells,
                    averaged: configuration.averagedFrames
                )
        ) * (1 - 1e-12)
    }()

    /// Reports the cell if it is above threshold; its noise power is the estimate that set
    /// the threshold (`noise`: for OS the order statistic turned into a mean power).
    @inline(__always)
    private func report(
        _ r: Int,
        _ b: Int,
        _ power: Double,
        _ n: Int,
        _ kind: CFARKind,
        _ estimate: Double,
        _ noise: Double
    ) {
        if power > alpha(n, kind: kind) * estimate {
            handler(CFARHit(row: r, bin: b, power: power, noise: noise))
        } else if configuration.extensionPfa != nil && power > alpha(n, kind: kind, extension: true) * estimate {
            handler(CFARHit(row: r, bin: b, power: power, noise: noise, strong: false))
        }
    }

    /// The expected rank-th smallest of n unit-mean Gamma(K) cells, ≈ the Gamma quantile at
    /// rank/(n + 1): an OS estimate divided by it estimates the noise mean.
    static func orderStatisticUnit(n: Int, rank: Int, averaged k: Int) -> Double {
        let kk = Double(k)
        return IncompleteGamma.inverseQ(kk, 1 - Double(rank) / Double(n + 1)) / kk
    }

    private func process(row r: Int) {
        let c = configuration
        let cur = Array(UnsafeBufferPointer(start: ring + (r % capacity) * bins, count: bins))
        let s = c.trainingStride
        var lower: [Double] = []
        var upper: [Double] = []
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
                if r - off >= 0 && r - off >= firstRingRow { lower.append(cell(r - off, b)) }
                if r + off < rowsIn { upper.append(cell(r + off, b)) }
            }
            let n = lower.count + upper.count
            guard n > 0 else { continue }
            let sumLower = lower.reduce(0, +)
            let sumUpper = upper.reduce(0, +)
            let mean = (sumLower + sumUpper) / Double(n)
            var kind = c.kind
            var estimate: Double
            var noise: Double
            var cells = n
            switch c.kind {
            case .ca:
                estimate = mean
                noise = mean
            case .goca, .soca:
                if lower.isEmpty || upper.isEmpty || lower.count != upper.count {
                    // One side cut off by an edge: the remaining cells, averaged.
                    kind = .ca
                    estimate = mean
                } else {
                    let a = sumLower / Double(lower.count)
                    let bMean = sumUpper / Double(upper.count)
                    estimate = c.kind == .goca ? max(a, bMean) : min(a, bMean)
                }
                noise = estimate
            case .os:
                sorted.removeAll(keepingCapacity: true)
                sorted.append(contentsOf: lower)
                sorted.append(contentsOf: upper)
                sorted.sort()
                let rank = min(n, c.rank ?? CFARThreshold.defaultRank(n))
                estimate = sorted[rank - 1]
                noise = estimate / Self.orderStatisticUnit(n: n, rank: rank, averaged: c.averagedFrames)
                cells = n
            }
            report(r, b, cur[b], cells, kind, estimate, noise)
        }
    }
}
