import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `sightline range` computes: a transmitter preset heard by a receiver preset, any
/// number overridden, detection range (the SNR Albersheim's equation asks for after
/// integrating B·T samples, or a fixed threshold) and intercept range (the SNR to
/// demodulate).
public struct RangeStudy: Sendable {
    /// Numbers that replace a preset's (nil: the preset's).
    public struct Overrides: Sendable {
        public var model: PathLossModel?
        public var frequencyHz: Double?
        public var txPowerDBm: Double?
        public var txGainDBi: Double?
        public var txHeightMeters: Double?
        public var rxGainDBi: Double?
        public var rxHeightMeters: Double?
        public var noiseFigureDB: Double?
        public var bandwidthHz: Double?
        public var integrationSeconds: Double?
        public var pd: Double?
        public var pfa: Double?
        /// A fixed detection SNR instead of Albersheim's.
        public var thresholdDB: Double?
        public var pathLossExponent: Double?
        public var referenceDistanceMeters: Double?
        public init() {}
    }

    public var transmitter: DevicePreset
    public var receiver: DevicePreset
    public var budget: LinkBudget
    public var path: PropagationPath
    public var requiredSNRdB: Double
    public var interceptSNRdB: Double
    /// Independent samples integrated, B·T.
    public var pulses: Double
    public var pd: Double
    public var pfa: Double
    public var usesAlbersheim: Bool
    /// What decides a look: Albersheim's ideal detector, a measured curve, or (with a fixed
    /// threshold) neither.
    public var detector: DetectorCurve

    /// Fills the presets in; a preset of the wrong role is refused.
    public init(
        transmitter: DevicePreset,
        receiver: DevicePreset,
        overrides o: Overrides = .init(),
        interceptSNRdB: Double = GSMThresholds.carrierToInterferenceDB,
        allowExtrapolation: Bool = false,
        detector: DetectorCurve = .ideal,
        terrain: ElevationProfile? = nil,
        diffraction: TerrainPath.Diffraction = .deygout,
        kFactor: Double = 4.0 / 3.0
    ) throws {
        try transmitter.require(.transmitter, as: "transmitter")
        try receiver.require(.receiver, as: "receiver")
        self.transmitter = transmitter
        self.receiver = receiver
        let bandwidth = o.bandwidthHz ?? receiver.bandwidthHz
        budget = LinkBudget(
            txPowerDBm: o.txPowerDBm ?? transmitter.powerDBm,
            txGainDBi: o.txGainDBi ?? transmitter.antennaGainDBi,
            txLossesDB: transmitter.lossesDB,
            rxGainDBi: o.rxGainDBi ?? receiver.antennaGainDBi,
            rxLossesDB: receiver.lossesDB,
            noiseFigureDB: o.noiseFigureDB ?? receiver.noiseFigureDB,
            bandwidthHz: bandwidth
        )
        path = PropagationPath(
            model: o.model ?? receiver.model,
            frequencyHz: o.frequencyHz ?? transmitter.frequencyHz,
            txHeightMeters: o.txHeightMeters ?? transmitter.heightMeters,
            rxHeightMeters: o.rxHeightMeters ?? receiver.heightMeters,
            pathLossExponent: o.pathLossExponent ?? receiver.pathLossExponent,
            referenceDistanceMeters: o.referenceDistanceMeters ?? receiver.referenceDistanceMeters,
            allowExtrapolation: allowExtrapolation,
            terrain: terrain,
            diffraction: diffraction,
            kFactor: kFactor,
            offsetDB: receiver.pathLossOffsetDB
        )
        pulses = max(1, (bandwidth * (o.integrationSeconds ?? receiver.integrationSeconds)).rounded())
        pd = o.pd ?? receiver.pd
        pfa = o.pfa ?? receiver.pfa
        self.detector = detector
        if let threshold = o.thresholdDB {
            requiredSNRdB = threshold
        } else if case .measured(let name, let measuredPfa, _, let required) = detector {
            guard o.pfa == nil || o.pfa == measuredPfa else {
                throw SightlineError(
                    .invalidValue,
                    location: SightlineError.parametersLocation,
                    field: "pfa",
                    message: "\(name) was measured at Pfa \(measuredPfa), not \(pfa)",
                    fix: "leave --pfa out, or use --detector ideal for another Pfa"
                )
            }
            pfa = measuredPfa
            guard let snr = required(pd) else {
                throw SightlineError(
                    .invalidValue,
                    location: SightlineError.parametersLocation,
                    field: "pd",
                    message: "\(name) does not reach Pd \(pd) within the SNRs it was measured at",
                    fix: "give a Pd between 0.05 and 0.99"
                )
            }
            requiredSNRdB = snr
        } else {
            requiredSNRdB = try Albersheim.requiredSNRdB(
                pd: pd,
                pfa: pfa,
                pulses: pulses,
                allowExtrapolation: allowExtrapolation,
                location: SightlineError.parametersLocation
            )
        }
        self.interceptSNRdB = interceptSNRdB
        usesAlbersheim = o.thresholdDB == nil && { if case .ideal = detector { true } else { false } }()
    }

    /// The detection SNR was given, not derived from a detector.
    public var thresholdGiven: Bool {
        if usesAlbersheim { return false }
        if case .measured = detector { return false }
        return true
    }

    func loss(_ d: Double) throws -> Double {
        try path.lossDB(distanceMeters: d, location: SightlineError.parametersLocation)
    }

    /// Detection and intercept range, as the range document.
    public func solve() throws -> RangeDocument {
        let domain = path.distanceDomainMeters
        let detection = try RangeSolver.largestDistance(
            domain: domain,
            allowedLossDB: budget.allowedPathLossDB(requiredSNRdB: requiredSNRdB),
            loss: loss
        )
        let intercept = try RangeSolver.largestDistance(
            domain: domain,
            allowedLossDB: budget.allowedPathLossDB(requiredSNRdB: interceptSNRdB),
            loss: loss
        )
        let snrAtRange = try detection.distanceMeters.map { budget.snrDB(pathLossDB: try loss($0)) }
        return RangeDocument(
            detectionRangeMeters: detection.distanceMeters,
            interceptRangeMeters: intercept.distanceMeters,
            snrDBAtRange: snrAtRange,
            requiredSNRdB: requiredSNRdB,
            interceptSNRdB: interceptSNRdB,
            detectionLimitedByModelRange: detection.limitedByDomain,
            interceptLimitedByModelRange: intercept.limitedByDomain,
            radioHorizonMeters: path.radioHorizonMeters,
            eirpDBm: budget.eirpDBm,
            noiseDBm: budget.noiseDBm,
            allowedLossDB: budget.allowedPathLossDB(requiredSNRdB: requiredSNRdB),
            model: path.model.rawValue,
            frequencyHz: path.frequencyHz,
            transmitter: transmitter.name,
            receiver: receiver.name,
            searchedMeters: [domain.lowerBound, domain.upperBound],
            pd: thresholdGiven ? nil : pd,
            pfa: thresholdGiven ? nil : pfa,
            integratedSamples: usesAlbersheim ? pulses : nil,
            detector: thresholdGiven ? "a fixed SNR threshold" : detector.name
        )
    }

    /// One point of the sweep.
    public struct SweepPoint: Sendable, Equatable {
        public var distanceMeters: Double
        public var pathLossDB: Double
        public var snrDB: Double
        /// The detector's Pd per look at that SNR (Albersheim's or the measured curve's),
        /// or 1/0 against a fixed threshold.
        public var pd: Double
    }

    /// The link over the searched distances, logarithmically spaced.
    public func sweep(points n: Int = 200) throws -> [SweepPoint] {
        let domain = path.distanceDomainMeters
        return try (0..<n).map { i in
            let d = domain.lowerBound * pow(domain.upperBound / domain.lowerBound, Double(i) / Double(n - 1))
            let l = try loss(d)
            let snr = budget.snrDB(pathLossDB: l)
            var measured: Double?
            if !thresholdGiven, case .measured(_, _, let probability, _) = detector { measured = probability(snr) }
            let p =
                measured
                ?? (usesAlbersheim
                    ? min(
                        1,
                        max(
                            0,
                            (try? Albersheim.detectionProbability(
                                snrDB: snr,
                                pfa: pfa,
                                pulses: pulses,
                                allowExtrapolation: true
                            )) ?? 0
                        )
                    )
                    : (snr >= requiredSNRdB ? 1 : 0))
            return SweepPoint(distanceMeters: d, pathLossDB: l, snrDB: snr, pd: p)
        }
    }

    /// The sweep as a CSV table.
    public static func csv(_ points: [SweepPoint]) -> CSVTable {
        var table = CSVTable(header: ["distance_m", "path_loss_db", "snr_db", "pd"])
        for p in points { table.append(numbers: [p.distanceMeters, p.pathLossDB, p.snrDB, p.pd]) }
        return table
    }
}

/// The range document (`sightline range --json`). A range is null when the link fails even
/// at the nearest distance searched; `…_limited_by_model_range` says the range is where the
/// search ended (the radio horizon, the profile's end or the model's validated range).
public struct RangeDocument: ResultDocument, Equatable {
    public static let documentName = "range"
    public static let writtenBy = "sightline range --json"

    @Nullable public var detectionRangeMeters: Double?
    @Nullable public var interceptRangeMeters: Double?
    @Nullable public var snrDBAtRange: Double?
    public var requiredSNRdB: Double
    public var interceptSNRdB: Double
    public var detectionLimitedByModelRange: Bool
    public var interceptLimitedByModelRange: Bool
    public var radioHorizonMeters: Double?
    public var eirpDBm: Double
    public var noiseDBm: Double
    public var allowedLossDB: Double
    public var model: String
    public var frequencyHz: Double
    public var transmitter: String
    public var receiver: String
    public var searchedMeters: [Double]
    public var pd: Double?
    public var pfa: Double?
    public var integratedSamples: Double?
    /// What decided detection: the ideal energy detector, the device's measured detector, or
    /// a fixed threshold.
    public var detector: String?
    /// The measured detector's false alarms per 200 kHz channel-hour on noise alone, and the
    /// 95 % upper bound on that rate (nil for the ideal detector or a fixed threshold).
    public var falseAlarmsPerChannelHour: Double?
    public var falseAlarmsUpper95PerChannelHour: Double?

    enum CodingKeys: String, CodingKey {
        case detectionRangeMeters = "detection_range_m", interceptRangeMeters = "intercept_range_m"
        case snrDBAtRange = "snr_db_at_range", requiredSNRdB = "required_snr_db", interceptSNRdB = "intercept_snr_db"
        case detectionLimitedByModelRange = "detection_limited_by_model_range"
        case interceptLimitedByModelRange = "intercept_limited_by_model_range", radioHorizonMeters = "radio_horizon_m"
        case eirpDBm = "eirp_dbm", noiseDBm = "noise_dbm", allowedLossDB = "allowed_loss_db", model
        case frequencyHz = "frequency_hz", transmitter, receiver, searchedMeters = "searched_m", pd, pfa
        case integratedSamples = "integrated_samples", detector
        case falseAlarmsPerChannelHour = "false_alarms_per_channel_hour"
        case falseAlarmsUpper95PerChannelHour = "false_alarms_upper95_per_channel_hour"
    }
}

extension DevicePreset {
    /// Refuses a preset of another role (a backpack receiver given as the transmitter).
    public func require(_ role: Role, as what: String) throws {
        guard self.role == role else {
            throw SightlineError(
                .invalidValue,
                location: "presets",
                field: what,
                message: "\(name) is a \(self.role.rawValue) preset, not a \(role.rawValue)",
                fix: "use one of \(DevicePreset.names(role))"
            )
        }
    }
}
