import Foundation
import SightlineTestSupport
import Testing

@testable import SightlineRF

/// Street-level propagation (ITU-R P.1411 §4.3.1) and building entry loss (ITU-R P.2109),
/// against the ITU-R reference implementation and Study Group 3's validation values.
@Suite struct StreetLevelTests {
    /// Every one of 480 values (4 frequencies × 8 distances × 3 environments × 5 location
    /// percentages) from the reference MATLAB code run in Octave (scripts/make_p1411_fixture.sh)
    /// agrees to 1e−6 dB: both evaluate the same closed forms in double precision.
    @Test func p1411MatchesTheReferenceImplementation() throws {
        let doc = try Fixtures.json("p1411_lowheight.json")
        let values = try #require(doc["values"] as? [[String: Any]])
        #expect(values.count == 480)
        let environments: [StreetLevelLoss.Environment] = [.suburban, .urban, .dense]
        for v in values {
            let f = try #require(v["frequency_mhz"] as? Double)
            let d = try #require(v["distance_m"] as? Double)
            let index = try #require(v["environment"] as? Int)
            let env = environments[index - 1]
            let percent = try #require(v["p_percent"] as? Double)
            let expected = try #require(v["loss_db"] as? Double)
            let p = percent / 100
            let got = StreetLevelLoss.lossDB(frequencyHz: f * 1e6, distanceMeters: d, environment: env, probability: p)
            #expect(abs(got - expected) < 1e-6, "\(f) MHz \(d) m \(env) p \(p): \(got) vs \(expected)")
        }
    }

    /// The median falls 40 dB per decade beyond the line-of-sight region, is continuous
    /// through the transition, and at 900 MHz, 1 km, urban it is 9.5 + 45·log10 900 + 6.8
    /// = 149.24 dB, 28 dB more than free space's 91.5 + … (eq. 61 by hand).
    @Test func p1411ShapeAndWorkedValue() throws {
        let l1 = StreetLevelLoss.lossDB(frequencyHz: 900e6, distanceMeters: 1000, environment: .urban)
        #expect(abs(l1 - (9.5 + 45 * log10(900) + 6.8)) < 1e-9)
        let l10 = StreetLevelLoss.lossDB(frequencyHz: 900e6, distanceMeters: 100, environment: .urban)
        #expect(abs((l1 - l10) - 40) < 1e-9)
        let dLoS = StreetLevelLoss.lineOfSightDistanceMeters(probability: 0.5)
        for edge in [dLoS, dLoS + StreetLevelLoss.transitionMeters] {
            let below = StreetLevelLoss.lossDB(frequencyHz: 900e6, distanceMeters: edge - 1e-7, environment: .urban)
            let above = StreetLevelLoss.lossDB(frequencyHz: 900e6, distanceMeters: edge + 1e-7, environment: .urban)
            #expect(abs(below - above) < 1e-4, "discontinuity at \(edge) m")
        }
        // Through PathLossModel, with its validity checked.
        let g = PathGeometry(frequencyHz: 900e6, distanceMeters: 1000, txHeightMeters: 1.5, rxHeightMeters: 1.5)
        #expect(abs(try PathLossModel.p1411Urban.lossDB(g) - l1) < 1e-9)
        // Beyond its 3 km the model refuses, unless extrapolation is asked for.
        let far = PathGeometry(frequencyHz: 900e6, distanceMeters: 5000, txHeightMeters: 1.5, rxHeightMeters: 1.5)
        #expect(throws: (any Error).self) { try PathLossModel.p1411Urban.lossDB(far) }
        #expect(try PathLossModel.p1411Urban.lossDB(far, allowExtrapolation: true) > l1)
    }

    /// P.2109-1 against SG3's validation values (4 sets: 28 GHz at 0° and 2 GHz at 45°,
    /// traditional and thermally efficient; every 8th of 145 location percentages), within
    /// the 0.01 dB the reference implementation is validated to.
    @Test func p2109MatchesStudyGroupValidation() throws {
        let doc = try Fixtures.json("p2109_validation.json")
        let sets = try #require(doc["sets"] as? [[String: Any]])
        #expect(sets.count == 4)
        for s in sets {
            let f = try #require(s["frequency_ghz"] as? Double)
            let th = try #require(s["elevation_deg"] as? Double)
            let name = try #require(s["building"] as? String)
            let building = try #require(BuildingEntryLoss.Building(rawValue: name))
            let ps = try #require(s["p_percent"] as? [Double])
            let losses = try #require(s["loss_db"] as? [Double])
            for (p, expected) in zip(ps, losses) {
                let got = try BuildingEntryLoss.lossDB(
                    frequencyHz: f * 1e9,
                    probability: p / 100,
                    building: building,
                    elevationDegrees: th
                )
                #expect(abs(got - expected) < 0.01, "\(f) GHz \(th)° \(building) p \(p) %: \(got) vs \(expected)")
            }
        }
        // At 900 MHz a traditional building's median entry loss is about 12 dB, a
        // thermally efficient one's about 25 dB more (the Recommendation's Figure 1 order).
        let traditional = try BuildingEntryLoss.lossDB(frequencyHz: 900e6, probability: 0.5, building: .traditional)
        let efficient = try BuildingEntryLoss.lossDB(
            frequencyHz: 900e6,
            probability: 0.5,
            building: .thermallyEfficient
        )
        #expect(traditional > 9 && traditional < 15 && efficient > traditional + 10, "\(traditional) \(efficient)")
    }

    /// Φ⁻¹ inverts erfc-based Φ to 1e−12 across the range, tails included.
    @Test func normalQuantile() {
        for p in [1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.5, 0.9, 0.97575, 0.999, 1 - 1e-9] {
            let x = StandardNormal.quantile(p)
            #expect(abs(StandardNormal.cdf(x) / p - 1) < 1e-10, "\(p)")
        }
        #expect(abs(StandardNormal.quantile(0.975) - 1.959963984540054) < 1e-12)
    }
}
