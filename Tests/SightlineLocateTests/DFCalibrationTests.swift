import Foundation
import Numerics
import SightlineCore
import SightlineRF
import SightlineSignals
import Testing

@testable import SightlineLocate

/// The IQ level for direction finders: one source synthesized by the scene engine (every
/// sample, thermal noise at kTBF, the real waveform), received on `array`, then channelised
/// to `bandwidthHz` around the source exactly as `sightline bearing` does.
enum IQBearing {
    static let sampleRateHz = 2_000_000.0
    static let centreHz = 902.4e6

    struct Capture {
        var decimated: [Complex<Float>]
        var fast: [Complex<Float>]
        var span: BearingJob.Span
        var array: AntennaArray
        var sampleRateHz: Double
    }

    /// One GSM uplink burst (or `seconds` of another waveform) at per-channel `snrDB` (in
    /// the 200 kHz channel, like the IQ level of the risk engine) from `azimuthDegrees`.
    static func capture(
        _ geometry: AntennaArray.Geometry,
        waveform: WaveformSpec = .gsmUplink(timeslot: 0, trainingSequence: 0),
        snrDB: Double,
        azimuthDegrees: Double,
        seed: UInt64,
        seconds: Double = 0.000577,
        bandwidthHz: Double = 200_000,
        fast: Bool = false,
        sampleRateHz: Double = IQBearing.sampleRateHz
    ) throws -> Capture {
        // A GSM uplink in timeslot 0 sends its first burst 15–561 µs into the scene (frames
        // count from scene time 0), so one timeslot of scene holds it.
        let carrier = centreHz + 200e3
        let isGSM: Bool = {
            if case .gsmUplink = waveform { return true }
            return false
        }()
        let on = isGSM ? GSMChannel.timeslotSeconds : seconds
        let source = Source(
            id: "phone",
            waveform: waveform,
            frequencyHz: carrier,
            bearingDegrees: azimuthDegrees,
            power: .snr(dB: snrDB, bandwidthHz: 200_000),
            startSeconds: 0,
            stopSeconds: on
        )
        let scene = Scene(
            sampleRateHz: sampleRateHz,
            centerFrequencyHz: centreHz,
            durationSeconds: on + 0.00005,
            seed: seed,
            receiver: Receiver(array: geometry),
            sources: [source]
        )
        let synth = try SceneSynthesizer(scene: scene, seed: seed)
        let samples = synth.renderAll()
        let m = synth.channelCount
        let burst = synth.annotations()[0]
        let raw = Array(samples[(burst.sampleStart * m)..<((burst.sampleStart + burst.sampleCount) * m)])
        let span = BearingJob.Span(
            startSeconds: Double(burst.sampleStart) / sampleRateHz,
            durationSeconds: Double(burst.sampleCount) / sampleRateHz,
            frequencyHz: carrier,
            bandwidthHz: bandwidthHz
        )
        let x = BearingJob.channelise(
            raw,
            channels: m,
            sampleRateHz: sampleRateHz,
            firstSample: burst.sampleStart,
            offsetHz: carrier - centreHz,
            bandwidthHz: bandwidthHz
        )
        let f =
            fast
            ? BearingJob.channelise(
                raw,
                channels: m,
                sampleRateHz: sampleRateHz,
                firstSample: burst.sampleStart,
                offsetHz: carrier - centreHz,
                bandwidthHz: bandwidthHz,
                decimate: false
            ) : []
        return Capture(
            decimated: x,
            fast: f,
            span: span,
            array: AntennaArray(geometry, frequencyHz: carrier),
            sampleRateHz: sampleRateHz
        )
    }

    static func bearing(
        _ c: Capture,
        method: BearingJob.Method,
        options: BearingJob.Options = .init()
    ) throws -> MeasuredBearing {
        try BearingJob.bearings(
            snapshots: c.decimated,
            fastSnapshots: { c.fast },
            sampleRateHz: c.sampleRateHz,
            array: c.array,
            method: method,
            span: c.span,
            sensor: (0, 0),
            options: options
        )[0]
    }

    /// RMSE of the bearing and the RMS of its reported sigma over `trials` bursts from
    /// uniformly random azimuths.
    static func calibration(
        _ geometry: AntennaArray.Geometry,
        method: BearingJob.Method,
        snrDB: Double,
        trials: Int,
        seed: UInt64,
        waveform: WaveformSpec = .gsmUplink(timeslot: 0, trainingSequence: 0)
    ) throws
        -> (rmse: Double, sigma: Double)
    {
        var rng = SeededGenerator(seed: seed)
        var error2 = 0.0
        var sigma2 = 0.0
        for _ in 0..<trials {
            let az = 360 * rng.nextUnitDouble()
            let c = try capture(
                geometry,
                waveform: waveform,
                snrDB: snrDB,
                azimuthDegrees: az,
                seed: rng.next(),
                fast: method == .pseudoDoppler
            )
            let b = try bearing(c, method: method)
            error2 += pow(remainder(b.azimuthDegrees - az, 360), 2)
            sigma2 += b.sigmaDegrees * b.sigmaDegrees
        }
        return ((error2 / Double(trials)).squareRoot(), (sigma2 / Double(trials)).squareRoot())
    }
}

/// The Watson-Watt and pseudo-Doppler sigmas against the RMSE they claim, at the IQ level:
/// 300 GSM bursts per SNR from uniformly random azimuths, each synthesized, channelised and
/// put through `BearingJob` as `sightline bearing` does. The ratio RMSE / RMS(sigma) must lie
/// in 0.8–1.25 at 0, 10 and 20 dB. An RMSE from 300 near-Gaussian errors has a relative σ
/// of 1/√600 = 4.1 %, so a calibrated sigma (true ratio 1) passes with more than 3σ to
/// spare on either side; the old sigmas (Watson-Watt 3.5–3.8× the RMSE, pseudo-Doppler a
/// single-snapshot CRB) cannot. `scripts/df-sigma-calibration.sh` prints the table.
@Suite struct DFCalibrationTests {
    static let snrs = [0.0, 10, 20]

    @Test(arguments: snrs)
    func watsonWattSigmaMatchesItsRMSE(snrDB: Double) throws {
        let r = try IQBearing.calibration(
            .adcock(radiusMeters: 0.08),
            method: .watsonWatt,
            snrDB: snrDB,
            trials: 300,
            seed: 9000 + UInt64(snrDB)
        )
        print(
            String(
                format: "calibration watson-watt %4.0f dB: RMSE %.4f° sigma %.4f° RMSE/sigma %.3f",
                snrDB,
                r.rmse,
                r.sigma,
                r.rmse / r.sigma
            )
        )
        #expect(
            r.rmse / r.sigma >= 0.8 && r.rmse / r.sigma <= 1.25,
            "watson-watt at \(snrDB) dB: RMSE \(r.rmse)° vs sigma \(r.sigma)°"
        )
    }

    @Test(arguments: snrs)
    func pseudoDopplerSigmaMatchesItsRMSE(snrDB: Double) throws {
        let r = try IQBearing.calibration(
            .uca(elements: 8, radiusMeters: 0.15),
            method: .pseudoDoppler,
            snrDB: snrDB,
            trials: 300,
            seed: 9100 + UInt64(snrDB)
        )
        print(
            String(
                format: "calibration pseudo-doppler %4.0f dB: RMSE %.4f° sigma %.4f° RMSE/sigma %.3f",
                snrDB,
                r.rmse,
                r.sigma,
                r.rmse / r.sigma
            )
        )
        #expect(
            r.rmse / r.sigma >= 0.8 && r.rmse / r.sigma <= 1.25,
            "pseudo-doppler at \(snrDB) dB: RMSE \(r.rmse)° vs sigma \(r.sigma)°"
        )
    }

    /// The bandwidth check: GSM at 2 MS/s on 8 elements (commutation 250 kHz) passes with no
    /// warning; 200 kHz of noise at 1 MS/s (commutation 125 kHz) is wider than the
    /// commutation: a warning, still resolved; 1.6 MHz of noise at 2 MS/s is more than twice
    /// it: unresolved (the issue: a wideband source read 148° for 200° with no warning).
    @Test func pseudoDopplerBandwidthCheck() throws {
        let uca = AntennaArray.Geometry.uca(elements: 8, radiusMeters: 0.15)
        let gsm = try IQBearing.bearing(
            IQBearing.capture(uca, snrDB: 20, azimuthDegrees: 200, seed: 1, fast: true),
            method: .pseudoDoppler
        )
        #expect(gsm.resolved && gsm.warnings.isEmpty, "\(gsm.warnings)")
        let narrow = try IQBearing.bearing(
            IQBearing.capture(
                uca,
                waveform: .spotNoise(bandwidthHz: 200_000),
                snrDB: 20,
                azimuthDegrees: 200,
                seed: 2,
                seconds: 0.002,
                fast: true,
                sampleRateHz: 1e6
            ),
            method: .pseudoDoppler
        )
        #expect(
            narrow.resolved && narrow.warnings.contains { $0.contains("wider than the commutation rate") },
            "\(narrow.warnings)"
        )
        let wide = try IQBearing.bearing(
            IQBearing.capture(
                uca,
                waveform: .barrageNoise(bandwidthHz: 1_600_000),
                snrDB: 20,
                azimuthDegrees: 200,
                seed: 3,
                seconds: 0.001,
                bandwidthHz: 2_000_000,
                fast: true
            ),
            method: .pseudoDoppler
        )
        #expect(
            !wide.resolved && wide.warnings.contains { $0.contains("more than twice the commutation rate") },
            "\(wide.warnings)"
        )
        // The occupied bandwidth itself: a tone reads 0 (within a bin), GSM about 160 kHz.
        let tone = try IQBearing.capture(
            uca,
            waveform: .tone,
            snrDB: 20,
            azimuthDegrees: 10,
            seed: 4,
            seconds: 0.001,
            fast: true
        )
        #expect(try PseudoDoppler.occupiedBandwidthHz(snapshots: tone.fast, elements: 8, sampleRateHz: 2e6) <= 31_250)
        let burst = try IQBearing.capture(uca, snrDB: 20, azimuthDegrees: 10, seed: 5, fast: true)
        let b = try PseudoDoppler.occupiedBandwidthHz(snapshots: burst.fast, elements: 8, sampleRateHz: 2e6)
        #expect(b > 100_000 && b < 250_000, "GSM: \(b) Hz")
    }
}
