import Foundation
import SightlineTestSupport
import Testing

/// `sightline detect` and `sightline theory` through the built binary.
@Suite struct DetectBinaryTests {
    static let recordings = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Signals/recordings")

    /// The detections document has DESIGN.md's field names, --json prints only it, and the
    /// shipped C10 recording (two phones) yields two TDMA emissions with every burst scored.
    @Test func detectionsDocument() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("d.json").path
        let png = dir.appendingPathComponent("d.png").path
        let r = try BinaryTests.run(["detect", Self.recordings.appendingPathComponent("c10-far-mast.sigmf-meta").path,
                                     "--json", "--score", "--detections", out, "--waterfall", png])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let detections = try #require(doc["detections"] as? [[String: Any]])
        let emissions = try #require(doc["emissions"] as? [[String: Any]])
        for key in ["start_s", "duration_s", "frequency_hz", "bandwidth_hz", "snr_db"] {
            #expect(detections.allSatisfy { $0[key] is Double }, "\(key)")
        }
        for key in ["start_s", "duration_s", "frequency_hz", "burst_count", "period_s", "duty_cycle", "kind"] {
            #expect(emissions.allSatisfy { $0[key] != nil }, "\(key)")
        }
        #expect(emissions.count == 2 && emissions.allSatisfy { $0["kind"] as? String == "tdma-burst" })
        let score = try #require(doc["score"] as? [String: Any])
        #expect(score["missed"] as? Int == 0 && score["false_alarms"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: out) && FileManager.default.fileExists(atPath: png))
    }

    @Test func theoryValues() throws {
        let r = try BinaryTests.run(["theory", "snr", "--pd", "0.9", "--pfa", "1e-6", "--json"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(abs((doc["snr_db"] as? Double ?? 0) - 13.1145) < 0.001)
        let pd = try BinaryTests.run(["theory", "pd", "--snr-db", "-3", "--method", "energy", "--time-bandwidth", "109",
                                      "--pfa", "1e-12", "--json"])
        let pdDoc = try JSONSerialization.jsonObject(with: Data(pd.stdout.utf8)) as! [String: Any]
        #expect(abs((pdDoc["pd"] as? Double ?? 0) - 0.0108) < 0.0005)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let roc = try BinaryTests.run(["theory", "roc", "--method", "energy", "--time-bandwidth", "10",
                                       "--csv", dir.appendingPathComponent("roc.csv").path, "--svg", dir.appendingPathComponent("roc.svg").path])
        #expect(roc.status == 0)
        #expect(try String(contentsOfFile: dir.appendingPathComponent("roc.svg").path, encoding: .utf8).contains("polyline"))
    }

    @Test(arguments: [
        (["detect", "/nonexistent/x.sigmf-meta"], "no such metadata file"),
        (["detect", "--cfar", "xx", "/nonexistent/x.sigmf-meta"], "--cfar"),
        (["detect", "--pfa", "2", "/nonexistent/x.sigmf-meta"], "--pfa"),
        (["theory", "snr", "--pd", "0.99"], "Albersheim"),
        (["theory", "pd", "--snr-db", "3", "--method", "magic"], "--method"),
    ])
    func badInputExitsOne(arguments: [String], mentions: String) throws {
        let r = try BinaryTests.run(arguments)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(mentions), "\(r.stderr)")
    }
}
