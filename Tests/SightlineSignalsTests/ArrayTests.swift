import Foundation
import Numerics
import SightlineCore
import SightlineRF
import SightlineSignals
import Testing

@Suite struct ArrayTests {
    static let f = 900e6
    static var lambda: Double { SpeedOfLight.metersPerSecond / f }

    /// ULA (elements at x = k·d·λ along east): phase_k = 2π·k·d·sin θ·cos φ, to 1e−5 rad.
    @Test func ulaSteeringPhases() {
        let array = AntennaArray(.ula(elements: 8, spacingWavelengths: 0.5), frequencyHz: Self.f)
        for az in stride(from: 0.0, to: 360, by: 7.5) {
            for el in [0.0, 20.0] {
                let a = array.steeringVector(azimuthRadians: az * .pi / 180, elevationRadians: el * .pi / 180)
                for k in 0..<8 {
                    let expected = 2 * Double.pi * Double(k) * 0.5 * sin(az * .pi / 180) * cos(el * .pi / 180)
                    let got = atan2(a[k].imaginary, a[k].real)
                    let diff = remainder(got - expected, 2 * Double.pi)
                    #expect(abs(diff) < 1e-5 && abs(a[k].length - 1) < 1e-12)
                }
            }
        }
    }

    /// UCA (element k at azimuth γ_k = 2πk/M, radius R): phase_k = 2π(R/λ)·cos(θ − γ_k)·cos φ.
    @Test func ucaSteeringPhases() {
        let r = 0.3
        let array = AntennaArray(.uca(elements: 7, radiusMeters: r), frequencyHz: Self.f)
        for az in stride(from: 0.0, to: 360, by: 11.0) {
            let a = array.steeringVector(azimuthRadians: az * .pi / 180, elevationRadians: 10 * .pi / 180)
            for k in 0..<7 {
                let gamma = 2 * Double.pi * Double(k) / 7
                let expected = 2 * Double.pi * r / Self.lambda * cos(az * .pi / 180 - gamma) * cos(10 * .pi / 180)
                let diff = remainder(atan2(a[k].imaginary, a[k].real) - expected, 2 * Double.pi)
                #expect(abs(diff) < 1e-5)
            }
        }
    }

    /// Adcock (N, E, S, W at radius R, centre sense C): for a source at θ the difference
    /// pairs are N − S = 2j·sin(2πR cos θ/λ)·C and E − W = 2j·sin(2πR sin θ/λ)·C: the
    /// figure-of-eight cos/sin patterns Watson-Watt uses. Checked on generated 5-channel IQ
    /// (noise-free). Watson-Watt's atan2(E−W, N−S) then equals the analytic
    /// atan2(sin(kR sin θ), sin(kR cos θ)), k = 2π/λ, whose departure from θ (the octantal
    /// error of a finite aperture) stays below 2.5° for this 0.3 λ spacing.
    @Test func adcockPatternOnGeneratedChannels() throws {
        for bearing in stride(from: 0.0, to: 360, by: 30) {
            let (x, synth) = try renderAll(
                try yamlScene(
                    """
                    sample_rate_hz: 100000
                    center_frequency_hz: 900000000
                    duration_s: 0.001
                    receiver: {noise: false, array: "adcock:0.05"}
                    sources:
                      - id: s
                        waveform: {type: tone, offset_hz: 1000}
                        bearing_deg: \(bearing)
                        snr_db: 20
                    """
                )
            )
            #expect(synth.channelCount == 5)
            let k = 2.0 * Double.pi * 0.05 / Self.lambda
            let theta = bearing * .pi / 180
            var ns = Complex<Double>.zero
            var ew = Complex<Double>.zero
            for n in stride(from: 0, to: x.count / 5, by: 9) {
                func ch(_ c: Int) -> Complex<Double> {
                    Complex(Double(x[5 * n + c].real), Double(x[5 * n + c].imaginary))
                }
                let c = ch(4)
                let expectedNS = Complex(0, 2 * sin(k * cos(theta))) * c
                let expectedEW = Complex(0, 2 * sin(k * sin(theta))) * c
                #expect((ch(0) - ch(2) - expectedNS).length < 1e-4 * c.length + 1e-6)
                #expect((ch(1) - ch(3) - expectedEW).length < 1e-4 * c.length + 1e-6)
                // Watson-Watt: project the differences on j·C.
                let ref = Complex(0, 1) * c
                ns += (ch(0) - ch(2)) * ref.conjugate
                ew += (ch(1) - ch(3)) * ref.conjugate
            }
            let estimate = atan2(ew.real, ns.real) * 180 / .pi
            let analytic = atan2(sin(k * sin(theta)), sin(k * cos(theta))) * 180 / .pi
            #expect(abs(remainder(estimate - analytic, 360)) < 1e-3, "bearing \(bearing): \(estimate) vs \(analytic)")
            #expect(abs(remainder(estimate - bearing, 360)) < 2.5, "bearing \(bearing): \(estimate)")
        }
    }

    /// Per-element gain/phase errors have the requested spread (over 4000 draws: the sample
    /// standard deviation of the phase is within 5 % of 3°).
    @Test func elementErrors() {
        let e = ElementErrors(gainDBRMS: 0.5, phaseDegreesRMS: 3).draw(count: 4000, seed: 1)
        let phases = e.map { atan2($0.imaginary, $0.real) * 180 / .pi }
        let sd = (phases.reduce(0) { $0 + $1 * $1 } / Double(phases.count)).squareRoot()
        #expect(abs(sd / 3 - 1) < 0.05)
        let gains = e.map { 20 * log10($0.length) }
        let gsd = (gains.reduce(0) { $0 + $1 * $1 } / Double(gains.count)).squareRoot()
        #expect(abs(gsd / 0.5 - 1) < 0.05)
    }

    @Test func geometryParsing() throws {
        #expect(
            try AntennaArray.geometry(parsing: "ula:8:0.5", location: "x", field: "f")
                == .ula(elements: 8, spacingWavelengths: 0.5)
        )
        #expect(
            try AntennaArray.geometry(parsing: "uca:6:0.2", location: "x", field: "f")
                == .uca(elements: 6, radiusMeters: 0.2)
        )
        #expect(try AntennaArray.geometry(parsing: "adcock", location: "x", field: "f") == .adcock(radiusMeters: 0.08))
        let why = [
            "ula:1:0.5": "needs at least 2 elements and a positive spacing",
            "ula:8": "needs at least 2 elements and a positive spacing",
            "uca:2:1": "needs at least 3 elements and a positive radius", "ring:4": "unknown array kind",
            "adcock:-1": "needs a positive radius", "ula:8:nan": "needs at least 2 elements and a positive spacing",
        ]
        for (bad, reason) in why {
            #expect(
                throws: SightlineError(
                    .invalidValue,
                    location: "x",
                    field: "f",
                    message: "\"\(bad)\": \(reason)",
                    fix: "write ula:M:D (M elements, spacing D wavelengths), uca:M:R (radius R metres) or adcock[:R]"
                )
            ) {
                try AntennaArray.geometry(parsing: bad, location: "x", field: "f")
            }
        }
    }
}
