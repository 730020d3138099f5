import SightlineCore

/// One radio link's budget (all in dB units; ITU-R P.525 / any path-loss model for L):
///
///   EIRP = P_tx + G_tx − L_cable,tx − L_body
///   P_rx = EIRP − L_path + G_rx − L_cable,rx
///   N    = −174 dBm/Hz + 10·log10(B) + NF        (kTBF, ``ThermalNoise``)
///   SNR  = P_rx − N
public struct LinkBudget: Sendable, Equatable {
    public var txPowerDBm: Double
    public var txGainDBi: Double
    public var txLossesDB: Double
    public var rxGainDBi: Double
    public var rxLossesDB: Double
    public var noiseFigureDB: Double
    public var bandwidthHz: Double

    public init(
        txPowerDBm: Double,
        txGainDBi: Double = 0,
        txLossesDB: Double = 0,
        rxGainDBi: Double = 0,
        rxLossesDB: Double = 0,
        noiseFigureDB: Double = 6,
        bandwidthHz: Double = 200_000
    ) {
        self.txPowerDBm = txPowerDBm
        self.txGainDBi = txGainDBi
        self.txLossesDB = txLossesDB
        self.rxGainDBi = rxGainDBi
        self.rxLossesDB = rxLossesDB
        self.noiseFigureDB = noiseFigureDB
        self.bandwidthHz = bandwidthHz
    }

    public var eirpDBm: Double { txPowerDBm + txGainDBi - txLossesDB }
    public var noiseDBm: Double { ThermalNoise.powerDBm(bandwidthHz: bandwidthHz, noiseFigureDB: noiseFigureDB) }

    public func receivedPowerDBm(pathLossDB: Double) -> Double { eirpDBm - pathLossDB + rxGainDBi - rxLossesDB }
    public func snrDB(pathLossDB: Double) -> Double { receivedPowerDBm(pathLossDB: pathLossDB) - noiseDBm }

    /// The largest path loss that still leaves `requiredSNRdB`.
    public func allowedPathLossDB(requiredSNRdB: Double) -> Double {
        eirpDBm + rxGainDBi - rxLossesDB - noiseDBm - requiredSNRdB
    }
}

/// GSM demodulation thresholds (3GPP TS 45.005): co-channel C/I 9 dB (§6.3, reference
/// interference performance).
public enum GSMThresholds {
    public static let carrierToInterferenceDB = 9.0
}
