import Foundation
import SightlineCore
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Sweeps: the grid and its seeds, shards merged into the bytes of the whole run, and the
/// refusals of merge and of bad sweep files.
@Suite struct SweepTests {
    static let sweeps = Fixtures.scenes.deletingLastPathComponent().appendingPathComponent("sweeps")
    static let scene = Fixtures.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path

    /// A small sweep over C4 (relative to Signals/sweeps, so its scene path resolves).
    static func sweep(trials: Int = 20, seed: Int = 18, extra: String = "") throws -> Sweep {
        let text = """
            scene: ../scenes/c4-railway-station-risk.yaml
            axes:
              - {path: call.position.east_m, values: [250, 600, 940]}
              - {path: terrain.ridge.height_m, range: {from: 0, to: 30, step: 15}}
            durations: [1m, 8m]
            trials: \(trials)
            seed: \(seed)
            \(extra)
            """
        return try SweepFile.parse(text, path: sweeps.appendingPathComponent("test-sweep.yaml").path)
    }

    /// Each part through its JSON file and back, as `sightline sweep merge` reads it.
    static func parts(
        _ sweep: Sweep,
        count: Int,
        model: MeasurementModel,
        in dir: URL
    ) throws -> [(
        path: String, part: SweepPartDocument
    )] {
        try (0..<count).map { k in
            let path = dir.appendingPathComponent("p.shard-\(k)-of-\(count).json").path
            let part = try sweep.run(shard: SweepShard(index: k, count: count), model: model, threads: 2)
            try AtomicFile.write(try part.json() + "\n", to: path)
            return (path, try SweepPartDocument.read(path: path))
        }
    }

    @Test func gridSeedsAndValues() throws {
        let s = try Self.sweep()
        #expect(s.pointCount == 9)
        #expect(s.axes[1].values == [.number(0), .number(15), .number(30)])
        #expect(s.assignment(0) == [0, 0] && s.assignment(1) == [0, 1] && s.assignment(8) == [2, 2])
        #expect(s.values(5) == ["call.position.east_m": .number(600), "terrain.ridge.height_m": .number(30)])
        let seeds = (0..<9).map { Sweep.pointSeed(18, $0) }
        #expect(Set(seeds).count == 9 && seeds[0] == Sweep.pointSeed(18, 0))
        let scene = try s.scene(point: 5)
        #expect(scene.call.position.eastMeters == 600 && scene.terrain.ridgeHeightMeters == 30)
        #expect(scene.call.position.northMeters == 312 && scene.tactics.isEmpty)
        #expect(SweepShard(index: 2, count: 4).points(of: 9) == [2, 6])
        // The manifest names no path of this machine, only the files' names and contents.
        #expect(
            s.manifest.sweepFile == "test-sweep.yaml" && s.manifest.scene == "../scenes/c4-railway-station-risk.yaml"
        )
        #expect(s.manifest.sceneSHA256 == SHA256.hex(try String(contentsOfFile: Self.scene, encoding: .utf8)))
    }

    /// FIPS 180-4's examples.
    @Test func sha256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    /// Sharded N = 1, 3, 7 and merged: the same JSON and CSV bytes as the whole run.
    @Test func shardsMergeToTheWholeRun() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.sweep()
        let model = try MeasurementModel.standard()
        let whole = try s.run(model: model, threads: 2)
        #expect(whole.rows.count == 9 * 2)
        let json = try whole.json()
        let csv = whole.csv().text
        for n in [1, 3, 7] {
            let merged = try SweepMerge.merge(try Self.parts(s, count: n, model: model, in: dir))
            #expect(try merged.json() == json, "N = \(n)")
            #expect(merged.csv().text == csv, "N = \(n)")
        }
        // One thread or two: the same numbers.
        #expect(try s.run(model: model, threads: 1).json() == json)
    }

    /// Merge refuses parts of another sweep, a missing shard, a repeated shard, a different
    /// cut and an edited manifest, each with one line naming the part.
    @Test func mergeRefusals() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try MeasurementModel.standard()
        let s = try Self.sweep(trials: 3)
        let parts = try Self.parts(s, count: 3, model: model, in: dir)
        func refusal(_ p: [(path: String, part: SweepPartDocument)]) -> SightlineError? {
            do {
                _ = try SweepMerge.merge(p)
                return nil
            } catch {
                return error as? SightlineError
            }
        }
        let otherDir = dir.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: otherDir, withIntermediateDirectories: true)
        let other = try Self.parts(try Self.sweep(trials: 3, seed: 19), count: 3, model: model, in: otherDir)
        let mixed = try #require(refusal([parts[0], other[1], parts[2]]))
        #expect(mixed.field == "manifest_sha256" && mixed.message.contains("another sweep"))
        #expect(mixed.location == other[1].path)
        let missing = try #require(refusal([parts[0], parts[2]]))
        #expect(missing.message.contains("missing (1/3)") && missing.fix?.contains("--shard K/3") == true)
        let repeated = try #require(refusal([parts[0], parts[1], parts[1], parts[2]]))
        #expect(repeated.message.contains("given twice") && repeated.field == "shard")
        let cut = try Self.parts(s, count: 2, model: model, in: dir)
        let mixedCut = try #require(refusal([parts[0], cut[1]]))
        #expect(mixedCut.field == "shard" && mixedCut.message.contains("3 shards"))
        var edited = parts[1]
        edited.part.manifest.trials = 4
        let tampered = try #require(refusal([parts[0], edited, parts[2]]))
        #expect(tampered.message.contains("does not match its hash"))
        for e in [mixed, missing, repeated, mixedCut, tampered] {
            #expect(!e.description.contains("\n") && e.fix != nil)
        }
        #expect(refusal([]) != nil)
        #expect(try SweepMerge.merge(parts).rows.count == 9 * 2)
    }

    /// A re-run skips a finished shard of the same sweep, not one of another sweep.
    @Test func finishedShards() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try MeasurementModel.standard()
        let s = try Self.sweep(trials: 3)
        let parts = try Self.parts(s, count: 2, model: model, in: dir)
        #expect(s.isFinished(shard: SweepShard(index: 0, count: 2), partPath: parts[0].path, model: model))
        #expect(!s.isFinished(shard: SweepShard(index: 1, count: 2), partPath: parts[0].path, model: model))
        #expect(!s.isFinished(shard: SweepShard(index: 0, count: 3), partPath: parts[0].path, model: model))
        let zero = SweepShard(index: 0, count: 2)
        #expect(!(try Self.sweep(trials: 4)).isFinished(shard: zero, partPath: parts[0].path, model: model))
        #expect(!s.isFinished(shard: zero, partPath: dir.appendingPathComponent("x").path, model: model))
        // Another measurement model: run again.
        var other = model
        other.seed += 1
        #expect(!s.isFinished(shard: zero, partPath: parts[0].path, model: other))
    }

    /// Bad sweep files: one error naming the file (and line), the field and a fix.
    @Test(arguments: [
        ("axes:\n  - {path: call.position.east_m, values: [1]}\ndurations: [1m]\n", "scene", "missing"),
        ("scene: nowhere.yaml\naxes: []\ndurations: [1m]\n", "scene", "no such scene file"),
        ("scene: builtin:c9\naxes: []\ndurations: [1m]\n", "scene", "not a built-in"),
        ("scene: S\naxes: []\ndurations: [1m]\n", "axes", "0 axes"),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1e9]}\ndurations: [1m]\n", "axes[0].values[0]",
            "out of range"
        ),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m.x, values: [1]}\ndurations: [1m]\n", "axes[0].values[0]",
            "plain value"
        ),
        (
            "scene: S\naxes:\n  - {path: call.colour, values: [red]}\ndurations: [1m]\n", "axes[0].values[0]",
            "unknown key"
        ),
        ("scene: S\naxes:\n  - {path: tactic, values: [hide]}\ndurations: [1m]\n", "axes[0].values[0]", "no tactic"),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, range: {from: 0, to: 10}}\ndurations: [1m]\n",
            "axes[0].range.step", "exactly one"
        ),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1, 1]}\ndurations: [1m]\n", "axes[0].values[1]",
            "twice"
        ),
        ("scene: S\naxes:\n  - {path: call.position.east_m, values: [1]}\n", "durations", "missing"),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1]}\ndurations: [8 minutes]\n", "durations",
            "not a positive duration"
        ),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1]}\ndurations: [1m]\ntrials: 0\n", "trials",
            "out of range"
        ),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1]}\ndurations: [1m]\noutcomes: [seen]\n",
            "outcomes[0]", "not an outcome"
        ),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1]}\ndurations: [1m]\nassumptions: sample\n",
            "assumptions", "not built yet"
        ),
        (
            "scene: S\naxes:\n  - {path: call.position.east_m, values: [1]}\ndurations: [1m]\ntrails: 5\n", "trails",
            "unknown key"
        ),
        ("scene: S\naxes: [\n", "", "not valid YAML"),
    ])
    func badSweepFiles(text: String, field: String, message: String) throws {
        let path = Self.sweeps.appendingPathComponent("bad.yaml").path
        let yaml = text.replacingOccurrences(of: "scene: S\n", with: "scene: ../scenes/c4-railway-station-risk.yaml\n")
        do {
            _ = try SweepFile.parse(yaml, path: path)
            Issue.record("accepted: \(text)")
        } catch let e as SightlineError {
            #expect(e.location.hasPrefix(path), "\(e)")
            if !field.isEmpty { #expect(e.field == field, "\(e)") }
            #expect(e.description.contains(message) && e.fix != nil && !e.description.contains("\n"), "\(e)")
        }
    }

    /// The tactic axis applies the scene's tactic, then the other axes.
    @Test func tacticAxis() throws {
        let s = try SweepFile.read(path: Self.sweeps.appendingPathComponent("c4-tactics.yaml").path)
        #expect(s.pointCount == 9 && s.manifest.scene == "builtin:c4-railway-station")
        let farther = try s.scene(point: 3)
        #expect(farther.call.position.eastMeters == 940 && farther.terrain.ridgeDistanceFromPhoneMeters == 30)
        #expect(farther.terrain.ridgeHeightMeters == 20 && farther.name.hasSuffix("farther: 1.5 km from the station"))
        let base = try s.scene(point: 0)
        #expect(base.call.position.eastMeters == 250 && base.call.onBeforeCallSeconds == 0)
    }

    /// Every committed sweep file reads.
    @Test func committedSweepsRead() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sweeps.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(files.count >= 3)
        for f in files {
            let s = try SweepFile.read(path: Self.sweeps.appendingPathComponent(f).path)
            #expect(s.pointCount >= 8)
        }
        #expect(try SweepFile.read(path: Self.sweeps.appendingPathComponent("c4-grid-64.yaml").path).pointCount == 64)
    }

    /// Slurm: a job array of N shards, a merge job after it, absolute quoted paths.
    @Test func slurmScripts() throws {
        let s = try SweepSlurm(
            executable: "/opt/sightline/bin/sightline",
            sweepPath: "/data/my sweeps/c4.yaml",
            outputBase: "/data/out/c4.json",
            directory: "/data/jobs",
            arraySize: 8,
            partition: "short",
            time: "1:00:00",
            cpusPerTask: 4,
            jobName: "C4: distance × ridge"
        )
        #expect(s.arrayScript.contains("#SBATCH --array=0-7\n") && s.arrayScript.contains("#SBATCH --cpus-per-task=4"))
        #expect(s.arrayScript.contains("#SBATCH --partition=short") && s.arrayScript.contains("#SBATCH --time=1:00:00"))
        #expect(s.arrayScript.contains("sweep '/data/my sweeps/c4.yaml' -o '/data/out/c4'"))
        #expect(s.arrayScript.contains("--shard \"$SLURM_ARRAY_TASK_ID/8\""))
        #expect(s.mergeScript.contains("'/data/out/c4.shard-7-of-8.json'") && s.mergeScript.contains("sweep merge"))
        #expect(s.submitCommand.contains("--dependency=afterok:$(sbatch --parsable '/data/jobs/sweep-array.sbatch'"))
        #expect(s.jobName == "sightline-c4-distance-ridge" && !s.arrayScript.contains("--seed"))
        var seeded = s
        seeded.seed = 9
        #expect(seeded.arrayScript.contains("--measurement-model '/data/jobs/measurement-model.json' --seed 9\n"))
        #expect(throws: SightlineError.self) {
            try SweepSlurm(
                executable: "x",
                sweepPath: "y",
                outputBase: "z",
                directory: "d",
                arraySize: 2,
                time: "an hour",
                jobName: "n"
            )
        }
    }

    @Test func defaultThreads() {
        #expect(Sweep.defaultThreads(shardCount: nil, environment: [:], cores: 8) == 8)
        #expect(Sweep.defaultThreads(shardCount: 4, environment: [:], cores: 8) == 2)
        #expect(Sweep.defaultThreads(shardCount: 16, environment: [:], cores: 8) == 1)
        #expect(Sweep.defaultThreads(shardCount: 16, environment: ["SLURM_CPUS_PER_TASK": "3"], cores: 8) == 3)
    }
}
