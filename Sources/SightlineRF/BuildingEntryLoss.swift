import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Building entry loss, Recommendation ITU-R P.2109-1 (2019): the extra loss between a
/// terminal inside a building and one outside, as a distribution over buildings and
/// positions in them, for 80 MHz–100 GHz.
///
/// L_BEL(P) = 10·log10(10^(0.1·A(P)) + 10^(0.1·B(P)) + 10^(0.1·C)) (eq. 2), with
/// A(P) = F⁻¹(P)·σ₁ + μ₁ and B(P) = F⁻¹(P)·σ₂ + μ₂ (eq. 3) normal quantiles, C = −3 dB,
/// μ₁ = L_h + L_e, L_h = r + s·log10 f + t·(log10 f)², L_e = 0.212·|θ| (eqs. 5, 9, 10),
/// μ₂ = w + x·log10 f, σ₁ = u + v·log10 f, σ₂ = y + z·log10 f (eqs. 6–8), f in GHz, θ the
/// elevation of the path at the façade; coefficients from its Table 1. Checked against
/// ITU-R Study Group 3's validation values (Tests/Fixtures/p2109_validation.json).
public enum BuildingEntryLoss {
    /// The Recommendation's two building classes.
    public enum Building: String, Sendable, CaseIterable {
        /// Traditional construction (no metallised glass or foil-backed insulation).
        case traditional
        /// Thermally efficient construction: metallised glass, foil-backed panels; much
        /// higher loss.
        case thermallyEfficient = "thermally-efficient"

        var coefficients:
            (r: Double, s: Double, t: Double, u: Double, v: Double, w: Double, x: Double, y: Double, z: Double)
        {
            switch self {
            case .traditional: (12.64, 3.72, 0.96, 9.6, 2.0, 9.1, -3.0, 4.5, -2.0)
            case .thermallyEfficient: (28.19, -3.00, 8.48, 13.5, 3.8, 27.8, -2.9, 9.4, -2.1)
            }
        }
    }

    public static let validFrequencyHz = 80e6...100e9

    /// The loss not exceeded with probability `probability` (0 < P < 1; 0.5 is the median).
    public static func lossDB(
        frequencyHz: Double,
        probability: Double,
        building: Building,
        elevationDegrees: Double = 0,
        location: String = "building entry loss"
    ) throws -> Double {
        guard validFrequencyHz.contains(frequencyHz) else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "frequency",
                message: "\(frequencyHz / 1e6) MHz is outside ITU-R P.2109's 80 MHz–100 GHz",
                fix: "use a frequency in that range"
            )
        }
        guard probability > 0 && probability < 1 else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "probability",
                message: "\(probability) is not in (0, 1)",
                fix: "e.g. 0.5 for the median"
            )
        }
        guard elevationDegrees.isFinite && abs(elevationDegrees) <= 90 else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "elevation",
                message: "\(elevationDegrees)° is not an elevation",
                fix: "give −90 to 90 degrees"
            )
        }
        let k = building.coefficients
        let lf = log10(frequencyHz / 1e9)
        let lh = k.r + k.s * lf + k.t * lf * lf
        let mu1 = lh + 0.212 * abs(elevationDegrees)
        let mu2 = k.w + k.x * lf
        let sigma1 = k.u + k.v * lf
        let sigma2 = k.y + k.z * lf
        let z = StandardNormal.quantile(probability)
        let a = z * sigma1 + mu1
        let b = z * sigma2 + mu2
        let c = -3.0
        return 10 * log10(pow(10, 0.1 * a) + pow(10, 0.1 * b) + pow(10, 0.1 * c))
    }
}
