import Foundation
import SightlineTestSupport
import Testing

/// `sightline risk` and `sightline report` through the built binary.
@Suite struct RiskBinaryTests {
    static let scenes = Fixtures.scenes

    /// The risk document has DESIGN.md's fields; curves are non-decreasing in duration and
    /// each P(detected) lies inside its interval; the CSV has one row per tactic and duration.
    @Test func riskJSONAndCSV() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("curves.csv").path
        let r = try BinaryTests.run([
            "risk", Self.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path,
            "--trials", "200", "--durations", "30s,4m,8m", "--seed", "3", "--json", "--csv", csv,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["fidelity"] as? String == "measurement" && doc["trials"] as? Int == 200 && doc["seed"] as? Int == 3)
        let curves = try #require(doc["curves"] as? [[String: Any]])
        #expect(curves.map { $0["duration_s"] as? Double } == [30, 240, 480])
        var last = -1.0
        for c in curves {
            let p = try #require(c["p_detected"] as? Double)
            let ci = try #require(c["p_detected_ci95"] as? [Double])
            #expect(ci.count == 2 && ci[0] <= p && p <= ci[1])
            #expect(c["p_located"] is Double && c["p_agent_arrived"] is Double)
            #expect(p >= last)
            last = p
        }
        let tactics = try #require(doc["tactics"] as? [[String: Any]])
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 3 * (1 + tactics.count))
    }

    /// Bad input: one line on stderr, exit 1, no output file.
    @Test func badInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = Self.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path
        let bad = try BinaryTests.run(["risk", scene, "--durations", "8 minutes"])
        #expect(bad.status == 1 && bad.stderr.split(separator: "\n").count == 1 && bad.stdout.isEmpty)
        let missing = try BinaryTests.run(["risk", dir.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 1 && missing.stderr.contains("none.yaml"))
        let broken = dir.appendingPathComponent("broken.yaml").path
        try "name: x\ncall: {position: {east_m: 1}, tx_dbm: 30}\nobservers:\n  - {name: a, kind: lurking}\n".write(
            toFile: broken,
            atomically: true,
            encoding: .utf8
        )
        let html = dir.appendingPathComponent("r.html").path
        let r = try BinaryTests.run(["report", broken, "-o", html])
        #expect(r.status == 1 && r.stderr.contains("broken.yaml:4") && r.stderr.contains("kind"))
        #expect(!FileManager.default.fileExists(atPath: html))
    }

    /// The report is one self-contained HTML file: no scripts, nothing fetched, the plots inline.
    @Test func reportIsSelfContained() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("c5.html").path
        let r = try BinaryTests.run([
            "report", Self.scenes.appendingPathComponent("c5-hyesan-post-risk.yaml").path, "--trials", "200",
            "--durations", "30s,2m,8m", "-o", html,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>") && text.contains("<svg") && !text.contains("<script"))
        #expect(!text.contains("src=\"http") && !text.contains("href=\"http"))
        // The scene's device, every section, and the key duration's row marked.
        #expect(text.contains("fixed-post") && text.contains("class=\"mark\""))
        for section in ["story", "summary", "key", "curves", "tactics", "assumed", "computed"] {
            #expect(text.contains("id=\"\(section)\""), "section \(section)")
        }
    }
}
