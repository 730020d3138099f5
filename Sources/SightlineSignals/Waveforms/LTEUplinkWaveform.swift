import Numerics
import SightlineCore
import SightlineDSP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An LTE handset's uplink (E-UTRA, 3GPP TS 36.211): SC-FDMA with 15 kHz subcarriers and
/// the normal cyclic prefix.
///
/// - Frame structure type 1 (TS 36.211 §4.1): subframes of 1 ms, two slots of 0.5 ms, seven
///   SC-FDMA symbols per slot; CP of 160·Ts on the first symbol of a slot and 144·Ts on the
///   others, Ts = 1/30.72 MHz, useful part 2048·Ts (Table 5.6-1). On this model's sample grid
///   those are 160·N/2048, 144·N/2048 and N samples with N = fs/15 kHz, so the sample rate
///   must be a multiple of 1.92 MHz.
/// - PUSCH (§5.3): in a scheduled subframe, `resourceBlocks` contiguous resource blocks of 12
///   subcarriers (180 kHz each) from `firstResourceBlock` of the `systemResourceBlocks`-wide
///   carrier; each data symbol is M = 12·N_RB QPSK symbols, transform-precoded by an M-point
///   DFT (§5.3.3, 1/√M) and mapped to the allocation (§5.3.4); symbol 3 of each slot carries
///   the demodulation reference signal (§5.5.2.1), a Zadoff–Chu sequence of the largest
///   prime length below M, cyclically extended (§5.5.1.1), not precoded.
/// - SC-FDMA baseband (§5.6): s_l(t) = Σ_k a_k·e^{j2π(k+½)Δf(t − N_CP,l·Ts)}, the ½-subcarrier
///   shift included.
/// - PUCCH (§5.4): in a subframe without PUSCH, with probability `pucchProbability`, one
///   resource block at the lower band edge in slot 0 and at the upper edge in slot 1 (slot
///   hopping, §5.4.3): a 12-long cyclically shifted base sequence times a QPSK symbol
///   (format 1a/2-like). SRS is not modelled.
/// - Scheduling: each subframe carries PUSCH with probability `activity` (seeded per
///   subframe). Power: constant power per resource block (open-loop P_PUSCH ∝ M_PUSCH, TS
///   36.213 §5.1.1), unit mean power over a PUSCH symbol; a PUCCH subframe then has
///   12/M of it. Class 3: 23 dBm maximum (TS 36.101 Table 6.2.2-1), ``maxPowerDBm``.
/// - `precoded: false` leaves out the DFT (plain OFDM with the same allocation), only to
///   compare envelopes (PAPR).
///
/// Samples are generated on the grid n/fs from scene time 0; a render at other times takes
/// the nearest grid sample (a fractional channel delay rounds to a sample).
public struct LTEUplinkWaveform: Waveform {
    public static let subcarrierHz = 15_000.0
    public static let subcarriersPerResourceBlock = 12
    public static let resourceBlockHz = 180_000.0
    public static let subframeSeconds = 0.001
    public static let maxPowerDBm = 23.0
    /// The sample-rate quantum that makes every CP a whole number of samples.
    public static let sampleRateQuantumHz = 1_920_000.0

    public var kind: String { "lte-uplink" }
    /// The PUSCH allocation, N_RB × 180 kHz.
    public var occupiedBandwidthHz: Double? { Double(resourceBlocks) * Self.resourceBlockHz }

    public let resourceBlocks: Int
    public let systemResourceBlocks: Int
    public let firstResourceBlock: Int
    public let activity: Double
    public let pucchProbability: Double
    public let precoded: Bool
    public let sampleRateHz: Double
    let seed: UInt64
    let fftSize: Int
    let samplesPerSubframe: Int

    private var cachedSubframe = Int.min
    private var subframe: [Complex<Float>] = []

    public init(
        resourceBlocks: Int,
        systemResourceBlocks: Int? = nil,
        firstResourceBlock: Int? = nil,
        activity: Double = 1,
        pucchProbability: Double = 0.5,
        precoded: Bool = true,
        sampleRateHz: Double,
        seed: UInt64
    ) {
        let system = systemResourceBlocks ?? max(resourceBlocks + 2, 6)
        precondition(resourceBlocks >= 1 && resourceBlocks <= system, "allocation inside the carrier")
        self.resourceBlocks = resourceBlocks
        self.systemResourceBlocks = system
        self.firstResourceBlock = firstResourceBlock ?? (system - resourceBlocks) / 2
        self.activity = activity
        self.pucchProbability = pucchProbability
        self.precoded = precoded
        self.sampleRateHz = sampleRateHz
        self.seed = seed
        fftSize = Int((sampleRateHz / Self.subcarrierHz).rounded())
        samplesPerSubframe = Int((sampleRateHz * Self.subframeSeconds).rounded())
        precondition(Self.validSampleRate(sampleRateHz, systemResourceBlocks: system), "checked by the parser")
    }

    /// Whether `fs` is a multiple of 1.92 MHz wide enough for the carrier.
    public static func validSampleRate(_ fs: Double, systemResourceBlocks: Int) -> Bool {
        let m = fs / sampleRateQuantumHz
        return abs(m - m.rounded()) < 1e-9 && m >= 1
            && Double(systemResourceBlocks) * resourceBlockHz < fs
    }

    static func unit(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 { WCDMAUplinkWaveform.mix(a, b, c) }

    /// Whether subframe `n` (from scene time 0) carries PUSCH.
    public func scheduled(subframe n: Int) -> Bool {
        activity >= 1 || Double(Self.unit(seed, 0x5F, UInt64(bitPattern: Int64(n))) >> 11) * 0x1p-53 < activity
    }

    func pucch(subframe n: Int) -> Bool {
        !scheduled(subframe: n) && pucchProbability > 0
            && Double(Self.unit(seed, 0x9C, UInt64(bitPattern: Int64(n))) >> 11) * 0x1p-53 < pucchProbability
    }

    static func largestPrime(below m: Int) -> Int {
        var p = max(2, m - 1)
        while p > 2 && !(2..<p).allSatisfy({ p % $0 != 0 || $0 * $0 > p }) { p -= 1 }
        return p
    }

    /// Zadoff–Chu root q of length nzc, cyclically extended to m (TS 36.211 §5.5.1.1).
    static func zadoffChu(length m: Int, root q: Int) -> [Complex<Float>] {
        let nzc = largestPrime(below: max(m, 3))
        return (0..<m).map { i in
            let k = i % nzc
            let ph = -Double.pi * Double(q) * Double(k) * Double(k + 1) / Double(nzc)
            return Complex(Float(cos(ph)), Float(sin(ph)))
        }
    }

    /// Renders subframe `n` into `subframe`.
    mutating func build(subframe n: Int) {
        let total = samplesPerSubframe
        if subframe.count != total { subframe = [Complex<Float>](repeating: .zero, count: total) }
        for i in 0..<total { subframe[i] = .zero }
        let hasPUSCH = scheduled(subframe: n)
        let hasPUCCH = pucch(subframe: n)
        guard hasPUSCH || hasPUCCH else { return }
        let N = fftSize
        let m = Self.subcarriersPerResourceBlock * resourceBlocks
        let scale = 1 / Float(m).squareRoot()
        let half = systemResourceBlocks * Self.subcarriersPerResourceBlock / 2
        let cp0 = 160 * N / 2048
        let cp = 144 * N / 2048
        let a = Float(0.5.squareRoot())
        var rng = SeededGenerator(seed: Self.unit(seed, 0x5B, UInt64(bitPattern: Int64(n))))
        let dmrs = Self.zadoffChu(length: hasPUSCH ? m : 12, root: Int(seed % 7) + 1)
        var position = 0
        for slot in 0..<2 {
            for l in 0..<7 {
                let cpLength = l == 0 ? cp0 : cp
                var grid = [Complex<Float>](repeating: .zero, count: N)
                // Subcarrier k (0 … 12·N_UL − 1) sits at (k − half + ½)·Δf; IFFT bin k − half.
                func put(_ k: Int, _ v: Complex<Float>) {
                    let bin = ((k - half) % N + N) % N
                    grid[bin] = v
                }
                if hasPUSCH {
                    let k0 = firstResourceBlock * Self.subcarriersPerResourceBlock
                    if l == 3 {
                        for i in 0..<m { put(k0 + i, dmrs[i]) }
                    } else {
                        var d = [Complex<Float>](repeating: .zero, count: m)
                        for i in 0..<m {
                            let z = rng.next()
                            d[i] = Complex(z & 1 == 0 ? a : -a, z & 2 == 0 ? a : -a)
                        }
                        if precoded {
                            d = FFT.forward(d)
                            for i in 0..<m { d[i] = Complex(d[i].real * scale, d[i].imaginary * scale) }
                        }
                        for i in 0..<m { put(k0 + i, d[i]) }
                    }
                } else {
                    let rb = slot == 0 ? 0 : systemResourceBlocks - 1
                    let z = rng.next()
                    let sym: Complex<Float> =
                        (2...4).contains(l) ? Complex(1, 0) : Complex(z & 1 == 0 ? a : -a, z & 2 == 0 ? a : -a)
                    let shift = Int(z >> 8 % 12)
                    for i in 0..<12 {
                        let ph = 2 * Double.pi * Double(shift * i) / 12
                        let c = dmrs[i] * Complex(Float(cos(ph)), Float(sin(ph)))
                        put(rb * 12 + i, c * sym)
                    }
                }
                // Inverse DFT (FFT.inverse divides by N; ×N undoes it), then ÷√M so that
                // the M unit-power subcarriers of a PUSCH symbol give unit mean power.
                let x = FFT.inverse(grid)
                let g = Float(N) / Float(m).squareRoot()
                for s in 0..<(cpLength + N) {
                    let j = s - cpLength  // time from the end of the CP, in samples
                    let v = x[((j % N) + N) % N]
                    let ph = Double.pi * Double(j) / Double(N)  // the ½-subcarrier shift
                    let w = Complex(Float(cos(ph)) * g, Float(sin(ph)) * g)
                    subframe[position + s] = v * w
                }
                position += cpLength + N
            }
        }
    }

    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        let fs = sampleRateHz
        let total = samplesPerSubframe
        for i in output.indices {
            let n = Int(((startSeconds + Double(i) * intervalSeconds) * fs).rounded())
            let sf = Int((Double(n) / Double(total)).rounded(.down))
            if sf != cachedSubframe {
                build(subframe: sf)
                cachedSubframe = sf
            }
            output[i] = subframe[n - sf * total]
        }
    }

    /// One emission per subframe that carries PUSCH.
    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        var result: [Emission] = []
        var n = Int((fromSeconds / Self.subframeSeconds).rounded(.up))
        while Double(n + 1) * Self.subframeSeconds <= toSeconds + 1e-12 {
            if scheduled(subframe: n) {
                result.append(
                    Emission(
                        startSeconds: Double(n) * Self.subframeSeconds,
                        durationSeconds: Self.subframeSeconds,
                        frameNumber: n
                    )
                )
            }
            n += 1
        }
        return result
    }
}
