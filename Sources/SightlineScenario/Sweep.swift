import Foundation
import SightlineCore
import SightlineSignals
import Synchronization
import Yams

/// A parameter sweep over a timed scene (`sightline sweep`, read by `SweepFile`): the base
/// scene, the axes (dotted paths into it, as tactics use, each with its values), the call
/// durations, the outcomes, trials, fidelity and seed. The grid is the product of the axes
/// (the last varying fastest); point i runs `RiskEngine` on the base scene with that point's
/// values set, seeded by `pointSeed(seed, i)`, so a point gives the same numbers whichever
/// shard, process or machine runs it.
public struct Sweep: Sendable {
    /// What a row reports.
    public enum Outcome: String, Sendable, CaseIterable {
        case detected, located, misled
        case agentArrived = "agent_arrived"

        /// The name of the time this outcome took (nil: none is recorded).
        var timeName: String? {
            switch self {
            case .detected: return "time_to_detect"
            case .located: return "time_to_fix"
            case .misled: return nil
            case .agentArrived: return "time_to_door"
            }
        }
    }

    /// The axis path that picks one of the base scene's tactics (or `none`) for a point.
    public static let tacticAxis = "tactic"

    public var manifest: SweepManifest
    /// The sweep file as given (for error messages only: it is not in the manifest).
    public var path: String
    /// Where the base scene was read from (a file path, or `builtin:…`), for error messages.
    public var scenePath: String

    public var axes: [SweepManifest.Axis] { manifest.axes }
    public var pointCount: Int { manifest.points }
    public var outcomes: [Outcome] { manifest.outcomes.compactMap(Outcome.init(rawValue:)) }
    public var fidelity: Fidelity { Fidelity(rawValue: manifest.fidelity) ?? .measurement }

    /// The seed of point `index`: SplitMix64's finaliser over the sweep seed and the index, so
    /// neighbouring points get unrelated generators (trial t of a point then runs from this
    /// seed and t, as in `RiskEngine`).
    public static func pointSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        var z = seed &+ (UInt64(index) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// How `pointSeed` is written in the manifest.
    static let pointSeedRule = "splitmix64 finaliser of (seed + (point + 1) * 0x9E3779B97F4A7C15)"

    /// The value index on every axis of grid point `index` (last axis fastest).
    public func assignment(_ index: Int) -> [Int] {
        var rest = index
        var out = Array(repeating: 0, count: axes.count)
        for a in axes.indices.reversed() {
            out[a] = rest % axes[a].values.count
            rest /= axes[a].values.count
        }
        return out
    }

    /// The values of grid point `index`, by axis path.
    public func values(_ index: Int) -> [String: SweepValue] {
        var out: [String: SweepValue] = [:]
        for (a, v) in assignment(index).enumerated() { out[axes[a].path] = axes[a].values[v] }
        return out
    }

    /// The scene of grid point `index`: the base scene with the point's tactic (if a `tactic`
    /// axis) and then every other axis's value set. Errors name the sweep file and the point.
    public func scene(point index: Int) throws -> RiskScene {
        let choice = assignment(index)
        let settings = choice.enumerated().map { (axes[$0.offset].path, axes[$0.offset].values[$0.element]) }
        do {
            return try Self.scene(text: manifest.sceneText, scenePath: scenePath, settings: settings)
        } catch let e as SightlineError {
            let described = settings.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
            throw SightlineError(
                .invalidValue,
                location: path,
                field: "axes",
                message: "grid point \(index) (\(described)) is not a valid scene: \(e.field.map { "\($0): " } ?? "")"
                    + e.message,
                fix: e.fix ?? "change the axes' values"
            )
        }
    }

    /// The base scene's YAML with `settings` applied (a `tactic` first), read as a scene.
    static func scene(text: String, scenePath: String, settings: [(String, SweepValue)]) throws -> RiskScene {
        let node = try SceneFile.compose(text, path: scenePath, emptyFix: "write a timed scene")
        guard case .mapping(var root) = node else {
            return try RiskSceneFile.parse(text, path: scenePath)
        }
        let tacticNodes: [Node]
        if case .sequence(let s)? = root["tactics"] { tacticNodes = Array(s) } else { tacticNodes = [] }
        root["tactics"] = nil
        root["assumptions"] = nil
        var variant = Node.mapping(root)
        var name: String?
        if let chosen = settings.first(where: { $0.0 == tacticAxis })?.1.description, chosen != "none" {
            guard
                let tactic = tacticNodes.first(where: { $0.mapping?["name"]?.string == chosen }),
                case .mapping(let set)? = tactic.mapping?["set"]
            else {
                let names = tacticNodes.compactMap { $0.mapping?["name"]?.string }
                throw SightlineError(
                    .invalidValue,
                    location: scenePath,
                    field: "tactics",
                    message: "the scene has no tactic named \"\(chosen)\"",
                    fix: "use none or one of: " + names.map { "\"\($0)\"" }.joined(separator: ", ")
                )
            }
            for (k, v) in set {
                let key = k.string ?? ""
                variant = try RiskSceneFile.override(
                    variant,
                    path: key.split(separator: ".").map(String.init),
                    with: v,
                    location: scenePath,
                    field: "tactics.set.\(key)"
                )
            }
            name = chosen
        }
        for (path, value) in settings where path != tacticAxis {
            let scalar: Node
            switch value {
            case .number: scalar = Node(value.description)
            case .text(let s): scalar = Node(s, .implicit, .doubleQuoted)
            }
            variant = try RiskSceneFile.override(
                variant,
                path: path.split(separator: ".").map(String.init),
                with: scalar,
                location: scenePath,
                field: path
            )
        }
        var scene = try RiskSceneFile.parseScene(Mapping(variant, path: scenePath, name: "scene"))
        if let name { scene.name += " — " + name }
        return scene
    }

    /// The outputs of `-o OUT`: `OUT.csv` and `OUT.json` (a trailing `.json` or `.csv` on OUT
    /// is dropped).
    public static func outputPaths(_ base: String) -> (base: String, csv: String, json: String) {
        var b = base
        for ext in [".json", ".csv"] where b.hasSuffix(ext) { b.removeLast(ext.count) }
        return (b, b + ".csv", b + ".json")
    }

    /// Threads per process when none are asked for: Slurm's `SLURM_CPUS_PER_TASK` inside a job;
    /// else, for shard K/N, the cores divided among N concurrent shards (at least one), so
    /// that N shards started at once under `xargs -P` do not oversubscribe; else every core.
    public static func defaultThreads(
        shardCount: Int?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> Int {
        if let s = environment["SLURM_CPUS_PER_TASK"], let c = Int(s), c >= 1 { return Parallel.threads(c) }
        return Parallel.threads(max(1, cores / max(1, shardCount ?? 1)))
    }

    // MARK: - Running

    /// The rows of the grid points `points` (ascending), each point's durations in order.
    /// `progress` gets the calls done so far out of `points.count × trials`.
    public func rows(
        points: [Int],
        model: MeasurementModel,
        threads: Int = Parallel.defaultThreads,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> [SweepDocument.Row] {
        // Every point's scene first: a bad combination fails before any work is done.
        let scenes = try points.map { try scene(point: $0) }
        // Points run side by side, each on one thread with its own simulator (its trials in
        // line), so threads share nothing but the read-only scenes and model; a single point
        // spreads its trials instead. A point's numbers depend only on its seed, so the
        // thread count changes nothing.
        let trials = manifest.trials
        let done = Mutex(0)
        let perPoint = try Parallel.map(points.count, threads: threads) { n in
            let index = points[n]
            let seed = Self.pointSeed(manifest.seed, index)
            var report: (@Sendable (Int) -> Void)?
            if let progress {
                let last = Mutex(0)
                report = { calls in
                    let step = last.withLock { l in
                        defer { l = calls }
                        return calls - l
                    }
                    progress(
                        done.withLock { d in
                            d += step
                            return d
                        }
                    )
                }
            }
            let result = try RiskEngine.run(
                scene: scenes[n],
                model: model,
                durations: manifest.durationsSeconds,
                trials: trials,
                seed: seed,
                fidelity: fidelity,
                threads: points.count == 1 ? threads : 1,
                progress: report
            )
            return self.rows(point: index, seed: seed, result: result)
        }
        return perPoint.flatMap { $0 }
    }

    func rows(point: Int, seed: UInt64, result r: RiskEngine.Result) -> [SweepDocument.Row] {
        let wanted = Set(outcomes)
        let values = values(point)
        return r.curve.map { p in
            let d = p.durationSeconds
            func within(_ t: [Double]) -> RiskDocument.TimeQuantiles {
                RiskDocument.TimeQuantiles(sorted: t.filter { $0 <= d })
            }
            func ci(_ c: (Double, Double)) -> [Double] { [c.0, c.1] }
            var row = SweepDocument.Row(point: point, seed: seed, axes: values, durationSeconds: d)
            if wanted.contains(.detected) {
                row.pDetected = p.pDetected
                row.pDetectedCI95 = ci(p.pDetectedCI95)
                row.timeToDetectSeconds = within(r.timesToDetectSeconds)
            }
            if wanted.contains(.located) {
                row.pLocated = p.pLocated
                row.pLocatedCI95 = ci(p.pLocatedCI95)
                row.timeToFixSeconds = within(r.timesToFixSeconds)
            }
            if wanted.contains(.misled) {
                row.pMisled = p.pMisled
                row.pMisledCI95 = ci(p.pMisledCI95)
            }
            if wanted.contains(.agentArrived) {
                row.pAgentArrived = p.pAgentArrived
                row.pAgentArrivedCI95 = ci(p.pAgentArrivedCI95)
                row.timeToDoorSeconds = within(r.timesToArrivalSeconds)
            }
            return row
        }
    }

    /// The manifest of a run with `model` (its hash filled in).
    public func manifest(model: MeasurementModel) throws -> SweepManifest {
        var m = manifest
        m.measurementModelSHA256 = SHA256.hex(try model.json())
        return m
    }

    /// The whole sweep in this process.
    public func run(
        model: MeasurementModel,
        threads: Int = Parallel.defaultThreads,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> SweepDocument {
        let manifest = try manifest(model: model)
        return SweepDocument(
            manifest: manifest,
            manifestSHA256: try manifest.sha256(),
            rows: try rows(points: Array(0..<pointCount), model: model, threads: threads, progress: progress)
        )
    }

    /// One shard of the sweep.
    public func run(
        shard: SweepShard,
        model: MeasurementModel,
        threads: Int = Parallel.defaultThreads,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> SweepPartDocument {
        let points = shard.points(of: pointCount)
        let manifest = try manifest(model: model)
        return SweepPartDocument(
            manifest: manifest,
            manifestSHA256: try manifest.sha256(),
            shard: shard,
            points: points,
            rows: try rows(points: points, model: model, threads: threads, progress: progress)
        )
    }

    /// Whether `path` already holds this shard's finished part of this very sweep (same
    /// manifest, same measurement model): a re-run skips it.
    public func isFinished(shard: SweepShard, partPath path: String, model: MeasurementModel) -> Bool {
        guard FileManager.default.fileExists(atPath: path), let part = try? SweepPartDocument.read(path: path),
            let hash = try? manifest(model: model).sha256()
        else { return false }
        return part.manifestSHA256 == hash && part.shard == shard && part.points == shard.points(of: pointCount)
    }
}
