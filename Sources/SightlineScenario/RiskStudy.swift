import Foundation
import SightlineCore

/// What `sightline risk` and `sightline report` run: a timed scene and each of its tactics,
/// the same calls (same seed) for every variant, so that the curves differ only by the
/// tactic.
public struct RiskStudy: Sendable {
    public var scene: RiskScene
    public var durationsSeconds: [Double]
    public var trials: Int
    /// The run's seed (nil: the scene's).
    public var seed: UInt64?
    public var fidelity: Fidelity
    public var threads: Int

    public init(
        scene: RiskScene,
        durationsSeconds: [Double],
        trials: Int,
        seed: UInt64? = nil,
        fidelity: Fidelity = .measurement,
        threads: Int = Parallel.defaultThreads
    ) {
        self.scene = scene
        self.durationsSeconds = durationsSeconds
        self.trials = trials
        self.seed = seed
        self.fidelity = fidelity
        self.threads = threads
    }

    public var assumptions: AssumptionMode = .nominal

    /// The calls simulated in all (scene and tactics, and every assumption draw of each).
    public var totalCalls: Int {
        let draws: Int
        if case .sample(let n) = assumptions { draws = n } else { draws = 0 }
        return (1 + scene.tactics.count) * trials * (1 + draws)
    }

    /// Runs the scene, then every tactic; `progress` gets the calls done so far out of
    /// `totalCalls`. The first result is the scene's.
    public func run(model: MeasurementModel, progress: (@Sendable (Int) -> Void)? = nil) throws -> [RiskEngine.Result] {
        let variants = [(scene.name, scene)] + scene.tactics
        let runSeed = seed ?? scene.seed
        var results: [RiskEngine.Result] = []
        for (i, v) in variants.enumerated() {
            let offset = i * trials
            var report: (@Sendable (Int) -> Void)?
            if let progress { report = { done in progress(offset + done) } }
            var r = try RiskEngine.run(
                scene: v.1,
                model: model,
                durations: durationsSeconds,
                trials: trials,
                seed: runSeed,
                fidelity: fidelity,
                threads: threads,
                progress: report
            )
            r.name = v.0
            results.append(r)
        }
        if case .sample(let draws) = assumptions {
            try sampleAssumptions(draws: draws, into: &results, model: model, seed: runSeed, progress: progress)
        }
        return results
    }

    /// Runs every variant at `draws` Latin-hypercube draws of the scene's assumptions and
    /// puts the percentile band across them on each curve point.
    func sampleAssumptions(
        draws: Int,
        into results: inout [RiskEngine.Result],
        model: MeasurementModel,
        seed: UInt64,
        progress: (@Sendable (Int) -> Void)?
    ) throws {
        let factors = scene.assumptions
        guard let definition = scene.definition, !factors.isEmpty else {
            throw SightlineError(
                .invalidValue,
                location: scene.definition?.path ?? scene.name,
                field: "assumptions",
                message: "the scene lists no assumptions to sample",
                fix:
                    "add an assumptions: list to the scene (see Signals/scenes/README.md), or use --assumptions nominal"
            )
        }
        let unit = LatinHypercube.sample(count: draws, dimensions: factors.count, seed: seed ^ 0xA55E_0B7E_D5A3_91E5)
        let variants: [String?] = [nil] + scene.tactics.map(\.name)
        var points = results.map { $0.curve.map { _ in [RiskEngine.Point]() } }
        for (d, u) in unit.enumerated() {
            let settings = zip(factors, u).map { ($0.path, SweepValue.number($0.distribution.quantile($1))) }
            for (v, tactic) in variants.enumerated() {
                let s = try Sweep.scene(
                    text: definition.text,
                    scenePath: definition.path,
                    settings: (tactic.map { [(Sweep.tacticAxis, SweepValue.text($0))] } ?? []) + settings
                )
                let offset = ((1 + d) * variants.count + v) * trials
                var report: (@Sendable (Int) -> Void)?
                if let progress { report = { done in progress(offset + done) } }
                let r = try RiskEngine.run(
                    scene: s,
                    model: model,
                    durations: durationsSeconds,
                    trials: trials,
                    seed: seed,
                    fidelity: fidelity,
                    threads: threads,
                    progress: report
                )
                for (t, p) in r.curve.enumerated() { points[v][t].append(p) }
            }
        }
        for v in results.indices {
            for t in results[v].curve.indices { results[v].curve[t].assumptionBand = AssumptionBand(points[v][t]) }
        }
    }

    /// Call durations written as numbers with a unit (`30s`, `1m`, `2min`, `1.5h`; a plain
    /// number is seconds), comma-separated, each positive and at most
    /// `RiskEngine.maximumDurationSeconds` after its unit, at most
    /// `RiskEngine.maximumDurations` of them.
    public static func durations(
        parsing text: String,
        location: String = "command line",
        field: String = "durations"
    ) throws -> [Double] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: .whitespaces) }
        var seconds: [Double] = []
        for entry in entries {
            guard let s = Self.seconds(entry) else {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: field,
                    message: "\"\(entry)\" is not a positive duration",
                    fix: "give durations such as 30s,1m,8m (no empty entries)"
                )
            }
            guard s <= RiskEngine.maximumDurationSeconds else {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: field,
                    message:
                        """
                        \(entry) is \(s) s, longer than the limit of \(Int(RiskEngine.maximumDurationSeconds)) s \
                        (24 h)
                        """,
                    fix: "give calls of at most 24 h"
                )
            }
            seconds.append(s)
        }
        guard seconds.count <= RiskEngine.maximumDurations else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: field,
                message: "\(seconds.count) durations is more than the limit of \(RiskEngine.maximumDurations)",
                fix: "give fewer durations"
            )
        }
        return seconds
    }

    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("h", 3600), ("min", 60), ("m", 60), ("s", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)), v > 0, v.isFinite else { return nil }
            return v * scale
        }
        guard let v = Double(text), v > 0, v.isFinite else { return nil }
        return v
    }
}
