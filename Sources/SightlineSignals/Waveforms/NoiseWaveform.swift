import Numerics
import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Band-limited circular Gaussian noise: the barrage jammer (wide) and the spot jammer (one
/// channel). White complex Gaussian noise is filtered by a Hamming-windowed sinc low-pass
/// of cutoff B/2 (so the −6 dB edges sit at ±B/2 about the carrier) whose taps are scaled to
/// unit energy, which keeps the output's power at exactly 1 whatever the length.
///
/// The filter has L = 16·fs/B taps (odd, at most 511): the Hamming transition band is then
/// about 3.3·fs/L ≈ B/5 wide. When B ≥ fs the noise is left white.
public struct NoiseWaveform: Waveform {
    public let kind: String
    public let bandwidthHz: Double
    public var occupiedBandwidthHz: Double? { bandwidthHz }
    public let taps: [Float]
    private var generator: SeededGenerator
    /// The last L − 1 white samples, then room for a block.
    private var line: [Complex<Float>] = []

    public init(kind: String, bandwidthHz: Double, sampleRateHz: Double, seed: UInt64) {
        self.kind = kind
        self.bandwidthHz = bandwidthHz
        generator = SeededGenerator(seed: seed)
        taps = Self.lowPass(cutoffFraction: bandwidthHz / sampleRateHz)
    }

    /// Unit-energy Hamming-windowed sinc taps for a cutoff of `cutoffFraction`·fs/2 on each
    /// side (i.e. two-sided bandwidth `cutoffFraction`·fs); `[1]` when it is ≥ 1.
    public static func lowPass(cutoffFraction: Double) -> [Float] {
        if cutoffFraction >= 1 { return [1] }
        var length = Int((16 / cutoffFraction).rounded(.up))
        length = min(511, length | 1)
        let m = Double(length - 1) / 2
        var h = (0..<length).map { i -> Double in
            let x = Double(i) - m
            let sinc = x == 0 ? cutoffFraction : sin(Double.pi * cutoffFraction * x) / (Double.pi * x)
            return sinc * (0.54 - 0.46 * cos(2 * Double.pi * Double(i) / Double(length - 1)))
        }
        let energy = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in h.indices { h[i] /= energy }
        return h.map(Float.init)
    }

    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        let n = output.count
        let l = taps.count
        if l == 1 {
            GaussianNoise.shared.fill(output, power: 1, &generator)
            return
        }
        if line.isEmpty {
            // Prime the filter so the first output sample is already stationary.
            line = [Complex<Float>](repeating: .zero, count: l - 1)
            line.withUnsafeMutableBufferPointer { GaussianNoise.shared.fill($0, power: 1, &generator) }
        }
        let history = l - 1
        if line.count < history + n { line.append(contentsOf: repeatElement(.zero, count: history + n - line.count)) }
        line.withUnsafeMutableBufferPointer { buf in
            GaussianNoise.shared.fill(
                UnsafeMutableBufferPointer(rebasing: buf[history..<(history + n)]),
                power: 1,
                &generator
            )
            taps.withUnsafeBufferPointer { h in
                for i in 0..<n {
                    var re: Float = 0
                    var im: Float = 0
                    for k in 0..<l {
                        let x = buf[i + k]
                        re += h[k] * x.real
                        im += h[k] * x.imaginary
                    }
                    output[i] = Complex(re, im)
                }
            }
            // Keep the last L − 1 inputs for the next block.
            for k in 0..<history { buf[k] = buf[n + k] }
        }
    }

    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        [Emission(startSeconds: fromSeconds, durationSeconds: toSeconds - fromSeconds)]
    }
}
