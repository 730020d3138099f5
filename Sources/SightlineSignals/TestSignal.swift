import Numerics
import SightlineCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built-in demonstration signal: complex white Gaussian noise, two steady tones and a
/// TDMA-like bursty carrier, all seeded. It exercises the spectral loop (steady lines, a
/// gated carrier, a noise floor) before the physical scene models exist; it is a test
/// pattern, not a model of any real emitter.
public struct TestSignal: Sendable {
    public struct Tone: Sendable {
        public var offsetHz: Double
        /// Power relative to the noise power in the whole sample-rate bandwidth.
        public var powerDB: Double
        public init(offsetHz: Double, powerDB: Double) {
            self.offsetHz = offsetHz
            self.powerDB = powerDB
        }
    }

    public struct Burst: Sendable {
        public var offsetHz: Double
        public var powerDB: Double
        public var periodS: Double
        public var onS: Double
        public init(offsetHz: Double, powerDB: Double, periodS: Double, onS: Double) {
            self.offsetHz = offsetHz
            self.powerDB = powerDB
            self.periodS = periodS
            self.onS = onS
        }
    }

    public var sampleRateHz: Double
    public var centreFrequencyHz: Double
    public var durationS: Double
    /// Noise power per complex sample (E|n|²), linear.
    public var noisePower: Double
    public var tones: [Tone]
    public var bursts: [Burst]

    public init(sampleRateHz: Double, centreFrequencyHz: Double, durationS: Double, noisePower: Double,
                tones: [Tone], bursts: [Burst]) {
        self.sampleRateHz = sampleRateHz
        self.centreFrequencyHz = centreFrequencyHz
        self.durationS = durationS
        self.noisePower = noisePower
        self.tones = tones
        self.bursts = bursts
    }

    /// The demo default: 2 MS/s around 902.4 MHz (GSM 900 uplink), 0.25 s, tones at
    /// −600 kHz (+30 dB) and +450 kHz (+10 dB), and a carrier at +200 kHz gated 577 µs in
    /// every 4.615 ms (the GSM timeslot and frame durations), 20 dB above the noise.
    public static let demo = TestSignal(
        sampleRateHz: 2_000_000, centreFrequencyHz: 902_400_000, durationS: 0.25, noisePower: 1e-4,
        tones: [Tone(offsetHz: -600_000, powerDB: 30), Tone(offsetHz: 450_000, powerDB: 10)],
        bursts: [Burst(offsetHz: 200_000, powerDB: 20, periodS: 4.615e-3, onS: 576.9e-6)])

    public var sampleCount: Int { Int((durationS * sampleRateHz).rounded()) }

    /// Synthesises the samples; the same seed gives the same samples.
    public func samples(seed: UInt64) -> [Complex<Float>] {
        var rng = SeededGenerator(seed: seed)
        let n = sampleCount
        let sigma = (noisePower / 2).squareRoot()
        var out = [Complex<Float>](repeating: .zero, count: n)
        for i in 0..<n {
            var re = sigma * rng.nextGaussian()
            var im = sigma * rng.nextGaussian()
            let t = Double(i) / sampleRateHz
            for tone in tones {
                let a = (noisePower * Decibels.toPowerRatio(tone.powerDB)).squareRoot()
                let phase = 2 * Double.pi * tone.offsetHz * t
                re += a * cos(phase)
                im += a * sin(phase)
            }
            for burst in bursts where fmod(t, burst.periodS) < burst.onS {
                let a = (noisePower * Decibels.toPowerRatio(burst.powerDB)).squareRoot()
                let phase = 2 * Double.pi * burst.offsetHz * t
                re += a * cos(phase)
                im += a * sin(phase)
            }
            out[i] = Complex(Float(re), Float(im))
        }
        return out
    }

    /// One annotation per burst, for the recording's ground truth.
    public var burstAnnotations: [(start: Int, count: Int, offsetHz: Double)] {
        var result: [(Int, Int, Double)] = []
        for burst in bursts {
            var t = 0.0
            while t < durationS {
                let start = Int((t * sampleRateHz).rounded(.up))
                let end = min(sampleCount, Int(((t + burst.onS) * sampleRateHz).rounded(.up)))
                if end > start { result.append((start, end - start, burst.offsetHz)) }
                t += burst.periodS
            }
        }
        return result
    }
}
