import Foundation
import Sightline
import SightlineTestSupport
import Testing

/// Issue 16: every command's `--json` document is decoded by its typed reader, and
/// re-encoding the decoded document gives back the very bytes the command printed (so the
/// typed struct holds every field the command writes, with the same names and values).
@Suite struct DocumentBinaryTests {
    /// Runs the command, decodes its stdout as `T`, and checks the round trip.
    @discardableResult
    static func decoded<T: ResultDocument & Equatable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let r = try BinaryTests.run(arguments)
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.stderr)")
        let text = r.stdout.trimmingCharacters(in: .newlines)
        let doc = try T.decode(Data(text.utf8), location: arguments[0])
        #expect(try doc.json() == text, "\(arguments[0]): re-encoded \(T.self) differs from what the command printed")
        #expect(try T.decode(Data(doc.json().utf8), location: "round trip") == doc)
        return doc
    }

    @Test func everyCommandsDocumentDecodes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mixture = Fixtures.path("mixture") + ".sigmf-meta"
        let info = try Self.decoded(RecordingInfo.self, ["info", mixture, "--json"])
        #expect(info.samples > 0 && info.annotations == info.annotationsByLabel.values.reduce(0, +))
        let spectrum = try Self.decoded(SpectrumSummary.self, ["spectrum", mixture, "--json", "--nfft", "256"])
        #expect(spectrum.nfft == 256 && spectrum.peakPSDdB != nil)
        let detections = try Self.decoded(DetectionDocument.self, ["detect", mixture, "--json", "--score"])
        #expect(detections.score != nil && !detections.detections.isEmpty)
        try Self.decoded(PathLossDocument.self, ["pathloss", "--model", "hata-urban", "--distance-km", "3", "--json"])
        try Self.decoded(PowerControlDocument.self, ["powercontrol", "--json"])
        try Self.decoded(DetectionPointDocument.self, ["theory", "pd", "--snr-db", "10", "--json"])
        try Self.decoded(DetectionPointDocument.self, ["theory", "snr", "--pd", "0.9", "--json"])
        let roc = try Self.decoded(ROCDocument.self, ["theory", "roc", "--snr-db", "0,6", "--json"])
        #expect(roc.curves.allSatisfy { $0.pd.count == 2 })
        let range = try Self.decoded(RangeDocument.self, ["range", "--json"])
        #expect(range.detectionRangeMeters != nil && range.pd != nil)
        try Self.decoded(RangeDocument.self, ["range", "--threshold-db", "3", "--json"])
        let jam = try Self.decoded(JammingDocument.self, ["jam", "--json"])
        #expect(jam.link == "gsm-downlink")
        try Self.decoded(JammingDocument.self, ["jam", "--link", "tv", "--json"])
        let homing = try Self.decoded(
            HomingDocument.self,
            ["homing", "--start-m", "200,400", "--trials", "50", "--json"]
        )
        #expect(homing.homing.count == 2)
        let scene = Fixtures.scenes.appendingPathComponent("c1-backpack-patrol.yaml").path
        let generated = try Self.decoded(
            GenerateDocument.self,
            [
                "generate", scene, "-o", dir.appendingPathComponent("g").path,
                "--duration-s", "0.01", "--json",
            ]
        )
        #expect(generated.samples > 0)
        // Bearings from a DF recording, then fixes from them and from levels.
        let rec = try BearingBinaryTests.recording(dir)
        let bearings = try Self.decoded(BearingsDocument.self, ["bearing", rec, "--sources", "2", "--json"])
        #expect(bearings.bearings.count == 2)
        var files: [String] = []
        for (i, (e, az)) in [(0.0, 45.0), (1000.0, 315.0), (500.0, 0.0)].enumerated() {
            var b = bearings.bearings[0]
            b.sensor = .init(eastMeters: e, northMeters: 0)
            b.azimuthDegrees = az
            let path = dir.appendingPathComponent("b\(i).json").path
            try BearingsDocument(bearings: [b]).json().write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        for method in ["ml", "robust", "map"] {
            let fix = try Self.decoded(FixDocument.self, ["locate"] + files + ["--method", method, "--json"])
            #expect(fix.fix.method == method && fix.fix.bearings == 3)
        }
        let levels = dir.appendingPathComponent("levels.csv").path
        try "east_m,north_m,level_dbm\n0,0,-60\n1000,0,-70\n0,1000,-72\n1000,1000,-78\n"
            .write(toFile: levels, atomically: true, encoding: .utf8)
        let rss = try Self.decoded(FixDocument.self, ["locate", levels, "--method", "rss", "--json"])
        #expect(rss.fix.levels == 4 && rss.fix.exponent == 3)
        let riskScene = Fixtures.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path
        let risk = try Self.decoded(
            RiskDocument.self,
            ["risk", riskScene, "--trials", "100", "--durations", "1m,4m", "--json"]
        )
        #expect(risk.curves.count == 2 && risk.trials == 100)
    }

    /// A document of another kind, or a field of the wrong type, is one error that names the
    /// field and the command that writes such a document.
    @Test func readersNameTheField() throws {
        let bad = #"{"fix": {"east_m": "here"}}"#
        do {
            _ = try FixDocument.decode(Data(bad.utf8), location: "f.json")
            Issue.record("a fix with a string east_m decoded")
        } catch let e as SightlineError {
            #expect(e.field == "fix.east_m" && e.description.contains("sightline locate --json"), "\(e)")
        }
        do {
            _ = try RiskDocument.decode(Data("[1, 2]".utf8), location: "r.json")
            Issue.record("an array decoded as a risk document")
        } catch let e as SightlineError {
            #expect(e.description.contains("not a risk document"), "\(e)")
        }
    }

    /// The one CSV writer: numbers in their shortest round-trip form, text quoted when it
    /// must be (RFC 4180), non-finite numbers as numpy writes them.
    @Test func csvTable() {
        var t = CSVTable(header: ["name", "x"])
        t.append([.text("a, \"b\""), .number(0.1)])
        t.append([.text("plain"), .number(-.infinity)])
        #expect(t.text == "name,x\n\"a, \"\"b\"\"\",0.1\nplain,-inf\n")
        #expect(CSVTable.text(header: ["a", "b"], columns: [[1, 2], [0.5, 1e-300]]) == "a,b\n1.0,0.5\n2.0,1e-300\n")
    }
}
