import Numerics
import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The features of one emission that decided its class, written with it in the detections
/// document (`features`). The wideband ones are measured on the whole recording's IQ and
/// are nil when the sample rate cannot hold the carrier they look for.
public struct EmissionFeatures: Sendable, Equatable, Codable {
    /// The spectral line of |x|² at the WCDMA chip rate, 3.84 MHz (TS 25.213 §5.2: RRC
    /// 0.22 chips make |x|² cyclostationary at 1/T_c), in dB over the mean of reference
    /// cyclic frequencies beside it.
    public var chipRateLineDB: Double?
    /// |Σ x[n]·x*[n+N_u]| / Σ|x|² at the lag of an LTE useful symbol (N_u = fs / 15 kHz,
    /// TS 36.211 §5.6: the cyclic prefix repeats the symbol's last samples).
    public var cyclicPrefixCorrelation: Double?

    enum CodingKeys: String, CodingKey {
        case chipRateLineDB = "chip_rate_line_db", cyclicPrefixCorrelation = "cyclic_prefix_correlation"
    }
}

/// Measures the wideband cyclostationary features on the IQ stream as it goes by (one pass,
/// no allocation per call after the first), for ``EmissionClassifier``.
///
/// - Chip-rate line: per block (each buffer the source fills), the block mean of |x|² is
///   removed and the DFT of |x|² is taken at α = 3.84 MHz and at 8 reference frequencies
///   α ± k·4·fs/n (k = 1…4, whole bins from α, so the line leaks nothing into them);
///   summed over blocks, the line's power over the references' mean, in dB.
/// - Cyclic-prefix correlation at the lag N_u of a 66.7 µs useful symbol, when fs is a
///   whole multiple of 15 kHz.
public final class WidebandFeatureMeter: @unchecked Sendable {
    /// TS 25.213 §5.2 / TS 25.101 §5.1: 3.84 Mcps.
    public static let chipRateHz = 3_840_000.0
    /// TS 36.211 §5.6: the LTE subcarrier spacing, 15 kHz (useful symbol 66.7 µs).
    public static let subcarrierSpacingHz = 15_000.0
    /// The smallest block that is measured (shorter tails are left out).
    static let minimumBlock = 4096
    let fs: Double
    let chipLine: Bool
    let lag: Int?
    var linePower = 0.0
    var referencePower = 0.0
    var blocks = 0
    var crossRe = 0.0
    var crossIm = 0.0
    var energy = 0.0
    var tail: [Complex<Float>] = []  // the last `lag` samples of the previous block

    /// nil when neither feature fits the rate: the chip line needs the whole carrier
    /// ((1 + 0.22)·3.84 MHz = 4.68 MHz) inside the band.
    public init?(sampleRateHz: Double) {
        fs = sampleRateHz
        chipLine = sampleRateHz >= Self.chipRateHz * 1.22
        let u = sampleRateHz / Self.subcarrierSpacingHz
        lag = u >= 64 && abs(u - u.rounded()) < 1e-9 ? Int(u.rounded()) : nil
        if !chipLine && lag == nil { return nil }
    }

    public func add(_ x: UnsafeBufferPointer<Complex<Float>>) {
        let n = x.count
        guard n >= Self.minimumBlock else { return }
        if chipLine { addChipLine(x) }
        if let lag { addCyclicPrefix(x, lag: lag) }
    }

    private func addChipLine(_ x: UnsafeBufferPointer<Complex<Float>>) {
        let n = x.count
        var mean = 0.0
        for v in x { mean += Double(v.lengthSquared) }
        mean /= Double(n)
        let step = 4 * fs / Double(n)
        let freqs = [0.0, 1, -1, 2, -2, 3, -3, 4, -4].map { Self.chipRateHz + $0 * step }
        var re = [Double](repeating: 0, count: freqs.count)
        var im = re
        // Phasors advanced by recurrence, re-anchored every 1024 samples (drift < 1e-12).
        var pr = [Double](repeating: 1, count: freqs.count)
        var pi = [Double](repeating: 0, count: freqs.count)
        let wr = freqs.map { cos(-2 * Double.pi * $0 / fs) }
        let wi = freqs.map { sin(-2 * Double.pi * $0 / fs) }
        for i in 0..<n {
            if i & 1023 == 0 {
                for k in 0..<freqs.count {
                    let ph = -2 * Double.pi * (freqs[k] / fs * Double(i)).truncatingRemainder(dividingBy: 1)
                    pr[k] = cos(ph)
                    pi[k] = sin(ph)
                }
            }
            let e = Double(x[i].lengthSquared) - mean
            for k in 0..<freqs.count {
                re[k] += e * pr[k]
                im[k] += e * pi[k]
                let r = pr[k] * wr[k] - pi[k] * wi[k]
                pi[k] = pr[k] * wi[k] + pi[k] * wr[k]
                pr[k] = r
            }
        }
        linePower += re[0] * re[0] + im[0] * im[0]
        var ref = 0.0
        for k in 1..<freqs.count { ref += re[k] * re[k] + im[k] * im[k] }
        referencePower += ref / Double(freqs.count - 1)
        blocks += 1
    }

    private func addCyclicPrefix(_ x: UnsafeBufferPointer<Complex<Float>>, lag: Int) {
        // Pairs (n, n + lag) within the block and across the previous block's tail.
        let joined = tail + x.prefix(lag)
        let t = tail.count
        if t > 0 {
            for i in 0..<min(t, joined.count - t) {
                let a = joined[i]
                let b = joined[i + t]
                crossRe += Double(a.real * b.real + a.imaginary * b.imaginary)
                crossIm += Double(a.imaginary * b.real - a.real * b.imaginary)
            }
        }
        for i in 0..<(x.count - lag) {
            let a = x[i]
            let b = x[i + lag]
            crossRe += Double(a.real * b.real + a.imaginary * b.imaginary)
            crossIm += Double(a.imaginary * b.real - a.real * b.imaginary)
        }
        for v in x { energy += Double(v.lengthSquared) }
        tail = Array(x.suffix(lag))
    }

    /// The features so far (a feature is nil when it was not measured).
    public var features: EmissionFeatures {
        EmissionFeatures(
            chipRateLineDB: chipLine && blocks > 0 && referencePower > 0
                ? 10 * log10(max(linePower, 1e-300) / referencePower) : nil,
            cyclicPrefixCorrelation: lag != nil && energy > 0 ? hypot(crossRe, crossIm) / energy : nil
        )
    }
}

/// Says what each emission is, from its measured features:
/// - `tdma-burst` (GSM, 200 kHz, 4.615 ms frame) and `continuous` / `noise-like` from the
///   time occupancy and bandwidth, as ``EmissionGrouper`` decides them;
/// - `wcdma`: an emission whose bandwidth is that of a WCDMA carrier and the recording's
///   |x|² has a line at the 3.84 MHz chip rate;
/// - `lte-uplink`: an emission of at least 2 resource blocks (360 kHz) where the recording
///   correlates at the 66.7 µs useful-symbol lag (the cyclic prefix) and has no chip line.
///
/// The wideband features are measured on the whole band, not on each emission: a band
/// with a WCDMA carrier and a wide noise jammer would label both `wcdma`. That limitation
/// is the price of one pass over the IQ.
public enum EmissionClassifier {
    /// The √12·σ bandwidth of an RRC 0.22 spectrum at 3.84 Mcps is 3.84·√(1 − α²·(1 −
    /// 8/π²)·…) ≈ 3.8 MHz; a carrier occupies its 5 MHz raster (TS 25.101 §5.4.1). 3 to
    /// 5 MHz takes the measured width with margin and excludes a 200 kHz GSM channel and
    /// LTE allocations up to 16 RB.
    public static let wcdmaBandwidthHz = 3_000_000.0...5_000_000.0
    /// A noise periodogram value exceeds its mean 10-fold with probability e^−10 ≈ 5e−5
    /// (exponential). Measured: a WCDMA uplink at 10 dB SNR in 15.36 MS/s gives 22.6 and
    /// 25.4 dB (seeds 2, 1; EmissionClassifierTests), an LTE uplink −1.1 and 1.6 dB.
    public static let chipRateLineThresholdDB = 10.0
    /// An LTE symbol's cyclic prefix is 144/2048 = 7 % of the symbol (normal CP, TS 36.211
    /// Table 5.6-1): the correlation at lag N_u is at most ≈ 0.066·SNR/(1+SNR) (the uplink's
    /// half-subcarrier shift, TS 36.211 §5.6, turns the phase from symbol to symbol and
    /// lowers the sum: measured 0.034 for 10 RB at 10 dB SNR); for noise or a non-OFDM
    /// signal it is ≈ 1/√N (measured 0.001–0.0015 for WCDMA over 0.1 s). 0.02 lies between.
    public static let cyclicPrefixThreshold = 0.02
    /// 2 resource blocks (TS 36.211 §5.2.3: 12 subcarriers × 15 kHz = 180 kHz each).
    public static let lteMinimumBandwidthHz = 360_000.0

    public static func classify(_ emissions: [Emission], wideband: EmissionFeatures?) -> [Emission] {
        emissions.map { classify($0, wideband: wideband) }
    }

    public static func classify(_ e: Emission, wideband: EmissionFeatures?) -> Emission {
        var e = e
        guard let wideband else { return e }
        e.features = wideband
        let line = (wideband.chipRateLineDB ?? -.infinity) >= chipRateLineThresholdDB
        let cp = (wideband.cyclicPrefixCorrelation ?? 0) >= cyclicPrefixThreshold
        let steady = e.kind == .continuous || e.kind == .noiseLike
        if line && steady && wcdmaBandwidthHz.contains(e.bandwidthHz) {
            e.kind = .wcdma
        } else if cp && !line && e.kind != .tdmaBurst && e.bandwidthHz >= lteMinimumBandwidthHz {
            e.kind = .lteUplink
        }
        return e
    }
}
