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
    /// False when `sigmaDegrees` exceeds the ceiling or could not be bounded: the bearing is
    /// not a measurement (a spurious peak, two sources the array cannot separate, noise).
    public var resolved: Bool = true
    /// The number of sources in the model the bearing and its sigma came from.
    public var sources: Int = 1
    /// The floor added in quadrature and the ceiling applied to `sigmaDegrees`.
    public var sigmaFloorDegrees: Double = 0
    public var sigmaCeilingDegrees: Double = BearingJob.Options.defaultCeilingDegrees
    /// Where the sigma comes from: `crb-stochastic` (array methods: the multi-source
    /// stochastic CRB at the estimated powers and bearings), `watson-watt` (the estimator's
    /// second-order variance), `pseudo-doppler-batch-means` (measured on the span).
    public var sigmaModel: String = ""
    /// The multi-source Cramér–Rao bounds at the estimated model (degrees), before the floor.
    public var crbStochasticDegrees: Double?
    public var crbDeterministicDegrees: Double?
    /// Anything that makes the bearing doubtful, in words.
    public var warnings: [String] = []
}

/// Bearings from a multi-channel SigMF recording, one per time span (a detection, or the
/// whole recording). Each span is mixed down to its channel, low-pass filtered to its
/// bandwidth and decimated to independent snapshots, so other emitters and out-of-band noise
/// stay out of the covariance.
public enum BearingJob {
    public enum Method: String, Sendable, CaseIterable {
        case watsonWatt = "watson-watt", pseudoDoppler = "pseudo-doppler", bartlett, mvdr, music, rootMusic =
            "root-music", esprit

        /// Other names users know the methods by: `capon` (KrakenSDR's pyargus, MATLAB) is
        /// MVDR, `beamscan` (MATLAB) is Bartlett.
        public static let aliases: [String: Method] = ["capon": .mvdr, "beamscan": .bartlett]

        /// A method by its name or an alias.
        public init?(name: String) {
            guard let m = Method(rawValue: name.lowercased()) ?? Self.aliases[name.lowercased()] else { return nil }
            self = m
        }

        /// The array (eigen/beamforming) methods, which take --sources, --smoothing.
        public var isArrayMethod: Bool { self != .watsonWatt && self != .pseudoDoppler }
    }

    /// How the bearings are asked for.
    public struct Options: Sendable, Equatable {
        /// The default ceiling on a bearing's sigma: beyond it the bearing is unresolved.
        public static let defaultCeilingDegrees = 30.0
        /// Sources per span (array methods); nil: counted by MDL.
        public var sources: Int?
        /// ULA spatial smoothing: the subarray size L (elements per subarray), 2…M.
        public var smoothing: Int?
        public var espritForm: DOAEstimator.ESPRITForm
        /// Added in quadrature to the statistical sigma: the instrument's calibration accuracy.
        public var sigmaFloorDegrees: Double
        /// A bearing whose sigma exceeds this is reported unresolved.
        public var sigmaCeilingDegrees: Double

        public init(
            sources: Int? = 1,
            smoothing: Int? = nil,
            espritForm: DOAEstimator.ESPRITForm = .dual,
            sigmaFloorDegrees: Double = 0,
            sigmaCeilingDegrees: Double = Options.defaultCeilingDegrees
        ) {
            self.sources = sources
            self.smoothing = smoothing
            self.espritForm = espritForm
            self.sigmaFloorDegrees = sigmaFloorDegrees
            self.sigmaCeilingDegrees = sigmaCeilingDegrees
        }
    }

    /// Checks a request against the array before any sample is read: the method against the
    /// geometry, the array against the recording's channel count, the smoothing subarray
    /// against the array, the number of sources against the elements (or the subarray):
    /// each mismatch is a one-line error naming the option.
    public static func validate(
        geometry: AntennaArray.Geometry,
        channels: Int?,
        method: Method,
        options: Options
    ) throws {
        let elements = AntennaArray(geometry, frequencyHz: 1e9).elementCount
        let cli = SightlineError.parametersLocation
        if let channels, channels != elements {
            throw SightlineError(
                .invalidValue,
                location: cli,
                field: "array",
                message: "the array has \(elements) elements but the recording \(channels) channel(s)",
                fix: "give `array` matching the recording (its sightline:array says which)"
            )
        }
        switch method {
        case .watsonWatt:
            guard case .adcock = geometry else {
                throw SightlineError(
                    .unsupported,
                    location: cli,
                    field: "method",
                    message: "watson-watt needs the adcock array",
                    fix: "use `array` adcock, or music for other arrays"
                )
            }
        case .pseudoDoppler:
            guard case .uca = geometry else {
                throw SightlineError(
                    .unsupported,
                    location: cli,
                    field: "method",
                    message: "pseudo-doppler needs a circular array",
                    fix: "use `array` uca:M:R"
                )
            }
        case .rootMusic, .esprit:
            guard case .ula = geometry else {
                throw SightlineError(
                    .unsupported,
                    location: cli,
                    field: "method",
                    message: "\(method.rawValue) needs a uniform linear array",
                    fix: "use `array` ula:M:D, or music/mvdr/bartlett for other arrays"
                )
            }
        default: break
        }
        if !method.isArrayMethod {
            if options.smoothing != nil {
                throw SightlineError(
                    .invalidValue,
                    location: cli,
                    field: "smoothing",
                    message: "\(method.rawValue) does not use spatial smoothing",
                    fix: "drop `smoothing` (it is for music, root-music, esprit, mvdr and bartlett on a ULA)"
                )
            }
            if let k = options.sources, k != 1 {
                throw SightlineError(
                    .invalidValue,
                    location: cli,
                    field: "sources",
                    message: "\(method.rawValue) measures one source per span, not \(k)",
                    fix: "drop `sources`, or use music on a ULA or UCA for several sources"
                )
            }
        }
        var effective = elements
        if let l = options.smoothing {
            guard case .ula(let m, _) = geometry else {
                throw SightlineError(
                    .unsupported,
                    location: cli,
                    field: "smoothing",
                    message: "spatial smoothing needs a ULA",
                    fix: "drop `smoothing`, or use `array` ula:M:D"
                )
            }
            guard l >= 2 && l <= m else {
                throw SightlineError(
                    .invalidValue,
                    location: cli,
                    field: "smoothing",
                    message: "a subarray of \(l) elements is not in 2…\(m)",
                    fix: "give a subarray size of 2 to \(m) elements (\(m) − L + 1 subarrays are averaged)"
                )
            }
            effective = l
        }
        if method.isArrayMethod, let k = options.sources {
            guard k >= 1 && k < effective else {
                let what =
                    options.smoothing == nil ? "\(effective) elements" : "\(effective)-element smoothing subarrays"
                throw SightlineError(
                    .invalidValue,
                    location: cli,
                    field: "sources",
                    message:
                        """
                        \(k) source(s) on \(what): at most \(effective - 1) can be estimated (one noise dimension \
                        is needed)
                        """,
                    fix: options.smoothing == nil
                        ? "ask for 1 to \(effective - 1) sources"
                        : "ask for 1 to \(effective - 1) sources, or smooth over larger subarrays"
                )
            }
        }
        guard options.sigmaFloorDegrees >= 0, options.sigmaFloorDegrees.isFinite else {
            throw SightlineError(
                .invalidValue,
                location: cli,
                field: "min_sigma_deg",
                message: "\(options.sigmaFloorDegrees) is not 0 or more",
                fix: "give 0 or more degrees"
            )
        }
        guard options.sigmaCeilingDegrees > options.sigmaFloorDegrees else {
            throw SightlineError(
                .invalidValue,
                location: cli,
                field: "max_sigma_deg",
                message:
                    """
                    the ceiling \(options.sigmaCeilingDegrees)° is not above the floor \
                    \(options.sigmaFloorDegrees)°
                    """,
                fix: "give a ceiling above `min_sigma_deg`"
            )
        }
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
        let fs = meta.sampleRateHz
        let m = meta.channelCount
        let total = try meta.sampleCount()
        // In samples, clamped to the recording before any conversion to Int (a span of 1e78 s
        // or a NaN start must not trap).
        let start = (span.startSeconds * fs).rounded(.down)
        let end = ((span.startSeconds + span.durationSeconds) * fs).rounded(.up)
        guard start.isFinite, end.isFinite, span.durationSeconds >= 0 else {
            throw SightlineError(
                .invalidValue,
                location: meta.metaPath,
                field: "span",
                message: "the span \(span.startSeconds) s + \(span.durationSeconds) s is not a finite stretch of time",
                fix: "give finite start and duration, the duration ≥ 0"
            )
        }
        let first = Int(min(Double(total), max(0, start)))
        let last = Int(min(Double(total), max(0, end)))
        guard last > first else {
            throw SightlineError(
                .invalidValue,
                location: meta.metaPath,
                field: "span",
                message: "the span \(span.startSeconds) s + \(span.durationSeconds) s lies outside the recording",
                fix: "use detections of this recording"
            )
        }
        let raw = try reader.readFrames(first..<last)
        try checkSamples(raw, channels: m, location: meta.metaPath, span: span)
        return channelise(
            raw,
            channels: m,
            sampleRateHz: fs,
            firstSample: first,
            offsetHz: span.frequencyHz - (meta.frequencyHz ?? 0),
            bandwidthHz: span.bandwidthHz,
            decimate: decimate
        )
    }

    /// Refuses a span with non-finite samples or a constant channel (all zero, or one value
    /// throughout: a dead element, an unconnected input, a recording of nothing).
    public static func checkSamples(_ raw: [Complex<Float>], channels m: Int, location: String, span: Span) throws {
        let n = raw.count / m
        guard n > 0 else { return }
        let when = String(format: "%.6g–%.6g s", span.startSeconds, span.startSeconds + span.durationSeconds)
        if let bad = raw.firstIndex(where: { !$0.real.isFinite || !$0.imaginary.isFinite }) {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "samples",
                message: "sample \(bad / m) of channel \(bad % m) in \(when) is not finite",
                fix: "check the recording"
            )
        }
        var constant: [Int] = []
        for c in 0..<m {
            let first = raw[c]
            var same = true
            for s in 1..<max(n, 1) where raw[s * m + c] != first {
                same = false
                break
            }
            if same { constant.append(c) }
        }
        guard !constant.isEmpty else { return }
        let value = raw[constant[0]]
        let what =
            value == .zero
            ? "zero" : "the constant \(value.real)\(value.imaginary < 0 ? "-" : "+")\(abs(value.imaginary))j"
        if constant.count == m {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "samples",
                message:
                    """
                    every sample in \(when) is \
                    \(constant.count == m && raw.allSatisfy({ $0 == value }) ? what : "constant on its channel") \
                    (an all-zero or constant recording): there is nothing to take a bearing from
                    """,
                fix: "check the capture (antenna, gain, the file's datatype)"
            )
        }
        throw SightlineError(
            .invalidValue,
            location: location,
            field: "samples",
            message:
                """
                channel\(constant.count == 1 ? "" : "s") \(constant.map(String.init).joined(separator: ", ")) \
                \(constant.count == 1 ? "is" : "are") constant in \(when) (a dead or disconnected element)
                """,
            fix: "check the array's cabling, or give `array` for the elements that work"
        )
    }

    /// Mixes interleaved multi-channel samples (frame-major, `channels` per frame, the first
    /// at absolute sample `firstSample`) down by `offsetHz`, low-pass filters them to
    /// `bandwidthHz` and, with `decimate`, keeps one snapshot per 1/bandwidth.
    public static func channelise(
        _ raw: [Complex<Float>],
        channels m: Int,
        sampleRateHz fs: Double,
        firstSample first: Int,
        offsetHz offset: Double,
        bandwidthHz: Double,
        decimate: Bool = true
    ) -> [Complex<Float>] {
        let n = raw.count / m
        let taps = NoiseWaveform.lowPass(cutoffFraction: min(1, max(bandwidthHz, fs / Double(max(1, n))) / fs)).map(
            Double.init
        )
        let decimation = decimate ? max(1, Int((fs / max(bandwidthHz, 1)).rounded(.down))) : 1
        let half = taps.count / 2
        // Mixed down once per input sample (not once per tap), then filtered.
        var mixed = [Complex<Double>](repeating: .zero, count: raw.count)
        for s in 0..<n {
            let phase = -2 * Double.pi * offset * Double(first + s) / fs
            let rotation = Complex(cos(phase), sin(phase))
            for c in 0..<m {
                let x = raw[s * m + c]
                mixed[s * m + c] = Complex(Double(x.real), Double(x.imaginary)) * rotation
            }
        }
        var out: [Complex<Float>] = []
        out.reserveCapacity(m * max(0, (n - 2 * half) / decimation + 1))
        var index = half
        while index < n - half || (taps.count == 1 && index < n) {
            for c in 0..<m {
                var re = 0.0
                var im = 0.0
                var s = (index - half) * m + c
                for h in taps {
                    let v = mixed[s]
                    re += v.real * h
                    im += v.imaginary * h
                    s += m
                }
                out.append(Complex(Float(re), Float(im)))
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

    public static func bearing(
        reader: SigMFReader,
        array: AntennaArray,
        method: Method,
        span: Span,
        sensor: (east: Double, north: Double)
    ) throws -> MeasuredBearing {
        try bearings(reader: reader, array: array, method: method, span: span, sensor: sensor, sources: 1)[0]
    }

    /// Bearings of `sources` emitters in the span (nil: counted by MDL), after optional
    /// forward–backward averaging and spatial smoothing over `smoothing`-element subarrays
    /// (ULA). `spectrum` receives the spatial spectrum (degrees, dB) of grid methods.
    public static func bearings(
        reader: SigMFReader,
        array: AntennaArray,
        method: Method,
        span: Span,
        sensor: (east: Double, north: Double),
        sources: Int?,
        smoothing: Int? = nil,
        spectrum: (([(Double, Double)]) -> Void)? = nil
    ) throws -> [MeasuredBearing] {
        try bearings(
            reader: reader,
            array: array,
            method: method,
            span: span,
            sensor: sensor,
            options: Options(sources: sources, smoothing: smoothing),
            spectrum: spectrum
        )
    }

    public static func bearings(
        reader: SigMFReader,
        array: AntennaArray,
        method: Method,
        span: Span,
        sensor: (east: Double, north: Double),
        options: Options,
        spectrum: (([(Double, Double)]) -> Void)? = nil
    ) throws -> [MeasuredBearing] {
        try validate(geometry: array.geometry, channels: reader.metadata.channelCount, method: method, options: options)
        let x = try snapshots(reader: reader, span: span)
        return try bearings(
            snapshots: x,
            fastSnapshots: method == .pseudoDoppler
                ? { try snapshots(reader: reader, span: span, decimate: false) } : nil,
            sampleRateHz: reader.metadata.sampleRateHz,
            array: array,
            method: method,
            span: span,
            sensor: sensor,
            options: options,
            spectrum: spectrum
        )
    }

    /// Bearings from channelised snapshots `x` (interleaved, one per 1/bandwidth) already in
    /// memory; pseudo-Doppler also needs `fastSnapshots`, every filtered sample at
    /// `sampleRateHz`.
    public static func bearings(
        snapshots x: [Complex<Float>],
        fastSnapshots: (() throws -> [Complex<Float>])? = nil,
        sampleRateHz: Double,
        array: AntennaArray,
        method: Method,
        span: Span,
        sensor: (east: Double, north: Double),
        options: Options,
        spectrum: (([(Double, Double)]) -> Void)? = nil
    ) throws -> [MeasuredBearing] {
        try validate(geometry: array.geometry, channels: nil, method: method, options: options)
        let m = array.elementCount
        let n = x.count / m
        let needed = method.isArrayMethod ? (options.smoothing ?? m) + 1 : 2
        guard n >= needed else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "span",
                message: String(
                    format: "the span at %.6g s gives %d snapshot(s); %@ needs at least %d",
                    span.startSeconds,
                    n,
                    method.rawValue,
                    needed
                ),
                fix: "use a longer span or a wider `bandwidth_hz`"
            )
        }
        var base = MeasuredBearing(
            azimuthDegrees: 0,
            sigmaDegrees: 0,
            snrDB: 0,
            startSeconds: span.startSeconds,
            durationSeconds: span.durationSeconds,
            frequencyHz: span.frequencyHz,
            sensorEastMeters: sensor.east,
            sensorNorthMeters: sensor.north
        )
        base.sigmaFloorDegrees = options.sigmaFloorDegrees
        base.sigmaCeilingDegrees = options.sigmaCeilingDegrees
        var est = DOAEstimator(array: array, snapshots: x)
        let trace = (0..<m).reduce(0.0) { $0 + est.covariance[$1, $1].real }
        guard trace > 0, trace.isFinite else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "span",
                message: String(
                    format: "the span at %.6g s holds no power in its channel (%.0f Hz wide at %.0f Hz)",
                    span.startSeconds,
                    span.bandwidthHz,
                    span.frequencyHz
                ),
                fix: "check the span's frequency against the recording's"
            )
        }
        let eigenvalues = try est.covariance.hermitianEigen().values
        let quality = confidence(eigenvalues: eigenvalues, sources: 1)
        if method == .watsonWatt {
            guard case .adcock(let r) = array.geometry else { preconditionFailure("validated") }
            let snr = try snrDB(est)
            let b = try WatsonWatt.bearing(
                snapshots: x,
                radiusMeters: r,
                wavelengthMeters: array.wavelengthMeters,
                snr: Decibels.toPowerRatio(snr)
            )
            var result = base
            result.snrDB = snr
            result.confidence = quality
            result.azimuthDegrees = b.azimuthDegrees
            result.sigmaModel = "watson-watt"
            result.crbStochasticDegrees = crbDegrees(
                array: array,
                azimuthDegrees: b.azimuthDegrees,
                snapshots: n,
                snrDB: snr
            )
            return [finish(result, statistical: b.sigmaDegrees)]
        }
        if method == .pseudoDoppler {
            guard case .uca(let elements, let r) = array.geometry, let fastSnapshots else {
                preconditionFailure("validated")
            }
            var result = base
            let snr = try snrDB(est)
            result.snrDB = snr
            result.confidence = quality
            let fast = try fastSnapshots()
            let b = try PseudoDoppler.estimate(
                snapshots: fast,
                elements: elements,
                radiusMeters: r,
                wavelengthMeters: array.wavelengthMeters
            )
            result.azimuthDegrees = b.azimuthDegrees
            result.sigmaModel = "pseudo-doppler-batch-means"
            result.crbStochasticDegrees = crbDegrees(
                array: array,
                azimuthDegrees: b.azimuthDegrees,
                snapshots: n,
                snrDB: snr
            )
            let check = try PseudoDoppler.bandwidthCheck(
                snapshots: fast,
                elements: elements,
                sampleRateHz: sampleRateHz
            )
            result.warnings += check.warnings
            var done = finish(result, statistical: b.sigmaDegrees)
            if check.refuse { done.resolved = false }
            return [done]
        }
        if let l = options.smoothing {
            est.forwardBackwardAverage()
            est = try est.spatiallySmoothed(subarray: l)
        }
        var k = try options.sources ?? max(1, est.sourceCount(criterion: .mdl))
        let doaMethod = DOAEstimator.Method(rawValue: method.rawValue)!
        if let spectrum, [.bartlett, .mvdr, .music].contains(doaMethod) {
            let d = est.domainDegrees
            let grid = stride(from: d.lowerBound, through: d.upperBound, by: 0.5).map { $0 }
            let p = try est.spectrum(doaMethod, sources: k, at: grid)
            let peak = p.max() ?? 1
            spectrum(zip(grid, p).map { ($0, Decibels.fromPowerRatio(max($1 / peak, 1e-12))) })
        }
        var warnings: [String] = []
        let found = try est.estimate(
            doaMethod,
            sources: k,
            espritForm: options.espritForm,
            allowFewer: options.sources == nil
        )
        if found.count < k {
            warnings.append("MDL counted \(k) sources but \(method.rawValue) resolved \(found.count)")
            k = found.count
        }
        let kQuality = confidence(eigenvalues: try est.covariance.hermitianEigen().values, sources: k)
        let assessed = try assess(est, method: doaMethod, bearings: found, snapshots: n)
        return found.indices.map { i in
            var result = base
            result.snrDB = assessed.snrDB[i]
            result.confidence = kQuality
            result.sources = k
            result.sigmaModel = "crb-stochastic" + assessed.additions[i]
            result.crbStochasticDegrees = assessed.stochastic[i]
            result.crbDeterministicDegrees = assessed.deterministic[i]
            result.warnings = warnings + assessed.warnings[i]
            var az = found[i]
            if az < 0 { az += 360 }
            result.azimuthDegrees = az.truncatingRemainder(dividingBy: 360)
            var done = finish(result, statistical: assessed.sigma[i])
            if assessed.unresolved.contains(i) { done.resolved = false }
            return done
        }
    }

    /// Per-source SNR, bounds, sigma and doubts for array-method bearings: the K-source model
    /// is fitted at the bearings; sources it gives no more power than noise alone shows are
    /// spurious (unresolved) and the model is refitted without them; the rest get the
    /// multi-source bounds, plus in quadrature the bearing error equivalent to a model misfit
    /// beyond the noise's (calibration errors, multipath, an estimate past its threshold)
    /// and a beamformer's neighbour bias; a pair closer than its bound can separate is
    /// unresolved.
    struct Assessment {
        var snrDB: [Double], stochastic: [Double], deterministic: [Double], sigma: [Double]
        var unresolved: Set<Int>
        var warnings: [[String]]
        /// What the sigma holds besides the bound: "+bias", "+misfit".
        var additions: [String]
    }

    static func assess(
        _ est: DOAEstimator,
        method: DOAEstimator.Method,
        bearings found: [Double],
        snapshots n: Int
    ) throws -> Assessment {
        let k = found.count
        let m = est.array.elementCount
        var a = Assessment(
            snrDB: [Double](repeating: -60, count: k),
            stochastic: [Double](repeating: .infinity, count: k),
            deterministic: [Double](repeating: .infinity, count: k),
            sigma: [Double](repeating: .infinity, count: k),
            unresolved: [],
            warnings: [[String]](repeating: [], count: k),
            additions: [String](repeating: "", count: k)
        )
        func fit(_ indices: [Int]) -> SourceModel? {
            try? SourceModel.fit(
                covariance: est.covariance,
                array: est.array,
                snapshots: n,
                bearingsDegrees: indices.map { found[$0] }
            )
        }
        guard let first = fit(Array(found.indices)) else {
            a.unresolved = Set(found.indices)
            for i in found.indices {
                a.warnings[i].append("the bearings' steering vectors are not independent: no source powers or bounds")
            }
            return a
        }
        let spurious = Set(first.insignificantSources(elements: m))
        let limit = Decibels.fromPowerRatio(first.significantSNR(elements: m))
        for i in spurious.sorted() {
            a.unresolved.insert(i)
            a.snrDB[i] = first.snrDB[i]
            a.warnings[i].append(
                String(
                    format:
                        """
                        the source at %.2f° (%.1f dB) is no stronger than the noise eigenvalues' own spread (%.1f \
                        dB with %d snapshots): not a source
                        """,
                    found[i],
                    first.snrDB[i],
                    limit,
                    n
                )
            )
        }
        let live = found.indices.filter { !spurious.contains($0) }
        guard !live.isEmpty, let model = spurious.isEmpty ? first : fit(live) else { return a }
        let sto = model.crbDegrees(array: est.array, stochastic: true)
        let det = model.crbDegrees(array: est.array, stochastic: false)
        for (j, i) in live.enumerated() {
            a.snrDB[i] = model.snrDB[j]
            a.stochastic[i] = sto[j]
            a.deterministic[i] = det[j]
            a.sigma[i] = sto[j]
        }
        if model.brokenDown {
            let delta = model.equivalentBearingErrorDegrees
            for i in live {
                a.sigma[i] = (a.sigma[i] * a.sigma[i] + delta * delta).squareRoot()
                a.additions[i] += "+misfit"
                a.warnings[i].append(
                    String(
                        format:
                            """
                            the plane-wave model leaves %.3g× the noise's share of the signal subspace \
                            unexplained (calibration errors, multipath, sources too weak or too close, or more \
                            sources than `sources`): the sigma includes the equivalent bearing error, %.3g°
                            """,
                        model.misfitRatio,
                        delta
                    )
                )
            }
        }
        if (method == .bartlett || method == .mvdr) && k >= 2 {
            // A beamformer's peaks are pulled by their neighbours even without noise: the
            // peaks of its spectrum of the fitted model's own covariance R = A·P·Aᴴ + σ²I
            // (all K sources: the spectrum searched had them all), against the model's
            // bearings, measure that bias; it is added to the sigma in quadrature (or the
            // peaks have merged: unresolved).
            let steering = ComplexMatrix(
                columns: found.map { est.array.steeringVector(azimuthRadians: $0 * .pi / 180) }
            )
            var r = steering * first.sourceCovariance * steering.adjoint
            for d in 0..<r.rows { r[d, d] = r[d, d] + Complex(first.noisePower, 0) }
            let ideal = est.with(covariance: r)
            for i in live {
                let gap = found.indices.filter { $0 != i }.map { abs(found[$0] - found[i]) }.min() ?? 10
                if let peak = try ideal.localPeak(method, sources: k, near: found[i], window: min(5, 0.45 * gap)) {
                    let bias = peak - found[i]
                    if a.sigma[i].isFinite { a.sigma[i] = (a.sigma[i] * a.sigma[i] + bias * bias).squareRoot() }
                    a.additions[i] = "+bias" + a.additions[i]
                    if abs(bias) > 0.5 * a.stochastic[i] {
                        a.warnings[i].append(
                            String(
                                format:
                                    """
                                    %@ is pulled %.2f° by the neighbouring source(s) (included in its sigma); \
                                    music is not
                                    """,
                                method.rawValue,
                                bias
                            )
                        )
                    }
                } else {
                    a.unresolved.insert(i)
                    a.warnings[i].append(
                        String(
                            format: "%@'s peak at %.2f° merges with a neighbour's: not resolved",
                            method.rawValue,
                            found[i]
                        )
                    )
                }
            }
        }
        for (p, q) in model.unresolvedPairs(array: est.array) {
            let (i, j) = (live[p], live[q])
            a.unresolved.formUnion([i, j])
            let text = String(
                format:
                    """
                    the bearings %.2f° and %.2f° are closer than twice the bound on their separation: the array \
                    does not resolve them
                    """,
                found[i],
                found[j]
            )
            a.warnings[i].append(text)
            a.warnings[j].append(text)
        }
        return a
    }

    /// Applies the floor (in quadrature) and the ceiling: a bearing whose sigma exceeds the
    /// ceiling, or has none, is unresolved.
    static func finish(_ b: MeasuredBearing, statistical: Double) -> MeasuredBearing {
        var r = b
        let floor = b.sigmaFloorDegrees
        let sigma = statistical.isFinite ? (statistical * statistical + floor * floor).squareRoot() : .infinity
        r.resolved = sigma.isFinite && sigma <= b.sigmaCeilingDegrees
        r.sigmaDegrees = sigma.isFinite ? sigma : b.sigmaCeilingDegrees
        if !r.resolved {
            r.warnings.append(
                sigma.isFinite
                    ? String(
                        format: "sigma %.3g° exceeds the ceiling %.3g°: unresolved",
                        sigma,
                        b.sigmaCeilingDegrees
                    )
                    : "the sigma cannot be bounded (the model gives no information on this bearing): unresolved"
            )
        }
        return r
    }
}
