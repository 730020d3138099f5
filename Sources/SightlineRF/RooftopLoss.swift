#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Basic transmission loss from an antenna a little above the roofs to a terminal in the
/// street below: the COST 231 Walfisch–Ikegami model, non-line-of-sight (COST Action 231
/// final report, "Digital mobile radio towards future generation systems", 1999, §4.4.1;
/// the form ITU-R P.1411 §4.2.2.1 builds on). Valid for 800–2000 MHz, a base antenna 4–50 m
/// high, a mobile 1–3 m high and 20 m–5 km.
///
/// L = L₀ + L_rts + L_msd, or L₀ when L_rts + L_msd ≤ 0, where
/// - L₀ = 32.4 + 20·log10 d_km + 20·log10 f_MHz (free space);
/// - L_rts = −16.9 − 10·log10 w + 10·log10 f + 20·log10 Δh_m + L_ori, the diffraction from
///   the last roof down into the street of width w (Δh_m = h_roof − h_m), with the street
///   orientation term L_ori = −10 + 0.354·φ (0 ≤ φ < 35°), 2.5 + 0.075·(φ − 35)
///   (35–55°), 4.0 − 0.114·(φ − 55) (55–90°);
/// - L_msd = L_bsh + k_a + k_d·log10 d_km + k_f·log10 f − 9·log10 b, the multiple-screen
///   diffraction over rows of buildings b apart: with Δh_b = h_b − h_roof,
///   L_bsh = −18·log10(1 + Δh_b) and k_a = 54, k_d = 18 when the base is above the roofs;
///   otherwise L_bsh = 0, k_a = 54 − 0.8·Δh_b (times d/0.5 km below 0.5 km) and
///   k_d = 18 − 15·Δh_b/h_roof; k_f = −4 + 0.7·(f/925 − 1) for medium-sized cities and
///   suburbs, −4 + 1.5·(f/925 − 1) for metropolitan centres.
///
/// With the base above the roofs the loss grows 38 dB per decade of distance — between
/// free space's 20 and the 40 of street level — which is why a post in an upper-floor window
/// hears much further than a patrol in the street, and far less far than a log-distance
/// exponent of 3 from 100 m suggests (16 dB more loss at 1 km, 22 dB at 5 km for a 15 m post
/// over the border town below). The final report
/// quotes prediction errors of about ±3 dB in the mean and 4–8 dB standard deviation against
/// measurements in European cities, largest with the base near roof level.
public enum RooftopLoss {
    /// The town between the two antennas: its roofs, streets and building rows.
    public struct Town: Sendable, Equatable {
        public var roofHeightMeters: Double
        public var streetWidthMeters: Double
        public var buildingSeparationMeters: Double
        /// The angle between the street and the direction of the path, 0–90°.
        public var streetOrientationDeg: Double
        public var metropolitan: Bool

        public init(
            roofHeightMeters: Double,
            streetWidthMeters: Double,
            buildingSeparationMeters: Double,
            streetOrientationDeg: Double = 90,
            metropolitan: Bool = false
        ) {
            self.roofHeightMeters = roofHeightMeters
            self.streetWidthMeters = streetWidthMeters
            self.buildingSeparationMeters = buildingSeparationMeters
            self.streetOrientationDeg = streetOrientationDeg
            self.metropolitan = metropolitan
        }

        /// A border town of one- and two-storey houses (Hyesan, Sinuiju outside their
        /// centres): roofs 6 m high (the final report's 3 m per floor, two floors, flat or
        /// low roofs), rows 25 m apart with streets 12 m wide (its recommended b of 20–50 m
        /// with w = b/2), the street across the path (φ = 90°, its default when unknown), a
        /// medium-sized city. Assumptions: no survey of these towns is public.
        public static let borderTown = Town(roofHeightMeters: 6, streetWidthMeters: 12, buildingSeparationMeters: 25)
    }

    public static let validFrequencyHz = 800e6...2000e6
    public static let validBaseHeightMeters = 4.0...50.0
    public static let validMobileHeightMeters = 1.0...3.0
    public static let validDistanceMeters = 20.0...5000.0

    /// The street orientation term L_ori (dB), φ in degrees, clamped to 0–90°.
    public static func orientationLossDB(_ degrees: Double) -> Double {
        let phi = min(90, max(0, degrees))
        if phi < 35 { return -10 + 0.354 * phi }
        if phi < 55 { return 2.5 + 0.075 * (phi - 35) }
        return 4.0 - 0.114 * (phi - 55)
    }

    /// The median loss (dB) between a base antenna `baseHeightMeters` high and a mobile
    /// `mobileHeightMeters` high at ground distance `distanceMeters`.
    public static func lossDB(
        frequencyHz: Double,
        distanceMeters: Double,
        baseHeightMeters hb: Double,
        mobileHeightMeters hm: Double,
        town: Town = .borderTown
    ) -> Double {
        let f = frequencyHz / 1e6
        let dKm = distanceMeters / 1000
        let hRoof = town.roofHeightMeters
        let freeSpace = 32.4 + 20 * log10(dKm) + 20 * log10(f)
        let dhm = hRoof - hm
        // A mobile at or above the roofs has no roof-to-street diffraction to suffer.
        let rooftopToStreet =
            dhm > 0
            ? -16.9 - 10 * log10(town.streetWidthMeters) + 10 * log10(f) + 20 * log10(dhm)
                + orientationLossDB(town.streetOrientationDeg)
            : 0
        let dhb = hb - hRoof
        let shadow: Double
        let ka: Double
        let kd: Double
        if dhb > 0 {
            shadow = -18 * log10(1 + dhb)
            ka = 54
            kd = 18
        } else {
            shadow = 0
            ka = dKm >= 0.5 ? 54 - 0.8 * dhb : 54 - 0.8 * dhb * dKm / 0.5
            kd = 18 - 15 * dhb / hRoof
        }
        let kf = -4 + (town.metropolitan ? 1.5 : 0.7) * (f / 925 - 1)
        let multiScreen = shadow + ka + kd * log10(dKm) + kf * log10(f) - 9 * log10(town.buildingSeparationMeters)
        let excess = rooftopToStreet + multiScreen
        return excess > 0 ? freeSpace + excess : freeSpace
    }
}
