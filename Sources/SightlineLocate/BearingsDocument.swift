import Foundation
import SightlineCore

/// The bearings JSON of DESIGN.md, typed: written by `sightline bearing`, read by
/// `sightline locate`. `{"bearings": [{"azimuth_deg", "sigma_deg", "snr_db", "start_s",
/// "duration_s", "frequency_hz", "sensor": {"east_m", "north_m"}}]}` plus optional fields
/// that older writers (and hand-made files) may leave out:
///
/// - `resolved` (absent: true) — false when the bearing's sigma exceeds `sigma_ceiling_deg`
///   (or could not be bounded); then `sigma_deg` is null, and `locate` skips the bearing;
/// - `sigma_floor_deg`, `sigma_ceiling_deg` — the floor (calibration accuracy, added in
///   quadrature) and the ceiling the sigma was held to;
/// - `sigma_model` — where the sigma comes from (`crb-stochastic`, `watson-watt`,
///   `pseudo-doppler-batch-means`); `crb_stochastic_deg`, `crb_deterministic_deg` — the
///   multi-source Cramér–Rao bounds at the estimated powers and bearings, before the floor;
/// - `method`, `sources` (the source count of the model), `confidence` (DF quality, 0–1),
///   `warnings` (anything that makes the bearing doubtful; absent when there is none).
public struct BearingsDocument: ResultDocument, Equatable {
    public static let documentName = "bearings"
    public static let writtenBy = "sightline bearing --output"
    public var bearings: [Record]

    public init(bearings: [Record]) { self.bearings = bearings }

    public struct Sensor: Codable, Sendable, Equatable {
        public var eastMeters: Double
        public var northMeters: Double
        enum CodingKeys: String, CodingKey { case eastMeters = "east_m", northMeters = "north_m" }
        public init(eastMeters: Double, northMeters: Double) {
            self.eastMeters = eastMeters
            self.northMeters = northMeters
        }
    }

    public struct Record: Codable, Sendable, Equatable {
        public var azimuthDegrees: Double
        /// nil for an unresolved bearing (written as null).
        public var sigmaDegrees: Double?
        public var snrDB: Double
        public var startSeconds: Double
        public var durationSeconds: Double
        public var frequencyHz: Double
        public var sensor: Sensor
        public var method: String?
        public var confidence: Double?
        public var resolved: Bool?
        public var sources: Int?
        public var sigmaFloorDegrees: Double?
        public var sigmaCeilingDegrees: Double?
        public var sigmaModel: String?
        public var crbStochasticDegrees: Double?
        public var crbDeterministicDegrees: Double?
        public var warnings: [String]?

        enum CodingKeys: String, CodingKey {
            case azimuthDegrees = "azimuth_deg", sigmaDegrees = "sigma_deg", snrDB = "snr_db", startSeconds = "start_s"
            case durationSeconds = "duration_s", frequencyHz = "frequency_hz", sensor, method, confidence, resolved,
                sources
            case sigmaFloorDegrees = "sigma_floor_deg", sigmaCeilingDegrees = "sigma_ceiling_deg", sigmaModel =
                "sigma_model"
            case crbStochasticDegrees = "crb_stochastic_deg", crbDeterministicDegrees = "crb_deterministic_deg",
                warnings
        }

        public init(
            azimuthDegrees: Double,
            sigmaDegrees: Double?,
            snrDB: Double,
            startSeconds: Double,
            durationSeconds: Double,
            frequencyHz: Double,
            sensor: Sensor
        ) {
            self.azimuthDegrees = azimuthDegrees
            self.sigmaDegrees = sigmaDegrees
            self.snrDB = snrDB
            self.startSeconds = startSeconds
            self.durationSeconds = durationSeconds
            self.frequencyHz = frequencyHz
            self.sensor = sensor
        }

        /// The record of a measured bearing.
        public init(_ b: MeasuredBearing, method: String) {
            self.init(
                azimuthDegrees: b.azimuthDegrees,
                sigmaDegrees: b.resolved ? b.sigmaDegrees : nil,
                snrDB: b.snrDB,
                startSeconds: b.startSeconds,
                durationSeconds: b.durationSeconds,
                frequencyHz: b.frequencyHz,
                sensor: Sensor(eastMeters: b.sensorEastMeters, northMeters: b.sensorNorthMeters)
            )
            self.method = method
            confidence = b.confidence
            resolved = b.resolved
            sources = b.sources
            sigmaFloorDegrees = b.sigmaFloorDegrees
            sigmaCeilingDegrees = b.sigmaCeilingDegrees
            sigmaModel = b.sigmaModel
            crbStochasticDegrees = b.crbStochasticDegrees.flatMap { $0.isFinite ? $0 : nil }
            crbDeterministicDegrees = b.crbDeterministicDegrees.flatMap { $0.isFinite ? $0 : nil }
            warnings = b.warnings
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            azimuthDegrees = try c.decode(Double.self, forKey: .azimuthDegrees)
            // Required, but may be null (an unresolved bearing).
            guard c.contains(.sigmaDegrees) else {
                throw DecodingError.keyNotFound(
                    CodingKeys.sigmaDegrees,
                    .init(codingPath: c.codingPath, debugDescription: "sigma_deg")
                )
            }
            sigmaDegrees = try c.decodeNil(forKey: .sigmaDegrees) ? nil : c.decode(Double.self, forKey: .sigmaDegrees)
            snrDB = try c.decodeIfPresent(Double.self, forKey: .snrDB) ?? 0
            startSeconds = try c.decodeIfPresent(Double.self, forKey: .startSeconds) ?? 0
            durationSeconds = try c.decodeIfPresent(Double.self, forKey: .durationSeconds) ?? 0
            frequencyHz = try c.decodeIfPresent(Double.self, forKey: .frequencyHz) ?? 0
            sensor = try c.decode(Sensor.self, forKey: .sensor)
            method = try c.decodeIfPresent(String.self, forKey: .method)
            confidence = try c.decodeIfPresent(Double.self, forKey: .confidence)
            resolved = try c.decodeIfPresent(Bool.self, forKey: .resolved)
            sources = try c.decodeIfPresent(Int.self, forKey: .sources)
            sigmaFloorDegrees = try c.decodeIfPresent(Double.self, forKey: .sigmaFloorDegrees)
            sigmaCeilingDegrees = try c.decodeIfPresent(Double.self, forKey: .sigmaCeilingDegrees)
            sigmaModel = try c.decodeIfPresent(String.self, forKey: .sigmaModel)
            crbStochasticDegrees = try c.decodeIfPresent(Double.self, forKey: .crbStochasticDegrees)
            crbDeterministicDegrees = try c.decodeIfPresent(Double.self, forKey: .crbDeterministicDegrees)
            warnings = try c.decodeIfPresent([String].self, forKey: .warnings)
        }

        /// Resolved unless it says otherwise or has no sigma.
        public var isResolved: Bool { resolved != false && sigmaDegrees != nil }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(azimuthDegrees, forKey: .azimuthDegrees)
            // Always present: a number, or null for an unresolved bearing.
            if let sigmaDegrees {
                try c.encode(sigmaDegrees, forKey: .sigmaDegrees)
            } else {
                try c.encodeNil(forKey: .sigmaDegrees)
            }
            try c.encode(snrDB, forKey: .snrDB)
            try c.encode(startSeconds, forKey: .startSeconds)
            try c.encode(durationSeconds, forKey: .durationSeconds)
            try c.encode(frequencyHz, forKey: .frequencyHz)
            try c.encode(sensor, forKey: .sensor)
            try c.encodeIfPresent(method, forKey: .method)
            try c.encodeIfPresent(confidence, forKey: .confidence)
            try c.encodeIfPresent(resolved, forKey: .resolved)
            try c.encodeIfPresent(sources, forKey: .sources)
            try c.encodeIfPresent(sigmaFloorDegrees, forKey: .sigmaFloorDegrees)
            try c.encodeIfPresent(sigmaCeilingDegrees, forKey: .sigmaCeilingDegrees)
            try c.encodeIfPresent(sigmaModel, forKey: .sigmaModel)
            try c.encodeIfPresent(crbStochasticDegrees, forKey: .crbStochasticDegrees)
            try c.encodeIfPresent(crbDeterministicDegrees, forKey: .crbDeterministicDegrees)
            if let warnings, !warnings.isEmpty { try c.encode(warnings, forKey: .warnings) }
        }
    }

    /// Decodes a bearings document; every problem is a one-line error naming the file and
    /// the field (`bearings[2].sigma_deg`).
    public static func decode(_ data: Data, location: String) throws -> BearingsDocument {
        let fix = "give the file written by sightline bearing --output"
        do {
            let doc = try JSONDecoder().decode(BearingsDocument.self, from: data)
            for (i, b) in doc.bearings.enumerated() {
                guard b.azimuthDegrees.isFinite, b.sensor.eastMeters.isFinite, b.sensor.northMeters.isFinite,
                    b.sigmaDegrees.map({ $0.isFinite && $0 > 0 }) ?? true
                else {
                    throw SightlineError(
                        .invalidValue,
                        location: location,
                        field: "bearings[\(i)]",
                        message: "azimuth, sigma and position must be finite, sigma > 0",
                        fix: "regenerate it with sightline bearing"
                    )
                }
            }
            return doc
        } catch let error as DecodingError {
            func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
                var text = ""
                for key in codingPath + (last.map { [$0] } ?? []) {
                    if let i = key.intValue {
                        text += "[\(i)]"
                    } else {
                        text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                    }
                }
                return text.isEmpty ? "bearings" : text
            }
            switch error {
            case .keyNotFound(let key, let context):
                throw SightlineError(
                    .malformedFile,
                    location: location,
                    field: path(context.codingPath, key),
                    message: context.codingPath.isEmpty ? "not a bearings document (no bearings list)" : "missing",
                    fix: fix
                )
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                throw SightlineError(
                    .malformedFile,
                    location: location,
                    field: path(context.codingPath),
                    message: context.codingPath.isEmpty
                        ? "not a bearings document" : "not a number (or of the wrong type)",
                    fix: fix
                )
            case .dataCorrupted(let context):
                throw SightlineError(
                    .malformedFile,
                    location: location,
                    field: path(context.codingPath),
                    message: "unreadable (\(context.debugDescription))",
                    fix: fix
                )
            @unknown default:
                throw SightlineError(
                    .malformedFile,
                    location: location,
                    field: "bearings",
                    message: "not a bearings document",
                    fix: fix
                )
            }
        }
    }
}
