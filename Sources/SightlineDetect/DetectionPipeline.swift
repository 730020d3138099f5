import Dispatch
import Numerics
import SightlineCore
import SightlineDSP
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// spectrum → CFAR → regions → emissions over a SigMF recording, streamed in blocks
/// through the spectral loop (bounded memory, all cores for the transforms).
public enum DetectionPipeline {
    /// Where the noise under each cell comes from.
    public enum NoiseEstimator: String, Sendable, CaseIterable {
        /// Each bin's own floor over time, with stationary emissions found across
        /// frequency (``NoiseFloorDetector``): the default, for real captures.
        case floor
        /// A sliding CFAR window of training cells around each cell, along frequency and/or
        /// time (``CFARDetector``, kind CA/GO/SO/OS).
        case window
    }

    public struct Options: Sendable {
        public var spectral: SpectralConfiguration
        public var noise: NoiseEstimator = .floor
        /// The noise-floor detector (``NoiseEstimator/floor``).
        public var floor = NoiseFloorConfiguration()
        /// The sliding-window CFAR (``NoiseEstimator/window``).
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
        /// (independent frames), Hann window, two frames per cell, the noise-floor detector
        /// at Pfa 1e-6 (per-bin floors over 30 ms windows). At 2 MS/s a cell is 32 µs ×
        /// 62.5 kHz, fine enough to time a 577 µs GSM burst to within 50 µs. The sliding
        /// window (`noise = .window`) defaults to CA-CFAR over 6 + 6 training bins spaced by
        /// 2 beyond 3 guard bins.
        public static func defaults(sampleRateHz: Double) -> Options {
            // Clamped (16 … 2^20) and safe for any rate, even a denormal or infinite one.
            let ratio = sampleRateHz / 62_500
            let exponent = ratio.isFinite && ratio > 0 ? min(20, max(4, log2(ratio).rounded())) : 4
            let nfft = 1 << Int(exponent)
            return Options(
                spectral: SpectralConfiguration(
                    nfft: nfft,
                    overlapSamples: 0,
                    window: .hann,
                    scaling: .density,
                    average: .mean,
                    sampleRateHz: sampleRateHz
                ),
                cfar: CFARConfiguration()
            )
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
        /// Cell rows per noise-floor block (nil for the sliding window).
        public var floorBlockRows: Int?
    }

    /// Runs the pipeline. `frameObserver` sees every spectrogram row batch (for a waterfall).
    public static func run(
        path: String,
        channel: Int = 0,
        options: Options,
        frameObserver: SpectralLoop.FrameHandler? = nil
    ) throws -> Result {
        try run(
            metadata: SigMFMetadata.read(path: path),
            channel: channel,
            options: options,
            frameObserver: frameObserver
        )
    }

    /// Runs the pipeline on a recording whose metadata is already read.
    public static func run(
        metadata meta: SigMFMetadata,
        channel: Int = 0,
        options: Options,
        frameObserver: SpectralLoop.FrameHandler? = nil
    ) throws -> Result {
        let reader = try SigMFReader(metadata: meta, channel: channel)
        var result: Result
        do {
            result = try run(
                sampleRateHz: meta.sampleRateHz,
                centerFrequencyHz: meta.frequencyHz ?? 0,
                options: options,
                frameObserver: frameObserver
            ) { try reader.read(into: $0) }
        } catch var e as SightlineError where e.location == "input" {
            e.location = meta.dataPath  // name the file, not "input"
            throw e
        }
        result.metadata = meta
        return result
    }

    /// Runs the pipeline on any sample source: `source` fills a buffer and returns how many
    /// samples it wrote (0 at the end), as ``SigMFReader/read(into:)`` does.
    public static func run(
        sampleRateHz: Double,
        centerFrequencyHz: Double,
        options: Options,
        frameObserver: SpectralLoop.FrameHandler? = nil,
        source: (UnsafeMutableBufferPointer<Complex<Float>>) throws -> Int
    ) throws -> Result {
        let meta = SigMFMetadata(
            metaPath: "(stream)",
            dataPath: "(stream)",
            datatype: .cf32LE,
            sampleRateHz: sampleRateHz,
            frequencyHz: centerFrequencyHz
        )
        guard SigMFMetadata.sampleRateRangeHz.contains(sampleRateHz) else {
            throw SightlineError(
                .invalidValue,
                location: "input",
                field: "sample_rate",
                message: "\(sampleRateHz) Hz is outside the supported range of 1 Hz to 1e12 Hz",
                fix: "give the recording's real sample rate"
            )
        }
        var spectral = options.spectral
        spectral.sampleRateHz = meta.sampleRateHz
        try spectral.validate(location: SightlineError.parametersLocation)
        switch options.noise {
        case .floor: try options.floor.validate(location: SightlineError.parametersLocation)
        case .window: try options.cfar.validate(location: SightlineError.parametersLocation)
        }
        let nfft = spectral.nfft
        let binHz = meta.sampleRateHz / Double(nfft)
        let offsets = spectral.frequencyOffsetsHz
        let centre = meta.frequencyHz ?? 0
        let averaged = options.noise == .floor ? options.floor.averagedFrames : options.cfar.averagedFrames
        let rowSeconds = Double(spectral.hop * averaged) / meta.sampleRateHz
        if let minimum = options.minimumDurationSeconds, !(minimum >= 0 && minimum <= 3600) {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "min-duration-s",
                message: "\(minimum) is not a duration from 0 to 3600 s",
                fix: "e.g. `min_duration_s` 0.0002"
            )
        }
        let minimumRows = max(
            1,
            Int(min(1e9, ((options.minimumDurationSeconds ?? 3 * rowSeconds) / rowSeconds).rounded(.up)))
        )
        var detections: [Detection] = []
        // Stationary emissions (carriers, jammers) and bursts are joined into regions apart:
        // a burst in the channel beside a carrier is its own detection.
        let geometry = RegionTracker.Geometry(firstBinHz: centre + offsets[0], binHz: binHz, rowSeconds: rowSeconds)
        // Stationary bins are contiguous by construction: only touching bins join there.
        let trackers = [options.mergeBins, 0].map { mergeBins in
            RegionTracker(
                geometry: geometry,
                mergeBins: mergeBins,
                mergeRows: options.mergeRows,
                minimumRows: minimumRows
            ) { detections.append($0) }
        }
        let onHit: (CFARHit) -> Void = { trackers[$0.stationary ? 1 : 0].add($0) }
        let onRowDone: (Int) -> Void = { r in for t in trackers { t.rowDone(r) } }
        let cfar: CellDetector
        var floorBlockRows: Int?
        switch options.noise {
        case .floor:
            let detector = NoiseFloorDetector(
                configuration: options.floor,
                bins: nfft,
                binHz: binHz,
                rowSeconds: rowSeconds,
                threads: spectral.threads,
                onHit: onHit,
                onRowDone: onRowDone
            )
            floorBlockRows = detector.blockRows
            cfar = detector
        case .window:
            cfar = CFARDetector(
                configuration: options.cfar,
                bins: nfft,
                threads: spectral.threads,
                onHit: onHit,
                onRowDone: onRowDone
            )
        }
        // With more than one thread, the detector runs on a serial queue of its own while
        // the loop transforms the next frames: the rows are copied (a few hundred kB per
        // batch, at most three batches in flight) and handed over in order, so the result
        // is the same as running it in line.
        let pipelined = spectral.threads > 1
        let consumer = DispatchQueue(label: "sightline.detect.cells")
        let inFlight = DispatchSemaphore(value: 3)
        nonisolated(unsafe) let detector = cfar
        let loop = try SpectralLoop(configuration: spectral) { first, rows in
            frameObserver?(first, rows)
            guard pipelined else {
                detector.add(frames: rows)
                return
            }
            let copy = Array(rows)
            inFlight.wait()
            consumer.async {
                copy.withUnsafeBufferPointer { detector.add(frames: $0) }
                inFlight.signal()
            }
        }
        let meter = WidebandFeatureMeter(sampleRateHz: meta.sampleRateHz)
        let psd: PowerSpectrum
        do {
            while try loop.fill({ buffer in
                let n = try source(buffer)
                meter?.add(UnsafeBufferPointer(rebasing: buffer[0..<max(0, min(n, buffer.count))]))
                return n
            }) > 0 {}
            psd = try loop.finish()
        } catch {
            consumer.sync {}
            throw error
        }
        consumer.sync {}
        cfar.finish()
        for t in trackers { t.finish() }
        // Non-finite samples (NaN or infinity in a corrupt file) give non-finite cells: a
        // region built on them has no place in time or frequency and is dropped.
        detections.removeAll {
            !($0.startSeconds.isFinite && $0.durationSeconds.isFinite && $0.frequencyHz.isFinite
                && $0.bandwidthHz.isFinite)
        }
        detections.sort { ($0.startSeconds, $0.frequencyHz) < ($1.startSeconds, $1.frequencyHz) }
        return Result(
            detections: detections,
            emissions: EmissionClassifier.classify(
                EmissionGrouper.group(detections, channelSpacingHz: options.channelSpacingHz),
                wideband: meter?.features
            ),
            metadata: meta,
            cellRows: cfar.cellRowsProcessed,
            rowSeconds: rowSeconds,
            binHz: binHz,
            frames: psd.frameCount,
            floorBlockRows: floorBlockRows
        )
    }
}
