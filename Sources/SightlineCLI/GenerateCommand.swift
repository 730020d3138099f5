import ArgumentParser
import Foundation
import Sightline

/// `sightline generate`: synthesise a scene file into a SigMF recording with ground truth.
public struct GenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Synthesise a scene (YAML or JSON) into a SigMF recording with ground-truth annotations.",
        discussion: """
            The scene format is described in Signals/scenes/README.md. Samples are in units of the receiver's thermal \
            noise power kTBF over the sample rate (noise has power 1 per element). Each burst or emission becomes one \
            annotation with its source id, true SNR, received power and, with an array, true bearing, under the \
            sightline: extension namespace. Integer datatypes are scaled so the total RMS level sits 12 dB below full \
            scale; the scale is recorded as sightline:scale. The same scene and seed give the same bytes.
            """
    )

    @Argument(help: "The scene file (.yaml, .yml or .json).")
    public var scene: String

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "The recording to write (.sigmf-meta path or base name)."
    )
    public var output: String

    @Option(parsing: .unconditional, help: "Seed (overrides the scene's seed).")
    public var seed: UInt64?

    @Option(
        name: .customLong("duration-s"),
        parsing: .unconditional,
        help: "Duration in seconds (overrides the scene's duration_s)."
    )
    public var durationS: Double?

    @Option(help: "Sample datatype: \(SigMFDatatype.supportedNames).")
    public var datatype: SigMFDatatype = .cf32LE

    @Option(
        parsing: .unconditional,
        help: """
            Integer datatypes: the integer value of a unit sample (default: automatic, 12 dB headroom).
            """
    )
    public var scale: Double?

    @Flag(help: "Print a summary document as JSON on stdout (and nothing else).")
    public var json = false

    public init() {}

    public func validate() throws {
        guard datatype.isSupported else {
            throw ValidationError(
                "--datatype \(datatype.rawValue) cannot be written; use one of \(SigMFDatatype.supportedNames)"
            )
        }
        if let d = durationS {
            guard d > 0 && d <= 1e7 else {
                throw ValidationError("--duration-s \(d): give a positive duration of at most 1e7 s")
            }
        }
        if let s = scale {
            guard s > 0 && s.isFinite else { throw ValidationError("--scale \(s): give a positive scale") }
        }
    }

    public func run() throws {
        let paths = SigMFMetadata.paths(for: output)
        try AtomicFile.checkOutputs([paths.meta, paths.data], inputs: [scene])
        var parsed = try SceneFile.read(path: scene)
        if let d = durationS { parsed.durationSeconds = d }
        try parsed.checkSize(location: durationS == nil ? scene : "--duration-s")
        let name = ((scene as NSString).lastPathComponent as NSString).deletingPathExtension
        var bar = ProgressBar(label: "generating \(name)")
        let result = try SceneRecorder.write(
            scene: parsed,
            sceneName: name,
            to: output,
            datatype: datatype,
            seed: seed,
            scale: scale,
            location: scene
        ) { done, total in bar.update(done: done, total: total) }
        if result.clippedSamples > 0 {
            FileHandle.standardError.write(
                Data(
                    """
                    sightline generate: warning: \(result.clippedSamples) samples saturated \(datatype.rawValue); \
                    lower --scale\n
                    """
                    .utf8
                )
            )
        }
        if json {
            print(try GenerateDocument(result, seed: seed ?? parsed.seed, datatype: datatype).json())
        } else {
            print(
                """
                \(result.metaPath): \(result.samples) samples × \(result.channels) channel(s), \
                \(result.annotations) annotations, \(datatype.rawValue)
                """
            )
        }
    }
}
