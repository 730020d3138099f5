import Foundation
import SightlineCore
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The multipath a street-level direction finder meets, per environment: the direct wave
/// plus reflected waves (clusters) with a Rician K-factor, an azimuth spread and a delay
/// spread, and a chance that the direct wave is obstructed.
///
/// Sources — 3GPP TR 38.901 v17 Table 7.5-6 (large-scale parameters, LOS; at the UT, i.e.
/// the end at street level, at 0.9 GHz):
///
/// | environment | TR 38.901 scenario | K-factor μ, σ (dB) | ASA (°) | DS (ns) | clusters |
/// |---|---|---|---|---|---|
/// | open | RMa LOS | 7, 4 | 33 (lgASA 1.52) | 32 (lgDS −7.49) | 11 |
/// | suburban | UMi street canyon LOS | 9, 5 | 51 (lgASA 1.71) | 62 (lgDS −7.21) | 12 |
/// | dense | UMa LOS | 9, 3.5 | 65 (lgASA 1.81) | 111 (lgDS −6.96) | 12 |
///
/// Cluster powers are exponential random shares of the scattered power 1/K; azimuth offsets
/// from the direct wave are Gaussian with σ = the ASA; excess delays exponential with mean
/// the DS (all far below GSM's 3.7 µs symbol: the waves add coherently). Obstruction — the
/// direct wave weakened by `obstructionLossDB` (a roof edge: ITU-R P.526 knife-edge loss at
/// ν ≈ 0.5–1 is 10–14 dB) so that a reflection can carry the bearing — has probability
/// 0.02 / 0.10 / 0.25: assumed. TR 38.901's LOS probabilities for a 10 m mast at 300 m (RMa
/// 0.75, UMi 0.06, UMa 0.07) bound it from the pessimistic side; over-rooftop diffraction,
/// which arrives near the true azimuth, makes most non-LOS links DF-able in practice.
public struct MultipathProfile: Sendable, Equatable {
    public var kFactorMeanDB: Double
    public var kFactorSigmaDB: Double
    public var azimuthSpreadDegrees: Double
    public var delaySpreadSeconds: Double
    public var clusters: Int
    public var obstructionProbability: Double
    public var obstructionLossDB: Double

    public init(
        kFactorMeanDB: Double,
        kFactorSigmaDB: Double,
        azimuthSpreadDegrees: Double,
        delaySpreadSeconds: Double,
        clusters: Int,
        obstructionProbability: Double,
        obstructionLossDB: Double = 12
    ) {
        self.kFactorMeanDB = kFactorMeanDB
        self.kFactorSigmaDB = kFactorSigmaDB
        self.azimuthSpreadDegrees = azimuthSpreadDegrees
        self.delaySpreadSeconds = delaySpreadSeconds
        self.clusters = clusters
        self.obstructionProbability = obstructionProbability
        self.obstructionLossDB = obstructionLossDB
    }

    public static func environment(_ e: RiskScene.Environment) -> MultipathProfile {
        switch e {
        case .open:
            return .init(
                kFactorMeanDB: 7,
                kFactorSigmaDB: 4,
                azimuthSpreadDegrees: 33,
                delaySpreadSeconds: 32e-9,
                clusters: 11,
                obstructionProbability: 0.02
            )
        case .suburban:
            return .init(
                kFactorMeanDB: 9,
                kFactorSigmaDB: 5,
                azimuthSpreadDegrees: 51,
                delaySpreadSeconds: 62e-9,
                clusters: 12,
                obstructionProbability: 0.10
            )
        case .dense:
            return .init(
                kFactorMeanDB: 9,
                kFactorSigmaDB: 3.5,
                azimuthSpreadDegrees: 65,
                delaySpreadSeconds: 111e-9,
                clusters: 12,
                obstructionProbability: 0.25
            )
        }
    }

    /// One (sensor, phone position): the reflected waves, relative to a direct wave arriving
    /// from `truthDegrees`, with their carrier phases fixed (a still phone and a still
    /// receiver see a static field).
    public func draw(truthDegrees: Double, _ rng: inout SeededGenerator) -> [ReflectionSpec] {
        drawPlace(truthDegrees: truthDegrees, &rng).reflections
    }

    /// The reflections and a generator for redrawing their phases: a receiver moved by more
    /// than half a wavelength (17 cm at 900 MHz) sees the same scatterers at new phases.
    func drawPlace(
        truthDegrees: Double,
        _ rng: inout SeededGenerator
    ) -> (reflections: [ReflectionSpec], obstructed: Bool) {
        let kDB = kFactorMeanDB + kFactorSigmaDB * rng.nextGaussian()
        let obstructed = rng.nextUnitDouble() < obstructionProbability
        let scatteredDB = -kDB + (obstructed ? obstructionLossDB : 0)
        let shares = (0..<clusters).map { _ in -log(max(rng.nextUnitDouble(), 1e-300)) }
        let total = shares.reduce(0, +)
        let reflections = shares.map { share in
            ReflectionSpec(
                azimuthDegrees: truthDegrees + azimuthSpreadDegrees * rng.nextGaussian(),
                excessDelaySeconds: -delaySpreadSeconds * log(max(rng.nextUnitDouble(), 1e-300)),
                relativeLevelDB: scatteredDB + Decibels.fromPowerRatio(share / total),
                phaseDegrees: 360 * rng.nextUnitDouble()
            )
        }
        return (reflections, obstructed)
    }
}

/// What the IQ level's multipath does to Watson-Watt bearings, as the measurement level
/// models it. A still receiver sees a static field: per (sensor, phone position) one static
/// error — a Gaussian site error for most places, a reflection bearing far off for a few. A
/// receiver moved by more than half a wavelength sees the same scatterers at new phases:
/// the part of the error set by the scatterers' layout stays (the geometric site error, which
/// decorrelates over tens of metres), the rest changes from look to look (fluctuation).
public struct SiteErrorStatistics: Sendable, Equatable {
    /// Static errors (degrees), one per simulated place.
    public var errorsDegrees: [Double]
    /// The RMS of the static errors within ±`outlierThresholdDegrees` (the site error, 1σ).
    public var siteErrorDegrees: Double
    /// The fraction of places whose static error exceeds the threshold (reflection bearings).
    public var reflectionProbability: Double
    /// The RMS of the static errors beyond the threshold.
    public var reflectionErrorRMSDegrees: Double
    /// The RMS over places of the mean error over looks moved by more than λ/2 (within the
    /// threshold): what averaging looks from a few metres apart leaves.
    public var geometricSiteErrorDegrees: Double
    /// The RMS of a moved look's error about its place's mean (within the threshold).
    public var fluctuationDegrees: Double
    /// The fraction of moved looks beyond the threshold.
    public var lookReflectionProbability: Double
}

public enum SiteErrorCalibration {
    /// An error beyond this is a reflection bearing, not a site error: 15° is three times the
    /// site error DF manuals quote for a town (Narda IDA: 5°).
    public static let outlierThresholdDegrees = 15.0

    /// Renders `places` seeded multipath scenes for `profile` at `snrDB` (high, so the
    /// random error is small next to the multipath's), with one Watson-Watt bearing on the
    /// hand-held Adcock for the static field and `movedLooks` more with the reflections'
    /// phases redrawn, and summarises their errors.
    public static func measure(
        _ profile: MultipathProfile,
        places: Int,
        movedLooks: Int = 4,
        snrDB: Double = 30,
        seed: UInt64
    ) throws -> SiteErrorStatistics {
        let errors = try Parallel.map(places) { i throws(SightlineError) -> [Double] in
            var rng = SeededGenerator(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            let truth = 360 * rng.nextUnitDouble()
            var reflections = profile.drawPlace(truthDegrees: truth, &rng).reflections
            var result: [Double] = []
            for look in 0...movedLooks {
                if look > 0 {
                    for r in reflections.indices { reflections[r].phaseDegrees = 360 * rng.nextUnitDouble() }
                }
                do {
                    let measured = try IQLevel.adcockBearing(
                        snrDB: snrDB,
                        azimuthDegrees: truth,
                        reflections: reflections,
                        seed: rng.next()
                    )
                    result.append(remainder(measured - truth, 360))
                } catch let e as SightlineError {
                    throw e
                } catch {
                    throw SightlineError(.invalidValue, location: "site error calibration", message: "\(error)")
                }
            }
            return result
        }
        return summarise(errors)
    }

    /// `looks[i]`: place i's static error, then its moved looks.
    static func summarise(_ looks: [[Double]]) -> SiteErrorStatistics {
        let t = outlierThresholdDegrees
        func rms(_ x: [Double]) -> Double {
            x.isEmpty ? 0 : (x.reduce(0) { $0 + $1 * $1 } / Double(x.count)).squareRoot()
        }
        let errors = looks.map { $0[0] }
        let inliers = errors.filter { abs($0) <= t }
        let outliers = errors.filter { abs($0) > t }
        var means: [Double] = []
        var deviations: [Double] = []
        var movedOutliers = 0
        var moved = 0
        for l in looks where l.count > 1 {
            let m = Array(l.dropFirst())
            moved += m.count
            let good = m.filter { abs($0) <= t }
            movedOutliers += m.count - good.count
            guard good.count >= 2 else { continue }
            let mean = good.reduce(0, +) / Double(good.count)
            means.append(mean)
            // The deviations about a mean of n have n − 1 degrees of freedom.
            let scale = (Double(good.count) / Double(good.count - 1)).squareRoot()
            deviations += good.map { ($0 - mean) * scale }
        }
        // The mean of n looks still carries fluctuation²/n: take it out of the geometric part.
        let n = Double(max((looks.first?.count ?? 1) - 1, 1))
        let fluctuation = rms(deviations)
        let geometric = max(0, rms(means) * rms(means) - fluctuation * fluctuation / n).squareRoot()
        return SiteErrorStatistics(
            errorsDegrees: errors,
            siteErrorDegrees: rms(inliers),
            reflectionProbability: Double(outliers.count) / Double(max(errors.count, 1)),
            reflectionErrorRMSDegrees: rms(outliers),
            geometricSiteErrorDegrees: geometric,
            fluctuationDegrees: fluctuation,
            lookReflectionProbability: Double(movedOutliers) / Double(max(moved, 1))
        )
    }
}
