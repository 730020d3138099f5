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

    public init(
        speedMetersPerSecond: Double = 1.4,
        intervalSeconds: Double = 10,
        stopMeters: Double = 20,
        maximumSeconds: Double = 3600
    ) {
        self.speedMetersPerSecond = speedMetersPerSecond
        self.intervalSeconds = intervalSeconds
        self.stopMeters = stopMeters
        self.maximumSeconds = maximumSeconds
    }

    /// One walk from `startMeters` due south of the emitter; returns the time to come within
    /// `stopMeters`, or nil if it takes longer than `maximumSeconds`.
    public func walk(startMeters: Double, sigmaDegrees: (Double) -> Double, rng: inout SeededGenerator) -> Double? {
        walk(startMeters: startMeters, rng: &rng) { e, n, rng in
            atan2(-e, -n) + sigmaDegrees((e * e + n * n).squareRoot()) * .pi / 180 * rng.nextGaussian()
        }
    }

    /// One walk that follows the signal-strength gradient instead of a bearing (`RSSGradient`).
    public func walk(startMeters: Double, gradient: RSSGradient, rng: inout SeededGenerator) -> Double? {
        walk(startMeters: startMeters, rng: &rng) { e, n, rng in gradient.heading(east: e, north: n, &rng) }
    }

    /// The walk itself: at each look `heading` (radians clockwise from north) is chosen from
    /// the agent's position relative to the emitter, then the agent walks along it.
    func walk(
        startMeters: Double,
        rng: inout SeededGenerator,
        heading chooseHeading: (Double, Double, inout SeededGenerator) -> Double
    ) -> Double? {
        var e = 0.0
        var n = -startMeters
        var t = 0.0
        while t < maximumSeconds {
            let d = (e * e + n * n).squareRoot()
            if d <= stopMeters { return t }
            let heading = chooseHeading(e, n, &rng)
            // Walk until the next look, or stop on arriving within reach of the door.
            let step = speedMetersPerSecond * intervalSeconds
            if let s = Self.stopDistance(east: e, north: n, heading: heading, legMeters: step, stopMeters: stopMeters) {
                return t + s / speedMetersPerSecond
            }
            e += step * sin(heading)
            n += step * cos(heading)
            t += intervalSeconds
        }
        return nil
    }

    /// Where a straight leg first comes within `stopMeters` of the door: the distance along
    /// the leg, or nil if it does not within `legMeters`. The walker starts at (`east`,
    /// `north`) metres from the door, outside the stop circle, heading `heading` radians
    /// clockwise from north; the answer is the first root s ≥ 0 of |p + s·u| = stopMeters.
    public static func stopDistance(
        east e: Double,
        north n: Double,
        heading: Double,
        legMeters: Double,
        stopMeters: Double
    ) -> Double? {
        let b = e * sin(heading) + n * cos(heading)
        let c = e * e + n * n - stopMeters * stopMeters
        let disc = b * b - c
        guard disc >= 0 else { return nil }
        let root = -b - disc.squareRoot()
        return root >= 0 && root <= legMeters ? root : nil
    }

    public struct Summary: Sendable, Equatable {
        public var reachedFraction: Double
        public var meanSeconds: Double
        public var medianSeconds: Double
        public var p90Seconds: Double
    }

    public func simulate(
        startMeters: Double,
        trials: Int,
        seed: UInt64,
        sigmaDegrees: @escaping (Double) -> Double
    ) -> Summary {
        summarise(trials: trials, seed: seed) { walk(startMeters: startMeters, sigmaDegrees: sigmaDegrees, rng: &$0) }
    }

    /// The same for an agent following the signal-strength gradient.
    public func simulate(startMeters: Double, trials: Int, seed: UInt64, gradient: RSSGradient) -> Summary {
        summarise(trials: trials, seed: seed) { walk(startMeters: startMeters, gradient: gradient, rng: &$0) }
    }

    func summarise(trials: Int, seed: UInt64, _ one: (inout SeededGenerator) -> Double?) -> Summary {
        var rng = SeededGenerator(seed: seed)
        var times: [Double] = []
        for _ in 0..<trials {
            if let t = one(&rng) { times.append(t) }
        }
        times.sort()
        guard !times.isEmpty else {
            return Summary(reachedFraction: 0, meanSeconds: .nan, medianSeconds: .nan, p90Seconds: .nan)
        }
        return Summary(
            reachedFraction: Double(times.count) / Double(trials),
            meanSeconds: times.reduce(0, +) / Double(times.count),
            medianSeconds: Statistics.median(sorted: times),
            p90Seconds: times[min(times.count - 1, Int(0.9 * Double(times.count)))]
        )
    }

    /// Bearing error that follows the signal: per-element SNR `snrDBAtStart` at
    /// `startMeters`, rising by 10·n·log10(start/d) as the agent closes in, and σ(d) the
    /// single-source stochastic CRB of `array` for `snapshots` snapshots at that SNR (taken at
    /// 0°: an Adcock's or UCA's bound barely depends on azimuth), never below `floorDegrees`.
    public static func sigmaFollowingSNR(
        array: AntennaArray,
        snrDBAtStart: Double,
        startMeters: Double,
        exponent: Double,
        snapshots: Int,
        floorDegrees: Double
    ) -> @Sendable (Double) -> Double {
        { d in
            let snr = snrDBAtStart + 10 * exponent * log10(startMeters / max(d, 1))
            return max(
                floorDegrees,
                BearingCRB.degrees(array: array, bearingDegrees: 0, snapshots: snapshots, snrDB: snr)
            )
        }
    }
}

/// Homing on signal strength alone (a receiver without direction finding, C2's "follow the
/// signal"): at each stop the agent reads the level at three points — where it stands and
/// `baselineMeters` east and north of it — and walks up the estimated gradient.
///
/// Each reading is Lᵢ = P₀ − 10·n·log10 dᵢ + Sᵢ + eᵢ: the log-distance median, log-normal
/// shadowing Sᵢ of σ `shadowingDB` correlated between the three points as
/// exp(−Δ/`decorrelationMeters`) (Gudmundson, Electronics Letters 27(23), 1991; drawn with
/// the exact 3 × 3 Cholesky factor), and a reading error eᵢ of σ `levelErrorDB` (what is
/// left of fast fading after averaging a look's bursts, plus the instrument). The heading is
/// that of ((L_E − L₀)/b, (L_N − L₀)/b). Shadowing is drawn afresh at each stop: the agent
/// moves `speed × interval` (14 m at the defaults) between stops, so consecutive stops'
/// shadowing is in truth partly correlated, which this model leaves out.
public struct RSSGradient: Sendable {
    public var exponent: Double
    public var baselineMeters: Double
    public var levelErrorDB: Double
    public var shadowingDB: Double
    public var decorrelationMeters: Double

    public init(
        exponent: Double = 3,
        baselineMeters: Double = 10,
        levelErrorDB: Double = 1,
        shadowingDB: Double = 6,
        decorrelationMeters: Double = 50
    ) {
        self.exponent = exponent
        self.baselineMeters = baselineMeters
        self.levelErrorDB = levelErrorDB
        self.shadowingDB = shadowingDB
        self.decorrelationMeters = decorrelationMeters
    }

    /// The heading (radians clockwise from north) the agent chooses at (east, north) metres
    /// from the emitter.
    public func heading(east e: Double, north n: Double, _ rng: inout SeededGenerator) -> Double {
        let b = baselineMeters
        func median(_ x: Double, _ y: Double) -> Double { -10 * exponent * log10(max(1, (x * x + y * y).squareRoot())) }
        // Shadowing at (0,0), (b,0), (0,b): correlations ρ₁ = e^(−b/D) to each offset point,
        // ρ₂ = e^(−√2·b/D) between them; L = Cholesky factor of
        // σ²·[[1,ρ₁,ρ₁],[ρ₁,1,ρ₂],[ρ₁,ρ₂,1]].
        let r1 = exp(-b / decorrelationMeters)
        let r2 = exp(-2.0.squareRoot() * b / decorrelationMeters)
        let l21 = r1
        let l22 = (1 - r1 * r1).squareRoot()
        let l31 = r1
        let l32 = (r2 - r1 * r1) / max(l22, 1e-12)
        let l33 = max(0, 1 - l31 * l31 - l32 * l32).squareRoot()
        let z = (rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian())
        let s0 = shadowingDB * z.0
        let sE = shadowingDB * (l21 * z.0 + l22 * z.1)
        let sN = shadowingDB * (l31 * z.0 + l32 * z.1 + l33 * z.2)
        let l0 = median(e, n) + s0 + levelErrorDB * rng.nextGaussian()
        let lE = median(e + b, n) + sE + levelErrorDB * rng.nextGaussian()
        let lN = median(e, n + b) + sN + levelErrorDB * rng.nextGaussian()
        return atan2(lE - l0, lN - l0)
    }
}
