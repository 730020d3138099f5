import SightlineCore

/// A jammer against a victim link (the victim receiver hears a wanted transmitter and the
/// jammer): jammer-to-signal ratio, SINR, the denial radius around the jammer, and the
/// burn-through distance of the wanted signal.
///
/// The jammer's power that falls in the victim's bandwidth is ERP_J + 10·log10(B_victim/B_J)
/// when the jammer is wider (barrage noise spreads its power evenly), all of it otherwise.
/// SINR = S − 10·log10(N + J_in-band) in dB, and the link is denied while SINR is below the
/// victim's required SINR (GSM: 9 dB C/I, TS 45.005 §6.3).
public struct JammingScenario: Sendable {
    public var jammerERPdBm: Double
    public var jammerBandwidthHz: Double
    public var jammerPath: PropagationPath
    /// The wanted signal: its EIRP and path, or (with `signalDBm`) a fixed received level.
    public var signalEIRPdBm: Double
    public var signalPath: PropagationPath
    public var signalDBm: Double?
    public var victimGainDBi: Double
    public var victimNoiseFigureDB: Double
    public var victimBandwidthHz: Double
    public var requiredSINRdB: Double

    public init(
        jammerERPdBm: Double,
        jammerBandwidthHz: Double,
        jammerPath: PropagationPath,
        signalEIRPdBm: Double,
        signalPath: PropagationPath,
        signalDBm: Double? = nil,
        victimGainDBi: Double = 0,
        victimNoiseFigureDB: Double = 9,
        victimBandwidthHz: Double = 200_000,
        requiredSINRdB: Double = GSMThresholds.carrierToInterferenceDB
    ) {
        self.jammerERPdBm = jammerERPdBm
        self.jammerBandwidthHz = jammerBandwidthHz
        self.jammerPath = jammerPath
        self.signalEIRPdBm = signalEIRPdBm
        self.signalPath = signalPath
        self.signalDBm = signalDBm
        self.victimGainDBi = victimGainDBi
        self.victimNoiseFigureDB = victimNoiseFigureDB
        self.victimBandwidthHz = victimBandwidthHz
        self.requiredSINRdB = requiredSINRdB
    }

    public var noiseDBm: Double {
        ThermalNoise.powerDBm(bandwidthHz: victimBandwidthHz, noiseFigureDB: victimNoiseFigureDB)
    }
    public var jammerInBandERPdBm: Double {
        jammerERPdBm + min(0, Decibels.fromPowerRatio(victimBandwidthHz / jammerBandwidthHz))
    }

    public func signalDBm(signalDistanceMeters: Double) throws -> Double {
        if let signalDBm { return signalDBm }
        return signalEIRPdBm + victimGainDBi
            - (try signalPath.lossDB(distanceMeters: signalDistanceMeters, location: "signal path"))
    }

    public func jammerDBm(jammerDistanceMeters: Double) throws -> Double {
        jammerInBandERPdBm + victimGainDBi
            - (try jammerPath.lossDB(distanceMeters: jammerDistanceMeters, location: "jammer path"))
    }

    public func sinrDB(jammerDistanceMeters: Double, signalDistanceMeters: Double) throws -> Double {
        let s = try signalDBm(signalDistanceMeters: signalDistanceMeters)
        let j = try jammerDBm(jammerDistanceMeters: jammerDistanceMeters)
        return s - Decibels.fromPowerRatio(Decibels.toPowerRatio(noiseDBm) + Decibels.toPowerRatio(j))
    }

    public enum Denial: Sendable, Equatable {
        /// The link fails even with the jammer off (the signal is below the noise requirement).
        case linkFailsWithoutJammer
        /// Denied within this radius of the jammer (`limitedByDomain`: at least this far).
        case radius(meters: Double, limitedByDomain: Bool)
        /// The jammer cannot deny the link at any distance in the domain.
        case none
    }

    /// Denial radius: the largest victim–jammer distance at which SINR < required.
    public func denialRadius(signalDistanceMeters: Double) throws -> Denial {
        let s = try signalDBm(signalDistanceMeters: signalDistanceMeters)
        let headroom = Decibels.toPowerRatio(s - requiredSINRdB) - Decibels.toPowerRatio(noiseDBm)
        guard headroom > 0 else { return .linkFailsWithoutJammer }
        // Denied while J > headroom, i.e. while the jammer's path loss ≤ this.
        let allowedJammerLoss = jammerInBandERPdBm + victimGainDBi - Decibels.fromPowerRatio(headroom)
        let solution = try RangeSolver.largestDistance(
            domain: jammerPath.distanceDomainMeters,
            allowedLossDB: allowedJammerLoss
        ) {
            try jammerPath.lossDB(distanceMeters: $0, location: "jammer path")
        }
        guard let r = solution.distanceMeters else { return .none }
        return .radius(meters: r, limitedByDomain: solution.limitedByDomain)
    }

    /// Burn-through: the largest wanted-transmitter distance at which the link still works
    /// with the victim `jammerDistanceMeters` from the jammer.
    public func burnThroughDistance(jammerDistanceMeters: Double) throws -> RangeSolver.Solution {
        let j = try jammerDBm(jammerDistanceMeters: jammerDistanceMeters)
        let needed =
            requiredSINRdB + Decibels.fromPowerRatio(Decibels.toPowerRatio(noiseDBm) + Decibels.toPowerRatio(j))
        let allowed = signalEIRPdBm + victimGainDBi - needed
        return try RangeSolver.largestDistance(domain: signalPath.distanceDomainMeters, allowedLossDB: allowed) {
            try signalPath.lossDB(distanceMeters: $0, location: "signal path")
        }
    }
}
