import SightlineCore

/// How a detection range is decided: the probability that one look detects, as a function
/// of the per-burst SNR, and the SNR a look needs for the receiver's Pd.
///
/// `range` used to ask the ideal energy detector (Albersheim on B·T samples: Pd 0.9 at
/// −1.5 dB for one GSM burst) while `risk` draws each burst from the pipeline's measured
/// per-burst detector (Pd 0.9 near 6.6 dB when that was written, 5.3 dB in the build that
/// brought this type): the same device, 7–8 dB apart. A ``measured`` curve
/// is the one `risk` uses, so the two agree by construction; ``ideal`` stays for a receiver
/// nobody has measured (other bandwidths, other Pfa, non-GSM signals).
public enum DetectorCurve: Sendable {
    /// Albersheim's square-law detector on B·T independent samples (non-fluctuating).
    case ideal
    /// A measured Pd(SNR) per look: its name (for the document), the probability per look
    /// at an SNR, and the SNR (dB) at which a look reaches each Pd (nil outside what was measured).
    case measured(
        name: String,
        pfa: Double,
        probability: @Sendable (Double) -> Double,
        requiredSNRdB: @Sendable (Double) -> Double?
    )

    public var name: String {
        switch self {
        case .ideal: "ideal energy detector (Albersheim)"
        case .measured(let name, _, _, _): name
        }
    }
}

extension EnergyDetector {
    /// The gain (dB) of integrating `looks` times as many samples, `samples` → `looks`·`samples`,
    /// at `pfa`: the fall in the per-sample SNR the ideal energy detector needs for Pd ½
    /// (Urkowitz 1967). For large B·T it tends to 5·log10(looks) (non-coherent integration);
    /// for one GSM burst (B·T = 109) at Pfa 1e-6, 2, 4 and 8 bursts give 1.69, 3.32 and 4.92 dB
    /// (scipy, `scripts/integration_gain_reference.py`).
    public static func integrationGainDB(looks: Int, pfa: Double, samples: Double) -> Double {
        guard looks > 1 else { return 0 }
        return requiredSNRdB(pd: 0.5, pfa: pfa, samples: samples)
            - requiredSNRdB(pd: 0.5, pfa: pfa, samples: samples * Double(looks))
    }
}
