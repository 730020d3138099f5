import SightlineCore

/// The measurement model as a file (`DIR/measurement-model.json`, written by
/// `sightline sweep --slurm DIR`): calibrated once when the jobs are written, read by every
/// array task instead of calibrating again (about 5 s of one core per process). The model is
/// deterministic, so a task that reads it computes the same numbers as one that calibrates;
/// its SHA-256 is in every sweep manifest, so parts run with different models never merge.
extension MeasurementModel: ResultDocument {
    public static let documentName = "measurement model"
    public static let writtenBy = "sightline sweep SWEEP.yaml --slurm DIR (DIR/measurement-model.json)"

    /// Reads a model file and checks that its tables are usable.
    public static func load(path: String) throws -> MeasurementModel {
        let m = try read(path: path)
        let ascending = { (x: [Double]) in zip(x, x.dropFirst()).allSatisfy { $0 < $1 } }
        guard !m.snrDB.isEmpty, m.snrDB.count == m.burstPd.count, !m.bearingSNRdB.isEmpty,
            m.bearingSNRdB.count == m.bearingRMSEDegrees.count, ascending(m.snrDB), ascending(m.bearingSNRdB),
            m.burstPd.allSatisfy({ $0 >= 0 && $0 <= 1 }), m.bearingRMSEDegrees.allSatisfy({ $0 > 0 })
        else {
            throw SightlineError(
                .malformedFile,
                location: path,
                field: "snrDB",
                message: "the tables are not a measurement model (lengths, order or ranges)",
                fix: "write it again with \(writtenBy)"
            )
        }
        return m
    }
}
