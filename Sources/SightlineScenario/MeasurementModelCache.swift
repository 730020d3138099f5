import Foundation
import SightlineCore
import SightlineDSP
import SightlineDetect

/// What a measurement-model calibration depends on: its grids, its seed and its sample
/// counts (the arguments of ``MeasurementModel/calibrate(seed:snrDB:windows:bearingSNRdB:bearings:threads:)``).
/// The detector and direction-finder configuration, the FFT library and the code itself are
/// added by ``MeasurementModelCache/key(for:)``.
public struct CalibrationRequest: Sendable, Codable, Equatable {
    public var seed: UInt64 = 2016
    public var snrDB: [Double] = [-4, -2, 0, 1] + Array(stride(from: 2.0, through: 9, by: 0.5)) + [10, 12, 14]
    public var windows = 25
    public var bearingSNRdB: [Double] = Array(stride(from: -6.0, through: 24, by: 3))
    public var bearings = 200
    /// Seconds of noise (at 2 MS/s) on which the pipeline's false alarms are counted: 180 s
    /// over its 8.5 channels is 0.43 channel-hours, so that no detection bounds the rate
    /// below 7 per channel-hour (95 %). About 3 s of a core.
    public var noiseSeconds = 180.0
    /// 104-frame windows of DTX pause bursts (12 each) per SNR point for the pause table:
    /// 17 give 204 bursts per point, as the train table's 200 (binomial σ ≤ 0.035).
    public var pauseWindows = 17

    public init() {}

    /// The default calibration (``MeasurementModel/standard(threads:)``).
    public static let standard = CalibrationRequest()

    /// Calibrates on `threads` threads (the tables do not depend on the thread count).
    public func calibrate(threads: Int = Parallel.defaultThreads) throws -> MeasurementModel {
        try MeasurementModel.calibrate(
            seed: seed,
            snrDB: snrDB,
            windows: windows,
            bearingSNRdB: bearingSNRdB,
            bearings: bearings,
            noiseSeconds: noiseSeconds,
            pauseWindows: pauseWindows,
            threads: threads
        )
    }
}

/// Measurement models kept on disk, so that the IQ-level calibration (about 5 s of two cores)
/// is paid once per detector configuration and build rather than once per process: `risk`,
/// `sensitivity`, the claim scripts and the binary tests each start many processes.
///
/// A model's file is `measurement-model-<key>.json` in ``defaultDirectory``, where the key is
/// the SHA-256 of everything the tables depend on (``key(for:)``): the request, the IQ level's
/// detector options and direction finder, the FFT library's version string (its SIMD level
/// changes the rounding, and so can flip a detection near threshold) and the identity of the
/// running executable (its path, size and modification time), so that a rebuilt binary —
/// whose detector code may have changed — never reads an older binary's tables. Files are
/// written atomically; a file that is missing, unreadable or not a valid model is calibrated
/// again and replaced. Two processes that calibrate at once write the same bytes.
public struct MeasurementModelCache: Sendable {
    /// `SIGHTLINE_CACHE_DIR`: the cache folder; an empty value turns the disk cache off.
    public static let environmentVariable = "SIGHTLINE_CACHE_DIR"

    /// The folder, or nil when the disk cache is off.
    public var directory: String?

    public init(directory: String?) { self.directory = directory }

    /// `$SIGHTLINE_CACHE_DIR` when set (empty: off), else `$XDG_CACHE_HOME/sightline`, else
    /// `~/.cache/sightline` (the folder FFTW's wisdom uses), else off.
    public static var defaultDirectory: String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env[environmentVariable] { return explicit.isEmpty ? nil : explicit }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/sightline" }
        if let home = env["HOME"], !home.isEmpty { return home + "/.cache/sightline" }
        return nil
    }

    public static var `default`: MeasurementModelCache { MeasurementModelCache(directory: defaultDirectory) }

    /// The canonical text the key digests (one `name: value` line per dependency).
    public static func keyText(for request: CalibrationRequest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let requestJSON = (try? encoder.encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return [
            "format: measurement-model 3",
            "request: \(requestJSON)",
            "detector: \(String(reflecting: DetectionPipeline.Options.defaults(sampleRateHz: IQLevel.sampleRateHz)))",
            "direction finder: Watson-Watt on the Adcock, radius 0.08 m, 5 channels, 200 kHz",
            "fft: \(FFTLibrary.version)",
            "executable: \(executableIdentity)",
        ].joined(separator: "\n")
    }

    /// The SHA-256 of ``keyText(for:)``, in hexadecimal.
    public static func key(for request: CalibrationRequest) -> String { SHA256.hex(keyText(for: request)) }

    /// The running executable's path, size and modification time (or "unknown").
    static let executableIdentity: String = {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments.first ?? "unknown"
        guard let a = try? FileManager.default.attributesOfItem(atPath: path),
            let size = a[.size] as? NSNumber, let modified = a[.modificationDate] as? Date
        else { return path }
        return "\(path) \(size.int64Value) bytes, modified \(modified.timeIntervalSince1970)"
    }()

    /// The file that holds (or will hold) the model for `request`, or nil when the cache is off.
    public func path(for request: CalibrationRequest) -> String? {
        directory.map { $0 + "/measurement-model-\(Self.key(for: request)).json" }
    }

    /// The cached model for `request` if a valid one is on disk, else nil.
    public func load(_ request: CalibrationRequest) -> MeasurementModel? {
        guard let path = path(for: request), FileManager.default.fileExists(atPath: path) else { return nil }
        guard let m = try? MeasurementModel.load(path: path), m.seed == request.seed, m.snrDB == request.snrDB,
            m.bearingSNRdB == request.bearingSNRdB
        else { return nil }
        return m
    }

    /// The model for `request`: read from disk, or calibrated and (when the cache is on)
    /// saved. A cache that cannot be written costs only the saving.
    public func model(
        for request: CalibrationRequest,
        threads: Int = Parallel.defaultThreads
    ) throws -> MeasurementModel {
        if let m = load(request) { return m }
        let m = try request.calibrate(threads: threads)
        if let path = path(for: request), let json = try? m.json() {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try? AtomicFile.write(json, to: path)
        }
        return m
    }
}
