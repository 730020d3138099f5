import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Median path-loss models. Each refuses inputs outside the range its source validates
/// unless extrapolation is allowed explicitly.
///
/// Sources:
/// - `fspl`: ITU-R P.525-4, eq. (6): L = 32.45 + 20·log10(f/MHz) + 20·log10(d/km).
/// - `twoRay`: flat-earth two-ray model with a perfectly reflecting ground (Γ = −1),
///   T. S. Rappaport, *Wireless Communications*, 2nd ed., §4.6: the received field is the
///   direct ray plus the reflected ray with path difference Δ = √(d²+(hₜ+hᵣ)²) − √(d²+(hₜ−hᵣ)²);
///   far beyond the crossover distance 4πhₜhᵣ/λ the loss tends to 40·log10 d − 20·log10(hₜhᵣ).
/// - `logDistance`: L = FSPL(d₀) + 10·n·log10(d/d₀) (Rappaport §4.9.1); shadowing is applied by
///   callers that draw it, the value here is the median.
/// - `hata*`: M. Hata, "Empirical formula for propagation loss in land mobile radio
///   services", IEEE Trans. Veh. Technol. 29(3), 1980 (150–1500 MHz, hₜ 30–200 m, hᵣ 1–10 m,
///   d 1–20 km); large-city a(hᵣ) for f ≥ 300 MHz in its 400 MHz-and-above form.
/// - `p1411-*`: ITU-R P.1411-12 §4.3.1, the site-general model between terminals near
///   street level (``StreetLevelLoss``), median over locations; 300–3000 MHz, up to 3 km,
///   antennas up to 3 m.
/// - `cost231*`: COST Action 231 final report, "Digital mobile radio towards future
///   generation systems", 1999, §4.4.1 (1500–2000 MHz, same heights and distances), with
///   C = 0 dB (medium city, suburban) or 3 dB (metropolitan centres).
/// - `cost231-wi`: COST 231 Walfisch–Ikegami, non-line-of-sight, from an antenna above the
///   roofs to the street (``RooftopLoss``) over a border town of low houses; 800–2000 MHz,
///   base 4–50 m, mobile 1–3 m, 20 m–5 km.
public enum PathLossModel: String, Sendable, CaseIterable {
    case fspl
    case twoRay = "two-ray"
    case logDistance = "log-distance"
    case hataUrban = "hata-urban"
    case hataUrbanLarge = "hata-urban-large"
    case hataSuburban = "hata-suburban"
    case hataOpen = "hata-open"
    case cost231
    case cost231Metro = "cost231-metro"
    /// ITU-R P.1411-12 §4.3.1, both terminals near street level (``StreetLevelLoss``):
    /// the median over locations, suburban, urban and dense urban.
    case p1411Suburban = "p1411-suburban"
    case p1411Urban = "p1411-urban"
    case p1411Dense = "p1411-dense"
    /// COST 231 Walfisch–Ikegami (``RooftopLoss``): a post a little above the roofs to a
    /// phone in the street, over ``RooftopLoss/Town/borderTown``.
    case cost231WI = "cost231-wi"

    public static var namesHelp: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The geometry and parameters of one path.
public struct PathGeometry: Sendable, Equatable {
    public var frequencyHz: Double
    public var distanceMeters: Double
    public var txHeightMeters: Double
    public var rxHeightMeters: Double
    /// Log-distance exponent n (2 free space, 2.7–3.5 urban, 3–5 shadowed urban; Rappaport Table 4.2).
    public var pathLossExponent: Double
    /// Log-distance reference distance d₀.
    public var referenceDistanceMeters: Double

    public init(
        frequencyHz: Double,
        distanceMeters: Double,
        txHeightMeters: Double = 30,
        rxHeightMeters: Double = 1.5,
        pathLossExponent: Double = 3,
        referenceDistanceMeters: Double = 100
    ) {
        self.frequencyHz = frequencyHz
        self.distanceMeters = distanceMeters
        self.txHeightMeters = txHeightMeters
        self.rxHeightMeters = rxHeightMeters
        self.pathLossExponent = pathLossExponent
        self.referenceDistanceMeters = referenceDistanceMeters
    }

    public var wavelengthMeters: Double { SpeedOfLight.metersPerSecond / frequencyHz }
}

public enum SpeedOfLight {
    /// c in vacuum, exact by the SI definition of the metre.
    public static let metersPerSecond = 299_792_458.0
}

extension PathLossModel {
    /// The median basic transmission loss in dB.
    ///
    /// - Throws: `SightlineError` naming the parameter when an input is not physical
    ///   (non-positive distance, frequency or height) or outside the model's validated range
    ///   while `allowExtrapolation` is false.
    public func lossDB(_ g: PathGeometry, allowExtrapolation: Bool = false, location: String = "path") throws -> Double
    {
        try checkPhysical(g, location: location)
        if !allowExtrapolation { try checkValidity(g, location: location) }
        let fMHz = g.frequencyHz / 1e6
        let dKm = g.distanceMeters / 1000
        switch self {
        case .fspl:
            return Self.freeSpace(frequencyMHz: fMHz, distanceKm: dKm)
        case .twoRay:
            let ht = g.txHeightMeters
            let hr = g.rxHeightMeters
            let d = g.distanceMeters
            let direct = (d * d + (ht - hr) * (ht - hr)).squareRoot()
            let reflected = (d * d + (ht + hr) * (ht + hr)).squareRoot()
            let phase = 2 * Double.pi * (reflected - direct) / g.wavelengthMeters
            // |1 + Γ·e^{−jφ}·(direct/reflected)| with Γ = −1; the amplitude ratio keeps the
            // short-range limit exact.
            let ratio = direct / reflected
            let re = 1 - ratio * cos(phase)
            let im = ratio * sin(phase)
            let interference = (re * re + im * im).squareRoot()
            return Self.freeSpace(frequencyMHz: fMHz, distanceKm: direct / 1000) - 20 * log10(interference)
        case .logDistance:
            let d0 = g.referenceDistanceMeters
            return Self.freeSpace(frequencyMHz: fMHz, distanceKm: d0 / 1000)
                + 10 * g.pathLossExponent * log10(g.distanceMeters / d0)
        case .hataUrban, .hataSuburban, .hataOpen:
            let urban = Self.hata(fMHz, g.txHeightMeters, dKm) - Self.mobileCorrectionSmallCity(fMHz, g.rxHeightMeters)
            switch self {
            case .hataSuburban: return urban - 2 * pow(log10(fMHz / 28), 2) - 5.4
            case .hataOpen: return urban - 4.78 * pow(log10(fMHz), 2) + 18.33 * log10(fMHz) - 40.94
            default: return urban
            }
        case .hataUrbanLarge:
            return Self.hata(fMHz, g.txHeightMeters, dKm) - Self.mobileCorrectionLargeCity(fMHz, g.rxHeightMeters)
        case .p1411Suburban, .p1411Urban, .p1411Dense:
            let environment: StreetLevelLoss.Environment =
                self == .p1411Suburban ? .suburban : self == .p1411Urban ? .urban : .dense
            // The 3-D distance, as the Recommendation's d.
            let dz = g.txHeightMeters - g.rxHeightMeters
            return StreetLevelLoss.lossDB(
                frequencyHz: g.frequencyHz,
                distanceMeters: (g.distanceMeters * g.distanceMeters + dz * dz).squareRoot(),
                environment: environment
            )
        case .cost231WI:
            return RooftopLoss.lossDB(
                frequencyHz: g.frequencyHz,
                distanceMeters: g.distanceMeters,
                baseHeightMeters: max(g.txHeightMeters, g.rxHeightMeters),
                mobileHeightMeters: min(g.txHeightMeters, g.rxHeightMeters)
            )
        case .cost231, .cost231Metro:
            let c = self == .cost231Metro ? 3.0 : 0.0
            let hb = g.txHeightMeters
            return 46.3 + 33.9 * log10(fMHz) - 13.82 * log10(hb)
                - Self.mobileCorrectionSmallCity(fMHz, g.rxHeightMeters)
                + (44.9 - 6.55 * log10(hb)) * log10(dKm) + c
        }
    }

    /// ITU-R P.525 free-space basic transmission loss.
    public static func freeSpace(frequencyMHz: Double, distanceKm: Double) -> Double {
        32.45 + 20 * log10(frequencyMHz) + 20 * log10(distanceKm)
    }

    static func hata(_ fMHz: Double, _ hb: Double, _ dKm: Double) -> Double {
        69.55 + 26.16 * log10(fMHz) - 13.82 * log10(hb) + (44.9 - 6.55 * log10(hb)) * log10(dKm)
    }

    /// a(hᵣ) for small and medium cities (Hata 1980).
    static func mobileCorrectionSmallCity(_ fMHz: Double, _ hm: Double) -> Double {
        (1.1 * log10(fMHz) - 0.7) * hm - (1.56 * log10(fMHz) - 0.8)
    }

    /// a(hᵣ) for large cities (Hata 1980): the f ≤ 200 MHz form below 300 MHz, the
    /// f ≥ 400 MHz form from 300 MHz on.
    static func mobileCorrectionLargeCity(_ fMHz: Double, _ hm: Double) -> Double {
        fMHz < 300 ? 8.29 * pow(log10(1.54 * hm), 2) - 1.1 : 3.2 * pow(log10(11.75 * hm), 2) - 4.97
    }

    /// The validated ranges: (frequency MHz, distance km, tx height m, rx height m).
    public var validity:
        (
            frequencyMHz: ClosedRange<Double>, distanceKm: ClosedRange<Double>,
            txHeightM: ClosedRange<Double>?, rxHeightM: ClosedRange<Double>?
        )
    {
        switch self {
        case .fspl, .logDistance: (1e-3...1e6, 0...Double.infinity, nil, nil)
        case .twoRay: (1e-3...1e6, 0...Double.infinity, nil, nil)
        case .hataUrban, .hataUrbanLarge, .hataSuburban, .hataOpen: (150...1500, 1...20, 30...200, 1...10)
        case .cost231, .cost231Metro: (1500...2000, 1...20, 30...200, 1...10)
        case .p1411Suburban, .p1411Urban, .p1411Dense: (300...3000, 0.001...3, 0.5...3, 0.5...3)
        case .cost231WI: (800...2000, 0.02...5, 4...50, 1...3)
        }
    }

    private func checkPhysical(_ g: PathGeometry, location: String) throws {
        func bad(_ field: String, _ value: Double, _ fix: String) -> SightlineError {
            SightlineError(
                .invalidValue,
                location: location,
                field: field,
                message: "\(value) is not allowed",
                fix: fix
            )
        }
        guard g.frequencyHz.isFinite && g.frequencyHz > 0 else {
            throw bad("frequency", g.frequencyHz, "give a positive frequency")
        }
        guard g.distanceMeters.isFinite && g.distanceMeters > 0 else {
            throw bad("distance", g.distanceMeters, "give a positive distance")
        }
        guard g.txHeightMeters.isFinite && g.txHeightMeters > 0 else {
            throw bad("tx-height-m", g.txHeightMeters, "give a positive antenna height")
        }
        guard g.rxHeightMeters.isFinite && g.rxHeightMeters > 0 else {
            throw bad("rx-height-m", g.rxHeightMeters, "give a positive antenna height")
        }
        if self == .logDistance {
            guard g.pathLossExponent.isFinite && g.pathLossExponent > 0 else {
                throw bad("exponent", g.pathLossExponent, "use a path-loss exponent above 0 (2 is free space)")
            }
            guard g.referenceDistanceMeters > 0 && g.referenceDistanceMeters <= g.distanceMeters else {
                throw bad(
                    "reference distance",
                    g.referenceDistanceMeters,
                    "use a reference distance above 0 and not beyond the path"
                )
            }
        }
    }

    private func checkValidity(_ g: PathGeometry, location: String) throws {
        let v = validity
        func outside(_ field: String, _ value: Double, _ range: ClosedRange<Double>, _ unit: String) -> SightlineError {
            SightlineError(
                .invalidValue,
                location: location,
                field: field,
                message:
                    """
                    \(value) \(unit) is outside \(rawValue)'s validated range \
                    \(range.lowerBound)–\(range.upperBound) \(unit)
                    """,
                fix: "choose another model, or pass `allow_extrapolation` to use it anyway"
            )
        }
        let f = g.frequencyHz / 1e6
        guard v.frequencyMHz.contains(f) else { throw outside("frequency", f, v.frequencyMHz, "MHz") }
        let d = g.distanceMeters / 1000
        guard v.distanceKm.contains(d) else { throw outside("distance", d, v.distanceKm, "km") }
        if let r = v.txHeightM, !r.contains(g.txHeightMeters) { throw outside("tx-height-m", g.txHeightMeters, r, "m") }
        if let r = v.rxHeightM, !r.contains(g.rxHeightMeters) { throw outside("rx-height-m", g.rxHeightMeters, r, "m") }
    }
}
