import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import SightlineRF
import SightlineSignals
import SightlineTestSupport
import Testing

@Suite struct GSMTests {
    static let fs = 2_000_000.0
    static var samplesPerBit: Double { fs / GSMChannel.bitRateHz }

    /// ARFCN ↔ frequency (TS 45.005 §2): ARFCN 1 → 890.2/935.2 MHz, 124 → 914.8/959.8,
    /// E-GSM 975 → 880.2, DCS 512 → 1710.2/1805.2, 885 → 1784.8.
    @Test func arfcnFrequencies() throws {
        #expect(try GSMChannel(arfcn: 1).uplinkHz == 890.2e6)
        #expect(try GSMChannel(arfcn: 1).downlinkHz == 935.2e6)
        #expect(abs(try GSMChannel(arfcn: 124).downlinkHz - 959.8e6) < 1e-3)
        #expect(abs(try GSMChannel(arfcn: 975).uplinkHz - 880.2e6) < 1e-3)
        #expect(abs(try GSMChannel(arfcn: 512).downlinkHz - 1805.2e6) < 1e-3)
        #expect(abs(try GSMChannel(arfcn: 885).uplinkHz - 1784.8e6) < 1e-3)
        #expect(throws: SightlineError.self) { try GSMChannel(arfcn: 300) }
        #expect(abs(GSMChannel.frameSeconds - 60.0 / 13 / 1000) < 1e-15)  // 4.615 ms
    }

    /// Power control: 2 dB steps from 33 down to 5 dBm; far from the mast it saturates at 33.
    @Test func powerControlSteps() {
        let pc = GSMPowerControl(targetDBm: -85)
        #expect(pc.transmitPowerDBm(pathLossDB: 160) == 33)
        #expect(pc.transmitPowerDBm(pathLossDB: 80) == 5)
        #expect(pc.transmitPowerDBm(pathLossDB: 100.5) == 17)  // needs 15.5 → the next level up
        #expect(pc.transmitPowerDBm(pathLossDB: 100) == 15)
        for loss in stride(from: 60.0, through: 170, by: 0.7) {
            let p = pc.transmitPowerDBm(pathLossDB: loss)
            #expect(p >= 5 && p <= 33 && (33 - p).truncatingRemainder(dividingBy: 2) == 0)
            #expect(p + (-loss) >= -85 || p == 33)
        }
    }

    static func burstRuns(_ x: [Complex<Float>], threshold: Float = 0.5) -> [(start: Int, length: Int)] {
        var runs: [(Int, Int)] = []
        var start: Int?
        for (i, v) in x.enumerated() {
            let on = v.length > threshold
            if on && start == nil { start = i }
            if !on, let s = start {
                runs.append((s, i - s))
                start = nil
            }
        }
        return runs
    }

    /// A noise-free uplink in timeslot 5: one burst per 4.615 ms frame (period within one
    /// sample), each above half amplitude for 148 + 3 bit periods (the useful part plus half
    /// of each 3-bit raised-cosine ramp), starting 5·156.25 + 4.125 − 1.5 bit periods into
    /// its frame; the annotations agree.
    @Test func uplinkBurstTimingAndLength() throws {
        let scene = try yamlScene(
            """
            sample_rate_hz: 2000000
            center_frequency_hz: 902400000
            duration_s: 0.1
            receiver: {noise: false}
            sources:
              - id: phone
                waveform: {type: gsm-uplink, arfcn: 62, timeslot: 5}
                received_power_dbm: -60
            """
        )
        let (x, synth) = try renderAll(scene)
        let amplitude = Float(Decibels.toAmplitudeRatio(-60 - scene.noisePowerDBm))
        let runs = Self.burstRuns(x.map { $0 / Complex(amplitude, 0) })
        let spb = Self.samplesPerBit
        let frameSamples = GSMChannel.frameSeconds * Self.fs
        #expect(runs.count == 21)
        for (a, b) in zip(runs, runs.dropFirst()) {
            #expect(abs(Double(b.start - a.start) - frameSamples) <= 1)
        }
        for (k, r) in runs.enumerated() {
            #expect(abs(Double(r.length) - 151 * spb) <= 1.5, "run \(k) length \(r.length)")
            let expected = Double(k) * frameSamples + (5 * 156.25 + 4.125 - 1.5) * spb
            #expect(abs(Double(r.start) - expected) <= 1.5, "run \(k) start \(r.start) vs \(expected)")
        }
        let annotations = synth.annotations()
        #expect(annotations.count == 21)
        for (a, r) in zip(annotations, runs) {
            #expect(abs(Double(a.sampleStart) - (Double(r.start) + 1.5 * spb)) <= 1.5)
            #expect(abs(Double(a.sampleCount) - 148 * spb) <= 1)
            #expect(a.truth["timeslot"] == 5 && a.frequencyLowerEdgeHz == 902.3e6 && a.frequencyUpperEdgeHz == 902.5e6)
        }
        // Constant envelope inside the useful part: GMSK.
        let r = runs[3]
        let mid = x[(r.start + 20)..<(r.start + r.length - 20)].map { Double($0.length) / Double(amplitude) }
        #expect(mid.allSatisfy { abs($0 - 1) < 1e-3 })
    }

    /// The phase-pulse table interpolates the closed form within 1e−6; the pulse goes 0 → 1.
    @Test func phasePulseTable() {
        let p = GMSKPulse()
        for t in stride(from: -3.2, through: 3.2, by: 0.0137) {
            #expect(abs(p.value(t) - p.exact(t)) < 1e-6)
        }
        #expect(abs(p.exact(-3)) < 1e-7 && abs(p.exact(3) - 1) < 1e-7 && abs(p.exact(0) - 0.5) < 1e-12)
    }

    /// The 99 % occupied bandwidth of GMSK (BT 0.3) at 270.833 kbit/s is 0.911·R_b ≈ 246.6 kHz
    /// in an independent scipy construction (scripts/make_gmsk_fixture.py, Tests/Fixtures/
    /// gmsk.json); Murota & Hirade (IEEE Trans. Commun. 29(7), 1981, Table I) bracket it
    /// between 0.86·R_b (BT 0.25) and 1.04·R_b (BT 0.5). Ours must be within 10 % of the
    /// reference and inside that bracket.
    @Test func occupiedBandwidthMatchesReference() throws {
        let reference = try Fixtures.json("gmsk.json")
        let obwRef = try #require(reference["obw99_hz"] as? Double)
        var w = GSMWaveform(link: .downlink, seed: 7)
        let fs = 4_000_000.0
        let n = 1 << 20
        var x = [Complex<Float>](repeating: .zero, count: n)
        x.withUnsafeMutableBufferPointer { w.render(into: $0, startSeconds: 0, intervalSeconds: 1 / fs) }
        #expect(abs(meanPower(x) - 1) < 1e-4)
        let config = SpectralConfiguration(
            nfft: 8192,
            overlapSamples: 4096,
            window: .hann,
            scaling: .density,
            average: .mean,
            sampleRateHz: fs,
            threads: 1
        )
        let psd = try Welch.estimate(x, configuration: config)
        let freqs = psd.frequencyOffsetsHz
        let total = psd.values.reduce(0, +)
        var cumulative = 0.0
        var lo = 0.0
        var hi = 0.0
        for (f, p) in zip(freqs, psd.values) {
            let before = cumulative
            cumulative += p
            if before < 0.005 * total && cumulative >= 0.005 * total { lo = f }
            if before < 0.995 * total && cumulative >= 0.995 * total { hi = f }
        }
        let obw = hi - lo
        #expect(abs(obw / obwRef - 1) < 0.10, "OBW \(obw) Hz vs reference \(obwRef) Hz")
        #expect(obw > 0.86 * GSMChannel.bitRateHz && obw < 1.04 * GSMChannel.bitRateHz)
    }
}

@Suite struct ChannelTests {
    static func tone(
        _ extra: String,
        receiver: String = "{noise: false}"
    ) throws -> (x: [Complex<Float>], synth: SceneSynthesizer) {
        let r = try renderAll(
            try yamlScene(
                """
                sample_rate_hz: 1000000
                center_frequency_hz: 900000000
                duration_s: 0.01
                receiver: \(receiver)
                sources:
                  - id: t
                    waveform: {type: tone, offset_hz: 50000}
                    position: {east_m: 0, north_m: 1000, up_m: 1.5}
                    tx_power_dbm: 30
                \(extra)
                """
            )
        )
        return (r.samples, r.synth)
    }

    /// Frequency from the phase slope of a noise-free tone.
    static func frequency(_ x: [Complex<Float>], fs: Double) -> Double {
        var acc = Complex<Double>.zero
        for i in 1..<x.count {
            let a = Complex(Double(x[i].real), Double(x[i].imaginary))
            let b = Complex(Double(x[i - 1].real), Double(x[i - 1].imaginary))
            acc += a * b.conjugate
        }
        return atan2(acc.imaginary, acc.real) * fs / (2 * Double.pi)
    }

    /// Free space: a 30 dBm tone 1 km away at 900.05 MHz arrives at 30 − FSPL dBm.
    @Test func freeSpaceLinkBudget() throws {
        let (x, synth) = try Self.tone("")
        let fspl = 32.45 + 20 * log10(900.05) + 20 * log10(1.0)
        let p = synth.sources[0].receivedPowerDBm
        #expect(abs(p - (30 - fspl)) < 0.01)
        #expect(abs(10 * log10(meanPower(x)) - (p - synth.scene.noisePowerDBm)) < 0.01)
    }

    /// Doppler: walking at 10 m/s straight at the source shifts it by f·v/c = +30.02 Hz;
    /// a CFO adds on top.
    @Test func dopplerAndCarrierOffset() throws {
        let still = Self.frequency(try Self.tone("").x, fs: 1e6)
        #expect(abs(still - 50_000) < 0.01)
        let moving = Self.frequency(try Self.tone("", receiver: "{noise: false, velocity: {north_mps: 10}}").x, fs: 1e6)
        #expect(abs(moving - 50_000 - 900.05e6 * 10 / SpeedOfLight.metersPerSecond) < 0.01)
        let cfo = Self.frequency(try Self.tone("    channel: {cfo_hz: -250}").x, fs: 1e6)
        #expect(abs(cfo - 49_750) < 0.01)
    }

    /// A fractional delay τ shifts the baseband signal in time: a tone at offset f gains the
    /// phase −2πfτ, and a delayed GSM burst starts τ later (here 0.4 of a sample).
    @Test func fractionalDelay() throws {
        let a = try Self.tone("").x
        let b = try Self.tone("    channel: {delay_s: 0.0000004}").x
        let k = 5000
        let rotation = b[k] * a[k].conjugate
        let expected = -2 * Double.pi * 50_000 * 4e-7
        #expect(abs(Double(atan2(rotation.imaginary, rotation.real)) - expected) < 1e-4)
    }
}
