import Numerics
import SightlineCore
import SightlineRF
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watson-Watt direction finding with a four-element Adcock and a centre sense element
/// (channels N, E, S, W, C). The difference pairs are N − S = 2j·sin(kR·cos θ)·C and
/// E − W = 2j·sin(kR·sin θ)·C; projecting both on j·C keeps their signs, so
/// φ = atan2(⟨E−W, jC⟩, ⟨N−S, jC⟩) points the right way (front and back resolved by the sense
/// antenna). For a finite aperture φ departs from θ (the octantal error); since the
/// mapping θ ↦ φ is known and monotone for kR < π/2, it is inverted exactly by bisection.
public enum WatsonWatt {
    public struct Bearing: Sendable {
        public var azimuthDegrees: Double
        /// Standard deviation of the bearing (degrees): `sigmaDegrees(...)` at the estimated
        /// bearing and per-element SNR.
        public var sigmaDegrees: Double
        /// The per-element SNR the sigma was computed at (dB).
        public var snrDB: Double = 0
    }

    /// The standard deviation of the Watson-Watt bearing (degrees), to second order in the
    /// noise. With per-element SNR s, N independent snapshots and unit-power white noise on
    /// each element, the pair products aₙ = Re[(N−S)·(jC)*], bₙ = Re[(E−W)·(jC)*] have means
    /// g₁·P, g₂·P (g₁ = 2 sin(kR cos θ), g₂ = 2 sin(kR sin θ), P the signal power at C); the
    /// sense channel's noise cancels from φ = atan2(Σb, Σa) at first order, leaving
    ///   var φ = (1 + 1/s) / (N·s·(g₁² + g₂²)),
    /// the 1/s term being the noise × noise products. The octantal inversion maps it to
    /// var θ = var φ / (dφ/dθ)², dφ/dθ from φ(θ) = atan2(sin(kR sin θ), sin(kR cos θ)). The
    /// IQ-level calibration test (`WatsonWattCalibrationTests`) checks it against the measured
    /// RMSE on synthesized GSM bursts at 0, 10 and 20 dB.
    public static func sigmaDegrees(azimuthDegrees: Double, kr: Double, snapshots n: Int, snr: Double) -> Double {
        let t = azimuthDegrees * .pi / 180
        let s1 = sin(kr * cos(t))
        let s2 = sin(kr * sin(t))
        let ds1 = -cos(kr * cos(t)) * kr * sin(t)
        let ds2 = cos(kr * sin(t)) * kr * cos(t)
        let slope = (s1 * ds2 - s2 * ds1) / max(s1 * s1 + s2 * s2, 1e-300)
        let snr = max(snr, 1e-12)
        let varPhi = (1 + 1 / snr) / (Double(max(n, 1)) * snr * 4 * max(s1 * s1 + s2 * s2, 1e-300))
        return (varPhi / max(slope * slope, 1e-300)).squareRoot() * 180 / .pi
    }

    /// The bearing from interleaved 5-channel snapshots; `snr` is the per-element SNR (a
    /// power ratio) for the sigma, estimated from the snapshots' covariance when nil.
    public static func bearing(
        snapshots x: [Complex<Float>],
        radiusMeters r: Double,
        wavelengthMeters lambda: Double,
        snr: Double? = nil
    ) throws -> Bearing {
        let kr = 2 * Double.pi * r / lambda
        guard kr < Double.pi / 2 else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "adcock radius",
                message: "kR = \(kr) ≥ π/2: the Adcock is too large for this wavelength (patterns fold)",
                fix: "use a radius below λ/4"
            )
        }
        let n = x.count / 5
        guard n > 0 else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "snapshots",
                message: "no snapshots",
                fix: "give a non-empty span"
            )
        }
        func ch(_ s: Int, _ c: Int) -> Complex<Double> {
            Complex(Double(x[s * 5 + c].real), Double(x[s * 5 + c].imaginary))
        }
        var ns = 0.0
        var ew = 0.0
        for s in 0..<n {
            let ref = Complex(0, 1) * ch(s, 4)
            let a = ((ch(s, 0) - ch(s, 2)) * ref.conjugate).real
            let b = ((ch(s, 1) - ch(s, 3)) * ref.conjugate).real
            ns += a
            ew += b
        }
        let phi = atan2(ew, ns)
        let theta = invertOctantal(phi, kr: kr)
        var degrees = theta * 180 / .pi
        if degrees < 0 { degrees += 360 }
        let s =
            try snr
            ?? {
                let est = DOAEstimator(
                    array: AntennaArray(.adcock(radiusMeters: r), frequencyHz: SpeedOfLight.metersPerSecond / lambda),
                    snapshots: x
                )
                return Decibels.toPowerRatio(try BearingJob.snrDB(est))
            }()
        return Bearing(
            azimuthDegrees: degrees,
            sigmaDegrees: sigmaDegrees(azimuthDegrees: degrees, kr: kr, snapshots: n, snr: s),
            snrDB: Decibels.fromPowerRatio(s)
        )
    }

    /// θ with atan2(sin(kR sin θ), sin(kR cos θ)) = φ, searched within the octant of φ.
    static func invertOctantal(_ phi: Double, kr: Double) -> Double {
        func forward(_ t: Double) -> Double { atan2(sin(kr * sin(t)), sin(kr * cos(t))) }
        // The mapping fixes multiples of π/4; bisect between the neighbouring ones.
        let octant = (phi / (Double.pi / 4)).rounded(.down)
        var lo = octant * Double.pi / 4
        var hi = lo + Double.pi / 4
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if remainder(forward(mid) - phi, 2 * Double.pi) < 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
