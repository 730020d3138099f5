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

    /// The calls simulated in all (scene and tactics).
    public var totalCalls: Int { (1 + scene.tactics.count) * trials }

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
        return results
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
                        "\(entry) is \(s) s, longer than the limit of \(Int(RiskEngine.maximumDurationSeconds)) s (24 h)",
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
