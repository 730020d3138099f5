import Foundation
import SightlineCore
import SightlineDetect
import SightlineSignals

/// What `sightline detect` (and the demo) compute for one recording: the pipeline's result,
/// its score against the recording's ground truth, the detections document and, if asked,
/// the waterfall with every detection outlined — all computed before anything is written.
public struct DetectionRun: Sendable {
    public var result: DetectionPipeline.Result
    public var score: DetectionScore?
    public var document: DetectionDocument
    /// The waterfall PNG, when asked for.
    public var waterfallPNG: Data?

    /// What the detector is called in titles and summaries.
    public static func detectorName(_ options: DetectionPipeline.Options) -> String {
        options.noise == .floor ? "noise-floor" : "\(options.cfar.kind.rawValue)-CFAR"
    }

    /// Runs the detector on `channel` of the recording.
    public init(
        metadata meta: SigMFMetadata,
        channel: Int,
        options: DetectionPipeline.Options,
        score wantsScore: Bool,
        waterfall wantsWaterfall: Bool
    ) throws {
        let total = try meta.sampleCount()
        var grid =
            wantsWaterfall
            ? WaterfallGrid(
                bins: options.spectral.nfft,
                expectedFrames: max(1, options.spectral.frameCount(sampleCount: total))
            )
            : nil
        result = try DetectionPipeline.run(
            metadata: meta,
            channel: channel,
            options: options,
            frameObserver: grid == nil ? nil : { _, rows in grid!.add(frames: rows) }
        )
        score =
            wantsScore
            ? DetectionScore.score(
                result.detections,
                annotations: meta.annotations,
                sampleRateHz: meta.sampleRateHz,
                toleranceHz: result.binHz
            )
            : nil
        document = DetectionDocument(result, options: options, score: score)
        guard var g = grid else { return }
        g.finish()
        let offsets = options.spectral.frequencyOffsetsHz
        let centre = meta.frequencyHz ?? 0
        let name = URL(fileURLWithPath: meta.metaPath).lastPathComponent
        var renderer = WaterfallRenderer(
            title: "\(name)  \(result.detections.count) DETECTIONS  \(Self.detectorName(options))",
            frequencyRangeHz: (centre + offsets.first!)...(centre + max(offsets.first!, offsets.last!)),
            durationS: Double(total) / meta.sampleRateHz,
            unitLabel: "DBFS/HZ"
        )
        // Ranges only from finite, ordered bounds.
        renderer.boxes = result.detections.compactMap { d in
            let t0 = d.startSeconds
            let t1 = d.startSeconds + max(0, d.durationSeconds)
            let half = abs(d.bandwidthHz) / 2
            let f0 = d.frequencyHz - half
            let f1 = d.frequencyHz + half
            guard t0.isFinite, t1.isFinite, f0.isFinite, f1.isFinite, t0 <= t1, f0 <= f1 else { return nil }
            return (t0...t1, f0...f1)
        }
        waterfallPNG = try renderer.render(g).pngData()
    }

    /// Writes what was asked for (the waterfall first, then the document).
    public func write(detections: String?, waterfall: String?) throws {
        let text = detections == nil ? "" : try document.json()
        if let waterfall, let png = waterfallPNG { try AtomicFile.write(png, to: waterfall) }
        if let detections { try AtomicFile.write(text + "\n", to: detections) }
    }

    /// The summary lines `sightline detect` prints.
    public func summary(path: String, options: DetectionPipeline.Options) -> [String] {
        let pfa = options.noise == .floor ? options.floor.pfa : options.cfar.pfa
        var lines = [
            """
            \(path): \(result.detections.count) detections, \(result.emissions.count) emissions \
            (\(Self.detectorName(options)), Pfa \(pfa), cells \(String(format: "%.1f", result.binHz / 1000)) kHz \
            × \(String(format: "%.0f", result.rowSeconds * 1e6)) µs)
            """
        ]
        for e in result.emissions {
            var line = String(
                format: "  %@ at %.4f MHz: %d detection(s) from %.4f s for %.4f s, SNR %.1f dB",
                e.kind.rawValue,
                e.frequencyHz / 1e6,
                e.burstCount,
                e.startSeconds,
                e.durationSeconds,
                e.snrDB
            )
            if let p = e.periodSeconds { line += String(format: ", period %.3f ms, duty %.3f", p * 1000, e.dutyCycle) }
            lines.append(line)
        }
        if let s = score {
            var line =
                "score: \(s.found) of \(s.annotations) annotations found, \(s.missed) missed, \(s.merged) merged, "
                + "\(s.fragments) fragments, \(s.falseAlarms) false alarms"
            line += String(format: "; precision %.3f, recall %.3f", s.precision, s.recall)
            if let worst = s.maxStartErrorSeconds {
                line += String(format: "; worst start error %.1f µs", worst * 1e6)
            }
            lines.append(line)
        }
        return lines
    }
}
