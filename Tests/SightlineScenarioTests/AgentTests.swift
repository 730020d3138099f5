import Foundation
import SightlineCore
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 13's agents: several sent at once, dispatched from a named place, on lanes known
/// only by their detour. Each check compares one scene with a variant on the same seeds and
/// enough calls (2 000: a proportion near 0.5 has sd 0.011) that the expected ordering,
/// which the model implies, cannot be a Monte Carlo accident.
@Suite struct AgentTests {
    static let base = """
        name: agents
        environment: suburban
        call: {position: {east_m: 0, north_m: 400}, tx_dbm: 33}
        propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
        places:
          office: {east_m: -900, north_m: -400}
        observers:
          - {name: station, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}, height_m: 3}
          - name: agent
            kind: homing
            dispatched_by: station
            reaction_s: 60
            reaction_spread: 0.5
            speed_spread: 0.15
            street_grid_deg: 0
            search: {median_s: 90, spread: 0.5, failure_probability: 0.1}
        located_within_m: 100
        """

    static func pDoor(_ text: String, minutes: Double = 10) throws -> Double {
        let scene = try RiskSceneFile.parse(text, path: "agents.yaml")
        let r = try RiskEngine.run(
            scene: scene,
            model: try MeasurementModel.standard(),
            durations: [minutes * 60],
            trials: 2000,
            seed: 21
        )
        return r.curve[0].pAgentArrived
    }

    static func with(_ line: String) -> String {
        base.replacingOccurrences(of: "    reaction_s: 60\n", with: "    reaction_s: 60\n    \(line)\n")
    }

    @Test func moreAgentsKnockSooner() throws {
        let one = try Self.pDoor(Self.base)
        let three = try Self.pDoor(Self.with("agents: 3"))
        // Three independent searches: a door found by any of them. With one agent failing the
        // search one time in ten, three fail together one time in a thousand.
        #expect(three > one + 0.1, "one agent \(one), three \(three)")
        let scene = try RiskSceneFile.parse(Self.with("agents: 3"), path: "agents.yaml")
        #expect(scene.observers.map(\.name) == ["station", "agent", "agent #2", "agent #3"])
    }

    @Test func dispatchFromAFarPlaceIsSlower() throws {
        let near = try Self.pDoor(Self.base)
        let office = try Self.pDoor(Self.with("dispatch_from: office"))
        let point = try Self.pDoor(Self.with("dispatch_from: {east_m: -900, north_m: -400}"))
        #expect(office < near - 0.1, "from the station \(near), from the office 1.3 km away \(office)")
        #expect(office == point)
    }

    @Test func lanesWithAKnownDetourAreSlower() throws {
        let grid = try Self.pDoor(Self.base)
        let lanes = try Self.pDoor(Self.with("detour_factor: 2"))
        #expect(lanes < grid - 0.1, "grid (1.27 on average) \(grid), detour 2: \(lanes)")
    }

    @Test(arguments: [
        ("dispatch_from: school", "observers[1].dispatch_from", "use one of: office"),
        ("agents: 2.5", "observers[1].agents", "whole number"),
    ])
    func badAgentFields(line: String, field: String, message: String) {
        do {
            _ = try RiskSceneFile.parse(Self.with(line), path: "agents.yaml")
            Issue.record("accepted \(line)")
        } catch let e as SightlineError {
            #expect(e.description.contains(field) && e.description.contains(message), "\(e)")
        } catch {
            Issue.record("untyped \(error)")
        }
    }

    @Test func onlyHomingAgentsComeInNumbers() {
        let text = Self.base.replacingOccurrences(of: "height_m: 3}", with: "height_m: 3, agents: 2}")
        #expect(throws: SightlineError.self) { try RiskSceneFile.parse(text, path: "agents.yaml") }
    }
}
