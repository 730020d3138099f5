import Foundation
import Sightline

/// The summary document of `sightline spectrum --json`.
public struct SpectrumSummary: Codable, Sendable {
    public var input: String
    public var samples: Int
    public var sample_rate_hz: Double
    public var frequency_hz: Double
    public var duration_s: Double
    public var frames: Int
    public var nfft: Int
    public var overlap_samples: Int
    public var window: String
    public var enbw_bins: Double
    public var resolution_bandwidth_hz: Double
    public var scaling: String
    public var average: String
    /// "dBFS/Hz" for density, "dBFS" for spectrum (full scale = a sample of magnitude 1).
    public var psd_unit: String
    public var peak_frequency_hz: Double
    public var peak_psd_db: Double
    /// Median over bins of the PSD in dB: a robust noise-floor estimate when signals occupy
    /// less than half the band.
    public var noise_floor_db: Double
    public var psd_csv: String?
    public var waterfall_png: String?
}

/// Runs the spectral loop over a SigMF recording: streams it in blocks, writes the PSD CSV
/// and the waterfall PNG, returns the summary. Nothing is written unless all succeeds.
public enum SpectrumJob {
    public static func run(
        input: String, channel: Int, options: SpectralOptions, psdCSV: String?, waterfallPNG: String?, combine: WaterfallGrid.Combine
    ) throws -> SpectrumSummary {
        try AtomicFile.checkOutputs([psdCSV, waterfallPNG], inputs: [input])
        let reader = try SigMFReader(path: input, channel: channel)
        let meta = reader.metadata
        let config = options.configuration(sampleRateHz: meta.sampleRateHz)
        try config.validate(location: "command line")
        let total = try meta.sampleCount()
        let expectedFrames = config.frameCount(sampleCount: total)
        guard expectedFrames > 0 else {
            throw SightlineError(
                .invalidValue, location: meta.dataPath, field: "samples",
                message: "\(total) samples is shorter than one frame of \(config.nfft)",
                fix: "use --nfft \(max(2, total)) or less, or a longer recording")
        }
        var grid = waterfallPNG == nil ? nil : WaterfallGrid(bins: config.nfft, expectedFrames: expectedFrames, combine: combine)
        let handler: SpectralLoop.FrameHandler? =
            grid == nil ? nil : { _, rows in grid!.add(frames: rows) }
        let loop = try SpectralLoop(configuration: config, frameHandler: handler)
        while try loop.fill({ try reader.read(into: $0) }) > 0 {}
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
            let low = frequencies.first ?? centre, high = frequencies.last ?? centre
            let renderer = WaterfallRenderer(
                title: "\(URL(fileURLWithPath: meta.metaPath).lastPathComponent)  NFFT \(config.nfft)  \(config.window)",
                frequencyRangeHz: min(low, high)...max(low, high),
                durationS: Double(expectedFrames) * Double(config.hop) / meta.sampleRateHz,
                unitLabel: config.scaling == .density ? "DBFS/HZ" : "DBFS")
            png = try renderer.render(g).pngData()
        }
        let summary = SpectrumSummary(
            input: meta.metaPath, samples: total, sample_rate_hz: meta.sampleRateHz, frequency_hz: centre,
            duration_s: Double(total) / meta.sampleRateHz, frames: psd.frameCount, nfft: config.nfft,
            overlap_samples: config.overlapSamples, window: config.window.description,
            enbw_bins: window.equivalentNoiseBandwidthBins,
            resolution_bandwidth_hz: window.equivalentNoiseBandwidthBins * meta.sampleRateHz / Double(config.nfft),
            scaling: config.scaling.rawValue, average: config.average.rawValue,
            psd_unit: config.scaling == .density ? "dBFS/Hz" : "dBFS",
            peak_frequency_hz: frequencies[peak], peak_psd_db: dB[peak],
            noise_floor_db: sortedDB[sortedDB.count / 2], psd_csv: psdCSV, waterfall_png: waterfallPNG)
        _ = try json(summary)
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

    /// The summary as pretty JSON with sorted keys.
    public static func json(_ summary: SpectrumSummary) throws -> String {
        try JSONText.string(encoding: summary)
    }
}
