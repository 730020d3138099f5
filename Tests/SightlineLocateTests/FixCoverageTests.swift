import Foundation
import SightlineCore
import Testing

@testable import SightlineLocate

/// Geometries for the coverage of the fixes' 95 % ellipses.
struct FixGeometry: Sendable, CustomStringConvertible {
    var name: String
    var truth: (east: Double, north: Double)
    var sensors: [(east: Double, north: Double, sigma: Double)]
    var description: String { name }

    func exact() -> [BearingObservation] {
        sensors.map { s in
            BearingObservation(
                eastMeters: s.east,
                northMeters: s.north,
                azimuthDegrees: atan2(truth.east - s.east, truth.north - s.north) * 180 / .pi,
                sigmaDegrees: s.sigma
            )
        }
    }

    func noisy(_ rng: inout SeededGenerator) -> [BearingObservation] {
        exact().map { o in
            var n = o
            n.azimuthDegrees += o.sigmaDegrees * rng.nextGaussian()
            return n
        }
    }

    static let surrounding = FixGeometry(
        name: "surrounding",
        truth: (500, 800),
        sensors: [(-700, 0, 2), (1900, 300, 2), (600, 2300, 2)]
    )
    /// Unequal sigmas, 1–5°: the unweighted LS fix is much worse than the ML one (57 m
    /// against 46 m RMSE) and its ellipse must say so.
    static let unequal = FixGeometry(
        name: "unequal sigmas",
        truth: (300, 400),
        sensors: [(-500, 0, 1), (1200, -100, 5), (900, 1300, 2), (-300, 1100, 3.5)]
    )
    /// A 1 km baseline and the emitter 5 km out, outside the map's default 1 km square.
    /// At 0.5° the major axis's σ is 6 % of the range, where the linearised ellipse holds.
    static let longRange = FixGeometry(
        name: "long range",
        truth: (400, 5000),
        sensors: [(0, 0, 0.5), (1000, 0, 0.5), (500, -100, 0.5)]
    )
    /// A patrol along a road, every sensor on one side: a long, thin ellipse.
    static let patrol = FixGeometry(
        name: "patrol line",
        truth: (200, 1200),
        sensors: [(-1000, 0, 3), (-500, 0, 3), (0, 0, 3), (500, 0, 3), (1000, 0, 3), (1500, 0, 3)]
    )
    static let all = [surrounding, unequal, longRange, patrol]
}

enum FixMethod: String, CaseIterable, Sendable { case ls, stansfield, ml, robust, map }

/// The fix of `method` as `sightline locate` computes it (map: the default square, grown).
func locate(_ b: [BearingObservation], _ method: FixMethod) throws -> PositionFix {
    switch method {
    case .robust: return try BearingLocalizer.robustFix(b)
    case .map:
        let region = LikelihoodMap.defaultRegion(around: b.map { ($0.eastMeters, $0.northMeters) })
        return LikelihoodMap.search(
            bearings: b,
            centre: region.centre,
            halfWidthMeters: region.halfWidth,
            grow: true,
            outlierProbability: b.count < 3 ? 0 : 0.02
        ).fix
    default: return try BearingLocalizer.fix(b, method: BearingLocalizer.Method(rawValue: method.rawValue)!)
    }
}

/// Whether the truth lies inside the fix's 95 % ellipse (Mahalanobis d² ≤ χ²₂(0.95)).
func covers(_ f: PositionFix, _ truth: (east: Double, north: Double)) -> Bool {
    let de = f.eastMeters - truth.east
    let dn = f.northMeters - truth.north
    let c = f.covariance
    let det = c[0][0] * c[1][1] - c[0][1] * c[0][1]
    return det > 0 && (c[1][1] * de * de - 2 * c[0][1] * de * dn + c[0][0] * dn * dn) / det <= 5.991
}

@Suite struct FixCoverageTests {
    /// 600 seeded trials per geometry; every method's 95 % ellipse must hold the truth in
    /// 92–98 % of them. For an exact 95 % ellipse the count is binomial with σ =
    /// √(0.95·0.05/600) = 0.89 %, so 92–98 % is ±3.4σ: a calibrated ellipse passes, and the
    /// old LS one (the ML ellipse round an unweighted fix: 43 % with unequal sigmas) or a
    /// map that misses the emitter (0 % at long range) cannot. A method that refuses a
    /// trial (an error) counts as a miss. Measured: see the README / issue 20 notes.
    @Test(arguments: FixGeometry.all)
    func ellipsesHoldTheTruth(geometry: FixGeometry) throws {
        let trials = 600
        var rng = SeededGenerator(seed: 2020)
        var hits = [FixMethod: Int]()
        for _ in 0..<trials {
            let noisy = geometry.noisy(&rng)
            for m in FixMethod.allCases {
                if let f = try? locate(noisy, m), covers(f, geometry.truth) { hits[m, default: 0] += 1 }
            }
        }
        for m in FixMethod.allCases {
            let coverage = Double(hits[m] ?? 0) / Double(trials)
            print(String(format: "coverage %@ %@: %.3f", geometry.name, m.rawValue, coverage))
            #expect(coverage >= 0.92 && coverage <= 0.98, "\(geometry.name), \(m.rawValue): \(coverage)")
        }
    }

    /// The linearisation's limit: at 2° from the 1 km baseline the major axis's σ is about
    /// a quarter of the 5 km range. `majorSigmaPerRange` says so (> 0.1, where `locate`
    /// warns), it stays below 0.1 in the four geometries above, and the map's posterior,
    /// which does not linearise, still holds the truth 92–98 % of 300 trials there (binomial
    /// σ 1.3 %; measured 97 %) — its square grown from 1 km to hold the emitter.
    @Test func linearisationLimit() throws {
        let far = FixGeometry(
            name: "long range 2°",
            truth: (400, 5000),
            sensors: [(0, 0, 2), (1000, 0, 2), (500, -100, 2)]
        )
        let places = far.sensors.map { (east: $0.east, north: $0.north) }
        let exactFix = try BearingLocalizer.fix(far.exact(), method: .ml)
        #expect(exactFix.majorSigmaPerRange(sensors: places) > PositionFix.linearLimit)
        for g in FixGeometry.all {
            let f = try BearingLocalizer.fix(g.exact(), method: .ml)
            #expect(
                f.majorSigmaPerRange(sensors: g.sensors.map { ($0.east, $0.north) }) < PositionFix.linearLimit,
                "\(g.name)"
            )
        }
        var rng = SeededGenerator(seed: 2021)
        var hits = 0
        for _ in 0..<300 where covers(try locate(far.noisy(&rng), .map), far.truth) { hits += 1 }
        #expect(hits >= 276 && hits <= 294, "map at long range, 2°: \(hits)/300")
    }

    /// `map` grows its square until the posterior is inside: with the emitter 5 km out of a
    /// 1 km square (the case: the old map answered (488, 661) m for (400, 5000) m)
    /// it finds it, and says the mass at the edge is negligible; with `grow: false` the same
    /// square reports that the fix is at its edge. One bearing never settles: at the edge.
    @Test func mapGrowsItsRegion() throws {
        let b = FixGeometry.longRange.exact()
        let region = LikelihoodMap.defaultRegion(around: b.map { ($0.eastMeters, $0.northMeters) })
        #expect(region.halfWidth > 1000 && region.halfWidth < 1100)
        let grown = LikelihoodMap.search(
            bearings: b,
            centre: region.centre,
            halfWidthMeters: region.halfWidth,
            grow: true
        )
        #expect(abs(grown.fix.eastMeters - 400) < 50 && abs(grown.fix.northMeters - 5000) < 150, "\(grown.fix)")
        #expect(!grown.atEdge && grown.eastRange.upperBound - grown.eastRange.lowerBound > 10_000)
        let fixed = LikelihoodMap.search(
            bearings: b,
            centre: region.centre,
            halfWidthMeters: region.halfWidth,
            grow: false
        )
        #expect(fixed.atEdge)
        let one = LikelihoodMap.search(
            bearings: [b[0]],
            centre: (0, 0),
            halfWidthMeters: 1000,
            grow: true,
            outlierProbability: 0
        )
        #expect(one.atEdge)
    }

    /// The robust fix keeps bearings consistent with their own sigma: on Gaussian bearings
    /// it drops one in at most 2 % of 600 trials per geometry (the χ² gate at p = 0.001
    /// drops a valid bearing with probability 0.001 each, 0.3–0.6 % of trials; binomial
    /// σ ≈ 0.3 %), and its RMSE is within 5 % of the ML fix's (the issue: 6 % of trials
    /// dropped, RMSE 48 → 57 m). A wild bearing is still dropped (`robustFixResistsAnOutlier`).
    @Test(arguments: [FixGeometry.unequal, FixGeometry.patrol])
    func robustKeepsGoodBearings(geometry: FixGeometry) throws {
        var rng = SeededGenerator(seed: 2022)
        var dropped = 0
        var robust2 = 0.0
        var ml2 = 0.0
        for _ in 0..<600 {
            let noisy = geometry.noisy(&rng)
            let fit = try BearingLocalizer.robustFit(noisy)
            if fit.inliers.count < noisy.count { dropped += 1 }
            let ml = try BearingLocalizer.fix(noisy, method: .ml)
            robust2 +=
                pow(fit.fix.eastMeters - geometry.truth.east, 2) + pow(fit.fix.northMeters - geometry.truth.north, 2)
            ml2 += pow(ml.eastMeters - geometry.truth.east, 2) + pow(ml.northMeters - geometry.truth.north, 2)
        }
        #expect(dropped <= 12, "\(geometry.name): dropped a bearing in \(dropped)/600 trials")
        #expect(
            (robust2 / ml2).squareRoot() < 1.05,
            "\(geometry.name): robust RMSE / ML RMSE \((robust2 / ml2).squareRoot())"
        )
    }

    /// The LS covariance is the sandwich A⁻¹MA⁻¹ of its own estimator: with equal sigmas and
    /// sensors at equal ranges it equals the ML covariance; with unequal sigmas it is larger.
    @Test func sandwichCovariance() throws {
        let ring = (0..<4).map { k -> BearingObservation in
            let a = Double(k) * .pi / 2 + 0.4
            return BearingObservation(
                eastMeters: 1000 * sin(a),
                northMeters: 1000 * cos(a),
                azimuthDegrees: a * 180 / .pi + 180,
                sigmaDegrees: 2
            )
        }
        let ls = try BearingLocalizer.fix(ring, method: .ls)
        let ml = try BearingLocalizer.fix(ring, method: .ml)
        for i in 0..<2 {
            for j in 0..<2 { #expect(abs(ls.covariance[i][j] - ml.covariance[i][j]) < 1e-6 * ml.covariance[0][0]) }
        }
        let u = FixGeometry.unequal.exact()
        let lsU = try BearingLocalizer.fix(u, method: .ls)
        let mlU = try BearingLocalizer.fix(u, method: .ml)
        #expect(lsU.covariance[0][0] + lsU.covariance[1][1] > 1.2 * (mlU.covariance[0][0] + mlU.covariance[1][1]))
    }
}
