import Numerics
import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small-scale fading: a complex gain h(t) with E|h|² = 1 that multiplies a source.
///
/// - Rayleigh: h ~ CN(0, 1). Rician with factor K: h = √(K/(K+1))·e^{jθ} + √(1/(K+1))·CN(0, 1)
///   (a fixed line-of-sight ray of random phase θ plus scatter).
/// - Block fading: the scatter is redrawn every `blockSeconds` and held in between.
/// - Time-varying fading: the scatter follows Clarke's isotropic-scattering model with
///   maximum Doppler `dopplerHz`, synthesised by the sum-of-sinusoids of Zheng & Xiao
///   ("Simulation models with correct statistical properties for Rayleigh fading channels",
///   IEEE Trans. Commun. 51(6), 2003), M = 16 sinusoids per quadrature; it is evaluated every
///   1/(64·f_D) s and interpolated linearly in between.
public struct FadingProcess: Sendable {
    public enum Kind: Sendable, Equatable {
        case rayleigh
        case rician(kFactorDB: Double)
    }
    public enum Variation: Sendable, Equatable {
        case block(seconds: Double)
        case clarke(dopplerHz: Double)
    }

    public let kind: Kind
    public let variation: Variation
    private var generator: SeededGenerator
    private let lineOfSight: Complex<Double>
    private let scatterScale: Double
    // Block state.
    private var blockIndex = Int.min
    private var blockGain = Complex<Double>.zero
    // Sum-of-sinusoids parameters.
    private var cosArrival: [Double] = [], sinArrival: [Double] = []
    private var phaseI: [Double] = [], phaseQ: [Double] = []
    // The current interpolation segment of the Clarke gain.
    private var segment = -Double.infinity
    private var segmentStart = Complex<Double>.zero, segmentEnd = Complex<Double>.zero

    public static let sinusoids = 16

    public init(kind: Kind, variation: Variation, seed: UInt64) {
        self.kind = kind
        self.variation = variation
        generator = SeededGenerator(seed: seed)
        switch kind {
        case .rayleigh:
            lineOfSight = .zero
            scatterScale = 1
        case .rician(let kDB):
            let k = Decibels.toPowerRatio(kDB)
            let theta = 2 * Double.pi * generator.nextUnitDouble()
            lineOfSight = Complex(cos(theta), sin(theta)).scaled((k / (k + 1)).squareRoot())
            scatterScale = (1 / (k + 1)).squareRoot()
        }
        if case .clarke = variation {
            let m = Self.sinusoids
            let theta = 2 * Double.pi * generator.nextUnitDouble() - Double.pi
            for n in 1...m {
                let alpha = (2 * Double.pi * Double(n) - Double.pi + theta) / Double(4 * m)
                cosArrival.append(cos(alpha))
                sinArrival.append(sin(alpha))
                phaseI.append(2 * Double.pi * generator.nextUnitDouble() - Double.pi)
                phaseQ.append(2 * Double.pi * generator.nextUnitDouble() - Double.pi)
            }
        }
    }

    /// The scatter component at time t for Clarke fading (unit power).
    func clarkeScatter(_ t: Double, dopplerHz: Double) -> Complex<Double> {
        var i = 0.0
        var q = 0.0
        let w = 2 * Double.pi * dopplerHz * t
        for n in 0..<cosArrival.count {
            i += cos(w * cosArrival[n] + phaseI[n])
            q += cos(w * sinArrival[n] + phaseQ[n])
        }
        let scale = (2 / Double(cosArrival.count)).squareRoot() / 2.0.squareRoot()
        return Complex(i * scale, q * scale)
    }

    /// Multiplies `samples` (at scene times t0 + n·dt) by the fading gain.
    public mutating func apply(
        to samples: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds t0: Double,
        intervalSeconds dt: Double
    ) {
        switch variation {
        case .block(let seconds):
            for i in samples.indices {
                let b = Int(((t0 + Double(i) * dt) / seconds).rounded(.down))
                if b != blockIndex {
                    // Blocks are visited in order; skipped ones still consume their draws so
                    // that the gains depend on time only, not on how the scene was split.
                    if blockIndex == Int.min { blockIndex = b - 1 }
                    while blockIndex < b {
                        let re = generator.nextGaussian()
                        let im = generator.nextGaussian()
                        blockGain = lineOfSight + Complex(re, im).scaled(0.5.squareRoot() * scatterScale)
                        blockIndex += 1
                    }
                }
                samples[i] = samples[i] * Complex(Float(blockGain.real), Float(blockGain.imaginary))
            }
        case .clarke(let fd):
            let step = 1 / (64 * fd)
            for i in samples.indices {
                let t = t0 + Double(i) * dt
                let k = (t / step).rounded(.down)
                if k != segment {
                    segment = k
                    segmentStart = lineOfSight + clarkeScatter(k * step, dopplerHz: fd).scaled(scatterScale)
                    segmentEnd = lineOfSight + clarkeScatter((k + 1) * step, dopplerHz: fd).scaled(scatterScale)
                }
                let f = min(1, max(0, (t - k * step) / step))
                let g = segmentStart + (segmentEnd - segmentStart).scaled(f)
                samples[i] = samples[i] * Complex(Float(g.real), Float(g.imaginary))
            }
        }
    }
}

extension Complex where RealType == Double {
    /// The number times a real scale factor.
    func scaled(_ s: Double) -> Complex<Double> { Complex(real * s, imaginary * s) }
}
