import Foundation
import Numerics
import SightlineCore
import SightlineDetect
import SightlineRF
import SightlineSignals
import SightlineTestSupport
import Testing

@Suite struct DetectionTheoryTests {
    /// The energy detector against scipy (gammainccinv for τ, ncx2.sf for Pd; fixture by
    /// scripts/make_detection_fixture.py) for N from 1 to 1000 and Pfa down to 1e−12.
    @Test func energyDetectorMatchesScipy() throws {
        let cases = try #require(try Fixtures.json("detection_theory.json")["cases"] as? [[String: Double]])
        #expect(cases.count == 75)
        for c in cases {
            let n = c["n"]!
            let pfa = c["pfa"]!
            let snr = c["snr_db"]!
            let tau = EnergyDetector.threshold(pfa: pfa, samples: n)
            #expect(abs(tau / c["tau"]! - 1) < 1e-9, "τ N=\(n) Pfa=\(pfa)")
            let pd = EnergyDetector.detectionProbability(snrDB: snr, pfa: pfa, samples: n)
            let ref = c["pd"]!
            // Relative accuracy where Pd is small, absolute near 1.
            #expect(abs(pd - ref) < 1e-9 + 1e-7 * ref, "Pd N=\(n) Pfa=\(pfa) SNR=\(snr): \(pd) vs \(ref)")
        }
    }

    /// Q₁(0, b) = e^{−b²/2}; the required SNR inverts Pd.
    @Test func marcumAndInverse() {
        for b in [0.5, 2.0, 7.4] {
            #expect(abs(EnergyDetector.marcumQ(order: 1, a: 0, b: b) - exp(-b * b / 2)) < 1e-14)
        }
        let snr = EnergyDetector.requiredSNRdB(pd: 0.9, pfa: 1e-12, samples: 109)
        #expect(abs(EnergyDetector.detectionProbability(snrDB: snr, pfa: 1e-12, samples: 109) - 0.9) < 1e-6)
    }

    /// Monte Carlo energy detector (N = 16 complex samples, a constant-envelope signal of
    /// random phase in unit complex Gaussian noise, Pfa 1e−3, 4000 trials per SNR): the SNR
    /// where the measured Pd crosses 0.5 and 0.9 is within 0.5 dB of the theory's. (σ of a
    /// Pd estimate ≤ 0.008; the curve's slope near those points is ≥ 0.1 per dB, so 0.5 dB
    /// is more than 5σ.)
    @Test func monteCarloPdMatchesTheory() {
        let n = 16
        let pfa = 1e-3
        let trials = 4000
        let tau = EnergyDetector.threshold(pfa: pfa, samples: Double(n))
        var rng = SeededGenerator(seed: 67)
        var noise = [Complex<Float>](repeating: .zero, count: n)
        func measuredPd(_ snrDB: Double) -> Double {
            let a = Decibels.toAmplitudeRatio(snrDB)
            var hits = 0
            for _ in 0..<trials {
                noise.withUnsafeMutableBufferPointer { GaussianNoiseFill.fill($0, &rng) }
                let phase = 2 * Double.pi * rng.nextUnitDouble()
                var t = 0.0
                for x in noise {
                    let re = Double(x.real) + a * cos(phase)
                    let im = Double(x.imaginary) + a * sin(phase)
                    t += re * re + im * im
                }
                if t > tau { hits += 1 }
            }
            return Double(hits) / Double(trials)
        }
        let grid = stride(from: -8.0, through: 4.0, by: 0.5).map { ($0, measuredPd($0)) }
        func crossing(_ target: Double) -> Double {
            for (a, b) in zip(grid, grid.dropFirst()) where a.1 < target && b.1 >= target {
                return a.0 + (target - a.1) / (b.1 - a.1) * (b.0 - a.0)
            }
            return .nan
        }
        for target in [0.5, 0.9] {
            let theory = EnergyDetector.requiredSNRdB(pd: target, pfa: pfa, samples: Double(n))
            #expect(
                abs(crossing(target) - theory) < 0.5,
                "Pd \(target): MC \(crossing(target)) dB vs theory \(theory) dB"
            )
        }
    }

    /// At least once within T: 1 − (1 − p)^n, and the number of bursts a scanning receiver
    /// hears.
    @Test func integrationOverTime() {
        #expect(abs(DetectionOverTime.probability(perLookPd: 0.1, looks: 10) - (1 - pow(0.9, 10))) < 1e-15)
        #expect(DetectionOverTime.probability(perLookPd: 1e-12, looks: 1000) > 0.99e-9)
        // An 8-minute call seen continuously: 480 s / 4.615 ms = 104000 bursts.
        #expect(
            DetectionOverTime.burstsObserved(
                durationSeconds: 480,
                burstPeriodSeconds: 60.0 / 13 / 1000,
                dwellSeconds: 1,
                revisitSeconds: 1
            ) == 104_000
        )
        // Listening 0.1 s of every second: 10 s → 10 dwells × 21 bursts.
        #expect(
            DetectionOverTime.burstsObserved(
                durationSeconds: 10,
                burstPeriodSeconds: 60.0 / 13 / 1000,
                dwellSeconds: 0.1,
                revisitSeconds: 1
            ) == 210
        )
    }
}

/// Unit complex Gaussian noise for the tests (through the toolkit's generator).
enum GaussianNoiseFill {
    static func fill(_ b: UnsafeMutableBufferPointer<Complex<Float>>, _ rng: inout SeededGenerator) {
        GaussianNoise.shared.fill(b, power: 1, &rng)
    }
}
