import Foundation
import Numerics
import SightlineCore
import SightlineDetect
import SightlineRF

/// The pipeline's false alarms, measured: its detector with the IQ level's options on complex
/// white Gaussian noise, every detection counted (there is nothing else to detect). Rates are
/// per 200 kHz channel-hour over the band the detector searches (its usable fraction of the
/// sample rate), with the exact Poisson 95 % upper bound — with no detection at all, 2.996
/// over the channel-hours searched — so that "none seen" is reported as a bound, not as zero.
public struct FalseAlarmCount: Sendable, Codable, Equatable {
    public var detections: Int
    public var channelHours: Double

    public init(detections: Int, channelHours: Double) {
        self.detections = detections
        self.channelHours = channelHours
    }

    /// Detections per channel-hour (the maximum-likelihood rate).
    public var perChannelHour: Double { channelHours > 0 ? Double(detections) / channelHours : .nan }

    /// The one-sided 95 % upper bound on the rate: the Poisson mean μ with P(N ≤ n | μ) = 0.05,
    /// i.e. half the 0.95 quantile of χ² with 2(n + 1) degrees of freedom (Garwood 1936), per
    /// channel-hour.
    public var upper95PerChannelHour: Double {
        guard channelHours > 0 else { return .nan }
        return Self.poissonUpper95(detections) / channelHours
    }

    /// The Poisson mean μ at which P(N ≤ n) = 0.05 (3.00 for n = 0, 4.74 for 1, 6.30 for 2).
    public static func poissonUpper95(_ n: Int) -> Double {
        // P(N ≤ n | μ) = Q(n + 1, μ), the regularised upper incomplete gamma function,
        // falls in μ: bisect.
        var lo = 0.0
        var hi = Double(n) + 10 + 10 * Double(n).squareRoot()
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if IncompleteGamma.q(Double(n + 1), mid) > 0.05 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}

extension IQLevel {
    /// Runs the pipeline (its defaults at 2 MS/s, Pfa `pfa` per cell) on `seconds` of seeded
    /// unit-power complex Gaussian noise and counts its detections.
    public static func falseAlarms(
        seconds: Double,
        seed: UInt64,
        pfa: Double = MeasurementModel.pipelinePfa
    ) throws -> FalseAlarmCount {
        var options = DetectionPipeline.Options.defaults(sampleRateHz: sampleRateHz)
        options.floor.pfa = pfa
        let total = Int((seconds * sampleRateHz).rounded())
        var rng = SeededGenerator(seed: seed ^ 0xFA15_E0A1_A2B5_0000)
        var made = 0
        let scale = 0.5.squareRoot()
        let result = try DetectionPipeline.run(
            sampleRateHz: sampleRateHz,
            centerFrequencyHz: 902.4e6,
            options: options
        ) { buffer in
            let n = min(buffer.count, total - made)
            for i in 0..<n {
                buffer[i] = Complex(Float(scale * rng.nextGaussian()), Float(scale * rng.nextGaussian()))
            }
            made += n
            return n
        }
        let channels = options.floor.usableFraction * sampleRateHz / GSMChannel.spacingHz
        return FalseAlarmCount(detections: result.detections.count, channelHours: seconds * channels / 3600)
    }
}
