import Foundation
import SightlineTestSupport
import Testing

/// `sightline bearing` and `sightline locate` through the built binary.
@Suite struct LocateBinaryTests {
    static let scenes = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Signals/scenes")

    /// C1's hand-held Adcock: a Watson-Watt bearing per detected burst, in DESIGN.md's fields,
    /// within the calibration error (1 dB / 5° element errors in that scene) of the truth, 45°.
    @Test func bearingsFromAdcockRecording() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rec = dir.appendingPathComponent("c1").path
        #expect(try BinaryTests.run(["generate", Self.scenes.appendingPathComponent("c1-backpack-patrol.yaml").path, "-o", rec,
                                     "--duration-s", "0.02"]).status == 0)
        let det = dir.appendingPathComponent("det.json").path
        #expect(try BinaryTests.run(["detect", rec + ".sigmf-meta", "--channel", "4", "--detections", det]).status == 0)
        let r = try BinaryTests.run(["bearing", rec + ".sigmf-meta", "--detections", det, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let bearings = try #require(doc["bearings"] as? [[String: Any]])
        #expect(bearings.count >= 3)
        for b in bearings {
            for key in ["azimuth_deg", "sigma_deg", "snr_db", "start_s", "duration_s", "frequency_hz"] { #expect(b[key] is Double, "\(key)") }
            let sensor = try #require(b["sensor"] as? [String: Any])
            #expect(sensor["east_m"] is Double && sensor["north_m"] is Double)
            #expect(abs((b["azimuth_deg"] as? Double ?? 0) - 45) < 8)
        }
    }

    @Test func fixFromBearingFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ e: Double, _ n: Double, _ az: Double) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try #"{"bearings":[{"azimuth_deg":\#(az),"sigma_deg":2,"snr_db":20,"start_s":0,"duration_s":0.001,"frequency_hz":9e8,"sensor":{"east_m":\#(e),"north_m":\#(n)}}]}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let a = try write("a.json", 0, 0, 45), b = try write("b.json", 1000, 0, 315)
        let svg = dir.appendingPathComponent("map.svg").path
        let r = try BinaryTests.run(["locate", a, b, "--method", "ml", "--json", "--map-svg", svg])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let fix = try #require(doc["fix"] as? [String: Any])
        #expect(abs((fix["east_m"] as? Double ?? 0) - 500) < 1e-6 && abs((fix["north_m"] as? Double ?? 0) - 500) < 1e-6)
        #expect(fix["covariance_m2"] is [[Double]] && fix["cep_m"] is Double)
        let ellipse = try #require(fix["ellipse_95"] as? [String: Any])
        #expect(ellipse["major_m"] is Double && ellipse["minor_m"] is Double && ellipse["orientation_deg"] is Double)
        #expect(FileManager.default.fileExists(atPath: svg))
        // One bearing, or two that point away from each other: one line, exit 1.
        let one = try BinaryTests.run(["locate", a])
        #expect(one.status == 1 && one.stderr.contains("at least two"))
        let away = try BinaryTests.run(["locate", try write("c.json", 0, 0, 225), try write("d.json", 1000, 0, 135)])
        #expect(away.status == 1 && away.stderr.split(separator: "\n").count == 1)
    }
}
