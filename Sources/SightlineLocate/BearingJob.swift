import Numerics
import SightlineCore
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bearing measured on a recording: the bearings-JSON record of DESIGN.md.
public struct MeasuredBearing: Sendable {
    public var azimuthDegrees: Double
    public var sigmaDegrees: Double
    public var snrDB: Double
    public var startSeconds: Double
    public var durationSeconds: Double
    public var frequencyHz: Double
    public var sensorEastMeters: Double
    public var sensorNorthMeters: Double
    /// DF quality in [0, 1]: the share of received power the k-source plane-wave model
    /// explains, net of the noise's share (`BearingJob.confidence`).
    public var confidence: Double = 0
}

/// Bearings from a multi-channel SigMF recording, one per time span (a detection, or the
/// whole recording). Each span is mixed down to its channel, low-pass filtered to its
/// bandwidth and decimated to independent snapshots, so other emitters and out-of-band noise
/// stay out of the covariance.
public enum BearingJob {
    public enum Method: String, Sendable, CaseIterable {
        case watsonWatt = "watson-watt", pseudoDoppler = "pseudo-doppler", bartlett, mvdr, music, rootMusic = "root-music", esprit
    }

    public struct Span: Sendable {
        public var startSeconds: Double
        public var durationSeconds: Double
        public var frequencyHz: Double
        public var bandwidthHz: Double
        public init(startSeconds: Double, durationSeconds: Double, frequencyHz: Double, bandwidthHz: Double) {
            self.startSeconds = startSeconds
            self.durationSeconds = durationSeconds
            self.frequencyHz = frequencyHz
            self.bandwidthHz = bandwidthHz
        }
    }

    /// Channelised snapshots of `span` (interleaved, channels × decimated samples).
    /// `decimate: false` keeps every filtered sample (pseudo-Doppler commutes one element per
    /// sample and wants the commutation fast against the modulation).
    public static func snapshots(reader: SigMFReader, span: Span, decimate: Bool = true) throws -> [Complex<Float>] {
        let meta = reader.metadata
        let fs = meta.sampleRateHz, m = meta.channelCount
        let total = try meta.sampleCount()
        let first = max(0, Int((span.startSeconds * fs).rounded(.down)))
        let last = min(total, Int(((span.startSeconds + span.durationSeconds) * fs).rounded(.up)))
        guard last > first else {
            throw SightlineError(.invalidValue, location: meta.metaPath, field: "span",
                                 message: "the span \(span.startSeconds) s + \(span.durationSeconds) s lies outside the recording",
                                 fix: "use detections of this recording")
        }
        let raw = try reader.readFrames(first..<last)
        return channelise(raw, channels: m, sampleRateHz: fs, firstSample: first, offsetHz: span.frequencyHz - (meta.frequencyHz ?? 0),
                          bandwidthHz: span.bandwidthHz, decimate: decimate)
    }

    /// Mixes interleaved multi-channel samples (frame-major, `channels` per frame, the first
    /// at absolute sample `firstSample`) down by `offsetHz`, low-pass filters them to
    /// `bandwidthHz` and, with `decimate`, keeps one snapshot per 1/bandwidth.
    public static func channelise(_ raw: [Complex<Float>], channels m: Int, sampleRateHz fs: Double, firstSample first: Int,
                                  offsetHz offset: Double, bandwidthHz: Double, decimate: Bool = true) -> [Complex<Float>] {
        let n = raw.count / m
        let taps = NoiseWaveform.lowPass(cutoffFraction: min(1, max(bandwidthHz, fs / Double(max(1, n))) / fs))
        let decimation = decimate ? max(1, Int((fs / max(bandwidthHz, 1)).rounded(.down))) : 1
        let half = taps.count / 2
        var out: [Complex<Float>] = []
        var index = half
        while index < n - half || (taps.count == 1 && index < n) {
            for c in 0..<m {
                var acc = Complex<Double>.zero
                for (t, h) in taps.enumerated() {
                    let s = index - half + t
                    let x = raw[s * m + c]
                    let phase = -2 * Double.pi * offset * Double(first + s) / fs
                    acc += Complex(Double(x.real), Double(x.imaginary)) * Complex(cos(phase) * Double(h), sin(phase) * Double(h))
                }
                out.append(Complex(Float(acc.real), Float(acc.imaginary)))
            }
            index += decimation
        }
        return out
    }

    /// Per-element SNR from the covariance eigenvalues: (λ_max − σ²)/σ², σ² the mean of the
    /// others (one source).
    static func snrDB(_ est: DOAEstimator) throws -> Double {
        let (values, _) = try est.covariance.hermitianEigen()
        let noise = values.dropLast().reduce(0, +) / Double(max(1, values.count - 1))
        return Decibels.fromPowerRatio(max(1e-6, (values.last! - noise) / max(noise, 1e-300)) / Double(values.count))
    }

    /// DF quality, in the spirit of commercial DF "quality" figures: with the covariance's
    /// eigenvalues λ, k sources and M elements, q = (Σ_top-k λ / Σ λ − k/M) / (1 − k/M),
    /// clamped to [0, 1]. One clean plane wave at per-element SNR s gives s/(1 + s); noise
    /// alone gives ≈ 0; coherent multipath, unmodelled sources and calibration errors spread
    /// power into the other eigenvalues and lower it.
    public static func confidence(eigenvalues values: [Double], sources k: Int) -> Double {
        let m = values.count
        guard m > k, k > 0 else { return 0 }
        let total = values.reduce(0, +)
        guard total > 0 else { return 0 }
        let top = values.sorted(by: >).prefix(k).reduce(0, +)
        let share = Double(k) / Double(m)
        return min(1, max(0, (top / total - share) / (1 - share)))
    }

    static func crbDegrees(array: AntennaArray, azimuthDegrees: Double, snapshots n: Int, snrDB: Double) -> Double {
        BearingCRB.degrees(array: array, bearingDegrees: azimuthDegrees, snapshots: n, snrDB: snrDB)
    }

    public static func bearing(reader: SigMFReader, array: AntennaArray, method: Method, span: Span,
                               sensor: (east: Double, north: Double)) throws -> MeasuredBearing {
        try bearings(reader: reader, array: array, method: method, span: span, sensor: sensor, sources: 1)[0]
    }

    /// Bearings of `sources` emitters in the span (nil: counted by MDL), after optional
    /// forward–backward averaging and spatial smoothing over `smoothing`-element subarrays
    /// (ULA). `spectrum` receives the spatial spectrum (degrees, dB) of grid methods.
    public static func bearings(reader: SigMFReader, array: AntennaArray, method: Method, span: Span,
                                sensor: (east: Double, north: Double), sources: Int?, smoothing: Int? = nil,
                                spectrum: (([(Double, Double)]) -> Void)? = nil) throws -> [MeasuredBearing] {
        let x = try snapshots(reader: reader, span: span)
        let m = reader.metadata.channelCount
        guard array.elementCount == m else {
            throw SightlineError(.invalidValue, location: reader.metadata.metaPath, field: "array",
                                 message: "the array has \(array.elementCount) elements but the recording \(m) channels",
                                 fix: "give --array matching the recording (its sightline:array says which)")
        }
        let n = x.count / m
        let base = MeasuredBearing(azimuthDegrees: 0, sigmaDegrees: 0, snrDB: 0, startSeconds: span.startSeconds,
                                   durationSeconds: span.durationSeconds, frequencyHz: span.frequencyHz,
                                   sensorEastMeters: sensor.east, sensorNorthMeters: sensor.north)
        var est = DOAEstimator(array: array, snapshots: x)
        let snr = try snrDB(est)
        let quality = confidence(eigenvalues: try est.covariance.hermitianEigen().values, sources: 1)
        if method == .watsonWatt {
            guard case .adcock(let r) = array.geometry else {
                throw SightlineError(.unsupported, location: "bearing", field: "method", message: "watson-watt needs the adcock array",
                                     fix: "use --array adcock, or music for other arrays")
            }
            let b = try WatsonWatt.bearing(snapshots: x, radiusMeters: r, wavelengthMeters: array.wavelengthMeters)
            var result = base
            result.snrDB = snr
            result.confidence = quality
            result.azimuthDegrees = b.azimuthDegrees
            result.sigmaDegrees = max(b.sigmaDegrees, crbDegrees(array: array, azimuthDegrees: b.azimuthDegrees, snapshots: n, snrDB: snr))
            return [result]
        }
        if method == .pseudoDoppler {
            guard case .uca(let elements, let r) = array.geometry else {
                throw SightlineError(.unsupported, location: "bearing", field: "method", message: "pseudo-doppler needs a circular array",
                                     fix: "use --array uca:M:R")
            }
            var result = base
            result.snrDB = snr
            result.confidence = quality
            let fast = try snapshots(reader: reader, span: span, decimate: false)
            result.azimuthDegrees = try PseudoDoppler.bearing(snapshots: fast, elements: elements, radiusMeters: r,
                                                              wavelengthMeters: array.wavelengthMeters)
            result.sigmaDegrees = crbDegrees(array: array, azimuthDegrees: result.azimuthDegrees, snapshots: n / elements, snrDB: snr)
            return [result]
        }
        if let l = smoothing {
            est.forwardBackwardAverage()
            est = try est.spatiallySmoothed(subarray: l)
        }
        let k = try sources ?? max(1, est.sourceCount(criterion: .mdl))
        let doaMethod = DOAEstimator.Method(rawValue: method.rawValue)!
        let kQuality = confidence(eigenvalues: try est.covariance.hermitianEigen().values, sources: k)
        if let spectrum, [.bartlett, .mvdr, .music].contains(doaMethod) {
            let d = est.domainDegrees
            let grid = stride(from: d.lowerBound, through: d.upperBound, by: 0.5).map { $0 }
            let p = try est.spectrum(doaMethod, sources: k, at: grid)
            let peak = p.max() ?? 1
            spectrum(zip(grid, p).map { ($0, Decibels.fromPowerRatio(max($1 / peak, 1e-12))) })
        }
        return try est.estimate(doaMethod, sources: k).map { az0 in
            var result = base
            result.snrDB = snr
            result.confidence = kQuality
            result.sigmaDegrees = crbDegrees(array: est.array, azimuthDegrees: az0, snapshots: n, snrDB: snr)
            var az = az0
            if az < 0 { az += 360 }
            result.azimuthDegrees = az.truncatingRemainder(dividingBy: 360)
            return result
        }
    }
}
