import Foundation
import SightlineCore
import SightlineRF
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 21: a phone indoors (ITU-R P.2109 building entry loss between it and everyone
/// outside) and shadowing on its path to the mast, both answered by power control.
@Suite struct IndoorsTests {
    static func scene(call: String) -> String {
        """
        name: indoors
        call: {position: {east_m: 0, north_m: 400}, \(call)}
        propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
        observers:
          - {name: station, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}, height_m: 3}
          - {name: agent, kind: homing, dispatched_by: station, reaction_s: 60, speed_mps: 1.4}
        """
    }

    static func run(_ text: String, trials: Int = 400) throws -> RiskEngine.Result {
        try RiskEngine.run(
            scene: try RiskSceneFile.parse(text, path: "i.yaml"),
            model: try MeasurementModel.standard(),
            durations: [30, 120, 480],
            trials: trials,
            seed: 21,
            fidelity: .measurement,
            threads: 2
        )
    }

    static func curve(_ r: RiskEngine.Result) -> [[Double]] {
        r.curve.map { [$0.pDetected, $0.pLocated, $0.pAgentArrived] }
    }

    /// At a fixed power, a building whose loss is taken at probability P is exactly the
    /// same call outdoors at a power lower by L_BEL(P): the same trials, bit for bit.
    @Test(arguments: [("traditional", 0.5), ("thermally-efficient", 0.5), ("traditional", 0.9)])
    func aFixedPowerPhoneIndoorsIsTheSameCallWeaker(_ building: String, _ p: Double) throws {
        let loss = try BuildingEntryLoss.lossDB(
            frequencyHz: 902.4e6,
            probability: p,
            building: .init(rawValue: building)!
        )
        #expect(loss > 5 && loss < 60)
        // A weak phone, so that the loss shows in the answer.
        let indoors = try Self.run(
            Self.scene(call: "tx_dbm: 15, indoors: {building: \(building), probability: \(p)}")
        )
        let weaker = try Self.run(Self.scene(call: "tx_dbm: \(15 - loss)"))
        #expect(Self.curve(indoors) == Self.curve(weaker))
        let outdoors = try Self.run(Self.scene(call: "tx_dbm: 15"))
        #expect(Self.curve(indoors) != Self.curve(outdoors))
    }

    /// Neither a building nor mast shadowing: the calls drawn are those drawn before either
    /// existed (the offset has a random stream of its own), and an explicit zero is the same.
    @Test func withoutEitherTheCallsAreUnchanged() throws {
        let mast = "power_control: {mast: {east_m: 0, north_m: 1400}}"
        let plain = try Self.run(Self.scene(call: mast))
        let zero = try Self.run(
            Self.scene(call: "power_control: {mast: {east_m: 0, north_m: 1400}, shadowing_db: 0}")
        )
        #expect(Self.curve(plain) == Self.curve(zero))
        let simulator = try CallSimulator(
            scene: try RiskSceneFile.parse(Self.scene(call: mast), path: "i.yaml"),
            model: try MeasurementModel.standard()
        )
        #expect(try simulator.callOffsetDB(seed: 1, trial: 7) == 0)
    }

    /// Power control answers the building: a phone 1 km from its mast transmits below its
    /// ceiling, so the loss is made up to within one 2 dB step; a phone at its ceiling (far
    /// mast) cannot, and loses all of it.
    @Test func powerControlMakesUpTheLossUntilItsCeiling() throws {
        let near = try LinkGeometry(
            scene: try RiskSceneFile.parse(
                Self.scene(call: "power_control: {mast: {east_m: 0, north_m: 1400}}"),
                path: "i.yaml"
            )
        )
        #expect(near.transmitPowerDBm <= 25)
        for loss in stride(from: 1.0, through: 33 - near.transmitPowerDBm, by: 1.5) {
            let offset = near.callOffsetDB(entryLossDB: loss, mastShadowDB: 0)
            #expect(offset > -2 - 1e-9 && offset <= 2 + 1e-9, "loss \(loss): \(offset)")
        }
        // 60 dB more than the ceiling can make up: the phone is at 33 dBm and the rest is lost.
        let capped = near.callOffsetDB(entryLossDB: 60, mastShadowDB: 0)
        #expect(abs(capped - (33 - near.transmitPowerDBm - 60)) < 1e-9)
        let far = try LinkGeometry(
            scene: try RiskSceneFile.parse(
                Self.scene(call: "power_control: {mast: {east_m: 0, north_m: 30400}}"),
                path: "i.yaml"
            )
        )
        #expect(far.transmitPowerDBm == 33)
        #expect(abs(far.callOffsetDB(entryLossDB: 12, mastShadowDB: 0) + 12) < 1e-9)
        // Shadowing that helps the mast path lets the phone lower its power, by as much (to
        // within a step), and shadowing that hurts it makes the phone louder.
        let helped = near.callOffsetDB(entryLossDB: 0, mastShadowDB: -10)
        #expect(helped >= -12 - 1e-9 && helped <= -8 + 1e-9, "\(helped)")
        let hurt = near.callOffsetDB(entryLossDB: 0, mastShadowDB: 6)
        #expect(hurt >= 4 - 1e-9 && hurt <= 8 + 1e-9, "\(hurt)")
    }

    /// Drawn per call, the loss follows P.2109's distribution: at a fixed power the offset is
    /// −L_BEL(U) with U uniform, so the fraction of calls losing more than the median loss
    /// is 1/2 (4 000 calls: σ = 0.008, checked within 4σ).
    @Test func theDrawnLossFollowsTheRecommendationsDistribution() throws {
        let simulator = try CallSimulator(
            scene: try RiskSceneFile.parse(
                Self.scene(call: "tx_dbm: 33, indoors: {building: traditional}"),
                path: "i.yaml"
            ),
            model: try MeasurementModel.standard()
        )
        let median = try BuildingEntryLoss.lossDB(frequencyHz: 902.4e6, probability: 0.5, building: .traditional)
        let p90 = try BuildingEntryLoss.lossDB(frequencyHz: 902.4e6, probability: 0.9, building: .traditional)
        let n = 4000
        let losses = try (0..<n).map { -(try simulator.callOffsetDB(seed: 3, trial: UInt64($0))) }
        let above = Double(losses.filter { $0 > median }.count) / Double(n)
        let above90 = Double(losses.filter { $0 > p90 }.count) / Double(n)
        #expect(abs(above - 0.5) < 4 * 0.008, "\(above)")
        #expect(abs(above90 - 0.1) < 4 * 0.005, "\(above90)")
        #expect(Set(losses).count > n / 2)
    }

    @Test(arguments: [
        ("indoors: {building: brick}", "call.indoors.building", "traditional or thermally-efficient"),
        ("indoors: {building: traditional, probability: 1}", "call.indoors.probability", ""),
        ("indoors: {building: traditional, floor: 3}", "floor", ""),
        ("power_control: {mast: {east_m: 0, north_m: 1400}, shadowing_db: -1}", "shadowing_db", ""),
    ])
    func badInputIsOneLine(_ call: String, _ field: String, _ fix: String) throws {
        let text = Self.scene(call: (call.hasPrefix("power") ? "" : "tx_dbm: 20, ") + call)
        do {
            _ = try RiskSceneFile.parse(text, path: "i.yaml")
            Issue.record("accepted: \(call)")
        } catch let e as SightlineError {
            let line = e.description
            #expect(line.contains(field) && (fix.isEmpty || line.contains(fix)) && !line.contains("\n"), "\(line)")
        }
    }
}
