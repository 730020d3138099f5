import SightlineSignals

/// Detections scored one-to-one against a recording's ground-truth annotations.
///
/// A detection and an annotation *overlap* when their time spans intersect and the
/// detection's centroid lies inside the annotation's frequency edges (widened by
/// `toleranceHz`). Each annotation is matched to at most one detection and each detection
/// to at most one annotation: pairs are taken in order of increasing start-time error
/// (a greedy assignment, optimal when overlaps are sparse, as bursts are). Then:
/// - `found`: annotations with a match; `missed`: the rest;
/// - `merged`: detections that overlap two or more annotations (one detection covering
///   several bursts: it finds one of them, the others are missed);
/// - `fragments`: unmatched detections that overlap an annotation (a burst split in two);
/// - `falseAlarms`: detections that overlap no annotation;
/// - precision = matched detections / detections, recall = found / annotations.
public struct DetectionScore: Sendable, Equatable, Codable {
    public var annotations: Int
    public var detections: Int
    public var found: Int
    public var missed: Int
    public var merged: Int
    public var fragments: Int
    public var falseAlarms: Int
    public var precision: Double
    public var recall: Double
    /// |detection start − annotation start| of each match, seconds, in annotation order.
    public var startErrors: [Double]

    public var meanStartErrorSeconds: Double?
    public var maxStartErrorSeconds: Double?

    /// The same as `found` (kept for callers that say "matched").
    public var matched: Int { found }

    enum CodingKeys: String, CodingKey {
        case annotations, detections, found, missed, merged, fragments, precision, recall
        case falseAlarms = "false_alarms", startErrors = "start_errors_s"
        case meanStartErrorSeconds = "mean_start_error_s", maxStartErrorSeconds = "max_start_error_s"
    }

    public static func score(
        _ detections: [Detection],
        annotations: [SigMFAnnotation],
        sampleRateHz: Double,
        toleranceHz: Double
    ) -> DetectionScore {
        let spans = annotations.map { a -> (t0: Double, t1: Double, lo: Double, hi: Double) in
            let end = a.sampleStart.addingReportingOverflow(a.sampleCount)
            return (
                Double(a.sampleStart) / sampleRateHz, Double(end.overflow ? Int.max : end.partialValue) / sampleRateHz,
                (a.frequencyLowerEdgeHz ?? -.infinity) - toleranceHz,
                (a.frequencyUpperEdgeHz ?? .infinity) + toleranceHz
            )
        }
        func overlaps(_ d: Detection, _ s: (t0: Double, t1: Double, lo: Double, hi: Double)) -> Bool {
            d.startSeconds < s.t1 && d.startSeconds + d.durationSeconds > s.t0 && d.frequencyHz >= s.lo
                && d.frequencyHz <= s.hi
        }
        // Every overlapping pair, by start error; detections sorted by start so that the
        // scan per annotation stops early.
        var pairs: [(error: Double, a: Int, d: Int)] = []
        var overlapCount = [Int](repeating: 0, count: detections.count)
        var touchesTruth = [Bool](repeating: false, count: detections.count)
        let order = detections.indices.sorted { detections[$0].startSeconds < detections[$1].startSeconds }
        let longest = detections.map(\.durationSeconds).max() ?? 0
        for (ai, s) in spans.enumerated() {
            // Detections starting before t0 − longest cannot reach t0.
            var lo = 0
            var hi = order.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if detections[order[mid]].startSeconds < s.t0 - longest { lo = mid + 1 } else { hi = mid }
            }
            for k in lo..<order.count {
                let di = order[k]
                let d = detections[di]
                if d.startSeconds >= s.t1 { break }
                guard overlaps(d, s) else { continue }
                pairs.append((abs(d.startSeconds - s.t0), ai, di))
                overlapCount[di] += 1
                touchesTruth[di] = true
            }
        }
        pairs.sort { ($0.error, $0.a, $0.d) < ($1.error, $1.a, $1.d) }
        var annotationUsed = [Bool](repeating: false, count: spans.count)
        var detectionUsed = [Bool](repeating: false, count: detections.count)
        var errors = [Double?](repeating: nil, count: spans.count)
        for p in pairs where !annotationUsed[p.a] && !detectionUsed[p.d] {
            annotationUsed[p.a] = true
            detectionUsed[p.d] = true
            errors[p.a] = p.error
        }
        let found = annotationUsed.filter { $0 }.count
        let matchedDetections = detectionUsed.filter { $0 }.count
        let fragments = detections.indices.filter { !detectionUsed[$0] && touchesTruth[$0] }.count
        return DetectionScore(
            annotations: spans.count,
            detections: detections.count,
            found: found,
            missed: spans.count - found,
            merged: overlapCount.filter { $0 >= 2 }.count,
            fragments: fragments,
            falseAlarms: touchesTruth.filter { !$0 }.count,
            precision: detections.isEmpty ? 1 : Double(matchedDetections) / Double(detections.count),
            recall: spans.isEmpty ? 1 : Double(found) / Double(spans.count),
            startErrors: errors.compactMap { $0 },
            meanStartErrorSeconds: found == 0 ? nil : errors.compactMap { $0 }.reduce(0, +) / Double(found),
            maxStartErrorSeconds: errors.compactMap { $0 }.max()
        )
    }
}
