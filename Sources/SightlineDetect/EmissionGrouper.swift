import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Groups detections into emissions and says what each looks like.
///
/// Detections whose centroids lie within half a channel spacing of a group's mean
/// frequency join it (one channel, one transmitter). For each group:
/// - the burst period is the median spacing of consecutive starts, refined by a
///   least-squares fit of start time against burst number (so missed bursts, which show up
///   as double spacings, do not bias it); the duty cycle is the median burst duration over
///   the period;
/// - `tdma-burst`: at least 3 bursts, duty cycle below 1/2, and at least 80 % of the
///   spacings within 5 % of a whole number of periods (a GSM call: 4.615 ms, 1/8);
/// - `continuous`: on for at least half its span (a continuous carrier near the threshold
///   fragments into many detections), the span at least `minimumContinuousSeconds` (5 ms,
///   longer than a TDMA frame: one isolated burst or blip is not a carrier), and no wider
///   than 1.5 channels;
///   `noise-like`: the same but wider (a barrage jammer's flat, wide band);
/// - otherwise `unknown`.
public enum EmissionGrouper {
    public static let minimumContinuousSeconds = 0.005

    public static func group(_ detections: [Detection], channelSpacingHz: Double = 200_000) -> [Emission] {
        var groups: [[Detection]] = []
        var centres: [Double] = []  // running mean frequency of each group
        for d in detections.sorted(by: { $0.startSeconds < $1.startSeconds }) {
            if let i = centres.firstIndex(where: { abs($0 - d.frequencyHz) <= channelSpacingHz / 2 }) {
                groups[i].append(d)
                centres[i] += (d.frequencyHz - centres[i]) / Double(groups[i].count)
            } else {
                groups.append([d])
                centres.append(d.frequencyHz)
            }
        }
        return groups.map { classify($0, channelSpacingHz: channelSpacingHz) }.sorted {
            ($0.startSeconds, $0.frequencyHz) < ($1.startSeconds, $1.frequencyHz)
        }
    }

    /// The median (``Statistics/median(_:)``), 0 for no values.
    static func median(_ x: [Double]) -> Double { x.isEmpty ? 0 : Statistics.median(x) }

    static func classify(_ g: [Detection], channelSpacingHz: Double) -> Emission {
        let starts = g.map(\.startSeconds)
        let first = starts.min()!
        let end = g.map { $0.startSeconds + $0.durationSeconds }.max()!
        let span = end - first
        let onTime = g.reduce(0) { $0 + $1.durationSeconds }
        let bandwidth = median(g.map(\.bandwidthHz))
        let snr = Decibels.fromPowerRatio(
            g.reduce(0) { $0 + Decibels.toPowerRatio($1.snrDB) * $1.durationSeconds } / max(onTime, 1e-30)
        )
        var period: Double?
        var duty = min(1, onTime / max(span, 1e-30))
        var kind = Emission.Kind.unknown
        if g.count >= 3 {
            let diffs = zip(starts.dropFirst(), starts).map { $0 - $1 }
            let p0 = median(diffs)
            if p0 > 0 {
                // Least squares of start vs burst number.
                let n = starts.map { (($0 - first) / p0).rounded() }
                let mn = n.reduce(0, +) / Double(n.count)
                let mt = starts.reduce(0, +) / Double(starts.count)
                var sxy = 0.0
                var sxx = 0.0
                for (ni, ti) in zip(n, starts) {
                    sxy += (ni - mn) * (ti - mt)
                    sxx += (ni - mn) * (ni - mn)
                }
                let p = sxx > 0 ? sxy / sxx : p0
                let regular = diffs.filter { d in
                    let m = (d / p).rounded()
                    return m >= 1 && abs(d - m * p) <= 0.05 * p
                }.count
                let burstDuty = median(g.map(\.durationSeconds)) / p
                if burstDuty < 0.5 && Double(regular) >= 0.8 * Double(diffs.count) {
                    kind = .tdmaBurst
                    period = p
                    duty = burstDuty
                }
            }
        }
        if kind == .unknown && onTime >= 0.5 * span && span >= minimumContinuousSeconds {
            kind = bandwidth > 1.5 * channelSpacingHz ? .noiseLike : .continuous
        }
        return Emission(
            startSeconds: first,
            durationSeconds: span,
            frequencyHz: median(g.map(\.frequencyHz)),
            bandwidthHz: bandwidth,
            burstCount: g.count,
            periodSeconds: period,
            dutyCycle: duty,
            kind: kind,
            snrDB: snr
        )
    }
}
