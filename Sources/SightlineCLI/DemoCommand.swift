import ArgumentParser
import Foundation
import Sightline

/// `sightline demo`: the most complete pipeline that exists, on a built-in default.
public struct DemoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the built-in railway-station scene (CLAIMS.md C4) and run the pipeline on it: spectrum, then detection.",
        discussion: """
            Writes, in the output folder: demo.sigmf-meta/.sigmf-data (a quarter second at 2 MS/s around 902.4 MHz: a GSM 900 phone in a call 400 m from a listener at a railway station, with ground-truth annotations for every burst), demo-psd.csv, demo-waterfall.png and demo-spectrum.json; then CFAR detection: demo-detections.json and demo-detections.png (the waterfall with every detection outlined), scored against the ground truth. The scene is Signals/scenes/c4-railway-station.yaml; --scene runs another.
            """)

    @Option(name: .customLong("output-dir"), help: "Folder for the outputs (created if missing).")
    public var outputDir: String = "demo-output"

    @Option(help: "A scene file to run instead of the built-in one.")
    public var scene: String?

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
        log("outputs are in \(outputDir)/")
    }

    func log(_ s: String) { FileHandle.standardError.write(Data("sightline demo: \(s)\n".utf8)) }
}
