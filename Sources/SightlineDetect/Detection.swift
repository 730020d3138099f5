/// A connected time–frequency region of CFAR hits: one burst, or one stretch of a
/// continuous emission. As a `Codable` value it is the detections document's entry
/// (DESIGN.md's field names; `test` says `burst` or `stationary`; `cells` stays out).
public struct Detection: Sendable, Equatable, Codable {
    public var startSeconds: Double
    public var durationSeconds: Double
    /// Power-weighted centroid frequency (absolute Hz).
    public var frequencyHz: Double
    /// Energy-weighted RMS width expressed as an equivalent flat band (√12·σ).
    public var bandwidthHz: Double
    /// SNR in the occupied bandwidth: mean over the region's cells of (P − N̂)/N̂.
    public var snrDB: Double
    /// The strongest cell's (P − N̂)/N̂.
    public var peakSNRdB: Double
    public var cells: Int
    /// Found by the stationary test (a carrier or jammer on for the whole floor window)
    /// rather than against its bins' own floor.
    public var stationary = false
}

/// Detections grouped into one transmission per channel; as a `Codable` value it is the
/// detections document's emission entry (DESIGN.md's field names).
public struct Emission: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case tdmaBurst = "tdma-burst", wcdma, lteUplink = "lte-uplink", continuous, noiseLike = "noise-like", unknown
    }
    public var startSeconds: Double
    public var durationSeconds: Double
    public var frequencyHz: Double
    public var bandwidthHz: Double
    public var burstCount: Int
    /// Burst period (nil unless periodic).
    public var periodSeconds: Double?
    public var dutyCycle: Double
    public var kind: Kind
    public var snrDB: Double
    /// The wideband features that decided `wcdma` / `lte-uplink` (``EmissionClassifier``);
    /// nil (and not written) when the sample rate holds neither.
    public var features: EmissionFeatures? = nil
}

extension Emission {
    enum CodingKeys: String, CodingKey {
        case startSeconds = "start_s", durationSeconds = "duration_s", frequencyHz = "frequency_hz"
        case bandwidthHz = "bandwidth_hz", burstCount = "burst_count", periodSeconds = "period_s"
        case dutyCycle = "duty_cycle", kind, snrDB = "snr_db", features
    }

    /// `period_s` is written as null when there is no period (readers rely on the key).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(frequencyHz, forKey: .frequencyHz)
        try c.encode(bandwidthHz, forKey: .bandwidthHz)
        try c.encode(burstCount, forKey: .burstCount)
        try c.encode(periodSeconds, forKey: .periodSeconds)
        try c.encode(dutyCycle, forKey: .dutyCycle)
        try c.encode(kind, forKey: .kind)
        try c.encode(snrDB.isFinite ? snrDB : -999, forKey: .snrDB)
        try c.encodeIfPresent(features, forKey: .features)
    }
}

extension Detection {
    enum CodingKeys: String, CodingKey {
        case startSeconds = "start_s", durationSeconds = "duration_s", frequencyHz = "frequency_hz"
        case bandwidthHz = "bandwidth_hz", snrDB = "snr_db", peakSNRdB = "peak_snr_db", test
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        startSeconds = try c.decode(Double.self, forKey: .startSeconds)
        durationSeconds = try c.decode(Double.self, forKey: .durationSeconds)
        frequencyHz = try c.decode(Double.self, forKey: .frequencyHz)
        bandwidthHz = try c.decode(Double.self, forKey: .bandwidthHz)
        snrDB = try c.decode(Double.self, forKey: .snrDB)
        peakSNRdB = try c.decodeIfPresent(Double.self, forKey: .peakSNRdB) ?? snrDB
        cells = 0
        stationary = try c.decodeIfPresent(String.self, forKey: .test) == "stationary"
    }

    /// Non-finite SNRs (a region of infinite power) are written as the largest finite or −999.
    public func encode(to encoder: Encoder) throws {
        func finite(_ v: Double) -> Double { v.isFinite ? v : (v > 0 ? Double.greatestFiniteMagnitude : -999) }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(frequencyHz, forKey: .frequencyHz)
        try c.encode(bandwidthHz, forKey: .bandwidthHz)
        try c.encode(finite(snrDB), forKey: .snrDB)
        try c.encode(finite(peakSNRdB), forKey: .peakSNRdB)
        try c.encode(stationary ? "stationary" : "burst", forKey: .test)
    }
}
