import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path loss as a function of distance: a median model, optionally plus the diffraction
/// loss of a terrain profile (the receiver sits on the profile at that distance from the
/// transmitter at its start).
public struct PropagationPath: Sendable {
    public var model: PathLossModel
    public var frequencyHz: Double
    public var txHeightMeters: Double
    public var rxHeightMeters: Double
    public var pathLossExponent: Double
    public var referenceDistanceMeters: Double
    public var allowExtrapolation: Bool
    public var terrain: ElevationProfile?
    public var diffraction: TerrainPath.Diffraction
    public var kFactor: Double
    /// Added to the model's loss at every distance (dB): a device's ``DevicePreset/pathLossOffsetDB``.
    public var offsetDB: Double

    public init(
        model: PathLossModel,
        frequencyHz: Double,
        txHeightMeters: Double,
        rxHeightMeters: Double,
        pathLossExponent: Double = 3,
        referenceDistanceMeters: Double = 100,
        allowExtrapolation: Bool = false,
        terrain: ElevationProfile? = nil,
        diffraction: TerrainPath.Diffraction = .deygout,
        kFactor: Double = 4.0 / 3.0,
        offsetDB: Double = 0
    ) {
        self.offsetDB = offsetDB
        self.model = model
        self.frequencyHz = frequencyHz
        self.txHeightMeters = txHeightMeters
        self.rxHeightMeters = rxHeightMeters
        self.pathLossExponent = pathLossExponent
        self.referenceDistanceMeters = referenceDistanceMeters
        self.allowExtrapolation = allowExtrapolation
        self.terrain = terrain
        self.diffraction = diffraction
        self.kFactor = kFactor
    }

    /// Hata-family models take the base (higher) antenna as the transmitter.
    var geometryHeights: (tx: Double, rx: Double) {
        (max(txHeightMeters, rxHeightMeters), min(txHeightMeters, rxHeightMeters))
    }

    public func lossDB(distanceMeters d: Double, location: String = "path") throws -> Double {
        let h = geometryHeights
        let g = PathGeometry(
            frequencyHz: frequencyHz,
            distanceMeters: d,
            txHeightMeters: h.tx,
            rxHeightMeters: h.rx,
            pathLossExponent: pathLossExponent,
            referenceDistanceMeters: referenceDistanceMeters
        )
        var loss = try model.lossDB(g, allowExtrapolation: allowExtrapolation, location: location) + offsetDB
        if let terrain, diffraction != .none {
            guard d <= terrain.lengthMeters else {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: "distance",
                    message: "\(d) m is beyond the terrain profile (\(terrain.lengthMeters) m)",
                    fix: "extend the profile or search a shorter range"
                )
            }
            let path = TerrainPath(
                profile: terrain.truncated(to: d),
                txHeightMeters: txHeightMeters,
                rxHeightMeters: rxHeightMeters,
                frequencyHz: frequencyHz,
                kFactor: kFactor
            )
            loss += path.diffractionLossDB(diffraction)
        }
        return loss
    }

    /// The smooth-earth radio horizon of the two antennas, √(2·k·a·hₜ) + √(2·k·a·hᵣ)
    /// (k-factor earth of radius a; ITU-R P.834 / P.526 geometry): beyond it the earth
    /// itself is in the way, and no median model without a diffraction calculation says
    /// anything true (1.3 m and 1.5 m antennas: 9.74 km at k = 4/3).
    public var radioHorizonMeters: Double {
        let ka = kFactor * TerrainPath.earthRadiusMeters
        return (2 * ka * max(0, txHeightMeters)).squareRoot() + (2 * ka * max(0, rxHeightMeters)).squareRoot()
    }

    /// The distances this path can be evaluated at: the model's validity (unless
    /// extrapolating), from the log-distance reference, within the terrain profile — and,
    /// without one, within the radio horizon, whatever the model.
    public var distanceDomainMeters: ClosedRange<Double> {
        var lo = 1.0
        var hi = 1_000_000.0
        if !allowExtrapolation {
            let v = model.validity.distanceKm
            lo = max(lo, v.lowerBound * 1000)
            if v.upperBound.isFinite { hi = min(hi, v.upperBound * 1000) }
        }
        if model == .logDistance { lo = max(lo, referenceDistanceMeters) }
        if let terrain { hi = min(hi, terrain.lengthMeters) } else { hi = min(hi, radioHorizonMeters) }
        return lo...max(lo, hi)
    }
}

/// Solves "how far": the largest distance at which a link still closes.
public enum RangeSolver {
    public struct Solution: Sendable, Equatable {
        /// The largest distance with loss ≤ allowed; nil when even the nearest fails.
        public var distanceMeters: Double?
        /// True when the far end of the searched domain still closes (the range is at
        /// least `distanceMeters`, limited by the model's validity or the profile).
        public var limitedByDomain: Bool

        public init(distanceMeters: Double?, limitedByDomain: Bool) {
            self.distanceMeters = distanceMeters
            self.limitedByDomain = limitedByDomain
        }
    }

    /// The largest d in `domain` with `loss(d) ≤ allowedLossDB`. The domain is scanned on a
    /// 1000-point log grid from the far end (so a non-monotone loss, like two-ray's
    /// interference nulls or a ridge, still yields the *largest* such distance), then the
    /// crossing is bisected to 1e−9 relative, where the loss equals the allowed loss.
    public static func largestDistance(
        domain: ClosedRange<Double>,
        allowedLossDB: Double,
        loss: (Double) throws -> Double
    ) rethrows -> Solution {
        let n = 1000
        let lo = domain.lowerBound
        let hi = domain.upperBound
        func grid(_ i: Int) -> Double { lo * pow(hi / lo, Double(i) / Double(n - 1)) }
        if try loss(hi) <= allowedLossDB { return Solution(distanceMeters: hi, limitedByDomain: true) }
        var i = n - 2
        while i >= 0 {
            if try loss(grid(i)) <= allowedLossDB { break }
            i -= 1
        }
        guard i >= 0 else { return Solution(distanceMeters: nil, limitedByDomain: false) }
        var good = grid(i)
        var bad = grid(i + 1)
        for _ in 0..<100 where (bad - good) > 1e-9 * good {
            let mid = 0.5 * (good + bad)
            if try loss(mid) <= allowedLossDB { good = mid } else { bad = mid }
        }
        return Solution(distanceMeters: good, limitedByDomain: false)
    }
}
