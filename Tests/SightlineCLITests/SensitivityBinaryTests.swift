import Foundation
import SightlineTestSupport
import Testing

/// `sightline sensitivity` through the built binary, and the report drawing its tornado.
@Suite struct SensitivityBinaryTests {
    static let scene = Fixtures.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path

    /// The document has the fields, factors widest swing first, every low/high the
    /// scene's own swing; the CSV has a row per factor; the SVG is a tornado; the report
    /// given the document draws it.
    @Test func oatDocumentChartAndReport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("t.svg").path
        let csv = dir.appendingPathComponent("t.csv").path
        let r = try BinaryTests.run([
            "sensitivity", Self.scene, "--duration", "8m", "--outcome", "agent-arrived", "--trials", "200",
            "--json", "--svg", svg, "--csv", csv,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = dir.appendingPathComponent("t.json").path
        try r.stdout.write(toFile: json, atomically: true, encoding: .utf8)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["outcome"] as? String == "agent-arrived" && doc["duration_s"] as? Double == 480)
        let factors = try #require(doc["factors"] as? [[String: Any]])
        #expect(factors.count >= 12)
        var last = Double.infinity
        for f in factors {
            let pLow = try #require(f["p_low"] as? Double)
            let pHigh = try #require(f["p_high"] as? Double)
            let low = try #require(f["low"] as? Double)
            let high = try #require(f["high"] as? Double)
            #expect(f["name"] is String && low <= high && f["first_order"] is NSNull && f["total"] is NSNull)
            #expect((0...1).contains(pLow) && (0...1).contains(pHigh))
            #expect(abs(pHigh - pLow) <= last)
            last = abs(pHigh - pLow)
        }
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + factors.count)
        let chart = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg") && chart.contains("class=\"tornado\""))
        let name = try #require(factors[0]["name"] as? String)
        #expect(chart.contains(name))

        let html = dir.appendingPathComponent("r.html").path
        let report = try BinaryTests.run([
            "report", Self.scene, "--trials", "100", "--durations", "4m,8m", "--sensitivity", json, "-o", html,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("id=\"tornado\"") && text.contains(name))
    }

    /// Bad input: one line on stderr, exit 1, no output file.
    @Test func badInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("t.svg").path
        let few = try BinaryTests.run(["sensitivity", Self.scene, "--trials", "10", "--svg", svg])
        #expect(few.status == 1 && few.stderr.split(separator: "\n").count == 1 && few.stderr.contains("trials"))
        #expect(!FileManager.default.fileExists(atPath: svg))
        let none = dir.appendingPathComponent("none.yaml").path
        try "name: x\ncall: {position: {east_m: 1, north_m: 0}, tx_dbm: 30}\nobservers:\n  - {name: a}\n".write(
            toFile: none,
            atomically: true,
            encoding: .utf8
        )
        let r = try BinaryTests.run(["sensitivity", none, "--svg", svg])
        #expect(r.status == 1 && r.stderr.contains("assumptions") && r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: svg))
        let html = dir.appendingPathComponent("r.html").path
        let bad = try BinaryTests.run(["report", Self.scene, "--sensitivity", none, "-o", html])
        #expect(bad.status == 1 && bad.stderr.contains("none.yaml") && bad.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: html))
    }
}
