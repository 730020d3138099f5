import Foundation
import SightlineCore

/// What `sightline sweep` does with one invocation: read the sweep file, then run it whole,
/// run one shard (skipping a shard whose part is already there), or write the Slurm scripts;
/// and what `sightline sweep merge` does. Outputs are checked before any work (not an input,
/// the folder exists) and written atomically, so a failed or killed run leaves no output.
public enum SweepRunner {
    /// How a sweep is to be run.
    public struct Request: Sendable {
        public var sweepPath: String
        /// `-o OUT`: the result is `OUT.csv` and `OUT.json`; a shard's part `OUT.shard-K-of-N.json`.
        public var outputBase: String
        public var shard: SweepShard?
        /// Threads per process (nil: `Sweep.defaultThreads`).
        public var threads: Int?
        public var slurm: Slurm?
        /// A measurement model file to use instead of calibrating (as `--slurm` writes).
        public var modelPath: String?
        /// The sweep's seed instead of the file's (it is in the manifest, so every shard of
        /// one sweep must be given the same).
        public var seed: UInt64?

        public struct Slurm: Sendable {
            public var directory: String
            /// Array tasks (shards); nil: one per point, at most `defaultArraySize`.
            public var arraySize: Int?
            public var partition: String?
            public var time: String?
            public var cpusPerTask: Int
            /// The sightline binary the jobs run.
            public var executable: String
            public init(
                directory: String,
                arraySize: Int? = nil,
                partition: String? = nil,
                time: String? = nil,
                cpusPerTask: Int = 1,
                executable: String
            ) {
                self.directory = directory
                self.arraySize = arraySize
                self.partition = partition
                self.time = time
                self.cpusPerTask = cpusPerTask
                self.executable = executable
            }
        }

        public init(
            sweepPath: String,
            outputBase: String,
            shard: SweepShard? = nil,
            threads: Int? = nil,
            slurm: Slurm? = nil,
            modelPath: String? = nil,
            seed: UInt64? = nil
        ) {
            self.modelPath = modelPath
            self.seed = seed
            self.sweepPath = sweepPath
            self.outputBase = outputBase
            self.shard = shard
            self.threads = threads
            self.slurm = slurm
        }
    }

    /// What was done.
    public enum Report: Sendable {
        /// The whole sweep: both files written.
        case whole(SweepDocument, csv: String, json: String)
        /// One shard's part written (its points).
        case part(SweepPartDocument, path: String)
        /// The shard's part was already there, from this same sweep.
        case skipped(SweepShard, path: String)
        /// The Slurm scripts written, and the command that submits them.
        case slurm(SweepSlurm, submit: String)
    }

    /// The default number of Slurm array tasks at most.
    public static let defaultArraySize = 100

    /// Runs `request`. `progress` is asked, once the work is known, for a callback taking the
    /// calls done out of the total it is given (nil: no progress).
    public static func run(
        _ request: Request,
        progress: ((Int) -> (@Sendable (Int) -> Void)?)? = nil
    ) throws -> Report {
        var sweep = try SweepFile.read(path: request.sweepPath)
        if let seed = request.seed { sweep.manifest.seed = seed }
        let inputs =
            [request.sweepPath] + (sweep.manifest.scene.hasPrefix("builtin:") ? [] : [sweep.scenePath])
            + (request.modelPath.map { [$0] } ?? [])
        let threads = request.threads ?? Sweep.defaultThreads(shardCount: request.shard?.count)
        func model() throws -> MeasurementModel {
            try request.modelPath.map(MeasurementModel.load(path:)) ?? MeasurementModel.standard(threads: threads)
        }
        if let s = request.slurm {
            let size = s.arraySize ?? min(sweep.pointCount, defaultArraySize)
            guard size >= 1 && size <= sweep.pointCount else {
                throw SightlineError(
                    .invalidValue,
                    location: SightlineError.parametersLocation,
                    field: "array_size",
                    message: "\(size) tasks for a sweep of \(sweep.pointCount) points",
                    fix: "give 1 to \(sweep.pointCount) tasks"
                )
            }
            let paths = Sweep.outputPaths(request.outputBase)
            try AtomicFile.checkOutputs([paths.csv, paths.json], inputs: inputs)
            let slurm = try SweepSlurm(
                executable: s.executable,
                sweepPath: request.sweepPath,
                outputBase: request.outputBase,
                directory: s.directory,
                arraySize: size,
                partition: s.partition,
                time: s.time,
                cpusPerTask: s.cpusPerTask,
                jobName: sweep.manifest.name,
                seed: request.seed
            )
            return .slurm(slurm, submit: try slurm.write(model: try model()))
        }
        if let shard = request.shard {
            let path = shard.partPath(base: request.outputBase)
            try AtomicFile.checkOutputs([path], inputs: inputs)
            let model = try model()
            if sweep.isFinished(shard: shard, partPath: path, model: model) { return .skipped(shard, path: path) }
            let points = shard.points(of: sweep.pointCount).count
            let part = try sweep.run(
                shard: shard,
                model: model,
                threads: threads,
                progress: progress?(points * sweep.manifest.trials)
            )
            try AtomicFile.write(try part.json() + "\n", to: path)
            return .part(part, path: path)
        }
        let paths = Sweep.outputPaths(request.outputBase)
        try AtomicFile.checkOutputs([paths.csv, paths.json], inputs: inputs)
        let model = try model()
        let doc = try sweep.run(
            model: model,
            threads: threads,
            progress: progress?(sweep.pointCount * sweep.manifest.trials)
        )
        try doc.write(base: request.outputBase)
        return .whole(doc, csv: paths.csv, json: paths.json)
    }

    /// Calibrates the measurement model and writes it to `path` (atomically), for shards run
    /// side by side (`--measurement-model`) to read instead of each calibrating.
    public static func writeModel(to path: String, threads: Int = Parallel.defaultThreads) throws -> MeasurementModel {
        try AtomicFile.checkOutputs([path], inputs: [])
        let model = try MeasurementModel.standard(threads: threads)
        try AtomicFile.write(try model.json() + "\n", to: path)
        return model
    }

    /// Merges part files into `OUT.csv` and `OUT.json` (see `SweepMerge`).
    public static func merge(parts: [String], outputBase: String) throws -> SweepDocument {
        let paths = Sweep.outputPaths(outputBase)
        try AtomicFile.checkOutputs([paths.csv, paths.json], inputs: parts)
        let doc = try SweepMerge.merge(paths: parts)
        try doc.write(base: outputBase)
        return doc
    }
}
