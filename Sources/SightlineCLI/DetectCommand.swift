import ArgumentParser
import Foundation
import Sightline

/// `sightline detect`: burst and emission detection in a SigMF recording.
public struct DetectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: """
            Detection over the spectrogram: bursts, then emissions (TDMA handset, continuous carrier, noise jammer).
            """,
        discussion: """
            The recording streams through the spectral loop in cells of --nfft samples × --average-frames frames \
            (default: bins of about 62.5 kHz, a third of a GSM channel, and 2 frames: 32 µs at 2 MS/s, so a 577 µs \
            burst is timed to within 50 µs). No overlap by default, so frames are independent.

            Noise (--noise floor, the default): every bin is compared with its own floor over time — the 25 % order \
            statistic of its cells over 30 ms blocks — so a channel filter's shape, a roll-off, or a strong carrier \
            one channel away do not matter; the threshold is the exact OS-CFAR one for --pfa per cell. A carrier or \
            jammer that is on the whole time is its own floor; it is found by comparing the floors across frequency \
            with their lower envelope (a 1 MHz morphological opening): bins standing --stationary-db above it are \
            tested against the envelope. A bump more than --passband-db up is taken for a digital channel filter's \
            passband over its stopband, not an emission. Stationary emissions are looked for in the central \
            --usable-band of the capture only (decimation filters roll off and alias at the edges).

            Noise (--noise window): the classic sliding CFAR window (--cfar ca|goca|soca|os): --train cells each side \
            beyond --guard cells along frequency (every second bin with a tapered window), and with --train-time \
            along time. Right for a flat noise floor; misled by channel filters and by strong neighbours. Giving any \
            of --cfar, --guard, --train, --guard-time, --train-time selects it.

            Change the defaults when: the signals of interest are narrower than about 60 kHz (--nfft larger), bursts \
            are shorter than about 3 cells (--nfft smaller, or --average-frames 1), the channel raster is not GSM's \
            200 kHz (--channel-hz, used to group detections into emissions), or continuous emissions stronger than 50 \
            dB over the floor are expected (--passband-db higher).

            Hits join into connected regions (detections); detections in one channel into emissions: tdma-burst \
            (periodic, duty < 1/2), continuous (on ≥ half of ≥ 5 ms, ≤ 1.5 channels wide), noise-like (the same, \
            wider), otherwise unknown. The document (--detections, --json) is DESIGN.md's: detections {start_s, \
            duration_s, frequency_hz, bandwidth_hz, snr_db, peak_snr_db, test}, emissions {start_s, duration_s, \
            frequency_hz, bandwidth_hz, burst_count, period_s, duty_cycle, kind, snr_db}, parameters (everything the \
            detection used), and with --score the one-to-one score against the recording's annotations (found, \
            missed, merged, fragments, false_alarms, precision, recall, start errors). SNR is measured against the \
            noise estimate that set the threshold.
            """
    )

    @Argument(help: "The recording (.sigmf-meta, .sigmf-data or base name).") public var input: String
    @Option(
        help: """
            Where the noise under each cell comes from: floor (each bin's own floor over time) or window (sliding CFAR \
            window).
            """
    )
    public var noise: DetectionPipeline.NoiseEstimator?
    @Option(parsing: .unconditional, help: "Per-cell false-alarm probability against noise.") public var pfa: Double =
        1e-6
    @Option(help: "CFAR kind for --noise window: ca, goca, soca or os (default ca).") public var cfar: CFARKind?
    @Option(
        name: .customLong("guard"),
        parsing: .unconditional,
        help: "--noise window: guard cells on each side along frequency (bins; default 3)."
    )
    public var guardCells: Int?
    @Option(parsing: .unconditional, help: "--noise window: training cells on each side along frequency (default 6).")
    public var train: Int?
    @Option(
        name: .customLong("guard-time"),
        parsing: .unconditional,
        help: "--noise window: guard cell rows on each side along time (default 0)."
    )
    public var guardTime: Int?
    @Option(
        name: .customLong("train-time"),
        parsing: .unconditional,
        help: """
            --noise window: training cell rows on each side along time (default 0: frequency only).
            """
    )
    public var trainTime: Int?
    @Option(
        name: .customLong("stationary-db"),
        parsing: .unconditional,
        help: """
            --noise floor: a floor this far above its envelope across frequency is a continuous emission.
            """
    )
    public var stationaryDB: Double = 15
    @Option(
        name: .customLong("passband-db"),
        parsing: .unconditional,
        help: """
            --noise floor: a stationary bump more than this above the envelope is a channel filter's passband.
            """
    )
    public var passbandDB: Double = 50
    @Option(
        name: .customLong("usable-band"),
        parsing: .unconditional,
        help: "--noise floor: central fraction of the band searched for continuous emissions."
    )
    public var usableBand: Double = 0.85
    @Option(parsing: .unconditional, help: "Transform length, 8 to 1048576 (default: about 62.5 kHz bins).") public
        var nfft: Int?
    @Option(parsing: .unconditional, help: "Frame overlap fraction, 0 ≤ overlap ≤ 0.95.")
    public var overlap: Double = 0
    @Option(parsing: .unconditional, help: "Window: \(WindowKind.namesHelp).") public var window: WindowKind = .hann
    @Option(name: .customLong("average-frames"), parsing: .unconditional, help: "Frames averaged per cell, 1 to 1024.")
    public var averageFrames: Int = 2
    @Option(
        name: .customLong("min-duration-s"),
        parsing: .unconditional,
        help: "Drop detections shorter than this, 0 to 3600 s (default: 3 cells)."
    )
    public var minDurationS: Double?
    @Option(
        name: .customLong("channel-hz"),
        parsing: .unconditional,
        help: "Channel spacing for grouping emissions (GSM: 200000)."
    ) public var channelHz: Double = 200_000
    @Option(parsing: .unconditional, help: "Channel of a multi-channel recording.") public var channel: Int = 0
    @Option(parsing: .unconditional, help: "Worker threads, 1 to \(Parallel.maximumThreads).") public var threads: Int =
        Parallel.defaultThreads
    @Option(help: "Write the detections document (JSON) here.") public var detections: String?
    @Option(help: "Write a PNG waterfall with the detections outlined.") public var waterfall: String?
    @Flag(help: "Score one-to-one against the recording's ground-truth annotations.") public var score = false
    @Flag(help: "Print the detections document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    /// The noise estimator asked for: explicit, or the window when a window option is given.
    var estimator: DetectionPipeline.NoiseEstimator {
        noise
            ?? (cfar != nil || guardCells != nil || train != nil || guardTime != nil || trainTime != nil
                ? .window : .floor)
    }

    public func validate() throws {
        guard pfa > 0 && pfa < 1 else { throw ValidationError("--pfa \(pfa): give a probability in (0, 1), e.g. 1e-6") }
        let windowOptions = [
            ("--cfar", cfar != nil), ("--guard", guardCells != nil), ("--train", train != nil),
            ("--guard-time", guardTime != nil), ("--train-time", trainTime != nil),
        ]
        if noise == .floor, let given = windowOptions.first(where: { $0.1 }) {
            throw ValidationError("\(given.0) applies to --noise window only; drop it or give --noise window")
        }
        for (name, value) in [
            ("--guard", guardCells), ("--train", train), ("--guard-time", guardTime), ("--train-time", trainTime),
        ] {
            if let value {
                guard (0...1024).contains(value) else { throw ValidationError("\(name) \(value): use 0 to 1024 cells") }
            }
        }
        if estimator == .window && (train ?? 6) + (trainTime ?? 0) == 0 {
            throw ValidationError("--train/--train-time: give at least one training cell")
        }
        if let nfft {
            guard nfft >= 8 && nfft <= 1 << 20 else { throw ValidationError("--nfft \(nfft): use 8 to 1048576") }
        }
        guard overlap >= 0 && overlap <= 0.95 else {
            throw ValidationError("--overlap \(overlap): give a fraction from 0 to 0.95")
        }
        guard (1...1024).contains(averageFrames) else {
            throw ValidationError("--average-frames \(averageFrames): use 1 to 1024")
        }
        if let minDurationS {
            guard minDurationS >= 0 && minDurationS <= 3600 else {
                throw ValidationError("--min-duration-s \(minDurationS): give 0 to 3600 s")
            }
        }
        guard channelHz > 0 && channelHz <= 1e10 else {
            throw ValidationError("--channel-hz \(channelHz): give a spacing from 1 Hz to 10 GHz")
        }
        guard stationaryDB > 0 && stationaryDB < 200 else {
            throw ValidationError("--stationary-db \(stationaryDB): give 0 to 200 dB")
        }
        guard passbandDB > stationaryDB && passbandDB <= 300 else {
            throw ValidationError("--passband-db \(passbandDB): give more than --stationary-db, at most 300 dB")
        }
        guard usableBand > 0 && usableBand <= 1 else {
            throw ValidationError("--usable-band \(usableBand): give a fraction in (0, 1]")
        }
        guard channel >= 0 && channel < 1 << 16 else {
            throw ValidationError("--channel \(channel): give 0 or more (and less than the recording's channels)")
        }
        guard (1...Parallel.maximumThreads).contains(threads) else {
            throw ValidationError("--threads \(threads): use 1 to \(Parallel.maximumThreads)")
        }
    }

    func options(sampleRateHz: Double) -> DetectionPipeline.Options {
        var o = DetectionPipeline.Options.defaults(sampleRateHz: sampleRateHz)
        if let nfft { o.spectral.nfft = nfft }
        o.spectral.overlapSamples = min(o.spectral.nfft - 1, Int((overlap * Double(o.spectral.nfft)).rounded(.down)))
        o.spectral.window = window
        o.spectral.threads = threads
        o.noise = estimator
        o.floor = NoiseFloorConfiguration(
            pfa: pfa,
            averagedFrames: averageFrames,
            stationaryDB: stationaryDB,
            passbandDB: passbandDB,
            usableFraction: usableBand
        )
        o.cfar = CFARConfiguration(
            kind: cfar ?? .ca,
            pfa: pfa,
            guardBins: guardCells ?? 3,
            trainingBins: train ?? 6,
            trainingStride: window == .rectangular ? 1 : 2,
            guardRows: guardTime ?? 0,
            trainingRows: trainTime ?? 0,
            averagedFrames: averageFrames
        )
        o.minimumDurationSeconds = minDurationS
        o.channelSpacingHz = channelHz
        return o
    }

    public func run() throws {
        try AtomicFile.checkOutputs([detections, waterfall], inputs: [input])
        let meta = try SigMFMetadata.read(path: input)
        let opts = options(sampleRateHz: meta.sampleRateHz)
        let run = try DetectionRun(
            metadata: meta,
            channel: channel,
            options: opts,
            score: score,
            waterfall: waterfall != nil
        )
        // Everything is computed before the first file is written.
        let text = json ? try run.document.json() : ""
        try run.write(detections: detections, waterfall: waterfall)
        if json {
            print(text)
            return
        }
        for line in run.summary(path: meta.metaPath, options: opts) { print(line) }
        if let d = detections { print("detections: \(d)") }
        if let w = waterfall { print("waterfall: \(w)") }
    }
}
