import Foundation
import Numerics
import Sightline
import SightlineTestSupport
import Testing

/// Issue 20 through the built binary: impossible array requests and empty recordings are
/// one-line errors (never a trap or a junk bearing), the bearings document carries each
/// source's own SNR and sigma with its floor and ceiling, the method aliases and help, and
/// `locate`'s use of unresolved bearings, the map's grown square and the robust fix.
@Suite struct BearingBinaryTests {
    /// Two tones at 20 dB (in 200 kHz) from 20° and 40° on an 8-element λ/2 ULA.
    static let twoSources = """
        description: "two tones on an 8-element ULA"
        sample_rate_hz: 1000000
        center_frequency_hz: 902400000
        duration_s: 0.005
        seed: 3
        receiver:
          array: "ula:8:0.5"
        sources:
          - id: a
            waveform: {type: tone, offset_hz: 10000}
            snr_db: 20
            snr_bandwidth_hz: 200000
            bearing_deg: 20
          - id: b
            waveform: {type: tone, offset_hz: -30000}
            snr_db: 20
            snr_bandwidth_hz: 200000
            bearing_deg: 40
        """

    static func recording(_ dir: URL) throws -> String {
        let scene = dir.appendingPathComponent("two.yaml").path
        try twoSources.write(toFile: scene, atomically: true, encoding: .utf8)
        let base = dir.appendingPathComponent("two").path
        let r = try BinaryTests.run(["generate", scene, "-o", base])
        #expect(r.status == 0, "\(r.stderr)")
        return base + ".sigmf-meta"
    }

    /// An 8-channel recording whose every sample is `value`.
    static func constantRecording(_ dir: URL, name: String, value: Complex<Float>) throws -> String {
        let base = dir.appendingPathComponent(name).path
        try SigMFWriter.write(
            [Complex<Float>](repeating: value, count: 8 * 4000),
            to: base,
            channelCount: 8,
            metadata: .init(
                sampleRateHz: 1e6,
                frequencyHz: 902.4e6,
                description: name,
                extraGlobal: ["sightline:array": "ula:8:0.5"]
            )
        )
        return base + ".sigmf-meta"
    }

    static func oneLineError(_ r: BinaryTests.Result, mentions: String) {
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("sightline: error: "), "\(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(r.stderr)")
    }

    /// The issue's crashes (exit 132) and its junk bearing, and the other mismatches: one
    /// line, exit 1, nothing written.
    @Test func impossibleRequestsAreOneLineErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rec = try Self.recording(dir)
        let out = dir.appendingPathComponent("b.json").path
        for (args, mentions) in [
            (["--sources", "9"], "--sources"), (["--sources", "3", "--smoothing", "2"], "--sources"),
            (["--sources", "8"], "--sources"), (["--smoothing", "9"], "--smoothing"),
            (["--method", "watson-watt"], "--method"), (["--array", "ula:5:0.5"], "--array"),
            (["--array", "uca:8:0.1", "--method", "esprit"], "--method"), (["--esprit-form", "fast"], "--esprit-form"),
            (["--method", "capo"], "--method"), (["--max-sigma-deg", "0.5"], "--max-sigma-deg"),
        ] {
            let r = try BinaryTests.run(["bearing", rec, "--output", out] + args)
            Self.oneLineError(r, mentions: mentions)
            #expect(!FileManager.default.fileExists(atPath: out), "\(args) left \(out)")
        }
    }

    /// All-zero and constant recordings: every array method refuses them in one line
    /// (MUSIC used to answer 349.75°, MVDR 291.48°, root-MUSIC an empty list).
    @Test func emptyRecordingsAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zero = try Self.constantRecording(dir, name: "zero", value: .zero)
        let flat = try Self.constantRecording(dir, name: "flat", value: Complex(0.25, 0.5))
        for method in ["music", "mvdr", "root-music", "esprit", "bartlett"] {
            Self.oneLineError(try BinaryTests.run(["bearing", zero, "--method", method]), mentions: "all-zero")
            Self.oneLineError(try BinaryTests.run(["bearing", flat, "--method", method]), mentions: "constant")
        }
    }

    /// Two 20 dB sources with --sources 2: each bearing has its own SNR (about 20 dB, not
    /// 0.5 dB), its multi-source bound, the floor and ceiling it was held to; the default
    /// floor (1°) is added in quadrature. capon and beamscan are MVDR and Bartlett.
    @Test func twoSourceDocument() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rec = try Self.recording(dir)
        func bearings(_ args: [String]) throws -> [[String: Any]] {
            let r = try BinaryTests.run(["bearing", rec, "--json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(
                (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["bearings"]
                    as? [[String: Any]]
            )
        }
        let raw = try bearings(["--sources", "2", "--min-sigma-deg", "0"])
        try #require(raw.count == 2)
        for (b, truth) in zip(raw, [20.0, 40.0]) {
            #expect(abs((b["azimuth_deg"] as? Double ?? 0) - truth) < 0.5)
            #expect(abs((b["snr_db"] as? Double ?? 0) - 20) < 2, "\(b)")
            #expect(
                b["resolved"] as? Bool == true && b["sources"] as? Int == 2
                    && b["sigma_model"] as? String == "crb-stochastic"
            )
            let sigma = try #require(b["sigma_deg"] as? Double)
            let crb = try #require(b["crb_stochastic_deg"] as? Double)
            #expect(abs(sigma - crb) < 1e-12 && sigma < 0.05 && b["crb_deterministic_deg"] is Double)
            #expect(b["sigma_floor_deg"] as? Double == 0 && b["sigma_ceiling_deg"] as? Double == 30)
        }
        let floored = try bearings(["--sources", "2"])
        for (b, r) in zip(floored, raw) {
            let crb = r["crb_stochastic_deg"] as? Double ?? 0
            #expect(
                abs((b["sigma_deg"] as? Double ?? 0) - (1 + crb * crb).squareRoot()) < 1e-9
                    && b["sigma_floor_deg"] as? Double == 1
            )
        }
        let capon = try bearings(["--sources", "2", "--method", "capon"])
        let mvdr = try bearings(["--sources", "2", "--method", "mvdr"])
        #expect(capon.map { $0["azimuth_deg"] as? Double } == mvdr.map { $0["azimuth_deg"] as? Double })
        #expect(capon.allSatisfy { $0["method"] as? String == "mvdr" })
        #expect(try bearings(["--method", "beamscan"]).allSatisfy { $0["method"] as? String == "bartlett" })
        let textbook = try bearings(["--sources", "2", "--method", "esprit", "--esprit-form", "textbook"])
        #expect(textbook.count == 2 && abs((textbook[0]["azimuth_deg"] as? Double ?? 0) - 20) < 0.5)
        // A third source that is not there: written unresolved, sigma null, with a warning.
        let three = try bearings(["--sources", "3"])
        let spurious = three.filter { $0["resolved"] as? Bool == false }
        #expect(
            spurious.count == 1 && spurious[0]["sigma_deg"] is NSNull
                && (spurious[0]["warnings"] as? [String])?.isEmpty == false
        )
    }

    /// What --help says about --smoothing (subarray size, and MATLAB's count), ESPRIT's two
    /// forms, the aliases and the sigma's floor and ceiling.
    @Test func helpSaysWhatTheOptionsCount() throws {
        let r = try BinaryTests.run(["bearing", "--help"])
        #expect(r.status == 0)
        let text = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in [
            "elements per subarray", "SpatialSmoothing", "S = M − L", "--esprit-form", "round(M/3)", "textbook",
            "capon",
            "beamscan", "--max-sigma-deg", "quadrature", "unresolved",
        ] {
            #expect(text.contains(phrase), "--help lacks \(phrase)")
        }
    }

    static func write(
        _ dir: URL,
        _ name: String,
        _ records: [(e: Double, n: Double, az: Double, sigma: Double?)]
    ) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let list = records.map { r in
            #"{"azimuth_deg":\#(r.az),"sigma_deg":\#(r.sigma.map { "\($0)" } ?? "null"),"resolved":\#(r.sigma != nil),"snr_db":20,"start_s":0,"duration_s":0.001,"frequency_hz":9e8,"sensor":{"east_m":\#(r.e),"north_m":\#(r.n)}}"#
        }
        try #"{"bearings":[\#(list.joined(separator: ","))]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func bearing(from p: (Double, Double), to t: (Double, Double)) -> Double {
        atan2(t.0 - p.0, t.1 - p.1) * 180 / .pi
    }

    /// `locate` skips unresolved bearings (and says so); `map` grows its square to an
    /// emitter 5 km out of a 1 km one and says when --region-m cuts the posterior off;
    /// `robust` lists the bearing it dropped; a point fix far out warns that its ellipse is
    /// a linearisation.
    @Test func locateUsesOnlyWhatIsMeasured() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func fix(_ args: [String]) throws -> (fix: [String: Any], stderr: String) {
            let r = try BinaryTests.run(["locate", "--json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return (
                try #require(
                    (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["fix"]
                        as? [String: Any]
                ), r.stderr
            )
        }
        let near = (300.0, 400.0)
        let a = try Self.write(
            dir,
            "a.json",
            [(-500, 0, Self.bearing(from: (-500, 0), to: near), 2), (50, 50, 10, nil)]
        )
        let b = try Self.write(dir, "b.json", [(1200, -100, Self.bearing(from: (1200, -100), to: near), 2)])
        let ml = try fix([a, b])
        #expect(
            ml.fix["bearings"] as? Int == 2 && ml.stderr.contains("skipped 1 unresolved")
                && ml.fix["unresolved_skipped"] as? Int == 1
        )
        #expect(abs((ml.fix["east_m"] as? Double ?? 0) - 300) < 1e-3 && ml.fix["major_sigma_per_range"] is Double)
        let onlyOne = try BinaryTests.run(["locate", a])
        Self.oneLineError(onlyOne, mentions: "at least two")

        let far = (400.0, 5000.0)
        let sensors = [(0.0, 0.0), (1000.0, 0.0), (500.0, -100.0)]
        let farFile = try Self.write(
            dir,
            "far.json",
            sensors.map { ($0.0, $0.1, Self.bearing(from: $0, to: far), 0.5) }
        )
        let map = try fix([farFile, "--method", "map"])
        #expect(
            abs((map.fix["east_m"] as? Double ?? 0) - 400) < 60
                && abs((map.fix["north_m"] as? Double ?? 0) - 5000) < 200,
            "\(map.fix)"
        )
        #expect(map.fix["at_edge"] as? Bool == false && (map.fix["region_m"] as? Double ?? 0) > 5000)
        let cut = try fix([farFile, "--method", "map", "--region-m", "1000"])
        #expect(
            cut.fix["at_edge"] as? Bool == true
                && (cut.fix["warnings"] as? [String])?.first?.contains("--region-m") == true
        )

        let wild = try Self.write(
            dir,
            "w.json",
            [
                (-500, 0, Self.bearing(from: (-500, 0), to: near), 2),
                (1200, -100, Self.bearing(from: (1200, -100), to: near), 2),
                (900, 1300, Self.bearing(from: (900, 1300), to: near), 2),
                (-300, 1100, Self.bearing(from: (-300, 1100), to: near) + 30, 2),
            ]
        )
        let robust = try fix([wild, "--method", "robust"])
        #expect(robust.fix["outliers"] as? [Int] == [3] && abs((robust.fix["north_m"] as? Double ?? 0) - 400) < 1)

        let wideFile = try Self.write(
            dir,
            "wide.json",
            sensors.map { ($0.0, $0.1, Self.bearing(from: $0, to: far), 2) }
        )
        let linear = try fix([wideFile, "--method", "ml"])
        #expect((linear.fix["major_sigma_per_range"] as? Double ?? 0) > 0.1 && linear.stderr.contains("linearises"))
    }
}
