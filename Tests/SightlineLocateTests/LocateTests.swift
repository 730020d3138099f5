import Foundation
import Numerics
import SightlineCore
import SightlineSignals
import Testing

@testable import SightlineLocate

/// Snapshots x = Σ a(θₖ)·sₖ + n, with sₖ ~ CN(0, SNR) (stochastic sources) and unit noise.
func snapshots(
    _ array: AntennaArray,
    bearings: [Double],
    snrDB: Double,
    count n: Int,
    rng: inout SeededGenerator
) -> [Complex<Float>] {
    let m = array.elementCount
    let a = bearings.map { array.steeringVector(azimuthRadians: $0 * .pi / 180) }
    let amplitude = Decibels.toAmplitudeRatio(snrDB) / 2.0.squareRoot()
    var x = [Complex<Float>](repeating: .zero, count: n * m)
    for s in 0..<n {
        let sources = bearings.map { _ in Complex(rng.nextGaussian() * amplitude, rng.nextGaussian() * amplitude) }
        for k in 0..<m {
            var v = Complex(rng.nextGaussian() / 2.0.squareRoot(), rng.nextGaussian() / 2.0.squareRoot())
            for (src, steer) in zip(sources, a) { v += src * steer[k] }
            x[s * m + k] = Complex(Float(v.real), Float(v.imaginary))
        }
    }
    return x
}

@Suite struct DOATests {
    static let array = AntennaArray(.ula(elements: 8, spacingWavelengths: 0.5), frequencyHz: 900e6)

    /// 8-element λ/2 ULA, one source at 20°, SNR 10 dB, 200 snapshots, 300 trials: each
    /// method's RMSE is within 1.3× the stochastic CRB (Stoica & Nehorai 1989), whose
    /// standard deviation here is 0.048°. (The RMSE estimate from 300 trials has a
    /// relative σ of about 4 %.)
    @Test(arguments: [DOAEstimator.Method.music, .rootMusic, .esprit])
    func rmseNearCRB(method: DOAEstimator.Method) throws {
        var rng = SeededGenerator(seed: 620)
        let crb = BearingCRB.ulaDegrees(
            elements: 8,
            spacingWavelengths: 0.5,
            snapshots: 200,
            snrDB: 10,
            bearingDegrees: 20
        )
        var sum = 0.0
        let trials = 300
        for _ in 0..<trials {
            let x = snapshots(Self.array, bearings: [20], snrDB: 10, count: 200, rng: &rng)
            let e = try DOAEstimator(array: Self.array, snapshots: x).estimate(method, sources: 1)
            sum += pow(e[0] - 20, 2)
        }
        let rmse = (sum / Double(trials)).squareRoot()
        #expect(rmse <= 1.3 * crb, "\(method): RMSE \(rmse)° vs CRB \(crb)°")
        print("DOA \(method): RMSE/CRB = \(rmse / crb)")
        #expect(abs(crb - 0.0476) < 0.001)
    }

    /// Two sources 10° apart (20° and 30°) at 10 dB each are resolved — two estimates, each
    /// within 3° of a true bearing — in at least 95 % of 100 trials.
    @Test(arguments: [DOAEstimator.Method.music, .rootMusic, .esprit])
    func resolvesTwoSources(method: DOAEstimator.Method) throws {
        var rng = SeededGenerator(seed: 621)
        var resolved = 0
        for _ in 0..<100 {
            let x = snapshots(Self.array, bearings: [20, 30], snrDB: 10, count: 200, rng: &rng)
            let e = try DOAEstimator(array: Self.array, snapshots: x).estimate(method, sources: 2)
            if e.count == 2 && abs(e[0] - 20) < 3 && abs(e[1] - 30) < 3 { resolved += 1 }
        }
        #expect(resolved >= 95, "\(method): \(resolved)/100")
    }

    /// The textbook one-element-shift ESPRIT is the less efficient one (its variance is
    /// M(M²−1)/(6(M−1)²) = 1.71× the CRB for M = 8, i.e. 1.31× in RMSE): the dual-displacement
    /// estimator must beat it on the same data, and the displacement rule must give D = 3.
    @Test func espritDisplacementHelps() throws {
        #expect(DOAEstimator.espritDisplacement(elements: 8, sources: 1) == 3)
        #expect(DOAEstimator.espritDisplacement(elements: 4, sources: 2) == 1)
        var rng = SeededGenerator(seed: 624)
        var fine = 0.0
        var coarse = 0.0
        for _ in 0..<200 {
            let x = snapshots(Self.array, bearings: [20], snrDB: 10, count: 200, rng: &rng)
            let est = DOAEstimator(array: Self.array, snapshots: x)
            fine += pow(try est.esprit(sources: 1)[0] - 20, 2)
            coarse += pow(try est.esprit(sources: 1, displacement: 1)[0] - 20, 2)
        }
        #expect(fine < 0.85 * coarse, "dual-displacement \(fine) vs single \(coarse)")
    }

    /// The general-geometry CRB agrees with both closed forms: the ULA's (Stoica & Nehorai)
    /// and the UCA's 1/(N·SNR·M·κ²) at every azimuth (Gazzah & Marcos 2006), deterministic
    /// and stochastic; and MUSIC on a UCA (8 elements, r = 0.4λ, 10 dB, 200 snapshots, one
    /// source at 137°) reaches the UCA bound within 1.3× RMSE over 300 trials.
    @Test func ucaBound() throws {
        let uca = AntennaArray(.uca(elements: 8, radiusMeters: 0.4 * Self.array.wavelengthMeters), frequencyHz: 900e6)
        for az in stride(from: 0.0, to: 360, by: 23) {
            for stochastic in [false, true] {
                let general = BearingCRB.degrees(
                    array: uca,
                    bearingDegrees: az,
                    snapshots: 200,
                    snrDB: 10,
                    stochastic: stochastic
                )
                let closed = BearingCRB.ucaDegrees(
                    elements: 8,
                    radiusWavelengths: 0.4,
                    snapshots: 200,
                    snrDB: 10,
                    stochastic: stochastic
                )
                #expect(abs(general / closed - 1) < 1e-6)
            }
            let ulaGeneral = BearingCRB.degrees(
                array: Self.array,
                bearingDegrees: remainder(az, 180) / 2,
                snapshots: 200,
                snrDB: 10
            )
            let ulaClosed = BearingCRB.ulaDegrees(
                elements: 8,
                spacingWavelengths: 0.5,
                snapshots: 200,
                snrDB: 10,
                bearingDegrees: remainder(az, 180) / 2
            )
            #expect(abs(ulaGeneral / ulaClosed - 1) < 1e-6)
        }
        var rng = SeededGenerator(seed: 625)
        var sum = 0.0
        for _ in 0..<300 {
            let x = snapshots(uca, bearings: [137], snrDB: 10, count: 200, rng: &rng)
            let e = try DOAEstimator(array: uca, snapshots: x).estimate(.music, sources: 1)
            sum += pow(remainder(e[0] - 137, 360), 2)
        }
        let rmse = (sum / 300).squareRoot()
        let bound = BearingCRB.ucaDegrees(elements: 8, radiusWavelengths: 0.4, snapshots: 200, snrDB: 10)
        #expect(rmse <= 1.3 * bound, "UCA MUSIC RMSE \(rmse)° vs CRB \(bound)°")
    }

    /// DF quality: one plane wave at 0 and 10 dB gives s/(1 + s) (0.5 and 0.909) within
    /// 0.03 (2000 snapshots: the eigenvalue scatter is ~1/√N); noise alone gives < 0.05; two
    /// equal sources forced into a one-source model lose about half.
    @Test func confidenceFigure() throws {
        var rng = SeededGenerator(seed: 627)
        for snrDB in [0.0, 10] {
            let x = snapshots(Self.array, bearings: [20], snrDB: snrDB, count: 2000, rng: &rng)
            let q = BearingJob.confidence(
                eigenvalues: try DOAEstimator(array: Self.array, snapshots: x).covariance.hermitianEigen().values,
                sources: 1
            )
            let s = Decibels.toPowerRatio(snrDB)
            #expect(abs(q - s / (1 + s)) < 0.03, "SNR \(snrDB) dB: \(q)")
        }
        let noise = snapshots(Self.array, bearings: [], snrDB: 0, count: 2000, rng: &rng)
        #expect(
            BearingJob.confidence(
                eigenvalues: try DOAEstimator(array: Self.array, snapshots: noise).covariance.hermitianEigen().values,
                sources: 1
            ) < 0.05
        )
        let two = snapshots(Self.array, bearings: [-30, 40], snrDB: 20, count: 2000, rng: &rng)
        let q2 = BearingJob.confidence(
            eigenvalues: try DOAEstimator(array: Self.array, snapshots: two).covariance.hermitianEigen().values,
            sources: 1
        )
        #expect(q2 > 0.35 && q2 < 0.65, "two sources, one-source model: \(q2)")
    }

    /// AIC and MDL count two sources at 10 dB.
    @Test func sourceCount() throws {
        var rng = SeededGenerator(seed: 622)
        let x = snapshots(Self.array, bearings: [-10, 35], snrDB: 10, count: 200, rng: &rng)
        let est = DOAEstimator(array: Self.array, snapshots: x)
        #expect(try est.sourceCount(criterion: .mdl) == 2)
        #expect(try est.sourceCount(criterion: .aic) == 2)
    }

    /// Bartlett and MVDR peak at the source too (grid search + golden section).
    @Test func beamformers() throws {
        var rng = SeededGenerator(seed: 623)
        let x = snapshots(Self.array, bearings: [-40], snrDB: 10, count: 200, rng: &rng)
        let est = DOAEstimator(array: Self.array, snapshots: x)
        #expect(abs(try est.estimate(.bartlett, sources: 1)[0] + 40) < 1)
        #expect(abs(try est.estimate(.mvdr, sources: 1)[0] + 40) < 0.5)
    }
}

@Suite struct WatsonWattTests {
    /// Adcock (R = 0.08 m at 900 MHz, kR = 1.51) with sense element, 20 dB, 100 snapshots,
    /// every 5° of azimuth: bias (mean error over 40 trials) below 1° everywhere, front and
    /// back resolved (no estimate near θ + 180°).
    @Test func unbiasedAllAround() throws {
        let array = AntennaArray(.adcock(radiusMeters: 0.08), frequencyHz: 900e6)
        var rng = SeededGenerator(seed: 624)
        for az in stride(from: 0.0, to: 360, by: 5) {
            var errors = 0.0
            for _ in 0..<40 {
                let x = snapshots(array, bearings: [az], snrDB: 20, count: 100, rng: &rng)
                let b = try WatsonWatt.bearing(
                    snapshots: x,
                    radiusMeters: 0.08,
                    wavelengthMeters: array.wavelengthMeters
                )
                let e = remainder(b.azimuthDegrees - az, 360)
                #expect(abs(e) < 20, "front/back at \(az)°: \(b.azimuthDegrees)")
                errors += e
            }
            #expect(abs(errors / 40) < 1, "bias at \(az)°: \(errors / 40)")
        }
    }
}

@Suite struct LocalizationTests {
    /// 3–6 bearings at 2° from sensors around an emitter: each method's RMSE (2000 trials)
    /// within 1.5× the CRLB's √trace.
    @Test(arguments: [3, 4, 6])
    func rmseNearCRLB(count: Int) throws {
        var rng = SeededGenerator(seed: 625 + UInt64(count))
        let truth = (500.0, 800.0)
        let sensors = (0..<count).map { i -> (Double, Double) in
            let a = Double(i) * 2 * .pi / Double(count) + 0.3
            return (truth.0 + 1500 * sin(a) + 200 * Double(i), truth.1 + 1500 * cos(a))
        }
        let exact = sensors.map {
            BearingObservation(
                eastMeters: $0.0,
                northMeters: $0.1,
                azimuthDegrees: atan2(truth.0 - $0.0, truth.1 - $0.1) * 180 / .pi,
                sigmaDegrees: 2
            )
        }
        let crlb = try BearingLocalizer.crlb(exact, truthEast: truth.0, truthNorth: truth.1)
        let bound = (crlb[0][0] + crlb[1][1]).squareRoot()
        for method in BearingLocalizer.Method.allCases {
            var sum = 0.0
            for _ in 0..<2000 {
                let noisy = exact.map { o -> BearingObservation in
                    var n = o
                    n.azimuthDegrees += 2 * rng.nextGaussian()
                    return n
                }
                let f = try BearingLocalizer.fix(noisy, method: method)
                sum += pow(f.eastMeters - truth.0, 2) + pow(f.northMeters - truth.1, 2)
            }
            let rmse = (sum / 2000).squareRoot()
            #expect(rmse <= 1.5 * bound, "\(method), \(count) bearings: RMSE \(rmse) m vs CRLB \(bound) m")
        }
    }

    /// Degenerate input: errors, never a crash or a silent wrong fix.
    @Test func degenerateInput() {
        let one = [BearingObservation(eastMeters: 0, northMeters: 0, azimuthDegrees: 45, sigmaDegrees: 2)]
        #expect(throws: SightlineError.self) { try BearingLocalizer.fix(one, method: .ls) }
        let parallel = [
            BearingObservation(eastMeters: 0, northMeters: 0, azimuthDegrees: 0, sigmaDegrees: 2),
            BearingObservation(eastMeters: 100, northMeters: 0, azimuthDegrees: 0, sigmaDegrees: 2),
        ]
        #expect(throws: SightlineError.self) { try BearingLocalizer.fix(parallel, method: .ml) }
        let nan = [
            BearingObservation(eastMeters: 0, northMeters: 0, azimuthDegrees: .nan, sigmaDegrees: 2),
            BearingObservation(eastMeters: 100, northMeters: 0, azimuthDegrees: 10, sigmaDegrees: 2),
        ]
        #expect(throws: SightlineError.self) { try BearingLocalizer.fix(nan, method: .stansfield) }
        // Bearings pointing away from each other meet behind the sensors.
        let away = [
            BearingObservation(eastMeters: 0, northMeters: 0, azimuthDegrees: 225, sigmaDegrees: 2),
            BearingObservation(eastMeters: 100, northMeters: 0, azimuthDegrees: 135, sigmaDegrees: 2),
        ]
        #expect(throws: SightlineError.self) { try BearingLocalizer.fix(away, method: .ls) }
    }

    /// The 95 % ellipse and CEP of a circular covariance σ²I: radius √(5.991)σ, CEP 1.18σ.
    @Test func ellipseAndCEP() {
        let f = PositionFix(eastMeters: 0, northMeters: 0, covariance: [[100, 0], [0, 100]])
        #expect(abs(f.ellipse95.majorMeters - 5.991.squareRoot() * 10) < 1e-9)
        #expect(abs(f.cepMeters - 11.8) < 1e-9)
    }
}

extension HomingTests {
    /// RSS-gradient homing. Noiseless readings point exactly uphill, so the walk takes the
    /// straight-line time (980 m / 1.4 m/s from 1000 m, within 2 %). With reading errors
    /// only (σₑ = 0.2 dB), due south of the emitter at 100 m, the level steps are
    /// g_N = 30·log10(100/90) = 1.373 dB and g_E = −30·log10(√(100² + 10²)/100) = −0.065 dB,
    /// and the step noises are jointly Gaussian with covariance σₑ²·[[2, 1], [1, 2]] (they
    /// share the reading where the agent stands). E[θ²] for θ = atan2(g_E + x, g_N + y) is
    /// integrated on a 241 × 241 grid over ±6σ (first order: σ_θ ≈ √2·σₑ/g_N = 0.206 rad);
    /// 20 000 simulated headings have an RMS error within 3 % of it (Monte Carlo σ ≈ 1 %).
    /// Shadowing slows the walk down.
    @Test func rssGradientHoming() {
        let agent = HomingAgent(speedMetersPerSecond: 1.4, intervalSeconds: 10, stopMeters: 20)
        let clean = agent.simulate(
            startMeters: 1000,
            trials: 20,
            seed: 1,
            gradient: RSSGradient(levelErrorDB: 0, shadowingDB: 0)
        )
        #expect(abs(clean.medianSeconds / (980 / 1.4) - 1) < 0.02, "clean \(clean.medianSeconds) s")
        var rng = SeededGenerator(seed: 2)
        let g = RSSGradient(exponent: 3, baselineMeters: 10, levelErrorDB: 0.2, shadowingDB: 0)
        var sum = 0.0
        for _ in 0..<20_000 {
            let h = g.heading(east: 0, north: -100, &rng)
            sum += pow(remainder(h, 2 * .pi), 2)
        }
        let rms = (sum / 20_000).squareRoot()
        let gN = 30 * log10(100.0 / 90)
        let gE = -30 * log10((100.0 * 100 + 100).squareRoot() / 100)
        let sigma = 0.2
        let l11 = 2.0.squareRoot() * sigma
        let l21 = sigma / 2.0.squareRoot()
        let l22 = (2 * sigma * sigma - l21 * l21).squareRoot()
        var moment = 0.0
        var weight = 0.0
        for i in 0...240 {
            for j in 0...240 {
                let z1 = -6 + 0.05 * Double(i)
                let z2 = -6 + 0.05 * Double(j)
                let w = exp(-0.5 * (z1 * z1 + z2 * z2))
                let theta = atan2(gE + l11 * z1, gN + l21 * z1 + l22 * z2)
                moment += w * theta * theta
                weight += w
            }
        }
        let reference = (moment / weight).squareRoot()
        #expect(abs(reference / 0.206 - 1) < 0.15, "the first-order value is close: \(reference)")
        #expect(abs(rms / reference - 1) < 0.03, "RMS heading error \(rms) rad vs \(reference) rad")
        let calm = agent.simulate(
            startMeters: 200,
            trials: 300,
            seed: 3,
            gradient: RSSGradient(levelErrorDB: 0.5, shadowingDB: 0)
        )
        let shadowed = agent.simulate(
            startMeters: 200,
            trials: 300,
            seed: 3,
            gradient: RSSGradient(levelErrorDB: 0.5, shadowingDB: 4)
        )
        #expect(
            shadowed.medianSeconds > calm.medianSeconds * 1.2 || shadowed.reachedFraction < calm.reachedFraction,
            "calm \(calm.medianSeconds) s vs shadowed \(shadowed.medianSeconds) s"
        )
    }
}

extension HomingTests {
    /// Time to the door grows as the starting SNR falls (σ from the Adcock's CRB): from
    /// 1000 m, a −30 dB start (σ ≈ 20° at first) takes longer than a +10 dB start, whose
    /// σ sits on the 2° floor and whose median is within 5 % of the straight walk (980 m / 1.4).
    @Test func homingSlowsAsTheSNRFalls() {
        let agent = HomingAgent(speedMetersPerSecond: 1.4, intervalSeconds: 10, stopMeters: 20)
        let adcock = AntennaArray(.adcock(radiusMeters: 0.08), frequencyHz: 900e6)
        func median(_ snr: Double) -> Double {
            agent.simulate(
                startMeters: 1000,
                trials: 400,
                seed: 5,
                sigmaDegrees: HomingAgent.sigmaFollowingSNR(
                    array: adcock,
                    snrDBAtStart: snr,
                    startMeters: 1000,
                    exponent: 3,
                    snapshots: 200,
                    floorDegrees: 2
                )
            ).medianSeconds
        }
        let strong = median(10)
        let weak = median(-30)
        #expect(abs(strong / (980 / 1.4) - 1) < 0.05, "strong \(strong) s")
        #expect(weak > strong * 1.05, "weak \(weak) s vs strong \(strong) s")
    }
}

@Suite struct HomingTests {
    /// With perfect bearings the agent walks straight: (D − R)/v exactly.
    @Test func perfectBearingsWalkStraight() {
        let agent = HomingAgent(speedMetersPerSecond: 1.5, intervalSeconds: 7, stopMeters: 20)
        var rng = SeededGenerator(seed: 1)
        let t = agent.walk(startMeters: 1000, sigmaDegrees: { _ in 0 }, rng: &rng)
        #expect(abs((t ?? 0) - 980 / 1.5) < 1e-6)
    }

    /// Bearing errors cost time: the median time grows with σ and with the start distance,
    /// and the same seed gives the same numbers.
    @Test func errorsCostTime() {
        let agent = HomingAgent()
        let clean = agent.simulate(startMeters: 800, trials: 400, seed: 5) { _ in 2 }
        let noisy = agent.simulate(startMeters: 800, trials: 400, seed: 5) { _ in 25 }
        let far = agent.simulate(startMeters: 1600, trials: 400, seed: 5) { _ in 25 }
        #expect(clean.reachedFraction == 1 && noisy.reachedFraction == 1)
        #expect(noisy.medianSeconds > clean.medianSeconds * 1.02)
        #expect(far.medianSeconds > noisy.medianSeconds * 1.8)
        #expect(agent.simulate(startMeters: 800, trials: 400, seed: 5) { _ in 25 } == noisy)
    }
}

@Suite struct SmoothingTests {
    /// Two fully coherent arrivals (a direct path and a reflection, the same signal) at −10°
    /// and 25° defeat plain MUSIC; forward–backward averaging plus spatial smoothing over
    /// 6-element subarrays of the 8-element ULA separates them (within 2° each).
    @Test func coherentMultipath() throws {
        let array = AntennaArray(.ula(elements: 8, spacingWavelengths: 0.5), frequencyHz: 900e6)
        var rng = SeededGenerator(seed: 700)
        let a1 = array.steeringVector(azimuthRadians: -10 * .pi / 180)
        let a2 = array.steeringVector(azimuthRadians: 25 * .pi / 180)
        var x = [Complex<Float>]()
        let amp = Decibels.toAmplitudeRatio(15) / 2.0.squareRoot()
        for _ in 0..<400 {
            let s = Complex(rng.nextGaussian() * amp, rng.nextGaussian() * amp)
            let reflected = s * Complex(0.8 * cos(1.1), 0.8 * sin(1.1))
            for k in 0..<8 {
                let v =
                    s * a1[k] + reflected * a2[k]
                    + Complex(rng.nextGaussian() / 2.0.squareRoot(), rng.nextGaussian() / 2.0.squareRoot())
                x.append(Complex(Float(v.real), Float(v.imaginary)))
            }
        }
        var est = DOAEstimator(array: array, snapshots: x)
        let plain = try est.estimate(.music, sources: 2)
        #expect(
            !(plain.count == 2 && abs(plain[0] + 10) < 2 && abs(plain[1] - 25) < 2),
            "plain MUSIC resolved them: \(plain)"
        )
        est.forwardBackwardAverage()
        let smoothed = try est.spatiallySmoothed(subarray: 6)
        let e = try smoothed.estimate(.music, sources: 2)
        #expect(e.count == 2 && abs(e[0] + 10) < 2 && abs(e[1] - 25) < 2, "\(e)")
    }
}

@Suite struct RobustAndMapTests {
    static let truth = (300.0, 400.0)
    static func bearing(_ e: Double, _ n: Double, error: Double = 0) -> BearingObservation {
        BearingObservation(
            eastMeters: e,
            northMeters: n,
            azimuthDegrees: atan2(truth.0 - e, truth.1 - n) * 180 / .pi + error,
            sigmaDegrees: 2
        )
    }

    /// Past `maximumProposals` pairs the robust fix samples pairs instead of trying all
    /// (3 000 bearings took O(N³) before: a hang). 400 bearings on a ring, 40 % of them wild
    /// (uniform over ±60°): the sampled fix keeps every good bearing whose 2σ = 4° residual is
    /// under the χ² gate, drops every wild one (each ≥ 10° = 5σ off), so its fix is the good
    /// bearings' ML fix, and the same bearings give the same fix twice (seeded).
    @Test func sampledRobustFixOnManyBearings() throws {
        var rng = SeededGenerator(seed: 19)
        var b: [BearingObservation] = []
        var wild: Set<Int> = []
        for k in 0..<400 {
            let a = Double(k) * 2 * .pi / 400
            let (e, n) = (Self.truth.0 + 1000 * sin(a), Self.truth.1 + 1000 * cos(a))
            if k % 5 < 2 {
                var error = 0.0
                while abs(error) < 10 { error = Double.random(in: -60...60, using: &rng) }
                b.append(Self.bearing(e, n, error: error))
                wild.insert(k)
            } else {
                b.append(Self.bearing(e, n, error: 2 * rng.nextGaussian()))
            }
        }
        #expect(b.count * (b.count - 1) / 2 > BearingLocalizer.maximumProposals)
        let fit = try BearingLocalizer.robustFit(b)
        let again = try BearingLocalizer.robustFit(b)
        #expect(fit.inliers == again.inliers && fit.fix.eastMeters == again.fix.eastMeters)
        #expect(
            Set(fit.inliers).isDisjoint(with: wild),
            "kept \(Set(fit.inliers).intersection(wild).count) wild bearings"
        )
        #expect(fit.inliers.count >= 230, "kept \(fit.inliers.count) of 240 good bearings")
        // The fix is the good bearings' own ML fix (to 1 m: at most a handful of them differ).
        let good = try BearingLocalizer.fix(b.indices.filter { !wild.contains($0) }.map { b[$0] }, method: .ml)
        let offset =
            ((fit.fix.eastMeters - good.eastMeters) * (fit.fix.eastMeters - good.eastMeters)
            + (fit.fix.northMeters - good.northMeters) * (fit.fix.northMeters - good.northMeters)).squareRoot()
        #expect(offset < 1, "robust fix \(offset) m from the good bearings' ML fix")
    }

    /// One wild bearing (30° off, a reflection) among four: the plain ML fix is dragged far
    /// away, the robust fix stays near the truth.
    @Test func robustFixResistsAnOutlier() throws {
        let b = [
            Self.bearing(-500, 0), Self.bearing(1200, -100), Self.bearing(900, 1300),
            Self.bearing(-300, 1100, error: 30),
        ]
        let plain = try BearingLocalizer.fix(b, method: .ml)
        let robust = try BearingLocalizer.robustFix(b)
        func miss(_ f: PositionFix) -> Double {
            ((f.eastMeters - Self.truth.0) * (f.eastMeters - Self.truth.0) + (f.northMeters - Self.truth.1)
                * (f.northMeters - Self.truth.1))
                .squareRoot()
        }
        #expect(miss(robust) < 0.5 * miss(plain), "robust \(miss(robust)) m vs plain \(miss(plain)) m")
        #expect(miss(robust) < 30)
    }

    /// The likelihood map of two clean bearings peaks at their crossing, and its cells sum to 1.
    @Test func likelihoodMapPeaksAtTheCrossing() {
        let map = LikelihoodMap(
            bearings: [Self.bearing(-500, 0), Self.bearing(1200, -100)],
            eastRange: -1000...1500,
            northRange: -500...1500,
            columns: 250,
            rows: 200
        )
        #expect(abs(map.probabilities.reduce(0, +) - 1) < 1e-9)
        #expect(abs(map.mode.east - Self.truth.0) < 20 && abs(map.mode.north - Self.truth.1) < 20)
    }

    /// RSS: exact log-distance levels (n = 3) at five places give the position back.
    @Test func rssFix() throws {
        let places = [(-400.0, -300.0), (900.0, 0.0), (500.0, 1000.0), (-200.0, 800.0), (300.0, -500.0)]
        let readings = places.map { p -> RSSLocalizer.Reading in
            let d = ((p.0 - Self.truth.0) * (p.0 - Self.truth.0) + (p.1 - Self.truth.1) * (p.1 - Self.truth.1))
                .squareRoot()
            return .init(eastMeters: p.0, northMeters: p.1, levelDBm: -20 - 30 * log10(d))
        }
        let f = try RSSLocalizer.fix(readings, exponent: 3, eastRange: -1000...1500, northRange: -1000...1500)
        #expect(abs(f.eastMeters - Self.truth.0) < 1 && abs(f.northMeters - Self.truth.1) < 1)
        #expect(throws: SightlineError.self) {
            try RSSLocalizer.fix(Array(readings.prefix(2)), exponent: 3, eastRange: 0...1, northRange: 0...1)
        }
    }

    /// RSS under 2 dB log-normal shadowing at eight places around the emitter, 300 seeded
    /// trials: the fix's RMSE is within 1.5× the CRB's √trace (Patwari et al. 2003), the
    /// same margin the bearing fixes get, and the reported covariance is that CRB.
    @Test func rssFixNearItsBound() throws {
        let places = (0..<8).map { k -> (Double, Double) in
            let a = Double(k) * .pi / 4
            return (Self.truth.0 + 600 * sin(a) + Double(k % 3) * 90, Self.truth.1 + 600 * cos(a) - Double(k % 2) * 120)
        }
        func level(_ p: (Double, Double)) -> Double {
            -20 - 30
                * log10(
                    ((p.0 - Self.truth.0) * (p.0 - Self.truth.0) + (p.1 - Self.truth.1) * (p.1 - Self.truth.1))
                        .squareRoot()
                )
        }
        var rng = SeededGenerator(seed: 626)
        var sum = 0.0
        for _ in 0..<300 {
            let readings = places.map {
                RSSLocalizer.Reading(eastMeters: $0.0, northMeters: $0.1, levelDBm: level($0) + 2 * rng.nextGaussian())
            }
            let f = try RSSLocalizer.fix(readings, exponent: 3, eastRange: -500...1100, northRange: -400...1200)
            sum +=
                (f.eastMeters - Self.truth.0) * (f.eastMeters - Self.truth.0) + (f.northMeters - Self.truth.1)
                * (f.northMeters - Self.truth.1)
        }
        let exact = places.map { RSSLocalizer.Reading(eastMeters: $0.0, northMeters: $0.1, levelDBm: level($0)) }
        let c = try RSSLocalizer.covariance(
            exact,
            eastMeters: Self.truth.0,
            northMeters: Self.truth.1,
            exponent: 3,
            shadowingDB: 2
        )
        let bound = (c[0][0] + c[1][1]).squareRoot()
        let rmse = (sum / 300).squareRoot()
        #expect(rmse <= 1.5 * bound && rmse >= 0.7 * bound, "RSS RMSE \(rmse) m vs CRB \(bound) m")
    }

    /// The grid posterior: with three good bearings its mean and covariance agree with the
    /// ML fix's (the linearised problem) within 15 %; with one bearing it still gives an
    /// answer whose spread runs along the bearing line (major axis ≈ the bearing's azimuth).
    @Test func posteriorOfTheMap() throws {
        let b = [Self.bearing(-500, 0), Self.bearing(1200, -100), Self.bearing(900, 1300)]
        let ml = try BearingLocalizer.fix(b, method: .ml)
        let post = LikelihoodMap(bearings: b, eastRange: -200...800, northRange: -100...900, columns: 300, rows: 300)
            .posterior()
        #expect(abs(post.eastMeters - ml.eastMeters) < 5 && abs(post.northMeters - ml.northMeters) < 5)
        #expect(abs(post.cepMeters / ml.cepMeters - 1) < 0.15, "posterior CEP \(post.cepMeters) vs ML \(ml.cepMeters)")
        let one = LikelihoodMap(bearings: [Self.bearing(-500, 0)], eastRange: -1000...1500, northRange: -1000...1500)
            .posterior()
        let e = one.ellipse95
        let azimuth = atan2(Self.truth.0 + 500, Self.truth.1) * 180 / .pi
        #expect(e.majorMeters > 5 * e.minorMeters)
        #expect(
            abs(remainder(e.orientationDegrees - azimuth, 180)) < 5,
            "orientation \(e.orientationDegrees) vs \(azimuth)"
        )
    }
}

@Suite struct PseudoDopplerTests {
    /// An 8-element UCA of radius 0.15 m at 900 MHz (A = 2.83 rad), a tone at 20 dB with a
    /// carrier offset, 4000 commutated samples: the bearing is within 1° at every 10°.
    @Test func bearingAllAround() throws {
        let array = AntennaArray(.uca(elements: 8, radiusMeters: 0.15), frequencyHz: 900e6)
        var rng = SeededGenerator(seed: 800)
        let amp = Decibels.toAmplitudeRatio(20)
        for az in stride(from: 0.0, to: 360, by: 10) {
            let a = array.steeringVector(azimuthRadians: az * .pi / 180)
            var x = [Complex<Float>]()
            for s in 0..<4000 {
                let phase = 2 * Double.pi * 0.003 * Double(s)  // a small carrier offset per sample
                for k in 0..<8 {
                    let v =
                        a[k] * Complex(amp * cos(phase), amp * sin(phase))
                        + Complex(rng.nextGaussian() / 2.0.squareRoot(), rng.nextGaussian() / 2.0.squareRoot())
                    x.append(Complex(Float(v.real), Float(v.imaginary)))
                }
            }
            let b = try PseudoDoppler.bearing(
                snapshots: x,
                elements: 8,
                radiusMeters: 0.15,
                wavelengthMeters: array.wavelengthMeters
            )
            #expect(abs(remainder(b - az, 360)) < 1, "\(az)°: \(b)°")
        }
    }
}
