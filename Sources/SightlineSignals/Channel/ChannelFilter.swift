import Numerics
import SightlineCore
import SightlineDSP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A receiver's digital channel filter: a linear-phase FIR low-pass designed by the Kaiser
/// window method (J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh
/// window function", Proc. IEEE ISCAS 1974; Oppenheim & Schafer, *Discrete-Time Signal
/// Processing*, 3rd ed., §7.6): β and the length follow from the stopband attenuation A
/// and the transition width Δf, β = 0.1102(A − 8.7) for A > 50 dB, N = (A − 8)/(2.285·Δω).
/// Real receivers channelise this way (the AD9361's programmable FIR, a GSM receiver's
/// ±120 kHz channel filter); captures made through one show in-band noise tens of dB above
/// the stopband, the case the noise-floor detector is built for.
///
/// The filter delays everything by its group delay, (N − 1)/2 samples; the synthesizer
/// moves its annotations by the same amount.
public struct ChannelFilter: Sendable, Equatable {
    /// Two-sided passband width, Hz (±passband/2 about the centre).
    public var passbandHz: Double
    /// Stopband attenuation, dB.
    public var stopbandDB: Double
    /// Transition width from the passband edge to the stopband, Hz.
    public var transitionHz: Double

    public init(passbandHz: Double, stopbandDB: Double = 90, transitionHz: Double? = nil) {
        self.passbandHz = passbandHz
        self.stopbandDB = stopbandDB
        self.transitionHz = transitionHz ?? max(passbandHz / 4, 1)
    }

    /// The taps for a sample rate (odd length, so the delay is a whole number of samples).
    public func taps(sampleRateHz fs: Double) -> [Float] {
        let a = stopbandDB
        let beta: Double
        if a > 50 {
            beta = 0.1102 * (a - 8.7)
        } else if a >= 21 {
            beta = 0.5842 * pow(a - 21, 0.4) + 0.07886 * (a - 21)
        } else {
            beta = 0
        }
        let deltaOmega = 2 * Double.pi * transitionHz / fs
        var n = Int(((a - 8) / (2.285 * deltaOmega)).rounded(.up)) + 1
        n = min(4095, max(3, n | 1))
        let cutoff = min(0.5, (passbandHz / 2 + transitionHz / 2) / fs)  // cycles per sample
        let m = Double(n - 1) / 2
        let i0 = besselI0(beta)
        var h = (0..<n).map { k -> Double in
            let t = Double(k) - m
            let sinc = t == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * t) / (Double.pi * t)
            let r = t / m
            return sinc * besselI0(beta * max(0, 1 - r * r).squareRoot()) / i0
        }
        let dc = h.reduce(0, +)
        h = h.map { $0 / dc }  // unit gain in the passband
        return h.map { Float($0) }
    }

    /// Group delay in samples.
    public func delaySamples(sampleRateHz fs: Double) -> Int { (taps(sampleRateHz: fs).count - 1) / 2 }
}

/// Streams interleaved multi-channel blocks through a ``ChannelFilter``, keeping each
/// channel's history between blocks.
final class ChannelFilterState {
    let taps: [Float]
    let channels: Int
    /// The last taps.count − 1 input frames (interleaved), then the new block.
    private var history: [Complex<Float>]

    init(filter: ChannelFilter, sampleRateHz: Double, channels: Int) {
        taps = filter.taps(sampleRateHz: sampleRateHz)
        self.channels = channels
        history = [Complex<Float>](repeating: .zero, count: (taps.count - 1) * channels)
    }

    func apply(_ block: UnsafeMutableBufferPointer<Complex<Float>>) {
        let c = channels
        let n = taps.count
        let frames = block.count / c
        var input = history
        input.append(contentsOf: block)
        input.withUnsafeBufferPointer { x in
            taps.withUnsafeBufferPointer { h in
                for f in 0..<frames {
                    for ch in 0..<c {
                        var re: Float = 0
                        var im: Float = 0
                        var j = (f + n - 1) * c + ch
                        for k in 0..<n {
                            let v = x[j]
                            re += h[k] * v.real
                            im += h[k] * v.imaginary
                            j -= c
                        }
                        block[f * c + ch] = Complex(re, im)
                    }
                }
            }
        }
        history = Array(input.suffix((n - 1) * c))
    }
}
