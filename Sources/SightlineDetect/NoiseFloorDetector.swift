import SightlineCore
import SightlineRF

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the noise-floor detector estimates the noise under each cell.
///
/// Real captures break a detector that takes its noise estimate from neighbouring bins: a
/// digital channel filter leaves in-band noise tens of dB above the stopband, a strong
/// carrier one channel away sits in the training cells of a weak burst beside it, and a
/// receiver's band-edge roll-off is a slope, not a floor. This detector estimates the noise
/// **per bin, over time**, as an order statistic of the bin's own cells (minimum-statistics
/// noise tracking: R. Martin, "Noise power spectral density estimation based on optimal
/// smoothing and minimum statistics", IEEE Trans. Speech Audio Process. 9(5), 2001; and
/// OS-CFAR along time: H. Rohling, "Radar CFAR thresholding in clutter and multiple target
/// situations", IEEE Trans. AES 19(4), 1983), so every bin is compared with its own floor
/// whatever the filter's shape, and a burst is compared with the floor of its own bins, not
/// with a neighbour's carrier.
///
/// A signal that is on for the whole window is its own floor; to find continuous carriers
/// and jammers the per-bin floor is itself compared across frequency with its lower
/// envelope (a morphological opening, which follows slopes such as a roll-off but removes
/// bumps narrower than the opening): bins whose floor stands `stationaryDB` or more above
/// that envelope are a *stationary emission* and their cells are tested against the
/// envelope instead. A stationary bump standing more than `passbandDB` above the envelope
/// is taken for what it is in a channel-filtered capture — the receiver's own passband over
/// a digital stopband, whose noise no over-the-air emission explains — and its bins keep
/// their own floor.
public struct NoiseFloorConfiguration: Sendable, Equatable {
    /// Per-cell false-alarm probability against noise (exact for independent Gamma(K)
    /// cells: the threshold factor is the OS-CFAR one for the window's rank and size).
    public var pfa: Double
    /// Hysteresis: cells above the threshold for this higher Pfa extend a region but never
    /// start one (nil: none).
    public var extensionPfa: Double?
    /// Frames averaged into one cell (Gamma(K) statistics).
    public var averagedFrames: Int
    /// The order statistic used as the floor, as a fraction of the window's cells: 0.25
    /// keeps the estimate on noise while up to three quarters of a bin's cells hold bursts.
    public var quantile: Double
    /// The floor is taken over blocks of this many seconds of cell rows (the last, partial
    /// block over the last whole block's worth of rows).
    public var blockSeconds: Double
    /// At least this many cell rows per block (short files: one window of every row).
    public var minimumBlockRows: Int
    /// A bin whose floor stands this far above the floor's lower envelope is a stationary
    /// emission (a carrier, a jammer) tested against the envelope.
    public var stationaryDB: Double
    /// A stationary emission extends over the neighbouring bins whose floor stands this
    /// far above the envelope.
    public var stationaryExtensionDB: Double
    /// …unless its bump stands more than this above the envelope: then it is the passband
    /// of a digital channel filter (a real capture's stopband is 60–100 dB down; no
    /// continuous emission in the captures this was checked on stands more than 40 dB up).
    public var passbandDB: Double
    /// Width (each side) of the opening that gives the floor's lower envelope: a stationary
    /// emission narrower than about twice this is found whole (1 MHz: GSM carriers, C6's
    /// 1.6 MHz barrage); a wider one (a WCDMA or LTE carrier, a wider barrage) shows only
    /// its edges unless this is raised. Measured on the 4 MS/s real band, 5 MHz is too
    /// wide: the floor's own 10 dB tilt across that band then joins two carriers and the
    /// noise between them into one stationary region. A roll-off falling towards the band
    /// edges is followed whatever the width.
    public var openingHz: Double
    /// Stationary emissions are looked for only in the central fraction of the band: a
    /// receiver's decimation filters roll off and alias in the outer part (Ettus Research
    /// put the usable bandwidth of their halfband-decimated USRPs at about 80 % of the
    /// sample rate; 85 % here). Bursts are detected across the whole band.
    public var usableFraction: Double

    public init(
        pfa: Double = 1e-6,
        extensionPfa: Double? = 1e-2,
        averagedFrames: Int = 2,
        quantile: Double = 0.25,
        blockSeconds: Double = 0.030,
        minimumBlockRows: Int = 32,
        stationaryDB: Double = 15,
        stationaryExtensionDB: Double = 6,
        passbandDB: Double = 50,
        openingHz: Double = 1e6,
        usableFraction: Double = 0.85
    ) {
        self.pfa = pfa
        self.extensionPfa = extensionPfa.map { max($0, pfa) }
        self.averagedFrames = averagedFrames
        self.quantile = quantile
        self.blockSeconds = blockSeconds
        self.minimumBlockRows = minimumBlockRows
        self.stationaryDB = stationaryDB
        self.stationaryExtensionDB = min(stationaryExtensionDB, stationaryDB)
        self.passbandDB = passbandDB
        self.openingHz = openingHz
        self.usableFraction = usableFraction
    }

    public func validate(location: String) throws {
        func bad(_ field: String, _ message: String, _ fix: String) -> SightlineError {
            SightlineError(.invalidValue, location: location, field: field, message: message, fix: fix)
        }
        guard pfa > 0 && pfa < 1 else { throw bad("pfa", "\(pfa) is not a probability in (0, 1)", "e.g. `pfa` 1e-6") }
        guard (1...1024).contains(averagedFrames) else {
            throw bad("average-frames", "\(averagedFrames) is out of range", "use 1 to 1024")
        }
        guard quantile > 0 && quantile < 1 else {
            throw bad("floor-quantile", "\(quantile) is not in (0, 1)", "e.g. 0.25")
        }
        guard blockSeconds > 0 && blockSeconds.isFinite && blockSeconds <= 10 else {
            throw bad("floor-block-s", "\(blockSeconds) is out of range", "give 1e-4 to 10 s, e.g. 0.01")
        }
        guard (1...100_000).contains(minimumBlockRows) else {
            throw bad("floor-block-rows", "out of range", "use 1 to 100000")
        }
        guard stationaryDB.isFinite && stationaryDB > 0 && passbandDB.isFinite && passbandDB > stationaryDB else {
            throw bad("stationary-db", "needs 0 < stationary < passband (dB)", "e.g. 15 and 50")
        }
        guard openingHz > 0 && openingHz.isFinite else {
            throw bad("opening-hz", "\(openingHz) is not a positive width", "e.g. 1e6")
        }
        guard usableFraction > 0 && usableFraction <= 1 else {
            throw bad("usable-band", "\(usableFraction) is not in (0, 1]", "e.g. 0.85")
        }
    }
}

/// The noise-floor detector: per-bin order-statistic floors over blocks of cell rows, a
/// stationary-emission test across frequency, and exact OS-CFAR thresholds. Rows stream
/// in; each block is tested when it is complete (memory of two blocks: the last, partial
/// one borrows the rows before it), and hits are delivered in row order. `onRowDone(r)`
/// says that no hit at row r or before is still to come: it follows every row with hits
/// and precedes the first hit after a quiet stretch, but is not repeated for each quiet
/// row (count rows with ``cellRowsProcessed``).
public final class NoiseFloorDetector: CellDetector {
    public let configuration: NoiseFloorConfiguration
    public let bins: Int
    public let binHz: Double
    public let threads: Int
    /// Cell rows per block.
    public let blockRows: Int
    private let handler: (CFARHit) -> Void
    private let rowDone: (Int) -> Void
    /// Two blocks of cell rows (block j in slot j % 2), Float like the spectrogram.
    private let store: UnsafeMutablePointer<Float>
    private let pending: UnsafeMutablePointer<Double>
    private var pendingCount = 0
    private var rowsIn = 0
    private var rowsOut = 0
    /// Threshold factors by window size: [main, extension] and the order statistic's
    /// expected value per unit noise mean (to turn the floor into a noise power).
    private var factors: [Int: (main: Double, ext: Double, unit: Double)] = [:]
    /// The previous block's floor: the next one is near it, which makes its selection cheap.
    private var lastFloor: [Double] = []
    /// What the last block found: bins tested as stationary emissions, and bins in a
    /// receiver passband (for the parameters and for tests).
    public private(set) var stationaryBins: Set<Int> = []
    public private(set) var passbandBins: Set<Int> = []

    public init(
        configuration: NoiseFloorConfiguration,
        bins: Int,
        binHz: Double,
        rowSeconds: Double,
        threads: Int = 1,
        onHit: @escaping (CFARHit) -> Void,
        onRowDone: @escaping (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.bins = bins
        self.binHz = binHz
        self.threads = Parallel.threads(threads)
        let wanted = rowSeconds > 0 ? (configuration.blockSeconds / rowSeconds).rounded(.up) : 1
        // Two blocks of rows in memory: at most 2²² cells (16 MiB) whatever the nfft.
        let memoryCap = max(1, (1 << 22) / (2 * max(1, bins)))
        blockRows = max(
            1,
            min(memoryCap, max(configuration.minimumBlockRows, wanted.isFinite ? Int(min(wanted, 1e6)) : 1))
        )
        handler = onHit
        rowDone = onRowDone
        store = .allocate(capacity: 2 * blockRows * bins)
        store.initialize(repeating: 0, count: 2 * blockRows * bins)
        pending = .allocate(capacity: bins)
        pending.initialize(repeating: 0, count: bins)
    }

    deinit {
        store.deallocate()
        pending.deallocate()
    }

    public var cellRowsProcessed: Int { rowsOut }

    @inline(__always) private func row(_ r: Int) -> UnsafeMutablePointer<Float> {
        store + (((r / blockRows) % 2) * blockRows + r % blockRows) * bins
    }

    public func add(frames: UnsafeBufferPointer<Float>) {
        let n = bins
        let k = configuration.averagedFrames
        let p = pending
        let frameCount = frames.count / n
        let scale = 1 / Double(k)
        let scaleF = Float(scale)
        guard let input = frames.baseAddress else { return }
        var f = 0
        while f < frameCount {
            if pendingCount == 0 && frameCount - f >= k {
                // A whole cell row from this call's frames: summed straight into the ring
                // (K ≤ 1024 terms of like size: Float keeps 2⁻²⁴ relative per term).
                let out = row(rowsIn)
                let first = input + f * n
                for b in 0..<n { out[b] = first[b] }
                for j in 1..<max(1, k) {
                    let next = input + (f + j) * n
                    for b in 0..<n { out[b] += next[b] }
                }
                if k > 1 { for b in 0..<n { out[b] *= scaleF } }
                Self.sanitize(out, n)
                f += k
            } else {
                // A cell row split between calls: accumulated apart.
                for b in 0..<n { p[b] += Double(input[f * n + b]) }
                pendingCount += 1
                f += 1
                guard pendingCount == k else { continue }
                let out = row(rowsIn)
                for b in 0..<n {
                    out[b] = Float(p[b] * scale)
                    p[b] = 0
                }
                Self.sanitize(out, n)
                pendingCount = 0
            }
            rowsIn += 1
            if rowsIn % blockRows == 0 { process(block: rowsIn / blockRows - 1) }
        }
    }

    /// A cell that is not a power (NaN from a corrupt sample) counts as empty, so that order
    /// statistics and comparisons stay well defined; +∞ stays (it is a strong cell).
    @inline(__always)
    static func sanitize(_ row: UnsafeMutablePointer<Float>, _ n: Int) {
        for b in 0..<n where !(row[b] >= 0) { row[b] = 0 }
    }

    /// Tests the blocks still waiting (a partial last cell row is dropped: it would not
    /// have Gamma(K) statistics).
    public func finish() {
        while rowsOut < rowsIn { process(block: rowsOut / blockRows) }
    }

    /// Threshold factors for a window of `n` cells with the floor at rank `rank`.
    private func factor(n: Int, rank: Int) -> (main: Double, ext: Double, unit: Double) {
        if let f = factors[n] { return f }
        let c = configuration
        let main = CFARThreshold.cachedAlpha(
            kind: .os,
            pfa: c.pfa,
            trainingCells: n,
            averaged: c.averagedFrames,
            rank: rank
        )
        let ext =
            c.extensionPfa.map {
                CFARThreshold.cachedAlpha(kind: .os, pfa: $0, trainingCells: n, averaged: c.averagedFrames, rank: rank)
            } ?? .infinity
        let f = (main, ext, CFARDetector.orderStatisticUnit(n: n, rank: rank, averaged: c.averagedFrames))
        factors[n] = f
        return f
    }

    private func process(block j: Int) {
        let firstRow = j * blockRows
        let lastRow = min(rowsIn, firstRow + blockRows)
        guard lastRow > firstRow else { return }
        // The block's own rows; a partial last block also takes the rows before it, up to a
        // whole block's worth (they are still in the ring).
        let windowFirst = max(0, lastRow - blockRows)
        let windowLast = lastRow
        let n = windowLast - windowFirst
        let c = configuration
        let rank = min(n, max(1, Int((c.quantile * Double(n)).rounded(.up))))
        let (alphaMain, alphaExt, unit) = factor(n: n, rank: rank)
        let nb = bins
        // 1. The floor of every bin: the rank-th smallest of its n cells (bins split between
        //    the workers).
        // The ring's rows, read-only while the workers select.
        nonisolated(unsafe) let rowPointers = (windowFirst..<windowLast).map { self.row($0) }
        let previous = lastFloor.count == nb ? lastFloor : []
        let workers = n * nb >= 1 << 20 ? min(threads, nb) : 1
        let floor = Parallel.map(workers, threads: workers) { w in
            // Sixteen bins at a time: each row's cache line is read once for all of them.
            let group = 16
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: n * group)
            defer { scratch.deallocate() }
            let bins = Parallel.range(part: w, of: workers, count: nb)
            var part = [Double](repeating: 0, count: bins.count)
            var b0 = bins.lowerBound
            while b0 < bins.upperBound {
                let width = min(group, bins.upperBound - b0)
                for (i, r) in rowPointers.enumerated() {
                    let source = r + b0
                    for g in 0..<width { scratch[g * n + i] = source[g] }
                }
                for g in 0..<width {
                    let b = b0 + g
                    part[b - bins.lowerBound] = Double(
                        Self.select(
                            scratch + g * n,
                            count: n,
                            rank: rank - 1,
                            near: previous.isEmpty ? nil : Float(previous[b])
                        )
                    )
                }
                b0 += width
            }
            return part
        }.flatMap { $0 }
        lastFloor = floor
        // 2. Its lower envelope across frequency, and the stationary emissions above it.
        let h = max(1, Int(min(Double(nb), (c.openingHz / binHz).rounded(.up))))
        let envelope = Self.opening(floor, halfWidth: h)
        let stationaryRatio = Decibels.toPowerRatio(c.stationaryDB)
        let passbandRatio = Decibels.toPowerRatio(c.passbandDB)
        let usableHalf = c.usableFraction * Double(nb) / 2
        // Seeds stand `stationaryDB` up; a seed's run grows over neighbours standing
        // `stationaryExtensionDB` up (hysteresis, so a jammer's or carrier's skirts belong
        // to it and a wide flat jammer near the seed level is found whole).
        var stationary = [Bool](repeating: false, count: nb)
        let extensionRatio = Decibels.toPowerRatio(c.stationaryExtensionDB)
        let usable = { (b: Int) in abs(Double(b) - Double(nb / 2)) <= usableHalf }
        var candidate = [Bool](repeating: false, count: nb)
        for b in 0..<nb where usable(b) { candidate[b] = floor[b] > extensionRatio * envelope[b] }
        var runStart = 0
        while runStart < nb {
            guard candidate[runStart] else {
                runStart += 1
                continue
            }
            var runEnd = runStart
            var seeded = false
            while runEnd < nb && candidate[runEnd] {
                seeded = seeded || floor[runEnd] > stationaryRatio * envelope[runEnd]
                runEnd += 1
            }
            if seeded { for i in runStart..<runEnd { stationary[i] = true } }
            runStart = runEnd
        }
        var passband: Set<Int> = []
        var b = 0
        while b < nb {
            guard stationary[b] else {
                b += 1
                continue
            }
            var e = b
            var peak = 0.0
            while e < nb && stationary[e] {
                peak = max(peak, envelope[e] > 0 ? floor[e] / envelope[e] : .infinity)
                e += 1
            }
            if peak > passbandRatio {
                for i in b..<e {
                    stationary[i] = false
                    passband.insert(i)
                }
            }
            b = e
        }
        stationaryBins = Set((0..<nb).filter { stationary[$0] })
        passbandBins = passband
        // 3. Thresholds per bin, and the noise power behind them (for the SNR).
        var main = [Float](repeating: .infinity, count: nb)
        var ext = [Float](repeating: .infinity, count: nb)
        var noise = [Double](repeating: 0, count: nb)
        for b in 0..<nb {
            let reference = stationary[b] ? envelope[b] : floor[b]
            main[b] = Float(min(Double(Float.greatestFiniteMagnitude), alphaMain * reference))
            ext[b] = Float(min(Double(Float.greatestFiniteMagnitude), alphaExt * reference))
            noise[b] = reference / unit
        }
        // 4. The cells of this block against them, in row order. A row is reported done
        //    only where it matters — after a row with hits, and before the next hit after a
        //    quiet stretch — which closes the same regions at the same rows as reporting
        //    every row (closing depends only on the rows since a region's last hit).
        var done = firstRow - 1
        ext.withUnsafeBufferPointer { ext in
            main.withUnsafeBufferPointer { main in
                for r in firstRow..<lastRow {
                    let x = row(r)
                    var any = false
                    for b in 0..<nb {
                        let v = x[b]
                        guard v > ext[b] || v > main[b] else { continue }
                        if !any {
                            any = true
                            if done < r - 1 { rowDone(r - 1) }
                        }
                        handler(
                            CFARHit(
                                row: r,
                                bin: b,
                                power: Double(v),
                                noise: noise[b],
                                strong: v > main[b],
                                stationary: stationary[b]
                            )
                        )
                    }
                    if any {
                        rowDone(r)
                        done = r
                    }
                }
            }
        }
        if done < lastRow - 1 { rowDone(lastRow - 1) }
        rowsOut = lastRow
    }

    /// Bucket edges around a guess of the order statistic, as fractions of it: the floor of
    /// one block and the next differ by a few per cent on noise, so the rank usually falls
    /// in one of the narrow middle buckets.
    static let bucketEdges = SIMD8<Float>(0.5, 0.7, 0.85, 0.95, 1.05, 1.18, 1.4, 2.0)

    /// The `rank`-th smallest (0-based) of `count` values, given a guess of it (the
    /// previous block's floor), reordering them. One branch-free pass counts the values in
    /// nine buckets around the guess, a second gathers the bucket holding the rank, and
    /// Hoare's selection runs on that bucket alone. Exact whatever the guess; fast when it
    /// is close (data-dependent branches, which a three-way partition takes on every
    /// value, are what a selection over noise spends its time on).
    static func select(_ a: UnsafeMutablePointer<Float>, count: Int, rank: Int, near guess: Float?) -> Float {
        guard let guess, guess > 0, guess.isFinite, count >= 64 else { return select(a, count: count, rank: rank) }
        let edges = bucketEdges * guess
        let ones = SIMD8<Int32>(repeating: 1)
        let zeros = SIMD8<Int32>()
        @inline(__always) func bucket(_ v: Float) -> Int {
            let mask: SIMDMask<SIMD8<Int32>.MaskStorage> = SIMD8<Float>(repeating: v) .>= edges
            return Int(zeros.replacing(with: ones, where: mask).wrappedSum())
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { codes in
            var histogram: (Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &histogram) { raw in
                let counts = raw.bindMemory(to: Int.self)
                for i in 0..<count {
                    let b = bucket(a[i])
                    codes[i] = UInt8(truncatingIfNeeded: b)
                    counts[b] &+= 1
                }
            }
            let counts = withUnsafeBytes(of: histogram) { Array($0.bindMemory(to: Int.self)) }
            var below = 0
            var target = 0
            while target < 8 && below + counts[target] <= rank {
                below += counts[target]
                target += 1
            }
            // Gather the target bucket's values to the front (a[m] with m ≤ i: safe in place).
            let code = UInt8(target)
            var m = 0
            for i in 0..<count {
                a[m] = a[i]
                m &+= codes[i] == code ? 1 : 0
            }
            return select(a, count: m, rank: rank - below)
        }
    }

    /// The `rank`-th smallest (0-based) of `count` values, reordering them (Hoare's
    /// selection with a median-of-three pivot; linear on average).
    static func select(_ a: UnsafeMutablePointer<Float>, count: Int, rank: Int) -> Float {
        var lo = 0
        var hi = count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { swap(&a[mid], &a[lo]) }
            if a[hi] < a[lo] { swap(&a[hi], &a[lo]) }
            if a[hi] < a[mid] { swap(&a[hi], &a[mid]) }
            let pivot = a[mid]
            var i = lo
            var j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    swap(&a[i], &a[j])
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return a[rank] }
        }
        return a[rank]
    }

    /// Morphological opening (erosion then dilation with a flat element of ±`halfWidth`,
    /// truncated at the edges), by the van Herk / Gil–Werman running min and max: O(n)
    /// whatever the width. It follows a monotone slope exactly — and at the band edges a
    /// floor that falls towards them (a roll-off); one that rises towards an edge is
    /// something there, and stands above the envelope — and removes every bump narrower
    /// than the element.
    static func opening(_ x: [Double], halfWidth h: Int) -> [Double] {
        dilate(erode(x, h), h)
    }

    static func erode(_ x: [Double], _ h: Int) -> [Double] { running(x, h, Swift.min) }
    static func dilate(_ x: [Double], _ h: Int) -> [Double] { running(x, h, Swift.max) }

    /// out[i] = op over x[i − h … i + h] (clipped to the array).
    static func running(_ x: [Double], _ h: Int, _ op: (Double, Double) -> Double) -> [Double] {
        let n = x.count
        guard n > 0 else { return [] }
        let w = 2 * h + 1
        var prefix = x
        var suffix = x
        for i in 0..<n where i % w != 0 { prefix[i] = op(prefix[i - 1], x[i]) }
        for i in stride(from: n - 2, through: 0, by: -1) where (i + 1) % w != 0 { suffix[i] = op(suffix[i + 1], x[i]) }
        var out = x
        for i in 0..<n {
            let lo = max(0, i - h)
            let hi = min(n - 1, i + h)
            // [lo, hi] spans at most two blocks of w: the suffix of lo's block and the prefix
            // of hi's. Within one block, either lo starts it or hi ends the array.
            if lo / w == hi / w {
                out[i] = lo % w == 0 ? prefix[hi] : suffix[lo]
            } else {
                out[i] = op(suffix[lo], prefix[hi])
            }
        }
        return out
    }
}
