import SightlineCore

/// How a power spectrum is scaled, as in `scipy.signal.welch`.
public enum SpectralScaling: String, Sendable, CaseIterable {
    /// Power spectral density, units²/Hz: |DFT(w·x)|² / (fs·Σw²).
    case density
    /// Power spectrum, units²: |DFT(w·x)|² / (Σw)² (a bin-centred tone reads its power).
    case spectrum
}

/// How per-frame periodograms are combined into one estimate, as in `scipy.signal.welch`.
public enum SpectralAverage: String, Sendable, CaseIterable {
    case mean
    /// The per-bin median, divided by the median's bias relative to the mean for
    /// χ²₂-distributed periodograms (Allen et al., FINDCHIRP, Phys. Rev. D 85, 2012, App. B).
    case median
}

/// Where the window is applied. Periodic cosine-sum windows can be applied after the
/// transform as a short circular convolution (three taps for Hann), which saves the
/// multiply and lets the FFT read frames straight from the input; on the machines measured
/// (README, "Performance") that is slower than windowing during the copy into a
/// cache-resident buffer, so `automatic` chooses the time domain.
public enum WindowDomain: String, Sendable, CaseIterable {
    /// The faster of the two as measured: the time domain.
    case automatic
    case time
    case frequency
}

/// The parameters of the spectral loop (Welch PSD and STFT share them).
public struct SpectralConfiguration: Sendable, Equatable {
    /// Samples per frame and transform length.
    public var nfft: Int
    /// Samples shared by consecutive frames (scipy's `noverlap`); hop = nfft − overlap.
    public var overlapSamples: Int
    public var window: WindowKind
    /// Periodic (DFT-even, scipy's default) or symmetric window.
    public var periodicWindow: Bool
    public var scaling: SpectralScaling
    public var average: SpectralAverage
    public var sampleRateHz: Double
    /// Worker threads for long inputs (1 = single-threaded).
    public var threads: Int
    public var windowDomain: WindowDomain
    /// How the samples given to the loop are stored (integer types are converted while
    /// windowing, and always windowed in the time domain).
    public var sampleFormat: SampleFormat
    /// Transforms per FFTW plan call; nil: the kernel's default (measured, see the README).
    public var batch: Int?

    public init(
        nfft: Int = 1024,
        overlapSamples: Int? = nil,
        window: WindowKind = .hann,
        periodicWindow: Bool = true,
        scaling: SpectralScaling = .density,
        average: SpectralAverage = .mean,
        sampleRateHz: Double = 1,
        threads: Int = SpectralConfiguration.defaultThreads,
        windowDomain: WindowDomain = .automatic,
        sampleFormat: SampleFormat = .cf32,
        batch: Int? = nil
    ) {
        self.nfft = nfft
        self.overlapSamples = overlapSamples ?? nfft / 2
        self.window = window
        self.periodicWindow = periodicWindow
        self.scaling = scaling
        self.average = average
        self.sampleRateHz = sampleRateHz
        self.threads = threads
        self.windowDomain = windowDomain
        self.sampleFormat = sampleFormat
        self.batch = batch
    }

    /// One worker per available core (``Parallel/defaultThreads``).
    public static var defaultThreads: Int { Parallel.defaultThreads }
    /// The most worker threads a loop will start (each holds its own kernel and buffers):
    /// ``Parallel/maximumThreads``.
    public static var maximumThreads: Int { Parallel.maximumThreads }

    /// Samples between frame starts.
    public var hop: Int { nfft - overlapSamples }

    /// Checks the parameters; `location` names where they came from in the error.
    public func validate(location: String = "spectral configuration") throws {
        func bad(_ field: String, _ message: String, _ fix: String) -> SightlineError {
            SightlineError(.invalidValue, location: location, field: field, message: message, fix: fix)
        }
        guard nfft >= 2 && nfft <= 1 << 24 else {
            throw bad("nfft", "\(nfft) is out of range", "use a transform length between 2 and 16777216")
        }
        guard overlapSamples >= 0 && overlapSamples < nfft else {
            throw bad(
                "overlap",
                "\(overlapSamples) samples of overlap for nfft \(nfft)",
                "use an overlap of at least 0 and less than one frame"
            )
        }
        guard sampleRateHz.isFinite && sampleRateHz > 0 else {
            throw bad("sample_rate", "\(sampleRateHz) Hz is not a positive sample rate", "give a sample rate above 0")
        }
        guard threads >= 1 && threads <= Self.maximumThreads else {
            throw bad("threads", "\(threads) threads", "use 1 to \(Self.maximumThreads)")
        }
        guard sampleFormat.scale.isFinite && sampleFormat.scale > 0 else {
            throw bad("scale", "\(sampleFormat.scale) is not a positive scale", "give a scale above 0")
        }
        if let batch, batch < 1 || batch > 256 {
            throw bad("batch", "\(batch) transforms per plan call", "use 1 to 256")
        }
    }

    /// Bin frequencies relative to the centre, ascending (scipy's `fftshift(fftfreq(n, 1/fs))`).
    public var frequencyOffsetsHz: [Double] {
        let half = nfft / 2
        return (0..<nfft).map { Double($0 - half) * sampleRateHz / Double(nfft) }
    }

    /// Number of whole frames in `sampleCount` samples (scipy drops a partial last frame).
    public func frameCount(sampleCount: Int) -> Int {
        sampleCount < nfft ? 0 : (sampleCount - nfft) / hop + 1
    }
}
