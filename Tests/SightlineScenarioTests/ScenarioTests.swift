import Foundation
import SightlineCore
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// A one-listener scene: a backpack receiver at the origin, the phone `distance` m north,
/// fixed transmit power, chosen shadowing and fading.
func scene(
    distanceMeters: Double = 400,
    txDBm: Double = 33,
    shadowingDB: Double = 0,
    fading: String = "none",
    ridge: Double = 0,
    extra: String = ""
) throws -> RiskScene {
    try RiskSceneFile.parse(
        """
        name: test
        seed: 9
        call:
          position: {east_m: 0, north_m: \(distanceMeters)}
          tx_dbm: \(txDBm)
        propagation: {shadowing_db: \(shadowingDB), fading: \(fading), doppler_hz: 1}
        terrain: {ridge: {height_m: \(ridge), distance_from_phone_m: 60}}
        observers:
          - {name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}
        \(extra)
        """,
        path: "test.yaml"
    )
}

@Suite(.serialized) struct MeasurementLevelTests {
    /// The measurement level agrees with the IQ level, which it is drawn from, on fresh
    /// seeds. Detection: at 4, 5 and 6 dB (across the knee of the Pd curve) 320 new bursts
    /// each; the SNR at which the model gives the measured Pd is within 0.5 dB of the true
    /// one (the binomial error of 320 bursts is ≈ 0.1 dB there). Bearings: at 0, 9 and 18 dB,
    /// 400 fresh Watson-Watt bearings; their RMSE is within 10 % of the model's (the
    /// relative standard error of either RMSE estimate is 1/√(2N) ≈ 3–4 %).
    @Test func measurementAgreesWithIQ() throws {
        let model = try MeasurementModel.standard()
        for snr in [4.0, 5, 6] {
            var found = 0
            var total = 0
            for w in 0..<40 {
                let hits = try IQLevel.detectedBursts(
                    snrDB: snr,
                    frames: 8,
                    seed: 900_000 + UInt64(snr * 100) + UInt64(w)
                )
                found += hits.filter { $0 }.count
                total += hits.count
            }
            let p = Double(found) / Double(total)
            // Invert the model's Pd curve at p.
            var lo = -10.0
            var hi = 30.0
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if model.pd(snrDB: mid) < p { lo = mid } else { hi = mid }
            }
            #expect(abs(lo - snr) <= 0.5, "at \(snr) dB the IQ level gives Pd \(p); the model gives that at \(lo) dB")
        }
        var rng = SeededGenerator(seed: 77)
        for snr in [0.0, 9, 18] {
            var sum = 0.0
            let n = 400
            for b in 0..<n {
                let az = 360 * rng.nextUnitDouble()
                let e = remainder(
                    try IQLevel.adcockBearing(
                        snrDB: snr,
                        azimuthDegrees: az,
                        seed: 5_000_000 + UInt64(b) + UInt64(snr * 1000)
                    ) - az,
                    360
                )
                sum += e * e
            }
            let rmse = (sum / Double(n)).squareRoot()
            let sigma = model.bearingSigmaDegrees(snrDB: snr)
            #expect(abs(rmse / sigma - 1) <= 0.10, "at \(snr) dB: IQ RMSE \(rmse)° vs model \(sigma)°")
        }
    }

    /// The two levels agree on a whole call, not just per burst: a fixed listener at a mean
    /// SNR of 4 dB (no fading, no shadowing), calls of 10 ms (three bursts) and 19 ms (five).
    /// The IQ level (the real pipeline, 150 calls) and the measurement level (4000 calls)
    /// give the same P(detected) within 3 standard errors of their difference.
    @Test func iqAndMeasurementLevelsAgreeOnCalls() throws {
        let model = try MeasurementModel.standard()
        let probe = try scene(txDBm: 0)
        let snr0 = try CallSimulator(scene: probe, model: model).meanSNR[0][0]
        let s = try scene(txDBm: 4 - snr0)
        let durations = [0.010, 0.019]
        let iq = try RiskEngine.run(scene: s, model: model, durations: durations, trials: 150, seed: 21, fidelity: .iq)
        let measured = try RiskEngine.run(scene: s, model: model, durations: durations, trials: 4000, seed: 22)
        for (a, b) in zip(iq.curve, measured.curve) {
            let se = (a.pDetected * (1 - a.pDetected) / 150 + b.pDetected * (1 - b.pDetected) / 4000).squareRoot()
            #expect(
                abs(a.pDetected - b.pDetected) <= 3 * max(se, 0.01),
                "T \(a.durationSeconds) s: IQ \(a.pDetected) vs measurement \(b.pDetected)"
            )
            #expect(b.pDetected > 0.2 && b.pDetected < 0.95, "the check sits where detection is uncertain")
        }
    }

    /// The block shortcut draws the first hit among n bursts with the same law as n
    /// Bernoulli(p) trials: P(any hit) and P(first hit ≤ j) agree within 4 standard errors
    /// over 20 000 draws each, for p = 0.01 and 0.2 (n = 60).
    @Test func geometricShortcutEqualsBurstByBurst() {
        for p in [0.01, 0.2] {
            var a = SeededGenerator(seed: 1)
            var b = SeededGenerator(seed: 2)
            let n = 60
            let draws = 20_000
            var shortcut = [Int](repeating: 0, count: n + 1)
            var direct = [Int](repeating: 0, count: n + 1)
            for _ in 0..<draws {
                shortcut[CallSimulator.firstHit(p: p, bursts: n, &a) ?? n] += 1
                var k = n
                for i in 0..<n where b.nextUnitDouble() < p {
                    k = i
                    break
                }
                direct[k] += 1
            }
            var cs = 0
            var cd = 0
            for j in 0..<n {
                cs += shortcut[j]
                cd += direct[j]
                let q = 1 - pow(1 - p, Double(j + 1))
                let se = (q * (1 - q) / Double(draws)).squareRoot() * 2.0.squareRoot()
                #expect(abs(Double(cs - cd) / Double(draws)) <= 4 * se + 1e-9, "p \(p), j \(j)")
            }
        }
    }

    /// Analytic cross-check: a fixed listener, no shadowing, no fading, per-burst Pd p from
    /// the model at its SNR; P(detected within T) = 1 − (1 − p)^(bursts in T), and the Monte
    /// Carlo estimate over 4000 calls is within 3 standard errors of it at each of four
    /// durations (the four points share their trials; 3σ keeps the family-wise false-alarm
    /// rate near 1 %), for two seeds.
    @Test(arguments: [4, 5] as [UInt64]) func matchesOneMinusOneMinusPToTheN(seed: UInt64) throws {
        let model = try MeasurementModel.standard()
        let probe = try scene(txDBm: 0)
        let snr0 = try CallSimulator(scene: probe, model: model).meanSNR[0][0]
        let s = try scene(txDBm: 2.5 - snr0)  // mean SNR 2.5 dB: p ≈ 0.03
        let sim = try CallSimulator(scene: s, model: model)
        let p = model.pd(snrDB: sim.meanSNR[0][0])
        #expect(p > 0.003 && p < 0.2)
        let durations = [0.05, 0.1, 0.2, 0.4]
        let r = try RiskEngine.run(scene: s, model: model, durations: durations, trials: 4000, seed: seed)
        for point in r.curve {
            let n = CallSimulator.bursts(from: 0, to: point.durationSeconds)
            let expected = 1 - pow(1 - p, Double(n))
            let se = (expected * (1 - expected) / 4000).squareRoot()
            #expect(
                abs(point.pDetected - expected) <= 3 * se + 1e-9,
                "T \(point.durationSeconds) s: \(point.pDetected) vs \(expected)"
            )
        }
    }

    /// Monotone where physics says so, with 6 dB shadowing and Rayleigh fading: P(detected)
    /// never falls as the call lengthens; it falls with distance (600 → 800 m in the street,
    /// P.1411: about 7 dB and 2 dB median SNR); and a 30 m
    /// ridge 60 m from the phone lowers it.
    @Test func monotoneInDurationDistanceAndTerrain() throws {
        let model = try MeasurementModel.standard()
        let durations = [1.0, 5, 20, 60]
        func curve(_ s: RiskScene) throws -> [Double] {
            try RiskEngine.run(scene: s, model: model, durations: durations, trials: 3000, seed: 11).curve.map(
                \.pDetected
            )
        }
        let near = try curve(scene(distanceMeters: 600, shadowingDB: 6, fading: "rayleigh"))
        let far = try curve(scene(distanceMeters: 800, shadowingDB: 6, fading: "rayleigh"))
        let ridge = try curve(scene(distanceMeters: 600, shadowingDB: 6, fading: "rayleigh", ridge: 30))
        for c in [near, far, ridge] { #expect(zip(c, c.dropFirst()).allSatisfy { $0 <= $1 }, "\(c)") }
        #expect(near[1] > 0.1 && near[1] < 0.99, "the test sits where detection is uncertain: \(near)")
        for (n, f) in zip(near, far) { #expect(f < n || n == 1, "distance: \(near) vs \(far)") }
        for (n, r) in zip(near, ridge) { #expect(r < n || n == 1, "ridge: \(near) vs \(r)") }
    }

    /// A border barrage jammer (the preset: 100 W over the downlink band) 300 m from the phone
    /// holds the Chinese downlink below 9 dB: no call, nothing to detect. 8 km away it leaves
    /// the call possible. The SINR is the preset link budget: mast EIRP 55 dBm over suburban
    /// Hata against the jammer's 200 kHz share over COST 231 Walfisch–Ikegami.
    @Test func jammerCanPreventTheCall() throws {
        let model = try MeasurementModel.standard()
        func withJammer(_ east: Double) throws -> RiskScene {
            try RiskSceneFile.parse(
                """
                name: jammed
                call:
                  position: {east_m: 0, north_m: 400}
                  power_control: {mast: {east_m: 0, north_m: 6400}, model: hata-suburban}
                observers: [{name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}]
                jammers: [{device: border-jammer, position: {east_m: \(east), north_m: 400}}]
                """,
                path: "jammed.yaml"
            )
        }
        let near = try RiskEngine.run(scene: withJammer(300), model: model, durations: [60], trials: 200, seed: 1)
        #expect(!near.callPossible && near.curve[0].pDetected == 0)
        #expect((near.downlinkSINRdB ?? 99) < 9)
        let far = try RiskEngine.run(scene: withJammer(8000), model: model, durations: [60], trials: 200, seed: 1)
        #expect(far.callPossible && far.curve[0].pDetected > 0.9 && (far.downlinkSINRdB ?? 0) >= 9)
    }

    /// Same seed, same numbers (with two threads or one); another seed, other numbers.
    @Test func reproducible() throws {
        let model = try MeasurementModel.standard()
        let s = try scene(distanceMeters: 500, shadowingDB: 6, fading: "rayleigh")
        let a = try RiskEngine.run(scene: s, model: model, durations: [1, 10], trials: 500, seed: 5, threads: 2)
        let b = try RiskEngine.run(scene: s, model: model, durations: [1, 10], trials: 500, seed: 5, threads: 1)
        let c = try RiskEngine.run(scene: s, model: model, durations: [1, 10], trials: 500, seed: 6, threads: 2)
        #expect(a.curve == b.curve && a.timesToDetectSeconds == b.timesToDetectSeconds)
        #expect(a.timesToDetectSeconds != c.timesToDetectSeconds)
    }
}

@Suite struct RiskSceneFileTests {
    /// Unknown keys and bad tactic paths are one-line errors naming the line and the key.
    @Test func badScenes() throws {
        #expect(throws: SightlineError.self) { try scene(extra: "colour: red") }
        do { _ = try scene(extra: "colour: red") } catch let e as SightlineError {
            #expect(e.description.contains("test.yaml:") && e.description.contains("colour"))
        }
        let badTactic = """
            tactics:
              - {name: x, set: {observers.3.height_m: 5}}
            """
        #expect(throws: SightlineError.self) { try scene(extra: badTactic) }
    }

    /// A homing agent dispatched by an observer the scene does not have is refused with one
    /// line naming the file, the field (by its index) and the missing name; the same agent
    /// dispatched by an observer that exists is accepted.
    @Test func danglingDispatchIsRefused() throws {
        func parse(dispatchedBy name: String) throws -> RiskScene {
            try RiskSceneFile.parse(
                """
                name: dangling
                call: {position: {east_m: 0, north_m: 400}, tx_dbm: 33}
                observers:
                  - {name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}
                  - {name: walker, kind: homing, dispatched_by: \(name), reaction_s: 10}
                """,
                path: "dangling.yaml"
            )
        }
        #expect(
            throws: SightlineError(
                .invalidValue,
                location: "dangling.yaml",
                field: "observers[1].dispatched_by",
                message: "no observer is named \"nobody\"",
                fix: "give the name of another observer"
            )
        ) {
            try parse(dispatchedBy: "nobody")
        }
        do {
            _ = try parse(dispatchedBy: "nobody")
        } catch let e as SightlineError {
            #expect(
                e.description
                    == "dangling.yaml: observers[1].dispatched_by: no observer is named \"nobody\"; give the name of another observer"
            )
        }
        let fine = try parse(dispatchedBy: "post")
        #expect(fine.observers.count == 2 && fine.observers[1].dispatchedBy == "post")
    }

    /// A tactic's overrides reach the right fields, and the base scene is untouched.
    @Test func tacticsOverride() throws {
        let s = try scene(
            extra: """
                tactics:
                  - {name: farther, set: {call.position.north_m: 900, terrain.ridge.height_m: 12}}
                """
        )
        #expect(s.call.position.northMeters == 400 && s.tactics.count == 1)
        #expect(s.tactics[0].name == "farther" && s.tactics[0].scene.call.position.northMeters == 900)
        #expect(s.tactics[0].scene.terrain.ridgeHeightMeters == 12)
    }

    /// The built-in C4 timed scene (what `sightline demo` reports on) is the shipped file.
    @Test func builtInMatchesItsFile() throws {
        let file = Fixtures.scenes.appendingPathComponent("c4-railway-station-risk.yaml")
        #expect(try String(contentsOf: file, encoding: .utf8) == BuiltInRiskScenes.railwayStation)
    }

    /// The timed scenes in Signals/scenes all read.
    @Test func shippedScenesRead() throws {
        let dir = Fixtures.scenes
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix("-risk.yaml") }
        #expect(files.count >= 1)
        for f in files { _ = try RiskSceneFile.read(path: dir.appendingPathComponent(f).path) }
    }
}
