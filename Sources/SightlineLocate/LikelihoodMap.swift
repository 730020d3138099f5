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

    public init(
        bearings: [BearingObservation],
        eastRange: ClosedRange<Double>,
        northRange: ClosedRange<Double>,
        columns: Int = 200,
        rows: Int = 200,
        outlierProbability: Double = 0.02
    ) {
        self.init(
            bearings: bearings,
            eastRange: eastRange,
            northRange: northRange,
            columns: columns,
            rows: rows,
            outlierProbability: outlierProbability,
            blurCells: false
        )
    }

    /// With `blurCells`, each bearing's sigma is widened by the angle half a cell subtends
    /// from its sensor, √(σ² + (Δ/2d)²): a coarse grid then cannot step over a posterior
    /// narrower than its cells (used to find where the mass is, not for the fix).
    init(
        bearings: [BearingObservation],
        eastRange: ClosedRange<Double>,
        northRange: ClosedRange<Double>,
        columns: Int,
        rows: Int,
        outlierProbability: Double,
        blurCells: Bool
    ) {
        self.eastRange = eastRange
        self.northRange = northRange
        self.columns = columns
        self.rows = rows
        let cell = max(
            (eastRange.upperBound - eastRange.lowerBound) / Double(columns),
            (northRange.upperBound - northRange.lowerBound) / Double(rows)
        )
        // Per bearing: the measured direction's unit vector and the Gaussian's constants.
        let ue = bearings.map { sin($0.azimuthDegrees * .pi / 180) }
        let un = bearings.map { cos($0.azimuthDegrees * .pi / 180) }
        let logFloor = outlierProbability > 0 ? log(outlierProbability / 360) : 0
        let logKeep = outlierProbability > 0 ? log(1 - outlierProbability) : 0
        let toDegrees = 180 / Double.pi
        let logNorm = bearings.map { log($0.sigmaDegrees * (2 * Double.pi).squareRoot()) }
        let halfPrecision = bearings.map { 0.5 / ($0.sigmaDegrees * $0.sigmaDegrees) }
        // With a floor, beyond the angle where the Gaussian falls e^37 below it a bearing
        // contributes exactly log(ε/360): tested on the cross and dot products, no atan2.
        let farTangent2: [Double] = bearings.indices.map { i in
            guard outlierProbability > 0, !blurCells else { return .infinity }
            let limit = (max(0, 37 + logKeep - logNorm[i] - logFloor) / halfPrecision[i]).squareRoot()
            return limit < 89 ? pow(tan(limit * .pi / 180), 2) : .infinity
        }
        var logL = [Double](repeating: 0, count: columns * rows)
        let eastStep = (eastRange.upperBound - eastRange.lowerBound) / Double(columns)
        let northStep = (northRange.upperBound - northRange.lowerBound) / Double(rows)
        logL.withUnsafeMutableBufferPointer { out in
            for (i, b) in bearings.enumerated() {
                let be = b.eastMeters
                let bn = b.northMeters
                let ui = ue[i]
                let vi = un[i]
                let far = farTangent2[i]
                let h = halfPrecision[i]
                let norm = logNorm[i]
                let sigma0 = b.sigmaDegrees
                for r in 0..<rows {
                    let vn = northRange.lowerBound + (Double(r) + 0.5) * northStep - bn
                    for c in 0..<columns {
                        // wrap(θ_measured − θ_predicted) as the angle between the two directions.
                        let ve = eastRange.lowerBound + (Double(c) + 0.5) * eastStep - be
                        let cross = ui * vn - vi * ve
                        let dot = ui * ve + vi * vn
                        if far.isFinite && (dot <= 0 || cross * cross > far * dot * dot) {
                            out[r * columns + c] += logFloor
                            continue
                        }
                        let error = atan2(cross, dot) * toDegrees
                        let logGaussian: Double
                        if blurCells {
                            let d = max((ve * ve + vn * vn).squareRoot(), cell)
                            let half = cell / (2 * d) * toDegrees
                            let sigma = (sigma0 * sigma0 + half * half).squareRoot()
                            logGaussian =
                                -0.5 * error * error / (sigma * sigma) - log(sigma * (2 * Double.pi).squareRoot())
                        } else {
                            logGaussian = -h * error * error - norm
                        }
                        // In the log domain when there is no floor, so a region far off every
                        // bearing still has a finite (if tiny) likelihood and a defined mode.
                        // With a floor, log((1 − ε)·e^g + ε/360) = log(ε/360) + log1p(e^x), x
                        // the Gaussian's excess over the floor (e^x below 1e-16 changes nothing).
                        if outlierProbability > 0 {
                            let x = logKeep + logGaussian - logFloor
                            out[r * columns + c] +=
                                x < -37 ? logFloor : (x > 37 ? logKeep + logGaussian : logFloor + log1p(exp(x)))
                        } else {
                            out[r * columns + c] += logGaussian
                        }
                    }
                }
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
        let r = i / columns
        let c = i % columns
        return (
            eastRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (eastRange.upperBound - eastRange.lowerBound),
            northRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (northRange.upperBound - northRange.lowerBound)
        )
    }
}

extension LikelihoodMap {
    /// The grid's cell centres along each axis.
    public func cellCentre(column c: Int, row r: Int) -> (east: Double, north: Double) {
        (
            eastRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (eastRange.upperBound - eastRange.lowerBound),
            northRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (northRange.upperBound - northRange.lowerBound)
        )
    }

    /// The posterior mean and covariance over the grid (a flat prior over the region): the
    /// minimum-mean-square-error fix, and an honest spread even when the bearings are too
    /// few or too parallel for a point fix (then the spread runs along the bearing line and
    /// is bounded only by the region). Resolution: the covariance cannot be smaller than a
    /// cell's (Δ²/12 per axis), so keep cells well under the expected error.
    public func posterior() -> PositionFix {
        var me = 0.0
        var mn = 0.0
        for r in 0..<rows {
            for c in 0..<columns {
                let p = probabilities[r * columns + c]
                let x = cellCentre(column: c, row: r)
                me += p * x.east
                mn += p * x.north
            }
        }
        var see = 0.0
        var snn = 0.0
        var sen = 0.0
        for r in 0..<rows {
            for c in 0..<columns {
                let p = probabilities[r * columns + c]
                let x = cellCentre(column: c, row: r)
                see += p * (x.east - me) * (x.east - me)
                snn += p * (x.north - mn) * (x.north - mn)
                sen += p * (x.east - me) * (x.north - mn)
            }
        }
        return PositionFix(eastMeters: me, northMeters: mn, covariance: [[see, sen], [sen, snn]])
    }
}

extension LikelihoodMap {
    /// A posterior over a region that holds it.
    public struct Search: Sendable {
        /// The map the fix came from (the region, or the part of it holding the mass).
        public var map: LikelihoodMap
        public var fix: PositionFix
        /// The square searched: the posterior's mass at its edge is below `negligibleEdgeMass`
        /// unless `atEdge`.
        public var eastRange: ClosedRange<Double>
        public var northRange: ClosedRange<Double>
        /// The posterior mass within 1/64 of the square's width of its edge.
        public var edgeMass: Double
        public var atEdge: Bool { edgeMass > LikelihoodMap.negligibleEdgeMass }
    }

    public static let negligibleEdgeMass = 1e-4

    /// The grid posterior over a square of half-width `halfWidthMeters` round `centre`,
    /// grown (with `grow`, doubling up to 16×) until the posterior mass at its edge is
    /// negligible: a coarse 64 × 64 map with cell-widened sigmas finds where the mass is,
    /// then the fix is the posterior of a `columns` × `rows` map over the part of the
    /// square that holds it (cells within 1e-9 of the peak, padded by a coarse cell; half
    /// the columns and rows when that part is under half the square), so the cells stay
    /// small against the ellipse however far the emitter is. If the mass
    /// never leaves the edge (one bearing, parallel bearings: the posterior is unbounded
    /// along them), the largest square is kept and `atEdge` says so.
    public static func search(
        bearings: [BearingObservation],
        centre: (east: Double, north: Double),
        halfWidthMeters: Double,
        grow: Bool,
        outlierProbability: Double = 0.02,
        columns: Int = 200,
        rows: Int = 200
    ) -> Search {
        let coarseCells = 64
        var half = halfWidthMeters
        func square(_ h: Double) -> (ClosedRange<Double>, ClosedRange<Double>) {
            ((centre.east - h)...(centre.east + h), (centre.north - h)...(centre.north + h))
        }
        func edge(_ map: LikelihoodMap) -> Double {
            var mass = 0.0
            for r in 0..<map.rows {
                for c in 0..<map.columns where r == 0 || c == 0 || r == map.rows - 1 || c == map.columns - 1 {
                    mass += map.probabilities[r * map.columns + c]
                }
            }
            return mass
        }
        var (east, north) = square(half)
        var coarse = LikelihoodMap(
            bearings: bearings,
            eastRange: east,
            northRange: north,
            columns: coarseCells,
            rows: coarseCells,
            outlierProbability: outlierProbability,
            blurCells: true
        )
        var edgeMass = edge(coarse)
        var doublings = 0
        while grow && edgeMass > negligibleEdgeMass && doublings < 4 {
            half *= 2
            doublings += 1
            (east, north) = square(half)
            coarse = LikelihoodMap(
                bearings: bearings,
                eastRange: east,
                northRange: north,
                columns: coarseCells,
                rows: coarseCells,
                outlierProbability: outlierProbability,
                blurCells: true
            )
            edgeMass = edge(coarse)
        }
        // The part of the square that holds the mass.
        let peak = coarse.probabilities.max() ?? 0
        var c0 = coarseCells
        var c1 = -1
        var r0 = coarseCells
        var r1 = -1
        for r in 0..<coarseCells {
            for c in 0..<coarseCells where coarse.probabilities[r * coarseCells + c] >= 1e-9 * peak {
                c0 = min(c0, c)
                c1 = max(c1, c)
                r0 = min(r0, r)
                r1 = max(r1, r)
            }
        }
        let cell = 2 * half / Double(coarseCells)
        var zoomEast = east
        var zoomNorth = north
        if c1 >= c0 && r1 >= r0 {
            zoomEast =
                max(
                    east.lowerBound,
                    east.lowerBound + Double(c0 - 1) * cell
                )...min(east.upperBound, east.lowerBound + Double(c1 + 2) * cell)
            zoomNorth =
                max(
                    north.lowerBound,
                    north.lowerBound + Double(r0 - 1) * cell
                )...min(north.upperBound, north.lowerBound + Double(r1 + 2) * cell)
        }
        // A box of cells within 1e-9 of the peak spans about ±6σ of a compact posterior: half
        // the cells still resolve it (0.13σ), so a zoomed map uses half the columns and rows.
        let zoomed =
            (zoomEast.upperBound - zoomEast.lowerBound) < 0.5 * (east.upperBound - east.lowerBound)
            && (zoomNorth.upperBound - zoomNorth.lowerBound) < 0.5 * (north.upperBound - north.lowerBound)
        let map = LikelihoodMap(
            bearings: bearings,
            eastRange: zoomEast,
            northRange: zoomNorth,
            columns: zoomed ? max(columns / 2, 50) : columns,
            rows: zoomed ? max(rows / 2, 50) : rows,
            outlierProbability: outlierProbability
        )
        // The edge mass from the fine map where it reaches the square's edge (cells within
        // 1/64 of the square's width of it); none where the mass stopped short of it.
        let ring = cell
        var fineEdge = 0.0
        for r in 0..<map.rows {
            for c in 0..<map.columns {
                let x = map.cellCentre(column: c, row: r)
                if x.east - east.lowerBound < ring || east.upperBound - x.east < ring
                    || x.north - north.lowerBound < ring || north.upperBound - x.north < ring
                {
                    fineEdge += map.probabilities[r * map.columns + c]
                }
            }
        }
        return Search(map: map, fix: map.posterior(), eastRange: east, northRange: north, edgeMass: fineEdge)
    }

    /// The square the grid methods search by default: centred on the sensors, half-width
    /// twice their spread, at least 1 km (or `halfWidth`).
    public static func defaultRegion(
        around places: [(Double, Double)],
        halfWidth: Double? = nil
    )
        -> (centre: (east: Double, north: Double), halfWidth: Double)
    {
        let count = Double(max(places.count, 1))
        let ce = places.reduce(0) { $0 + $1.0 } / count
        let cn = places.reduce(0) { $0 + $1.1 } / count
        let spread = places.map { ((($0.0 - ce) * ($0.0 - ce) + ($0.1 - cn) * ($0.1 - cn))).squareRoot() }.max() ?? 0
        return ((ce, cn), halfWidth ?? max(1000, 2 * spread))
    }
}

extension BearingLocalizer {
    /// χ²₁ at 0.999: a bearing whose squared residual exceeds 10.83 times its predicted
    /// variance is an outlier. A good Gaussian bearing is dropped with probability 0.001.
    public static let outlierChiSquare = 10.83

    /// Pairs the robust fix tries. Up to this many pairs (91 bearings) it tries them all;
    /// beyond, it draws this many pairs at random (seeded): the chance that none of them is
    /// two good bearings is (1 − (1 − ε)²)^4096 for an outlier fraction ε — below 10⁻¹⁷
    /// even at ε = 0.9 — and the work stays 4096 × N instead of N³/2.
    public static let maximumProposals = 4096

    /// Outlier-robust fix: every pair of bearings proposes an intersection (an exhaustive
    /// RANSAC for the handful of bearings a patrol takes; a seeded sample of
    /// `maximumProposals` pairs for more), and each other bearing is
    /// tested against it by a χ² test with its own variance: the residual rₖ over
    /// σₖ² + gₖᵀCgₖ, the bearing's sigma plus what the pair's own uncertainty C (the ML
    /// covariance of two bearings) adds to the predicted azimuth (gₖ = ∂θₖ/∂p). The proposal
    /// most bearings agree with wins (ties: the smaller χ² sum); then the ML fix of those
    /// bearings is re-tested against every bearing — kept ones with their leverage-corrected
    /// residual variance σₖ² − gₖᵀCgₖ, dropped ones with σₖ² + gₖᵀCgₖ — until the set settles.
    /// A reflection or a second emitter cannot drag the fix, and a valid Gaussian bearing is
    /// kept with probability 0.999 (a fixed angular gate drops valid bearings of a pair whose
    /// own intersection is off). Needs at least three bearings to tell which one is wrong.
    public static func robustFix(_ b: [BearingObservation]) throws -> PositionFix {
        try robustFit(b).fix
    }

    /// The robust fix and the indices of the bearings it kept.
    public static func robustFit(_ b: [BearingObservation]) throws -> (fix: PositionFix, inliers: [Int]) {
        try validate(b)
        guard b.count >= 3 else {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                message: "a robust fix needs at least three bearings",
                fix: "take a third bearing, or use `method` ml"
            )
        }
        /// Squared normalised residuals of every bearing against a fix at p with covariance c;
        /// `kept` bearings are part of that fix (leverage-corrected).
        func scores(_ p: (Double, Double), _ c: [[Double]], kept: Set<Int>) -> [Double] {
            b.indices.map { k in
                let o = b[k]
                let de = p.0 - o.eastMeters
                let dn = p.1 - o.northMeters
                let r2 = max(de * de + dn * dn, 1e-12)
                let ge = dn / r2
                let gn = -de / r2
                let predictedVariance = ge * ge * c[0][0] + 2 * ge * gn * c[0][1] + gn * gn * c[1][1]
                let sigma2 = pow(o.sigmaDegrees * .pi / 180, 2)
                let variance =
                    kept.contains(k) ? max(sigma2 - predictedVariance, 0.01 * sigma2) : sigma2 + predictedVariance
                let residual = remainder(o.azimuthDegrees * .pi / 180 - atan2(de, dn), 2 * Double.pi)
                return residual * residual / variance
            }
        }
        var best: (inliers: Set<Int>, cost: Double)?
        func propose(_ i: Int, _ j: Int) {
            guard let pair = try? fix([b[i], b[j]], method: .ml) else { return }
            let z = scores((pair.eastMeters, pair.northMeters), pair.covariance, kept: [])
            var inliers: Set<Int> = [i, j]
            var cost = 0.0
            for k in b.indices where k != i && k != j && z[k] < outlierChiSquare {
                inliers.insert(k)
                cost += z[k]
            }
            if best == nil || inliers.count > best!.inliers.count
                || (inliers.count == best!.inliers.count && cost < best!.cost)
            {
                best = (inliers, cost)
            }
        }
        let pairCount = b.count * (b.count - 1) / 2
        if pairCount <= maximumProposals {
            for i in 0..<b.count {
                for j in (i + 1)..<b.count { propose(i, j) }
            }
        } else {
            // Sampled RANSAC, seeded so the same bearings give the same fix.
            var rng = SeededGenerator(seed: 0x5EED_0000 &+ UInt64(b.count))
            for _ in 0..<maximumProposals {
                let i = Int.random(in: 0..<b.count, using: &rng)
                var j = Int.random(in: 0..<(b.count - 1), using: &rng)
                if j >= i { j += 1 }
                propose(min(i, j), max(i, j))
            }
        }
        guard var kept = best?.inliers else {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                message: "no two bearings agree on a position",
                fix: "check the bearings, or take more"
            )
        }
        var current = try fix(kept.sorted().map { b[$0] }, method: .ml)
        for _ in 0..<10 {
            let z = scores((current.eastMeters, current.northMeters), current.covariance, kept: kept)
            let next = Set(b.indices.filter { z[$0] < outlierChiSquare })
            guard next != kept, next.count >= 2, let refit = try? fix(next.sorted().map { b[$0] }, method: .ml) else {
                break
            }
            kept = next
            current = refit
        }
        return (current, kept.sorted())
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
            self.eastMeters = eastMeters
            self.northMeters = northMeters
            self.levelDBm = levelDBm
        }
    }

    static func cost(_ readings: [Reading], _ e: Double, _ n: Double, exponent: Double) -> Double {
        let terms = readings.map { r -> Double in
            let d = max(
                1,
                ((e - r.eastMeters) * (e - r.eastMeters) + (n - r.northMeters) * (n - r.northMeters)).squareRoot()
            )
            return r.levelDBm + 10 * exponent * log10(d)
        }
        let p0 = terms.reduce(0, +) / Double(terms.count)
        return terms.reduce(0) { $0 + ($1 - p0) * ($1 - p0) }
    }

    public static func fix(
        _ readings: [Reading],
        exponent: Double,
        eastRange: ClosedRange<Double>,
        northRange: ClosedRange<Double>
    ) throws -> (eastMeters: Double, northMeters: Double) {
        let found = try search(readings, exponent: exponent, eastRange: eastRange, northRange: northRange)
        return (found.eastMeters, found.northMeters)
    }

    /// The search behind ``fix(_:exponent:eastRange:northRange:)``, with the number of cost
    /// evaluations it took: a 101 × 101 grid, then at most 64 pattern moves per step size.
    public static func search(
        _ readings: [Reading],
        exponent: Double,
        eastRange: ClosedRange<Double>,
        northRange: ClosedRange<Double>
    ) throws -> (eastMeters: Double, northMeters: Double, evaluations: Int) {
        guard readings.count >= 3 else {
            throw SightlineError(
                .invalidValue,
                location: "readings",
                message: "\(readings.count) level(s): an RSS fix needs at least three",
                fix: "measure the level at three or more places"
            )
        }
        var best = (eastRange.lowerBound, northRange.lowerBound)
        var bestCost = Double.infinity
        var evaluations = 0
        let steps = 100
        for i in 0...steps {
            for j in 0...steps {
                let e = eastRange.lowerBound + Double(i) / Double(steps) * (eastRange.upperBound - eastRange.lowerBound)
                let n =
                    northRange.lowerBound + Double(j) / Double(steps) * (northRange.upperBound - northRange.lowerBound)
                let c = cost(readings, e, n, exponent: exponent)
                evaluations += 1
                if c < bestCost {
                    bestCost = c
                    best = (e, n)
                }
            }
        }
        var step =
            max(eastRange.upperBound - eastRange.lowerBound, northRange.upperBound - northRange.lowerBound)
            / Double(steps)
        // Pattern search inside the region: a step halves when no move improves, or after
        // 64 moves at one size (a long, gently sloping valley), so the search ends after at
        // most ~64 × log2(range / 1 mm) evaluations whatever the readings (a fuzzed file with
        // a coordinate of 1e9 m walked the valley for half a minute).
        let floor = max(1e-3, 1e-12 * max(abs(best.0), abs(best.1)))
        var movesAtThisStep = 0
        while step > floor {
            var moved = false
            for (de, dn) in [(step, 0.0), (-step, 0), (0, step), (0, -step)] {
                let e = best.0 + de
                let n = best.1 + dn
                guard eastRange.contains(e), northRange.contains(n) else { continue }
                let c = cost(readings, e, n, exponent: exponent)
                evaluations += 1
                if c < bestCost {
                    bestCost = c
                    best = (e, n)
                    moved = true
                }
            }
            movesAtThisStep += 1
            if !moved || movesAtThisStep >= 64 {
                step /= 2
                movesAtThisStep = 0
            }
        }
        return (best.0, best.1, evaluations)
    }

    /// The Cramér–Rao covariance of an RSS fix under log-normal shadowing of σ dB with the
    /// reference level unknown (Patwari et al., IEEE Trans. SP 51(8), 2003, §IV-B): the
    /// model Pᵢ = P₀ − 10·n·log10 dᵢ has Jacobian rows (−b·Δeᵢ/dᵢ², −b·Δnᵢ/dᵢ², 1) with
    /// b = 10n/ln 10 and Δ = position − sensor; the covariance is σ²·(JᵀJ)⁻¹, of which the
    /// top-left 2×2 block is returned. Evaluated at the fix, it is the covariance to report.
    public static func covariance(
        _ readings: [Reading],
        eastMeters e: Double,
        northMeters n: Double,
        exponent: Double,
        shadowingDB sigma: Double
    ) throws -> [[Double]] {
        let b = 10 * exponent / log(10.0)
        var f = [[Double]](repeating: [0, 0, 0], count: 3)
        for r in readings {
            let de = e - r.eastMeters
            let dn = n - r.northMeters
            let d2 = max(1, de * de + dn * dn)
            let row = [-b * de / d2, -b * dn / d2, 1]
            for i in 0..<3 { for j in 0..<3 { f[i][j] += row[i] * row[j] } }
        }
        // Schur complement eliminates P₀: F₂ = A − c·cᵀ/f₃₃, then invert the 2×2.
        let a = f[0][0] - f[0][2] * f[2][0] / f[2][2]
        let bb = f[0][1] - f[0][2] * f[2][1] / f[2][2]
        let d = f[1][1] - f[1][2] * f[2][1] / f[2][2]
        let det = a * d - bb * bb
        guard det > 1e-18 * max(a * d, 1e-300), det.isFinite else {
            throw SightlineError(
                .invalidValue,
                location: "readings",
                message: "the sensors are collinear with the fix: the RSS position is unobservable",
                fix: "measure from places that surround the emitter"
            )
        }
        let s2 = sigma * sigma
        return [[s2 * d / det, -s2 * bb / det], [-s2 * bb / det, s2 * a / det]]
    }
}
