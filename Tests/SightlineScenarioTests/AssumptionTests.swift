import Foundation
import SightlineCore
import SightlineRF
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 14: risk across the scene's assumptions.
@Suite struct AssumptionTests {
    static let scene = """
        name: assumptions
        call: {position: {east_m: 0, north_m: 400}, tx_dbm: 33}
        propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
        observers:
          - {name: station, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}, height_m: 3}
          - {name: agent, kind: homing, dispatched_by: station, reaction_s: 60, speed_mps: 1.4}
        assumptions:
          - {name: delay, path: observers.1.reaction_s, uniform: [LO_D, HI_D], source: test}
          - {name: speed, path: observers.1.speed_mps, uniform: [LO_S, HI_S], source: test}
        """

    static func run(_ d: (Double, Double), _ s: (Double, Double), draws: Int?) throws -> [RiskEngine.Point] {
        let text = scene.replacingOccurrences(of: "LO_D", with: "\(d.0)").replacingOccurrences(
            of: "HI_D",
            with: "\(d.1)"
        )
        .replacingOccurrences(of: "LO_S", with: "\(s.0)").replacingOccurrences(of: "HI_S", with: "\(s.1)")
        var study = RiskStudy(
            scene: try RiskSceneFile.parse(text, path: "a.yaml"),
            durationsSeconds: [360, 480, 600],
            trials: 1000,
            seed: 3
        )
        if let draws { study.assumptions = .sample(draws: draws) }
        return try study.run(model: try MeasurementModel.standard())[0].curve
    }

    /// With every range collapsed to its nominal value, sampling equals the nominal run
    /// exactly: the draws use the nominal seed and read the same scene.
    @Test func collapsedRangesEqualNominal() throws {
        let nominal = try Self.run((60, 60), (1.4, 1.4), draws: nil)
        let sampled = try Self.run((60, 60), (1.4, 1.4), draws: 8)
        for (n, s) in zip(nominal, sampled) {
            let b = try #require(s.assumptionBand)
            #expect(b.agentArrived == [n.pAgentArrived, n.pAgentArrived, n.pAgentArrived])
            #expect(b.detected == [n.pDetected, n.pDetected, n.pDetected] && s == n)
        }
    }

    /// The model is monotone in both factors (a later, slower agent arrives later), so the
    /// band holds the nominal value; widening one factor's range never narrows the band.
    @Test func bandHoldsNominalAndWidens() throws {
        let nominal = try Self.run((60, 60), (1.4, 1.4), draws: nil)
        let narrow = try Self.run((40, 90), (1.3, 1.5), draws: 24)
        let wide = try Self.run((20, 180), (1.3, 1.5), draws: 24)
        for i in nominal.indices {
            let n = nominal[i].pAgentArrived
            let a = try #require(narrow[i].assumptionBand).agentArrived
            let b = try #require(wide[i].assumptionBand).agentArrived
            #expect(a[0] <= n + 0.02 && n <= a[2] + 0.02, "\(n) outside \(a)")
            #expect(b[2] - b[0] >= a[2] - a[0] - 0.02, "wide \(b) narrower than \(a)")
        }
    }

    /// `preset_range: true` samples the device preset's published range (one place for the
    /// range and its source); the scene's own setting of a preset number reaches the link.
    @Test func presetRanges() throws {
        let text = """
            name: preset ranges
            call: {position: {east_m: 0, north_m: 1500}, tx_dbm: 33, losses_db: 3}
            observers:
              - {name: station, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}, noise_figure_db: NF}
            assumptions:
              - {name: nf, path: observers.0.noise_figure_db, preset_range: true, source: preset}
              - {name: body, path: call.losses_db, preset_range: true, source: preset}
            """
        let scene = try RiskSceneFile.parse(text.replacingOccurrences(of: "NF", with: "8"), path: "p.yaml")
        let nf = try #require(DevicePreset.named("backpack")?.range(of: .noiseFigureDB))
        let body = try #require(DevicePreset.named("handset")?.range(of: .lossesDB))
        #expect(scene.assumptions[0].distribution == .uniform(low: nf.low, high: nf.high))
        #expect(scene.assumptions[1].distribution == .uniform(low: body.low, high: body.high))
        #expect(scene.observers[0].device.noiseFigureDB == 8 && scene.call.handset.lossesDB == 3)
        // 20 dB more noise figure is 20 dB less SNR at the station, and 7 dB more body loss 7 dB less.
        func snr(_ nf: String, body: String = "3") throws -> Double {
            // (Without the assumptions: 28 dB is outside the preset's range, which the scene refuses.)
            let plain = String(text[..<text.range(of: "assumptions:")!.lowerBound])
                .replacingOccurrences(of: "NF", with: nf).replacingOccurrences(
                    of: "losses_db: 3",
                    with: "losses_db: \(body)"
                )
            let s = try RiskSceneFile.parse(plain, path: "p.yaml")
            let r = try RiskEngine.run(
                scene: s,
                model: try MeasurementModel.standard(),
                durations: [5],
                trials: 10,
                seed: 1
            )
            return try #require(r.meanSNRdB["station"])
        }
        #expect(abs(try snr("8") - snr("28") - 20) < 1e-9)
        #expect(abs(try snr("8") - snr("8", body: "10") - 7) < 1e-9)
        // A field the device gives no range for: one line naming the field and the fix.
        let bad =
            text.replacingOccurrences(of: "NF", with: "8").replacingOccurrences(
                of: "path: call.losses_db",
                with: "path: observers.0.height_m"
            ) + "\n"
        do {
            _ = try RiskSceneFile.parse(bad, path: "p.yaml")
            Issue.record("a preset_range on a field without a range was accepted")
        } catch let e as SightlineError {
            let line = e.description
            #expect(line == e.expectedLine && !line.contains("\n"))
            #expect(line.contains("p.yaml") && line.contains("preset_range") && line.contains("sightline presets"))
        }
    }

    /// Latin hypercube: one point in each of the n strata of every axis.
    @Test func latinHypercubeStratifies() {
        let p = LatinHypercube.sample(count: 50, dimensions: 3, seed: 9)
        for d in 0..<3 { #expect(Set(p.map { Int($0[d] * 50) }).count == 50) }
    }

    @Test(arguments: [
        ("90, 40", "observers.1.reaction_s", "assumptions[0].uniform", "low above high"),
        ("40, 90", "observers.1.colour", "assumptions[0].path", "names no number"),
        ("70, 90", "observers.1.reaction_s", "assumptions[0].path", "outside the range"),
    ])
    func badAssumptions(range: String, path: String, field: String, message: String) {
        let text = Self.scene.replacingOccurrences(of: "LO_D, HI_D", with: range)
            .replacingOccurrences(of: "LO_S", with: "1.3").replacingOccurrences(of: "HI_S", with: "1.5")
            .replacingOccurrences(of: "path: observers.1.reaction_s", with: "path: \(path)")
        do {
            _ = try RiskSceneFile.parse(text, path: "a.yaml")
            Issue.record("accepted \(range) \(path)")
        } catch let e as SightlineError {
            #expect(e.description.contains(field) && e.description.contains(message), "\(e)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
