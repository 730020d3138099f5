import SightlineCore
import SightlineRF

/// Each device's detector, as both `risk` and `range` use it: the pipeline's per-burst
/// detector (Welch cells of ≈ 62.5 kHz × 32 µs, noise-floor CFAR at Pfa 1e-6 per cell), whose
/// Pd(SNR) the measurement model holds as measured at the IQ level, over the bursts the device
/// integrates per look (``SightlineRF/DevicePreset/burstsPerLook``). A look of N bursts is
/// taken to gain what the ideal energy detector gains from N times the time-bandwidth
/// product (``SightlineRF/EnergyDetector/integrationGainDB(looks:pfa:samples:)``: 4.9 dB for
/// the fixed post's 8 bursts), i.e. the integrating receiver is assumed to lose to the ideal
/// what the per-burst pipeline loses — its implementation loss, measured — and no more.
extension MeasurementModel {
    /// The false-alarm probability per cell the pipeline's tables were measured at.
    public static let pipelinePfa = 1e-6

    /// Time-bandwidth product of one GSM burst in 200 kHz (546 µs × 200 kHz).
    public static let burstTimeBandwidth = (DevicePreset.gsmBurstSeconds * GSMChannel.spacingHz).rounded()

    /// The SNR gain (dB) of a look that integrates `bursts` bursts.
    public static func lookGainDB(bursts: Int) -> Double {
        EnergyDetector.integrationGainDB(looks: bursts, pfa: pipelinePfa, samples: burstTimeBandwidth)
    }

    /// Pd of one look at per-burst SNR `snr` for a look gaining `gainDB`.
    public func lookPd(snrDB snr: Double, gainDB: Double) -> Double { pd(snrDB: snr + gainDB) }

    /// The lowest per-burst SNR (dB) at which a look gaining `gainDB` reaches `pd`, or nil
    /// when the table never reaches it (or is there already at its lowest SNR).
    public func requiredSNRdB(pd target: Double, gainDB: Double = 0) -> Double? {
        let x = snrDB
        let y = burstPd
        guard let first = y.first, let last = y.last, target > first, target <= last else { return nil }
        for i in 1..<x.count where y[i] >= target {
            let t = y[i] > y[i - 1] ? (target - y[i - 1]) / (y[i] - y[i - 1]) : 0
            return x[i - 1] + t * (x[i] - x[i - 1]) - gainDB
        }
        return nil
    }

    /// The detector curve of `device` for `range`: this model's per-look Pd.
    public func detectorCurve(for device: DevicePreset) -> DetectorCurve {
        let n = device.burstsPerLook
        let gain = Self.lookGainDB(bursts: n)
        let name =
            n == 1
            ? "the pipeline's per-burst detector (measured at the IQ level)"
            : """
            the pipeline's per-burst detector over \(n)-burst looks (measured, plus \
            \(String(format: "%.1f", gain)) dB integration gain)
            """
        let model = self
        return .measured(
            name: name,
            pfa: Self.pipelinePfa,
            probability: { model.lookPd(snrDB: $0, gainDB: gain) },
            requiredSNRdB: { model.requiredSNRdB(pd: $0, gainDB: gain) }
        )
    }
}
