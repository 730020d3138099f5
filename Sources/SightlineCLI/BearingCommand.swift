import ArgumentParser
import Foundation
import Sightline

/// `sightline bearing`: bearings from a multi-channel recording.
public struct BearingCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bearing",
        abstract: "Bearings from an array recording: Watson-Watt (Adcock), pseudo-Doppler (UCA), Bartlett, MVDR, MUSIC, root-MUSIC, ESPRIT.",
        discussion: """
            Azimuths are degrees clockwise from north; a ULA (elements along east, broadside north) cannot tell front from back, so its bearings lie in [270°, 360°) ∪ [0°, 90°]. With --detections each detection's span and channel is mixed down, low-pass filtered to its bandwidth and decimated to independent snapshots; without, the whole recording is one span. sigma_deg is the single-source stochastic Cramér–Rao bound at the estimated SNR (Watson-Watt: the larger of that and the snapshot scatter), but never below --min-sigma-deg, the calibration floor. confidence (0–1) is the DF quality: the share of the received power the plane-wave model explains net of noise — low for multipath, several sources or bad calibration. Output: {"bearings": [{azimuth_deg, sigma_deg, snr_db, start_s, duration_s, frequency_hz, sensor: {east_m, north_m}}]}.
            """)

    @Argument(help: "The multi-channel recording (.sigmf-meta).") public var input: String
    @Option(help: "Array: ula:M:D (D in wavelengths), uca:M:R (R in metres) or adcock[:R] (default: the recording's sightline:array).")
    public var array: String?
    @Option(help: "Method: watson-watt, pseudo-doppler, bartlett, mvdr, music, root-music, esprit (default: watson-watt for adcock, music otherwise).")
    public var method: String?
    @Option(help: "Detections JSON from `sightline detect` (one bearing per detection).") public var detections: String?
    @Option(help: "Sources per span: a number, or auto (counted by MDL). Array methods only.") public var sources: String = "1"
    @Option(help: "ULA: forward–backward averaging and spatial smoothing over subarrays of this many elements (coherent multipath).")
    public var smoothing: Int?
    @Option(name: .customLong("spectrum-svg"), help: "Write the spatial spectrum of the first span (bartlett, mvdr, music) as SVG.")
    public var spectrumSVG: String?
    @Option(name: .customLong("bandwidth-hz"), help: "Channel bandwidth when no detections are given.") public var bandwidthHz: Double = 200_000
    @Option(name: .customLong("sensor-east-m"), parsing: .unconditional, help: "Sensor position (default: the recording's sightline:receiver).")
    public var sensorEastM: Double?
    @Option(name: .customLong("sensor-north-m"), parsing: .unconditional) public var sensorNorthM: Double?
    @Option(name: .customLong("min-sigma-deg"), help: "Floor on sigma_deg: the instrument's calibration accuracy (element gain/phase mismatch), which the CRB does not see.")
    public var minSigmaDeg: Double = 1
    @Option(help: "Write the bearings document here.") public var output: String?
    @Flag(help: "Print the bearings document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        if let method { guard BearingJob.Method(rawValue: method) != nil else {
            throw ValidationError("--method \(method): use watson-watt, pseudo-doppler, bartlett, mvdr, music, root-music or esprit")
        } }
        guard bandwidthHz > 0 else { throw ValidationError("--bandwidth-hz \(bandwidthHz): give a positive bandwidth") }
        guard minSigmaDeg >= 0 else { throw ValidationError("--min-sigma-deg \(minSigmaDeg): give 0 or more") }
        guard sources == "auto" || (Int(sources).map { $0 >= 1 } ?? false) else {
            throw ValidationError("--sources \(sources): give a count of 1 or more, or auto")
        }
    }

    public func run() throws {
        let meta = try SigMFMetadata.read(path: input)
        let geometryText = array ?? meta.arrayGeometry
        guard let geometryText else {
            throw SightlineError(.missingField, location: meta.metaPath, field: "sightline:array",
                                 message: "the recording does not say its array", fix: "give --array ula:8:0.5, uca:8:0.3 or adcock")
        }
        let geometry = try AntennaArray.geometry(parsing: geometryText, location: "command line", field: "--array")
        let chosen = method.flatMap(BearingJob.Method.init(rawValue:)) ?? {
            if case .adcock = geometry { return .watsonWatt }
            return .music
        }()
        let receiver = try Self.receiverPosition(meta.metaPath)
        let sensor = (sensorEastM ?? receiver.0, sensorNorthM ?? receiver.1)
        let total = Double(try meta.sampleCount()) / meta.sampleRateHz
        var spans: [BearingJob.Span] = []
        if let detections {
            spans = try Self.readSpans(detections)
        } else {
            spans = [BearingJob.Span(startSeconds: 0, durationSeconds: total, frequencyHz: meta.frequencyHz ?? 0, bandwidthHz: bandwidthHz)]
        }
        let reader = try SigMFReader(metadata: meta)
        var records: [[String: Any]] = []
        var spectrumPoints: [(Double, Double)]?
        for (i, span) in spans.enumerated() {
            let array = AntennaArray(geometry, frequencyHz: span.frequencyHz)
            let found = try BearingJob.bearings(
                reader: reader, array: array, method: chosen, span: span, sensor: sensor,
                sources: sources == "auto" ? nil : Int(sources), smoothing: smoothing,
                spectrum: i == 0 && spectrumSVG != nil ? { spectrumPoints = $0 } : nil)
            for b in found {
                records.append(["azimuth_deg": b.azimuthDegrees, "sigma_deg": max(b.sigmaDegrees, minSigmaDeg), "snr_db": b.snrDB,
                                "start_s": b.startSeconds, "duration_s": b.durationSeconds, "frequency_hz": b.frequencyHz,
                                "sensor": ["east_m": b.sensorEastMeters, "north_m": b.sensorNorthMeters], "method": chosen.rawValue,
                                "confidence": b.confidence])
            }
        }
        if let spectrumSVG {
            guard let points = spectrumPoints else {
                throw SightlineError(.unsupported, location: "command line", field: "--spectrum-svg",
                                     message: "\(chosen.rawValue) has no spatial spectrum", fix: "use --method bartlett, mvdr or music")
            }
            var plot = SVGPlot(title: "Spatial spectrum (\(chosen.rawValue), \(geometryText))", xLabel: "azimuth (degrees, clockwise from north)",
                               yLabel: "relative power (dB)")
            plot.series = [.init(label: chosen.rawValue, points: points.map { (x: $0.0, y: max($0.1, -60)) }, colour: SVGPlot.palette[0])]
            try AtomicFile.write(plot.render(), to: spectrumSVG)
        }
        let text = try JSONOutput.string(["bearings": records])
        if let output { try AtomicFile.write(text + "\n", to: output) }
        if json { print(text); return }
        for r in records {
            print(String(format: "bearing %.2f° ± %.2f° (SNR %.1f dB) at %.4f s from (%.0f, %.0f) m", r["azimuth_deg"] as! Double,
                         r["sigma_deg"] as! Double, r["snr_db"] as! Double, r["start_s"] as! Double, sensor.0, sensor.1))
        }
        if let output { print("bearings: \(output)") }
    }

    static func receiverPosition(_ metaPath: String) throws -> (Double, Double) {
        guard let data = FileManager.default.contents(atPath: metaPath),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let global = root["global"] as? [String: Any], let r = global["sightline:receiver"] as? [String: Any] else { return (0, 0) }
        return ((r["east_m"] as? NSNumber)?.doubleValue ?? 0, (r["north_m"] as? NSNumber)?.doubleValue ?? 0)
    }

    static func readSpans(_ path: String) throws -> [BearingJob.Span] {
        let list = try ResultDocument.list(path, key: "detections", writtenBy: "sightline detect --detections")
        return try list.enumerated().map { i, d in
            guard let s = d["start_s"] as? Double, let dur = d["duration_s"] as? Double, let f = d["frequency_hz"] as? Double,
                  let b = d["bandwidth_hz"] as? Double else {
                throw SightlineError(.malformedFile, location: path, field: "detections[\(i)]",
                                     message: "needs start_s, duration_s, frequency_hz and bandwidth_hz", fix: "regenerate it with sightline detect")
            }
            return BearingJob.Span(startSeconds: s, durationSeconds: dur, frequencyHz: f, bandwidthHz: max(b, 50_000))
        }
    }
}
