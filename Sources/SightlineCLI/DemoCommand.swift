import ArgumentParser
import Foundation
import Sightline

/// `sightline demo`: the most complete pipeline that exists, on a built-in default.
public struct DemoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthesise the built-in test signal and run the spectral pipeline on it.",
        discussion: """
            Writes, in the output folder: demo.sigmf-meta/.sigmf-data (2 MS/s around 902.4 MHz: noise, tones at −600 kHz and +450 kHz, a carrier gated like a GSM timeslot at +200 kHz), demo-psd.csv, demo-waterfall.png and demo-spectrum.json.
            """)

    @Option(name: .customLong("output-dir"), help: "Folder for the outputs (created if missing).")
    public var outputDir: String = "demo-output"

    @Option(help: "Seed of the noise generator; the same seed gives the same bytes.")
    public var seed: UInt64 = 1

    @OptionGroup public var spectral: SpectralOptions

    public init() {}

    public func run() throws {
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        let signal = TestSignal.demo
        let base = (outputDir as NSString).appendingPathComponent("demo")
        log("synthesising \(signal.sampleCount) samples (seed \(seed)) → \(base).sigmf-meta")
        let annotations = signal.burstAnnotations.map { a in
            SigMFWriter.Annotation(
                sampleStart: a.start, sampleCount: a.count, label: "burst",
                frequencyLowerEdgeHz: signal.centreFrequencyHz + a.offsetHz - 100_000,
                frequencyUpperEdgeHz: signal.centreFrequencyHz + a.offsetHz + 100_000)
        }
        try SigMFWriter.write(
            signal.samples(seed: seed), to: base + ".sigmf-meta", sampleRateHz: signal.sampleRateHz,
            frequencyHz: signal.centreFrequencyHz,
            description: "Sightline built-in test signal (seed \(seed)): noise, two tones, a gated carrier",
            annotations: annotations)
        let summary = try SpectrumJob.run(
            input: base + ".sigmf-meta", channel: 0, options: spectral, psdCSV: base + "-psd.csv",
            waterfallPNG: base + "-waterfall.png", combine: .max)
        try AtomicFile.write(try SpectrumJob.json(summary) + "\n", to: base + "-spectrum.json")
        print(SpectrumCommand.describe(summary))
        print("summary: \(base)-spectrum.json")
        log("outputs are in \(outputDir)/")
    }

    func log(_ s: String) { FileHandle.standardError.write(Data("sightline demo: \(s)\n".utf8)) }
}
