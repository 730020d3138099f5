import Numerics
import SightlineCore
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
        /// Standard deviation from the scatter of the per-snapshot estimates (degrees).
        public var sigmaDegrees: Double
    }

    public static func bearing(snapshots x: [Complex<Float>], radiusMeters r: Double, wavelengthMeters lambda: Double) throws -> Bearing {
        let kr = 2 * Double.pi * r / lambda
        guard kr < Double.pi / 2 else {
            throw SightlineError(.invalidValue, location: "bearing", field: "adcock radius",
                                 message: "kR = \(kr) ≥ π/2: the Adcock is too large for this wavelength (patterns fold)",
                                 fix: "use a radius below λ/4")
        }
        let n = x.count / 5
        guard n > 0 else {
            throw SightlineError(.invalidValue, location: "bearing", field: "snapshots", message: "no snapshots", fix: "give a non-empty span")
        }
        func ch(_ s: Int, _ c: Int) -> Complex<Double> { Complex(Double(x[s * 5 + c].real), Double(x[s * 5 + c].imaginary)) }
        var ns = 0.0, ew = 0.0
        var perSnapshot: [Double] = []
        perSnapshot.reserveCapacity(n)
        for s in 0..<n {
            let ref = Complex(0, 1) * ch(s, 4)
            let a = ((ch(s, 0) - ch(s, 2)) * ref.conjugate).real
            let b = ((ch(s, 1) - ch(s, 3)) * ref.conjugate).real
            ns += a
            ew += b
            perSnapshot.append(atan2(b, a))
        }
        let phi = atan2(ew, ns)
        let theta = invertOctantal(phi, kr: kr)
        // Spread of the per-snapshot angles about the mean (circular), scaled to the mean.
        var spread = 0.0
        for p in perSnapshot { let d = remainder(p - phi, 2 * Double.pi); spread += d * d }
        let sigma = (spread / Double(max(1, n - 1))).squareRoot() / Double(n).squareRoot()
        var degrees = theta * 180 / .pi
        if degrees < 0 { degrees += 360 }
        return Bearing(azimuthDegrees: degrees, sigmaDegrees: sigma * 180 / .pi)
    }

    /// θ with atan2(sin(kR sin θ), sin(kR cos θ)) = φ, searched within the octant of φ.
    static func invertOctantal(_ phi: Double, kr: Double) -> Double {
        func forward(_ t: Double) -> Double { atan2(sin(kr * sin(t)), sin(kr * cos(t))) }
        // The mapping fixes multiples of π/4; bisect between the neighbouring ones.
        let octant = (phi / (Double.pi / 4)).rounded(.down)
        var lo = octant * Double.pi / 4, hi = lo + Double.pi / 4
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if remainder(forward(mid) - phi, 2 * Double.pi) < 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
