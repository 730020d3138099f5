import Foundation
import Sightline
import SightlineTestSupport
import Testing

/// `sightline bearing` and `sightline locate` through the built binary.
@Suite struct LocateBinaryTests {
    static let scenes = Fixtures.scenes

    /// C1's hand-held Adcock: a Watson-Watt bearing per detected burst, in DESIGN.md's fields,
    /// within the calibration error (1 dB / 5° element errors in that scene) of the truth, 45°.
    @Test func bearingsFromAdcockRecording() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rec = dir.appendingPathComponent("c1").path
        #expect(
            try BinaryTests.run([
                "generate", Self.scenes.appendingPathComponent("c1-backpack-patrol.yaml").path, "-o", rec,
                "--duration-s", "0.02",
            ]).status == 0
        )
        let det = dir.appendingPathComponent("det.json").path
        #expect(
            try BinaryTests.run(["detect", rec + ".sigmf-meta", "--channel", "4", "--detections", det]).status == 0
        )
        let r = try BinaryTests.run(["bearing", rec + ".sigmf-meta", "--detections", det, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let bearings = try #require(doc["bearings"] as? [[String: Any]])
        #expect(bearings.count >= 3)
        for b in bearings {
            for key in ["azimuth_deg", "sigma_deg", "snr_db", "start_s", "duration_s", "frequency_hz"] {
                #expect(b[key] is Double, "\(key)")
            }
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
            try
                #"{"bearings":[{"azimuth_deg":\#(az),"sigma_deg":2,"snr_db":20,"start_s":0,"duration_s":0.001,"frequency_hz":9e8,"sensor":{"east_m":\#(e),"north_m":\#(n)}}]}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let a = try write("a.json", 0, 0, 45)
        let b = try write("b.json", 1000, 0, 315)
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

    /// `--method map` answers even from one bearing (posterior along the line, drawn as a
    /// heat map), `--heatmap-svg` works with any method, and `--method rss` reads a level CSV
    /// (exact n = 3 levels give the position back) and rejects a bad header in one line.
    @Test func mapAndRSSFromTheCommandLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one.json").path
        try
            #"{"bearings":[{"azimuth_deg":45,"sigma_deg":2,"snr_db":20,"start_s":0,"duration_s":0.001,"frequency_hz":9e8,"sensor":{"east_m":0,"north_m":0}}]}"#
            .write(toFile: one, atomically: true, encoding: .utf8)
        let svg = dir.appendingPathComponent("heat.svg").path
        let r = try BinaryTests.run([
            "locate", one, "--method", "map", "--region-m", "800", "--json", "--heatmap-svg", svg,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let fix = try #require(
            (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["fix"] as? [String: Any]
        )
        let e = fix["east_m"] as? Double ?? 0
        let n = fix["north_m"] as? Double ?? 0
        #expect(abs(e - n) < 10 && e > 100, "the posterior mean lies on the 45° line: \(e), \(n)")
        let ellipse = try #require(fix["ellipse_95"] as? [String: Double])
        #expect(
            abs((ellipse["orientation_deg"] ?? 0) - 45) < 3 && (ellipse["major_m"] ?? 0) > 5 * (ellipse["minor_m"] ?? 1)
        )
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("fill-opacity"))

        let csv = dir.appendingPathComponent("levels.csv").path
        var text = "east_m,north_m,level_dbm\n"
        for (pe, pn) in [(-400.0, -300.0), (900.0, 0.0), (500.0, 1000.0), (-200.0, 800.0), (300.0, -500.0)] {
            text +=
                "\(pe),\(pn),\(-20 - 30 * log10(((pe - 300) * (pe - 300) + (pn - 400) * (pn - 400)).squareRoot()))\n"
        }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let rss = try BinaryTests.run(["locate", csv, "--method", "rss", "--exponent", "3", "--json"])
        #expect(rss.status == 0, "\(rss.stderr)")
        let rfix = try #require(
            (try JSONSerialization.jsonObject(with: Data(rss.stdout.utf8)) as? [String: Any])?["fix"] as? [String: Any]
        )
        #expect(abs((rfix["east_m"] as? Double ?? 0) - 300) < 1 && abs((rfix["north_m"] as? Double ?? 0) - 400) < 1)
        #expect(rfix["covariance_m2"] is [[Double]] && rfix["cep_m"] is Double)
        try "east_m,north\n1,2\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let bad = try BinaryTests.run(["locate", csv, "--method", "rss"])
        #expect(bad.status == 1 && bad.stderr.contains("level_dbm") && bad.stdout.isEmpty)
    }
}

/// The fuzzer's RSS finding: a reading 9.2·10¹⁸ m north made the map title's CEP trap in
/// an Int conversion. Now a result or one line, never a trap.
@Suite struct LocateFuzzFindingTests {
    /// The 10-minute campaign's rss finding (Fuzz/findings/rss-timeout-77ca…, now an rss
    /// seed): a coordinate of 1.25e9 m let the pattern search walk a long valley, out of the
    /// searched square, for 38 s under AddressSanitizer. The search now stays in the square
    /// and halves its step after 64 moves, so its work is bounded (the old search took about
    /// 2.2 × 10⁶ evaluations here) and the fix lies inside the region it searched.
    @Test func rssSearchStaysInItsRegion() throws {
        let readings = [(5.0, 0.0, -66.0), (100, 1_254_775_807, -65), (0, 120, -70), (100, 130, -44)]
            .map { RSSLocalizer.Reading(eastMeters: $0.0, northMeters: $0.1, levelDBm: $0.2) }
        let region = LocateStudy.region(around: readings.map { ($0.eastMeters, $0.northMeters) }, halfWidth: nil)
        let fix = try RSSLocalizer.search(readings, exponent: 3, eastRange: region.east, northRange: region.north)
        #expect(
            region.east.contains(fix.eastMeters) && region.north.contains(fix.northMeters),
            "\(fix) outside \(region)"
        )
        // 101² grid points, then at most 4 × 64 per halving over log2(5e7 m / 1 mm) ≈ 36 halvings.
        #expect(fix.evaluations <= 101 * 101 + 4 * 64 * 37, "\(fix.evaluations) evaluations")
    }

    /// The 10-minute campaign's finding (Fuzz/findings/detections-crash-d749…): a detection
    /// 4.4e78 s long trapped converting its end to a sample index. The span is now clamped
    /// to the recording (a bearing over all of it); a NaN or negative span is one line.
    @Test func hugeDetectionSpan() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rec = try BearingBinaryTests.recording(dir)
        let huge = dir.appendingPathComponent("huge.json").path
        try
            #"{"detections": [{"start_s": 0.0001, "duration_s": 4444444444444444444444444444444444444444444444444444444444444444444444444444440.0005, "frequency_hz":5, "frequency_hz": 900010000, "bandwidth_hz": 802833, "snr_db": 12}]}"#
            .write(toFile: huge, atomically: true, encoding: .utf8)
        let r = try BinaryTests.run(["bearing", rec, "--detections", huge, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try BearingsDocument.decode(Data(r.stdout.utf8), location: "stdout")
        #expect(doc.bearings.count == 1)
        for duration in ["-1", "1e308"] {
            let bad = dir.appendingPathComponent("bad.json").path
            try
                #"{"detections": [{"start_s": 1e308, "duration_s": \#(duration), "frequency_hz": 900010000, "bandwidth_hz": 200000, "snr_db": 12}]}"#
                .write(toFile: bad, atomically: true, encoding: .utf8)
            let e = try BinaryTests.run(["bearing", rec, "--detections", bad])
            #expect(
                e.status == 1 && e.stderr.split(separator: "\n").count == 1 && e.stderr.contains("span"),
                "\(e.stderr)"
            )
        }
    }

    @Test func hugeCoordinateInRSSLevels() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("levels.csv").path
        try "east_m,north_m,level_dbm\n5,0,-66\n100,09223372036854775807,-65\n0,120,-70\n100,100,-72\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let svg = dir.appendingPathComponent("map.svg").path
        let r = try BinaryTests.run(["locate", csv, "--method", "rss", "--map-svg", svg])
        #expect(
            r.status == 0 || (r.status == 1 && r.stderr.split(separator: "\n").count == 1),
            "\(r.status): \(r.stderr)"
        )
    }

    /// The campaign's other locate and homing items: a map written over its bearings file,
    /// a homing interval of 5e-324 s and an RSS search region of 1e308 m (both hung) are
    /// one-line errors, and the input is untouched.
    @Test func mapOverInputAndWorkWithoutBound() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc =
            #"{"bearings":[{"azimuth_deg":45,"sigma_deg":2,"snr_db":10,"start_s":0,"duration_s":1,"frequency_hz":9e8,"sensor":{"east_m":0,"north_m":0}}]}"#
        let b1 = dir.appendingPathComponent("b1.json").path
        try doc.write(toFile: b1, atomically: true, encoding: .utf8)
        let b2 = dir.appendingPathComponent("b2.json").path
        try doc.replacingOccurrences(of: "\"azimuth_deg\":45", with: "\"azimuth_deg\":315")
            .replacingOccurrences(of: "\"east_m\":0", with: "\"east_m\":1000").write(
                toFile: b2,
                atomically: true,
                encoding: .utf8
            )
        let over = try BinaryTests.run(["locate", b1, b2, "--map-svg", b1])
        #expect(over.status == 1 && over.stderr.split(separator: "\n").count == 1, "\(over.stderr)")
        #expect(try String(contentsOfFile: b1, encoding: .utf8) == doc)
        let csv = dir.appendingPathComponent("l.csv").path
        try "east_m,north_m,level_dbm\n0,0,-60\n100,0,-65\n0,100,-70\n".write(
            toFile: csv,
            atomically: true,
            encoding: .utf8
        )
        for args in [
            ["homing", "--interval-s", "5e-324"], ["homing", "--trials", "1000000000"],
            ["locate", csv, "--method", "rss", "--region-m", "1e308"],
        ] {
            let r = try BinaryTests.run(args)
            #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }
}
