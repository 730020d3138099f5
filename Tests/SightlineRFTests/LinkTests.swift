import Foundation
import SightlineCore
import SightlineRF
import SightlineTestSupport
import Testing

@Suite struct AlbersheimTests {
    /// Pd 0.9, Pfa 1e−6, one pulse → 13.11 dB: Albersheim (1981) as evaluated in Richards,
    /// "Fundamentals of Radar Signal Processing" (2005), §6.2.3, and by MATLAB's
    /// albersheim(0.9, 1e-6) = 13.1145 dB. Pd 0.5 at the same Pfa: B = 0, so
    /// 9.9833·log10(ln(620000)) = 11.23 dB.
    @Test func referenceValues() throws {
        #expect(abs(try Albersheim.requiredSNRdB(pd: 0.9, pfa: 1e-6) - 13.1145) < 0.001)
        #expect(abs(try Albersheim.requiredSNRdB(pd: 0.5, pfa: 1e-6) - (6.2 + 4.54 / 1.2) * log10(log(620_000))) < 1e-9)
        // Integration helps: 10 pulses need much less per pulse (5·log10 N plus the coefficient).
        let ten = try Albersheim.requiredSNRdB(pd: 0.9, pfa: 1e-6, pulses: 10)
        #expect(ten < 13.1145 - 5 && ten > 13.1145 - 10)
    }

    @Test func inverseRoundTrips() throws {
        for pd in [0.1, 0.3, 0.5, 0.7, 0.9] {
            for n in [1.0, 8, 109, 4000] {
                let snr = try Albersheim.requiredSNRdB(pd: pd, pfa: 1e-5, pulses: n)
                #expect(abs(try Albersheim.detectionProbability(snrDB: snr, pfa: 1e-5, pulses: n) - pd) < 1e-12)
            }
        }
    }

    @Test func refusesOutsideValidity() {
        #expect(throws: SightlineError.self) { try Albersheim.requiredSNRdB(pd: 0.99, pfa: 1e-6) }
        #expect(throws: SightlineError.self) { try Albersheim.requiredSNRdB(pd: 0.9, pfa: 1e-9) }
        #expect(throws: SightlineError.self) { try Albersheim.requiredSNRdB(pd: 0.9, pfa: 1e-6, pulses: 10_000) }
        #expect((try? Albersheim.requiredSNRdB(pd: 0.99, pfa: 1e-6, allowExtrapolation: true)) != nil)
    }
}

@Suite struct RangeTests {
    static let budget = LinkBudget(txPowerDBm: 33, txLossesDB: 3, rxGainDBi: 2, noiseFigureDB: 8, bandwidthHz: 200e3)

    /// kTB: −174 + 53.01 + 8 = −112.97 dBm; EIRP 30 dBm.
    @Test func budgetArithmetic() {
        #expect(abs(Self.budget.noiseDBm - (-173.975 + 53.0103 + 8)) < 1e-3)
        #expect(Self.budget.eirpDBm == 30)
        #expect(abs(Self.budget.snrDB(pathLossDB: 120) - (30 - 120 + 2 - Self.budget.noiseDBm)) < 1e-12)
    }

    /// For every model, the solved range's loss equals the allowed loss within 0.01 dB, and
    /// more transmit power never gives less range.
    @Test(arguments: [PathLossModel.fspl, .logDistance, .hataUrban, .hataSuburban, .hataOpen, .twoRay])
    func solvedRangeIsConsistentAndMonotone(model: PathLossModel) throws {
        let path = PropagationPath(model: model, frequencyHz: 902.4e6, txHeightMeters: 40, rxHeightMeters: 1.5)
        var previous = 0.0
        for power in stride(from: -10.0, through: 33, by: 1) {
            var b = Self.budget
            b.txPowerDBm = power
            let allowed = b.allowedPathLossDB(requiredSNRdB: 9)
            let solution = try RangeSolver.largestDistance(domain: path.distanceDomainMeters, allowedLossDB: allowed) {
                try path.lossDB(distanceMeters: $0)
            }
            guard let d = solution.distanceMeters else { continue }
            #expect(d >= previous * (1 - 1e-9), "\(model) at \(power) dBm: \(d) < \(previous)")
            previous = d
            if !solution.limitedByDomain {
                #expect(abs(try path.lossDB(distanceMeters: d) - allowed) < 0.01, "\(model) at \(power) dBm")
            }
        }
        #expect(previous > 0)
    }

    /// Free space in closed form: d = 10^((L − 32.45 − 20·log10 f_MHz)/20) km.
    @Test func freeSpaceRangeClosedForm() throws {
        let path = PropagationPath(model: .fspl, frequencyHz: 900e6, txHeightMeters: 1.5, rxHeightMeters: 1.5)
        let s = try RangeSolver.largestDistance(domain: path.distanceDomainMeters, allowedLossDB: 111.5) {
            try path.lossDB(distanceMeters: $0)
        }
        let expected = pow(10, (111.5 - 32.45 - 20 * log10(900)) / 20) * 1000
        #expect(abs(try #require(s.distanceMeters) / expected - 1) < 1e-6)
    }

    /// Two-ray has interference nulls: the solver still returns the *largest* distance that
    /// closes, not the first crossing.
    @Test func nonMonotoneLossGivesLargestDistance() throws {
        let path = PropagationPath(model: .twoRay, frequencyHz: 900e6, txHeightMeters: 30, rxHeightMeters: 1.5)
        let allowed = 95.0
        let s = try RangeSolver.largestDistance(domain: 10...100_000, allowedLossDB: allowed) {
            try path.lossDB(distanceMeters: $0)
        }
        let d = try #require(s.distanceMeters)
        // Nothing beyond it closes (checked densely).
        for k in 1...2000 {
            let x = d * (1 + Double(k) * 0.002)
            if x > 100_000 { break }
            #expect(try path.lossDB(distanceMeters: x) > allowed - 1e-9)
        }
    }

    /// Jamming: the SINR at the denial radius is the required SINR; a jammer wider than the
    /// victim loses 10·log10(B_J/B_v) of its power; burn-through is consistent too.
    @Test func jammingConsistency() throws {
        let jammerPath = PropagationPath(
            model: .logDistance,
            frequencyHz: 947.4e6,
            txHeightMeters: 20,
            rxHeightMeters: 1.5,
            pathLossExponent: 3.5
        )
        let signalPath = PropagationPath(
            model: .hataSuburban,
            frequencyHz: 947.4e6,
            txHeightMeters: 40,
            rxHeightMeters: 1.5
        )
        let s = JammingScenario(
            jammerERPdBm: 50,
            jammerBandwidthHz: 25e6,
            jammerPath: jammerPath,
            signalEIRPdBm: 55,
            signalPath: signalPath,
            victimGainDBi: -3,
            victimNoiseFigureDB: 9
        )
        #expect(abs(s.jammerInBandERPdBm - (50 - 10 * log10(125))) < 1e-9)
        guard case .radius(let r, false) = try s.denialRadius(signalDistanceMeters: 10_000) else {
            Issue.record("expected a finite denial radius")
            return
        }
        #expect(abs(try s.sinrDB(jammerDistanceMeters: r, signalDistanceMeters: 10_000) - 9) < 0.01)
        #expect(try s.sinrDB(jammerDistanceMeters: r * 0.9, signalDistanceMeters: 10_000) < 9)
        #expect(try s.sinrDB(jammerDistanceMeters: r * 1.1, signalDistanceMeters: 10_000) > 9)
        let burn = try #require(try s.burnThroughDistance(jammerDistanceMeters: 3000).distanceMeters)
        #expect(abs(try s.sinrDB(jammerDistanceMeters: 3000, signalDistanceMeters: burn) - 9) < 0.01)
        // J/S by hand at 3 km: in-band ERP − 3 dB − L_J vs EIRP − 3 dB − L_S.
        let j = s.jammerInBandERPdBm - 3 - (try jammerPath.lossDB(distanceMeters: 3000))
        #expect(abs(try s.jammerDBm(jammerDistanceMeters: 3000) - j) < 1e-9)
        // A signal too weak for the noise alone is denied everywhere.
        var weak = s
        weak.signalDBm = -120
        #expect(try weak.denialRadius(signalDistanceMeters: 1) == .linkFailsWithoutJammer)
    }

    /// The presets' Markdown file is the code's table.
    @Test func presetsFileIsCurrent() throws {
        let file = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Signals/presets/README.md")
        #expect(try String(contentsOf: file, encoding: .utf8) == DevicePreset.markdown)
        for name in ["handset", "backpack", "handheld-df", "fixed-post", "border-jammer", "city-jammer"] {
            #expect(DevicePreset.named(name) != nil)
        }
    }
}
