import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import SightlineSignals
import SightlineTestSupport
import Testing

/// 99 % occupied bandwidth from a Welch PSD (the same definition as the GMSK test and
/// scripts/cellular_reference.py).
private func occupiedBandwidth99(_ x: [Complex<Float>], fs: Double, nfft: Int) throws -> Double {
    let config = SpectralConfiguration(
        nfft: nfft,
        overlapSamples: nfft / 2,
        window: .hann,
        scaling: .density,
        average: .mean,
        sampleRateHz: fs,
        threads: 1
    )
    let psd = try Welch.estimate(x, configuration: config)
    let total = psd.values.reduce(0, +)
    var cumulative = 0.0
    var lo = 0.0
    var hi = 0.0
    for (f, p) in zip(psd.frequencyOffsetsHz, psd.values) {
        let before = cumulative
        cumulative += p
        if before < 0.005 * total && cumulative >= 0.005 * total { lo = f }
        if before < 0.995 * total && cumulative >= 0.995 * total { hi = f }
    }
    return hi - lo
}

private func render(_ w: inout some Waveform, fs: Double, count: Int, start: Double = 0) -> [Complex<Float>] {
    var x = [Complex<Float>](repeating: .zero, count: count)
    x.withUnsafeMutableBufferPointer { w.render(into: $0, startSeconds: start, intervalSeconds: 1 / fs) }
    return x
}

/// The 99.9th percentile of |x|² over its mean, in dB.
private func papr999DB(_ x: [Complex<Float>]) -> Double {
    let p = x.map { Double($0.lengthSquared) }.sorted()
    let mean = p.reduce(0, +) / Double(p.count)
    return 10 * log10(p[Int(0.999 * Double(p.count - 1))] / mean)
}

/// WCDMA uplink (TS 25.211/25.213/25.214) against scripts/cellular_reference.py
/// (Tests/Fixtures/cellular.json), which builds the codes and the RRC another way.
@Suite struct WCDMAWaveformTests {
    static let fs = 15_360_000.0

    @Test func ovsfCodesMatchReference() throws {
        let ref = try #require(try Fixtures.json("cellular.json")["ovsf"] as? [String: [Int]])
        #expect(ref.count == 4)
        for (key, code) in ref {
            let parts = key.split(separator: "_").compactMap { Int($0) }
            let ours = WCDMAUplinkWaveform.ovsf(spreadingFactor: parts[0], index: parts[1]).map { Int($0) }
            #expect(ours == code, "C_ch,\(parts[0]),\(parts[1])")
        }
    }

    /// The long scrambling code's first 64 chips for codes 0, 5 and 123456; the reference
    /// steps both registers 16 777 232 times instead of jumping by matrix powers.
    @Test func longScramblingCodeMatchesReference() throws {
        let ref = try Fixtures.json("cellular.json")
        for n in [0, 5, 123_456] {
            let re = try #require(ref["long_code_\(n)_re"] as? [Int])
            let im = try #require(ref["long_code_\(n)_im"] as? [Int])
            let ours = WCDMAUplinkWaveform.longScramblingCode(n).prefix(64)
            #expect(ours.map { Int($0.real) } == re, "code \(n), real")
            #expect(ours.map { Int($0.imaginary) } == im, "code \(n), imaginary")
        }
    }

    /// HPSK (TS 25.213 §4.3.2.1): between chips 2m and 2m+1 of the scrambled signal the
    /// phase turns by exactly ±90° (the DPDCH code C_SF,SF/4 and C_256,0 are constant over
    /// chip pairs), never 0° or 180°; across pairs all four turns occur.
    @Test func hpskPhaseTransitions() {
        var w = WCDMAUplinkWaveform(spreadingFactor: 64, scramblingCode: 77, powerControl: false, seed: 3)
        let c = w.chips(from: 0, count: 38_400)
        var across = Set<Int>()
        for m in 0..<(c.count / 2) {
            let r = c[2 * m + 1] * c[2 * m].conjugate
            let deg = atan2(Double(r.imaginary), Double(r.real)) * 180 / Double.pi
            #expect(abs(abs(deg) - 90) < 1e-3, "pair \(m): \(deg)°")
            if m > 0 {
                let q = c[2 * m] * c[2 * m - 1].conjugate
                let quarter = Int((atan2(Double(q.imaginary), Double(q.real)) * 2 / Double.pi).rounded())
                across.insert((quarter % 4 + 4) % 4)
            }
        }
        #expect(across.count == 4)
    }

    /// The RRC 0.22 at 3.84 Mcps: 99 % occupied bandwidth within 3 % of the reference's
    /// (4.166 MHz; the Welch bin is 1.9 kHz, the estimator's scatter over 2^20 samples is
    /// below 0.5 %), and inside the (1 + α)·3.84 MHz = 4.685 MHz edge.
    @Test func occupiedBandwidthMatchesReference() throws {
        let ref = try #require(try Fixtures.json("cellular.json")["wcdma_obw99_hz"] as? Double)
        var w = WCDMAUplinkWaveform(powerControl: false, seed: 11)
        let x = render(&w, fs: Self.fs, count: 1 << 20)
        #expect(abs(10 * log10(meanPower(x))) < 0.1)
        let obw = try occupiedBandwidth99(x, fs: Self.fs, nfft: 8192)
        #expect(abs(obw / ref - 1) < 0.03, "OBW \(obw) Hz vs \(ref) Hz")
        #expect(obw < WCDMAUplinkWaveform.chipRateHz * 1.22)
    }

    /// The chip rate is a cyclic frequency: |x|² of the RRC-shaped chips has a spectral
    /// line at 3.84 MHz (the excess band, α = 0.22, makes it nonzero). Over 2^18 samples at
    /// 15.36 MHz it falls exactly on bin 65536; it must be the strongest line between 1 and
    /// 7 MHz and ≥ 20 dB above the median bin (a noise bin of a periodogram exceeds its
    /// median by 20 dB with probability e^{−100·ln2}, i.e. never).
    @Test func chipRateLineInSquaredEnvelope() {
        var w = WCDMAUplinkWaveform(powerControl: false, seed: 5)
        let n = 1 << 18
        let x = render(&w, fs: Self.fs, count: n)
        let e = x.map { Double($0.lengthSquared) }
        let mean = e.reduce(0, +) / Double(n)
        let spectrum = FFT.forward(e.map { Complex(Float($0 - mean), 0) })
        let p = spectrum.map { Double($0.lengthSquared) }
        let binHz = Self.fs / Double(n)
        let range = Int(1e6 / binHz)...Int(7e6 / binHz)
        let peak = range.max { p[$0] < p[$1] }!
        let median = p[range].sorted()[range.count / 2]
        let aboveDB = 10 * log10(p[peak] / median)
        #expect(
            abs(Double(peak) * binHz - WCDMAUplinkWaveform.chipRateHz) < binHz,
            "peak at \(Double(peak) * binHz) Hz"
        )
        #expect(aboveDB > 20, "chip-rate line \(aboveDB) dB above the median")
    }

    /// Inner-loop power control at 1500 Hz (TS 25.214 §5.1.2): the power measured in the
    /// middle of consecutive slots (the pulse's ±8 chips at the edges left out) changes by
    /// 1 dB ± 0.3 dB at every slot boundary. The per-slot estimate over ~2540 chips has a
    /// relative scatter of about 1/√2540·√2 ≈ 3 % (0.12 dB), so two estimates differ by
    /// at most ~0.2 dB at 3σ.
    @Test func powerControlStepsOfOneDB() {
        var w = WCDMAUplinkWaveform(seed: 9)
        let slotSamples = Int(Self.fs * WCDMAUplinkWaveform.slotSeconds)
        let slots = 60
        let x = render(&w, fs: Self.fs, count: slotSamples * slots)
        let guardSamples = 8 * 4
        let powers = (0..<slots).map { s in
            10 * log10(meanPower(x[(s * slotSamples + guardSamples)..<((s + 1) * slotSamples - guardSamples)]))
        }
        var steps = 0
        for s in 1..<slots {
            let step = powers[s] - powers[s - 1]
            let commanded = w.slotOffsetDB(s) - w.slotOffsetDB(s - 1)
            if abs(commanded) == 1 { steps += 1 }
            #expect(abs(abs(step) - 1) < 0.3, "slot \(s): \(step) dB")
            #expect(step * commanded > 0, "slot \(s): measured \(step) dB, commanded \(commanded) dB")
        }
        #expect(steps == slots - 1)
    }
}

/// LTE SC-FDMA uplink (TS 36.211 §5) against scripts/cellular_reference.py.
@Suite struct LTEWaveformTests {
    static let fs = 7_680_000.0

    static func pusch(precoded: Bool = true, activity: Double = 1, seed: UInt64 = 4) -> LTEUplinkWaveform {
        LTEUplinkWaveform(
            resourceBlocks: 10,
            systemResourceBlocks: 25,
            activity: activity,
            pucchProbability: 0,
            precoded: precoded,
            sampleRateHz: fs,
            seed: seed
        )
    }

    /// The configured power is the mean power: unit mean power in a PUSCH subframe.
    @Test func meanPowerIsUnity() {
        var w = Self.pusch()
        let x = render(&w, fs: Self.fs, count: 7680 * 50)
        #expect(abs(10 * log10(meanPower(x))) < 0.05, "\(10 * log10(meanPower(x))) dB")
    }

    /// 10 resource blocks: 99 % occupied bandwidth within 3 % of the reference's
    /// (1.80 MHz for 1.8 MHz of allocation; Welch bin 15 kHz at nfft 512).
    @Test func allocationBandwidthMatchesReference() throws {
        let ref = try #require(try Fixtures.json("cellular.json")["lte_10rb_obw99_hz"] as? Double)
        var w = Self.pusch()
        let x = render(&w, fs: Self.fs, count: 7680 * 100)
        let obw = try occupiedBandwidth99(x, fs: Self.fs, nfft: 512)
        #expect(abs(obw / ref - 1) < 0.03, "OBW \(obw) Hz vs \(ref) Hz")
    }

    /// SC-FDMA's point: its PAPR (99.9th percentile of |x|²/mean) is lower than OFDM's with
    /// the same allocation, each within 0.4 dB of the reference (the reference leaves out
    /// the DMRS symbols, a constant-envelope-like sequence, which lowers ours slightly;
    /// over 7.7·10^5 samples the 99.9th percentile's scatter is below 0.1 dB).
    @Test func paprLowerThanOFDM() throws {
        let ref = try Fixtures.json("cellular.json")
        let refSC = try #require(ref["lte_10rb_scfdma_papr999_db"] as? Double)
        let refOFDM = try #require(ref["lte_10rb_ofdm_papr999_db"] as? Double)
        var sc = Self.pusch()
        var of = Self.pusch(precoded: false)
        let a = papr999DB(render(&sc, fs: Self.fs, count: 7680 * 100))
        let b = papr999DB(render(&of, fs: Self.fs, count: 7680 * 100))
        #expect(abs(a - refSC) < 0.4, "SC-FDMA \(a) dB vs \(refSC) dB")
        #expect(abs(b - refOFDM) < 0.4, "OFDM \(b) dB vs \(refOFDM) dB")
        #expect(b - a > 2)
    }

    /// Frame structure type 1 (TS 36.211 §4.1, Table 5.6-1): a scheduled subframe is 1 ms of
    /// signal, an unscheduled one (no PUCCH here) is silent, and each 0.5 ms slot is seven
    /// symbols whose cyclic prefix (160·N/2048 samples, then 144·N/2048) repeats the end of
    /// the symbol (negated: the ½-subcarrier shift turns by π over N samples).
    @Test func subframeAndSlotTiming() {
        var w = Self.pusch(activity: 0.5, seed: 21)
        let perSubframe = 7680
        let count = 40
        let x = render(&w, fs: Self.fs, count: perSubframe * count)
        var on = 0
        for n in 0..<count {
            let p = meanPower(x[(n * perSubframe)..<((n + 1) * perSubframe)])
            if w.scheduled(subframe: n) {
                on += 1
                #expect(p > 0.5 && p < 2, "subframe \(n): \(p)")
            } else {
                #expect(p == 0, "subframe \(n): \(p)")
            }
        }
        #expect(on > 5 && on < 35)
        let N = 512
        for n in 0..<count where w.scheduled(subframe: n) {
            var position = n * perSubframe
            for l in 0..<14 {
                let cp = l % 7 == 0 ? 160 * N / 2048 : 144 * N / 2048
                var worst: Float = 0
                for j in 0..<cp {
                    worst = max(worst, (x[position + j] + x[position + j + N]).length)
                }
                #expect(worst < 1e-3, "subframe \(n) symbol \(l): CP mismatch \(worst)")
                position += cp + N
            }
            #expect(position == (n + 1) * perSubframe)
        }
    }
}
