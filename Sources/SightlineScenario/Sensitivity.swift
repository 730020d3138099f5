import Foundation
import SightlineCore

/// Variance-based sensitivity indices of a function of independent inputs on the unit cube
/// (each input mapped to its distribution by its quantile function).
///
/// Sampling: Saltelli, Annoni, Azzini, Campolongo, Ratto & Tarantola, "Variance based
/// sensitivity analysis of model output. Design and estimator for the total sensitivity
/// index", Comput. Phys. Commun. 181 (2010) 259–270: two independent N × k base matrices A
/// and B, and for each input i the matrix A_B^(i) (A with column i from B), N·(k + 2)
/// evaluations in all. First order: Saltelli 2010's estimator (their Table 2, (b)),
/// V_i = (1/N) Σ_j f(B)_j (f(A_B^(i))_j − f(A)_j). Total: Jansen 1999 (Table 2, (f)),
/// V_Ti = (1/(2N)) Σ_j (f(A)_j − f(A_B^(i))_j)². Both divided by the variance of f over A and B.
/// The base sample is a seeded Latin hypercube of 2k dimensions (the first k columns are A,
/// the last k are B). The 95 % intervals are the normal ones from the standard error of each
/// estimator's sample mean (the variance of f taken as known): cheap and adequate at the N
/// these runs use.
public enum SobolEstimator {
    public struct Indices: Sendable, Equatable {
        public var firstOrder: [Double]
        public var total: [Double]
        public var firstOrderCI95: [[Double]]
        public var totalCI95: [[Double]]
        /// The variance of f over the 2N base points.
        public var variance: Double
    }

    /// The evaluation points, in the order `indices(values:…)` expects: A (N rows), B (N
    /// rows), then A_B^(1) … A_B^(k) (N rows each). Each point is k numbers in [0, 1).
    public static func design(samples n: Int, dimensions k: Int, seed: UInt64) -> [[Double]] {
        let base = LatinHypercube.sample(count: n, dimensions: 2 * k, seed: seed)
        let a = base.map { Array($0[0..<k]) }
        let b = base.map { Array($0[k..<(2 * k)]) }
        var points = a + b
        points.reserveCapacity(n * (k + 2))
        for i in 0..<k {
            for j in 0..<n {
                var p = a[j]
                p[i] = b[j][i]
                points.append(p)
            }
        }
        return points
    }

    /// The indices from f at the points of `design` (N·(k + 2) values, in its order).
    public static func indices(values y: [Double], samples n: Int, dimensions k: Int) -> Indices {
        precondition(y.count == n * (k + 2), "Sobol' values: expected N·(k + 2)")
        let fa = y[0..<n]
        let fb = y[n..<(2 * n)]
        let all = Array(y[0..<(2 * n)])
        let mean = all.reduce(0, +) / Double(2 * n)
        let variance = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(2 * n - 1)
        let z = 1.959963984540054
        var s1: [Double] = []
        var st: [Double] = []
        var s1CI: [[Double]] = []
        var stCI: [[Double]] = []
        for i in 0..<k {
            let fab = y[((2 + i) * n)..<((3 + i) * n)]
            var first: [Double] = []
            var tot: [Double] = []
            first.reserveCapacity(n)
            tot.reserveCapacity(n)
            for j in 0..<n {
                let ya = fa[fa.startIndex + j]
                let yb = fb[fb.startIndex + j]
                let yab = fab[fab.startIndex + j]
                first.append(yb * (yab - ya))
                tot.append(0.5 * (ya - yab) * (ya - yab))
            }
            func estimate(_ t: [Double]) -> (Double, [Double]) {
                let m = t.reduce(0, +) / Double(n)
                let v = t.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(n - 1, 1))
                let se = (v / Double(n)).squareRoot()
                guard variance > 0 else { return (.nan, [.nan, .nan]) }
                return (m / variance, [(m - z * se) / variance, (m + z * se) / variance])
            }
            let (a, aCI) = estimate(first)
            let (b, bCI) = estimate(tot)
            s1.append(a)
            st.append(b)
            s1CI.append(aCI)
            stCI.append(bCI)
        }
        return Indices(firstOrder: s1, total: st, firstOrderCI95: s1CI, totalCI95: stCI, variance: variance)
    }
}

/// Which probability of a risk curve a sensitivity run looks at.
public enum SensitivityOutcome: String, Sendable, Codable, CaseIterable {
    case detected, located
    case agentArrived = "agent-arrived"

    func value(_ p: RiskEngine.Point) -> Double {
        switch self {
        case .detected: return p.pDetected
        case .located: return p.pLocated
        case .agentArrived: return p.pAgentArrived
        }
    }
}

/// One-at-a-time swings, or Sobol' indices.
public enum SensitivityMethod: String, Sendable, Codable, CaseIterable {
    case oat, sobol
}

/// What `sightline sensitivity` writes (`--json`).
public struct SensitivityDocument: ResultDocument, Equatable {
    public static let documentName = "sensitivity"
    public static let writtenBy = "sightline sensitivity SCENE --json"

    public struct Factor: Codable, Sendable, Equatable {
        public var name: String
        /// The factor's 5th and 95th percentile (the one-at-a-time swing).
        public var low: Double
        public var high: Double
        /// The outcome's probability with this factor at `low` (resp. `high`), every other
        /// factor at the scene's value.
        public var pLow: Double
        public var pHigh: Double
        /// Sobol' first-order and total indices (nil for one-at-a-time, and when the outcome
        /// takes the same value at every design point, so that there is no variance to share).
        public var firstOrder: Double?
        public var total: Double?
        public var firstOrderCI95: [Double]?
        public var totalCI95: [Double]?

        enum CodingKeys: String, CodingKey {
            case name, low, high, pLow = "p_low", pHigh = "p_high", firstOrder = "first_order", total
            case firstOrderCI95 = "first_order_ci95", totalCI95 = "total_ci95"
        }

        /// Every key is written, the Sobol' ones as null in a one-at-a-time run, so readers
        /// see one schema.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
            try c.encode(pLow, forKey: .pLow)
            try c.encode(pHigh, forKey: .pHigh)
            try c.encode(firstOrder, forKey: .firstOrder)
            try c.encode(total, forKey: .total)
            try c.encode(firstOrderCI95, forKey: .firstOrderCI95)
            try c.encode(totalCI95, forKey: .totalCI95)
        }

        public var swing: Double { abs(pHigh - pLow) }
    }

    public var outcome: SensitivityOutcome
    public var durationSeconds: Double
    public var method: SensitivityMethod
    public var trialsPerPoint: Int
    public var seed: UInt64
    /// The outcome's probability with every factor at the scene's value.
    public var pNominal: Double
    /// Sobol' base sample size N (nil for one-at-a-time).
    public var sobolSamples: Int?
    /// Sorted by swing, widest first.
    public var factors: [Factor]

    enum CodingKeys: String, CodingKey {
        case outcome, durationSeconds = "duration_s", method, trialsPerPoint = "trials_per_point", seed
        case pNominal = "p_nominal", sobolSamples = "sobol_samples", factors
    }
}

/// What `sightline sensitivity` runs: the scene at its nominal values, each factor alone at
/// its 5th and 95th percentile (one at a time), and for Sobol' the N·(k + 2) points of
/// ``SobolEstimator``. Every point runs the same calls (the run's seed): common random
/// numbers, so the differences between points are the factors' and not the sampling's.
public struct SensitivityStudy: Sendable {
    public var scene: RiskScene
    public var durationSeconds: Double
    public var outcome: SensitivityOutcome
    public var method: SensitivityMethod
    public var trialsPerPoint: Int
    /// The run's seed (nil: the scene's).
    public var seed: UInt64?
    public var sobolSamples: Int
    public var threads: Int

    /// Sobol' with fewer base samples than this gives intervals wider than the indices.
    public static let minimumSobolSamples = 32
    /// Fewer calls per point leave a binomial σ above 0.05 at p = 0.5.
    public static let minimumTrials = 100
    /// The most scene evaluations a Sobol' run may ask for.
    public static let maximumSobolCalls = 50_000_000

    public init(
        scene: RiskScene,
        durationSeconds: Double,
        outcome: SensitivityOutcome,
        method: SensitivityMethod = .oat,
        trialsPerPoint: Int = 2000,
        seed: UInt64? = nil,
        sobolSamples: Int = 64,
        threads: Int = Parallel.defaultThreads
    ) {
        self.scene = scene
        self.durationSeconds = durationSeconds
        self.outcome = outcome
        self.method = method
        self.trialsPerPoint = trialsPerPoint
        self.seed = seed
        self.sobolSamples = sobolSamples
        self.threads = threads
    }

    /// The scene evaluations the run needs: 1 + 2k one-at-a-time, plus N·(k + 2) for Sobol'.
    public var points: Int {
        let k = scene.assumptions.count
        return 1 + 2 * k + (method == .sobol ? sobolSamples * (k + 2) : 0)
    }

    func error(_ field: String, _ message: String, fix: String) -> SightlineError {
        SightlineError(
            .invalidValue,
            location: scene.definition?.path ?? scene.name,
            field: field,
            message: message,
            fix: fix
        )
    }

    /// Checks the budget and runs every point; `progress` gets the points done.
    public func run(
        model: MeasurementModel,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws
        -> SensitivityDocument
    {
        let factors = scene.assumptions
        guard let definition = scene.definition, !factors.isEmpty else {
            throw error(
                "assumptions",
                "the scene lists no assumptions to vary",
                fix: "add an assumptions: list to the scene (see Signals/scenes/README.md)"
            )
        }
        guard trialsPerPoint >= Self.minimumTrials && trialsPerPoint <= RiskEngine.maximumTrials else {
            throw error(
                "trials",
                "\(trialsPerPoint) calls per point is outside \(Self.minimumTrials) to \(RiskEngine.maximumTrials)",
                fix: "give --trials \(Self.minimumTrials) or more (2000 gives σ ≤ 0.011 per point)"
            )
        }
        if method == .sobol {
            guard sobolSamples >= Self.minimumSobolSamples else {
                throw error(
                    "sobol_samples",
                    "\(sobolSamples) Sobol' samples cannot give meaningful indices",
                    fix: "give --sobol-samples \(Self.minimumSobolSamples) or more, or use --method oat"
                )
            }
            let calls = sobolSamples * (factors.count + 2) * trialsPerPoint
            guard sobolSamples <= Self.maximumSobolCalls / ((factors.count + 2) * trialsPerPoint) else {
                throw error(
                    "sobol_samples",
                    """
                    \(sobolSamples) samples × \(factors.count + 2) × \(trialsPerPoint) calls is more than the \
                    limit of 
                    """
                        + "\(Self.maximumSobolCalls) calls (\(calls))",
                    fix: "give fewer --sobol-samples or --trials, or use --method oat"
                )
            }
        }
        let runSeed = seed ?? scene.seed
        var done = 0
        func evaluate(_ settings: [(String, SweepValue)]) throws -> Double {
            let s =
                settings.isEmpty
                ? scene : try Sweep.scene(text: definition.text, scenePath: definition.path, settings: settings)
            let r = try RiskEngine.run(
                scene: s,
                model: model,
                durations: [durationSeconds],
                trials: trialsPerPoint,
                seed: runSeed,
                threads: threads
            )
            done += 1
            progress?(done)
            return outcome.value(r.curve[0])
        }
        let pNominal = try evaluate([])
        var out: [SensitivityDocument.Factor] = []
        for f in factors {
            let (lo, hi) = f.distribution.swing
            let pLo = try evaluate([(f.path, .number(lo))])
            let pHi = try evaluate([(f.path, .number(hi))])
            out.append(.init(name: f.name, low: lo, high: hi, pLow: pLo, pHigh: pHi))
        }
        var samples: Int?
        if method == .sobol {
            let k = factors.count
            let design = SobolEstimator.design(samples: sobolSamples, dimensions: k, seed: runSeed ^ 0x5_0B01)
            var y: [Double] = []
            y.reserveCapacity(design.count)
            for u in design {
                y.append(try evaluate(zip(factors, u).map { ($0.path, .number($0.distribution.quantile($1))) }))
            }
            let ix = SobolEstimator.indices(values: y, samples: sobolSamples, dimensions: k)
            // An answer that does not vary across the assumptions has no variance to share
            // out: its indices are undefined and stay nil (null in JSON), as for OAT.
            for i in 0..<k where ix.variance > 0 {
                out[i].firstOrder = ix.firstOrder[i]
                out[i].total = ix.total[i]
                out[i].firstOrderCI95 = ix.firstOrderCI95[i]
                out[i].totalCI95 = ix.totalCI95[i]
            }
            samples = sobolSamples
        }
        let sorted = out.enumerated().sorted {
            $0.element.swing != $1.element.swing ? $0.element.swing > $1.element.swing : $0.offset < $1.offset
        }
        .map(\.element)
        return SensitivityDocument(
            outcome: outcome,
            durationSeconds: durationSeconds,
            method: method,
            trialsPerPoint: trialsPerPoint,
            seed: runSeed,
            pNominal: pNominal,
            sobolSamples: samples,
            factors: sorted
        )
    }
}
