import Foundation
import SightlineCore
import SightlineSignals
import SightlineTestSupport
import Testing

@Suite struct SceneFileTests {
    static let scenesFolder = Fixtures.scenes

    static let minimal = """
        sample_rate_hz: 1000000
        center_frequency_hz: 900000000
        duration_s: 0.01
        sources:
          - id: a
            waveform: {type: tone, offset_hz: 1000}
            snr_db: 3
        """

    @Test func jsonScenesReadToo() throws {
        let s = try SceneFile.parse(
            """
            {"sample_rate_hz": 1e6, "center_frequency_hz": 9e8, "duration_s": 0.01,
             "sources": [{"id": "a", "waveform": {"type": "tone", "offset_hz": 1000}, "snr_db": 3}]}
            """,
            path: "s.json"
        )
        #expect(s.sources.count == 1 && s.sources[0].frequencyHz == 900_001_000)
    }

    /// Errors name the file, the line and the key path, on one line, with a fix.
    static func edit(_ a: String, _ b: String) -> String { minimal.replacingOccurrences(of: a, with: b) }

    static let badScenes: [(String, String, String, String)] = [
        (edit("snr_db: 3", "snr_db: 3\n    colour: red"), ":8", "sources[0].colour", "unknown key"),
        (edit("duration_s: 0.01", "duration_s: -1"), ":3", "duration_s", "out of range"),
        (edit("offset_hz: 1000", "offset_hz: 900000"), ":6", "sources[0].waveform.offset_hz", "out of range"),
        (edit("type: tone", "type: laser"), ":6", "sources[0].waveform.type", "not a waveform"),
        (edit("snr_db: 3", "snr_db: loud"), ":7", "sources[0].snr_db", "not a number"),
        (edit("snr_db: 3", "tx_power_dbm: 30"), ":5", "sources[0].position", "needs a position"),
        (edit("snr_db: 3", "snr_db: 3\n    received_power_dbm: -80"), ":7", "sources[0].snr_db", "both given"),
        (
            edit("{type: tone, offset_hz: 1000}", "{type: gsm-uplink, arfcn: 62}"), ":6", "arfcn",
            "outside the captured band"
        ),
        (edit("{type: tone, offset_hz: 1000}", "{type: gsm-uplink, arfcn: 400}"), ":6", "arfcn", "not a GSM"),
        (edit("sample_rate_hz: 1000000", "sample_rate_hz: [1"), ":", "not valid YAML", "YAML"),
        ("sample_rate_hz: 1\ncenter_frequency_hz: 1\nduration_s: 1\nsources: 3\n", ":4", "sources", "not a list"),
        (
            edit("snr_db: 3", "snr_db: 3\n    channel: {reflections: [{azimuth_deg: 10, level_db: 45}]}"), ":8",
            "sources[0].channel.reflections[0].level_db", "out of range"
        ),
        (
            edit("snr_db: 3", "snr_db: 3\n    channel: {reflections: [{level_db: -3}]}"), ":8",
            "sources[0].channel.reflections[0].azimuth_deg", "missing"
        ),
    ]

    /// A reflection is the same signal again: at 0 dB, zero delay and phase 0 the
    /// single-antenna samples are the direct ones doubled (6 dB more power); in antiphase
    /// they cancel.
    @Test func reflectionsAddTheSameSignal() throws {
        func power(_ reflection: String) throws -> Double {
            let text =
                Self.minimal.replacingOccurrences(
                    of: "snr_db: 3",
                    with: "snr_db: 20\n    channel: {reflections: [\(reflection)]}"
                ) + "\nreceiver: {noise: false}\n"
            let scene = try SceneFile.parse(text, path: "r.yaml")
            let samples = try SceneSynthesizer(scene: scene).renderAll()
            return samples.reduce(0) { $0 + Double($1.lengthSquared) } / Double(samples.count)
        }
        let direct = try power("")
        let inPhase = try power("{azimuth_deg: 30, level_db: 0, phase_deg: 0}")
        let antiphase = try power("{azimuth_deg: 30, level_db: 0, phase_deg: 180}")
        #expect(abs(inPhase / direct - 4) < 1e-3, "\(inPhase / direct)")
        #expect(antiphase / direct < 1e-6, "\(antiphase / direct)")
    }

    @Test(arguments: badScenes)
    func errorsNameLineAndKey(text: String, line: String, key: String, message: String) {
        do {
            _ = try SceneFile.parse(text, path: "bad.yaml")
            Issue.record("expected an error")
        } catch let e as SightlineError {
            #expect(e.description.hasPrefix("bad.yaml" + line), "\(e)")
            #expect(e.description.contains(key), "\(e)")
            #expect(e.description.contains(message), "\(e)")
            #expect(e.description == e.expectedLine && e.fix != nil, "\(e)")
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    /// Every shipped IQ scene parses and synthesises its first 10 ms (the timed `-risk.yaml`
    /// scenes are read by SightlineScenario and tested there).
    @Test func shippedScenesParse() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenesFolder.path)
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("-risk.yaml") }.sorted()
        #expect(files.count >= 5)
        for f in files {
            var scene = try SceneFile.read(path: Self.scenesFolder.appendingPathComponent(f).path)
            scene.durationSeconds = min(scene.durationSeconds, 0.01)
            let (x, synth) = try renderAll(scene)
            #expect(x.count == synth.sampleCount * synth.channelCount)
            #expect(x.allSatisfy { $0.real.isFinite && $0.imaginary.isFinite }, "\(f)")
        }
    }

    /// The built-in demo scene is the shipped C4 file, byte for byte.
    @Test func builtInSceneMatchesItsFile() throws {
        let text = try String(
            contentsOf: Self.scenesFolder.appendingPathComponent("c4-railway-station.yaml"),
            encoding: .utf8
        )
        #expect(text == BuiltInScenes.railwayStation)
    }

    /// C10: 16 km from the mast the phone is at its 33 dBm maximum; 1 km away it is turned
    /// down (suburban Hata with a 40 m mast: 114.8 dB → −85 + 114.8 − 15 = 14.8 → 15 dBm).
    @Test func powerControlInScenes() throws {
        let scene = try SceneFile.read(path: Self.scenesFolder.appendingPathComponent("c10-far-mast.yaml").path)
        let synth = try SceneSynthesizer(scene: scene)
        let far = try #require(synth.sources.first { $0.source.id == "phone-16km" })
        let near = try #require(synth.sources.first { $0.source.id == "phone-1km" })
        #expect(far.transmitPowerDBm == 33)
        #expect(near.transmitPowerDBm == 15)
    }
}
