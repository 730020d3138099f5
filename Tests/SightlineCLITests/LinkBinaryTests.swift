import Foundation
import SightlineTestSupport
import Testing

/// `range`, `jam` and `powercontrol` through the built binary.
@Suite struct LinkBinaryTests {
    static func json(_ args: [String]) throws -> [String: Any] {
        let r = try BinaryTests.run(args + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    /// The short forms work from presets alone and carry DESIGN.md's field names.
    @Test func shortFormsAndFieldNames() throws {
        let range = try Self.json(["range"])
        let detection = try #require(range["detection_range_m"] as? Double)
        let intercept = try #require(range["intercept_range_m"] as? Double)
        #expect(detection > intercept && intercept > 0)
        let snr = range["snr_db_at_range"] as? Double ?? 0
        let required = range["required_snr_db"] as? Double ?? 1
        if range["detection_limited_by_model_range"] as? Bool == true {
            // Stopped by the radio horizon: the link still has margin there.
            #expect(
                abs(detection - (range["radio_horizon_m"] as? Double ?? 0)) < 1 && snr >= required - 0.01,
                "\(range)"
            )
        } else {
            #expect(abs(snr - required) < 0.01)
        }
        let jam = try Self.json(["jam"])
        #expect((jam["denial_radius_m"] as? Double ?? 0) > 0)
        let pc = try Self.json(["powercontrol", "--mast-km", "16"])
        #expect(pc["tx_power_dbm"] as? Double == 33)
        // Negative values parse as values.
        let weak = try Self.json(["range", "--tx-power-dbm", "-10"])
        #expect((weak["detection_range_m"] as? Double ?? .infinity) < detection)
    }

    @Test func sweepWritesCSVAndSVG() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("s").path
        let r = try BinaryTests.run(["range", "--receiver", "fixed-post", "--smooth-earth-km", "40", "--sweep", prefix])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOfFile: prefix + ".csv", encoding: .utf8)
        #expect(csv.hasPrefix("distance_m,path_loss_db,snr_db,pd\n") && csv.split(separator: "\n").count == 201)
        let svg = try String(contentsOfFile: prefix + ".svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.hasSuffix("</svg>\n"))
        let j = try BinaryTests.run(["jam", "--sweep", prefix + "-jam"])
        #expect(j.status == 0 && FileManager.default.fileExists(atPath: prefix + "-jam.svg"))
    }

    /// Bad input: one line, exit 1, no output files.
    @Test(arguments: [
        (["pathloss", "--distance-km", "-3"], "distance"),
        (["pathloss", "--model", "hata-urban", "--frequency-mhz", "2500", "--distance-km", "5"], "frequency"),
        (["range", "--receiver", "telescope"], "'telescope' is invalid for '--receiver"),
        (["range", "--transmitter", "backpack"], "--transmitter backpack is a receiver preset"),
        (["jam", "--jammer", "handset"], "--jammer handset is a transmitter preset"),
        (["range", "--pd", "0.999", "--detector", "ideal"], "Albersheim"),
        (["range", "--profile", "/nonexistent/p.csv"], "/nonexistent/p.csv"),
        (["range", "--srtm", "/tmp", "--srtm-path", "12.5,130.5:12.6,130.6"], "N12E130.hgt"),
        (["jam", "--link", "radar"], "--link"),
        (["powercontrol", "--mast-km", "0"], "--mast-km"),
    ])
    func badInputExitsOne(arguments: [String], mentions: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryTests.run(
            arguments + ["--sweep", dir.appendingPathComponent("x").path].filter { _ in arguments[0] != "pathloss" }
        )
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(mentions), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// A corrupt .hgt tile is named with its size problem.
    @Test func corruptTile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(count: 12345).write(to: dir.appendingPathComponent("N41E128.hgt"))
        let r = try BinaryTests.run(["range", "--srtm", dir.path, "--srtm-path", "41.5,128.1:41.6,128.2"])
        #expect(r.status == 1 && r.stderr.contains("N41E128.hgt") && r.stderr.contains("bytes"), "\(r.stderr)")
    }
}
