import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Albersheim's equation: the single-pulse SNR a square-law detector needs to reach a
/// detection probability Pd at false-alarm probability Pfa after non-coherently integrating
/// N independent samples of a non-fluctuating signal (W. J. Albersheim, "A closed-form
/// approximation to Robertson's detection characteristics", Proc. IEEE 69(7), 1981;
/// D. W. Tufts & A. J. Cann, Proc. IEEE 71(9), 1983):
///
///   A = ln(0.62/Pfa),  B = ln(Pd/(1 − Pd)),
///   SNR_dB = −5·log10 N + (6.2 + 4.54/√(N + 0.44))·log10(A + 0.12·A·B + 1.7·B).
///
/// Stated accuracy: within 0.2 dB of Robertson's curves for 1e−7 ≤ Pfa ≤ 1e−3,
/// 0.1 ≤ Pd ≤ 0.9 and 1 ≤ N ≤ 8096; outside that range the functions refuse unless
/// `allowExtrapolation` is set.
public enum Albersheim {
    public static let pfaRange = 1e-7...1e-3
    public static let pdRange = 0.1...0.9
    public static let pulsesRange = 1.0...8096.0

    static func check(pd: Double?, pfa: Double, pulses: Double, allowExtrapolation: Bool, location: String) throws {
        guard pfa > 0 && pfa < 1, pulses >= 1 else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "pfa/pulses",
                message: "Pfa must be in (0, 1) and the pulse count ≥ 1",
                fix: "e.g. `pfa` 1e-6 `pulses` 1"
            )
        }
        if let pd {
            guard pd > 0 && pd < 1 else {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: "pd",
                    message: "\(pd) is not a probability in (0, 1)",
                    fix: "e.g. `pd` 0.9"
                )
            }
        }
        guard allowExtrapolation else {
            if !pfaRange.contains(pfa) || !pulsesRange.contains(pulses) || (pd.map { !pdRange.contains($0) } ?? false) {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: "pd/pfa/pulses",
                    message: "outside Albersheim's validity (Pfa 1e-7…1e-3, Pd 0.1…0.9, N 1…8096)",
                    fix: "move inside it, use the exact energy-detector method, or pass `allow_extrapolation`"
                )
            }
            return
        }
    }

    /// Required single-sample SNR (dB) for `pd`, `pfa` and `pulses` integrated samples.
    public static func requiredSNRdB(
        pd: Double,
        pfa: Double,
        pulses: Double = 1,
        allowExtrapolation: Bool = false,
        location: String = "albersheim"
    ) throws -> Double {
        try check(pd: pd, pfa: pfa, pulses: pulses, allowExtrapolation: allowExtrapolation, location: location)
        let a = log(0.62 / pfa)
        let b = log(pd / (1 - pd))
        return -5 * log10(pulses) + (6.2 + 4.54 / (pulses + 0.44).squareRoot()) * log10(a + 0.12 * a * b + 1.7 * b)
    }

    /// The inverse: Pd reached at single-sample SNR `snrDB` (the equation solved for B).
    public static func detectionProbability(
        snrDB: Double,
        pfa: Double,
        pulses: Double = 1,
        allowExtrapolation: Bool = false,
        location: String = "albersheim"
    ) throws -> Double {
        try check(pd: nil, pfa: pfa, pulses: pulses, allowExtrapolation: allowExtrapolation, location: location)
        let a = log(0.62 / pfa)
        let z = (snrDB + 5 * log10(pulses)) / (6.2 + 4.54 / (pulses + 0.44).squareRoot())
        let b = (pow(10, z) - a) / (0.12 * a + 1.7)
        return 1 / (1 + exp(-b))
    }
}
