import Foundation
import Numerics
import SightlineCore
import SightlineRF
import SightlineSignals
import Testing

@Suite struct NoiseTests {
    /// The ziggurat's deviates are standard normal: a Kolmogorov–Smirnov test against Φ over
    /// 2·10⁵ draws (critical value at α = 0.001 is 1.95/√n ≈ 0.0044), and the first four
    /// moments within 5σ of their sampling error (σ of the mean 1/√n, of the variance √(2/n),
    /// of the kurtosis √(24/n)).
    @Test func zigguratIsStandardNormal() {
        var rng = SeededGenerator(seed: 2016)
        let z = GaussianNoise.shared
        let n = 200_000
        var x = [Double]()
        x.reserveCapacity(n)
        for _ in 0..<(n / 2) {
            let w = rng.next()
            x.append(Double(z.normal(bits: UInt32(truncatingIfNeeded: w), &rng)))
            x.append(Double(z.normal(bits: UInt32(truncatingIfNeeded: w >> 32), &rng)))
        }
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        let kurtosis = x.reduce(0) { $0 + pow($1 - mean, 4) } / Double(n) / (variance * variance)
        #expect(abs(mean) < 5 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot())
        #expect(abs(kurtosis - 3) < 5 * (24 / Double(n)).squareRoot())
        x.sort()
        var d = 0.0
        for (i, v) in x.enumerated() {
            let cdf = 0.5 * erfc(-v / 2.0.squareRoot())
            d = max(d, abs(cdf - Double(i) / Double(n)), abs(cdf - Double(i + 1) / Double(n)))
        }
        #expect(d < 1.95 / Double(n).squareRoot(), "KS distance \(d)")
        // The tail beyond r = 3.44 is reached, at the right rate: P(|z| > 3.5) = 4.65e−4.
        let tail = Double(x.filter { abs($0) > 3.5 }.count) / Double(n)
        #expect(abs(tail - 4.65e-4) < 5 * (4.65e-4 / Double(n)).squareRoot())
    }

    /// kTBF: −174 dBm/Hz (k·290 K = −173.98 dBm/Hz), so 1 MHz with NF 0 is −113.98 dBm.
    @Test func thermalNoiseMatchesKTB() {
        #expect(abs(ThermalNoise.densityDBmPerHz - -173.975) < 0.001)
        #expect(abs(ThermalNoise.powerDBm(bandwidthHz: 1e6, noiseFigureDB: 0) - -113.975) < 0.001)
        #expect(abs(ThermalNoise.powerDBm(bandwidthHz: 200e3, noiseFigureDB: 8) - (-173.975 + 53.0103 + 8)) < 0.001)
    }

    /// Receiver noise over 10⁶ samples is kTBF over the sample rate within 1 %. Samples are in
    /// units of kTBF·fs, so the measured power must be 1; the power of a source given as
    /// received_power_dbm = kTBF·fs + 10 dB then measures 10 dB above it (ties the unit to
    /// dBm). The estimate's relative σ is 1/√10⁶ = 0.1 %, so 1 % is 10σ.
    @Test func noisePowerIsKTBF() throws {
        let scene = try yamlScene(
            """
            sample_rate_hz: 1000000
            center_frequency_hz: 900000000
            duration_s: 1
            receiver: {noise_figure_db: 5}
            sources: []
            """
        )
        #expect(abs(scene.noisePowerDBm - (-173.975 + 60 + 5)) < 0.001)
        let (x, _) = try renderAll(scene)
        #expect(x.count == 1_000_000)
        #expect(abs(meanPower(x) - 1) < 0.01)
    }

    /// A tone requested at SNR 10 dB (reference bandwidth: the sample rate) measures
    /// 10 ± 0.2 dB: its power from the correlation with e^{j2πft}, the noise from the rest.
    @Test(arguments: [10.0, -3.0, 25.0])
    func toneSNRIsAsRequested(snr: Double) throws {
        let scene = try yamlScene(
            """
            sample_rate_hz: 1000000
            center_frequency_hz: 900000000
            duration_s: 1
            sources:
              - id: tone
                waveform: {type: tone, offset_hz: 123456}
                snr_db: \(snr)
            """
        )
        let (x, _) = try renderAll(scene)
        var acc = Complex<Double>.zero
        for (n, v) in x.enumerated() {
            let ph = -2 * Double.pi * 123_456 * Double(n) / 1e6
            acc += Complex(Double(v.real), Double(v.imaginary)) * Complex(cos(ph), sin(ph))
        }
        let tonePower = acc.lengthSquared / (Double(x.count) * Double(x.count))
        let noise = meanPower(x) - tonePower
        let measured = 10 * log10(tonePower / noise)
        #expect(abs(measured - snr) < 0.2, "measured \(measured) dB")
    }

    @Test func sameSeedSameBytesDifferentSeedDifferentNoise() throws {
        let scene = try SceneFile.parse(BuiltInScenes.railwayStation, path: "c4")
        var short = scene
        short.durationSeconds = 0.02
        let a = try renderAll(short).samples
        let b = try renderAll(short, block: 4096).samples
        #expect(a == b)  // also independent of the block size
        let c = try renderAll(short, seed: 99).samples
        #expect(a != c)
        let differing = zip(a, c).filter { $0 != $1 }.count
        #expect(differing > a.count * 99 / 100)
    }

    /// Band-limited noise: unit power, and its spectrum confined to ±B/2 (the −6 dB edges of
    /// the windowed-sinc filter sit at ±B/2, so in-band power is ≳ 97 %).
    @Test func barrageNoiseIsBandLimited() throws {
        var w = NoiseWaveform(kind: "barrage-noise", bandwidthHz: 200_000, sampleRateHz: 2e6, seed: 3)
        var x = [Complex<Float>](repeating: .zero, count: 1 << 18)
        x.withUnsafeMutableBufferPointer { w.render(into: $0, startSeconds: 0, intervalSeconds: 5e-7) }
        #expect(abs(meanPower(x) - 1) < 0.03)
        // Power inside ±150 kHz vs total, from an averaged periodogram of 1024-point blocks.
        let nfft = 1024
        var psd = [Double](repeating: 0, count: nfft)
        for b in 0..<(x.count / nfft) {
            for k in stride(from: 0, to: nfft, by: 1) {
                var acc = Complex<Double>.zero
                if k % 8 != 0 { continue }  // a coarse DFT is enough for the check
                for n in 0..<nfft {
                    let v = x[b * nfft + n]
                    let ph = -2 * Double.pi * Double(k * n) / Double(nfft)
                    acc += Complex(Double(v.real), Double(v.imaginary)) * Complex(cos(ph), sin(ph))
                }
                psd[k] += acc.lengthSquared
            }
            if b == 15 { break }
        }
        var inside = 0.0
        var total = 0.0
        for k in stride(from: 0, to: nfft, by: 8) {
            let f = Double(k < nfft / 2 ? k : k - nfft) * 2e6 / Double(nfft)
            total += psd[k]
            if abs(f) <= 150_000 { inside += psd[k] }
        }
        #expect(inside / total > 0.95)
    }

    /// Rayleigh block fading: E|h|² = 1 and P(|h|² < 0.1) = 1 − e^{−0.1} = 0.0952 (exponential
    /// power), over 4000 independent blocks (σ of a fraction ≈ 0.0046; 4σ bounds).
    @Test func rayleighBlockFadingStatistics() {
        var f = FadingProcess(kind: .rayleigh, variation: .block(seconds: 1), seed: 5)
        var gains = [Complex<Float>](repeating: Complex(1, 0), count: 4000)
        gains.withUnsafeMutableBufferPointer { f.apply(to: $0, startSeconds: 0, intervalSeconds: 1) }
        let p = gains.map { Double($0.lengthSquared) }
        let mean = p.reduce(0, +) / Double(p.count)
        #expect(abs(mean - 1) < 4 / Double(p.count).squareRoot())
        let deep = Double(p.filter { $0 < 0.1 }.count) / Double(p.count)
        #expect(abs(deep - 0.0952) < 0.019)
    }

    /// Clarke fading: unit power, and the autocorrelation at lag τ follows J₀(2π f_D τ)
    /// (Zheng & Xiao 2003): at f_D τ = 0.3826 (the first zero of J₀ is at 2.405/2π) it is ≈ 0.
    @Test func clarkeFadingHasUnitPowerAndJ0Correlation() {
        let fd = 10.0
        let dt = 1e-3
        var sumP = 0.0
        var sumR = Complex<Double>.zero
        var sumR0 = Complex<Double>.zero
        let lag = Int((2.405 / (2 * Double.pi * fd) / dt).rounded())
        for trial in 0..<200 {
            var f = FadingProcess(kind: .rayleigh, variation: .clarke(dopplerHz: fd), seed: UInt64(trial))
            var h = [Complex<Float>](repeating: Complex(1, 0), count: 2000)
            h.withUnsafeMutableBufferPointer { f.apply(to: $0, startSeconds: 0, intervalSeconds: dt) }
            for n in 0..<(h.count - lag) {
                let a = Complex(Double(h[n].real), Double(h[n].imaginary))
                let b = Complex(Double(h[n + lag].real), Double(h[n + lag].imaginary))
                sumR += a * b.conjugate
                sumR0 += a * a.conjugate
            }
            sumP += meanPower(h)
        }
        #expect(abs(sumP / 200 - 1) < 0.05)
        #expect((sumR / sumR0).length < 0.1)
    }
}
