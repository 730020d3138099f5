import Foundation
import Numerics
import SightlineCore
import SightlineDetect
import SightlineLocate
import SightlineRF
import SightlineSignals

/// The IQ level: every sample synthesized and run through the real pipeline. A GSM uplink
/// burst train at a given per-burst SNR (burst power over kTBF in the 200 kHz channel) is
/// rendered at 2 MS/s by `SceneSynthesizer`, detected by `DetectionPipeline` with its
/// defaults (Hann, 62.5 kHz bins, CA-CFAR at Pfa 1e-6), and — for bearings — received on the
/// hand-held Adcock with sense element, channelised to 200 kHz and put through Watson-Watt.
public enum IQLevel {
    public static let sampleRateHz = 2_000_000.0
    public static let frameSeconds = GSMChannel.frameSeconds
    /// Where the train starts in the window, so the detector has noise before the first burst.
    static let leadSeconds = 0.002

    static func scene(
        snrDB: Double,
        frames: Int,
        seed: UInt64,
        array: AntennaArray.Geometry = .single,
        bearingDegrees: Double? = nil,
        reflections: [ReflectionSpec] = []
    ) -> Scene {
        let centre = 902.4e6
        let source = Source(
            id: "phone",
            waveform: .gsmUplink(timeslot: 0, trainingSequence: Int(seed % 8)),
            frequencyHz: centre + 200e3,
            bearingDegrees: bearingDegrees ?? 0,
            power: .snr(dB: snrDB, bandwidthHz: GSMChannel.spacingHz),
            startSeconds: leadSeconds,
            stopSeconds: leadSeconds + Double(frames) * frameSeconds,
            channel: ChannelSpec(reflections: reflections)
        )
        return Scene(
            sampleRateHz: sampleRateHz,
            centerFrequencyHz: centre,
            durationSeconds: leadSeconds + Double(frames) * frameSeconds + 0.001,
            seed: seed,
            receiver: Receiver(array: array),
            sources: [source]
        )
    }

    static func render(_ scene: Scene, seed: UInt64) throws -> (samples: [Complex<Float>], bursts: [SigMFAnnotation]) {
        let synth = try SceneSynthesizer(scene: scene, seed: seed)
        return (synth.renderAll(), synth.annotations())
    }

    /// Which of `frames` consecutive bursts at `snrDB` the detection pipeline finds (a burst
    /// is found when a detection overlaps it in time and lies within its channel).
    public static func detectedBursts(snrDB: Double, frames: Int, seed: UInt64) throws -> [Bool] {
        try detected(scene(snrDB: snrDB, frames: frames, seed: seed), seed: seed)
    }

    /// Renders `scene` and runs the pipeline on it: for each burst, whether a detection
    /// overlaps it in time and lies within its channel.
    static func detected(_ scene: Scene, seed: UInt64) throws -> [Bool] {
        let (samples, bursts) = try render(scene, seed: seed)
        var offset = 0
        let result = try DetectionPipeline.run(
            sampleRateHz: sampleRateHz,
            centerFrequencyHz: scene.centerFrequencyHz,
            options: .defaults(sampleRateHz: sampleRateHz)
        ) { buffer in
            let n = min(buffer.count, samples.count - offset)
            for i in 0..<n { buffer[i] = samples[offset + i] }
            offset += n
            return n
        }
        let carrier = scene.sources[0].frequencyHz
        return bursts.map { b in
            let start = Double(b.sampleStart) / sampleRateHz
            let stop = Double(b.sampleStart + b.sampleCount) / sampleRateHz
            return result.detections.contains { d in
                d.startSeconds < stop && d.startSeconds + d.durationSeconds > start
                    && abs(d.frequencyHz - carrier) < GSMChannel.spacingHz
            }
        }
    }

    /// Which bursts of a pattern the pipeline finds: the phone sends in the frames of
    /// `emitting` (ascending, within 0 ..< `frames`) and is silent in the others — the SID and
    /// SACCH frames of a DTX pause, say. Each run of consecutive frames is one source on the
    /// same carrier and timeslot; the window, noise and detector are those of
    /// ``detectedBursts(snrDB:frames:seed:)``.
    public static func detectedBursts(snrDB: Double, emitting: [Int], frames: Int, seed: UInt64) throws -> [Bool] {
        var scene = scene(snrDB: snrDB, frames: frames, seed: seed)
        let template = scene.sources[0]
        var runs: [Range<Int>] = []
        for f in emitting where f >= 0 && f < frames {
            if let last = runs.last, last.upperBound == f {
                runs[runs.count - 1] = last.lowerBound..<(f + 1)
            } else {
                runs.append(f..<(f + 1))
            }
        }
        scene.sources = runs.enumerated().map { k, run in
            var s = template
            s.id = "phone-\(k)"
            s.startSeconds = leadSeconds + Double(run.lowerBound) * frameSeconds
            s.stopSeconds = leadSeconds + Double(run.upperBound) * frameSeconds
            return s
        }
        guard !scene.sources.isEmpty else { return [] }
        return try detected(scene, seed: seed)
    }

    /// A Watson-Watt bearing from one burst at `snrDB` arriving from `azimuthDegrees`, on the
    /// hand-held Adcock (R = 0.08 m, kR = 1.51 at 900 MHz), channelised to the burst's 200 kHz.
    /// With `reflections`, the burst also arrives on each reflected wave (its level relative
    /// to the direct wave's, whose SNR is `snrDB`).
    public static func adcockBearing(
        snrDB: Double,
        azimuthDegrees: Double,
        reflections: [ReflectionSpec] = [],
        seed: UInt64
    ) throws -> Double {
        let radius = 0.08
        let scene = scene(
            snrDB: snrDB,
            frames: 1,
            seed: seed,
            array: .adcock(radiusMeters: radius),
            bearingDegrees: azimuthDegrees,
            reflections: reflections
        )
        let (samples, bursts) = try render(scene, seed: seed)
        let burst = bursts[0]
        let m = 5
        let raw = Array(samples[(burst.sampleStart * m)..<((burst.sampleStart + burst.sampleCount) * m)])
        let x = BearingJob.channelise(
            raw,
            channels: m,
            sampleRateHz: sampleRateHz,
            firstSample: burst.sampleStart,
            offsetHz: scene.sources[0].frequencyHz - scene.centerFrequencyHz,
            bandwidthHz: GSMChannel.spacingHz
        )
        let wavelength = SpeedOfLight.metersPerSecond / scene.sources[0].frequencyHz
        return try WatsonWatt.bearing(snapshots: x, radiusMeters: radius, wavelengthMeters: wavelength).azimuthDegrees
    }
}
