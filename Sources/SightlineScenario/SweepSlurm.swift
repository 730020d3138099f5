import Foundation
import SightlineCore

/// `sightline sweep SWEEP.yaml --slurm DIR`: a Slurm job array that runs one shard per array
/// task (`SLURM_ARRAY_TASK_ID` → K of N), a merge job that runs after every task succeeded
/// (`--dependency=afterok`), and the one command that submits both. The scripts name the
/// sightline binary, the sweep file and the output by absolute paths (a job starts in the
/// submit directory, but may run on a node with another working directory); logs go to
/// `DIR/logs/`. Each task runs with `--threads $SLURM_CPUS_PER_TASK` and reads the measurement
/// model calibrated once when the scripts were written (`DIR/measurement-model.json`).
public struct SweepSlurm: Sendable {
    public var executable: String
    public var sweepPath: String
    public var outputBase: String
    public var directory: String
    public var arraySize: Int
    public var partition: String?
    /// Slurm's time limit per task (`minutes`, `HH:MM:SS`, `D-HH:MM`, …).
    public var time: String?
    public var cpusPerTask: Int
    public var jobName: String
    /// A seed given on the command line (passed on to every task).
    public var seed: UInt64?

    public init(
        executable: String,
        sweepPath: String,
        outputBase: String,
        directory: String,
        arraySize: Int,
        partition: String? = nil,
        time: String? = nil,
        cpusPerTask: Int = 1,
        jobName: String,
        seed: UInt64? = nil
    ) throws {
        self.seed = seed
        func absolute(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.path }
        self.executable = absolute(executable)
        self.sweepPath = absolute(sweepPath)
        self.outputBase = absolute(Sweep.outputPaths(outputBase).base)
        self.directory = absolute(directory)
        self.arraySize = arraySize
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        let cleaned = jobName.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        self.jobName = "sightline-" + String(String(cleaned).split(separator: "-").joined(separator: "-").prefix(40))
        if let partition,
            partition.isEmpty || !partition.allSatisfy({ $0.isLetter || $0.isNumber || "_-.,".contains($0) })
        {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "partition",
                message: "\"\(partition)\" is not a partition name",
                fix: "give a name such as compute (letters, digits, _ - . and commas)"
            )
        }
        if let time, time.wholeMatch(of: /([0-9]+-)?[0-9]+(:[0-9]+){0,2}/) == nil {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "time",
                message: "\"\(time)\" is not a Slurm time limit",
                fix: "give minutes, HH:MM:SS or D-HH:MM:SS, e.g. 2:00:00"
            )
        }
        guard cpusPerTask >= 1 && cpusPerTask <= Parallel.maximumThreads else {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "cpus_per_task",
                message: "\(cpusPerTask) is outside 1 to \(Parallel.maximumThreads)",
                fix: "give the cores each task may use"
            )
        }
    }

    public var arrayScriptPath: String { directory + "/sweep-array.sbatch" }
    public var mergeScriptPath: String { directory + "/sweep-merge.sbatch" }
    public var modelPath: String { directory + "/measurement-model.json" }

    /// The part files the array writes, in shard order.
    public var partPaths: [String] {
        (0..<arraySize).map { SweepShard(index: $0, count: arraySize).partPath(base: outputBase) }
    }

    /// A word for a POSIX shell, single-quoted.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    func directives(name: String, log: String, cpus: Int) -> String {
        var lines = ["#SBATCH --job-name=\(name)", "#SBATCH --output=\(log)", "#SBATCH --cpus-per-task=\(cpus)"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        return lines.joined(separator: "\n")
    }

    /// The job array: one shard per task.
    public var arrayScript: String {
        """
        #!/bin/bash
        # Written by sightline sweep --slurm: shard $SLURM_ARRAY_TASK_ID of \(arraySize) of \(sweepPath).
        # A finished shard is skipped on a re-run; an interrupted one leaves no part.
        #SBATCH --array=0-\(arraySize - 1)
        \(directives(name: jobName, log: directory + "/logs/shard-%a.out", cpus: cpusPerTask))
        set -euo pipefail
        exec \(Self.quote(executable)) sweep \(Self.quote(sweepPath)) -o \(Self.quote(outputBase)) \\
          --shard "$SLURM_ARRAY_TASK_ID/\(arraySize)" --threads "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}" \\
          --measurement-model \(Self.quote(modelPath))\(seed.map { " --seed \($0)" } ?? "")

        """
    }

    /// The merge job (submitted with a dependency on the array).
    public var mergeScript: String {
        let parts = partPaths.map { "  " + Self.quote($0) + " \\" }.joined(separator: "\n")
        return """
            #!/bin/bash
            # Written by sightline sweep --slurm: merges the \(arraySize) parts into \(outputBase).csv and .json.
            \(directives(name: jobName + "-merge", log: directory + "/logs/merge.out", cpus: 1))
            set -euo pipefail
            exec \(Self.quote(executable)) sweep merge \\
            \(parts)
              -o \(Self.quote(outputBase))

            """
    }

    /// The one command that submits the array and then the merge job, which runs only if
    /// every array task succeeded.
    public var submitCommand: String {
        "sbatch --dependency=afterok:$(sbatch --parsable \(Self.quote(arrayScriptPath)) | cut -d';' -f1) "
            + Self.quote(mergeScriptPath)
    }

    /// Writes both scripts and the measurement model (atomically) into `directory`, creating
    /// it and its `logs/`, and returns the submit command.
    public func write(model: MeasurementModel) throws -> String {
        do {
            try FileManager.default.createDirectory(
                atPath: directory + "/logs",
                withIntermediateDirectories: true
            )
        } catch {
            throw SightlineError(
                .writeFailed,
                location: directory,
                message: "cannot create the folder (\(error.localizedDescription))",
                fix: "give a folder you can write to"
            )
        }
        try AtomicFile.write(try model.json() + "\n", to: modelPath)
        try AtomicFile.write(arrayScript, to: arrayScriptPath)
        try AtomicFile.write(mergeScript, to: mergeScriptPath)
        return submitCommand
    }
}
