import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Basic transmission loss between two terminals near street level, below the roofs —
/// a phone and a backpack receiver in a town: the site-general model of Recommendation
/// ITU-R P.1411-12, §4.3.1 (300 MHz–3 GHz, up to 3 km; measured with antennas about 1.9 to
/// 3 m above the street, handsets at 1–1.5 m being a mild extrapolation).
///
/// The loss is line-of-sight (free space, eq. 58, with a Rayleigh-like location correction
/// of σ = 7 dB, eqs. 59–60) out to the distance d_LoS at which the fraction of locations
/// still in line of sight equals p (eq. 64), non-line-of-sight beyond d_LoS + w
/// (L = 9.5 + 45·log10 f_MHz + 40·log10 d_km + L_urban, eq. 61, with a normal location
/// correction of σ = 7 dB, eqs. 62–63; L_urban 0 dB suburban, 6.8 dB urban, 2.3 dB dense
/// urban / high-rise), and linear in between over the transition width w = 20 m. p is the
/// location percentage for which the loss is not exceeded. The 40 dB per decade beyond a
/// few tens of metres is what makes street-level detection ranges far shorter than an
/// open-ground exponent suggests.
public enum StreetLevelLoss {
    public enum Environment: String, Sendable, CaseIterable {
        case suburban, urban, dense

        /// L_urban of eq. (61).
        var urbanLossDB: Double {
            switch self {
            case .suburban: 0
            case .urban: 6.8
            case .dense: 2.3
            }
        }
    }

    public static let validFrequencyHz = 300e6...3e9
    public static let validDistanceMeters = 1.0...3000.0
    /// The LoS / NLoS transition width w (m), the Recommendation's typical value.
    public static let transitionMeters = 20.0

    /// The distance (m) at which the fraction of locations in line of sight equals p
    /// (eq. 64), p in (0, 1).
    public static func lineOfSightDistanceMeters(probability p: Double) -> Double {
        p < 0.45 ? 212 * pow(log10(p), 2) - 64 * log10(p) : 79.2 - 70 * p
    }

    /// The loss (dB) not exceeded at `probability` of locations (0.5: the median).
    public static func lossDB(
        frequencyHz: Double,
        distanceMeters d: Double,
        environment: Environment,
        probability p: Double = 0.5
    ) -> Double {
        let fMHz = frequencyHz / 1e6
        let sigma = 7.0
        let losCorrection = 1.5624 * sigma * ((-2 * log(1 - p)).squareRoot() - 1.1774)
        let nlosCorrection = sigma * StandardNormal.quantile(p)
        func los(_ distance: Double) -> Double {
            32.45 + 20 * log10(fMHz) + 20 * log10(distance / 1000) + losCorrection
        }
        func nlos(_ distance: Double) -> Double {
            9.5 + 45 * log10(fMHz) + 40 * log10(distance / 1000) + environment.urbanLossDB + nlosCorrection
        }
        let dLoS = lineOfSightDistanceMeters(probability: p)
        let w = transitionMeters
        if d < dLoS { return los(d) }
        if d > dLoS + w { return nlos(d) }
        return los(dLoS) + (nlos(dLoS + w) - los(dLoS)) * (d - dLoS) / w
    }
}
