import Foundation
import SightlineCore
import SightlineDetect
import SightlineLocate
import SightlineRF
import SightlineSignals
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The measurement level's statistics, taken from the IQ level: per-burst detection
/// probability and Watson-Watt bearing RMSE as functions of per-burst SNR. Each table is
/// measured by running `IQLevel` at a grid of SNRs (seeded, both cores), made monotone by
/// pool-adjacent-violators, and interpolated linearly in dB. The measurement level then draws
/// each burst's detection and each look's bearing error from these tables, so the two levels
/// agree by construction at the grid points and to within the grid's interpolation error
/// between them (the calibration test measures that, with fresh seeds).
public struct MeasurementModel: Sendable, Codable, Equatable {
    public var snrDB: [Double]
    /// Per-burst probability that the pipeline detects the burst.
    public var burstPd: [Double]
    public var bearingSNRdB: [Double]
    /// Watson-Watt bearing RMSE (degrees) from one burst.
    public var bearingRMSEDegrees: [Double]
    public var seed: UInt64
    public var burstsPerPoint: Int
    public var bearingsPerPoint: Int
    /// The pipeline's detections on noise alone (nil in a model written before they were
    /// measured, or calibrated with no noise).
    public var falseAlarms: FalseAlarmCount?
    /// Per-burst Pd, on the `snrDB` grid, of the bursts a DTX pause leaves (SID in 8
    /// consecutive frames and the lone SACCH bursts of each 104, TS 45.008 §8.3): the
    /// pipeline finds them more often than bursts in a train near its knee (its noise floor
    /// is cleaner between them), so they have a table of their own. Nil in a model without it.
    public var pauseBurstPd: [Double]?

    /// Per-burst Pd at `snr` dB of a burst sent in a DTX pause (the train's table when the
    /// model has none).
    public func pausePd(snrDB snr: Double) -> Double {
        guard let t = pauseBurstPd, t.count == snrDB.count else { return pd(snrDB: snr) }
        return Self.interpolate(snrDB, t, snr)
    }

    /// Per-burst Pd at `snr` dB.
    public func pd(snrDB snr: Double) -> Double { Self.interpolate(snrDB, burstPd, snr) }

    /// Bearing RMSE in degrees at `snr` dB (beyond the table: held at its ends).
    /// Interpolated linearly in log RMSE: y₀·(y₁/y₀)^t between the grid points.
    public func bearingSigmaDegrees(snrDB snr: Double) -> Double {
        let x = bearingSNRdB
        let y = bearingRMSEDegrees
        guard let first = x.first, let last = x.last else { return 0 }
        if snr <= first { return y[0] }
        if snr >= last { return y[y.count - 1] }
        var i = 0
        while x[i + 1] < snr { i += 1 }
        let t = (snr - x[i]) / (x[i + 1] - x[i])
        return y[i] * pow(y[i + 1] / y[i], t)
    }

    static func interpolate(_ x: [Double], _ y: [Double], _ v: Double) -> Double {
        guard let first = x.first, let last = x.last else { return 0 }
        if v <= first { return y[0] }
        if v >= last { return y[y.count - 1] }
        var i = 0
        while x[i + 1] < v { i += 1 }
        let t = (v - x[i]) / (x[i + 1] - x[i])
        return y[i] + t * (y[i + 1] - y[i])
    }

    /// Pool-adjacent-violators: the closest non-decreasing (or non-increasing) sequence.
    static func monotone(_ y: [Double], increasing: Bool) -> [Double] {
        let v = increasing ? y : y.map { -$0 }
        var blocks: [(sum: Double, count: Double)] = []
        for x in v {
            blocks.append((x, 1))
            while blocks.count > 1,
                blocks[blocks.count - 2].sum / blocks[blocks.count - 2].count > blocks[blocks.count - 1].sum
                    / blocks[blocks.count - 1].count
            {
                let b = blocks.removeLast()
                blocks[blocks.count - 1].sum += b.sum
                blocks[blocks.count - 1].count += b.count
            }
        }
        var out: [Double] = []
        for b in blocks { out += Array(repeating: b.sum / b.count, count: Int(b.count)) }
        return increasing ? out : out.map { -$0 }
    }

    /// Measures the tables from the IQ level. Detection: `windows` windows of 8 frames per
    /// SNR; bearings: `bearings` single-burst Watson-Watt bearings per SNR at random azimuths.
    /// The default grid is 0.5 dB across the knee of the Pd curve (2–9 dB, where Pd goes
    /// from ≈ 0 to 1) and coarser outside; 200 bursts per point (binomial σ ≤ 0.035) and 200
    /// bearings per point (RMSE relative σ ≈ 5 %).
    public static func calibrate(
        seed: UInt64 = CalibrationRequest.standard.seed,
        snrDB: [Double] = CalibrationRequest.standard.snrDB,
        windows: Int = CalibrationRequest.standard.windows,
        bearingSNRdB: [Double] = CalibrationRequest.standard.bearingSNRdB,
        bearings: Int = CalibrationRequest.standard.bearings,
        noiseSeconds: Double = CalibrationRequest.standard.noiseSeconds,
        pauseWindows: Int = CalibrationRequest.standard.pauseWindows,
        threads: Int = Parallel.defaultThreads
    ) throws -> MeasurementModel {
        let framesPerWindow = 8
        let pauseFrames = (0..<104).filter { DTXSchedule.emits(frame: $0, talking: false) }
        // Noise for the false alarms, in jobs of at most 15 s each (seeded by job).
        let noiseJobs = noiseSeconds > 0 ? Int((noiseSeconds / 15).rounded(.up)) : 0
        let noisePerJob = noiseJobs > 0 ? noiseSeconds / Double(noiseJobs) : 0
        let pausePoints = pauseWindows > 0 ? snrDB.count : 0
        let tables = snrDB.count + bearingSNRdB.count
        // One job per table point: the detection points first, then the bearing points,
        // then the noise, then the DTX pause points.
        let measured = try Parallel.map(tables + noiseJobs + pausePoints, threads: threads) { job in
            if job >= tables + noiseJobs {
                let k = job - tables - noiseJobs
                var found = 0
                for w in 0..<pauseWindows {
                    let s = seed &+ 0x5_1D00 &+ UInt64(k) &* 1_000_033 &+ UInt64(w) &* 7927
                    found += try IQLevel.detectedBursts(snrDB: snrDB[k], emitting: pauseFrames, frames: 104, seed: s)
                        .filter { $0 }.count
                }
                return Double(found) / Double(pauseWindows * pauseFrames.count)
            }
            if job >= tables {
                let k = UInt64(job - tables)
                return Double(try IQLevel.falseAlarms(seconds: noisePerJob, seed: seed &+ 0xA1A2 &+ k).detections)
            }
            if job < snrDB.count {
                var found = 0
                for w in 0..<windows {
                    let s = seed &+ UInt64(job) &* 1_000_003 &+ UInt64(w) &* 7919
                    found += try IQLevel.detectedBursts(snrDB: snrDB[job], frames: framesPerWindow, seed: s).filter {
                        $0
                    }.count
                }
                return Double(found) / Double(windows * framesPerWindow)
            }
            let k = job - snrDB.count
            var rng = SeededGenerator(seed: seed &+ 0xB_EA61 &+ UInt64(k))
            var sum = 0.0
            for b in 0..<bearings {
                let az = 360 * rng.nextUnitDouble()
                let s = seed &+ UInt64(k) &* 2_000_003 &+ UInt64(b) &* 104_729
                let e = remainder(
                    try IQLevel.adcockBearing(snrDB: bearingSNRdB[k], azimuthDegrees: az, seed: s) - az,
                    360
                )
                sum += e * e
            }
            return (sum / Double(bearings)).squareRoot()
        }
        let pd = Array(measured[..<snrDB.count])
        let rmse = Array(measured[snrDB.count..<tables])
        let channels =
            DetectionPipeline.Options.defaults(sampleRateHz: IQLevel.sampleRateHz).floor.usableFraction
            * IQLevel.sampleRateHz / GSMChannel.spacingHz
        var model = MeasurementModel(
            snrDB: snrDB,
            burstPd: monotone(pd, increasing: true),
            bearingSNRdB: bearingSNRdB,
            bearingRMSEDegrees: monotone(rmse, increasing: false).map { max($0, 1e-3) },
            seed: seed,
            burstsPerPoint: windows * framesPerWindow,
            bearingsPerPoint: bearings
        )
        if pausePoints > 0 {
            model.pauseBurstPd = monotone(Array(measured[(tables + noiseJobs)...]), increasing: true)
        }
        if noiseJobs > 0 {
            model.falseAlarms = FalseAlarmCount(
                detections: Int(measured[tables..<(tables + noiseJobs)].reduce(0, +)),
                channelHours: noiseSeconds * channels / 3600
            )
        }
        return model
    }

    /// The default model: read from the disk cache (``MeasurementModelCache``) or measured
    /// (about 5 s on two cores, on `threads` threads: the tables do not depend on the thread
    /// count) and saved there, at most once per process.
    public static func standard(threads: Int = Parallel.defaultThreads) throws -> MeasurementModel {
        try cache.withLock { cached in
            if let m = cached { return m }
            let m = try MeasurementModelCache.default.model(for: .standard, threads: threads)
            cached = m
            return m
        }
    }

    /// Makes `model` this process's standard model, so that ``standard(threads:)`` returns it
    /// without calibrating or reading the disk cache: for a process that has its model from
    /// elsewhere (a fuzz harness that needs a model's shape quickly, a tool reading a model
    /// file). Later calls replace it.
    public static func useAsStandard(_ model: MeasurementModel) {
        cache.withLock { $0 = model }
    }

    /// The model once measured, under the lock that also makes concurrent first callers wait
    /// for the one measurement.
    static let cache = Mutex<MeasurementModel?>(nil)
}
