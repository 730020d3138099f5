import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data window (taper) for spectral estimation.
///
/// Windows are periodic ("DFT-even") by default, exactly like `scipy.signal.get_window`
/// with its default `fftbins=True`: the length-N periodic window is the length-(N+1)
/// symmetric window without its last sample. Values are computed in double precision.
///
/// Cosine-sum windows (all but Kaiser) are w[n] = Σₖ (−1)ᵏ·aₖ·cos(2πkn/M) with M = N
/// (periodic) or N−1 (symmetric); coefficients from F. J. Harris, "On the use of windows
/// for harmonic analysis with the discrete Fourier transform", Proc. IEEE 66(1), 1978, and
/// for flat-top from G. Heinzel, A. Rüdiger, R. Schilling, "Spectrum and spectral density
/// estimation by the DFT", MPI Hannover, 2002 (the coefficients scipy uses).
public enum WindowKind: Hashable, Sendable, CustomStringConvertible {
    case rectangular
    case hann
    case hamming
    case blackman
    /// 4-term Blackman–Harris (−92 dB sidelobes).
    case blackmanHarris
    case flatTop
    /// Kaiser–Bessel window with shape parameter β.
    case kaiser(beta: Double)

    /// Parses `rectangular|boxcar|rect`, `hann|hanning`, `hamming`, `blackman`,
    /// `blackmanharris|blackman-harris`, `flattop|flat-top`, `kaiser:BETA`.
    public init?(name: String) {
        let lower = name.lowercased()
        switch lower {
        case "rectangular", "rect", "boxcar", "none": self = .rectangular
        case "hann", "hanning": self = .hann
        case "hamming": self = .hamming
        case "blackman": self = .blackman
        case "blackmanharris", "blackman-harris", "blackman_harris": self = .blackmanHarris
        case "flattop", "flat-top", "flat_top": self = .flatTop
        default:
            guard lower.hasPrefix("kaiser:"), let beta = Double(lower.dropFirst(7)), beta.isFinite, beta >= 0
            else { return nil }
            self = .kaiser(beta: beta)
        }
    }

    /// The accepted spellings, for help text and error messages.
    public static let namesHelp = "rectangular, hann, hamming, blackman, blackmanharris, flattop, kaiser:BETA"

    public var description: String {
        switch self {
        case .rectangular: "rectangular"
        case .hann: "hann"
        case .hamming: "hamming"
        case .blackman: "blackman"
        case .blackmanHarris: "blackmanharris"
        case .flatTop: "flattop"
        case .kaiser(let beta): "kaiser:\(beta)"
        }
    }

    /// The cosine-sum coefficients a₀, a₁, … (nil for Kaiser).
    public var cosineSumCoefficients: [Double]? {
        switch self {
        case .rectangular: [1]
        case .hann: [0.5, 0.5]
        case .hamming: [0.54, 0.46]
        case .blackman: [0.42, 0.50, 0.08]
        case .blackmanHarris: [0.35875, 0.48829, 0.14128, 0.01168]
        case .flatTop: [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368]
        case .kaiser: nil
        }
    }
}

/// A window of a given length with its figures of merit.
public struct Window: Sendable, Equatable {
    public let kind: WindowKind
    public let periodic: Bool
    /// The samples, in double precision.
    public let values: [Double]

    public init(_ kind: WindowKind, length: Int, periodic: Bool = true) {
        precondition(length >= 1, "window length must be at least 1")
        self.kind = kind
        self.periodic = periodic
        if length == 1 {
            values = [1]
            return
        }
        // Periodic: the first N samples of the symmetric window of length N+1.
        let m = periodic ? length + 1 : length
        let denominator = Double(m - 1)
        if let a = kind.cosineSumCoefficients {
            values = (0..<length).map { n in
                var w = 0.0
                var sign = 1.0
                for (k, ak) in a.enumerated() {
                    w += sign * ak * cos(2 * Double.pi * Double(k) * Double(n) / denominator)
                    sign = -sign
                }
                return w
            }
        } else if case .kaiser(let beta) = kind {
            let i0Beta = besselI0(beta)
            values = (0..<length).map { n in
                let r = 2 * Double(n) / denominator - 1
                return besselI0(beta * (max(0, 1 - r * r)).squareRoot()) / i0Beta
            }
        } else {
            values = Array(repeating: 1, count: length)
        }
    }

    public var length: Int { values.count }

    /// Σ w[n].
    public var sum: Double { values.reduce(0, +) }

    /// Σ w[n]².
    public var sumOfSquares: Double { values.reduce(0) { $0 + $1 * $1 } }

    /// Coherent gain Σw/N: the amplitude a bin-centred tone keeps after windowing
    /// (1 for rectangular, 0.5 for Hann).
    public var coherentGain: Double { sum / Double(length) }

    /// Equivalent noise bandwidth in bins, N·Σw²/(Σw)² (1 for rectangular, 1.5 for Hann).
    public var equivalentNoiseBandwidthBins: Double { Double(length) * sumOfSquares / (sum * sum) }

    /// The samples in single precision, for the spectral loop.
    public var floatValues: [Float] { values.map { Float($0) } }

    /// For a periodic cosine-sum window, the circular convolution kernel that applies the
    /// window in the frequency domain: DFT(w·x)[k] = Σⱼ c[j]·X[k+j] for j = −K…K.
    /// Exact in real arithmetic because cos(2πkn/N)·x[n] ↔ (X[m−k] + X[m+k])/2.
    /// Returns nil for Kaiser and for symmetric windows (not cosine sums of period N).
    public var frequencyDomainKernel: [Double]? {
        guard periodic, length > 1, let a = kind.cosineSumCoefficients, 2 * (a.count - 1) < length else {
            return nil
        }
        let k = a.count - 1
        var kernel = [Double](repeating: 0, count: 2 * k + 1)
        kernel[k] = a[0]
        var sign = -1.0
        for j in stride(from: 1, through: k, by: 1) {
            kernel[k - j] = sign * a[j] / 2
            kernel[k + j] = sign * a[j] / 2
            sign = -sign
        }
        return kernel
    }
}

/// Modified Bessel function of the first kind, order zero, by its power series
/// Σ ((x/2)^k / k!)², summed until terms fall below 1e-17 of the total (double-precision
/// accurate for the β ≤ 50 used by Kaiser windows).
public func besselI0(_ x: Double) -> Double {
    let q = x * x / 4
    var term = 1.0
    var sum = 1.0
    var k = 1.0
    while term > 1e-17 * sum {
        term *= q / (k * k)
        sum += term
        k += 1
    }
    return sum
}
