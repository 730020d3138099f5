import SightlineCore
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An agent who "follows the signal" (CLAIMS.md C2): every `intervalSeconds` it takes a
/// bearing on the emitter, with a Gaussian error whose standard deviation may grow with
/// distance (`sigmaDegrees(distance)`), then walks along that bearing at `speed` until the
/// next look; it stops when within `stopMeters`. Seeded Monte Carlo gives the time to reach
/// the door as a function of the start distance and the bearing error.
public struct HomingAgent: Sendable {
    public var speedMetersPerSecond: Double
    public var intervalSeconds: Double
    public var stopMeters: Double
    /// Give up after this long (the call ends, or the agent does).
    public var maximumSeconds: Double

    public init(speedMetersPerSecond: Double = 1.4, intervalSeconds: Double = 10, stopMeters: Double = 20, maximumSeconds: Double = 3600) {
        self.speedMetersPerSecond = speedMetersPerSecond
        self.intervalSeconds = intervalSeconds
        self.stopMeters = stopMeters
        self.maximumSeconds = maximumSeconds
    }

    /// One walk from `startMeters` due south of the emitter; returns the time to come within
    /// `stopMeters`, or nil if it takes longer than `maximumSeconds`.
    public func walk(startMeters: Double, sigmaDegrees: (Double) -> Double, rng: inout SeededGenerator) -> Double? {
        var e = 0.0, n = -startMeters, t = 0.0
        while t < maximumSeconds {
            let d = (e * e + n * n).squareRoot()
            if d <= stopMeters { return t }
            let truth = atan2(-e, -n)
            let heading = truth + sigmaDegrees(d) * .pi / 180 * rng.nextGaussian()
            // Walk until the next look, or stop on arriving within reach of the door.
            let step = speedMetersPerSecond * intervalSeconds
            // Closest approach along this leg.
            let along = -(e * sin(heading) + n * cos(heading))
            if along > 0 {
                let s = min(step, along)
                let ce = e + s * sin(heading), cn = n + s * cos(heading)
                if (ce * ce + cn * cn).squareRoot() <= stopMeters {
                    // Solve for the first point of the leg inside the stop circle.
                    let b = e * sin(heading) + n * cos(heading), c = e * e + n * n - stopMeters * stopMeters
                    let root = -b - (b * b - c).squareRoot()
                    return t + max(0, root) / speedMetersPerSecond
                }
            }
            e += step * sin(heading)
            n += step * cos(heading)
            t += intervalSeconds
        }
        return nil
    }

    public struct Summary: Sendable, Equatable {
        public var reachedFraction: Double
        public var meanSeconds: Double
        public var medianSeconds: Double
        public var p90Seconds: Double
    }

    public func simulate(startMeters: Double, trials: Int, seed: UInt64, sigmaDegrees: @escaping (Double) -> Double) -> Summary {
        var rng = SeededGenerator(seed: seed)
        var times: [Double] = []
        for _ in 0..<trials {
            if let t = walk(startMeters: startMeters, sigmaDegrees: sigmaDegrees, rng: &rng) { times.append(t) }
        }
        times.sort()
        guard !times.isEmpty else { return Summary(reachedFraction: 0, meanSeconds: .nan, medianSeconds: .nan, p90Seconds: .nan) }
        return Summary(reachedFraction: Double(times.count) / Double(trials), meanSeconds: times.reduce(0, +) / Double(times.count),
                       medianSeconds: times[times.count / 2], p90Seconds: times[min(times.count - 1, Int(0.9 * Double(times.count)))])
    }

    /// Bearing error that follows the signal: per-element SNR `snrDBAtStart` at
    /// `startMeters`, rising by 10·n·log10(start/d) as the agent closes in, and σ(d) the
    /// single-source stochastic CRB of `array` for `snapshots` snapshots at that SNR (taken at
    /// 0°: an Adcock's or UCA's bound barely depends on azimuth), never below `floorDegrees`.
    public static func sigmaFollowingSNR(array: AntennaArray, snrDBAtStart: Double, startMeters: Double, exponent: Double,
                                         snapshots: Int, floorDegrees: Double) -> @Sendable (Double) -> Double {
        { d in
            let snr = snrDBAtStart + 10 * exponent * log10(startMeters / max(d, 1))
            return max(floorDegrees, BearingCRB.degrees(array: array, bearingDegrees: 0, snapshots: snapshots, snrDB: snr))
        }
    }
}
