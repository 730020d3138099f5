import ArgumentParser
import Foundation
import Sightline

/// `sightline demo`: the most complete pipeline that exists, on a built-in default.
public struct DemoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: """
            Generate the built-in railway-station scene (CLAIMS.md C4) and run the whole pipeline on it: spectrum, \
            detection, bearings, fix, and the risk report over the call.
            """,
        discussion: """
            Writes, in the output folder: demo.sigmf-meta/.sigmf-data (a quarter second at 2 MS/s around 902.4 MHz: a \
            GSM 900 phone in a call 400 m from a listener at a railway station, with ground-truth annotations for \
            every burst), demo-psd.csv, demo-waterfall.png and demo-spectrum.json; then CFAR detection: \
            demo-detections.json and demo-detections.png (the waterfall with every detection outlined), scored \
            against the ground truth; then the same detector on two real captures (Signals/recordings/real: a \
            channel-filtered GSM uplink and a 4 MS/s downlink band), demo-real-uplink.png and demo-real-downlink.png \
            with their detections; then the same call heard by a hand-held Adcock DF from three places (demo-df1…3: \
            recordings, detections, Watson-Watt bearings), a maximum-likelihood fix and its map, demo-fix.svg (2° per \
            bearing assumed: the calibration floor); and finally the risk over the whole call: the timed C4 scene \
            (Signals/scenes/c4-railway-station-risk.yaml, also written to the folder) simulated over thousands of \
            calls, with its tactics, as the self-contained HTML report demo-report.html. The scene is \
            Signals/scenes/c4-railway-station.yaml; --scene and --risk-scene run others.
            """
    )

    @Option(name: .customLong("output-dir"), help: "Folder for the outputs (created if missing).")
    public var outputDir: String = "demo-output"

    @Option(help: "A scene file to run instead of the built-in one.")
    public var scene: String?

    @Option(
        name: .customLong("risk-scene"),
        help: "A timed scene for the closing risk report instead of the built-in C4 one."
    )
    public var riskScene: String?

    @Option(name: .customLong("risk-trials"), help: "Calls simulated per curve in the closing risk report.")
    public var riskTrials: Int = 4000

    @Option(
        name: .customLong("assumption-draws"),
        help: """
            Draws of the risk scene's assumptions for the report's bands (0: the scene as written only; a scene \
            with no assumptions gets none).
            """
    )
    public var assumptionDraws: Int = 16

    @Option(
        name: .customLong("sensitivity-trials"),
        help: "Calls per point of the one-at-a-time sensitivity drawn as the report's tornado (0: none)."
    )
    public var sensitivityTrials: Int = 2000

    @Option(help: "Seed (overrides the scene's); the same seed gives the same bytes.")
    public var seed: UInt64?

    @OptionGroup public var spectral: SpectralOptions

    public init() {}

    public func validate() throws {
        guard riskTrials >= 1 && riskTrials <= RiskEngine.maximumTrials else {
            throw ValidationError("--risk-trials \(riskTrials): give 1 to \(RiskEngine.maximumTrials) (the limit)")
        }
        // As `risk --assumption-draws`: a band needs two draws at least.
        guard assumptionDraws == 0 || (2...4096).contains(assumptionDraws) else {
            throw ValidationError("--assumption-draws \(assumptionDraws): give 0, or 2 to 4096")
        }
        let least = SensitivityStudy.minimumTrials
        guard sensitivityTrials == 0 || (least...RiskEngine.maximumTrials).contains(sensitivityTrials) else {
            throw ValidationError(
                "--sensitivity-trials \(sensitivityTrials): give 0, or \(least) to \(RiskEngine.maximumTrials)"
            )
        }
    }

    public func run() throws {
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        let parsed =
            try scene.map { try SceneFile.read(path: $0) }
            ?? SceneFile.parse(BuiltInScenes.railwayStation, path: "c4-railway-station.yaml")
        let base = (outputDir as NSString).appendingPathComponent("demo")
        log("generating \(parsed.description.isEmpty ? "scene" : parsed.description) → \(base).sigmf-meta")
        var bar = ProgressBar(label: "sightline demo: generating")
        let generated = try SceneRecorder.write(
            scene: parsed,
            sceneName: scene.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
                ?? "c4-railway-station",
            to: base + ".sigmf-meta",
            seed: seed
        ) { done, total in bar.update(done: done, total: total) }
        print(
            """
            scene: \(generated.samples) samples × \(generated.channels) channel(s), \(generated.annotations) \
            ground-truth annotations → \(generated.metaPath)
            """
        )
        let summary = try SpectrumRun.run(
            input: base + ".sigmf-meta",
            channel: 0,
            configuration: spectral.configuration(sampleRateHz:),
            psdCSV: base + "-psd.csv",
            waterfallPNG: base + "-waterfall.png",
            combine: .max
        )
        try AtomicFile.write(try summary.json() + "\n", to: base + "-spectrum.json")
        print(SpectrumCommand.describe(summary))
        print("summary: \(base)-spectrum.json")
        try detect(
            base + ".sigmf-meta",
            score: true,
            detections: base + "-detections.json",
            waterfall: base + "-detections.png"
        )
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
            try detect(
                path,
                score: false,
                detections: "\(base)-\(label)-detections.json",
                waterfall: "\(base)-\(label).png"
            )
        }
    }

    /// The same call heard by a hand-held Adcock DF (5 channels, 0.3 dB / 2° element errors: a calibrated instrument)
    /// from three places: detect on the sense channel, a Watson-Watt bearing per burst, the
    /// median bearing per place, then a maximum-likelihood fix and its map.
    func directionFinding(scene: Scene, base: String) throws {
        guard let phone = scene.sources.first?.position else { return }
        let places: [(Double, Double)] = [(-300, -200), (700, -100), (100, 900)]
        var documents: [BearingsDocument] = []
        for (i, place) in places.enumerated() {
            var s = scene
            s.durationSeconds = min(scene.durationSeconds, 0.05)
            s.receiver.position = Position(eastMeters: place.0, northMeters: place.1, upMeters: 1.5)
            s.receiver.array = .adcock(radiusMeters: 0.08)
            s.receiver.elementErrors = ElementErrors(gainDBRMS: 0.3, phaseDegreesRMS: 2)
            s.sources = [scene.sources[0]]
            let name = "\(base)-df\(i + 1)"
            _ = try SceneRecorder.write(
                scene: s,
                sceneName: "c4-df-\(i + 1)",
                to: name + ".sigmf-meta",
                seed: UInt64(40 + i)
            )
            let meta = try SigMFMetadata.read(path: name + ".sigmf-meta")
            let run = try DetectionRun(
                metadata: meta,
                channel: 4,
                options: .defaults(sampleRateHz: meta.sampleRateHz),
                score: false,
                waterfall: false
            )
            try run.write(detections: name + "-detections.json", waterfall: nil)
            let result = run.result
            guard !result.detections.isEmpty else { continue }
            let reader = try SigMFReader(metadata: meta)
            let bearings = try result.detections.map { d in
                try BearingJob.bearing(
                    reader: reader,
                    array: AntennaArray(.adcock(radiusMeters: 0.08), frequencyHz: d.frequencyHz),
                    method: .watsonWatt,
                    span: .init(
                        startSeconds: d.startSeconds,
                        durationSeconds: d.durationSeconds,
                        frequencyHz: d.frequencyHz,
                        bandwidthHz: max(d.bandwidthHz, 50_000)
                    ),
                    sensor: place
                )
            }.map(\.azimuthDegrees).sorted()
            let median = Statistics.median(sorted: bearings)
            let record = BearingsDocument.Record(
                azimuthDegrees: median,
                sigmaDegrees: 2,
                snrDB: result.emissions.first?.snrDB ?? 0,
                startSeconds: result.detections[0].startSeconds,
                durationSeconds: s.durationSeconds,
                frequencyHz: result.detections[0].frequencyHz,
                sensor: .init(eastMeters: place.0, northMeters: place.1)
            )
            let doc = BearingsDocument(bearings: [record])
            try AtomicFile.write(try doc.json() + "\n", to: name + "-bearings.json")
            documents.append(doc)
            let truth = atan2(phone.eastMeters - place.0, phone.northMeters - place.1) * 180 / .pi
            print(
                String(
                    format: "DF at (%.0f, %.0f) m: median bearing %.1f° over %d bursts (true %.1f°)",
                    place.0,
                    place.1,
                    median,
                    bearings.count,
                    truth < 0 ? truth + 360 : truth
                )
            )
        }
        if documents.count >= 2 {
            let bearings = documents.flatMap { LocateStudy.resolvedBearings($0).bearings }
            let fix = try LocateStudy.fix(bearings: bearings, method: .ml)
            try AtomicFile.write(
                SVGMap(fix: fix, method: .ml, truth: (phone.eastMeters, phone.northMeters)).render(),
                to: base + "-fix.svg"
            )
            let f = fix.fix
            let e = f.ellipse95
            print(
                String(
                    format:
                        """
                        fix (%.1f, %.1f) m east/north from %d bearings (ml): CEP %.1f m, 95 %% ellipse %.1f × \
                        %.1f m at %.0f°
                        """,
                    f.eastMeters,
                    f.northMeters,
                    bearings.count,
                    f.cepMeters,
                    e.majorMeters,
                    e.minorMeters,
                    e.orientationDegrees
                )
            )
            let miss =
                ((f.eastMeters - phone.eastMeters) * (f.eastMeters - phone.eastMeters)
                + (f.northMeters - phone.northMeters) * (f.northMeters - phone.northMeters)).squareRoot()
            print(String(format: "error against the truth: %.1f m", miss))
            print("map: \(base)-fix.svg")
        }
        try writeReport(base: base)
    }

    /// The last stage: the risk over the whole call (C4's eight minutes and the tactics),
    /// as the self-contained HTML report.
    func writeReport(base: String) throws {
        let path = riskScene ?? (outputDir as NSString).appendingPathComponent("c4-railway-station-risk.yaml")
        if riskScene == nil { try AtomicFile.write(BuiltInRiskScenes.railwayStation, to: path) }
        log("risk over the call: \(riskTrials) calls per curve → \(base)-report.html")
        let scene = try RiskSceneFile.read(path: path)
        let durations = try RiskStudy.durations(parsing: Self.reportDurations)
        var study = RiskStudy(scene: scene, durationsSeconds: durations, trials: riskTrials, seed: seed)
        let sampled = assumptionDraws > 0 && !scene.assumptions.isEmpty
        if sampled { study.assumptions = .sample(draws: assumptionDraws) }
        let model = try MeasurementModel.standard()
        // What the answer depends on most: each assumption alone at its 5th and 95th
        // percentile, for the chance the agent reaches the door at the key duration.
        var tornado: ReportUncertainty.Tornado?
        let sensitivityPath = base + "-sensitivity.json"
        var sensitivityCommand = ""
        if sensitivityTrials > 0, !scene.assumptions.isEmpty {
            let key = scene.story?.keyDurationSeconds ?? durations.max() ?? 480
            let oat = SensitivityStudy(
                scene: scene,
                durationSeconds: key,
                outcome: .agentArrived,
                method: .oat,
                trialsPerPoint: sensitivityTrials,
                seed: seed
            )
            log("sensitivity: \(oat.points) points of \(sensitivityTrials) calls → \(sensitivityPath)")
            let bar = SharedProgress(label: "points", total: oat.points)
            let doc = try oat.run(model: model) { bar.update($0) }
            try AtomicFile.write(try doc.json() + "\n", to: sensitivityPath)
            tornado = SensitivityChart.tornado(doc)
            sensitivityCommand = " --sensitivity \(sensitivityPath)"
            print(
                String(format: "sensitivity: P(agent at the door) %.3f at the key duration; ", doc.pNominal)
                    + "most on " + doc.factors.prefix(2).map(\.name).joined(separator: " and ") + ": \(sensitivityPath)"
            )
        }
        log(
            "risk over the call: \(riskTrials) calls per curve"
                + (sampled ? " at the scene as written and \(assumptionDraws) draws of its assumptions" : "")
                + " → \(base)-report.html"
        )
        let bar = SharedProgress(label: "calls", total: study.totalCalls)
        let results = try study.run(model: model) { bar.update($0) }
        let output = base + "-report.html"
        let command =
            """
            sightline report \(path) --durations \(Self.reportDurations) --trials \(riskTrials) --seed \
            \(results[0].seed) --fidelity measurement\
            \(sampled ? " --assumptions sample --assumption-draws \(assumptionDraws)" : "")\
            \(sensitivityCommand) -o \(output)
            """
        let report = RiskReport(
            scene: scene,
            results: results,
            model: model,
            command: command,
            bands: ReportUncertainty.bands(of: results),
            tornado: tornado
        )
        try AtomicFile.write(report.render(), to: output)
        print("report: \(output)")
    }

    static let reportDurations = "30s,1m,2m,3m,4m,5m,6m,7m,8m,10m,15m"

    /// Detection with the default options, as `sightline detect` runs it.
    func detect(_ path: String, score: Bool, detections: String, waterfall: String) throws {
        let meta = try SigMFMetadata.read(path: path)
        let options = DetectionPipeline.Options.defaults(sampleRateHz: meta.sampleRateHz)
        let run = try DetectionRun(metadata: meta, channel: 0, options: options, score: score, waterfall: true)
        try run.write(detections: detections, waterfall: waterfall)
        for line in run.summary(path: meta.metaPath, options: options) { print(line) }
        print("detections: \(detections)")
        print("waterfall: \(waterfall)")
    }

    func log(_ s: String) { FileHandle.standardError.write(Data("sightline demo: \(s)\n".utf8)) }
}
