#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Single knife-edge diffraction, ITU-R P.526-15 §4.1.
public enum KnifeEdge {
    /// J(v), the diffraction loss in dB for the dimensionless parameter v, by P.526's
    /// approximation, eq. (31): J(v) = 6.9 + 20·log10(√((v−0.1)²+1) + v − 0.1) for
    /// v > −0.78, and 0 below (the approximation's stated range). J(0) ≈ 6.0 dB.
    public static func lossDB(v: Double) -> Double {
        guard v > -0.78 else { return 0 }
        let t = v - 0.1
        return 6.9 + 20 * log10((t * t + 1).squareRoot() + t)
    }

    /// v = h·√(2/λ·(1/d₁ + 1/d₂)) (P.526 eq. (26)) for an edge `heightMeters` above the
    /// line between the terminals (negative below it), d₁ and d₂ from the edge.
    public static func parameter(
        heightMeters h: Double,
        d1Meters: Double,
        d2Meters: Double,
        wavelengthMeters: Double
    ) -> Double {
        h * (2 / wavelengthMeters * (1 / d1Meters + 1 / d2Meters)).squareRoot()
    }
}
