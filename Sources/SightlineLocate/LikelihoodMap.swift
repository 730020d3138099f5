import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A grid of the bearing likelihood over the plane, for few or ambiguous bearings (where a
/// point fix hides that the emitter could be anywhere along a line): at each cell,
/// L = Σᵢ log N(wrap(θᵢ − θᵢ(cell)); 0, σᵢ²), normalised so the cells sum to 1. Bearings
/// that point away from a cell (more than 90° off) count as a miss with a fixed outlier
/// floor, so one wild bearing cannot zero the whole map.
public struct LikelihoodMap: Sendable {
    public let eastRange: ClosedRange<Double>
    public let northRange: ClosedRange<Double>
    public let columns: Int
    public let rows: Int
    /// Probability per cell, row-major from the south-west corner.
    public let probabilities: [Double]

    public init(bearings: [BearingObservation], eastRange: ClosedRange<Double>, northRange: ClosedRange<Double>,
                columns: Int = 200, rows: Int = 200, outlierProbability: Double = 0.02) {
        self.eastRange = eastRange
        self.northRange = northRange
        self.columns = columns
        self.rows = rows
        var logL = [Double](repeating: 0, count: columns * rows)
        for r in 0..<rows {
            let n = northRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (northRange.upperBound - northRange.lowerBound)
            for c in 0..<columns {
                let e = eastRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (eastRange.upperBound - eastRange.lowerBound)
                var total = 0.0
                for b in bearings {
                    let predicted = atan2(e - b.eastMeters, n - b.northMeters) * 180 / .pi
                    let error = remainder(b.azimuthDegrees - predicted, 360)
                    let sigma = b.sigmaDegrees
                    let logGaussian = -0.5 * error * error / (sigma * sigma) - log(sigma * (2 * Double.pi).squareRoot())
                    // In the log domain when there is no floor, so a region far off every
                    // bearing still has a finite (if tiny) likelihood and a defined mode.
                    total += outlierProbability > 0 ? log((1 - outlierProbability) * exp(logGaussian) + outlierProbability / 360) : logGaussian
                }
                logL[r * columns + c] = total
            }
        }
        let peak = logL.max() ?? 0
        let weights = logL.map { exp($0 - peak) }
        let sum = weights.reduce(0, +)
        probabilities = weights.map { $0 / sum }
    }

    /// The most likely cell's centre.
    public var mode: (east: Double, north: Double) {
        let i = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        let r = i / columns, c = i % columns
        return (eastRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (eastRange.upperBound - eastRange.lowerBound),
                northRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (northRange.upperBound - northRange.lowerBound))
    }
}

extension LikelihoodMap {
    /// The grid's cell centres along each axis.
    public func cellCentre(column c: Int, row r: Int) -> (east: Double, north: Double) {
        (eastRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (eastRange.upperBound - eastRange.lowerBound),
         northRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (northRange.upperBound - northRange.lowerBound))
    }

    /// The posterior mean and covariance over the grid (a flat prior over the region): the
    /// minimum-mean-square-error fix, and an honest spread even when the bearings are too
    /// few or too parallel for a point fix (then the spread runs along the bearing line and
    /// is bounded only by the region). Resolution: the covariance cannot be smaller than a
    /// cell's (Δ²/12 per axis), so keep cells well under the expected error.
    public func posterior() -> PositionFix {
        var me = 0.0, mn = 0.0
        for r in 0..<rows { for c in 0..<columns {
            let p = probabilities[r * columns + c], x = cellCentre(column: c, row: r)
            me += p * x.east; mn += p * x.north
        } }
        var see = 0.0, snn = 0.0, sen = 0.0
        for r in 0..<rows { for c in 0..<columns {
            let p = probabilities[r * columns + c], x = cellCentre(column: c, row: r)
            see += p * (x.east - me) * (x.east - me); snn += p * (x.north - mn) * (x.north - mn); sen += p * (x.east - me) * (x.north - mn)
        } }
        return PositionFix(eastMeters: me, northMeters: mn, covariance: [[see, sen], [sen, snn]])
    }
}

extension BearingLocalizer {
    /// Outlier-robust fix: every pair of bearings proposes an intersection (an exhaustive
    /// RANSAC, fine for the handful of bearings a patrol takes); the proposal that most
    /// bearings agree with — residual within 3σ — wins, and the ML fix is computed from
    /// those bearings alone. A reflection or a second emitter cannot drag the fix. Needs at
    /// least three bearings to tell which one is wrong.
    public static func robustFix(_ b: [BearingObservation]) throws -> PositionFix {
        try validate(b)
        guard b.count >= 3 else {
            throw SightlineError(.invalidValue, location: "bearings", message: "a robust fix needs at least three bearings",
                                 fix: "take a third bearing, or use --method ml")
        }
        func residuals(_ e: Double, _ n: Double) -> [Double] {
            b.map { o in
                let predicted = atan2(e - o.eastMeters, n - o.northMeters) * 180 / .pi
                return abs(remainder(o.azimuthDegrees - predicted, 360)) / o.sigmaDegrees
            }
        }
        var best: (inliers: [Int], cost: Double)?
        for i in 0..<b.count {
            for j in (i + 1)..<b.count {
                guard let p = try? weightedIntersection([b[i], b[j]], weights: [1, 1]) else { continue }
                let r = residuals(p.0, p.1)
                let inliers = r.indices.filter { r[$0] < 3 }
                let cost = inliers.reduce(0) { $0 + r[$1] * r[$1] }
                if inliers.count >= 2, best == nil || inliers.count > best!.inliers.count
                    || (inliers.count == best!.inliers.count && cost < best!.cost) {
                    best = (inliers, cost)
                }
            }
        }
        guard let chosen = best else {
            throw SightlineError(.invalidValue, location: "bearings", message: "no two bearings agree on a position",
                                 fix: "check the bearings, or take more")
        }
        return try fix(chosen.inliers.map { b[$0] }, method: .ml)
    }
}

/// Received-signal-strength localization for receivers without direction finding: levels
/// Pᵢ (dBm) at known places follow Pᵢ = P₀ − 10·n·log10(dᵢ/1 m) + Xᵢ with Xᵢ ~ N(0, σ²)
/// (log-distance with log-normal shadowing). For each candidate position the ML P₀ is the
/// mean of Pᵢ + 10·n·log10 dᵢ; the position minimising the residual sum of squares is found
/// on a grid and refined by Nelder–Mead-free coordinate halving.
public enum RSSLocalizer {
    public struct Reading: Sendable {
        public var eastMeters: Double, northMeters: Double, levelDBm: Double
        public init(eastMeters: Double, northMeters: Double, levelDBm: Double) {
            self.eastMeters = eastMeters; self.northMeters = northMeters; self.levelDBm = levelDBm
        }
    }

    static func cost(_ readings: [Reading], _ e: Double, _ n: Double, exponent: Double) -> Double {
        let terms = readings.map { r -> Double in
            let d = max(1, ((e - r.eastMeters) * (e - r.eastMeters) + (n - r.northMeters) * (n - r.northMeters)).squareRoot())
            return r.levelDBm + 10 * exponent * log10(d)
        }
        let p0 = terms.reduce(0, +) / Double(terms.count)
        return terms.reduce(0) { $0 + ($1 - p0) * ($1 - p0) }
    }

    public static func fix(_ readings: [Reading], exponent: Double, eastRange: ClosedRange<Double>,
                           northRange: ClosedRange<Double>) throws -> (eastMeters: Double, northMeters: Double) {
        guard readings.count >= 3 else {
            throw SightlineError(.invalidValue, location: "readings", message: "\(readings.count) level(s): an RSS fix needs at least three",
                                 fix: "measure the level at three or more places")
        }
        var best = (eastRange.lowerBound, northRange.lowerBound), bestCost = Double.infinity
        let steps = 100
        for i in 0...steps { for j in 0...steps {
            let e = eastRange.lowerBound + Double(i) / Double(steps) * (eastRange.upperBound - eastRange.lowerBound)
            let n = northRange.lowerBound + Double(j) / Double(steps) * (northRange.upperBound - northRange.lowerBound)
            let c = cost(readings, e, n, exponent: exponent)
            if c < bestCost { bestCost = c; best = (e, n) }
        } }
        var step = max(eastRange.upperBound - eastRange.lowerBound, northRange.upperBound - northRange.lowerBound) / Double(steps)
        while step > 1e-3 {
            var moved = false
            for (de, dn) in [(step, 0.0), (-step, 0), (0, step), (0, -step)] {
                let c = cost(readings, best.0 + de, best.1 + dn, exponent: exponent)
                if c < bestCost { bestCost = c; best = (best.0 + de, best.1 + dn); moved = true }
            }
            if !moved { step /= 2 }
        }
        return best
    }

    /// The Cramér–Rao covariance of an RSS fix under log-normal shadowing of σ dB with the
    /// reference level unknown (Patwari et al., IEEE Trans. SP 51(8), 2003, §IV-B): the
    /// model Pᵢ = P₀ − 10·n·log10 dᵢ has Jacobian rows (−b·Δeᵢ/dᵢ², −b·Δnᵢ/dᵢ², 1) with
    /// b = 10n/ln 10 and Δ = position − sensor; the covariance is σ²·(JᵀJ)⁻¹, of which the
    /// top-left 2×2 block is returned. Evaluated at the fix, it is the covariance to report.
    public static func covariance(_ readings: [Reading], eastMeters e: Double, northMeters n: Double, exponent: Double,
                                  shadowingDB sigma: Double) throws -> [[Double]] {
        let b = 10 * exponent / log(10.0)
        var f = [[Double]](repeating: [0, 0, 0], count: 3)
        for r in readings {
            let de = e - r.eastMeters, dn = n - r.northMeters
            let d2 = max(1, de * de + dn * dn)
            let row = [-b * de / d2, -b * dn / d2, 1]
            for i in 0..<3 { for j in 0..<3 { f[i][j] += row[i] * row[j] } }
        }
        // Schur complement eliminates P₀: F₂ = A − c·cᵀ/f₃₃, then invert the 2×2.
        let a = f[0][0] - f[0][2] * f[2][0] / f[2][2], bb = f[0][1] - f[0][2] * f[2][1] / f[2][2]
        let d = f[1][1] - f[1][2] * f[2][1] / f[2][2]
        let det = a * d - bb * bb
        guard det > 1e-18 * max(a * d, 1e-300), det.isFinite else {
            throw SightlineError(.invalidValue, location: "readings", message: "the sensors are collinear with the fix: the RSS position is unobservable",
                                 fix: "measure from places that surround the emitter")
        }
        let s2 = sigma * sigma
        return [[s2 * d / det, -s2 * bb / det], [-s2 * bb / det, s2 * a / det]]
    }
}
