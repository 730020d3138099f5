import SightlineSignals

/// Detections scored against a recording's ground-truth annotations: an annotation is
/// found when a detection overlaps it in time and its centroid lies inside the
/// annotation's frequency edges (widened by `toleranceHz`); detections matching no
/// annotation are false alarms.
public struct DetectionScore: Sendable, Equatable {
    public var matched: Int
    public var missed: Int
    public var falseAlarms: Int
    public var annotations: Int
    /// |detection start − annotation start| of each match, seconds.
    public var startErrors: [Double]

    public static func score(_ detections: [Detection], annotations: [SigMFAnnotation], sampleRateHz: Double,
                             toleranceHz: Double) -> DetectionScore {
        var used = [Bool](repeating: false, count: detections.count)
        var matched = 0
        var errors: [Double] = []
        for a in annotations {
            let t0 = Double(a.sampleStart) / sampleRateHz, t1 = Double(a.sampleStart + a.sampleCount) / sampleRateHz
            let lo = (a.frequencyLowerEdgeHz ?? -.infinity) - toleranceHz, hi = (a.frequencyUpperEdgeHz ?? .infinity) + toleranceHz
            var best: Int?
            for (i, d) in detections.enumerated() where d.startSeconds < t1 && d.startSeconds + d.durationSeconds > t0
                && d.frequencyHz >= lo && d.frequencyHz <= hi {
                if best == nil || abs(d.startSeconds - t0) < abs(detections[best!].startSeconds - t0) { best = i }
            }
            if let b = best {
                matched += 1
                used[b] = true
                errors.append(abs(detections[b].startSeconds - t0))
            }
        }
        // A detection overlapping an already-matched annotation (a fragment) is not false.
        var falseAlarms = 0
        for (i, d) in detections.enumerated() where !used[i] {
            let overlapsTruth = annotations.contains { a in
                let t0 = Double(a.sampleStart) / sampleRateHz, t1 = Double(a.sampleStart + a.sampleCount) / sampleRateHz
                return d.startSeconds < t1 && d.startSeconds + d.durationSeconds > t0
                    && d.frequencyHz >= (a.frequencyLowerEdgeHz ?? -.infinity) - toleranceHz
                    && d.frequencyHz <= (a.frequencyUpperEdgeHz ?? .infinity) + toleranceHz
            }
            if !overlapsTruth { falseAlarms += 1 }
        }
        return DetectionScore(matched: matched, missed: annotations.count - matched, falseAlarms: falseAlarms,
                              annotations: annotations.count, startErrors: errors)
    }
}
