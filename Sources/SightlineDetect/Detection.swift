/// A connected time–frequency region of CFAR hits: one burst, or one stretch of a
/// continuous emission.
public struct Detection: Sendable, Equatable {
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

/// Detections grouped into one transmission per channel.
public struct Emission: Sendable, Equatable {
    public enum Kind: String, Sendable { case tdmaBurst = "tdma-burst", continuous, noiseLike = "noise-like", unknown }
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
}
