import Foundation
import Sightline
import SightlineCLI

// libFuzzer entry point for Sightline. One binary serves every target; the target is chosen
// by the SIGHTLINE_FUZZ_TARGET environment variable (see `Target`). Each input is written to
// files in a private scratch folder and fed to the same code a user reaches: the parsers
// and the `sightline` commands, run in-process. A thrown error (SightlineError, or an
// ArgumentParser validation error) is the expected way to reject bad input; any trap,
// sanitizer report, leak of memory beyond libFuzzer's limits or time-out is a finding.
#if canImport(Glibc)
import Glibc
#endif

enum Target: String, CaseIterable {
    /// A `.sigmf-meta` file beside a fixed small data file; read, then info, spectrum
    /// (with a waterfall) and detect on it.
    case sigmfMeta = "sigmf-meta"
    /// A metadata file and its data file together: two little-endian length bytes give the
    /// metadata's size, the metadata follows, the rest is the data file.
    case sigmfData = "sigmf-data"
    /// An IQ scene (YAML or JSON): parsed, then generated for 2 ms.
    case scene = "scene"
    /// A timed (risk) scene: parsed, then a few Monte Carlo trials.
    case riskScene = "risk-scene"
    /// A bearings document for `locate` (every method but the slow robust one).
    case bearings = "bearings"
    /// A detections document for `bearing --detections` on a fixed 4-channel recording.
    case detections = "detections"
    /// An RSS level CSV for `locate --method rss`.
    case rss = "rss"
    /// An SRTM `.hgt` tile: the input as the tile's first bytes (the rest zero), or as the
    /// whole file when its first byte is odd; elevations and a range profile over it.
    case hgt = "hgt"
    /// The command line: the input split at newlines into arguments after a subcommand.
    case cli = "cli"
    /// A sweep file (its scene built in, or `c4.yaml` in the scratch folder; no other
    /// paths): parsed, then its first two grid points read as scenes and run for a few calls.
    case sweep = "sweep"
}

/// The scratch folder, the fixed files and the target, set up once per process.
final class Context: Sendable {
    static let shared = Context()
    let target: Target
    let folder: String
    let smallData: Data
    /// The risk engine's measurement model, for the risk-scene target.
    let riskModel: MeasurementModel?

    init() {
        let name = ProcessInfo.processInfo.environment["SIGHTLINE_FUZZ_TARGET"] ?? ""
        guard let t = Target(rawValue: name) else {
            let names = Target.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("sightline-fuzz: set SIGHTLINE_FUZZ_TARGET to one of \(names)\n".utf8))
            exit(2)
        }
        target = t
        folder = NSTemporaryDirectory() + "sightline-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // 4096 cf32 samples of a tone plus a little deterministic noise.
        var bytes = Data(capacity: 4096 * 8)
        var state: UInt32 = 12345
        for n in 0..<4096 {
            state = state &* 1664525 &+ 1013904223
            let noise = Float(state >> 8) / Float(1 << 24) - 0.5
            let phase = Float(n) * 0.7
            for v in [cos(phase) + 0.1 * noise, sin(phase) - 0.1 * noise] {
                withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        smallData = bytes
        // A small calibration: the harness needs a model's shape, not the standard one's
        // accuracy, and the standard one (its 180 s of noise and pause table) takes minutes
        // under AddressSanitizer.
        var request = CalibrationRequest()
        request.snrDB = [0, 3, 5, 8]
        request.windows = 2
        request.bearingSNRdB = [0, 12]
        request.bearings = 10
        request.noiseSeconds = 0.5
        request.pauseWindows = 1
        // Every command that asks for the standard model (risk, range's device detector) gets
        // this one, in every target.
        let model = try! request.calibrate(threads: 1)
        MeasurementModel.useAsStandard(model)
        riskModel = t == .riskScene || t == .sweep ? model : nil
        if t == .sweep {
            try! BuiltInRiskScenes.railwayStation.write(toFile: folder + "/c4.yaml", atomically: true, encoding: .utf8)
        }
        // A 4-channel recording for `bearing` (written with the library's own writer).
        if t == .detections || t == .cli {
            let meta =
                #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1000000,"core:num_channels":4,"#
                + #""sightline:array":"ula:4:0.5"},"captures":[{"core:sample_start":0,"core:frequency":900000000}],"annotations":[]}"#
            try! meta.write(toFile: folder + "/array.sigmf-meta", atomically: true, encoding: .utf8)
            try! bytes.write(to: URL(fileURLWithPath: folder + "/array.sigmf-data"))
        }
        if t == .cli {
            let meta =
                #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1000000},"captures":[{"core:sample_start":0,"core:frequency":900000000}],"annotations":[]}"#
            try! meta.write(toFile: folder + "/rec.sigmf-meta", atomically: true, encoding: .utf8)
            try! bytes.write(to: URL(fileURLWithPath: folder + "/rec.sigmf-data"))
        }
        // Results go to files in the scratch folder; stdout (documents, summaries) is discarded.
        let null = open("/dev/null", O_WRONLY)
        if null >= 0 { dup2(null, 1) }
        FileManager.default.changeCurrentDirectoryPath(folder)
    }

    func path(_ name: String) -> String { folder + "/" + name }

    func write(_ data: Data, _ name: String) {
        try? FileManager.default.removeItem(atPath: path(name))
        _ = FileManager.default.createFile(atPath: path(name), contents: data)
    }
}

/// Parses and runs one `sightline` command line; errors are the expected rejections.
func sightline(_ arguments: [String]) {
    do {
        var command = try SightlineCommand.parseAsRoot(arguments)
        try command.run()
    } catch {
        // Rejected: fine. (A trap never gets here.)
        _ = SightlineCommand.exitCode(for: error)
        _ = SightlineCommand.fullMessage(for: error)
    }
}

func run(_ input: Data, in c: Context) {
    switch c.target {
    case .sigmfMeta:
        c.write(input, "in.sigmf-meta")
        c.write(c.smallData, "in.sigmf-data")
        if let meta = try? SigMFMetadata.read(path: c.path("in.sigmf-meta")),
            let reader = try? SigMFReader(metadata: meta)
        {
            _ = try? reader.readAll()
        }
        sightline(["info", c.path("in.sigmf-meta"), "--json"])
        sightline([
            "spectrum", c.path("in.sigmf-meta"), "--nfft", "64", "--json", "--waterfall", c.path("w.png"),
            "--psd-csv", c.path("psd.csv"),
        ])
        sightline(["detect", c.path("in.sigmf-meta"), "--json", "--threads", "1"])
    case .sigmfData:
        guard input.count >= 2 else { return }
        let length = Int(input[input.startIndex]) | Int(input[input.startIndex + 1]) << 8
        let body = input.dropFirst(2)
        let meta = body.prefix(length)
        let data = body.dropFirst(length)
        c.write(Data(meta), "in.sigmf-meta")
        c.write(Data(data), "in.sigmf-data")
        sightline(["info", c.path("in.sigmf-meta"), "--json"])
        sightline(["spectrum", c.path("in.sigmf-meta"), "--nfft", "32", "--json", "--waterfall", c.path("w.png")])
        sightline(["detect", c.path("in.sigmf-meta"), "--json", "--threads", "1", "--waterfall", c.path("d.png")])
        sightline(["detect", c.path("in.sigmf-meta"), "--json", "--threads", "1", "--noise", "window"])
    case .scene:
        c.write(input, "scene.yaml")
        if (try? SceneFile.read(path: c.path("scene.yaml"))) != nil {
            sightline(["generate", c.path("scene.yaml"), "-o", c.path("gen"), "--duration-s", "0.002", "--json"])
        }
    case .riskScene:
        c.write(input, "risk.yaml")
        // The measurement model is calibrated once per process (the command does it on every
        // run, which takes seconds); then a few calls in the fuzzed scene and each tactic.
        if let scene = try? RiskSceneFile.read(path: c.path("risk.yaml")), let model = c.riskModel {
            for v in [scene] + scene.tactics.map(\.1) {
                _ = try? RiskEngine.run(scene: v, model: model, durations: [30, 120], trials: 4, seed: 1, threads: 1)
            }
        }
    case .bearings:
        c.write(input, "b.json")
        for method in ["ls", "stansfield", "ml", "map"] {
            sightline(["locate", c.path("b.json"), "--method", method, "--json", "--map-svg", c.path("map.svg")])
        }
    case .detections:
        c.write(input, "d.json")
        sightline(["bearing", c.path("array.sigmf-meta"), "--detections", c.path("d.json"), "--json"])
    case .rss:
        c.write(input, "levels.csv")
        sightline(["locate", "--method", "rss", c.path("levels.csv"), "--json", "--map-svg", c.path("map.svg")])
    case .hgt:
        try? FileManager.default.createDirectory(atPath: c.path("srtm"), withIntermediateDirectories: true)
        var tile = input
        if input.first.map({ $0 & 1 == 0 }) ?? true {
            tile = Data(count: 1201 * 1201 * 2)
            tile.replaceSubrange(0..<min(input.count, tile.count), with: input.prefix(tile.count))
        }
        c.write(tile, "srtm/N41E129.hgt")
        if let t = try? SRTMTile(path: c.path("srtm/N41E129.hgt")) {
            for (lat, lon) in [(41.0, 129.0), (41.999, 129.999), (41.5, 129.5), (41.0001, 129.0002), (42.0, 130.0)] {
                _ = t.elevation(latitude: lat, longitude: lon)
            }
        }
        sightline(["range", "--srtm", c.path("srtm"), "--srtm-path", "41.001,129.001:41.02,129.03", "--json"])
    case .sweep:
        // Only the scratch folder's files: a fuzzed scene path must not reach the rest of the machine.
        guard !input.contains(UInt8(ascii: "/")) else { return }
        c.write(input, "sweep.yaml")
        if let sweep = try? SweepFile.read(path: c.path("sweep.yaml")), let model = c.riskModel {
            _ = try? sweep.rows(points: Array(0..<min(2, sweep.pointCount)), model: model, threads: 1)
        }
    case .cli:
        let commands = [
            "info", "spectrum", "detect", "theory", "pathloss", "range", "jam", "powercontrol",
            "generate", "risk", "locate", "bearing", "presets", "homing",
        ]
        guard let first = input.first else { return }
        var arguments = [commands[Int(first) % commands.count]]
        for piece in String(decoding: input.dropFirst(), as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        ) {
            let a = String(piece)
            // Only names inside the scratch folder: a fuzzed path must not reach the rest of the machine.
            if a.contains("/") || a.hasPrefix("~") || a.contains("..") { continue }
            arguments.append(a)
        }
        guard arguments.count <= 24 else { return }
        sightline(arguments)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Data(bytes: $0, count: size) } ?? Data()
    autoreleasepool { run(input, in: Context.shared) }
    return 0
}

#if !canImport(ObjectiveC)
@inline(__always) func autoreleasepool<T>(_ body: () throws -> T) rethrows -> T { try body() }
#endif

@_cdecl("sightline_fuzz_initialize")
public func fuzzInitialize() {
    _ = Context.shared
}
