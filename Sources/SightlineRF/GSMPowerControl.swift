import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GSM uplink power control (TS 45.008 §4; levels from TS 45.005 §4.1.1): the network
/// orders the handset to the lowest power, in 2 dB steps between the band's minimum and the
/// handset's maximum, that still delivers `targetDBm` at the mast.
///
/// The handset's output follows from the uplink budget
/// `P_rx = P_tx + G_handset + G_mast − L_path`, so the ordered level is
/// `P_tx = clamp(ceil2(target − G_handset − G_mast + L_path))`, where ceil2 rounds up to the
/// 2 dB grid anchored at the maximum (33, 31, …, 5 dBm in GSM 900). A phone far from its mast
/// therefore sits at the maximum: the situation of CLAIMS.md C10.
public struct GSMPowerControl: Sendable, Equatable {
    public var maxPowerDBm: Double
    public var minPowerDBm: Double
    public var stepDB: Double
    /// The level the network aims for at the mast's receiver input.
    public var targetDBm: Double

    /// GSM 900 class 4 by default, aiming for −85 dBm at the mast (a typical
    /// `RXLEV` target, about 20 dB above the −104 dBm BTS reference sensitivity).
    public init(maxPowerDBm: Double = 33, minPowerDBm: Double = 5, stepDB: Double = 2, targetDBm: Double = -85) {
        self.maxPowerDBm = maxPowerDBm
        self.minPowerDBm = minPowerDBm
        self.stepDB = stepDB
        self.targetDBm = targetDBm
    }

    /// The ordered transmit power for an uplink path loss (antenna gains included as
    /// `gainsDB` = handset gain + mast gain).
    public func transmitPowerDBm(pathLossDB: Double, gainsDB: Double = 0) -> Double {
        let needed = targetDBm + pathLossDB - gainsDB
        if needed >= maxPowerDBm { return maxPowerDBm }
        let stepsBelowMax = floor((maxPowerDBm - needed) / stepDB + 1e-9)
        return max(minPowerDBm, maxPowerDBm - stepsBelowMax * stepDB)
    }
}
