import Foundation
import SightlineCore
import SightlineSignals
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 13: the measurement level's multipath errors come from the IQ level. Each
/// environment's TR 38.901 multipath (`MultipathProfile`) is rendered on the hand-held
/// Adcock and put through Watson-Watt at fresh seeds; the statistics must agree with the
/// constants `RiskScene.Environment.multipath` carries (measured at 1 500 places, seed 2013),
/// like the Pd and RMSE calibration tests.
@Suite struct SiteErrorCalibrationTests {
    @Test(arguments: RiskScene.Environment.allCases)
    func measurementLevelMatchesTheIQLevel(_ e: RiskScene.Environment) throws {
        let places = 300
        let s = try SiteErrorCalibration.measure(
            .environment(e),
            places: places,
            movedLooks: 3,
            seed: 31 + UInt64(RiskScene.Environment.allCases.firstIndex(of: e)!)
        )
        let m = e.multipath
        // Tolerances: about 3σ of each statistic over 300 places. The RMS of ~230 inlier
        // errors of σ ≈ 7° (heavier-tailed than Gaussian) has sd ≈ 0.45°; a proportion near
        // 0.2 over 300 places has sd 0.023 (moved looks are 900, correlated within a place:
        // the same); the geometric part, a difference of two RMS's, sd ≈ 0.4°; the RMS of
        // reflection errors (~60 of them, heavy-tailed up to 180°) sd ≈ 5°.
        #expect(abs(s.siteErrorDegrees - m.siteDegrees) <= 1.4, "\(e) site \(s.siteErrorDegrees)° vs \(m.siteDegrees)°")
        #expect(
            abs(s.reflectionProbability - m.reflectionProbability) <= 0.07,
            "\(e) reflections \(s.reflectionProbability) vs \(m.reflectionProbability)"
        )
        #expect(
            abs(s.geometricSiteErrorDegrees - m.geometricDegrees) <= 1.2,
            "\(e) geometric \(s.geometricSiteErrorDegrees)° vs \(m.geometricDegrees)°"
        )
        #expect(
            abs(s.fluctuationDegrees - m.fluctuationDegrees) <= 1.2,
            "\(e) fluctuation \(s.fluctuationDegrees)° vs \(m.fluctuationDegrees)°"
        )
        #expect(
            abs(s.lookReflectionProbability - m.lookReflectionProbability) <= 0.07,
            "\(e) look reflections \(s.lookReflectionProbability) vs \(m.lookReflectionProbability)"
        )
        #expect(
            abs(s.reflectionErrorRMSDegrees - m.reflectionErrorDegrees) <= 16,
            "\(e) reflection error \(s.reflectionErrorRMSDegrees)° vs \(m.reflectionErrorDegrees)°"
        )
    }

    /// The errors are the multipath's: with the reflections 40 dB down the same pipeline
    /// gives a site error under 1° and no reflection bearing; with the direct wave always
    /// obstructed, reflections carry most bearings.
    @Test func errorsComeFromTheReflections() throws {
        var weak = MultipathProfile.environment(.suburban)
        weak.kFactorMeanDB = 40
        weak.kFactorSigmaDB = 0
        weak.obstructionProbability = 0
        let clean = try SiteErrorCalibration.measure(weak, places: 60, movedLooks: 1, seed: 5)
        #expect(
            clean.siteErrorDegrees < 1 && clean.reflectionProbability == 0,
            "\(clean.siteErrorDegrees)°, \(clean.reflectionProbability)"
        )
        var blocked = MultipathProfile.environment(.suburban)
        blocked.obstructionProbability = 1
        blocked.obstructionLossDB = 20
        let bad = try SiteErrorCalibration.measure(blocked, places: 60, movedLooks: 1, seed: 5)
        #expect(bad.reflectionProbability > 0.5, "\(bad.reflectionProbability)")
    }

    /// A reflection in a scene file reaches the array: one wave 3 dB below the direct one,
    /// 60° off and in phase, pulls the Watson-Watt bearing towards it; the same wave in
    /// quadrature (a phase of 90°) barely moves it — the coherent sum, not a power average.
    @Test func aReflectionPullsTheBearing() throws {
        func error(phase: Double) throws -> Double {
            let r = ReflectionSpec(azimuthDegrees: 100, relativeLevelDB: -3, phaseDegrees: phase)
            return remainder(
                try IQLevel.adcockBearing(snrDB: 40, azimuthDegrees: 40, reflections: [r], seed: 3) - 40,
                360
            )
        }
        let inPhase = try error(phase: 0)
        let quadrature = try error(phase: 90)
        // Two unit-ish vectors 60° apart, weights 1 + ρ and ρ + ρ² (ρ = 0.71): the bearing
        // of their sum is ≈ 25° off; in quadrature the weights are 1 and ρ², ≈ 12°.
        #expect(inPhase > 15 && inPhase < 35, "\(inPhase)°")
        #expect(quadrature > 0 && quadrature < inPhase - 5, "\(quadrature)°")
    }
}
