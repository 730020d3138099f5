import SightlineCore

/// `sightline info --json`: what a recording holds.
public struct RecordingInfo: ResultDocument, Equatable {
    public static let documentName = "recording info"
    public static let writtenBy = "sightline info --json"

    public var datatype: String
    public var sampleRateHz: Double
    @Nullable public var frequencyHz: Double?
    public var channels: Int
    public var samples: Int
    public var durationSeconds: Double
    public var annotations: Int
    /// Annotations per source id (or label; "(unlabelled)" for neither).
    public var annotationsByLabel: [String: Int]
    public var datetime: String?
    public var array: String?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case datatype, sampleRateHz = "sample_rate_hz", frequencyHz = "frequency_hz", channels, samples
        case durationSeconds = "duration_s", annotations, annotationsByLabel = "annotations_by_label", datetime, array,
            description
    }

    /// The summary of a recording's metadata and data file.
    public init(_ meta: SigMFMetadata) throws {
        let samples = try meta.sampleCount()
        var byLabel: [String: Int] = [:]
        for a in meta.annotations { byLabel[a.sourceID ?? a.label ?? "(unlabelled)", default: 0] += 1 }
        datatype = meta.datatype.rawValue
        sampleRateHz = meta.sampleRateHz
        frequencyHz = meta.frequencyHz
        channels = meta.channelCount
        self.samples = samples
        durationSeconds = Double(samples) / meta.sampleRateHz
        annotations = meta.annotations.count
        annotationsByLabel = byLabel
        datetime = meta.datetime
        array = meta.arrayGeometry
        description = meta.description
    }
}
