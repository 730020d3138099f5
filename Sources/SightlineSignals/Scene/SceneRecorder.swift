import Numerics
import SightlineCore
import SightlineDSP

/// Writes a scene to a SigMF recording in blocks (any length, bounded memory), with one
/// annotation per burst or emission carrying the ground truth.
public enum SceneRecorder {
    public struct Result: Sendable {
        public var metaPath: String
        public var samples: Int
        public var channels: Int
        public var annotations: Int
        public var clippedSamples: Int
        public var scale: Double
    }

    /// Frames rendered per block.
    public static let blockFrames = 1 << 16

    /// The integer scale that puts the scene's total RMS level 12 dB below full scale,
    /// leaving headroom for Gaussian peaks (a 4σ peak of I or Q clips about 6e−5 of samples).
    public static func automaticScale(for datatype: SigMFDatatype, totalPower: Double) -> Double {
        datatype.fullScale / (4 * max(totalPower, 1e-30).squareRoot())
    }

    public static func write(
        scene: Scene,
        sceneName: String,
        to path: String,
        datatype: SigMFDatatype = .cf32LE,
        seed: UInt64? = nil,
        scale: Double? = nil,
        location: String = "scene",
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Result {
        let synth = try SceneSynthesizer(scene: scene, seed: seed, location: location)
        let channels = synth.channelCount
        let chosenScale =
            datatype.isInteger ? (scale ?? automaticScale(for: datatype, totalPower: synth.totalPower)) : 1
        let writer = try SigMFWriter(path: path, datatype: datatype, channelCount: channels, scale: chosenScale)
        let buffer = AlignedBuffer<Complex<Float>>(count: blockFrames * channels)
        while !synth.isFinished {
            let n = synth.render(into: buffer.buffer)
            try writer.append(UnsafeBufferPointer(rebasing: buffer.buffer[0..<(n * channels)]))
            progress?(synth.framesRendered, synth.sampleCount)
        }
        var extra: [String: JSONValue] = [
            "sightline:seed": .integer(Int(truncatingIfNeeded: synth.seed)),
            "sightline:scene": .string(sceneName),
            "sightline:noise_power_dbm": .number(scene.noisePowerDBm),
        ]
        if channels > 1 {
            extra["sightline:array"] = .string(Self.geometryName(scene.receiver.array))
            extra["sightline:receiver"] = [
                "east_m": .number(scene.receiver.position.eastMeters),
                "north_m": .number(scene.receiver.position.northMeters),
                "up_m": .number(scene.receiver.position.upMeters),
            ]
        }
        let annotations = synth.annotations()
        let description = scene.description.isEmpty ? "Sightline synthetic scene \(sceneName)" : scene.description
        try writer.finish(
            SigMFWriter.Metadata(
                sampleRateHz: scene.sampleRateHz,
                frequencyHz: scene.centerFrequencyHz,
                description: description + " (seed \(synth.seed))",
                datetime: scene.datetime,
                annotations: annotations,
                extraGlobal: extra
            )
        )
        return Result(
            metaPath: writer.metaPath,
            samples: synth.sampleCount,
            channels: channels,
            annotations: annotations.count,
            clippedSamples: writer.clippedSamples,
            scale: chosenScale
        )
    }

    /// `ula:M:D`, `uca:M:R`, `adcock:R`, the notation of `--array`.
    public static func geometryName(_ g: AntennaArray.Geometry) -> String {
        switch g {
        case .single: "single"
        case .ula(let m, let d): "ula:\(m):\(d)"
        case .uca(let m, let r): "uca:\(m):\(r)"
        case .adcock(let r): "adcock:\(r)"
        }
    }
}
