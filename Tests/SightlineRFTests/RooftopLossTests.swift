import Testing

@testable import SightlineRF

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// COST 231 Walfisch–Ikegami (``RooftopLoss``), against the final report's formulae worked by
/// hand and the shape they imply.
@Suite struct RooftopLossTests {
    /// 900 MHz, 1 km, base 30 m over roofs 12 m high, mobile 1.5 m, streets 15 m wide, rows
    /// 30 m apart, street across the path, medium city. By hand (COST 231 final report §4.4.1):
    /// - L₀ = 32.4 + 20·log10 900 = 91.4849;
    /// - L_ori(90°) = 4.0 − 0.114·35 = 0.01; L_rts = −16.9 − 10·log10 15 + 10·log10 900 +
    ///   20·log10 10.5 + 0.01 = −16.9 − 11.7609 + 29.5424 + 20.4238 + 0.01 = 21.3153;
    /// - L_bsh = −18·log10 19 = −23.0177; k_a = 54; k_d·log10 1 = 0;
    ///   k_f = −4 + 0.7·(900/925 − 1) = −4.018919, times log10 900 = −11.8729;
    ///   −9·log10 30 = −13.2941; L_msd = 5.8153;
    /// - L = 91.4849 + 21.3153 + 5.8153 = 118.6155 dB.
    /// The 1e−3 dB tolerance is the rounding of the hand computation's four decimals.
    @Test func workedValue() {
        let town = RooftopLoss.Town(roofHeightMeters: 12, streetWidthMeters: 15, buildingSeparationMeters: 30)
        let l = RooftopLoss.lossDB(
            frequencyHz: 900e6,
            distanceMeters: 1000,
            baseHeightMeters: 30,
            mobileHeightMeters: 1.5,
            town: town
        )
        #expect(abs(l - 118.6155) < 1e-3, "\(l)")
    }

    /// L_ori at the ends of its three pieces: −10 at 0°, 2.5 at 35°, 4.0 at 55°, 0.01 at 90°.
    @Test func orientationTerm() {
        #expect(abs(RooftopLoss.orientationLossDB(0) + 10) < 1e-12)
        #expect(abs(RooftopLoss.orientationLossDB(35) - 2.5) < 1e-12)
        #expect(abs(RooftopLoss.orientationLossDB(55) - 4.0) < 1e-12)
        #expect(abs(RooftopLoss.orientationLossDB(90) - 0.01) < 1e-12)
        #expect(abs(RooftopLoss.orientationLossDB(54.999_999) - 4.0) < 1e-5)
    }

    /// Above the roofs the loss grows 20 + k_d = 38 dB per decade; a base below the roofs
    /// loses more, grows faster (k_d = 18 − 15·Δh_b/h_roof) and is continuous at 0.5 km,
    /// where k_a's two forms meet; raising the base lowers the loss.
    @Test func shape() {
        func loss(_ d: Double, _ hb: Double) -> Double {
            RooftopLoss.lossDB(frequencyHz: 902.4e6, distanceMeters: d, baseHeightMeters: hb, mobileHeightMeters: 1.5)
        }
        #expect(abs((loss(4000, 15) - loss(400, 15)) - 38) < 1e-9)
        let below = RooftopLoss.Town.borderTown.roofHeightMeters - 2
        let dhb = -2.0
        let slope = 20 + 18 - 15 * dhb / RooftopLoss.Town.borderTown.roofHeightMeters
        #expect(abs((loss(4000, below) - loss(1000, below)) - slope * log10(4)) < 1e-9)
        #expect(loss(1000, below) > loss(1000, 15))
        #expect(abs(loss(500 - 1e-6, below) - loss(500 + 1e-6, below)) < 1e-4)
        var last = Double.infinity
        for hb in stride(from: 7.0, through: 50, by: 1) {
            let l = loss(2000, hb)
            #expect(l < last, "raising the base to \(hb) m did not lower the loss")
            last = l
        }
        // Never less than free space (the final report writes its constant 32.4 for P.525's
        // 32.45: 0.05 dB, plus rounding).
        for d in [20.0, 50, 100, 1000, 5000] {
            #expect(loss(d, 50) >= PathLossModel.freeSpace(frequencyMHz: 902.4, distanceKm: d / 1000) - 0.05 - 1e-9)
        }
    }

    /// Through PathLossModel: the higher antenna is the base whichever end transmits, and the
    /// model refuses distances and heights beyond its validated range unless asked to
    /// extrapolate.
    @Test func throughThePathLossModel() throws {
        let up = PathGeometry(frequencyHz: 902.4e6, distanceMeters: 2000, txHeightMeters: 15, rxHeightMeters: 1.5)
        let down = PathGeometry(frequencyHz: 902.4e6, distanceMeters: 2000, txHeightMeters: 1.5, rxHeightMeters: 15)
        let direct = RooftopLoss.lossDB(
            frequencyHz: 902.4e6,
            distanceMeters: 2000,
            baseHeightMeters: 15,
            mobileHeightMeters: 1.5
        )
        #expect(try PathLossModel.cost231WI.lossDB(up) == direct)
        #expect(try PathLossModel.cost231WI.lossDB(down, allowExtrapolation: true) == direct)
        let far = PathGeometry(frequencyHz: 902.4e6, distanceMeters: 6000, txHeightMeters: 15, rxHeightMeters: 1.5)
        #expect(throws: (any Error).self) { try PathLossModel.cost231WI.lossDB(far) }
        #expect(try PathLossModel.cost231WI.lossDB(far, allowExtrapolation: true) > direct)
        let tall = PathGeometry(frequencyHz: 902.4e6, distanceMeters: 2000, txHeightMeters: 60, rxHeightMeters: 1.5)
        #expect(throws: (any Error).self) { try PathLossModel.cost231WI.lossDB(tall) }
    }
}
