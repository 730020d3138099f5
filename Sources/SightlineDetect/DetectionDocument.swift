import Foundation
import SightlineCore

/// The detections document (DESIGN.md, "Result files"): what `sightline detect` writes and
/// every reader of detections reads. Field names are an interface; times are seconds from
/// the start of the recording, frequencies absolute Hz.
public struct DetectionDocument: ResultDocument, Equatable {
    public static let documentName = "detections"
    public static let writtenBy = "sightline detect --detections"

    /// How the detection was made: enough to make it again.
    public struct Parameters: Codable, Sendable, Equatable {
        public var noiseEstimator: String
        public var nfft: Int
        public var overlap: Double
        public var window: String
        public var cellHz: Double
        public var cellSeconds: Double
        public var averagedFrames: Int
        public var pfa: Double
        public var extensionPfa: Double?
        public var minimumDurationSeconds: Double
        public var channelSpacingHz: Double
        public var floor: FloorParameters?
        public var cfar: WindowParameters?

        enum CodingKeys: String, CodingKey {
            case noiseEstimator = "noise_estimator", nfft, overlap, window, cellHz = "cell_hz", cellSeconds = "cell_s"
            case averagedFrames = "averaged_frames", pfa, extensionPfa = "extension_pfa"
            case minimumDurationSeconds = "min_duration_s", channelSpacingHz = "channel_spacing_hz", floor, cfar
        }
    }

    public struct FloorParameters: Codable, Sendable, Equatable {
        public var quantile: Double
        public var blockRows: Int
        /// The floor of each block is taken over this span (the block itself; the last, partial
        /// block over as many rows before it).
        public var windowSeconds: Double
        public var stationaryDB: Double
        public var passbandDB: Double
        public var openingHz: Double
        public var usableFraction: Double

        enum CodingKeys: String, CodingKey {
            case quantile, blockRows = "block_rows", windowSeconds = "window_s", stationaryDB = "stationary_db"
            case passbandDB = "passband_db", openingHz = "opening_hz", usableFraction = "usable_fraction"
        }
    }

    public struct WindowParameters: Codable, Sendable, Equatable {
        public var kind: String
        public var guardBins: Int
        public var trainingBins: Int
        public var trainingStride: Int
        public var guardRows: Int
        public var trainingRows: Int
        public var rank: Int?

        enum CodingKeys: String, CodingKey {
            case kind, guardBins = "guard_bins", trainingBins = "training_bins", trainingStride = "training_stride"
            case guardRows = "guard_rows", trainingRows = "training_rows", rank
        }
    }

    public var detections: [Detection]
    public var emissions: [Emission]
    public var parameters: Parameters?
    public var score: DetectionScore?

    public init(detections: [Detection], emissions: [Emission], parameters: Parameters?, score: DetectionScore? = nil) {
        self.detections = detections
        self.emissions = emissions
        self.parameters = parameters
        self.score = score
    }

    /// The document for a pipeline result and the options that made it.
    public init(_ r: DetectionPipeline.Result, options o: DetectionPipeline.Options, score: DetectionScore? = nil) {
        detections = r.detections
        emissions = r.emissions
        let s = o.spectral
        let floor = o.noise == .floor
        parameters = Parameters(
            noiseEstimator: o.noise.rawValue,
            nfft: s.nfft,
            overlap: Double(s.overlapSamples) / Double(s.nfft),
            window: s.window.description,
            cellHz: r.binHz,
            cellSeconds: r.rowSeconds,
            averagedFrames: floor ? o.floor.averagedFrames : o.cfar.averagedFrames,
            pfa: floor ? o.floor.pfa : o.cfar.pfa,
            extensionPfa: floor ? o.floor.extensionPfa : o.cfar.extensionPfa,
            minimumDurationSeconds: o.minimumDurationSeconds ?? 3 * r.rowSeconds,
            channelSpacingHz: o.channelSpacingHz,
            floor: floor
                ? FloorParameters(
                    quantile: o.floor.quantile,
                    blockRows: r.floorBlockRows ?? 0,
                    windowSeconds: Double(r.floorBlockRows ?? 0) * r.rowSeconds,
                    stationaryDB: o.floor.stationaryDB,
                    passbandDB: o.floor.passbandDB,
                    openingHz: o.floor.openingHz,
                    usableFraction: o.floor.usableFraction
                ) : nil,
            cfar: floor
                ? nil
                : WindowParameters(
                    kind: o.cfar.kind.rawValue,
                    guardBins: o.cfar.guardBins,
                    trainingBins: o.cfar.trainingBins,
                    trainingStride: o.cfar.trainingStride,
                    guardRows: o.cfar.guardRows,
                    trainingRows: o.cfar.trainingRows,
                    rank: o.cfar.kind == .os ? o.cfar.rank : nil
                )
        )
        self.score = score
    }
}

extension DetectionDocument {
    enum CodingKeys: String, CodingKey { case detections, emissions, parameters, score }

    /// Only `detections` is required: a hand-made file (or an older writer's) may leave out
    /// the emissions, the parameters and the score.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        detections = try c.decode([Detection].self, forKey: .detections)
        emissions = try c.decodeIfPresent([Emission].self, forKey: .emissions) ?? []
        parameters = try c.decodeIfPresent(Parameters.self, forKey: .parameters)
        score = try c.decodeIfPresent(DetectionScore.self, forKey: .score)
    }
}
