import Foundation
import SightlineCore
import SightlineRF

/// Mean per-burst SNR from the phone to a listener, and whether the call can be held at all
/// under the scene's downlink jammers. Everything here is the median link: shadowing and
/// fading are drawn per trial by `CallSimulator`.
public struct LinkGeometry: Sendable {
    public let scene: RiskScene
    /// The handset's transmit power after power control on the median path (or the fixed power).
    public let transmitPowerDBm: Double
    /// The median path loss from the phone to its serving mast (outdoors).
    public let mastPathLossDB: Double
    /// The power of its signalling bursts (location updates, call set-up): MS_TXPWR_MAX_CCH,
    /// at most the handset's maximum; a fixed-power phone's fixed power.
    public var signallingPowerDBm: Double {
        let call = scene.call
        if let fixed = call.fixedPowerDBm { return fixed }
        return min(call.maxCCHPowerDBm ?? call.handset.powerDBm, call.handset.powerDBm)
    }
    /// Transmit power + antenna gain − body loss.
    public let eirpDBm: Double
    /// Downlink SINR at the phone from the serving mast against the jammers (nil: no jammer).
    public let downlinkSINRdB: Double?
    /// False when a jammer holds the downlink below the 9 dB C/I a GSM handset needs
    /// (TS 45.005 §6.3): no call, hence no call emissions.
    public let callPossible: Bool

    public init(scene: RiskScene) throws {
        self.scene = scene
        let call = scene.call
        let mastDistance = max(1, call.position.distance(to: call.mast))
        let mastLoss = try call.mastPathLoss.lossDB(
            PathGeometry(
                frequencyHz: scene.frequencyHz,
                distanceMeters: mastDistance,
                txHeightMeters: call.mastHeightMeters,
                rxHeightMeters: call.heightMeters
            ),
            allowExtrapolation: true,
            location: "call.power_control"
        )
        mastPathLossDB = mastLoss
        transmitPowerDBm = Self.transmitPowerDBm(call: call, mastPathLossDB: mastLoss)
        eirpDBm = transmitPowerDBm + call.handset.antennaGainDBi - call.handset.lossesDB
        if scene.jammers.isEmpty {
            downlinkSINRdB = nil
            callPossible = true
        } else {
            // The serving mast's downlink at the phone (the chinese-mast preset's EIRP over the
            // same path) against the jammers' power in one 200 kHz channel and the handset's noise.
            guard let mast = DevicePreset.named("chinese-mast"), let victim = DevicePreset.named("handset-receiver")
            else {
                throw SightlineError(
                    .unsupported,
                    location: "presets",
                    message: "missing the chinese-mast or handset-receiver preset"
                )
            }
            let signal =
                mast.powerDBm + mast.antennaGainDBi - mast.lossesDB - mastLoss + victim.antennaGainDBi - victim.lossesDB
            var interference = Decibels.toPowerRatio(
                ThermalNoise.powerDBm(bandwidthHz: GSMChannel.spacingHz, noiseFigureDB: victim.noiseFigureDB)
            )
            for j in scene.jammers {
                let d = max(1, j.position.distance(to: call.position))
                let loss =
                    try j.device.model.lossDB(
                        PathGeometry(
                            frequencyHz: j.device.frequencyHz,
                            distanceMeters: d,
                            txHeightMeters: j.device.heightMeters,
                            rxHeightMeters: call.heightMeters,
                            pathLossExponent: j.device.pathLossExponent,
                            referenceDistanceMeters: j.device.referenceDistanceMeters
                        ),
                        allowExtrapolation: true,
                        location: "jammers"
                    ) + j.device.pathLossOffsetDB
                let inBand = j.erpDBm - Decibels.fromPowerRatio(max(1, j.device.bandwidthHz / GSMChannel.spacingHz))
                interference += Decibels.toPowerRatio(inBand - loss + victim.antennaGainDBi - victim.lossesDB)
            }
            let sinr = signal - Decibels.fromPowerRatio(interference)
            downlinkSINRdB = sinr
            callPossible = sinr >= 9
        }
    }

    /// The handset's power when its path to the mast loses `mastPathLossDB`: the fixed power,
    /// or GSM power control's (2 dB steps, up to the handset's ceiling).
    static func transmitPowerDBm(call: RiskScene.Call, mastPathLossDB: Double) -> Double {
        if let fixed = call.fixedPowerDBm { return fixed }
        let control = GSMPowerControl(maxPowerDBm: call.handset.powerDBm, targetDBm: call.powerControlTargetDBm)
        return control.transmitPowerDBm(
            pathLossDB: mastPathLossDB,
            gainsDB: call.mastAntennaGainDBi + call.handset.antennaGainDBi - call.handset.lossesDB
        )
    }

    /// What one call adds to every observer's median SNR (dB): minus the building's entry
    /// loss, plus the change in transmit power that power control makes for that loss and
    /// the mast path's shadowing, `mastShadowDB`. Zero for a phone outdoors on the median
    /// mast path.
    public func callOffsetDB(entryLossDB: Double, mastShadowDB: Double) -> Double {
        let power = Self.transmitPowerDBm(call: scene.call, mastPathLossDB: mastPathLossDB + entryLossDB + mastShadowDB)
        return power - transmitPowerDBm - entryLossDB
    }

    /// Median per-burst SNR (dB, in 200 kHz) at a listener with `device` at `point`, `height`.
    /// Path loss: the device preset's model (log-distance with its exponent, or Hata…),
    /// plus P.526 knife-edge loss J(v) when the scene's ridge stands between them.
    public func meanSNRdB(device: DevicePreset, at point: RiskScene.Point, heightMeters: Double) -> Double {
        let d = max(1, point.distance(to: scene.call.position))
        let geometry = PathGeometry(
            frequencyHz: scene.frequencyHz,
            distanceMeters: d,
            txHeightMeters: max(heightMeters, 1),
            rxHeightMeters: scene.call.heightMeters,
            pathLossExponent: device.pathLossExponent,
            referenceDistanceMeters: device.referenceDistanceMeters
        )
        var loss =
            (try? device.model.lossDB(geometry, allowExtrapolation: true))
            ?? PathLossModel.freeSpace(frequencyMHz: scene.frequencyHz / 1e6, distanceKm: d / 1000)
        loss += device.pathLossOffsetDB
        let r = scene.terrain
        if r.ridgeHeightMeters > 0 && d > r.ridgeDistanceFromPhoneMeters {
            let v = KnifeEdge.parameter(
                heightMeters: r.ridgeHeightMeters,
                d1Meters: r.ridgeDistanceFromPhoneMeters,
                d2Meters: d - r.ridgeDistanceFromPhoneMeters,
                wavelengthMeters: geometry.wavelengthMeters
            )
            loss += KnifeEdge.lossDB(v: v)
        }
        let noise = ThermalNoise.powerDBm(bandwidthHz: GSMChannel.spacingHz, noiseFigureDB: device.noiseFigureDB)
        return eirpDBm - loss + device.antennaGainDBi - device.lossesDB - noise
    }
}
