import Foundation
import SightlineCore
import SightlineDSP
import SightlineDetect
import SightlineRF
import SightlineSignals
import SightlineTestSupport
import Testing

/// The default detector, with no options, on public captures made with real radios
/// (`Tests/Fixtures/real`, provenance in its README): what a person sees at a glance.
@Suite struct RealRecordingTests {
    static func detect(_ name: String) throws -> DetectionPipeline.Result {
        let meta = try SigMFMetadata.read(path: Fixtures.path("real/\(name).sigmf-meta"))
        return try DetectionPipeline.run(metadata: meta, options: .defaults(sampleRateHz: meta.sampleRateHz))
    }

    /// A channel-filtered GSM uplink (in-band noise 60–100 dB above the stopband): four
    /// bursts, one TDMA emission with GSM's frame period, each start within 50 µs of the
    /// envelope check's.
    @Test func channelFilteredUplink() throws {
        let r = try Self.detect("gsm-uplink-4bursts")
        #expect(r.detections.count == 4, "\(r.detections)")
        #expect(r.emissions.count == 1 && r.emissions.first?.kind == .tdmaBurst, "\(r.emissions)")
        let period = try #require(r.emissions.first?.periodSeconds)
        #expect(abs(period / GSMChannel.frameSeconds - 1) < 0.01, "period \(period)")
        for (d, truth) in zip(r.detections, [0.354e-3, 4.975e-3, 9.590e-3, 14.206e-3]) {
            #expect(abs(d.startSeconds - truth) <= 50e-6, "start \(d.startSeconds) vs \(truth)")
            #expect(abs(d.frequencyHz - 890.2e6) <= r.binHz)
            #expect(!d.stationary)
        }
    }

    /// A 4 MS/s downlink band: the three carriers are continuous emissions, the traffic
    /// bursts beside the 40 dB C0 are found, and the roll-off above 942.8 MHz gives nothing.
    @Test func multiCarrierBand() throws {
        let r = try Self.detect("gsmsp-941MHz-4Msps")
        for carrier in [939.4e6, 939.8e6, 941.0e6] {
            let near = r.emissions.filter { abs($0.frequencyHz - carrier) < 100e3 }
            #expect(
                near.count == 1 && near.first?.kind == .continuous && (near.first?.durationSeconds ?? 0) > 0.019,
                "carrier \(carrier): \(near)"
            )
        }
        // The bursts (≈8.05 ms at 941.8 MHz, 1.75 ms long; ≈18.4 ms at 941.4 MHz).
        let b8 = r.detections.filter {
            abs($0.frequencyHz - 941.8e6) < 100e3 && abs($0.startSeconds - 8.05e-3) < 0.3e-3
        }
        #expect(b8.count == 1 && abs((b8.first?.durationSeconds ?? 0) - 1.75e-3) < 0.2e-3, "\(b8)")
        let b18 = r.detections.filter {
            abs($0.frequencyHz - 941.4e6) < 100e3 && abs($0.startSeconds - 18.4e-3) < 0.3e-3
        }
        #expect(b18.count == 1, "\(r.detections)")
        #expect(
            !r.detections.contains { $0.frequencyHz > 942.8e6 },
            "\(r.detections.filter { $0.frequencyHz > 942.8e6 })"
        )
        // A burst is not classified as a carrier.
        #expect(r.emissions.filter { $0.kind == .continuous }.count == 3, "\(r.emissions)")
    }

    /// A C0 (BCCH) carrier alone, 1 MS/s and 500 kS/s: one continuous emission at it.
    @Test(arguments: [("gsmsp-953.6MHz-1Msps", 953.6e6, 0.08), ("gsmsp-941MHz-500ksps", 941.0e6, 0.16)])
    func singleCarrier(name: String, frequencyHz: Double, seconds: Double) throws {
        let r = try Self.detect(name)
        #expect(r.emissions.count == 1, "\(r.emissions)")
        let e = try #require(r.emissions.first)
        #expect(e.kind == .continuous && abs(e.frequencyHz - frequencyHz) < 50e3 && e.durationSeconds > 0.95 * seconds)
    }
}

/// Synthetic versions of each real-capture failure, at several sample rates.
@Suite struct RealCaptureFailureTests {
    static func stream(
        _ yaml: String,
        options: DetectionPipeline.Options? = nil
    ) throws
        -> (DetectionPipeline.Result, [SigMFAnnotation], DetectionScore)
    {
        let scene = try SceneFile.parse(yaml, path: "scene.yaml")
        let (r, truth) = try PipelineTests.stream(scene, options: options)
        let score = DetectionScore.score(
            r.detections,
            annotations: truth,
            sampleRateHz: scene.sampleRateHz,
            toleranceHz: r.binHz
        )
        return (r, truth, score)
    }

    /// A GSM uplink through a ±120 kHz channel filter with a 90 dB stopband (the noise too):
    /// every burst found one-to-one, nothing else, one TDMA emission — at four sample rates.
    @Test(arguments: [1_083_333.0, 2_000_000, 4_000_000, 8_000_000])
    func channelFilteredUplink(sampleRateHz: Double) throws {
        let (r, truth, score) = try Self.stream(
            """
            sample_rate_hz: \(sampleRateHz)
            center_frequency_hz: 890200000
            duration_s: 0.05
            seed: 12
            receiver: {filter: {passband_hz: 240000, stopband_db: 90, transition_hz: 60000}}
            sources:
              - id: phone
                waveform: {type: gsm-uplink, arfcn: 1, timeslot: 3}
                snr_db: 30
            """
        )
        #expect(truth.count >= 10)
        #expect(
            score.found == truth.count && score.falseAlarms == 0 && score.merged == 0 && score.fragments == 0,
            "\(sampleRateHz): \(score)"
        )
        #expect((score.maxStartErrorSeconds ?? 1) <= 50e-6, "\(score.startErrors)")
        #expect(r.emissions.count == 1 && r.emissions.first?.kind == .tdmaBurst, "\(r.emissions)")
        #expect(!r.detections.contains { $0.stationary })
    }

    /// A weak burst two channels from a carrier 40 dB up (its training cells in a sliding
    /// window would hold the carrier): found, and the carrier is one continuous emission.
    @Test(arguments: [UInt64(3), 4])
    func weakBurstBesideStrongCarrier(seed: UInt64) throws {
        let yaml = """
            sample_rate_hz: 2000000
            center_frequency_hz: 941000000
            duration_s: 0.05
            seed: \(seed)
            sources:
              - id: c0
                waveform: {type: gsm-downlink, offset_hz: 0}
                snr_db: 40
              - id: phone
                waveform: {type: gsm-uplink, offset_hz: 400000, timeslot: 1}
                snr_db: 19
            """
        let (r, truth, _) = try Self.stream(yaml)
        let bursts = truth.filter { $0.sourceID == "phone" }
        let phoneHits = r.detections.filter { abs($0.frequencyHz - 941.4e6) < 100e3 }
        let score = DetectionScore.score(phoneHits, annotations: bursts, sampleRateHz: 2e6, toleranceHz: r.binHz)
        #expect(score.found == bursts.count && score.falseAlarms == 0, "\(score)")
        let carrier = r.emissions.filter { abs($0.frequencyHz - 941.0e6) < 100e3 }
        #expect(carrier.count == 1 && carrier.first?.kind == .continuous, "\(r.emissions)")
        #expect(
            r.emissions.filter { abs($0.frequencyHz - 941.4e6) < 100e3 }.first?.kind == .tdmaBurst,
            "\(r.emissions)"
        )
        // The sliding window is masked by the carrier: this is what the floor fixes.
        var window = DetectionPipeline.Options.defaults(sampleRateHz: 2e6)
        window.noise = .window
        let (w, _, _) = try Self.stream(yaml, options: window)
        let windowHits = w.detections.filter { abs($0.frequencyHz - 941.4e6) < 100e3 }
        let windowScore = DetectionScore.score(windowHits, annotations: bursts, sampleRateHz: 2e6, toleranceHz: w.binHz)
        #expect(windowScore.found < bursts.count, "the window was not masked: \(windowScore)")
    }

    /// C6's barrage jammer (1.6 MHz of noise over a 2 MHz band, on the whole time) is one
    /// noise-like emission, not its own floor.
    @Test func c6BarrageIsNoiseLike() throws {
        let text = try String(
            contentsOf: Fixtures.scenes.appendingPathComponent("c6-border-jammer.yaml"),
            encoding: .utf8
        )
        let (r, _, _) = try Self.stream(text)
        let noiseLike = r.emissions.filter { $0.kind == .noiseLike }
        #expect(noiseLike.count == 1, "\(r.emissions)")
        #expect(
            (noiseLike.first?.bandwidthHz ?? 0) > 1.0e6 && abs((noiseLike.first?.frequencyHz ?? 0) - 947.4e6) < 100e3
        )
    }
}
