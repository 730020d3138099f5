import Foundation
import SightlineTestSupport
import Testing

/// Reproducers from the fuzzing campaign of issue 19 (crashes, hangs, partial outputs and
/// unhelpful messages), each run through the built binary: every one must now give a
/// correct result or one line `sightline: error: …` with exit status 1 and no output file.
@Suite struct RobustnessTests {
    static let mixture = Fixtures.path("mixture")
    static let scene = Fixtures.scenes.appendingPathComponent("c1-backpack-patrol.yaml").path
    static let riskScene = Fixtures.scenes.appendingPathComponent("c4-railway-station-risk.yaml").path

    /// A one-line rejection that names `mentions`, with none of the messages that help nobody.
    static func expectRejected(_ r: BinaryTests.Result, mentions: [String], outputs: [String] = [], _ what: String) {
        #expect(r.status == 1, "\(what): status \(r.status), stderr \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && r.stderr.hasPrefix("sightline: error: "), "\(what): \(r.stderr)")
        for bad in ["Error:", "EncodingError", "NSCocoaErrorDomain", "Missing value", "yaml_", "check its permissions"]
        {
            #expect(!r.stderr.contains(bad), "\(what): \(r.stderr)")
        }
        for m in mentions { #expect(r.stderr.contains(m), "\(what): expected “\(m)” in \(r.stderr)") }
        for o in outputs { #expect(!FileManager.default.fileExists(atPath: o), "\(what) left \(o)") }
    }

    /// Writes `meta` beside a copy of the mixture's data (or `data`) as `name` in `dir`.
    static func recording(_ name: String, meta: String, in dir: URL, data: Data? = nil) throws -> String {
        let base = dir.appendingPathComponent(name).path
        try meta.write(toFile: base + ".sigmf-meta", atomically: true, encoding: .utf8)
        let bytes = try data ?? Data(contentsOf: URL(fileURLWithPath: Self.mixture + ".sigmf-data"))
        try bytes.write(to: URL(fileURLWithPath: base + ".sigmf-data"))
        return base + ".sigmf-meta"
    }

    static func meta(
        rate: String = "1e6",
        extraGlobal: String = "",
        annotations: String = "[]",
        frequency: String = "9e8"
    ) -> String {
        #"{"global":{"core:datatype":"cf32_le","core:sample_rate":\#(rate)\#(extraGlobal)},"#
            + #""captures":[{"core:sample_start":0,"core:frequency":\#(frequency)}],"annotations":\#(annotations)}"#
    }

    /// Metadata that overflowed or trapped: 2⁶² channels, an annotation ending past
    /// Int.max, denormal and absurd sample rates (Int(−inf) in detect's defaults), a centre
    /// frequency near Double.max. info, spectrum (with a waterfall) and detect all refuse.
    @Test(arguments: [
        (meta(extraGlobal: #","core:num_channels":4611686018427387904"#), "core:num_channels"),
        (meta(extraGlobal: #","core:num_channels":1e30"#), "core:num_channels"),
        (meta(extraGlobal: #","core:num_channels":100000"#), "1024"),
        (
            meta(annotations: #"[{"core:sample_start":9223372036854775000,"core:sample_count":10000}]"#),
            "annotations[0]"
        ),
        (meta(annotations: #"[{"core:sample_start":10,"core:sample_count":9223372036854775000}]"#), "annotations[0]"),
        (meta(rate: "5e-324"), "core:sample_rate"),
        (meta(rate: "1e-310"), "core:sample_rate"),
        (meta(rate: "0.5"), "core:sample_rate"),
        (meta(rate: "1e300"), "core:sample_rate"),
        (meta(frequency: "1.7e308"), "core:frequency"),
    ])
    func hostileMetadata(meta: String, mentions: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.recording("m", meta: meta, in: dir)
        let png = dir.appendingPathComponent("w.png").path
        let json = dir.appendingPathComponent("d.json").path
        for args in [
            ["info", path, "--json"], ["spectrum", path, "--waterfall", png, "--json"],
            ["detect", path, "--waterfall", png, "--detections", json],
        ] {
            Self.expectRejected(try BinaryTests.run(args), mentions: [mentions], outputs: [png, json], args[0])
        }
    }

    /// The sample-rate limits themselves are accepted: 1 Hz and 1 THz recordings run.
    @Test(arguments: ["1", "1e12"])
    func extremeButValidSampleRates(rate: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.recording("r", meta: Self.meta(rate: rate, frequency: "1e13"), in: dir)
        let png = dir.appendingPathComponent("w.png").path
        for args in [
            ["spectrum", path, "--waterfall", png, "--json", "--nfft", "256"],
            ["detect", path, "--waterfall", png, "--json", "--nfft", "256"],
        ] {
            let r = try BinaryTests.run(args)
            #expect(r.status == 0, "\(args[0]) at \(rate) Hz: \(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: png))
            #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "\(r.stdout.prefix(200))")
            try? FileManager.default.removeItem(atPath: png)
        }
    }

    /// A directory or a FIFO as the data or metadata file is refused (a FIFO used to hang,
    /// a directory was read as 512 samples); a symlinked data file is sized by its target.
    @Test func dataFilesThatAreNotRegularFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = try String(contentsOfFile: Self.mixture + ".sigmf-meta", encoding: .utf8)
        let folder = dir.appendingPathComponent("folder")
        try meta.write(to: folder.appendingPathExtension("sigmf-meta"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: folder.appendingPathExtension("sigmf-data"),
            withIntermediateDirectories: false
        )
        let fifo = dir.appendingPathComponent("fifo")
        try meta.write(to: fifo.appendingPathExtension("sigmf-meta"), atomically: true, encoding: .utf8)
        #expect(mkfifo(fifo.appendingPathExtension("sigmf-data").path, 0o600) == 0)
        let metaFIFO = dir.appendingPathComponent("metafifo")
        #expect(mkfifo(metaFIFO.appendingPathExtension("sigmf-meta").path, 0o600) == 0)
        try Data(count: 64).write(to: metaFIFO.appendingPathExtension("sigmf-data"))
        for (base, kind) in [(folder, "directory"), (fifo, "FIFO"), (metaFIFO, "FIFO")] {
            for command in ["info", "spectrum", "detect"] {
                let r = try BinaryTests.run([command, base.appendingPathExtension("sigmf-meta").path])
                Self.expectRejected(
                    r,
                    mentions: [kind, base.lastPathComponent],
                    "\(command) \(base.lastPathComponent)"
                )
            }
        }
        // A symlink to the real data file: the target's samples, not the link's size.
        let link = dir.appendingPathComponent("link")
        try meta.write(to: link.appendingPathExtension("sigmf-meta"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: link.appendingPathExtension("sigmf-data").path,
            withDestinationPath: Self.mixture + ".sigmf-data"
        )
        let r = try BinaryTests.run(["info", link.appendingPathExtension("sigmf-meta").path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["samples"] as? Int == 20011)
    }

    /// An all-zero or NaN capture (peak −∞ or NaN dB), and a window that makes the PSD
    /// non-finite: spectrum used to write its CSV and PNG and then fail encoding the JSON.
    /// Now the summary is complete, with null for a non-finite level, and every file written.
    @Test(arguments: ["zero", "nan", "kaiser"])
    func nonFiniteSpectrumSummary(kind: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var data = Data(count: 4096 * 8)
        if kind == "nan" {
            data = Data(
                (0..<(4096 * 2)).flatMap { _ in withUnsafeBytes(of: Float.nan.bitPattern.littleEndian, Array.init) }
            )
        }
        let path =
            kind == "kaiser"
            ? Self.mixture + ".sigmf-meta" : try Self.recording("capture", meta: Self.meta(), in: dir, data: data)
        let csv = dir.appendingPathComponent("psd.csv").path
        let png = dir.appendingPathComponent("w.png").path
        var args = ["spectrum", path, "--psd-csv", csv, "--waterfall", png, "--json", "--nfft", "256"]
        if kind == "kaiser" { args += ["--window", "kaiser:1e3"] }
        let r = try BinaryTests.run(args)
        if r.status == 1 {
            // A refusal is acceptable only as one clean line, before any file.
            Self.expectRejected(r, mentions: [], outputs: [csv, png], kind)
            return
        }
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
            "\(r.stdout)"
        )
        let peak = doc["peak_psd_db"]
        #expect(peak is NSNull || (peak as? Double)?.isFinite == true, "\(String(describing: peak))")
        if kind != "kaiser" { #expect(peak is NSNull, "\(String(describing: peak))") }
        #expect(FileManager.default.fileExists(atPath: csv) && FileManager.default.fileExists(atPath: png))
        #expect(!r.stdout.contains("nan") && !r.stdout.contains("inf"))
    }

    /// Output paths that would destroy an input (or are given twice) are refused before any work.
    @Test func outputsThatWouldDestroyAnInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = dir.appendingPathComponent("scene.yaml").path
        try FileManager.default.copyItem(atPath: Self.riskScene, toPath: scene)
        let rec = try Self.recording("rec", meta: Self.meta(), in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: rec))
        let sceneBefore = try Data(contentsOf: URL(fileURLWithPath: scene))
        let svg = dir.appendingPathComponent("roc.svg").path
        let cases: [[String]] = [
            ["spectrum", rec, "--psd-csv", rec],
            ["spectrum", rec, "--waterfall", rec.replacingOccurrences(of: "-meta", with: "-data")],
            ["risk", scene, "--csv", scene, "--trials", "10"], ["report", scene, "-o", scene, "--trials", "10"],
            ["theory", "roc", "--csv", svg, "--svg", svg],
        ]
        for args in cases {
            let r = try BinaryTests.run(args)
            Self.expectRejected(r, mentions: [], outputs: args[0] == "theory" ? [svg] : [], args.joined(separator: " "))
            #expect(r.stderr.contains("input of this command") || r.stderr.contains("two outputs"), "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: rec)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scene)) == sceneBefore)
    }

    /// generate: "/" (used to write /.sigmf-meta) or a folder as the output, an absurd
    /// duration (Int(inf) in the synthesizer) and one beyond the sample limit.
    @Test(arguments: [
        (["-o", "/"], "folder"), (["-o", "FOLDER"], "folder"), (["-o", "FOLDER/"], "folder"),
        (["-o", "OUT", "--duration-s", "1e308"], "--duration-s"),
        (["-o", "OUT", "--duration-s", "inf"], "--duration-s"),
        (["-o", "OUT", "--duration-s", "9e6"], "limit"),
    ])
    func generateRefuses(arguments: [String], mentions: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = arguments.map {
            $0.replacingOccurrences(of: "FOLDER", with: dir.path).replacingOccurrences(
                of: "OUT",
                with: dir.path + "/out"
            )
        }
        let r = try BinaryTests.run(["generate", Self.scene] + args)
        Self.expectRejected(
            r,
            mentions: [mentions],
            outputs: [
                "/.sigmf-meta", dir.path + "/.sigmf-meta", dir.path + "/out.sigmf-meta",
                dir.path + "/out.sigmf-data",
            ],
            args.joined(separator: " ")
        )
    }

    /// risk: trials beyond the limit (Int.max overflowed, 10¹² asked for 80 TB), durations
    /// past 24 h after the unit is applied (1e9h hung), an empty duration, absurd threads.
    @Test(arguments: [
        (["--trials", "9223372036854775807"], "--trials"), (["--trials", "1000000000000"], "--trials"),
        (["--trials", "-5"], "--trials"),
        (["--durations", "1e9h"], "--durations"), (["--durations", "25h"], "limit"),
        (["--durations", "30s,,1m"], "--durations"),
        (["--durations", "30s,"], "--durations"), (["--durations", "nan"], "--durations"),
        (["--threads", "9223372036854775807"], "--threads"),
    ])
    func riskRefuses(arguments: [String], mentions: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r.csv").path
        let r = try BinaryTests.run(["risk", Self.riskScene, "--csv", csv] + arguments)
        Self.expectRejected(r, mentions: [mentions], outputs: [csv], arguments.joined(separator: " "))
    }

    /// theory: an energy detector over 10³⁰⁸ samples hung; Int(1e308) trapped in the ROC title.
    @Test(arguments: [
        ["pd", "--snr-db", "0", "--method", "energy", "--time-bandwidth", "1e308"],
        ["roc", "--method", "energy", "--time-bandwidth", "1e308"], ["roc", "--pulses", "1e308"],
        ["pd", "--snr-db", "1e308"], ["pd", "--snr-db", "nan", "--method", "energy"], ["roc", "--snr-db", "0,,3"],
    ])
    func theoryRefuses(arguments: [String]) throws {
        Self.expectRejected(
            try BinaryTests.run(["theory"] + arguments),
            mentions: ["--"],
            arguments.joined(separator: " ")
        )
    }

    /// The limits themselves finish (the large-λ branch of the Marcum Q): Pd at N = 10⁶ is
    /// 1 well above the threshold and 0 well below it.
    @Test func theoryAtTheLimitFinishes() throws {
        for (snr, high) in [("10", true), ("-40", false)] {
            let r = try BinaryTests.run([
                "theory", "pd", "--snr-db", snr, "--method", "energy", "--time-bandwidth", "1000000", "--json",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let pd = doc?["pd"] as? Double ?? -1
            // Far below the threshold Pd is the false-alarm rate (1e-6), far above it 1.
            #expect(high ? pd > 1 - 1e-9 : (pd >= 0 && pd < 1e-5), "\(r.stdout)")
        }
    }

    /// Negative numbers are values, not options: `--nfft -1` used to say "Missing value".
    @Test(arguments: [
        ["spectrum", "MIX", "--nfft", "-1"], ["spectrum", "MIX", "--threads", "-3"], ["detect", "MIX", "--nfft", "-1"],
        ["spectrum", "MIX", "--threads", "100000"], ["risk", "RISK", "--trials", "-1"],
    ])
    func negativeValuesAreRejectedByName(arguments: [String]) throws {
        let args = arguments.map { $0 == "MIX" ? Self.mixture + ".sigmf-meta" : $0 == "RISK" ? Self.riskScene : $0 }
        Self.expectRejected(try BinaryTests.run(args), mentions: [arguments[2]], arguments.joined(separator: " "))
    }

    /// Non-finite results never reach JSON as an encoder error: null, or a clean refusal.
    @Test(arguments: [
        ["pathloss", "--model", "fspl", "--frequency-mhz", "1e308", "--distance-km", "1e308", "--json"],
        ["pathloss", "--model", "log-distance", "--frequency-mhz", "900", "--distance-km", "1e-300", "--json"],
    ])
    func jsonNeverFailsOnNonFiniteNumbers(arguments: [String]) throws {
        let r = try BinaryTests.run(arguments)
        if r.status == 1 {
            Self.expectRejected(r, mentions: [], arguments.joined(separator: " "))
            return
        }
        #expect(r.status == 0, "\(r.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "\(r.stdout)")
    }

    /// Deep YAML nesting is refused naming the file, without libyaml's function names.
    @Test func deepYAMLNesting() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("deep.yaml").path
        try (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        let out = dir.appendingPathComponent("out").path
        Self.expectRejected(
            try BinaryTests.run(["generate", path, "-o", out]),
            mentions: ["deep.yaml"],
            outputs: [out + ".sigmf-meta"],
            "generate"
        )
        Self.expectRejected(try BinaryTests.run(["risk", path]), mentions: ["deep.yaml"], "risk")
    }

    /// A device as an output is refused (as root `--psd-csv /dev/null` replaced the device
    /// with a regular file), and so is an output in a missing folder, before any other file.
    @Test func outputsThatAreNotFilesOrHaveNoFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("psd.csv").path
        let missing = dir.appendingPathComponent("no/such/w.png").path
        Self.expectRejected(
            try BinaryTests.run(["spectrum", Self.mixture, "--psd-csv", "/dev/null"]),
            mentions: ["/dev/null", "regular"],
            "device"
        )
        Self.expectRejected(
            try BinaryTests.run(["spectrum", Self.mixture, "--psd-csv", csv, "--waterfall", missing]),
            mentions: ["folder"],
            outputs: [csv],
            "missing folder"
        )
        for command in [["range"], ["jam"], ["powercontrol"]] {
            let prefix = dir.appendingPathComponent("no/such/sweep").path
            Self.expectRejected(
                try BinaryTests.run(command + ["--sweep", prefix]),
                mentions: ["folder"],
                outputs: [prefix + ".csv"],
                command[0]
            )
        }
    }

    /// Scene and terrain inputs that are FIFOs or folders are refused, not read forever.
    @Test func sceneInputsThatAreNotRegularFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("scene.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let out = dir.appendingPathComponent("out").path
        Self.expectRejected(
            try BinaryTests.run(["generate", fifo, "-o", out]),
            mentions: ["FIFO"],
            outputs: [out + ".sigmf-meta"],
            "generate"
        )
        Self.expectRejected(try BinaryTests.run(["risk", fifo]), mentions: ["FIFO"], "risk")
        Self.expectRejected(try BinaryTests.run(["risk", dir.path]), mentions: ["directory"], "risk folder")
        Self.expectRejected(try BinaryTests.run(["range", "--profile", fifo]), mentions: ["FIFO"], "range profile")
        // Bearings and level files too (the campaign's last FIFO readers).
        Self.expectRejected(try BinaryTests.run(["locate", fifo, fifo]), mentions: ["FIFO"], "locate bearings")
        Self.expectRejected(try BinaryTests.run(["locate", fifo, "--method", "rss"]), mentions: ["FIFO"], "locate rss")
        Self.expectRejected(
            try BinaryTests.run(["locate", dir.path, "--method", "rss"]),
            mentions: ["directory"],
            "locate rss folder"
        )
    }

    /// `locate --truth-east-m nan --map-svg` trapped in the plan view's scale bar (SVGMap).
    @Test func locateWithANaNTruthDrawsItsMap() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (i, (az, e)) in [(45.0, 0.0), (315.0, 1000.0)].enumerated() {
            let path = dir.appendingPathComponent("b\(i).json").path
            try
                #"{"bearings":[{"azimuth_deg":\#(az),"sigma_deg":2,"snr_db":20,"start_s":0,"duration_s":0.001,"frequency_hz":9e8,"sensor":{"east_m":\#(e),"north_m":0}}]}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let svg = dir.appendingPathComponent("map.svg").path
        for truth in ["nan", "inf", "1e308"] {
            let r = try BinaryTests.run(
                ["locate"] + files + ["--truth-east-m", truth, "--truth-north-m", "0", "--map-svg", svg]
            )
            if r.status == 1 {
                Self.expectRejected(r, mentions: [], outputs: [svg], truth)
                continue
            }
            #expect(r.status == 0, "\(truth): \(r.stderr)")
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(text.hasSuffix("</svg>\n") && !text.contains("nan"))
            try? FileManager.default.removeItem(atPath: svg)
        }
    }

    /// Extreme link-budget values: a finite JSON document or one clean line, never an
    /// encoder error (`NSCocoaErrorDomain Code=3840 … Invalid number value`).
    @Test(arguments: [
        ["jam", "--json", "--jammer-erp-dbm", "1e308"], ["jam", "--json", "--jammer-bandwidth-hz", "1e-320"],
        ["range", "--json", "--tx-power-dbm", "1e308"], ["range", "--json", "--bandwidth-hz", "1e-320"],
        ["range", "--json", "--noise-figure-db", "-1e308"], ["powercontrol", "--json", "--target-dbm", "1e308"],
        ["theory", "pd", "--snr-db", "200", "--pfa", "1e-300", "--method", "energy", "--json"],
        [
            "pathloss", "--model", "log-distance", "--frequency-mhz", "1e-300", "--distance-km", "1e300", "--json",
            "--allow-extrapolation",
        ],
    ])
    func extremeLinkValues(arguments: [String]) throws {
        let r = try BinaryTests.run(arguments)
        if r.status == 1 {
            Self.expectRejected(r, mentions: [], arguments.joined(separator: " "))
            return
        }
        #expect(r.status == 0, "\(r.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "\(r.stdout)")
        #expect(!r.stdout.contains("nan") && !r.stdout.contains("inf"), "\(r.stdout)")
    }
}
