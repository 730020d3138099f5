import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A radio path over a terrain profile: antennas at each end, earth curvature through the
/// effective earth radius k·a (ITU-R P.452/P.526: k = 4/3 in the standard atmosphere,
/// a = 6371 km), line of sight, first-Fresnel-zone clearance, and diffraction loss by the
/// Bullington construction (ITU-R P.526-15 §4.5.1) or Deygout's method with the empirical
/// correction of earlier editions of P.526 (e.g. P.526-8 §4.5.1).
public struct TerrainPath: Sendable {
    public enum Diffraction: String, Sendable, CaseIterable {
        case none, bullington, deygout
    }

    public let profile: ElevationProfile
    public let txHeightMeters: Double
    public let rxHeightMeters: Double
    public let frequencyHz: Double
    public let kFactor: Double

    public static let earthRadiusMeters = 6_371_000.0

    public init(
        profile: ElevationProfile,
        txHeightMeters: Double,
        rxHeightMeters: Double,
        frequencyHz: Double,
        kFactor: Double = 4.0 / 3.0
    ) {
        self.profile = profile
        self.txHeightMeters = txHeightMeters
        self.rxHeightMeters = rxHeightMeters
        self.frequencyHz = frequencyHz
        self.kFactor = kFactor
    }

    public var lengthMeters: Double { profile.lengthMeters }
    public var wavelengthMeters: Double { SpeedOfLight.metersPerSecond / frequencyHz }
    /// Antenna heights above sea level at the ends.
    public var txAltitude: Double { profile.elevationsMeters[0] + txHeightMeters }
    public var rxAltitude: Double { profile.elevationsMeters[profile.elevationsMeters.count - 1] + rxHeightMeters }

    /// The earth's bulge at distance `d`: d·(D − d)/(2·k·a).
    public func earthBulge(at d: Double) -> Double {
        d * (lengthMeters - d) / (2 * kFactor * Self.earthRadiusMeters)
    }

    /// Intermediate points (excluding the ends) with bulge added: (distance, height).
    var obstacles: [(d: Double, h: Double)] {
        let n = profile.distancesMeters.count
        guard n > 2 else { return [] }
        return (1..<(n - 1)).compactMap { i in
            let d = profile.distancesMeters[i]
            guard d > 0 && d < lengthMeters else { return nil }
            return (d, profile.elevationsMeters[i] + earthBulge(at: d))
        }
    }

    /// First Fresnel zone radius at distance `d` from the transmitter: √(λ·d₁·d₂/(d₁ + d₂)).
    public func fresnelRadius(at d: Double) -> Double {
        (wavelengthMeters * d * (lengthMeters - d) / lengthMeters).squareRoot()
    }

    /// The smallest clearance of the direct ray over the terrain, as a fraction of the
    /// first Fresnel radius (≥ 0.6 is the usual "clear" criterion; < 0 means blocked).
    public var fresnelClearance: Double {
        var worst = Double.infinity
        for o in obstacles {
            let ray = txAltitude + (rxAltitude - txAltitude) * o.d / lengthMeters
            worst = min(worst, (ray - o.h) / fresnelRadius(at: o.d))
        }
        return worst
    }

    public var isLineOfSight: Bool { fresnelClearance > 0 }

    /// v for a point of height `h` at `x` under the line from (xa, ha) to (xb, hb).
    func fresnelParameter(x: Double, h: Double, xa: Double, ha: Double, xb: Double, hb: Double) -> Double {
        let d1 = x - xa
        let d2 = xb - x
        let excess = h - (ha + (hb - ha) * d1 / (xb - xa))
        return excess * (2 * (d1 + d2) / (wavelengthMeters * d1 * d2)).squareRoot()
    }

    /// Bullington (P.526-15 §4.5.1): one equivalent knife edge where the steepest rays from
    /// the two ends meet; loss J(v_b) (J(v_max) of the worst point when there is line of sight).
    public var bullingtonLossDB: Double {
        let obs = obstacles
        guard !obs.isEmpty else { return 0 }
        let d = lengthMeters
        let hts = txAltitude
        let hrs = rxAltitude
        let sTim = obs.map { ($0.h - hts) / $0.d }.max()!
        let sTr = (hrs - hts) / d
        if sTim < sTr {
            let vMax = obs.map { fresnelParameter(x: $0.d, h: $0.h, xa: 0, ha: hts, xb: d, hb: hrs) }.max()!
            return KnifeEdge.lossDB(v: vMax)
        }
        let sRim = obs.map { ($0.h - hrs) / (d - $0.d) }.max()!
        let db = (hrs - hts + sRim * d) / (sTim + sRim)
        let vb =
            (hts + sTim * db - (hts * (d - db) + hrs * db) / d)
            * (2 * d / (wavelengthMeters * db * (d - db))).squareRoot()
        return KnifeEdge.lossDB(v: vb)
    }

    /// Deygout (P.526-8 §4.5.1): the principal edge p (largest v) and the secondary edges
    /// on each side of it, L = J(v_p) + T·(J(v_t) + J(v_r) + C) with T = 1 − e^(−J(v_p)/6),
    /// C = 8 + 0.04·D (D in km); 0 when no edge reaches v = −0.78. The correction applies
    /// only when a secondary edge diffracts, so an isolated edge gives exactly J(v_p) (§4.1).
    public var deygoutLossDB: Double {
        let obs = obstacles
        guard !obs.isEmpty else { return 0 }
        let d = lengthMeters
        let hts = txAltitude
        let hrs = rxAltitude
        func worst(_ range: Range<Int>, xa: Double, ha: Double, xb: Double, hb: Double) -> (index: Int, v: Double)? {
            var best: (Int, Double)?
            for i in range where obs[i].d > xa && obs[i].d < xb {
                let v = fresnelParameter(x: obs[i].d, h: obs[i].h, xa: xa, ha: ha, xb: xb, hb: hb)
                if best == nil || v > best!.1 { best = (i, v) }
            }
            return best
        }
        guard let p = worst(0..<obs.count, xa: 0, ha: hts, xb: d, hb: hrs), p.v > -0.78 else { return 0 }
        let lp = KnifeEdge.lossDB(v: p.v)
        let edge = obs[p.index]
        let lt = worst(0..<p.index, xa: 0, ha: hts, xb: edge.d, hb: edge.h).map { KnifeEdge.lossDB(v: $0.v) } ?? 0
        let lr =
            worst((p.index + 1)..<obs.count, xa: edge.d, ha: edge.h, xb: d, hb: hrs).map { KnifeEdge.lossDB(v: $0.v) }
            ?? 0
        guard lt > 0 || lr > 0 else { return lp }
        let t = 1 - exp(-lp / 6)
        let c = 8 + 0.04 * d / 1000
        return lp + t * (lt + lr + c)
    }

    public func diffractionLossDB(_ method: Diffraction) -> Double {
        switch method {
        case .none: 0
        case .bullington: bullingtonLossDB
        case .deygout: deygoutLossDB
        }
    }
}
