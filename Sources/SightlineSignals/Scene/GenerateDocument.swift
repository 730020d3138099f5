import SightlineCore

/// `sightline generate --json`: what was written.
public struct GenerateDocument: ResultDocument, Equatable {
    public static let documentName = "generate"
    public static let writtenBy = "sightline generate --json"

    public var output: String
    public var samples: Int
    public var channels: Int
    public var annotations: Int
    public var seed: UInt64
    public var datatype: String
    public var clippedSamples: Int

    enum CodingKeys: String, CodingKey {
        case output, samples, channels, annotations, seed, datatype, clippedSamples = "clipped_samples"
    }

    public init(_ r: SceneRecorder.Result, seed: UInt64, datatype: SigMFDatatype) {
        output = r.metaPath
        samples = r.samples
        channels = r.channels
        annotations = r.annotations
        self.seed = seed
        self.datatype = datatype.rawValue
        clippedSamples = r.clippedSamples
    }
}
