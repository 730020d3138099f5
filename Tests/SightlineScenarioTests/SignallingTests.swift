import Foundation
import SightlineCore
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 21: signalling bursts (location updates, call set-up) at MS_TXPWR_MAX_CCH.
@Suite struct SignallingTests {
    /// A phone 500 m from its mast, power-controlled down to single figures, switched on an
    /// hour before the call; a backpack 500 m away in the street (P.1411 suburban: about 10 dB
    /// median SNR at 33 dBm, below 0 dB at the call's power).
    static func scene(_ extra: String = "", call: String = "") -> String {
        """
        name: signalling
        call: {position: {east_m: 0, north_m: 2000}, on_before_call_s: 3600, \(call)
               power_control: {mast: {east_m: 0, north_m: 2500}, model: hata-suburban\(extra)}}
        propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
        observers:
          - {name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 1500}}
        """
    }

    static func pDetected(_ text: String, at seconds: Double = 1) throws -> Double {
        let r = try RiskEngine.run(
            scene: try RiskSceneFile.parse(text, path: "s.yaml"),
            model: try MeasurementModel.standard(),
            durations: [seconds],
            trials: 2000,
            seed: 44,
            fidelity: .measurement,
            threads: 2
        )
        return r.curve[0].pDetected
    }

    @Test func signallingGoesOutAtMaxCCH() throws {
        let link = try LinkGeometry(scene: try RiskSceneFile.parse(Self.scene(), path: "s.yaml"))
        #expect(link.transmitPowerDBm < 20)
        #expect(link.signallingPowerDBm == 33)
        let capped = try LinkGeometry(scene: try RiskSceneFile.parse(Self.scene(", max_cch_dbm: 29"), path: "s.yaml"))
        #expect(capped.signallingPowerDBm == 29)
        let fixed = try LinkGeometry(
            scene: try RiskSceneFile.parse(
                "name: f\ncall: {position: {east_m: 0, north_m: 2000}, tx_dbm: 20}\n"
                    + "observers:\n  - {name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}",
                path: "f.yaml"
            )
        )
        #expect(fixed.signallingPowerDBm == 20)
        // The hour's location updates at 33 dBm are heard more often than they would be at
        // the call's power (MS_TXPWR_MAX_CCH set down to it).
        let atMax = try Self.pDetected(Self.scene())
        let atCallPower = try Self.pDetected(Self.scene(", max_cch_dbm: \(link.transmitPowerDBm)"))
        #expect(atMax > atCallPower + 0.05, "\(atMax) against \(atCallPower)")
    }

    /// The call's set-up, `setup_s` before it, is one more transaction at MS_TXPWR_MAX_CCH:
    /// a phone switched on just to call can now be heard before the call starts.
    @Test func theCallSetUpIsATransactionBeforeTheCall() throws {
        let off = Self.scene(call: "on_before_call_s: 0,").replacingOccurrences(
            of: "on_before_call_s: 3600, ",
            with: ""
        )
        let withSetup = off.replacingOccurrences(of: "on_before_call_s: 0,", with: "on_before_call_s: 0, setup_s: 2,")
        let scene = try RiskSceneFile.parse(withSetup, path: "s.yaml")
        #expect(scene.call.setupSeconds == 2)
        let simulator = try CallSimulator(scene: scene, model: try MeasurementModel.standard())
        var early = 0
        for trial in 0..<500 {
            let o = try simulator.run(durationSeconds: 1, seed: 3, trial: UInt64(trial))
            if let d = o.detectedSeconds, d < 0 {
                #expect(abs(d + 2) < 1e-9)
                early += 1
            }
        }
        #expect(early > 50, "\(early) of 500 heard at the set-up")
        #expect(try Self.pDetected(withSetup) > (try Self.pDetected(off)))
    }
}
