import Foundation
import SightlineCore
import SightlineDSP
import SightlineSignals

/// The summary document of `sightline spectrum --json`. The peak and the floor are null for
/// a capture whose PSD is zero or not finite.
public struct SpectrumSummary: ResultDocument, Equatable {
    public static let documentName = "spectrum summary"
    public static let writtenBy = "sightline spectrum --json"

    public var input: String
    public var samples: Int
    public var sampleRateHz: Double
    public var frequencyHz: Double
    public var durationSeconds: Double
    public var frames: Int
    public var nfft: Int
    public var overlapSamples: Int
    public var window: String
    public var enbwBins: Double
    public var resolutionBandwidthHz: Double
    public var scaling: String
    public var average: String
    /// "dBFS/Hz" for density, "dBFS" for spectrum (full scale = a sample of magnitude 1).
    public var psdUnit: String
    public var peakFrequencyHz: Double
    @Nullable public var peakPSDdB: Double?
    /// Median over bins of the PSD in dB: a robust noise-floor estimate when signals occupy
    /// less than half the band.
    @Nullable public var noiseFloorDB: Double?
    public var psdCSV: String?
    public var waterfallPNG: String?

    enum CodingKeys: String, CodingKey {
        case input, samples, sampleRateHz = "sample_rate_hz", frequencyHz = "frequency_hz", durationSeconds =
            "duration_s"
        case frames, nfft, overlapSamples = "overlap_samples", window, enbwBins = "enbw_bins"
        case resolutionBandwidthHz = "resolution_bandwidth_hz", scaling, average, psdUnit = "psd_unit"
        case peakFrequencyHz = "peak_frequency_hz", peakPSDdB = "peak_psd_db", noiseFloorDB = "noise_floor_db"
        case psdCSV = "psd_csv", waterfallPNG = "waterfall_png"
    }
}

/// Runs the spectral loop over a SigMF recording: streams it in blocks, writes the PSD CSV
/// and the waterfall PNG, returns the summary. Nothing is written unless all succeeds.
public enum SpectrumRun {
    public static func run(
        input: String,
        channel: Int,
        configuration: (_ sampleRateHz: Double) -> SpectralConfiguration,
        psdCSV: String?,
        waterfallPNG: String?,
        combine: WaterfallGrid.Combine
    ) throws -> SpectrumSummary {
        try AtomicFile.checkOutputs([psdCSV, waterfallPNG], inputs: [input])
        let reader = try SigMFReader(path: input, channel: channel)
        let meta = reader.metadata
        var config = configuration(meta.sampleRateHz)
        // Integer recordings go to the loop as stored: converted while windowing.
        let raw = reader.rawSampleFormat
        if let raw { config.sampleFormat = raw }
        try config.validate(location: SightlineError.parametersLocation)
        let total = try meta.sampleCount()
        let expectedFrames = config.frameCount(sampleCount: total)
        guard expectedFrames > 0 else {
            throw SightlineError(
                .invalidValue,
                location: meta.dataPath,
                field: "samples",
                message: "\(total) samples is shorter than one frame of \(config.nfft)",
                fix: "use `nfft` \(max(2, total)) or less, or a longer recording"
            )
        }
        var grid =
            waterfallPNG == nil
            ? nil : WaterfallGrid(bins: config.nfft, expectedFrames: expectedFrames, combine: combine)
        let handler: SpectralLoop.FrameHandler? =
            grid == nil ? nil : { _, rows in grid!.add(frames: rows) }
        let loop = try SpectralLoop(configuration: config, frameHandler: handler)
        if raw != nil {
            while try loop.fillRaw({ try reader.readRaw(into: $0, samples: $1) }) > 0 {}
        } else {
            while try loop.fill({ try reader.read(into: $0) }) > 0 {}
        }
        let psd = try loop.finish()

        let centre = meta.frequencyHz ?? 0
        let frequencies = psd.frequencyOffsetsHz.map { $0 + centre }
        let dB = psd.values.map { Decibels.fromPowerRatio($0) }
        let peak = dB.indices.max { dB[$0] < dB[$1] } ?? 0
        let sortedDB = dB.sorted()
        let window = Window(config.window, length: config.nfft)
        // Everything is computed (and the PNG encoded) before the first file is written, so
        // that a failure leaves no output behind.
        var png: Data?
        if waterfallPNG != nil, var g = grid {
            g.finish()
            let low = frequencies.first ?? centre
            let high = frequencies.last ?? centre
            let renderer = WaterfallRenderer(
                title:
                    "\(URL(fileURLWithPath: meta.metaPath).lastPathComponent)  NFFT \(config.nfft)  \(config.window)",
                frequencyRangeHz: min(low, high)...max(low, high),
                durationS: Double(expectedFrames) * Double(config.hop) / meta.sampleRateHz,
                unitLabel: config.scaling == .density ? "DBFS/HZ" : "DBFS"
            )
            png = try renderer.render(g).pngData()
        }
        let median = sortedDB.isEmpty ? Double.nan : Statistics.median(sorted: sortedDB)
        let summary = SpectrumSummary(
            input: meta.metaPath,
            samples: total,
            sampleRateHz: meta.sampleRateHz,
            frequencyHz: centre,
            durationSeconds: Double(total) / meta.sampleRateHz,
            frames: psd.frameCount,
            nfft: config.nfft,
            overlapSamples: config.overlapSamples,
            window: config.window.description,
            enbwBins: window.equivalentNoiseBandwidthBins,
            resolutionBandwidthHz: window.equivalentNoiseBandwidthBins * meta.sampleRateHz / Double(config.nfft),
            scaling: config.scaling.rawValue,
            average: config.average.rawValue,
            psdUnit: config.scaling == .density ? "dBFS/Hz" : "dBFS",
            peakFrequencyHz: frequencies[peak],
            peakPSDdB: dB[peak].isFinite ? dB[peak] : nil,
            noiseFloorDB: median.isFinite ? median : nil,
            psdCSV: psdCSV,
            waterfallPNG: waterfallPNG
        )
        _ = try summary.json()
        let csv = psdCSV.map { _ in CSVTable.text(header: ["frequency_hz", "psd"], columns: [frequencies, psd.values]) }
        if let psdCSV, let csv { try AtomicFile.write(csv, to: psdCSV) }
        if let waterfallPNG, let png {
            do { try AtomicFile.write(png, to: waterfallPNG) } catch {
                if let psdCSV { try? FileManager.default.removeItem(atPath: psdCSV) }
                throw error
            }
        }
        return summary
    }
}
