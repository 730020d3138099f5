import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Joins CFAR hits into connected regions as rows stream past, in bounded memory: a
/// region stays open while hits keep touching it (within `mergeBins` in frequency and
/// `mergeRows` in time) and is emitted as a ``Detection`` once it can no longer grow.
public final class RegionTracker {
    public struct Geometry: Sendable {
        /// Absolute frequency of bin 0 and the bin width.
        public var firstBinHz: Double
        public var binHz: Double
        /// Duration of one cell row and the time of row 0's start.
        public var rowSeconds: Double
        public var startSeconds: Double = 0
        public init(firstBinHz: Double, binHz: Double, rowSeconds: Double) {
            self.firstBinHz = firstBinHz
            self.binHz = binHz
            self.rowSeconds = rowSeconds
        }
    }

    final class Region {
        var firstRow: Int
        var lastRow: Int
        var minBin: Int
        var maxBin: Int
        var weightSum = 0.0
        var weightedBin = 0.0
        var weightedBinSquared = 0.0
        var snrSum = 0.0
        var peak = 0.0
        var cells = 0
        /// Signal energy Σ(P − N̂) per row, for the edge-fraction estimate.
        var rowEnergy: [Int: Double] = [:]
        /// Frequency extent of the cells above the main threshold (weak extension cells
        /// widen a region into the modulation's skirts; the bandwidth reported is this).
        var strongMin = Int.max
        var strongMax = Int.min
        var stationary = false
        init(_ h: CFARHit) {
            stationary = h.stationary
            firstRow = h.row
            lastRow = h.row
            minBin = h.bin
            maxBin = h.bin
            add(h)
        }
        func add(_ h: CFARHit) {
            lastRow = max(lastRow, h.row)
            firstRow = min(firstRow, h.row)
            minBin = min(minBin, h.bin)
            maxBin = max(maxBin, h.bin)
            // Clamped so that a cell of infinite power (a corrupt sample) keeps every sum,
            // centroid and width finite.
            let snr = min(1e30, max(0, h.power / h.noise - 1))
            let w = min(1e30, max(0, h.power - h.noise))
            weightSum += w
            weightedBin += w * Double(h.bin)
            weightedBinSquared += w * Double(h.bin) * Double(h.bin)
            rowEnergy[h.row, default: 0] += w
            if h.strong {
                strongMin = min(strongMin, h.bin)
                strongMax = max(strongMax, h.bin)
            }
            snrSum += snr
            peak = max(peak, snr)
            cells += 1
        }
        func absorb(_ o: Region) {
            firstRow = min(firstRow, o.firstRow)
            lastRow = max(lastRow, o.lastRow)
            minBin = min(minBin, o.minBin)
            maxBin = max(maxBin, o.maxBin)
            weightSum += o.weightSum
            weightedBin += o.weightedBin
            snrSum += o.snrSum
            weightedBinSquared += o.weightedBinSquared
            rowEnergy.merge(o.rowEnergy, uniquingKeysWith: +)
            strongMin = min(strongMin, o.strongMin)
            strongMax = max(strongMax, o.strongMax)
            peak = max(peak, o.peak)
            cells += o.cells
        }
    }

    public let geometry: Geometry
    public let mergeBins: Int
    public let mergeRows: Int
    public let minimumRows: Int
    private var open: [Region] = []
    private let emit: (Detection) -> Void

    public init(
        geometry: Geometry,
        mergeBins: Int = 2,
        mergeRows: Int = 2,
        minimumRows: Int = 3,
        emit: @escaping (Detection) -> Void
    ) {
        self.geometry = geometry
        self.mergeBins = mergeBins
        self.mergeRows = mergeRows
        self.minimumRows = minimumRows
        self.emit = emit
    }

    /// Weak hits of the last few rows that touched no region yet (a region starting later
    /// may reach back to them).
    private var pendingWeak: [CFARHit] = []

    public func add(_ h: CFARHit) {
        if !h.strong {
            // A weak cell only extends a region it touches directly.
            if let r = open.first(where: {
                h.row - $0.lastRow <= 1 && h.row >= $0.firstRow - 1
                    && h.bin >= $0.minBin - 1 && h.bin <= $0.maxBin + 1
            }) {
                r.add(h)
            } else {
                pendingWeak.append(h)
            }
            return
        }
        addStrong(h)
    }

    private func addStrong(_ h: CFARHit) {
        var joined: Region?
        var i = 0
        while i < open.count {
            let r = open[i]
            let touches =
                h.row - r.lastRow <= mergeRows + 1 && h.bin >= r.minBin - mergeBins - 1
                && h.bin <= r.maxBin + mergeBins + 1
            if touches {
                if let j = joined {
                    j.absorb(r)
                    open.remove(at: i)
                    continue
                }
                r.add(h)
                joined = r
            }
            i += 1
        }
        let region = joined ?? Region(h)
        if joined == nil { open.append(region) }
        // Reach back: pending weak cells touching the region join it, transitively.
        var grew = true
        while grew && !pendingWeak.isEmpty {
            grew = false
            pendingWeak.removeAll { w in
                let touches =
                    w.row >= region.firstRow - 1 && w.row <= region.lastRow + 1
                    && w.bin >= region.minBin - 1 && w.bin <= region.maxBin + 1
                if touches {
                    region.add(w)
                    grew = true
                }
                return touches
            }
        }
    }

    /// Closes regions that row `row` (now complete) can no longer extend.
    public func rowDone(_ row: Int) {
        if open.isEmpty && pendingWeak.isEmpty { return }
        if let oldest = pendingWeak.first, row - oldest.row > mergeRows + 2 {
            pendingWeak.removeAll { row - $0.row > mergeRows + 2 }
        }
        var i = 0
        while i < open.count {
            if row - open[i].lastRow > mergeRows {
                close(open.remove(at: i))
            } else {
                i += 1
            }
        }
    }

    public func finish() {
        for r in open { close(r) }
        open.removeAll()
    }

    /// The energy-weighted RMS width, as the width of a flat band with the same spread
    /// (√12·σ; a barrage of width B reads B, GMSK about 0.65·R_b ≈ 175 kHz), and never less
    /// than one bin.
    func bandwidthBins(_ r: Region) -> Double {
        guard r.weightSum > 0 else { return Double(r.maxBin - r.minBin + 1) }
        let mean = r.weightedBin / r.weightSum
        let variance = max(0, r.weightedBinSquared / r.weightSum - mean * mean)
        return max(1, (12 * variance).squareRoot())
    }

    private func close(_ r: Region) {
        let rows = r.lastRow - r.firstRow + 1
        guard rows >= minimumRows else { return }
        let g = geometry
        let centroid = r.weightSum > 0 ? r.weightedBin / r.weightSum : Double(r.minBin + r.maxBin) / 2
        // The core: from the first to the last row holding at least a tenth of the median
        // row's energy. A strong burst's switching splatter lifts far-off bins (a channel
        // filter's stopband, tens of dB below the burst) above their floor a few rows
        // before and after the burst itself; those rows carry almost none of its energy.
        let energies = (r.firstRow...r.lastRow).map { r.rowEnergy[$0] ?? 0 }
        let median = Statistics.median(energies)
        let first = r.firstRow + (energies.firstIndex { $0 >= 0.1 * median } ?? 0)
        let last = r.firstRow + (energies.lastIndex { $0 >= 0.1 * median } ?? (rows - 1))
        // The minimum duration applies to the core: a single strong cell padded by weak
        // neighbours is not a burst.
        guard last - first + 1 >= minimumRows else { return }
        // Edge refinement: a burst that starts (ends) inside its first (last) cell row puts
        // only that fraction of a full row's energy there, so the edge moves in by the rest.
        var start = Double(first)
        var end = Double(last + 1)
        if last - first + 1 >= 3 {
            let interior = (first + 1)...(last - 1)
            let full = interior.reduce(0.0) { $0 + (r.rowEnergy[$1] ?? 0) } / Double(interior.count)
            if full > 0 {
                start += 1 - min(1, (r.rowEnergy[first] ?? 0) / full)
                end -= 1 - min(1, (r.rowEnergy[last] ?? 0) / full)
            }
        }
        // …and to the measured duration: a strong cell or two with weak neighbours (noise
        // where a bin holds another bin's leakage, whose frames are correlated and whose
        // tail is heavier than Gamma(K)) measures far shorter than the rows it touches.
        guard end - start >= Double(minimumRows) - 1 else { return }
        emit(
            Detection(
                startSeconds: g.startSeconds + start * g.rowSeconds,
                durationSeconds: (end - start) * g.rowSeconds,
                frequencyHz: g.firstBinHz + centroid * g.binHz,
                bandwidthHz: bandwidthBins(r) * g.binHz,
                snrDB: Decibels.fromPowerRatio(max(r.snrSum / Double(r.cells), 1e-12)),
                peakSNRdB: Decibels.fromPowerRatio(max(r.peak, 1e-12)),
                cells: r.cells,
                stationary: r.stationary
            )
        )
    }
}
