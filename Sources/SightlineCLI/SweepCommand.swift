import ArgumentParser
import Foundation
import Sightline

/// `sightline sweep`: a parameter grid over a timed scene, whole, as one shard, or as a
/// Slurm job array; `sightline sweep merge` joins the shards.
public struct SweepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep over a timed scene: whole, one shard of it, or as a Slurm job array.",
        discussion: """
            The sweep file (see Signals/sweeps/README.md) names a base timed scene, the axes (dotted paths into it, \
            each with values or a range), durations, outcomes, trials and seed. The result is OUT.csv and OUT.json: \
            one row per grid point and call duration (the axis values, each outcome's probability with its Wilson 95 \
            % interval, the quantiles of its time), and in the JSON a manifest (the sweep and scene files, their \
            SHA-256, the Sightline version, the seeds). Point i's seed derives from the sweep's seed and i, so a point \
            gives the same numbers however the sweep is cut. --shard K/N runs the points K, K+N, … into \
            OUT.shard-K-of-N.json (skipped if already there; written only when finished); `sightline sweep merge` \
            joins the parts into the same bytes as the whole run. --slurm DIR writes a job array and a merge job \
            and prints the command that submits both.
            """,
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self, SweepModelCommand.self],
        defaultSubcommand: SweepRunCommand.self
    )

    public init() {}
}

/// `sightline sweep SWEEP.yaml -o OUT [--shard K/N | --slurm DIR …]`.
public struct SweepRunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep file (the default: `sightline sweep SWEEP.yaml -o OUT`)."
    )

    @Argument(help: "The sweep file (.yaml), e.g. Signals/sweeps/c4-small.yaml.") public var sweep: String
    @Option(name: .shortAndLong, help: "Output base: writes OUT.csv and OUT.json (a shard: OUT.shard-K-of-N.json).")
    public var output: String
    @Option(help: "Run shard K of N (0 ≤ K < N): the points K, K+N, K+2N, ….") public var shard: String?
    @Option(
        parsing: .unconditional,
        help: "Threads (default: $SLURM_CPUS_PER_TASK in a Slurm job, else the cores divided by N for --shard K/N)."
    )
    public var threads: Int?
    @Option(parsing: .unconditional, help: "Seed (default: the sweep file's); give every shard the same.")
    public var seed: UInt64?
    @Option(help: "Write a Slurm job array and merge job into this folder (and run nothing).") public var slurm: String?
    @Option(
        name: .customLong("array-size"),
        parsing: .unconditional,
        help: "Slurm: array tasks (default: points, ≤ 100)."
    )
    public var arraySize: Int?
    @Option(help: "Slurm: the partition.") public var partition: String?
    @Option(help: "Slurm: each task's time limit (e.g. 2:00:00).") public var time: String?
    @Option(name: .customLong("cpus-per-task"), parsing: .unconditional, help: "Slurm: cores (threads) per task.")
    public var cpusPerTask: Int = 1
    @Option(
        name: .customLong("measurement-model"),
        help: "A measurement model file (DIR/measurement-model.json, as --slurm writes) instead of calibrating."
    )
    public var measurementModel: String?
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        if let threads, threads < 1 || threads > Parallel.maximumThreads {
            throw ValidationError("--threads \(threads): give 1 to \(Parallel.maximumThreads) (the limit)")
        }
        if let shard {
            do {
                _ = try SweepShard(parsing: shard)
            } catch let e as SightlineError {
                throw ValidationError("--shard \(e.message); \(e.fix ?? "")")
            }
        }
        if slurm == nil, arraySize != nil || partition != nil || time != nil || cpusPerTask != 1 {
            throw ValidationError("--array-size, --partition, --time and --cpus-per-task need --slurm DIR")
        }
        if slurm != nil, shard != nil || json {
            throw ValidationError("--slurm writes the job scripts only: leave out --shard and --json")
        }
    }

    public func run() throws {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let request = SweepRunner.Request(
            sweepPath: sweep,
            outputBase: output,
            shard: try shard.map { try SweepShard(parsing: $0) },
            threads: threads,
            slurm: slurm.map {
                .init(
                    directory: $0,
                    arraySize: arraySize,
                    partition: partition,
                    time: time,
                    cpusPerTask: cpusPerTask,
                    executable: executable
                )
            },
            modelPath: measurementModel,
            seed: seed
        )
        let clock = ContinuousClock()
        let start = clock.now
        let report = try SweepRunner.run(request) { total in
            guard !json else { return nil }
            let bar = SharedProgress(label: "calls", total: total)
            return { bar.update($0) }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        func timing(_ points: Int, _ trials: Int) -> String {
            String(
                format: "%d calls in %.2f s (%.0f calls/s, start-up included)",
                points * trials,
                seconds,
                Double(points * trials) / max(seconds, 1e-9)
            )
        }
        switch report {
        case .whole(let doc, let csv, let jsonPath):
            if json { return print(try doc.json()) }
            let m = doc.manifest
            print("sweep \(m.name): \(m.points) points × \(m.durationsSeconds.count) durations")
            print("rows: \(csv)\nresult: \(jsonPath)\n\(timing(doc.manifest.points, doc.manifest.trials))")
        case .part(let part, let path):
            if json { return print(try part.json()) }
            print("shard \(part.shard): \(part.points.count) of \(part.manifest.points) points\npart: \(path)")
            print(timing(part.points.count, part.manifest.trials))
        case .skipped(let s, let path):
            if json { return print(try SweepPartDocument.read(path: path).json()) }
            print("shard \(s): already done\npart: \(path)")
        case .slurm(let s, let submit):
            print("job array: \(s.arrayScriptPath) (\(s.arraySize) tasks)\nmerge job: \(s.mergeScriptPath)")
            print("submit both with:\n\(submit)")
        }
    }
}

/// `sightline sweep model -o FILE`: the measurement model, calibrated once for many shards.
public struct SweepModelCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Calibrate the measurement model once and write it, for shards to read (--measurement-model FILE).",
        discussion: """
            Every process that runs a sweep otherwise first measures the IQ level's statistics (about 5 s of one \
            core); shards started side by side (xargs -P, GNU parallel) can share one measurement instead. The model \
            is seeded, so the numbers are the same either way; its SHA-256 is in the manifest.
            """
    )

    @Option(name: .shortAndLong, help: "The model file to write (JSON).") public var output: String
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") public var threads: Int?

    public init() {}

    public func validate() throws {
        if let threads, threads < 1 || threads > Parallel.maximumThreads {
            throw ValidationError("--threads \(threads): give 1 to \(Parallel.maximumThreads) (the limit)")
        }
    }

    public func run() throws {
        _ = try SweepRunner.writeModel(to: output, threads: threads ?? Parallel.defaultThreads)
        print("measurement model: \(output)")
    }
}

/// `sightline sweep merge PARTS… -o OUT`.
public struct SweepMergeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the parts of a sharded sweep into OUT.csv and OUT.json (the bytes of the unsharded run).",
        discussion: """
            Refuses parts of different sweeps (the manifest's SHA-256), of different cuts (N), and a missing or \
            repeated shard.
            """
    )

    @Argument(help: "Every part (OUT.shard-K-of-N.json) of one sweep.") public var parts: [String]
    @Option(name: .shortAndLong, help: "Output base: writes OUT.csv and OUT.json.") public var output: String
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func run() throws {
        let doc = try SweepRunner.merge(parts: parts, outputBase: output)
        if json { return print(try doc.json()) }
        let paths = Sweep.outputPaths(output)
        print("merged \(parts.count) parts: \(doc.manifest.points) points\nrows: \(paths.csv)\nresult: \(paths.json)")
    }
}
