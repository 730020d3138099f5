import Foundation
import Numerics
import SightlineCore
import SightlineDetect
import SightlineSignals
import SightlineTestSupport
import Testing

/// The emission classifier on synthetic GSM, WCDMA and LTE emissions made with the
/// waveform generators, and on the real recordings.
@Suite struct EmissionClassifierTests {
    static func detect(_ source: String, seed: UInt64 = 1) throws -> DetectionPipeline.Result {
        let scene = try SceneFile.parse(Self.yaml(source, seed: seed), path: "scene.yaml")
        let synth = try SceneSynthesizer(scene: scene)
        return try DetectionPipeline.run(
            sampleRateHz: scene.sampleRateHz,
            centerFrequencyHz: scene.centerFrequencyHz,
            options: .defaults(sampleRateHz: scene.sampleRateHz)
        ) { synth.render(into: $0) }
    }

    static func yaml(_ source: String, seed: UInt64) -> String {
        """
        sample_rate_hz: 15360000
        center_frequency_hz: 1950000000
        duration_s: 0.1
        seed: \(seed)
        sources:
          - id: s
        \(source)
        """
    }

    /// The strongest emission (most energy: SNR × duration).
    static func main(_ r: DetectionPipeline.Result) throws -> SightlineDetect.Emission {
        try #require(
            r.emissions.max { $0.snrDB + 10 * log10($0.durationSeconds) < $1.snrDB + 10 * log10($1.durationSeconds) }
        )
    }

    /// The wideband features of a rendered scene, measured in 2^16-sample blocks.
    static func features(_ source: String, seed: UInt64) throws -> EmissionFeatures {
        let scene = try SceneFile.parse(Self.yaml(source, seed: seed), path: "scene.yaml")
        let synth = try SceneSynthesizer(scene: scene)
        let meter = try #require(WidebandFeatureMeter(sampleRateHz: scene.sampleRateHz))
        var buffer = [Complex<Float>](repeating: .zero, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBufferPointer { synth.render(into: $0) }
            if n == 0 { break }
            buffer.withUnsafeBufferPointer { meter.add(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        return meter.features
    }

    /// A `continuous` emission of the given bandwidth, as the grouper writes it.
    static func emission(bandwidthHz: Double, kind: String) throws -> SightlineDetect.Emission {
        let json = """
            {"start_s": 0, "duration_s": 0.1, "frequency_hz": 1.95e9, "bandwidth_hz": \(bandwidthHz),
             "burst_count": 1, "period_s": null, "duty_cycle": 1, "kind": "\(kind)", "snr_db": 10}
            """
        return try JSONDecoder().decode(SightlineDetect.Emission.self, from: Data(json.utf8))
    }

    static let wcdma = """
            waveform: {type: wcdma-uplink, offset_hz: 0}
            snr_db: 10
        """
    static let lte = """
            waveform: {type: lte-uplink, offset_hz: 0, resource_blocks: 10, system_resource_blocks: 25, activity: 1}
            snr_db: 10
        """

    /// A WCDMA uplink at 10 dB: the chip-rate line far above the 10 dB threshold, no
    /// cyclic-prefix correlation; a 3.8 MHz continuous emission with these features is
    /// `wcdma`, written with its features and read back.
    @Test(arguments: [UInt64(1), 2])
    func wcdmaUplink(seed: UInt64) throws {
        let f = try Self.features(Self.wcdma, seed: seed)
        #expect(try #require(f.chipRateLineDB) > EmissionClassifier.chipRateLineThresholdDB + 10, "\(f)")
        #expect(try #require(f.cyclicPrefixCorrelation) < EmissionClassifier.cyclicPrefixThreshold, "\(f)")
        let e = EmissionClassifier.classify(try Self.emission(bandwidthHz: 3.8e6, kind: "continuous"), wideband: f)
        #expect(e.kind == .wcdma)
        // A 200 kHz carrier in the same band is not the WCDMA carrier.
        #expect(
            EmissionClassifier.classify(try Self.emission(bandwidthHz: 2e5, kind: "continuous"), wideband: f).kind
                == .continuous
        )
        let data = try JSONEncoder().encode(e)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"kind\":\"wcdma\"") && text.contains("\"chip_rate_line_db\":"), "\(text)")
        #expect(try JSONDecoder().decode(SightlineDetect.Emission.self, from: data) == e)
    }

    /// LTE SC-FDMA uplink, 10 RB at 10 dB: the cyclic prefix correlating, no chip-rate line;
    /// a 1.8 MHz continuous emission with these features is `lte-uplink`.
    @Test(arguments: [UInt64(1), 2])
    func lteUplink(seed: UInt64) throws {
        let f = try Self.features(Self.lte, seed: seed)
        #expect(try #require(f.cyclicPrefixCorrelation) > EmissionClassifier.cyclicPrefixThreshold, "\(f)")
        #expect(try #require(f.chipRateLineDB) < EmissionClassifier.chipRateLineThresholdDB, "\(f)")
        let e = EmissionClassifier.classify(try Self.emission(bandwidthHz: 1.8e6, kind: "noise-like"), wideband: f)
        #expect(e.kind == .lteUplink)
    }

    /// A GSM call in the same 7.68 MS/s band: `tdma-burst`, neither wideband feature set off.
    @Test func gsmCall() throws {
        let r = try Self.detect(
            """
                waveform: {type: gsm-uplink, timeslot: 2, offset_hz: 1000000}
                snr_db: 10
            """
        )
        let e = try Self.main(r)
        #expect(e.kind == .tdmaBurst, "\(r.emissions)")
        #expect(!r.emissions.contains { $0.kind == .wcdma || $0.kind == .lteUplink }, "\(r.emissions)")
    }

    /// The real GSM recordings (at most 4 MS/s: neither wideband feature fits) keep GSM-like
    /// classes: no emission is called `wcdma` or `lte-uplink`.
    @Test(arguments: ["gsmsp-941MHz-4Msps", "gsmsp-941MHz-500ksps", "gsmsp-953.6MHz-1Msps", "gsm-uplink-4bursts"])
    func realRecordingsAreGSMLike(name: String) throws {
        let meta = try SigMFMetadata.read(path: Fixtures.path("real/\(name).sigmf-meta"))
        let r = try DetectionPipeline.run(metadata: meta, options: .defaults(sampleRateHz: meta.sampleRateHz))
        #expect(!r.emissions.isEmpty)
        #expect(!r.emissions.contains { $0.kind == .wcdma || $0.kind == .lteUplink }, "\(r.emissions)")
        #expect(r.emissions.contains { $0.kind == .tdmaBurst || $0.kind == .continuous }, "\(r.emissions)")
    }
}
