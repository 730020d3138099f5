import SightlineCore

/// A SigMF annotation: a span of samples, optional frequency edges and a label, plus the
/// ground truth Sightline records under its `sightline:` extension namespace.
public struct SigMFAnnotation: Sendable, Equatable {
    public var sampleStart: Int
    public var sampleCount: Int
    public var label: String?
    public var frequencyLowerEdgeHz: Double?
    public var frequencyUpperEdgeHz: Double?
    /// `sightline:source_id`.
    public var sourceID: String?
    /// Numeric `sightline:` fields without their prefix: `snr_db`, `snr_bandwidth_hz`,
    /// `received_power_dbm`, `tx_power_dbm`, `bearing_deg`, `elevation_deg`, `distance_m`,
    /// `frame_number`, `arfcn`, `timeslot`.
    public var truth: [String: Double]
    /// `sightline:waveform`.
    public var waveform: String?

    public init(
        sampleStart: Int,
        sampleCount: Int,
        label: String? = nil,
        frequencyLowerEdgeHz: Double? = nil,
        frequencyUpperEdgeHz: Double? = nil,
        sourceID: String? = nil,
        waveform: String? = nil,
        truth: [String: Double] = [:]
    ) {
        self.sampleStart = sampleStart
        self.sampleCount = sampleCount
        self.label = label
        self.frequencyLowerEdgeHz = frequencyLowerEdgeHz
        self.frequencyUpperEdgeHz = frequencyUpperEdgeHz
        self.sourceID = sourceID
        self.waveform = waveform
        self.truth = truth
    }

    /// The annotation as a SigMF JSON object.
    public var jsonObject: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "core:sample_start": .integer(sampleStart), "core:sample_count": .integer(sampleCount),
        ]
        if let label { o["core:label"] = .string(label) }
        if let frequencyLowerEdgeHz { o["core:freq_lower_edge"] = .number(frequencyLowerEdgeHz) }
        if let frequencyUpperEdgeHz { o["core:freq_upper_edge"] = .number(frequencyUpperEdgeHz) }
        if let sourceID {
            o["core:generator"] = "sightline"
            o["sightline:source_id"] = .string(sourceID)
        }
        if let waveform { o["sightline:waveform"] = .string(waveform) }
        for (k, v) in truth {
            let integral = ["frame_number", "arfcn", "timeslot"].contains(k)
            o["sightline:" + k] = integral ? (Int(exactly: v).map(JSONValue.integer) ?? .number(v)) : .number(v)
        }
        return o
    }
}
