import ArgumentParser
import Foundation
import Sightline

/// `sightline spectrum`: Welch PSD and waterfall of a SigMF recording.
public struct SpectrumCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Welch PSD and spectrogram waterfall of a SigMF recording.",
        discussion: """
            Streams the recording in blocks (bounded memory), frames it every nfft−overlap samples, windows, \
            transforms and averages |X|², exactly as scipy.signal.welch(detrend=False, return_onesided=False) \
            followed by fftshift. Frequencies are absolute: the first capture's core:frequency plus the bin offset. \
            Full scale is a sample of magnitude 1, so levels are in dBFS (dBFS/Hz for density).
            """
    )

    @Argument(help: "The recording: a .sigmf-meta path (or its .sigmf-data, or the base name).")
    public var input: String

    @OptionGroup public var spectral: SpectralOptions

    @Option(parsing: .unconditional, help: "Channel of a multi-channel recording, from 0.")
    public var channel: Int = 0

    @Option(name: .customLong("psd-csv"), help: "Write the PSD as CSV: frequency_hz,psd (linear).")
    public var psdCSV: String?

    @Option(help: "Write the spectrogram as a PNG waterfall (time down, frequency across, dB colour scale).")
    public var waterfall: String?

    @Option(
        name: .customLong("waterfall-combine"),
        help: "How frames are merged into one image row for long inputs: max (keeps bursts) or mean."
    )
    public var waterfallCombine: WaterfallGrid.Combine = .max

    @Flag(help: "Print the summary document as JSON on stdout (and nothing else).")
    public var json = false

    public init() {}

    public func validate() throws {
        guard channel >= 0 else { throw ValidationError("--channel \(channel): channels count from 0") }
    }

    public func run() throws {
        let summary = try SpectrumRun.run(
            input: input,
            channel: channel,
            configuration: spectral.configuration(sampleRateHz:),
            psdCSV: psdCSV,
            waterfallPNG: waterfall,
            combine: waterfallCombine
        )
        if json {
            print(try summary.json())
        } else {
            print(SpectrumCommand.describe(summary))
        }
    }

    static func describe(_ s: SpectrumSummary) -> String {
        func dB(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "−∞" }
        var lines = [
            """
            \(s.input): \(s.samples) samples at \(s.sampleRateHz) Hz \
            (\(String(format: "%.6g", s.durationSeconds)) s), centre \(s.frequencyHz) Hz
            """,
            """
            \(s.frames) frames of \(s.nfft), overlap \(s.overlapSamples), \(s.window) window (ENBW \
            \(String(format: "%.4f", s.enbwBins)) bins, RBW \(String(format: "%.1f", s.resolutionBandwidthHz)) \
            Hz), \(s.average) \(s.scaling)
            """,
            """
            peak \(dB(s.peakPSDdB)) \(s.psdUnit) at \(String(format: "%.1f", s.peakFrequencyHz)) Hz; noise floor \
            \(dB(s.noiseFloorDB)) \(s.psdUnit)
            """,
        ]
        if let p = s.psdCSV { lines.append("PSD: \(p)") }
        if let w = s.waterfallPNG { lines.append("waterfall: \(w)") }
        return lines.joined(separator: "\n")
    }
}
