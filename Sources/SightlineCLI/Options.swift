import ArgumentParser
import Sightline

/// Spectral-loop options shared by every command that computes spectra.
public struct SpectralOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Transform length and samples per frame.")
    public var nfft: Int = 1024

    @Option(
        parsing: .unconditional,
        help: """
            Fraction of a frame shared by consecutive frames, 0 ≤ overlap < 1 (overlap samples = ⌊overlap·nfft⌋).
            """
    )
    public var overlap: Double = 0.5

    @Option(help: "Window: \(WindowKind.namesHelp). Periodic (DFT-even), like scipy's get_window.")
    public var window: WindowKind = .hann

    @Option(
        help: """
            density: PSD in units²/Hz; spectrum: power per bin in units² (a bin-centred tone reads its power).
            """
    )
    public var scaling: SpectralScaling = .density

    @Option(help: "How frames are combined: mean or median (bias-corrected, as scipy.signal.welch).")
    public var average: SpectralAverage = .mean

    @Option(parsing: .unconditional, help: "Worker threads for long inputs (default: one per core).")
    public var threads: Int = Parallel.defaultThreads

    public init() {}

    public func validate() throws {
        guard nfft >= 2 && nfft <= 1 << 24 else {
            throw ValidationError("--nfft \(nfft) is out of range; use 2 to 16777216")
        }
        guard overlap >= 0 && overlap < 1 else {
            throw ValidationError("--overlap \(overlap) is not a fraction in [0, 1); use e.g. 0.5")
        }
        guard threads >= 1 && threads <= Parallel.maximumThreads else {
            throw ValidationError("--threads \(threads): use 1 to \(Parallel.maximumThreads) (the limit)")
        }
    }

    /// The loop configuration for a recording at `sampleRateHz`.
    public func configuration(sampleRateHz: Double) -> SpectralConfiguration {
        SpectralConfiguration(
            nfft: nfft,
            overlapSamples: Int((overlap * Double(nfft)).rounded(.down)),
            window: window,
            scaling: scaling,
            average: average,
            sampleRateHz: sampleRateHz,
            threads: threads
        )
    }
}
