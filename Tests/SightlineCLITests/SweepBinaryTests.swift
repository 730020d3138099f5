import Foundation
import SightlineTestSupport
import Testing

/// `sightline sweep` and `sightline sweep merge` through the built binary.
@Suite struct SweepBinaryTests {
    static let sweeps = Fixtures.scenes.deletingLastPathComponent().appendingPathComponent("sweeps")

    /// A sweep of four points and few calls, next to the shipped ones (its scene path is relative).
    static func tinySweep(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("tiny.yaml").path
        try """
        scene: \(Fixtures.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path)
        axes:
          - {path: call.position.east_m, values: [250, 940]}
          - {path: tactic, values: [none, "behind a 30 m ridge"]}
        durations: [1m, 8m]
        trials: 5
        seed: 3
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Whole, sharded (a re-run skips the finished shard), merged: the same bytes.
    @Test func shardsAndMerge() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = try Self.tinySweep(in: dir)
        let whole = dir.appendingPathComponent("whole").path
        let r = try BinaryTests.run(["sweep", sweep, "-o", whole])
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("out").path
        // Shard 0 calibrates the measurement model itself, shard 1 reads it from a file.
        let model = dir.appendingPathComponent("model.json").path
        #expect(try BinaryTests.run(["sweep", "model", "-o", model]).status == 0)
        for k in 0..<2 {
            let s = try BinaryTests.run(
                ["sweep", sweep, "-o", out, "--shard", "\(k)/2"] + (k == 1 ? ["--measurement-model", model] : [])
            )
            #expect(s.status == 0 && s.stdout.contains("part: \(out).shard-\(k)-of-2.json"), "\(s.stderr)")
        }
        let again = try BinaryTests.run(["sweep", sweep, "-o", out, "--shard", "1/2"])
        #expect(again.status == 0 && again.stdout.contains("already done"))
        let parts = (0..<2).map { "\(out).shard-\($0)-of-2.json" }
        let m = try BinaryTests.run(["sweep", "merge"] + parts + ["-o", out])
        #expect(m.status == 0, "\(m.stderr)")
        for ext in ["json", "csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(whole).\(ext)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(out).\(ext)"))
            #expect(a == b, "\(ext)")
        }
        let csv = try String(contentsOfFile: "\(out).csv", encoding: .utf8).split(separator: "\n")
        #expect(
            csv.count == 1 + 4 * 2 && csv[0].hasPrefix("point,seed,call.position.east_m,tactic,duration_s,p_detected")
        )
        // A missing shard: one line, exit 1, nothing written.
        let lone = dir.appendingPathComponent("lone").path
        let bad = try BinaryTests.run(["sweep", "merge", parts[0], "-o", lone])
        #expect(bad.status == 1 && bad.stderr.split(separator: "\n").count == 1 && bad.stderr.contains("1/2"))
        #expect(
            !FileManager.default.fileExists(atPath: lone + ".json")
                && !FileManager.default.fileExists(atPath: lone + ".csv")
        )
    }

    /// Bad sweep files: one line naming the file, the field and the fix; exit 1; no output.
    @Test func badSweepFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        let text = "scene: builtin:c4-railway-station\naxes:\n  - {path: call.position.east_m, values: [1e9]}\n"
        try (text + "durations: [1m]\n").write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("r").path
        for extra in [[], ["--shard", "0/2"], ["--slurm", dir.appendingPathComponent("jobs").path]] {
            let r = try BinaryTests.run(["sweep", path, "-o", out] + extra)
            #expect(r.status == 1 && r.stdout.isEmpty, "\(r.stdout)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("bad.yaml:3: axes[0].values[0]"))
            #expect(r.stderr.contains("; give a value"), "\(r.stderr)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["bad.yaml"], "\(left)")
        let shard = try BinaryTests.run(["sweep", path, "-o", out, "--shard", "2/2"])
        #expect(shard.status == 1 && shard.stderr.contains("--shard"))
    }

    /// `--slurm DIR`: the two scripts and the one submit command; nothing is run.
    @Test func slurmScripts() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jobs = dir.appendingPathComponent("jobs").path
        let r = try BinaryTests.run([
            "sweep", Self.sweeps.appendingPathComponent("c4-small.yaml").path, "-o",
            dir.appendingPathComponent("o").path,
            "--slurm", jobs, "--array-size", "4", "--cpus-per-task", "2", "--time", "10:00",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sbatch --dependency=afterok:$(sbatch --parsable '\(jobs)/sweep-array.sbatch'"))
        let array = try String(contentsOfFile: jobs + "/sweep-array.sbatch", encoding: .utf8)
        #expect(array.contains("--array=0-3") && array.contains(BinaryTests.binary.standardizedFileURL.path))
        #expect(FileManager.default.fileExists(atPath: jobs + "/logs"))
        #expect(array.contains("--measurement-model '\(jobs)/measurement-model.json'"))
        #expect(FileManager.default.fileExists(atPath: jobs + "/measurement-model.json"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.json").path))
        let tooMany = try BinaryTests.run([
            "sweep", Self.sweeps.appendingPathComponent("c4-small.yaml").path, "-o", "o", "--slurm", jobs,
            "--array-size", "9",
        ])
        #expect(tooMany.status == 1 && tooMany.stderr.contains("--array-size") && tooMany.stderr.contains("1 to 8"))
    }

    /// A shard killed while it runs leaves no part behind (the part is written only when done).
    @Test func killedShardLeavesNoPart() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = try Self.tinySweep(in: dir)
        let p = Process()
        p.executableURL = BinaryTests.binary
        p.arguments = ["sweep", sweep, "-o", dir.appendingPathComponent("k").path, "--shard", "0/2"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        // With the disk cache off the shard calibrates its model first (seconds), so it is
        // still at work when it is killed; the check below says so rather than passing idly.
        var environment = ProcessInfo.processInfo.environment
        environment["SIGHTLINE_CACHE_DIR"] = ""
        p.environment = environment
        try p.run()
        usleep(500_000)
        #expect(p.isRunning, "the shard ended before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["tiny.yaml"], "\(left)")
    }
}
