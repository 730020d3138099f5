import SightlineCore

/// The fix document (`sightline locate --json`): a position with its covariance, 95 %
/// ellipse and CEP, and what the method adds (the bearings it dropped, the map's square and
/// edge mass, the RSS model). DESIGN.md fixes `east_m`, `north_m`, `covariance_m2`, `cep_m`,
/// `ellipse_95`; the rest are optional.
public struct FixDocument: ResultDocument, Equatable {
    public static let documentName = "fix"
    public static let writtenBy = "sightline locate --json"

    public struct Ellipse: Codable, Sendable, Equatable {
        public var majorMeters: Double
        public var minorMeters: Double
        public var orientationDegrees: Double
        enum CodingKeys: String, CodingKey {
            case majorMeters = "major_m", minorMeters = "minor_m", orientationDegrees = "orientation_deg"
        }
    }

    public struct Fix: Codable, Sendable, Equatable {
        public var eastMeters: Double
        public var northMeters: Double
        public var covarianceSquareMeters: [[Double?]]
        /// nil when the fix has no information along some direction.
        @Nullable public var cepMeters: Double?
        public var ellipse95: Ellipse
        public var method: String
        /// Bearings used (bearing methods) or levels (rss).
        public var bearings: Int?
        public var levels: Int?
        public var exponent: Double?
        public var shadowingDB: Double?
        public var outliers: [Int]?
        public var regionMeters: Double?
        public var edgeMass: Double?
        public var atEdge: Bool?
        public var majorSigmaPerRange: Double?
        public var unresolvedSkipped: Int?
        public var warnings: [String]?

        enum CodingKeys: String, CodingKey {
            case eastMeters = "east_m", northMeters = "north_m", covarianceSquareMeters = "covariance_m2", cepMeters =
                "cep_m"
            case ellipse95 = "ellipse_95", method, bearings, levels, exponent, shadowingDB = "shadowing_db", outliers
            case regionMeters = "region_m", edgeMass = "edge_mass", atEdge = "at_edge"
            case majorSigmaPerRange = "major_sigma_per_range", unresolvedSkipped = "unresolved_skipped", warnings
        }

        public init(_ fix: PositionFix, method: String) {
            eastMeters = fix.eastMeters
            northMeters = fix.northMeters
            covarianceSquareMeters = fix.covariance.map { $0.map { $0.isFinite ? $0 : nil } }
            cepMeters = fix.cepMeters.isFinite ? fix.cepMeters : nil
            let e = fix.ellipse95
            ellipse95 = Ellipse(
                majorMeters: e.majorMeters,
                minorMeters: e.minorMeters,
                orientationDegrees: e.orientationDegrees
            )
            self.method = method
        }
    }

    public var fix: Fix

    public init(fix: Fix) { self.fix = fix }
}
