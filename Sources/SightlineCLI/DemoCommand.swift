import ArgumentParser
import Foundation
import Sightline

/// `sightline demo`: the most complete pipeline that exists, on a built-in default.
public struct DemoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the built-in railway-station scene (CLAIMS.md C4) and run the whole pipeline on it: spectrum, detection, bearings, fix, and the risk report over the call.",
        discussion: """
            Writes, in the output folder: demo.sigmf-meta/.sigmf-data (a quarter second at 2 MS/s around 902.4 MHz: a GSM 900 phone in a call 400 m from a listener at a railway station, with ground-truth annotations for every burst), demo-psd.csv, demo-waterfall.png and demo-spectrum.json; then CFAR detection: demo-detections.json and demo-detections.png (the waterfall with every detection outlined), scored against the ground truth; then the same detector on two real captures (Signals/recordings/real: a channel-filtered GSM uplink and a 4 MS/s downlink band), demo-real-uplink.png and demo-real-downlink.png with their detections; then the same call heard by a hand-held Adcock DF from three places (demo-df1…3: recordings, detections, Watson-Watt bearings), a maximum-likelihood fix and its map, demo-fix.svg (2° per bearing assumed: the calibration floor); and finally the risk over the whole call: the timed C4 scene (Signals/scenes/c4-railway-station-risk.yaml, also written to the folder) simulated over thousands of calls, with its tactics, as the self-contained HTML report demo-report.html. The scene is Signals/scenes/c4-railway-station.yaml; --scene and --risk-scene run others.
            """)

    @Option(name: .customLong("output-dir"), help: "Folder for the outputs (created if missing).")
    public var outputDir: String = "demo-output"

    @Option(help: "A scene file to run instead of the built-in one.")
    public var scene: String?

    @Option(name: .customLong("risk-scene"), help: "A timed scene for the closing risk report instead of the built-in C4 one.")
    public var riskScene: String?

    @Option(name: .customLong("risk-trials"), help: "Calls simulated per curve in the closing risk report.")
    public var riskTrials: Int = 4000

    @Option(help: "Seed (overrides the scene's); the same seed gives the same bytes.")
    public var seed: UInt64?

    @OptionGroup public var spectral: SpectralOptions

    public init() {}

    public func run() throws {
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        let parsed = try scene.map { try SceneFile.read(path: $0) }
            ?? SceneFile.parse(BuiltInScenes.railwayStation, path: "c4-railway-station.yaml")
        let base = (outputDir as NSString).appendingPathComponent("demo")
        log("generating \(parsed.description.isEmpty ? "scene" : parsed.description) → \(base).sigmf-meta")
        var bar = ProgressBar(label: "sightline demo: generating")
        let generated = try SceneRecorder.write(
            scene: parsed, sceneName: scene.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
                ?? "c4-railway-station",
            to: base + ".sigmf-meta", seed: seed) { done, total in bar.update(done: done, total: total) }
        print("scene: \(generated.samples) samples × \(generated.channels) channel(s), \(generated.annotations) ground-truth annotations → \(generated.metaPath)")
        let summary = try SpectrumJob.run(
            input: base + ".sigmf-meta", channel: 0, options: spectral, psdCSV: base + "-psd.csv",
            waterfallPNG: base + "-waterfall.png", combine: .max)
        try AtomicFile.write(try SpectrumJob.json(summary) + "\n", to: base + "-spectrum.json")
        print(SpectrumCommand.describe(summary))
        print("summary: \(base)-spectrum.json")
        var detect = try DetectCommand.parse([base + ".sigmf-meta", "--score", "--detections", base + "-detections.json",
                                              "--waterfall", base + "-detections.png"])
        try detect.validate()
        try detect.run()
        try realRecordings(base: base)
        try directionFinding(scene: parsed, base: base)
        log("outputs are in \(outputDir)/")
    }

    /// The same detector, defaults only, on public captures made with real radios
    /// (Signals/recordings/real, provenance in its README): a channel-filtered GSM uplink
    /// and a 4 MS/s downlink band, each with its waterfall and the detections outlined.
    func realRecordings(base: String) throws {
        let folder = "Signals/recordings/real"
        for (name, label) in [("gsm-uplink-4bursts", "real-uplink"), ("gsmsp-941MHz-4Msps", "real-downlink")] {
            let path = "\(folder)/\(name).sigmf-meta"
            guard FileManager.default.fileExists(atPath: path) else {
                log("\(path) not found (run the demo from the project folder to include the real recordings)")
                return
            }
            var detect = try DetectCommand.parse([path, "--detections", "\(base)-\(label)-detections.json",
                                                  "--waterfall", "\(base)-\(label).png"])
            try detect.validate()
            try detect.run()
        }
    }

    /// The same call heard by a hand-held Adcock DF (5 channels, 0.3 dB / 2° element errors: a calibrated instrument)
    /// from three places: detect on the sense channel, a Watson-Watt bearing per burst, the
    /// median bearing per place, then a maximum-likelihood fix and its map.
    func directionFinding(scene: Scene, base: String) throws {
        guard let phone = scene.sources.first?.position else { return }
        let places: [(Double, Double)] = [(-300, -200), (700, -100), (100, 900)]
        var files: [String] = []
        for (i, place) in places.enumerated() {
            var s = scene
            s.durationSeconds = min(scene.durationSeconds, 0.05)
            s.receiver.position = Position(eastMeters: place.0, northMeters: place.1, upMeters: 1.5)
            s.receiver.array = .adcock(radiusMeters: 0.08)
            s.receiver.elementErrors = ElementErrors(gainDBRMS: 0.3, phaseDegreesRMS: 2)
            s.sources = [scene.sources[0]]
            let name = "\(base)-df\(i + 1)"
            _ = try SceneRecorder.write(scene: s, sceneName: "c4-df-\(i + 1)", to: name + ".sigmf-meta", seed: UInt64(40 + i))
            var detect = try DetectCommand.parse([name + ".sigmf-meta", "--channel", "4", "--detections", name + "-detections.json"])
            try detect.validate()
            let meta = try SigMFMetadata.read(path: name + ".sigmf-meta")
            let result = try DetectionPipeline.run(metadata: meta, channel: 4, options: detect.options(sampleRateHz: meta.sampleRateHz))
            guard !result.detections.isEmpty else { continue }
            let reader = try SigMFReader(metadata: meta)
            let bearings = try result.detections.map { d in
                try BearingJob.bearing(reader: reader, array: AntennaArray(.adcock(radiusMeters: 0.08), frequencyHz: d.frequencyHz),
                                       method: .watsonWatt,
                                       span: .init(startSeconds: d.startSeconds, durationSeconds: d.durationSeconds,
                                                   frequencyHz: d.frequencyHz, bandwidthHz: max(d.bandwidthHz, 50_000)),
                                       sensor: place)
            }.map(\.azimuthDegrees).sorted()
            let median = bearings[bearings.count / 2]
            let doc: [String: Any] = ["bearings": [["azimuth_deg": median, "sigma_deg": 2.0, "snr_db": result.emissions.first?.snrDB ?? 0,
                                                    "start_s": result.detections[0].startSeconds, "duration_s": s.durationSeconds,
                                                    "frequency_hz": result.detections[0].frequencyHz,
                                                    "sensor": ["east_m": place.0, "north_m": place.1]]]]
            try AtomicFile.write(try JSONOutput.string(doc) + "\n", to: name + "-bearings.json")
            files.append(name + "-bearings.json")
            let truth = atan2(phone.eastMeters - place.0, phone.northMeters - place.1) * 180 / .pi
            print(String(format: "DF at (%.0f, %.0f) m: median bearing %.1f° over %d bursts (true %.1f°)", place.0, place.1, median,
                         bearings.count, truth < 0 ? truth + 360 : truth))
        }
        if files.count >= 2 {
            var locate = try LocateCommand.parse(files + ["--method", "ml", "--map-svg", base + "-fix.svg",
                                                         "--truth-east-m", "\(phone.eastMeters)", "--truth-north-m", "\(phone.northMeters)"])
            try locate.validate()
            try locate.run()
        }
        try writeReport(base: base)
    }

    /// The last stage: the risk over the whole call (C4's eight minutes and the tactics),
    /// as the self-contained HTML report.
    func writeReport(base: String) throws {
        let path = riskScene ?? (outputDir as NSString).appendingPathComponent("c4-railway-station-risk.yaml")
        if riskScene == nil { try AtomicFile.write(BuiltInRiskScenes.railwayStation, to: path) }
        log("risk over the call: \(riskTrials) calls per curve → \(base)-report.html")
        var report = try ReportCommand.parse([path, "--trials", "\(riskTrials)", "--durations", "30s,1m,2m,3m,4m,5m,6m,7m,8m,10m,15m",
                                              "-o", base + "-report.html"] + (seed.map { ["--seed", "\($0)"] } ?? []))
        try report.validate()
        try report.run()
    }

    func log(_ s: String) { FileHandle.standardError.write(Data("sightline demo: \(s)\n".utf8)) }
}
