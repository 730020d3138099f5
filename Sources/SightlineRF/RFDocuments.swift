import SightlineCore

/// `sightline pathloss --json`: one median loss.
public struct PathLossDocument: ResultDocument, Equatable {
    public static let documentName = "path loss"
    public static let writtenBy = "sightline pathloss --json"

    public var model: String
    public var lossDB: Double
    public var frequencyHz: Double
    public var distanceMeters: Double
    public var txHeightMeters: Double
    public var rxHeightMeters: Double
    public var extrapolated: Bool

    enum CodingKeys: String, CodingKey {
        case model, lossDB = "loss_db", frequencyHz = "frequency_hz", distanceMeters = "distance_m"
        case txHeightMeters = "tx_height_m", rxHeightMeters = "rx_height_m", extrapolated
    }

    /// The loss of `model` over `geometry`.
    public init(model: PathLossModel, geometry g: PathGeometry, allowExtrapolation: Bool) throws {
        self.model = model.rawValue
        lossDB = try model.lossDB(
            g,
            allowExtrapolation: allowExtrapolation,
            location: SightlineError.parametersLocation
        )
        frequencyHz = g.frequencyHz
        distanceMeters = g.distanceMeters
        txHeightMeters = g.txHeightMeters
        rxHeightMeters = g.rxHeightMeters
        extrapolated = allowExtrapolation
    }
}

/// `sightline powercontrol --json`: the power a handset is ordered to at one distance.
public struct PowerControlDocument: ResultDocument, Equatable {
    public static let documentName = "power control"
    public static let writtenBy = "sightline powercontrol --json"

    public var txPowerDBm: Double
    public var pathLossDB: Double
    public var distanceMeters: Double
    public var model: String
    public var targetDBm: Double

    enum CodingKeys: String, CodingKey {
        case txPowerDBm = "tx_power_dbm", pathLossDB = "path_loss_db", distanceMeters = "distance_m", model
        case targetDBm = "target_dbm"
    }

    public init(txPowerDBm: Double, pathLossDB: Double, distanceMeters: Double, model: String, targetDBm: Double) {
        self.txPowerDBm = txPowerDBm
        self.pathLossDB = pathLossDB
        self.distanceMeters = distanceMeters
        self.model = model
        self.targetDBm = targetDBm
    }
}

/// `sightline theory pd|snr --json`: one point of a detector's law.
public struct DetectionPointDocument: ResultDocument, Equatable {
    public static let documentName = "theory"
    public static let writtenBy = "sightline theory pd --json"

    public var pd: Double
    public var snrDB: Double
    public var pfa: Double
    public var method: String

    enum CodingKeys: String, CodingKey { case pd, snrDB = "snr_db", pfa, method }

    public init(pd: Double, snrDB: Double, pfa: Double, method: String) {
        self.pd = pd
        self.snrDB = snrDB
        self.pfa = pfa
        self.method = method
    }
}

/// `sightline theory roc --json`: Pd at each SNR over a range of Pfa.
public struct ROCDocument: ResultDocument, Equatable {
    public static let documentName = "ROC"
    public static let writtenBy = "sightline theory roc --json"

    public struct Point: Codable, Sendable, Equatable {
        public var pfa: Double
        /// One Pd per SNR, in the order of `snr_db`.
        public var pd: [Double]
        public init(pfa: Double, pd: [Double]) {
            self.pfa = pfa
            self.pd = pd
        }
    }

    public var method: String
    public var snrDB: [Double]
    public var curves: [Point]

    enum CodingKeys: String, CodingKey { case method, snrDB = "snr_db", curves }

    public init(method: String, snrDB: [Double], curves: [Point]) {
        self.method = method
        self.snrDB = snrDB
        self.curves = curves
    }

    /// The curves as CSV: `pfa`, then one `pd_snr_<x>_db` column per SNR.
    public var csv: CSVTable {
        var table = CSVTable(header: ["pfa"] + snrDB.map { "pd_snr_\($0)_db" })
        for p in curves { table.append(numbers: [p.pfa] + p.pd) }
        return table
    }
}

/// The detection law `sightline theory` evaluates.
public enum DetectorLaw: String, Sendable, CaseIterable {
    /// Albersheim's approximation for non-coherent integration of pulses.
    case albersheim
    /// The exact energy detector over a time-bandwidth product.
    case energy
}
