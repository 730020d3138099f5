import ArgumentParser
import Foundation
import Sightline

/// `sightline detect`: CFAR detection of bursts and emissions in a SigMF recording.
public struct DetectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "CFAR detection over the spectrogram: bursts, then emissions (TDMA handset, continuous carrier, noise jammer).",
        discussion: """
            The recording streams through the spectral loop (frames of --nfft samples, no overlap by default so frames are independent; --average-frames frames per cell, Gamma statistics). Each cell is compared with α × the noise estimated from --train cells on each side beyond --guard cells (every second bin with a tapered window, so the training cells are independent), along frequency and, with --train-time, along time. α is exact for the requested --pfa per cell (CA: N(Pfa^(-1/N) − 1) for single frames). Hits join into connected regions (detections), and detections in one channel into emissions with burst period and duty cycle. Defaults suit GSM: cells of about 62.5 kHz × 2 frames. Result fields are DESIGN.md's: detections {start_s, duration_s, frequency_hz, bandwidth_hz, snr_db}, emissions {start_s, duration_s, frequency_hz, burst_count, period_s, duty_cycle, kind}.
            """)

    @Argument(help: "The recording (.sigmf-meta, .sigmf-data or base name).") public var input: String
    @Option(help: "Per-cell false-alarm probability.") public var pfa: Double = 1e-6
    @Option(help: "CFAR kind: ca, goca, soca or os.") public var cfar: String = "ca"
    @Option(name: .customLong("guard"), help: "Guard cells on each side along frequency (bins).") public var guardCells: Int = 3
    @Option(help: "Training cells on each side along frequency.") public var train: Int = 6
    @Option(name: .customLong("guard-time"), help: "Guard cell rows on each side along time.") public var guardTime: Int = 0
    @Option(name: .customLong("train-time"), help: "Training cell rows on each side along time (0: frequency only).") public var trainTime: Int = 0
    @Option(help: "Transform length (default: about 62.5 kHz bins).") public var nfft: Int?
    @Option(help: "Frame overlap fraction, 0 ≤ overlap < 1.") public var overlap: Double = 0
    @Option(help: "Window (the training stride is 1 for rectangular, 2 otherwise).") public var window: String = "hann"
    @Option(name: .customLong("average-frames"), help: "Frames averaged per cell.") public var averageFrames: Int = 2
    @Option(name: .customLong("min-duration-s"), help: "Drop detections shorter than this (default: 3 cells).") public var minDurationS: Double?
    @Option(name: .customLong("channel-hz"), help: "Channel spacing for grouping emissions.") public var channelHz: Double = 200_000
    @Option(help: "Channel of a multi-channel recording.") public var channel: Int = 0
    @Option(help: "Worker threads for the transforms.") public var threads: Int = SpectralConfiguration.defaultThreads
    @Option(help: "Write the detections document (JSON) here.") public var detections: String?
    @Option(help: "Write a PNG waterfall with the detections outlined.") public var waterfall: String?
    @Flag(help: "Score against the recording's ground-truth annotations: matches, misses, false alarms.") public var score = false
    @Flag(help: "Print the detections document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        guard CFARKind(rawValue: cfar) != nil else { throw ValidationError("--cfar \(cfar): use ca, goca, soca or os") }
        guard pfa > 0 && pfa < 1 else { throw ValidationError("--pfa \(pfa): give a probability in (0, 1), e.g. 1e-6") }
        guard guardCells >= 0 && train >= 0 && guardTime >= 0 && trainTime >= 0 && train + trainTime > 0 else {
            throw ValidationError("--guard/--train: give non-negative counts with at least one training cell")
        }
        if let nfft { guard nfft >= 8 && nfft <= 1 << 20 else { throw ValidationError("--nfft \(nfft): use 8 to 1048576") } }
        guard overlap >= 0 && overlap < 1 else { throw ValidationError("--overlap \(overlap): give a fraction in [0, 1)") }
        guard WindowKind(name: window) != nil else { throw ValidationError("--window \(window): use one of \(WindowKind.namesHelp)") }
        guard averageFrames >= 1 else { throw ValidationError("--average-frames \(averageFrames): use 1 or more") }
        guard channelHz > 0 else { throw ValidationError("--channel-hz \(channelHz): give a positive spacing") }
        guard threads >= 1 else { throw ValidationError("--threads \(threads): use 1 or more") }
    }

    func options(sampleRateHz: Double) -> DetectionPipeline.Options {
        var o = DetectionPipeline.Options.defaults(sampleRateHz: sampleRateHz)
        let kind = WindowKind(name: window) ?? .hann
        if let nfft { o.spectral.nfft = nfft }
        o.spectral.overlapSamples = Int((overlap * Double(o.spectral.nfft)).rounded(.down))
        o.spectral.window = kind
        o.spectral.threads = threads
        o.cfar = CFARConfiguration(kind: CFARKind(rawValue: cfar) ?? .ca, pfa: pfa, guardBins: guardCells, trainingBins: train,
                                   trainingStride: kind == .rectangular ? 1 : 2, guardRows: guardTime, trainingRows: trainTime,
                                   averagedFrames: averageFrames)
        o.minimumDurationSeconds = minDurationS
        o.channelSpacingHz = channelHz
        return o
    }

    public func run() throws {
        let meta = try SigMFMetadata.read(path: input)
        let opts = options(sampleRateHz: meta.sampleRateHz)
        let total = try meta.sampleCount()
        var grid = waterfall == nil ? nil
            : WaterfallGrid(bins: opts.spectral.nfft, expectedFrames: max(1, opts.spectral.frameCount(sampleCount: total)))
        let result = try DetectionPipeline.run(metadata: meta, channel: channel, options: opts,
                                               frameObserver: grid == nil ? nil : { _, rows in grid!.add(frames: rows) })
        var doc = Self.document(result)
        var scoreResult: DetectionScore?
        if score {
            let s = DetectionScore.score(result.detections, annotations: meta.annotations, sampleRateHz: meta.sampleRateHz,
                                         toleranceHz: result.binHz)
            scoreResult = s
            doc["score"] = ["annotations": s.annotations, "matched": s.matched, "missed": s.missed, "false_alarms": s.falseAlarms,
                            "max_start_error_s": s.startErrors.max().map { $0 as Any } ?? NSNull()]
        }
        // Encoding thousands of detections is not free: only when they are wanted.
        let text = json || detections != nil ? try JSONOutput.string(doc) : ""
        if let path = waterfall, var g = grid {
            g.finish()
            let offsets = opts.spectral.frequencyOffsetsHz
            let centre = meta.frequencyHz ?? 0
            var renderer = WaterfallRenderer(
                title: "\(URL(fileURLWithPath: meta.metaPath).lastPathComponent)  \(result.detections.count) DETECTIONS  \(cfar.uppercased())-CFAR",
                frequencyRangeHz: (centre + offsets.first!)...(centre + offsets.last!),
                durationS: Double(total) / meta.sampleRateHz, unitLabel: "DBFS/HZ")
            renderer.boxes = result.detections.map { d in
                (d.startSeconds...(d.startSeconds + d.durationSeconds),
                 (d.frequencyHz - d.bandwidthHz / 2)...(d.frequencyHz + d.bandwidthHz / 2))
            }
            try renderer.render(g).writePNG(to: path)
        }
        if let path = detections { try AtomicFile.write(text + "\n", to: path) }
        if json {
            print(text)
            return
        }
        print("\(meta.metaPath): \(result.detections.count) detections, \(result.emissions.count) emissions (\(cfar)-CFAR, Pfa \(pfa), cells \(String(format: "%.1f", result.binHz / 1000)) kHz × \(String(format: "%.0f", result.rowSeconds * 1e6)) µs)")
        for e in result.emissions {
            var line = String(format: "  %@ at %.4f MHz: %d detection(s) from %.4f s for %.4f s, SNR %.1f dB", e.kind.rawValue,
                              e.frequencyHz / 1e6, e.burstCount, e.startSeconds, e.durationSeconds, e.snrDB)
            if let p = e.periodSeconds { line += String(format: ", period %.3f ms, duty %.3f", p * 1000, e.dutyCycle) }
            print(line)
        }
        if let s = scoreResult {
            print("score: \(s.matched) of \(s.annotations) annotations found, \(s.missed) missed, \(s.falseAlarms) false alarms" +
                  (s.startErrors.isEmpty ? "" : String(format: "; worst start error %.1f µs", (s.startErrors.max() ?? 0) * 1e6)))
        }
        if let d = detections { print("detections: \(d)") }
        if let w = waterfall { print("waterfall: \(w)") }
    }

    /// The detections document (DESIGN.md "Result files").
    public static func document(_ r: DetectionPipeline.Result) -> [String: Any] {
        [
            "detections": r.detections.map { d -> [String: Any] in
                ["start_s": d.startSeconds, "duration_s": d.durationSeconds, "frequency_hz": d.frequencyHz,
                 "bandwidth_hz": d.bandwidthHz, "snr_db": d.snrDB, "peak_snr_db": d.peakSNRdB]
            },
            "emissions": r.emissions.map { e -> [String: Any] in
                ["start_s": e.startSeconds, "duration_s": e.durationSeconds, "frequency_hz": e.frequencyHz,
                 "burst_count": e.burstCount, "period_s": e.periodSeconds.map { $0 as Any } ?? NSNull(), "duty_cycle": e.dutyCycle,
                 "kind": e.kind.rawValue, "bandwidth_hz": e.bandwidthHz, "snr_db": e.snrDB]
            },
        ]
    }
}
