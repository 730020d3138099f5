import Foundation
import SightlineCore
import SightlineRF

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A number in a timed scene that nobody outside the security service knows — a dispatch
/// delay, a walking speed, a site error, a noise figure — given as a distribution over its
/// plausible range, with the source of that range. The scene's own value is the nominal.
///
/// In a scene file (`assumptions:` at the top level; `path` is a dotted path into the scene,
/// as tactics use):
///
/// ```yaml
/// assumptions:
///   - name: dispatch delay
///     path: observers.1.reaction_s
///     lognormal: {median: 60, spread: 0.7}
///     source: "assumption: a minute to get ready; 20 s – 4 min at 5–95 %"
///   - {name: walking speed, path: observers.1.speed_mps, uniform: [1.1, 1.7], source: "Knoblauch 1996"}
///   - {name: shadowing, path: propagation.shadowing_db, triangular: [4, 6, 10], source: "ITU-R P.1411"}
/// ```
public struct Assumption: Sendable, Equatable {
    public var name: String
    /// The dotted path of the number in the scene file.
    public var path: String
    public var distribution: Distribution
    public var source: String

    public init(name: String, path: String, distribution: Distribution, source: String) {
        self.name = name
        self.path = path
        self.distribution = distribution
        self.source = source
    }

    public enum Distribution: Sendable, Equatable {
        case uniform(low: Double, high: Double)
        case triangular(low: Double, mode: Double, high: Double)
        /// ln X ~ N(ln median, spread²).
        case logNormal(median: Double, spread: Double)

        /// The value at cumulative probability `u` ∈ (0, 1).
        public func quantile(_ u: Double) -> Double {
            switch self {
            case .uniform(let a, let b):
                return a + u * (b - a)
            case .triangular(let a, let c, let b):
                guard b > a else { return a }
                let f = (c - a) / (b - a)
                return u < f
                    ? a + ((u * (b - a) * (c - a))).squareRoot() : b - ((1 - u) * (b - a) * (b - c)).squareRoot()
            case .logNormal(let m, let s):
                return m * exp(s * StandardNormal.quantile(min(max(u, 1e-12), 1 - 1e-12)))
            }
        }

        /// The low and high ends a one-at-a-time swing uses: the 5th and 95th percentiles.
        public var swing: (low: Double, high: Double) { (quantile(0.05), quantile(0.95)) }
    }
}

/// Latin hypercube samples of the unit cube: `count` points in `dimensions`, each axis cut
/// into `count` equal strata with one point in each, the strata paired at random (McKay,
/// Beckman & Conover, Technometrics 21, 1979). Seeded.
public enum LatinHypercube {
    public static func sample(count: Int, dimensions: Int, seed: UInt64) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        var points = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: count)
        for d in 0..<dimensions {
            var strata = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                strata.swapAt(i, j)
            }
            for i in 0..<count { points[i][d] = (Double(strata[i]) + rng.nextUnitDouble()) / Double(count) }
        }
        return points
    }
}

/// How much a curve point moves across assumption draws: the 5th, 50th and 95th percentile
/// of each probability over the draws (linear interpolation between order statistics).
public struct AssumptionBand: Sendable, Equatable {
    public var detected: [Double]
    public var located: [Double]
    public var misled: [Double]
    public var agentArrived: [Double]

    public static let percentiles = [0.05, 0.5, 0.95]

    /// The band of the points of one curve position across draws.
    public init(_ points: [RiskEngine.Point]) {
        func band(_ x: [Double]) -> [Double] {
            let sorted = x.sorted()
            return Self.percentiles.map { Statistics.quantile(sorted: sorted, $0) ?? .nan }
        }
        detected = band(points.map(\.pDetected))
        located = band(points.map(\.pLocated))
        misled = band(points.map(\.pMisled))
        agentArrived = band(points.map(\.pAgentArrived))
    }
}

/// Whether `risk` runs the scene as written or also across its assumptions.
public enum AssumptionMode: Sendable, Equatable {
    case nominal
    /// `draws` Latin-hypercube draws of the scene's assumptions, each run with the nominal
    /// seed (common random numbers: the draws differ by their assumptions only).
    case sample(draws: Int)
}
