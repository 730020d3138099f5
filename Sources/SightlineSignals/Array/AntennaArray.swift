import Numerics
import SightlineCore
import SightlineRF

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A receiving antenna array: element positions in local east/north/up metres, with the
/// conventions DESIGN.md fixes (outside tools rely on them):
///
/// - azimuth θ clockwise from north; elevation φ above the horizon; the unit vector towards
///   the source is u = (sin θ cos φ, cos θ cos φ, sin φ) in (east, north, up);
/// - a plane wave from u reaches element k with baseband phase exp(+j·2π·(pₖ·u)/λ)
///   relative to the origin, which is the steering vector a(θ, φ)ₖ;
/// - `ula:M:D` — M elements along east at x = k·D·λ, k = 0…M−1;
///   `uca:M:R` — M elements on a circle of radius R m, element k at azimuth 2πk/M;
///   `adcock` — elements N, E, S, W at radius R and a centre sense element (channel order).
public struct AntennaArray: Sendable, Equatable {
    public enum Geometry: Sendable, Equatable {
        case ula(elements: Int, spacingWavelengths: Double)
        case uca(elements: Int, radiusMeters: Double)
        case adcock(radiusMeters: Double)
        case single
    }

    public let geometry: Geometry
    public let wavelengthMeters: Double
    /// Element positions (east, north, up) in metres.
    public let positions: [SIMD3<Double>]

    public init(_ geometry: Geometry, frequencyHz: Double) {
        self.geometry = geometry
        let lambda = SpeedOfLight.metersPerSecond / frequencyHz
        wavelengthMeters = lambda
        switch geometry {
        case .single:
            positions = [.zero]
        case .ula(let m, let d):
            positions = (0..<m).map { SIMD3(Double($0) * d * lambda, 0, 0) }
        case .uca(let m, let r):
            positions = (0..<m).map { k in
                let a = 2 * Double.pi * Double(k) / Double(m)
                return SIMD3(r * sin(a), r * cos(a), 0)
            }
        case .adcock(let r):
            positions = [SIMD3(0, r, 0), SIMD3(r, 0, 0), SIMD3(0, -r, 0), SIMD3(-r, 0, 0), .zero]
        }
    }

    public var elementCount: Int { positions.count }

    /// Parses `ula:M:D`, `uca:M:R`, `adcock` or `adcock:R`. R defaults to 0.08 m: a hand-held
    /// Adcock whose opposite elements are 0.16 m ≈ λ/2 apart at 900 MHz, the usual limit
    /// for Watson-Watt (beyond it the difference patterns fold and the bearing errs).
    public static func geometry(parsing text: String, location: String, field: String) throws -> Geometry {
        let parts = text.split(separator: ":").map(String.init)
        func bad(_ why: String) -> SightlineError {
            SightlineError(
                .invalidValue,
                location: location,
                field: field,
                message: "\"\(text)\": \(why)",
                fix: "write ula:M:D (M elements, spacing D wavelengths), uca:M:R (radius R metres) or adcock[:R]"
            )
        }
        switch parts.first {
        case "ula":
            guard parts.count == 3, let m = Int(parts[1]), m >= 2, let d = Double(parts[2]), d > 0, d.isFinite
            else { throw bad("needs at least 2 elements and a positive spacing") }
            return .ula(elements: m, spacingWavelengths: d)
        case "uca":
            guard parts.count == 3, let m = Int(parts[1]), m >= 3, let r = Double(parts[2]), r > 0, r.isFinite
            else { throw bad("needs at least 3 elements and a positive radius") }
            return .uca(elements: m, radiusMeters: r)
        case "adcock":
            if parts.count == 1 { return .adcock(radiusMeters: 0.08) }
            guard parts.count == 2, let r = Double(parts[1]), r > 0, r.isFinite else {
                throw bad("needs a positive radius")
            }
            return .adcock(radiusMeters: r)
        default:
            throw bad("unknown array kind")
        }
    }

    /// The unit vector towards a source at azimuth/elevation (radians).
    public static func direction(azimuthRadians az: Double, elevationRadians el: Double = 0) -> SIMD3<Double> {
        SIMD3(sin(az) * cos(el), cos(az) * cos(el), sin(el))
    }

    /// The steering vector a(θ, φ)ₖ = exp(+j·2π·(pₖ·u)/λ).
    public func steeringVector(azimuthRadians az: Double, elevationRadians el: Double = 0) -> [Complex<Double>] {
        let u = Self.direction(azimuthRadians: az, elevationRadians: el)
        return positions.map { p in
            let phase = 2 * Double.pi * (p * u).sum() / wavelengthMeters
            return Complex(cos(phase), sin(phase))
        }
    }
}

/// Per-element receiver imperfections: gain errors (dB, Gaussian) and phase errors (degrees,
/// Gaussian), drawn once per recording from the seed.
public struct ElementErrors: Sendable, Equatable {
    public var gainDBRMS: Double
    public var phaseDegreesRMS: Double
    public init(gainDBRMS: Double = 0, phaseDegreesRMS: Double = 0) {
        self.gainDBRMS = gainDBRMS
        self.phaseDegreesRMS = phaseDegreesRMS
    }

    /// Complex gains, one per element.
    public func draw(count: Int, seed: UInt64) -> [Complex<Double>] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let g = Decibels.toAmplitudeRatio(gainDBRMS * rng.nextGaussian())
            let p = phaseDegreesRMS * rng.nextGaussian() * Double.pi / 180
            return Complex(g * cos(p), g * sin(p))
        }
    }
}
