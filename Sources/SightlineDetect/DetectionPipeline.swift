#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics
import SightlineCore
import SightlineDSP
import SightlineSignals

/// spectrum → CFAR → regions → emissions over a SigMF recording, streamed in blocks
/// through the spectral loop (bounded memory, all cores for the transforms).
public enum DetectionPipeline {
    public struct Options: Sendable {
        public var spectral: SpectralConfiguration
        public var cfar: CFARConfiguration
        public var mergeBins = 2
        public var mergeRows = 2
        /// Detections shorter than this are dropped (nil: 3 cell rows).
        public var minimumDurationSeconds: Double?
        public var channelSpacingHz = 200_000.0

        public init(spectral: SpectralConfiguration, cfar: CFARConfiguration) {
            self.spectral = spectral
            self.cfar = cfar
        }

        /// Detection defaults for a sample rate: bins of about 62.5 kHz (a third of a GSM
        /// channel; nfft = the power of two nearest fs/62.5 kHz, at least 16), no overlap
        /// (independent frames), Hann window, two frames per cell, CA-CFAR at Pfa 1e-6 over
        /// 6 + 6 training bins spaced by 2 beyond 3 guard bins. At 2 MS/s a cell is 32 µs ×
        /// 62.5 kHz, fine enough to time a 577 µs GSM burst to within 50 µs.
        public static func defaults(sampleRateHz: Double) -> Options {
            let nfft = max(16, 1 << Int(log2(sampleRateHz / 62_500).rounded()))
            return Options(spectral: SpectralConfiguration(nfft: nfft, overlapSamples: 0, window: .hann, scaling: .density,
                                                           average: .mean, sampleRateHz: sampleRateHz),
                           cfar: CFARConfiguration())
        }
    }

    public struct Result: Sendable {
        public var detections: [Detection]
        public var emissions: [Emission]
        public var metadata: SigMFMetadata
        public var cellRows: Int
        public var rowSeconds: Double
        public var binHz: Double
        public var frames: Int
    }

    /// Runs the pipeline. `frameObserver` sees every spectrogram row batch (for a waterfall).
    public static func run(path: String, channel: Int = 0, options: Options,
                           frameObserver: SpectralLoop.FrameHandler? = nil) throws -> Result {
        try run(metadata: SigMFMetadata.read(path: path), channel: channel, options: options, frameObserver: frameObserver)
    }

    /// Runs the pipeline on a recording whose metadata is already read.
    public static func run(metadata meta: SigMFMetadata, channel: Int = 0, options: Options,
                           frameObserver: SpectralLoop.FrameHandler? = nil) throws -> Result {
        let reader = try SigMFReader(metadata: meta, channel: channel)
        var result = try run(sampleRateHz: meta.sampleRateHz, centerFrequencyHz: meta.frequencyHz ?? 0, options: options,
                             frameObserver: frameObserver) { try reader.read(into: $0) }
        result.metadata = meta
        return result
    }

    /// Runs the pipeline on any sample source: `source` fills a buffer and returns how many
    /// samples it wrote (0 at the end), as ``SigMFReader/read(into:)`` does.
    public static func run(sampleRateHz: Double, centerFrequencyHz: Double, options: Options,
                           frameObserver: SpectralLoop.FrameHandler? = nil,
                           source: (UnsafeMutableBufferPointer<Complex<Float>>) throws -> Int) throws -> Result {
        let meta = SigMFMetadata(metaPath: "(stream)", dataPath: "(stream)", datatype: .cf32LE, sampleRateHz: sampleRateHz,
                                 frequencyHz: centerFrequencyHz)
        var spectral = options.spectral
        spectral.sampleRateHz = meta.sampleRateHz
        try spectral.validate(location: "command line")
        try options.cfar.validate(location: "command line")
        let nfft = spectral.nfft
        let binHz = meta.sampleRateHz / Double(nfft)
        let offsets = spectral.frequencyOffsetsHz
        let centre = meta.frequencyHz ?? 0
        let rowSeconds = Double(spectral.hop * options.cfar.averagedFrames) / meta.sampleRateHz
        var detections: [Detection] = []
        let tracker = RegionTracker(
            geometry: .init(firstBinHz: centre + offsets[0], binHz: binHz, rowSeconds: rowSeconds),
            mergeBins: options.mergeBins, mergeRows: options.mergeRows,
            minimumRows: max(1, Int(((options.minimumDurationSeconds ?? 3 * rowSeconds) / rowSeconds).rounded(.up)))) {
            detections.append($0)
        }
        let cfar = CFARDetector(configuration: options.cfar, bins: nfft, threads: spectral.threads, onHit: { tracker.add($0) },
                                onRowDone: { tracker.rowDone($0) })
        let loop = try SpectralLoop(configuration: spectral) { first, rows in
            frameObserver?(first, rows)
            cfar.add(frames: rows)
        }
        while try loop.fill(source) > 0 {}
        let psd = try loop.finish()
        cfar.finish()
        tracker.finish()
        detections.sort { ($0.startSeconds, $0.frequencyHz) < ($1.startSeconds, $1.frequencyHz) }
        return Result(detections: detections,
                      emissions: EmissionGrouper.group(detections, channelSpacingHz: options.channelSpacingHz),
                      metadata: meta, cellRows: cfar.cellRowsProcessed, rowSeconds: rowSeconds, binHz: binHz,
                      frames: psd.frameCount)
    }
}
