import Foundation
import SightlineCore
import SightlineRF
import Testing

@Suite struct PathLossTests {
    /// ITU-R P.525 at 900 MHz: 91.5 dB at 1 km and 111.5 dB at 10 km (the issue's check, ±0.05 dB).
    @Test func freeSpaceAt900MHz() throws {
        let one = try PathLossModel.fspl.lossDB(PathGeometry(frequencyHz: 900e6, distanceMeters: 1000))
        let ten = try PathLossModel.fspl.lossDB(PathGeometry(frequencyHz: 900e6, distanceMeters: 10_000))
        #expect(abs(one - 91.5) <= 0.05)
        #expect(abs(ten - 111.5) <= 0.05)
        // Definition check: 20·log10(4πd/λ) with c exact.
        let lambda = SpeedOfLight.metersPerSecond / 900e6
        #expect(abs(one - 20 * log10(4 * Double.pi * 1000 / lambda)) < 0.01)
    }

    /// Okumura–Hata against ns-3's independent implementation: its okumura-hata test suite
    /// (src/propagation/test/okumura-hata-test-suite.cc, reference values from its Octave
    /// scripts) gives, for 869 MHz, 2 km, hb 30 m, hm 1 m: urban small/medium city 137.88 dB,
    /// urban large city 137.93 dB, suburban 128.03 dB; and with COST-231 at 2114 MHz (beyond
    /// COST-231's 2000 MHz, so extrapolated), medium city 150.64 dB. Tolerance 0.1 dB as
    /// theirs.
    @Test func hataAndCost231MatchNs3() throws {
        let g = PathGeometry(frequencyHz: 869e6, distanceMeters: 2000, txHeightMeters: 30, rxHeightMeters: 1)
        #expect(abs(try PathLossModel.hataUrban.lossDB(g) - 137.88) <= 0.1)
        #expect(abs(try PathLossModel.hataUrbanLarge.lossDB(g) - 137.93) <= 0.1)
        #expect(abs(try PathLossModel.hataSuburban.lossDB(g) - 128.03) <= 0.1)
        var c = g
        c.frequencyHz = 2114e6
        #expect(abs(try PathLossModel.cost231.lossDB(c, allowExtrapolation: true) - 150.64) <= 0.1)
        #expect(throws: SightlineError.self) { try PathLossModel.cost231.lossDB(c) }
        // Metropolitan centres add C = 3 dB (COST 231 final report §4.4.1).
        c.frequencyHz = 1800e6
        #expect(abs(try PathLossModel.cost231Metro.lossDB(c) - PathLossModel.cost231.lossDB(c) - 3) < 1e-9)
    }

    /// Hata's open-area correction is −4.78(log f)² + 18.33·log f − 40.94 relative to the
    /// small-city urban loss; suburban −2(log(f/28))² − 5.4 (Hata 1980, eqs. (2)–(3)).
    @Test func hataCorrectionsAndSlope() throws {
        let f = 900.0
        let g = PathGeometry(frequencyHz: f * 1e6, distanceMeters: 5000, txHeightMeters: 50, rxHeightMeters: 1.5)
        let urban = try PathLossModel.hataUrban.lossDB(g)
        #expect(
            abs(try PathLossModel.hataOpen.lossDB(g) - (urban - 4.78 * pow(log10(f), 2) + 18.33 * log10(f) - 40.94))
                < 1e-9
        )
        // Distance slope: 44.9 − 6.55·log10(hb) dB per decade.
        var far = g
        far.distanceMeters = 50_000 / 2.5  // 20 km
        let perDecade = (try PathLossModel.hataUrban.lossDB(far) - urban) / log10(4)
        #expect(abs(perDecade - (44.9 - 6.55 * log10(50))) < 1e-9)
    }

    /// Two-ray ground reflection: beyond the crossover distance the loss tends to
    /// 40·log10 d − 20·log10(hₜhᵣ) (Rappaport eq. 4.52), and it never beats free space by more
    /// than 6 dB (two rays in phase).
    @Test func twoRayLimits() throws {
        let g = PathGeometry(frequencyHz: 900e6, distanceMeters: 50_000, txHeightMeters: 30, rxHeightMeters: 1.5)
        let asymptote = 40 * log10(50_000.0) - 20 * log10(30 * 1.5)
        #expect(abs(try PathLossModel.twoRay.lossDB(g) - asymptote) < 0.1)
        for d in stride(from: 10.0, through: 5000, by: 7) {
            let near = PathGeometry(frequencyHz: 900e6, distanceMeters: d, txHeightMeters: 30, rxHeightMeters: 1.5)
            let fs = try PathLossModel.fspl.lossDB(near)
            #expect(try PathLossModel.twoRay.lossDB(near) >= fs - 6.03)
        }
    }

    @Test func logDistanceSlope() throws {
        let g = PathGeometry(
            frequencyHz: 900e6,
            distanceMeters: 1000,
            pathLossExponent: 3.5,
            referenceDistanceMeters: 100
        )
        let ref = PathLossModel.freeSpace(frequencyMHz: 900, distanceKm: 0.1)
        #expect(abs(try PathLossModel.logDistance.lossDB(g) - (ref + 35)) < 1e-9)
    }

    /// Out-of-range and unphysical inputs are errors that name the field.
    @Test func badInputs() {
        let ok = PathGeometry(frequencyHz: 900e6, distanceMeters: 2000)
        for (model, g, field) in [
            (PathLossModel.fspl, PathGeometry(frequencyHz: 900e6, distanceMeters: -1), "distance"),
            (.hataUrban, PathGeometry(frequencyHz: 2400e6, distanceMeters: 2000), "frequency"),
            (.hataUrban, PathGeometry(frequencyHz: 900e6, distanceMeters: 50_000), "distance"),
            (.hataUrban, PathGeometry(frequencyHz: 900e6, distanceMeters: 2000, txHeightMeters: 10), "tx-height-m"),
            (.twoRay, PathGeometry(frequencyHz: 900e6, distanceMeters: 2000, rxHeightMeters: 0), "rx-height-m"),
            (.fspl, PathGeometry(frequencyHz: .nan, distanceMeters: 2000), "frequency"),
        ] {
            do {
                _ = try model.lossDB(g)
                Issue.record("\(model) accepted \(g)")
            } catch let e as SightlineError {
                #expect(e.field == field, "\(e)")
            } catch { Issue.record("\(error)") }
        }
        #expect((try? PathLossModel.hataUrban.lossDB(ok)) != nil)
    }
}

@Suite struct KnifeEdgeTests {
    /// ITU-R P.526 eq. (31): J(0) ≈ 6.0 dB; J → 0 at the approximation's edge v = −0.78; and
    /// for large v it approaches 13 + 20·log10 v (P.526 §4.1's asymptote, within 0.2 dB at v ≥ 5).
    @Test func jOfV() {
        #expect(abs(KnifeEdge.lossDB(v: 0) - 6.0) < 0.1)
        #expect(abs(KnifeEdge.lossDB(v: -0.78)) < 0.01)
        #expect(KnifeEdge.lossDB(v: -2) == 0)
        for v in [5.0, 8, 20] {
            #expect(abs(KnifeEdge.lossDB(v: v) - (13 + 20 * log10(v))) < 0.2)
        }
        // Values of eq. (31) at v = 1 and 2.4 worked by hand: 13.93 and 20.54 dB.
        #expect(abs(KnifeEdge.lossDB(v: 1) - 13.93) < 0.01)
        #expect(abs(KnifeEdge.lossDB(v: 2.4) - 20.54) < 0.01)
    }

    @Test func parameterFromGeometry() {
        // h = 10 m, d1 = d2 = 1 km, λ = 1/3 m: v = 10·√(6·0.002) = 1.0954.
        let v = KnifeEdge.parameter(heightMeters: 10, d1Meters: 1000, d2Meters: 1000, wavelengthMeters: 1.0 / 3)
        #expect(abs(v - 10 * (0.012).squareRoot()) < 1e-12)
    }
}
