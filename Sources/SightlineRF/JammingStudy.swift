import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `sightline jam` computes: a jammer preset against a victim link, its denial radius,
/// J/S and SINR at one victim distance, and burn-through.
public struct JammingStudy: Sendable {
    /// The victim link: the wanted transmitter, the victim receiver and the SINR it needs.
    public enum Link: String, Sendable, CaseIterable {
        /// The Chinese mast → a handset over the border (C6, C7).
        case gsmDownlink = "gsm-downlink"
        /// A distant foreign broadcast → a domestic TV set (C8).
        case tv

        public var signalPreset: DevicePreset { DevicePreset.named(self == .tv ? "tv-broadcast" : "chinese-mast")! }
        public var victimPreset: DevicePreset { DevicePreset.named(self == .tv ? "tv-receiver" : "handset-receiver")! }

        /// The SINR the victim needs: GSM's 9 dB co-channel C/I (3GPP TS 45.005 §6.3); an
        /// analogue PAL/NTSC picture about 15 dB C/(N+I) to be just usable (ITU-R BT.655, as
        /// the tv-receiver preset notes).
        public var requiredSINRdB: Double {
            switch self {
            case .gsmDownlink: return GSMThresholds.carrierToInterferenceDB
            case .tv: return 15
            }
        }
    }

    /// Numbers that replace a preset's (nil: the preset's or the link's).
    public struct Overrides: Sendable {
        public var jammerERPdBm: Double?
        public var jammerBandwidthHz: Double?
        public var jammerHeightMeters: Double?
        public var jammerModel: PathLossModel?
        public var signalEIRPdBm: Double?
        public var signalModel: PathLossModel?
        /// The wanted level at the victim, fixed instead of computed.
        public var signalDBm: Double?
        public var requiredSINRdB: Double?
        public var frequencyHz: Double?
        public init() {}
    }

    public var jammer: DevicePreset
    public var link: Link
    public var scenario: JammingScenario

    public init(
        jammer: DevicePreset,
        link: Link,
        overrides o: Overrides = .init(),
        allowExtrapolation: Bool = false,
        terrain: ElevationProfile? = nil,
        diffraction: TerrainPath.Diffraction = .deygout,
        kFactor: Double = 4.0 / 3.0
    ) throws {
        try jammer.require(.jammer, as: "jammer")
        self.jammer = jammer
        self.link = link
        let signal = link.signalPreset
        let victim = link.victimPreset
        let frequency = o.frequencyHz ?? signal.frequencyHz
        let jammerPath = PropagationPath(
            model: o.jammerModel ?? jammer.model,
            frequencyHz: frequency,
            txHeightMeters: o.jammerHeightMeters ?? jammer.heightMeters,
            rxHeightMeters: victim.heightMeters,
            pathLossExponent: jammer.pathLossExponent,
            referenceDistanceMeters: jammer.referenceDistanceMeters,
            allowExtrapolation: allowExtrapolation,
            terrain: terrain,
            diffraction: diffraction,
            kFactor: kFactor,
            offsetDB: jammer.pathLossOffsetDB
        )
        let signalPath = PropagationPath(
            model: o.signalModel ?? signal.model,
            frequencyHz: frequency,
            txHeightMeters: signal.heightMeters,
            rxHeightMeters: victim.heightMeters,
            allowExtrapolation: allowExtrapolation
        )
        scenario = JammingScenario(
            jammerERPdBm: o.jammerERPdBm ?? jammer.powerDBm,
            jammerBandwidthHz: o.jammerBandwidthHz ?? jammer.bandwidthHz,
            jammerPath: jammerPath,
            signalEIRPdBm: o.signalEIRPdBm ?? (signal.powerDBm + signal.antennaGainDBi - signal.lossesDB),
            signalPath: signalPath,
            signalDBm: o.signalDBm,
            victimGainDBi: victim.antennaGainDBi - victim.lossesDB,
            victimNoiseFigureDB: victim.noiseFigureDB,
            victimBandwidthHz: victim.bandwidthHz,
            requiredSINRdB: o.requiredSINRdB ?? link.requiredSINRdB
        )
    }

    /// The denial radius with the wanted transmitter `signalDistanceMeters` from the victim,
    /// and J/S, SINR and burn-through with the victim `victimDistanceMeters` from the jammer.
    public func solve(signalDistanceMeters: Double, victimDistanceMeters: Double) throws -> JammingDocument {
        let s = scenario
        let denial = try s.denialRadius(signalDistanceMeters: signalDistanceMeters)
        let sDBm = try s.signalDBm(signalDistanceMeters: signalDistanceMeters)
        let jDBm = try s.jammerDBm(jammerDistanceMeters: victimDistanceMeters)
        let sinr = try s.sinrDB(jammerDistanceMeters: victimDistanceMeters, signalDistanceMeters: signalDistanceMeters)
        // With the wanted level fixed there is no transmitter distance to burn through.
        let burn =
            s.signalDBm == nil
            ? try s.burnThroughDistance(jammerDistanceMeters: victimDistanceMeters).distanceMeters : nil
        var radius: Double?
        let status: JammingDocument.Status
        switch denial {
        case .radius(let r, let limited):
            radius = r
            status = limited ? .atLeast : .radius
        case .linkFailsWithoutJammer: status = .linkFailsWithoutJammer
        case .none: status = .none
        }
        return JammingDocument(
            denialRadiusMeters: radius,
            denial: status,
            jsDB: jDBm - sDBm,
            sinrDB: sinr,
            signalDBm: sDBm,
            jammerDBm: jDBm,
            noiseDBm: s.noiseDBm,
            requiredSINRdB: s.requiredSINRdB,
            burnThroughMeters: burn,
            victimDistanceMeters: victimDistanceMeters,
            signalDistanceMeters: signalDistanceMeters,
            jammer: jammer.name,
            link: link.rawValue
        )
    }

    /// One point of the sweep over the victim's distance from the jammer.
    public struct SweepPoint: Sendable, Equatable {
        public var jammerDistanceMeters: Double
        public var jammerDBm: Double
        public var signalDBm: Double
        public var sinrDB: Double
        public var denied: Bool
    }

    /// SINR at the victim over the jammer path's distances, logarithmically spaced.
    public func sweep(signalDistanceMeters: Double, points n: Int = 200) throws -> [SweepPoint] {
        let s = scenario
        let domain = s.jammerPath.distanceDomainMeters
        let sDBm = try s.signalDBm(signalDistanceMeters: signalDistanceMeters)
        return try (0..<n).map { i in
            let d = domain.lowerBound * pow(domain.upperBound / domain.lowerBound, Double(i) / Double(n - 1))
            let sinr = try s.sinrDB(jammerDistanceMeters: d, signalDistanceMeters: signalDistanceMeters)
            return SweepPoint(
                jammerDistanceMeters: d,
                jammerDBm: try s.jammerDBm(jammerDistanceMeters: d),
                signalDBm: sDBm,
                sinrDB: sinr,
                denied: sinr < s.requiredSINRdB
            )
        }
    }

    public static func csv(_ points: [SweepPoint]) -> CSVTable {
        var table = CSVTable(header: ["jammer_distance_m", "jammer_dbm", "signal_dbm", "js_db", "sinr_db", "denied"])
        for p in points {
            table.append(numbers: [
                p.jammerDistanceMeters, p.jammerDBm, p.signalDBm, p.jammerDBm - p.signalDBm, p.sinrDB, p.denied ? 1 : 0,
            ])
        }
        return table
    }
}

/// The jamming document (`sightline jam --json`).
public struct JammingDocument: ResultDocument, Equatable {
    public static let documentName = "jamming"
    public static let writtenBy = "sightline jam --json"

    /// What the denial radius is.
    public enum Status: String, Codable, Sendable {
        /// Denied within `denial_radius_m`.
        case radius
        /// Denied at least that far (the model's range ends there).
        case atLeast = "at-least"
        /// The link fails even with the jammer off.
        case linkFailsWithoutJammer = "link-fails-without-jammer"
        /// The jammer cannot deny the link at any distance searched.
        case none
    }

    @Nullable public var denialRadiusMeters: Double?
    public var denial: Status
    public var jsDB: Double
    public var sinrDB: Double
    public var signalDBm: Double
    public var jammerDBm: Double
    public var noiseDBm: Double
    public var requiredSINRdB: Double
    @Nullable public var burnThroughMeters: Double?
    public var victimDistanceMeters: Double
    public var signalDistanceMeters: Double
    public var jammer: String
    public var link: String

    enum CodingKeys: String, CodingKey {
        case denialRadiusMeters = "denial_radius_m", denial, jsDB = "js_db", sinrDB = "sinr_db", signalDBm =
            "signal_dbm"
        case jammerDBm = "jammer_dbm", noiseDBm = "noise_dbm", requiredSINRdB = "required_sinr_db"
        case burnThroughMeters = "burn_through_m", victimDistanceMeters = "victim_distance_m"
        case signalDistanceMeters = "signal_distance_m", jammer, link
    }
}
