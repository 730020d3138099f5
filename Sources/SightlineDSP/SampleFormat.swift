/// How IQ samples are stored in the memory the spectral loop reads: complex float or a
/// complex integer type, interleaved I then Q, little-endian (SigMF's `cf32_le`, `ci16_le`,
/// `ci8`, `cu8`).
///
/// Integer samples are converted inside the loop's windowing pass (the window is
/// pre-divided by the scale), so a recording is read once, at its own width, and never
/// expanded to floats in a separate pass.
public enum SampleEncoding: String, Sendable, CaseIterable, Codable {
    case cf32
    case ci16
    case ci8
    case cu8

    /// Bytes of one complex sample.
    public var bytesPerSample: Int {
        switch self {
        case .cf32: 8
        case .ci16: 4
        case .ci8, .cu8: 2
        }
    }

    /// The integer value of full scale (2^(bits−1)); 1 for floats.
    public var fullScale: Double {
        switch self {
        case .cf32: 1
        case .ci16: 32768
        case .ci8, .cu8: 128
        }
    }

    /// The unsigned types' zero (2^(bits−1) − ½), else 0.
    public var unsignedOffset: Float {
        self == .cu8 ? 127.5 : 0
    }
}

/// An encoding and the value that maps to a float of 1 (a sample x reads as
/// (x − offset) / scale).
public struct SampleFormat: Sendable, Hashable {
    public var encoding: SampleEncoding
    public var scale: Double

    /// Complex float, unscaled: the loop's native input.
    public static let cf32 = SampleFormat(.cf32)

    /// `scale` defaults to the encoding's full scale (1 for floats).
    public init(_ encoding: SampleEncoding, scale: Double? = nil) {
        self.encoding = encoding
        self.scale = scale ?? encoding.fullScale
    }

    public var bytesPerSample: Int { encoding.bytesPerSample }
}
