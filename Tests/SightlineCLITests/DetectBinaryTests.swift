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
        let r = try BinaryTests.run([
            "detect", Self.recordings.appendingPathComponent("c10-far-mast.sigmf-meta").path,
            "--json", "--score", "--detections", out, "--waterfall", png,
        ])
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
        let pd = try BinaryTests.run([
            "theory", "pd", "--snr-db", "-3", "--method", "energy", "--time-bandwidth", "109",
            "--pfa", "1e-12", "--json",
        ])
        let pdDoc = try JSONSerialization.jsonObject(with: Data(pd.stdout.utf8)) as! [String: Any]
        #expect(abs((pdDoc["pd"] as? Double ?? 0) - 0.0108) < 0.0005)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let roc = try BinaryTests.run([
            "theory", "roc", "--method", "energy", "--time-bandwidth", "10",
            "--csv", dir.appendingPathComponent("roc.csv").path, "--svg", dir.appendingPathComponent("roc.svg").path,
        ])
        #expect(roc.status == 0)
        #expect(
            try String(contentsOfFile: dir.appendingPathComponent("roc.svg").path, encoding: .utf8).contains("polyline")
        )
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

/// No input crashes `detect` or `spectrum`: ordinary odd inputs and extreme options give a
/// result or one `error:` line, exit 1, and no output file.
@Suite struct DetectRobustnessTests {
    static let real = Fixtures.path("real/gsm-uplink-4bursts")

    /// Copies the real uplink (or its first `samples` samples) under `name` in `dir`.
    static func recording(_ name: String, in dir: URL, samples: Int? = nil) throws -> String {
        let base = dir.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: Self.real + ".sigmf-meta", toPath: base + ".sigmf-meta")
        var data = try Data(contentsOf: URL(fileURLWithPath: Self.real + ".sigmf-data"))
        if let samples { data = data.prefix(samples * 8) }
        try data.write(to: URL(fileURLWithPath: base + ".sigmf-data"))
        return base + ".sigmf-meta"
    }

    static func expectCleanFailureOrSuccess(_ r: BinaryTests.Result, outputs: [String], _ what: String) {
        #expect(r.status == 0 || r.status == 1, "\(what): status \(r.status) \(r.stderr)")
        if r.status == 1 {
            let lines = r.stderr.split(separator: "\n")
            #expect(
                lines.count == 1 && r.stderr.hasPrefix("sightline: error: ") && !r.stderr.contains("Error:"),
                "\(what): \(r.stderr)"
            )
            for o in outputs { #expect(!FileManager.default.fileExists(atPath: o), "\(what) left \(o)") }
        }
        for o in outputs { try? FileManager.default.removeItem(atPath: o) }
    }

    /// A file name far wider than the waterfall's title (and not ASCII) used to trap in the
    /// title's drawing and lose the run.
    @Test func longAndNonASCIINames() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = try Self.recording(String(repeating: "a", count: 150) + "-ülo日本", in: dir)
        let png = dir.appendingPathComponent("w.png").path
        for command in ["detect", "spectrum"] {
            let r = try BinaryTests.run([command, meta, "--waterfall", png])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: png))
            try? FileManager.default.removeItem(atPath: png)
        }
    }

    /// One frame, less than one transform, nothing at all, and a 3 000-sample file (the
    /// spectrum waterfall used to trap on ≤ 3 072 samples).
    @Test(arguments: [16, 5, 0, 3000])
    func tinyFiles(samples: Int) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = try Self.recording("tiny", in: dir, samples: samples)
        let png = dir.appendingPathComponent("w.png").path
        let json = dir.appendingPathComponent("d.json").path
        for args in [
            ["detect", meta, "--waterfall", png, "--detections", json],
            ["spectrum", meta, "--waterfall", png, "--nfft", "256"],
        ] {
            let r = try BinaryTests.run(args)
            Self.expectCleanFailureOrSuccess(r, outputs: [png, json], "\(samples) samples: \(args[0])")
            if samples == 0 || samples == 5 {
                #expect(r.status == 1 && r.stderr.contains("tiny.sigmf-data"), "\(r.stderr)")
            }
        }
    }

    /// Extreme values of every option that sizes work: a result or a one-line error.
    @Test(arguments: [
        ["--nfft", "8"], ["--nfft", "1048576"], ["--nfft", "-1"], ["--overlap", "0.95"], ["--overlap", "0.99"],
        ["--pfa", "1e-300"], ["--pfa", "0.999999"], ["--pfa", "nan"], ["--average-frames", "1024"],
        ["--average-frames", "9223372036854775807"], ["--threads", "9223372036854775807"], ["--threads", "64"],
        ["--min-duration-s", "nan"], ["--min-duration-s", "inf"], ["--min-duration-s", "1e300"],
        ["--guard", "9223372036854775807"],
        ["--train", "100000000"], ["--train-time", "1000"], ["--guard-time", "9223372036854775807"],
        ["--channel-hz", "inf"],
        ["--cfar", "os", "--train-time", "16"], ["--noise", "floor", "--cfar", "os"], ["--stationary-db", "nan"],
        ["--usable-band", "0"], ["--channel", "5"],
    ])
    func extremeOptions(options: [String]) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("w.png").path
        let json = dir.appendingPathComponent("d.json").path
        let r = try BinaryTests.run(
            ["detect", Self.real + ".sigmf-meta", "--waterfall", png, "--detections", json] + options
        )
        Self.expectCleanFailureOrSuccess(r, outputs: [png, json], "\(options)")
    }

    /// An output that is an input, or not a regular file, is refused before any work.
    @Test func outputsThatWouldDestroyAnInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = try Self.recording("in", in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: meta))
        for (option, path) in [
            ("--detections", meta), ("--waterfall", meta.replacingOccurrences(of: "-meta", with: "-data")),
            ("--detections", dir.path), ("--detections", "/nonexistent-folder/d.json"),
        ] {
            let r = try BinaryTests.run(["detect", meta, option, path])
            #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1, "\(option) \(path): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: meta)) == before)
    }

    /// NaN and infinite samples in a corrupt data file (found by the sigmf-data fuzz target):
    /// the waterfall's detection boxes were built from NaN bounds and trapped. Now the run
    /// completes, the regions without a place are dropped and the document stays finite.
    @Test(arguments: [Float.nan, .infinity, -.greatestFiniteMagnitude])
    func nonFiniteSamples(value: Float) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = try Self.recording("corrupt", in: dir)
        let dataURL = URL(fileURLWithPath: meta.replacingOccurrences(of: ".sigmf-meta", with: ".sigmf-data"))
        var data = try Data(contentsOf: dataURL)
        data.withUnsafeMutableBytes { raw in
            let floats = raw.bindMemory(to: UInt32.self)
            for i in stride(from: 0, to: floats.count, by: 97) { floats[i] = value.bitPattern.littleEndian }
        }
        try data.write(to: dataURL)
        let png = dir.appendingPathComponent("w.png").path
        let json = dir.appendingPathComponent("d.json").path
        for args in [
            ["detect", meta, "--waterfall", png, "--detections", json, "--json"],
            ["detect", meta, "--noise", "window", "--waterfall", png, "--json"],
            ["spectrum", meta, "--waterfall", png, "--json"],
        ] {
            let r = try BinaryTests.run(args)
            Self.expectCleanFailureOrSuccess(r, outputs: [png, json], "\(value) \(args[0])")
            if r.status == 0 {
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil,
                    "\(r.stdout.prefix(300))"
                )
                #expect(!r.stdout.contains("nan") && !r.stdout.contains("inf"))
            }
        }
    }
}
