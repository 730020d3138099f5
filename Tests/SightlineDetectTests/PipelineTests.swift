import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import SightlineDetect
import SightlineRF
import SightlineSignals
import Testing

@Suite struct PipelineTests {
    static func stream(
        _ scene: Scene,
        options: DetectionPipeline.Options? = nil
    ) throws -> (DetectionPipeline.Result, [SigMFAnnotation]) {
        let synth = try SceneSynthesizer(scene: scene)
        let result = try DetectionPipeline.run(
            sampleRateHz: scene.sampleRateHz,
            centerFrequencyHz: scene.centerFrequencyHz,
            options: options ?? .defaults(sampleRateHz: scene.sampleRateHz)
        ) { synth.render(into: $0) }
        return (result, synth.annotations())
    }

    /// A GSM call at 10 dB per-burst SNR (burst power over the noise in its 200 kHz channel),
    /// 2 MS/s, default detector (CA, Pfa 1e−6): every burst found, each start within 50 µs of
    /// the truth, the frequency within one bin, and one tdma-burst emission with period
    /// 4.615 ms ± 1 % and duty cycle near 1/8.
    @Test(arguments: [UInt64(1), 2, 3])
    func gsmCallAt10dB(seed: UInt64) throws {
        let scene = try SceneFile.parse(
            """
            sample_rate_hz: 2000000
            center_frequency_hz: 902400000
            duration_s: 0.3
            seed: \(seed)
            sources:
              - id: phone
                waveform: {type: gsm-uplink, arfcn: 62, timeslot: 2}
                snr_db: 10
            """,
            path: "gsm.yaml"
        )
        let (result, truth) = try Self.stream(scene)
        #expect(truth.count == 65)
        let score = DetectionScore.score(
            result.detections,
            annotations: truth,
            sampleRateHz: 2e6,
            toleranceHz: result.binHz
        )
        #expect(score.matched == truth.count, "missed \(score.missed)")
        #expect(score.falseAlarms == 0)
        #expect((score.startErrors.max() ?? 1) <= 50e-6, "worst start error \(score.startErrors.max() ?? 0)")
        for d in result.detections { #expect(abs(d.frequencyHz - 902.4e6) <= result.binHz) }
        let tdma = result.emissions.filter { $0.kind == .tdmaBurst }
        #expect(result.emissions.count == 1 && tdma.count == 1)
        let period = try #require(tdma.first?.periodSeconds)
        #expect(abs(period / GSMChannel.frameSeconds - 1) < 0.01)
        #expect(abs((tdma.first?.dutyCycle ?? 0) - 0.125) < 0.03)
    }

    /// Ten seconds of receiver noise at 2 MS/s (10⁷ cells) at Pfa 1e−6: about ten single-cell
    /// hits, none of which lasts the minimum three cell rows, so no detection and no
    /// emission.
    @Test func noFalseEmissionInTenSecondsOfNoise() throws {
        let scene = Scene(sampleRateHz: 2e6, centerFrequencyHz: 902.4e6, durationSeconds: 10, seed: 9)
        let (result, _) = try Self.stream(scene)
        #expect(result.cellRows > 300_000)
        #expect(result.emissions.isEmpty, "\(result.emissions)")
        #expect(result.detections.isEmpty)
    }

    /// A continuous carrier and a barrage jammer (far enough apart that neither sits in the
    /// other's training cells) are classified as such.
    @Test func classifiesContinuousAndNoiseLike() throws {
        let scene = try SceneFile.parse(
            """
            sample_rate_hz: 2000000
            center_frequency_hz: 947400000
            duration_s: 0.05
            sources:
              - id: bcch
                waveform: {type: gsm-downlink, offset_hz: -700000}
                snr_db: 15
              - id: jammer
                waveform: {type: barrage-noise, offset_hz: 600000, bandwidth_hz: 400000}
                snr_db: 15
            """,
            path: "mix.yaml"
        )
        let (result, _) = try Self.stream(scene)
        let kinds = Dictionary(grouping: result.emissions, by: { $0.frequencyHz < 947.4e6 }).mapValues {
            $0.map(\.kind)
        }
        #expect(kinds[true] == [.continuous], "\(result.emissions)")
        #expect(kinds[false] == [.noiseLike], "\(result.emissions)")
    }
}
