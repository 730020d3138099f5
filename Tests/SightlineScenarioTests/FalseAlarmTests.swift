import Foundation
import SightlineCore
import Testing

@testable import SightlineScenario

/// Issue 21: each device's false alarms per hour, measured on noise.
@Suite struct FalseAlarmTests {
    /// The exact Poisson 95 % upper bounds (Garwood 1936; e.g. Gehrels 1986, Table 1, S = 1.645
    /// column's one-sided 95 %): 2.996, 4.744, 6.296 and 16.96 for 0, 1, 2 and 10 events.
    @Test func poissonUpperBounds() {
        for (n, mu) in [(0, 2.9957), (1, 4.7439), (2, 6.2958), (10, 16.962)] {
            #expect(abs(FalseAlarmCount.poissonUpper95(n) - mu) < 2e-3, "\(n): \(FalseAlarmCount.poissonUpper95(n))")
        }
        let none = FalseAlarmCount(detections: 0, channelHours: 0.5)
        #expect(none.perChannelHour == 0 && abs(none.upper95PerChannelHour - 5.9915) < 4e-3)
    }

    /// The count is real: at a per-cell Pfa of 1e-2 the pipeline does raise detections on
    /// noise, more than at its own 1e-6, and the same seed gives the same count.
    @Test func theDetectorRaisesAlarmsOnNoiseAtAHighPfa() throws {
        let loose = try IQLevel.falseAlarms(seconds: 0.5, seed: 4, pfa: 1e-2)
        let strict = try IQLevel.falseAlarms(seconds: 0.5, seed: 4)
        #expect(loose.detections > 0 && loose.detections > strict.detections, "\(loose) against \(strict)")
        #expect(try IQLevel.falseAlarms(seconds: 0.5, seed: 4, pfa: 1e-2) == loose)
        // 0.5 s over 0.85 × 2 MHz / 200 kHz = 8.5 channels.
        #expect(abs(loose.channelHours - 0.5 * 8.5 / 3600) < 1e-12)
    }

    /// The standard model carries its measurement: 180 s of noise, 0.425 channel-hours.
    @Test func theStandardModelCountsItsFalseAlarms() throws {
        let count = try #require(try MeasurementModel.standard().falseAlarms)
        #expect(abs(count.channelHours - 180 * 8.5 / 3600) < 1e-9)
        #expect(count.upper95PerChannelHour >= FalseAlarmCount.poissonUpper95(0) / count.channelHours - 1e-9)
    }
}

/// Issue 21: an agent sent after false alarms loses time.
@Suite struct FalseAlarmChaseTests {
    /// The delay at a detection against its closed form E = C − (1 − e^(−λC))/λ, for the
    /// measured bound (7 per hour, from `range`) and a busier scanner, with 10-minute chases:
    /// 200 000 draws of a delay in [0, C] have a standard error below C/√N ≈ 1.3 s; 6 s is
    /// over 4σ.
    @Test(arguments: [7.0, 60, 870])
    func theMeanDelayIsTheClosedForm(_ perHour: Double) {
        let chases = RiskScene.Observer.FalseAlarmChases(perHour: perHour, chaseSeconds: 600)
        var rng = SeededGenerator(seed: 870)
        var sum = 0.0
        let n = 200_000
        for _ in 0..<n { sum += chases.delaySeconds(&rng) }
        #expect(
            abs(sum / Double(n) - chases.meanDelaySeconds) < 6,
            "\(sum / Double(n)) against \(chases.meanDelaySeconds)"
        )
        #expect(chases.meanDelaySeconds > 0 && chases.meanDelaySeconds < 600)
    }

    static func scene(_ chases: String) -> String {
        """
        name: chases
        call: {position: {east_m: 0, north_m: 400}, tx_dbm: 33}
        propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
        observers:
          - {name: station, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}, height_m: 3}
          - {name: agent, kind: homing, dispatched_by: station, reaction_s: 60, speed_mps: 1.4\(chases)}
        """
    }

    static func arrived(_ text: String) throws -> Double {
        let r = try RiskEngine.run(
            scene: try RiskSceneFile.parse(text, path: "c.yaml"),
            model: try MeasurementModel.standard(),
            durations: [480],
            trials: 1000,
            seed: 12,
            fidelity: .measurement,
            threads: 2
        )
        return r.curve[0].pAgentArrived
    }

    /// No false alarms: the same calls as without the key; many: the agent arrives less often.
    @Test func chasesCostTheAgentTime() throws {
        let plain = try Self.arrived(Self.scene(""))
        #expect(try Self.arrived(Self.scene(", false_alarms: {per_hour: 0, chase_s: 600}")) == plain)
        let busy = try Self.arrived(Self.scene(", false_alarms: {per_hour: 60, chase_s: 600}"))
        #expect(plain > 0.5 && busy < plain - 0.1, "\(plain) against \(busy)")
    }

    @Test func onlyAnAgentChases() throws {
        let text = Self.scene("").replacingOccurrences(
            of: "height_m: 3}",
            with: "height_m: 3, false_alarms: {per_hour: 1, chase_s: 10}}"
        )
        #expect(throws: SightlineError.self) { try RiskSceneFile.parse(text, path: "c.yaml") }
    }
}
