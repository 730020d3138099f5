import ArgumentParser
import Foundation
import Sightline

/// `sightline spectrum`: Welch PSD and waterfall of a SigMF recording.
public struct SpectrumCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Welch PSD and spectrogram waterfall of a SigMF recording.",
        discussion: """
            Streams the recording in blocks (bounded memory), frames it every nfft−overlap samples, windows, transforms and averages |X|², exactly as scipy.signal.welch(detrend=False, return_onesided=False) followed by fftshift. Frequencies are absolute: the first capture's core:frequency plus the bin offset. Full scale is a sample of magnitude 1, so levels are in dBFS (dBFS/Hz for density).
            """)

    @Argument(help: "The recording: a .sigmf-meta path (or its .sigmf-data, or the base name).")
    public var input: String

    @OptionGroup public var spectral: SpectralOptions

    @Option(parsing: .unconditional, help: "Channel of a multi-channel recording, from 0.")
    public var channel: Int = 0

    @Option(name: .customLong("psd-csv"), help: "Write the PSD as CSV: frequency_hz,psd (linear).")
    public var psdCSV: String?

    @Option(help: "Write the spectrogram as a PNG waterfall (time down, frequency across, dB colour scale).")
    public var waterfall: String?

    @Option(name: .customLong("waterfall-combine"),
            help: "How frames are merged into one image row for long inputs: max (keeps bursts) or mean.")
    public var waterfallCombine: String = "max"

    @Flag(help: "Print the summary document as JSON on stdout (and nothing else).")
    public var json = false

    public init() {}

    public func validate() throws {
        guard channel >= 0 else { throw ValidationError("--channel \(channel): channels count from 0") }
        guard WaterfallGrid.Combine(rawValue: waterfallCombine) != nil else {
            throw ValidationError("--waterfall-combine \(waterfallCombine) is not max or mean")
        }
    }

    public func run() throws {
        let summary = try SpectrumJob.run(
            input: input, channel: channel, options: spectral, psdCSV: psdCSV, waterfallPNG: waterfall,
            combine: WaterfallGrid.Combine(rawValue: waterfallCombine) ?? .max)
        if json {
            print(try SpectrumJob.json(summary))
        } else {
            print(SpectrumCommand.describe(summary))
        }
    }

    static func describe(_ s: SpectrumSummary) -> String {
        var lines = [
            "\(s.input): \(s.samples) samples at \(s.sample_rate_hz) Hz (\(String(format: "%.6g", s.duration_s)) s), centre \(s.frequency_hz) Hz",
            "\(s.frames) frames of \(s.nfft), overlap \(s.overlap_samples), \(s.window) window (ENBW \(String(format: "%.4f", s.enbw_bins)) bins, RBW \(String(format: "%.1f", s.resolution_bandwidth_hz)) Hz), \(s.average) \(s.scaling)",
            "peak \(String(format: "%.2f", s.peak_psd_db)) \(s.psd_unit) at \(String(format: "%.1f", s.peak_frequency_hz)) Hz; noise floor \(String(format: "%.2f", s.noise_floor_db)) \(s.psd_unit)",
        ]
        if let p = s.psd_csv { lines.append("PSD: \(p)") }
        if let w = s.waterfall_png { lines.append("waterfall: \(w)") }
        return lines.joined(separator: "\n")
    }
}
