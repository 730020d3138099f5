import Foundation
import SightlineTestSupport
import Testing

/// `sightline generate` and `sightline info` through the built binary.
@Suite struct GenerateBinaryTests {
    static let scenes = Fixtures.scenes

    @Test func generateThenInfo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("c1").path
        let g = try BinaryTests.run([
            "generate", Self.scenes.appendingPathComponent("c1-backpack-patrol.yaml").path,
            "-o", out, "--duration-s", "0.02", "--datatype", "ci16_le", "--seed", "3", "--json",
        ])
        #expect(g.status == 0, "\(g.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(g.stdout.utf8)) as! [String: Any]
        #expect(summary["channels"] as? Int == 5 && summary["samples"] as? Int == 20000)
        let i = try BinaryTests.run(["info", out + ".sigmf-meta", "--json"])
        #expect(i.status == 0)
        let info = try JSONSerialization.jsonObject(with: Data(i.stdout.utf8)) as! [String: Any]
        #expect(info["datatype"] as? String == "ci16_le")
        #expect(info["channels"] as? Int == 5)
        #expect(info["samples"] as? Int == 20000)
        #expect(info["sample_rate_hz"] as? Double == 1e6)
        #expect(info["frequency_hz"] as? Double == 902.4e6)
        #expect(abs((info["duration_s"] as? Double ?? 0) - 0.02) < 1e-12)
        #expect((info["annotations"] as? Int ?? 0) >= 4)
        #expect(info["array"] as? String == "adcock:0.08")
        // Same seed, same bytes; the human-readable form works too.
        let again = dir.appendingPathComponent("again").path
        _ = try BinaryTests.run([
            "generate", Self.scenes.appendingPathComponent("c1-backpack-patrol.yaml").path,
            "-o", again, "--duration-s", "0.02", "--datatype", "ci16_le", "--seed", "3",
        ])
        #expect(
            FileManager.default.contents(atPath: out + ".sigmf-data")
                == FileManager.default.contents(atPath: again + ".sigmf-data")
        )
        let human = try BinaryTests.run(["info", out])
        #expect(human.status == 0 && human.stdout.contains("adcock:0.08"))
    }

    /// Bad scenes: one line naming file, line and key; exit 1; no output files at all.
    @Test(arguments: [
        (
            "sample_rate_hz: 1e6\ncenter_frequency_hz: 9e8\nduration_s: 0.01\nsources: []\nreceivr: {}\n",
            "bad.yaml:5: receivr"
        ),
        ("sample_rate_hz: 1e6\ncenter_frequency_hz: 9e8\nduration_s: 0\nsources: []\n", "bad.yaml:3: duration_s"),
        (
            "sample_rate_hz: 1e6\ncenter_frequency_hz: 9e8\nduration_s: 0.01\nsources:\n  - id: a\n    waveform: {type: tone}\n    snr_db: 3\n",
            "bad.yaml:6: sources[0].waveform.frequency_hz"
        ),
    ])
    func badSceneExitsOne(text: String, mentions: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = dir.appendingPathComponent("bad.yaml")
        try text.write(to: scene, atomically: true, encoding: .utf8)
        let r = try BinaryTests.run(["generate", scene.path, "-o", dir.appendingPathComponent("out").path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(mentions), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.yaml"])
    }

    /// A data file shorter than its annotations claim is refused by every reader.
    @Test func truncatedRecording() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("t").path
        let g = try BinaryTests.run([
            "generate", Self.scenes.appendingPathComponent("c4-railway-station.yaml").path,
            "-o", out, "--duration-s", "0.05",
        ])
        #expect(g.status == 0)
        let data = out + ".sigmf-data"
        let bytes = try #require(FileManager.default.contents(atPath: data))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: data))
        for command in [["info", out + ".sigmf-meta"], ["spectrum", out + ".sigmf-meta"]] {
            let r = try BinaryTests.run(command)
            #expect(r.status == 1)
            #expect(r.stderr.contains("truncated") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }
}
