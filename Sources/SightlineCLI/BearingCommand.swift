import ArgumentParser
import Foundation
import Sightline

/// `sightline bearing`: bearings from a multi-channel recording.
public struct BearingCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bearing",
        abstract: """
            Bearings from an array recording: Watson-Watt (Adcock), pseudo-Doppler (UCA), Bartlett, MVDR, MUSIC, \
            root-MUSIC, ESPRIT.
            """,
        discussion: """
            Azimuths are degrees clockwise from north; a ULA (elements along east, broadside north) cannot tell front \
            from back, so its bearings lie in [270°, 360°) ∪ [0°, 90°]. With --detections each detection's span \
            and \
            channel is mixed down, low-pass filtered to its bandwidth and decimated to independent snapshots; \
            without, the whole recording is one span.

            sigma_deg: for the array methods, the multi-source stochastic Cramér–Rao bound (Stoica & Nehorai 1990) \
            of \
            a K-source model fitted to the span (K = --sources): each source's power from the signal subspace's \
            eigenvalues, at the estimated bearings and their separation; snr_db is that source's own per-element SNR. \
            Watson-Watt: the estimator's second-order variance at the estimated SNR (checked against IQ-level RMSE). \
            Pseudo-Doppler: measured on the span by batch means (thermal noise and the signal's own modulation). The \
            floor --min-sigma-deg (calibration accuracy) is added in quadrature; a bearing whose sigma exceeds \
            --max-sigma-deg is written "resolved": false with "sigma_deg": null (sightline locate skips it). The \
            document states the floor and ceiling (sigma_floor_deg, sigma_ceiling_deg), both bounds \
            (crb_stochastic_deg, crb_deterministic_deg) and any warnings. confidence (0–1) is the DF quality: the \
            share of the received power the plane-wave model explains net of noise — low for multipath, several \
            sources or bad calibration.

            Method names: capon = mvdr (KrakenSDR/pyargus, MATLAB), beamscan = bartlett (MATLAB). --smoothing L \
            counts the elements of each subarray (Shan–Wax–Kailath): M − L + 1 overlapping subarrays are \
            averaged \
            after forward–backward averaging, and the array becomes an L-element ULA, so at most L − 1 sources \
            can be \
            asked for and up to M − L + 1 coherent ones decorrelated. MATLAB counts differently: \
            phased.MUSICEstimator's SpatialSmoothing is the number of averaging steps, S = M − L, and spsmooth(R, K) \
            the number of subarrays, K = M − L + 1. ESPRIT (--esprit-form dual, the default) runs on the \
            forward–backward averaged covariance with two subarray displacements, 1 (coarse, unambiguous) and \
            round(M/3) (fine: 1.0–1.2× the CRB against textbook's 1.2–1.5×); --esprit-form textbook is Roy & \
            Kailath's LS-ESPRIT with a one-element displacement and no averaging, as doa-py computes it.

            Output: {"bearings": [{azimuth_deg, sigma_deg, snr_db, start_s, duration_s, frequency_hz, sensor: \
            {east_m, north_m}, method, sources, resolved, confidence, sigma_floor_deg, sigma_ceiling_deg, \
            sigma_model, crb_stochastic_deg, crb_deterministic_deg, warnings}]}.
            """
    )

    @Argument(help: "The multi-channel recording (.sigmf-meta).") public var input: String
    @Option(
        help: """
            Array: ula:M:D (D in wavelengths), uca:M:R (R in metres) or adcock[:R] (default: the recording's \
            sightline:array).
            """
    )
    public var array: String?
    @Option(
        help: """
            Method: watson-watt, pseudo-doppler, bartlett (beamscan), mvdr (capon), music, root-music, esprit \
            (default: \
            watson-watt for adcock, music otherwise).
            """
    )
    public var method: BearingJob.Method?
    @Option(help: "Detections JSON from `sightline detect` (one bearing per detection).") public var detections: String?
    @Option(
        help: """
            Sources per span: a number from 1 to M − 1 (L − 1 with --smoothing), or auto (counted by MDL). Array \
            methods \
            only.
            """
    ) public var sources: SourceCount = .count(1)
    @Option(
        help: """
            ULA spatial smoothing: L, the number of elements per subarray (2…M; M − L + 1 subarrays are averaged, \
            after \
            forward–backward averaging). MATLAB's SpatialSmoothing counts averaging steps instead: S = M − L.
            """
    )
    public var smoothing: Int?
    @Option(
        name: .customLong("esprit-form"),
        help: """
            ESPRIT: dual (forward–backward averaged, displacements 1 and round(M/3); default) or textbook \
            (LS-ESPRIT, \
            displacement 1, no averaging).
            """
    )
    public var espritForm: DOAEstimator.ESPRITForm = .dual
    @Option(
        name: .customLong("spectrum-svg"),
        help: "Write the spatial spectrum of the first span (bartlett, mvdr, music) as SVG."
    )
    public var spectrumSVG: String?
    @Option(name: .customLong("bandwidth-hz"), help: "Channel bandwidth when no detections are given.") public
        var bandwidthHz: Double = 200_000
    @Option(
        name: .customLong("sensor-east-m"),
        parsing: .unconditional,
        help: "Sensor position (default: the recording's sightline:receiver)."
    )
    public var sensorEastM: Double?
    @Option(name: .customLong("sensor-north-m"), parsing: .unconditional) public var sensorNorthM: Double?
    @Option(
        name: .customLong("min-sigma-deg"),
        help: """
            Floor on sigma_deg, added in quadrature: the instrument's calibration accuracy (element gain/phase \
            mismatch), \
            which the CRB does not see.
            """
    )
    public var minSigmaDeg: Double = 1
    @Option(
        name: .customLong("max-sigma-deg"),
        help: """
            Ceiling on sigma_deg: a bearing less certain than this is written unresolved (sigma_deg null).
            """
    )
    public var maxSigmaDeg: Double = BearingJob.Options.defaultCeilingDegrees
    @Option(help: "Write the bearings document here.") public var output: String?
    @Flag(help: "Print the bearings document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        guard bandwidthHz > 0, bandwidthHz.isFinite else {
            throw ValidationError("--bandwidth-hz \(bandwidthHz): give a positive bandwidth")
        }
        guard minSigmaDeg >= 0, minSigmaDeg.isFinite else {
            throw ValidationError("--min-sigma-deg \(minSigmaDeg): give 0 or more")
        }
        guard maxSigmaDeg > minSigmaDeg, maxSigmaDeg.isFinite else {
            throw ValidationError(
                "--max-sigma-deg \(maxSigmaDeg): give a finite ceiling above --min-sigma-deg (\(minSigmaDeg))"
            )
        }
    }

    public func run() throws {
        let meta = try SigMFMetadata.read(path: input)
        let geometryText = array ?? meta.arrayGeometry
        guard let geometryText else {
            throw SightlineError(
                .missingField,
                location: meta.metaPath,
                field: "sightline:array",
                message: "the recording does not say its array",
                fix: "give --array ula:8:0.5, uca:8:0.3 or adcock"
            )
        }
        let geometry = try AntennaArray.geometry(
            parsing: geometryText,
            location: array == nil ? meta.metaPath : "command line",
            field: array == nil ? "sightline:array" : "--array"
        )
        let chosen =
            method
            ?? {
                if case .adcock = geometry { return .watsonWatt }
                return .music
            }()
        let options = BearingJob.Options(
            sources: sources.count,
            smoothing: smoothing,
            espritForm: espritForm,
            sigmaFloorDegrees: minSigmaDeg,
            sigmaCeilingDegrees: maxSigmaDeg
        )
        // The whole request against the array and the recording, before any sample is read.
        try BearingJob.validate(geometry: geometry, channels: meta.channelCount, method: chosen, options: options)
        // A recording that does not say where it was made gets (0, 0), said in each bearing.
        let placed = Self.sensor(given: (sensorEastM, sensorNorthM), recorded: meta.receiverPosition)
        let sensor = placed ?? (0, 0)
        let unplaced =
            placed == nil
            ? """
            the sensor's position is unknown (no sightline:receiver in the recording, no \
            --sensor-east-m/--sensor-north-m): (0, 0) m assumed
            """
            : nil
        let total = Double(try meta.sampleCount()) / meta.sampleRateHz
        var spans: [BearingJob.Span] = []
        if let detections {
            spans = try Self.readSpans(detections)
        } else {
            spans = [
                BearingJob.Span(
                    startSeconds: 0,
                    durationSeconds: total,
                    frequencyHz: meta.frequencyHz ?? 0,
                    bandwidthHz: bandwidthHz
                )
            ]
        }
        let reader = try SigMFReader(metadata: meta)
        var records: [BearingsDocument.Record] = []
        var spectrumPoints: [(Double, Double)]?
        for (i, span) in spans.enumerated() {
            let array = AntennaArray(geometry, frequencyHz: span.frequencyHz)
            let found: [MeasuredBearing]
            do {
                found = try BearingJob.bearings(
                    reader: reader,
                    array: array,
                    method: chosen,
                    span: span,
                    sensor: sensor,
                    options: options,
                    spectrum: i == 0 && spectrumSVG != nil ? { spectrumPoints = $0 } : nil
                )
            } catch var e as SightlineError where detections != nil {
                e.message += String(format: " (detections[%d], the span at %.6g s)", i, span.startSeconds)
                throw e
            }
            for var b in found {
                if let unplaced { b.warnings.append(unplaced) }
                records.append(BearingsDocument.Record(b, method: chosen.rawValue))
                for w in b.warnings {
                    FileHandle.standardError.write(
                        Data(
                            String(format: "sightline bearing: warning: the bearing at %.6g s: %@\n", b.startSeconds, w)
                                .utf8
                        )
                    )
                }
            }
        }
        if let spectrumSVG {
            guard let points = spectrumPoints else {
                throw SightlineError(
                    .unsupported,
                    location: "command line",
                    field: "--spectrum-svg",
                    message: "\(chosen.rawValue) has no spatial spectrum",
                    fix: "use --method bartlett, mvdr or music"
                )
            }
            var plot = SVGPlot(
                title: "Spatial spectrum (\(chosen.rawValue), \(geometryText))",
                xLabel: "azimuth (degrees, clockwise from north)",
                yLabel: "relative power (dB)"
            )
            plot.series = [
                .init(
                    label: chosen.rawValue,
                    points: points.map { (x: $0.0, y: max($0.1, -60)) },
                    colour: SVGPlot.palette[0]
                )
            ]
            try AtomicFile.write(plot.render(), to: spectrumSVG)
        }
        let text = try BearingsDocument(bearings: records).json()
        if let output { try AtomicFile.write(text + "\n", to: output) }
        if json {
            print(text)
            return
        }
        for r in records {
            let sigma = r.sigmaDegrees.map { String(format: "± %.2f°", $0) } ?? "unresolved"
            print(
                String(
                    format: "bearing %.2f° %@ (SNR %.1f dB) at %.4f s from (%.0f, %.0f) m",
                    r.azimuthDegrees,
                    sigma,
                    r.snrDB,
                    r.startSeconds,
                    sensor.0,
                    sensor.1
                )
            )
        }
        if let output { print("bearings: \(output)") }
    }

    static func readSpans(_ path: String) throws -> [BearingJob.Span] {
        try DetectionDocument.read(path: path).detections.map {
            BearingJob.Span(
                startSeconds: $0.startSeconds,
                durationSeconds: $0.durationSeconds,
                frequencyHz: $0.frequencyHz,
                bandwidthHz: max($0.bandwidthHz, 50_000)
            )
        }
    }
}

extension BearingCommand {
    /// The sensor's place: the options where given, else the recording's; nil if neither says.
    static func sensor(
        given: (Double?, Double?),
        recorded: (eastMeters: Double, northMeters: Double)?
    ) -> (Double, Double)? {
        guard let east = given.0 ?? recorded?.eastMeters, let north = given.1 ?? recorded?.northMeters else {
            return nil
        }
        return (east, north)
    }
}

/// `--sources`: a count, or `auto` (counted by MDL).
public enum SourceCount: ExpressibleByArgument, Sendable, Equatable {
    case auto
    case count(Int)

    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let n = Int(argument), n >= 1 {
            self = .count(n)
        } else {
            return nil
        }
    }

    /// The count, nil for auto.
    public var count: Int? {
        if case .count(let n) = self { return n }
        return nil
    }

    public var defaultValueDescription: String { count.map(String.init) ?? "auto" }
}
