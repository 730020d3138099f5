import Numerics
import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pseudo-Doppler direction finding on a uniform circular array: the receiver commutates
/// round the M elements, one sample each (emulated here by taking element s mod M from
/// snapshot s), and an FM discriminator sees the phase steps D_k = φ_{k+1} − φ_k with
/// φ_k = A·cos(θ − γ_k), A = 2πR/λ, γ_k = 2πk/M. These are a sampled sine,
/// D_k = 2A·sin(π/M)·sin(θ − β_k), β_k = γ_k + π/M, whose fundamental gives the bearing:
/// Σ_k D_k·e^{jβ_k} = −j·A·M·sin(π/M)·e^{jθ}. A carrier offset adds the same step to every
/// D_k and drops out of the sum. Needs |D_k| < π: 2A·sin(π/M) < π.
public enum PseudoDoppler {
    public static func bearing(snapshots x: [Complex<Float>], elements m: Int, radiusMeters r: Double,
                               wavelengthMeters lambda: Double) throws -> Double {
        let a = 2 * Double.pi * r / lambda
        guard m >= 3, 2 * a * sin(Double.pi / Double(m)) < Double.pi else {
            throw SightlineError(.invalidValue, location: "bearing", field: "array",
                                 message: "the circle is too large for pseudo-Doppler at this wavelength (phase steps wrap)",
                                 fix: "use a radius below λ/(4·sin(π/M)), or music")
        }
        let frames = x.count / m
        guard frames > m else {
            throw SightlineError(.invalidValue, location: "bearing", field: "snapshots", message: "too few snapshots for a commutation cycle",
                                 fix: "use a longer span")
        }
        var steps = [Double](repeating: 0, count: m)
        var previous = x[0]
        for s in 1..<frames {
            let k = s % m
            let current = x[s * m + k]
            let step = current * previous.conjugate
            steps[(k - 1 + m) % m] += Double(atan2(step.imaginary, step.real))
            previous = current
        }
        var sum = Complex<Double>.zero
        for k in 0..<m {
            let beta = 2 * Double.pi * Double(k) / Double(m) + Double.pi / Double(m)
            sum += Complex(steps[k] * cos(beta), steps[k] * sin(beta))
        }
        var degrees = (atan2(sum.imaginary, sum.real) + Double.pi / 2) * 180 / .pi
        degrees = degrees.truncatingRemainder(dividingBy: 360)
        if degrees < 0 { degrees += 360 }
        return degrees
    }
}
