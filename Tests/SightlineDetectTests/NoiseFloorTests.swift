import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import SightlineSignals
import SightlineTestSupport
import Testing

@testable import SightlineDetect

/// The noise-floor detector's false-alarm rate and its building blocks.
@Suite struct NoiseFloorTests {
    /// Feeds `rows` rows (one frame each, or `averaged` frames per cell) with a per-bin gain
    /// profile and counts strong hits per cell.
    static func measure(
        pfa: Double,
        rows: Int,
        bins: Int = 64,
        averaged: Int = 1,
        gainDB: ((Int) -> Double)? = nil,
        seed: UInt64
    ) -> (rate: Double, stationary: Int, passband: Int) {
        var rng = SeededGenerator(seed: seed)
        var hits = 0
        var cells = 0
        let d = NoiseFloorDetector(
            configuration: NoiseFloorConfiguration(pfa: pfa, extensionPfa: nil, averagedFrames: averaged),
            bins: bins,
            binHz: 62_500,
            rowSeconds: 32e-6,
            onHit: { if $0.strong { hits += 1 } }
        )
        let gains = (0..<bins).map { Float(pow(10, (gainDB?($0) ?? 0) / 10)) }
        var row = [Float](repeating: 0, count: bins)
        var stationary = 0
        var passband = 0
        for _ in 0..<(rows * averaged) {
            for i in row.indices { row[i] = gains[i] * Float(-log(1 - rng.nextUnitDouble())) }
            row.withUnsafeBufferPointer { d.add(frames: $0) }
            stationary = max(stationary, d.stationaryBins.count)
            passband = max(passband, d.passbandBins.count)
        }
        d.finish()
        cells = d.cellRowsProcessed * bins
        return (Double(hits) / Double(cells), stationary, passband)
    }

    /// Exponential cells: the OS-CFAR threshold over each bin's own window gives the asked
    /// Pfa, within ±25 % at 1e−3 (2·10⁶ cells: the count's σ is ≈ 2.2 %, and the floor's
    /// scatter from block to block, ≈ 28 % per bin and block, averages over ≈ 2 000 of them
    /// to < 1 %) and within a factor 2 at 1e−5 (4·10⁶ cells, 40 expected: σ ≈ 16 %).
    @Test func falseAlarmRateOnExponentialNoise() {
        let high = Self.measure(pfa: 1e-3, rows: 2_000_000 / 64, seed: 5)
        #expect(abs(high.rate / 1e-3 - 1) < 0.25, "\(high)")
        #expect(high.stationary == 0)
        let low = Self.measure(pfa: 1e-5, rows: 4_000_000 / 64, seed: 6)
        #expect(low.rate > 0.5e-5 && low.rate < 2e-5, "\(low)")
    }

    /// Two frames per cell (Gamma(2)) and a channel filter's shape: a passband 80 dB above
    /// a stopband that falls away on both sides. Each bin is judged against its own floor,
    /// so the rate is the asked one everywhere, and the passband is recognised as such
    /// (not a stationary emission).
    @Test func falseAlarmRateUnderAChannelFilter() {
        let shape = { (b: Int) -> Double in
            let offset = abs(b - 32)
            return offset <= 3 ? 0 : -80 - 2 * Double(offset - 3)
        }
        let r = Self.measure(pfa: 1e-3, rows: 1_000_000 / 64, averaged: 2, gainDB: shape, seed: 7)
        #expect(abs(r.rate / 1e-3 - 1) < 0.25, "\(r)")
        #expect(r.stationary == 0 && r.passband >= 7, "\(r)")
    }

    /// The real path: spectrogram rows of complex Gaussian noise (Hann, no overlap, two
    /// frames per cell): Pfa within ±25 % of 1e−3.
    @Test func falseAlarmRateOnSpectrogramNoise() throws {
        let nfft = 64
        var hits = 0
        var cells = 0
        let d = NoiseFloorDetector(
            configuration: NoiseFloorConfiguration(pfa: 1e-3, extensionPfa: nil),
            bins: nfft,
            binHz: 31_250,
            rowSeconds: 64e-6,
            onHit: { if $0.strong { hits += 1 } }
        )
        try NoiseSpectrogram.feed(nfft: nfft, frames: 2 * 16_000, seed: 78) { d.add(frames: $0) }
        d.finish()
        cells = d.cellRowsProcessed * nfft
        let rate = Double(hits) / Double(cells)
        #expect(abs(rate / 1e-3 - 1) < 0.25, "\(rate)")
    }

    /// Hoare selection returns the k-th smallest for every k (against a sort).
    @Test func selection() {
        var rng = SeededGenerator(seed: 3)
        for n in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<n).map { _ in
                Float(rng.nextUnitDouble()).rounded(.down) + Float(Int(rng.nextUnitDouble() * 7))
            }
            let sorted = values.sorted()
            for k in Set([0, n / 4, n / 2, n - 1]) {
                var copy = values
                let got = copy.withUnsafeMutableBufferPointer {
                    NoiseFloorDetector.select($0.baseAddress!, count: n, rank: k)
                }
                #expect(got == sorted[k], "n \(n) k \(k)")
                // With a guess, good or bad, the answer is the same.
                for guess in [sorted[k], sorted[k] * 1.1, sorted[0] + 0.01, 100, 1e-6] as [Float] {
                    var again = values
                    let near = again.withUnsafeMutableBufferPointer {
                        NoiseFloorDetector.select($0.baseAddress!, count: n, rank: k, near: guess)
                    }
                    #expect(near == sorted[k], "n \(n) k \(k) guess \(guess)")
                }
            }
        }
    }

    /// The O(n) opening equals erosion and dilation by brute force, keeps a floor that
    /// falls towards the band edges (a roll-off) and removes a bump narrower than the
    /// element.
    @Test func opening() {
        var rng = SeededGenerator(seed: 4)
        for (n, h) in [(1, 1), (7, 1), (64, 5), (100, 16), (33, 40)] {
            let x = (0..<n).map { _ in rng.nextUnitDouble() }
            let brute = { (v: [Double], op: (Double, Double) -> Double) -> [Double] in
                v.indices.map { i in v[max(0, i - h)...min(v.count - 1, i + h)].reduce(v[i], op) }
            }
            #expect(NoiseFloorDetector.erode(x, h) == brute(x, Swift.min))
            #expect(NoiseFloorDetector.dilate(x, h) == brute(x, Swift.max))
        }
        // A receiver's roll-off: flat in the middle, falling towards both band edges.
        let rollOff = (0..<50).map { i in -Double(max(0, abs(i - 25) - 12)) * 3 }
        #expect(NoiseFloorDetector.opening(rollOff, halfWidth: 8) == rollOff)
        var bump = [Double](repeating: 1, count: 50)
        for i in 20..<25 { bump[i] = 100 }
        #expect(NoiseFloorDetector.opening(bump, halfWidth: 3) == [Double](repeating: 1, count: 50))
    }
}

/// Scores, classes and SNRs that tell the truth.
@Suite struct HonestResultTests {
    static func detection(
        _ start: Double,
        _ duration: Double,
        frequencyHz: Double = 900e6,
        snrDB: Double = 10
    ) -> Detection {
        Detection(
            startSeconds: start,
            durationSeconds: duration,
            frequencyHz: frequencyHz,
            bandwidthHz: 200e3,
            snrDB: snrDB,
            peakSNRdB: snrDB,
            cells: 10
        )
    }

    static func annotation(_ start: Double, _ duration: Double, fs: Double = 1e6) -> SigMFAnnotation {
        SigMFAnnotation(
            sampleStart: Int(start * fs),
            sampleCount: Int(duration * fs),
            label: "burst",
            frequencyLowerEdgeHz: 899.9e6,
            frequencyUpperEdgeHz: 900.1e6
        )
    }

    /// One detection covering four bursts finds one of them: 1 found, 3 missed, 1 merged —
    /// not "4 of 4". Four detections on four bursts score perfectly; a split burst is a
    /// fragment; a detection elsewhere is a false alarm.
    @Test func scoringIsOneToOne() {
        let truth = [0.0, 0.005, 0.010, 0.015].map { Self.annotation($0 + 0.0003, 0.0006) }
        let merged = DetectionScore.score(
            [Self.detection(0, 0.017)],
            annotations: truth,
            sampleRateHz: 1e6,
            toleranceHz: 0
        )
        #expect(merged.found == 1 && merged.missed == 3 && merged.merged == 1 && merged.falseAlarms == 0)
        #expect(merged.recall == 0.25 && merged.precision == 1)
        let good = DetectionScore.score(
            truth.map { Self.detection(Double($0.sampleStart) / 1e6 + 10e-6, 0.0006) },
            annotations: truth,
            sampleRateHz: 1e6,
            toleranceHz: 0
        )
        #expect(good.found == 4 && good.missed == 0 && good.merged == 0 && good.fragments == 0 && good.precision == 1)
        #expect(abs((good.maxStartErrorSeconds ?? 0) - 10e-6) < 1e-9)
        let split = DetectionScore.score(
            [
                Self.detection(0.0003, 0.0003), Self.detection(0.0006, 0.0003),
                Self.detection(0.1, 0.001),
            ],
            annotations: [truth[0]],
            sampleRateHz: 1e6,
            toleranceHz: 0
        )
        #expect(
            split.found == 1 && split.fragments == 1 && split.falseAlarms == 1 && abs(split.precision - 1.0 / 3) < 1e-12
        )
    }

    /// A short isolated blip is `unknown`, not `continuous` with duty 1; a carrier on for
    /// 20 ms is continuous.
    @Test func isolatedBlipIsUnknown() {
        let blip = EmissionGrouper.group([Self.detection(0.002, 100e-6)])
        #expect(blip.map(\.kind) == [.unknown])
        let carrier = EmissionGrouper.group([Self.detection(0, 0.020)])
        #expect(carrier.map(\.kind) == [.continuous])
    }

    /// Every noise estimator reports the SNR against the noise that set its threshold: a
    /// burst 20 dB over flat noise reads within 2 dB of the CA value whatever the kind, OS
    /// included (it used to report the training cells' mean, −12 dB beside a carrier).
    @Test func snrFromTheThresholdsEstimate() throws {
        let scene = try SceneFile.parse(
            """
            sample_rate_hz: 2000000
            center_frequency_hz: 902400000
            duration_s: 0.03
            seed: 21
            sources:
              - id: phone
                waveform: {type: gsm-uplink, arfcn: 62, timeslot: 2}
                snr_db: 20
            """,
            path: "snr.yaml"
        )
        func meanSNR(_ options: DetectionPipeline.Options) throws -> Double {
            let (r, _) = try PipelineTests.stream(scene, options: options)
            #expect(r.detections.count >= 5, "\(options.noise) \(options.cfar.kind)")
            return r.detections.map(\.snrDB).reduce(0, +) / Double(max(1, r.detections.count))
        }
        var options = DetectionPipeline.Options.defaults(sampleRateHz: 2e6)
        let floor = try meanSNR(options)
        options.noise = .window
        let ca = try meanSNR(options)
        #expect(abs(floor - ca) < 2, "floor \(floor) CA \(ca)")
        for kind in [CFARKind.goca, .soca, .os] {
            options.cfar.kind = kind
            let snr = try meanSNR(options)
            #expect(abs(snr - ca) < 2, "\(kind): \(snr) vs CA \(ca)")
        }
    }
}

/// The threshold solver inverts the false-alarm formulas for every kind.
@Suite struct ThresholdSolverTests {
    @Test(arguments: [CFARKind.ca, .goca, .soca, .os])
    func alphaInvertsPfa(kind: CFARKind) {
        for (n, k, rank) in [(12, 1, nil), (12, 2, nil), (24, 4, 18), (939, 2, 235), (313, 1, 79)] as [(Int, Int, Int?)]
        {
            if kind != .os && rank != nil { continue }
            for pfa in [1e-2, 1e-6, 1e-12] {
                let a = CFARThreshold.alpha(kind: kind, pfa: pfa, trainingCells: n, averaged: k, rank: rank)
                let back = CFARThreshold.falseAlarmProbability(
                    kind: kind,
                    alpha: a,
                    trainingCells: n,
                    averaged: k,
                    rank: rank
                )
                #expect(
                    abs(back / pfa - 1) < 1e-6,
                    "\(kind) n \(n) K \(k) rank \(String(describing: rank)) pfa \(pfa): α \(a) gives \(back)"
                )
            }
        }
    }
}

/// Whatever the samples hold — NaN, ±∞, values near Float.max, zeros — the detectors
/// finish and every reported number is finite (a fuzzed cf32 file holds all of these).
@Suite struct OddSampleTests {
    @Test(arguments: [Float.nan, .infinity, -.infinity, .greatestFiniteMagnitude, 0, .leastNonzeroMagnitude])
    func oddValuesNeverTrap(value: Float) throws {
        for noise in DetectionPipeline.NoiseEstimator.allCases {
            var options = DetectionPipeline.Options.defaults(sampleRateHz: 2e6)
            options.noise = noise
            var rng = SeededGenerator(seed: 11)
            var produced = 0
            let total = 200_000
            let r = try DetectionPipeline.run(sampleRateHz: 2e6, centerFrequencyHz: 900e6, options: options) { buffer in
                let n = min(buffer.count, total - produced)
                for i in 0..<n {
                    // Every 7th sample odd, the rest noise, with a stretch of odd values.
                    let k = produced + i
                    let odd = k % 7 == 0 || (50_000..<60_000).contains(k)
                    buffer[i] =
                        odd ? Complex(value, value) : Complex(Float(rng.nextGaussian()), Float(rng.nextGaussian()))
                }
                produced += n
                return n
            }
            for d in r.detections {
                #expect(
                    d.startSeconds.isFinite && d.durationSeconds.isFinite && d.frequencyHz.isFinite,
                    "\(noise) \(value): \(d)"
                )
            }
            let text = try DetectionDocument(r, options: options).json()
            #expect(!text.isEmpty)
        }
    }
}
