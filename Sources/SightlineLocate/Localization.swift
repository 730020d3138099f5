import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bearing taken from a known position: azimuth clockwise from north, with its
/// standard deviation.
public struct BearingObservation: Sendable, Equatable {
    public var eastMeters: Double
    public var northMeters: Double
    public var azimuthDegrees: Double
    public var sigmaDegrees: Double
    public init(eastMeters: Double, northMeters: Double, azimuthDegrees: Double, sigmaDegrees: Double) {
        self.eastMeters = eastMeters
        self.northMeters = northMeters
        self.azimuthDegrees = azimuthDegrees
        self.sigmaDegrees = sigmaDegrees
    }
}

/// A position fix with its covariance, 95 % error ellipse and CEP.
public struct PositionFix: Sendable, Equatable {
    public var eastMeters: Double
    public var northMeters: Double
    /// [[σ_ee, σ_en], [σ_en, σ_nn]] in m².
    public var covariance: [[Double]]

    public init(eastMeters: Double, northMeters: Double, covariance: [[Double]]) {
        self.eastMeters = eastMeters
        self.northMeters = northMeters
        self.covariance = covariance
    }
    public var ellipse95: (majorMeters: Double, minorMeters: Double, orientationDegrees: Double) {
        let a = covariance[0][0]
        let b = covariance[0][1]
        let d = covariance[1][1]
        let mean = (a + d) / 2
        let diff = ((a - d) / 2 * (a - d) / 2 + b * b).squareRoot()
        let l1 = mean + diff
        let l2 = max(0, mean - diff)
        // 95 % of a 2-D Gaussian lies within χ²₂(0.95) = 5.991 in Mahalanobis distance².
        var orientation = atan2(2 * b, d - a) / 2 * 180 / .pi  // major axis, clockwise from north
        if orientation < 0 { orientation += 180 }
        return ((5.991 * l1).squareRoot(), (5.991 * l2).squareRoot(), orientation)
    }
    /// The standard deviation along the ellipse's major axis over the distance to the nearest
    /// sensor. The ellipse linearises the bearings about the fix; when the major axis's σ is
    /// more than about a tenth of the range (a long range seen from a short baseline) the
    /// error distribution bends into a banana and the ellipse covers less than it says:
    /// measured 94.5 % at 6 %, 92–94 % at 12 %, 85–90 % at 25 % (`FixCoverageTests`). The
    /// likelihood map's posterior has no such limit.
    public func majorSigmaPerRange(sensors: [(east: Double, north: Double)]) -> Double {
        let a = covariance[0][0]
        let b = covariance[0][1]
        let d = covariance[1][1]
        let major = ((a + d) / 2 + (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()).squareRoot()
        let range =
            sensors.map {
                ((eastMeters - $0.east) * (eastMeters - $0.east) + (northMeters - $0.north) * (northMeters - $0.north))
                    .squareRoot()
            }.min() ?? .infinity
        return range > 0 ? major / range : .infinity
    }

    /// Beyond this `majorSigmaPerRange` the ellipse of a point fix under-covers.
    public static let linearLimit = 0.1

    /// Circular error probable, 0.59·(σ₁ + σ₂) (within 3 % for σ₂/σ₁ ≥ 0.2; Torrieri, IEEE
    /// Trans. AES 20(2), 1984).
    public var cepMeters: Double {
        let a = covariance[0][0]
        let b = covariance[0][1]
        let d = covariance[1][1]
        let mean = (a + d) / 2
        let diff = ((a - d) / 2 * (a - d) / 2 + b * b).squareRoot()
        return 0.59 * ((mean + diff).squareRoot() + max(0, mean - diff).squareRoot())
    }
    public static func == (l: PositionFix, r: PositionFix) -> Bool {
        l.eastMeters == r.eastMeters && l.northMeters == r.northMeters && l.covariance == r.covariance
    }
}

/// Fixes from bearings (angles of arrival): least-squares line intersection, Stansfield's
/// weighted estimator, and the maximum-likelihood fix by Gauss–Newton; the bearing-only
/// position CRLB. Degenerate geometry (fewer than two bearings, parallel lines, NaN, a fix
/// behind the sensors) is an error, never a silent wrong fix.
public enum BearingLocalizer {
    public enum Method: String, Sendable, CaseIterable { case ls, stansfield, ml }

    static func validate(_ b: [BearingObservation]) throws {
        guard b.count >= 2 else {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                message: "\(b.count) bearing(s): a fix needs at least two",
                fix: "take bearings from two or more places"
            )
        }
        for (i, o) in b.enumerated()
        where
            !(o.eastMeters.isFinite && o.northMeters.isFinite && o.azimuthDegrees.isFinite
            && o.sigmaDegrees.isFinite && o.sigmaDegrees > 0)
        {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                field: "bearings[\(i)]",
                message: "not finite, or σ ≤ 0",
                fix: "give finite positions, azimuths and positive sigma_deg"
            )
        }
    }

    /// Solves the 2×2 normal equations Σ wᵢ nᵢnᵢᵀ p = Σ wᵢ nᵢ(nᵢ·sᵢ),
    /// nᵢ = (cos θᵢ, −sin θᵢ).
    static func weightedIntersection(_ b: [BearingObservation], weights: [Double]) throws -> (Double, Double) {
        var a11 = 0.0
        var a12 = 0.0
        var a22 = 0.0
        var r1 = 0.0
        var r2 = 0.0
        for (o, w) in zip(b, weights) {
            let t = o.azimuthDegrees * .pi / 180
            let n1 = cos(t)
            let n2 = -sin(t)
            let c = n1 * o.eastMeters + n2 * o.northMeters
            a11 += w * n1 * n1
            a12 += w * n1 * n2
            a22 += w * n2 * n2
            r1 += w * n1 * c
            r2 += w * n2 * c
        }
        let det = a11 * a22 - a12 * a12
        guard abs(det) > 1e-9 * (a11 * a22 + 1e-300) else {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                message: "the bearing lines are parallel: no intersection",
                fix: "take a bearing from a place off the line of the others"
            )
        }
        return ((a22 * r1 - a12 * r2) / det, (a11 * r2 - a12 * r1) / det)
    }

    /// The Fisher information of the position from the bearings, at `p`.
    static func information(_ b: [BearingObservation], at p: (Double, Double)) -> (Double, Double, Double) {
        var f11 = 0.0
        var f12 = 0.0
        var f22 = 0.0
        for o in b {
            let de = p.0 - o.eastMeters
            let dn = p.1 - o.northMeters
            let r2 = de * de + dn * dn
            // θ = atan2(de, dn): ∂θ/∂e = dn/r², ∂θ/∂n = −de/r².
            let ge = dn / r2
            let gn = -de / r2
            let w = 1 / pow(o.sigmaDegrees * .pi / 180, 2)
            f11 += w * ge * ge
            f12 += w * ge * gn
            f22 += w * gn * gn
        }
        return (f11, f12, f22)
    }

    static func covariance(_ f: (Double, Double, Double)) throws -> [[Double]] {
        let det = f.0 * f.2 - f.1 * f.1
        guard det > 0 && det.isFinite else {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                message: "the geometry gives no position information",
                fix: "take bearings from places that see the emitter from different directions"
            )
        }
        return [[f.2 / det, -f.1 / det], [-f.1 / det, f.0 / det]]
    }

    /// The bearing-only position CRLB (covariance) at the true position.
    public static func crlb(_ b: [BearingObservation], truthEast: Double, truthNorth: Double) throws -> [[Double]] {
        try covariance(information(b, at: (truthEast, truthNorth)))
    }

    /// An angle wrapped into [−π, π] (glibc's `remainder` is several times slower).
    @inline(__always)
    static func wrappedRadians(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        return x - twoPi * (x / twoPi).rounded()
    }

    /// The fix from bearings. `start` (ML only) is where Gauss–Newton begins — a previous fix
    /// from nearly the same bearings saves iterations; nil: the least-squares intersection.
    public static func fix(
        _ b: [BearingObservation],
        method: Method,
        from start: (east: Double, north: Double)? = nil
    ) throws -> PositionFix {
        try validate(b)
        var p: (Double, Double)
        if method == .ml, let start, start.east.isFinite, start.north.isFinite {
            p = start
        } else {
            p = try weightedIntersection(b, weights: b.map { _ in 1 })
        }
        var weights = b.map { _ in 1.0 }
        switch method {
        case .ls:
            break
        case .stansfield:
            // Weights 1/(σᵢ² dᵢ²) with ranges from the LS fix (Stansfield, J. IEE 94(IIIA), 1947).
            weights = b.map { o -> Double in
                let d2 = pow(p.0 - o.eastMeters, 2) + pow(p.1 - o.northMeters, 2)
                return 1 / (pow(o.sigmaDegrees * .pi / 180, 2) * max(d2, 1))
            }
            p = try weightedIntersection(b, weights: weights)
        case .ml:
            for _ in 0..<50 {
                var f = (0.0, 0.0, 0.0)
                var g = (0.0, 0.0)
                for o in b {
                    let de = p.0 - o.eastMeters
                    let dn = p.1 - o.northMeters
                    let r2 = de * de + dn * dn
                    let residual = wrappedRadians(o.azimuthDegrees * .pi / 180 - atan2(de, dn))
                    let ge = dn / r2
                    let gn = -de / r2
                    let w = 1 / pow(o.sigmaDegrees * .pi / 180, 2)
                    f.0 += w * ge * ge
                    f.1 += w * ge * gn
                    f.2 += w * gn * gn
                    g.0 += w * ge * residual
                    g.1 += w * gn * residual
                }
                let det = f.0 * f.2 - f.1 * f.1
                guard det > 0 else { break }
                let step = ((f.2 * g.0 - f.1 * g.1) / det, (f.0 * g.1 - f.1 * g.0) / det)
                p = (p.0 + step.0, p.1 + step.1)
                if abs(step.0) + abs(step.1) < 1e-6 { break }
            }
        }
        // A fix behind a sensor (more than 90° off its bearing) is not what it measured.
        for (i, o) in b.enumerated() {
            let az = atan2(p.0 - o.eastMeters, p.1 - o.northMeters) * 180 / .pi
            if abs(remainder(az - o.azimuthDegrees, 360)) > 90 {
                throw SightlineError(
                    .invalidValue,
                    location: "bearings",
                    field: "bearings[\(i)]",
                    message: "the bearings meet behind this sensor (they point away from each other)",
                    fix: "check the azimuths: clockwise from north, towards the emitter"
                )
            }
        }
        let c =
            method == .ml ? try covariance(information(b, at: p)) : try sandwichCovariance(b, weights: weights, at: p)
        return PositionFix(eastMeters: p.0, northMeters: p.1, covariance: c)
    }

    /// The covariance of a line-intersection fix (LS, weights 1; Stansfield, its weights):
    /// the fix solves Σ wᵢ nᵢnᵢᵀ p = Σ wᵢ nᵢ(nᵢ·sᵢ) with nᵢ = (cos θᵢ, −sin θᵢ); a
    /// bearing error δθᵢ turns line i about its sensor, moving it by dᵢ·δθᵢ across itself at
    /// the fix (dᵢ the range), so δp = A⁻¹ Σ wᵢ nᵢ dᵢ δθᵢ with A = Σ wᵢ nᵢnᵢᵀ, and
    ///   Cov(p) = A⁻¹ (Σ wᵢ² dᵢ² σᵢ² nᵢnᵢᵀ) A⁻¹,
    /// the sandwich (Huber) form. It is the estimator's own first-order covariance: with
    /// unequal sigmas an unweighted fix is worse than the ML one, and says so.
    static func sandwichCovariance(
        _ b: [BearingObservation],
        weights: [Double],
        at p: (Double, Double)
    ) throws -> [[Double]] {
        var a11 = 0.0
        var a12 = 0.0
        var a22 = 0.0
        var m11 = 0.0
        var m12 = 0.0
        var m22 = 0.0
        for (o, w) in zip(b, weights) {
            let t = o.azimuthDegrees * .pi / 180
            let n1 = cos(t)
            let n2 = -sin(t)
            let d2 = pow(p.0 - o.eastMeters, 2) + pow(p.1 - o.northMeters, 2)
            let v = w * w * d2 * pow(o.sigmaDegrees * .pi / 180, 2)
            a11 += w * n1 * n1
            a12 += w * n1 * n2
            a22 += w * n2 * n2
            m11 += v * n1 * n1
            m12 += v * n1 * n2
            m22 += v * n2 * n2
        }
        let det = a11 * a22 - a12 * a12
        guard det > 0, det.isFinite else {
            throw SightlineError(
                .invalidValue,
                location: "bearings",
                message: "the geometry gives no position information",
                fix: "take bearings from places that see the emitter from different directions"
            )
        }
        // A⁻¹ M A⁻¹ for symmetric 2×2 matrices.
        let i11 = a22 / det
        let i12 = -a12 / det
        let i22 = a11 / det
        let t11 = i11 * m11 + i12 * m12
        let t12 = i11 * m12 + i12 * m22
        let t21 = i12 * m11 + i22 * m12
        let t22 = i12 * m12 + i22 * m22
        let c11 = t11 * i11 + t12 * i12
        let c12 = t11 * i12 + t12 * i22
        let c22 = t21 * i12 + t22 * i22
        return [[c11, c12], [c12, c22]]
    }
}
