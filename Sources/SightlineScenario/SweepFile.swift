import Foundation
import SightlineCore
import SightlineSignals
import Yams

/// Reads sweep files (YAML; the format is in `Signals/sweeps/README.md`):
///
/// ```yaml
/// name: "C4: distance × ridge"          # optional (default: the file's name)
/// scene: ../scenes/c4-railway-station-risk.yaml   # relative to this file, or builtin:c4-railway-station
/// axes:                                 # the grid is their product, the last varying fastest
///   - {path: call.position.east_m, values: [250, 600, 940]}
///   - {path: terrain.ridge.height_m, range: {from: 0, to: 30, step: 15}}   # or count: N
///   - {path: tactic, values: [none, "behind a 30 m ridge"]}              # the scene's tactics
/// durations: [1m, 4m, 8m]               # or "1m,4m,8m"
/// outcomes: [detected, located, misled, agent_arrived]   # optional (default: all four)
/// trials: 200                           # calls per grid point (default 1000)
/// seed: 18                              # optional (default: the scene's)
/// fidelity: measurement                 # or iq (slow)
/// assumptions: nominal                  # the only kind for now (see below)
/// ```
///
/// Every error is one line naming the file, the line, the field and the fix; unknown keys are
/// errors; every axis value is checked by reading the scene with it set (the other axes at
/// their first values) when the file is read, and every point of a run before it starts.
/// Assumption draws (`assumptions: sample`, a fresh draw of the device assumptions per
/// point) need the assumption sets of issue 14, which are not built yet: such a file is
/// refused with an error that says so. The base scene's own tactics are not run at every
/// point; a `tactic` axis picks one of them (or `none`) per point.
public enum SweepFile {
    /// The most grid points a sweep may have.
    public static let maximumPoints = 100_000
    /// The most axes.
    public static let maximumAxes = 8
    /// The most values one axis may take.
    public static let maximumValuesPerAxis = 10_000
    /// Built-in base scenes, by the name after `builtin:`.
    public static let builtInScenes = ["c4-railway-station": BuiltInRiskScenes.railwayStation]

    static let readmeFix = "remove it or check its spelling (see Signals/sweeps/README.md)"

    public static func read(path: String) throws -> Sweep {
        try parse(
            SceneFile.readText(path: path, fix: "give the path of a sweep .yaml (see Signals/sweeps/)"),
            path: path
        )
    }

    public static func parse(_ text: String, path: String) throws -> Sweep {
        let node = try SceneFile.compose(
            text,
            path: path,
            emptyFix: "write a sweep: scene, axes, durations (see Signals/sweeps/README.md)"
        )
        // "scene" as the root's name keeps field names plain (`axes[0].path`, not `sweep.axes…`).
        let m = try Mapping(node, path: path, name: "scene")
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let name = try m.optionalString("name") ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        _ = try m.optionalString("description")
        let (sceneReference, scenePath, sceneText) = try scene(m, sweepPath: path)
        let base = try RiskSceneFile.parse(sceneText, path: scenePath)

        // Axes.
        let axisNodes = try m.sequence("axes")
        guard !axisNodes.isEmpty, axisNodes.count <= maximumAxes else {
            throw m.error("axes", "\(axisNodes.count) axes", fix: "give 1 to \(maximumAxes) axes")
        }
        var axes: [SweepManifest.Axis] = []
        var valueLines: [[Int?]] = []
        for (i, n) in axisNodes.enumerated() {
            let a = try Mapping(n, path: path, name: "axes[\(i)]")
            let (axis, lines) = try self.axis(a)
            if axes.contains(where: { $0.path == axis.path }) {
                throw a.error("path", "\(axis.path) is swept by two axes", fix: "give each path one axis")
            }
            try finish(a)
            axes.append(axis)
            valueLines.append(lines)
        }
        try check(axes, lines: valueLines, axisNodes: axisNodes, path: path, sceneText: sceneText, scenePath: scenePath)
        let points = axes.reduce(1) { $0 * $1.values.count }
        guard points <= maximumPoints else {
            throw m.error(
                "axes",
                "the grid has \(points) points, more than the limit of \(maximumPoints)",
                fix: "sweep fewer values, or split the sweep into several files"
            )
        }

        // Durations, outcomes, trials, seed, fidelity, assumptions.
        let durations = try self.durations(m)
        var outcomes: [String] = Sweep.Outcome.allCases.map(\.rawValue)
        if m.has("outcomes") {
            outcomes = []
            for (i, o) in try m.sequence("outcomes").enumerated() {
                guard let s = o.string, Sweep.Outcome(rawValue: s) != nil, !outcomes.contains(s) else {
                    throw SightlineError(
                        .invalidValue,
                        location: Mapping.location(path, o),
                        field: "outcomes[\(i)]",
                        message: "\"\(o.string ?? "?")\" is not an outcome, or is given twice",
                        fix:
                            "use each of \(Sweep.Outcome.allCases.map(\.rawValue).joined(separator: ", ")) at most once"
                    )
                }
                outcomes.append(s)
            }
            guard !outcomes.isEmpty else { throw m.error("outcomes", "the list is empty", fix: "name an outcome") }
        }
        let trials = try m.optionalNumber("trials", range: 1...Double(RiskEngine.maximumTrials)) ?? 1000
        guard trials == trials.rounded() else {
            throw m.error("trials", "\(trials) is not a whole number", fix: "give a number of calls such as 200")
        }
        let seedValue = try m.optionalNumber("seed", range: 0...9.007e15) ?? Double(base.seed)
        guard seedValue == seedValue.rounded() else {
            throw m.error("seed", "\(seedValue) is not a whole number", fix: "give a whole number")
        }
        let fidelityName = try m.optionalString("fidelity") ?? Fidelity.measurement.rawValue
        guard Fidelity(rawValue: fidelityName) != nil else {
            throw m.error("fidelity", "\"\(fidelityName)\" is not a fidelity", fix: "use measurement or iq")
        }
        if let assumptions = try m.optionalString("assumptions"), assumptions != "nominal" {
            if assumptions == "sample" {
                throw SightlineError(
                    .unsupported,
                    location: m.location(of: m.node),
                    field: "assumptions",
                    message: "assumption draws are not built yet (they need issue 14's assumption sets)",
                    fix: "remove assumptions (or write nominal) and sweep the assumption as an axis instead"
                )
            }
            throw m.error("assumptions", "\"\(assumptions)\" is not known", fix: "write nominal or remove it")
        }
        try finish(m)

        let manifest = SweepManifest(
            name: name,
            sweepFile: fileName,
            sweepSHA256: SHA256.hex(text),
            sweepText: text,
            scene: sceneReference,
            sceneSHA256: SHA256.hex(sceneText),
            sceneText: sceneText,
            sightlineVersion: SightlineVersion.current,
            fidelity: fidelityName,
            trials: Int(trials),
            seed: UInt64(seedValue),
            pointSeeds: Sweep.pointSeedRule,
            durationsSeconds: durations,
            outcomes: outcomes,
            axes: axes,
            points: points,
            measurementModelSHA256: ""
        )
        return Sweep(
            manifest: manifest,
            path: path,
            scenePath: scenePath
        )
    }

    /// Every value of every axis must make a valid scene with the other axes at their first
    /// values (the whole grid is read again, point by point, before a run starts).
    static func check(
        _ axes: [SweepManifest.Axis],
        lines: [[Int?]],
        axisNodes: [Node],
        path: String,
        sceneText: String,
        scenePath: String
    ) throws {
        for (a, axis) in axes.enumerated() {
            for (j, v) in axis.values.enumerated() {
                var settings = axes.map { ($0.path, $0.values[0]) }
                settings[a].1 = v
                do {
                    _ = try Sweep.scene(text: sceneText, scenePath: scenePath, settings: settings)
                } catch let e as SightlineError {
                    throw SightlineError(
                        .invalidValue,
                        location: lines[a][j].map { "\(path):\($0)" } ?? Mapping.location(path, axisNodes[a]),
                        field: "axes[\(a)].values[\(j)]",
                        message: "\(axis.path) = \(v) does not make a valid scene: \(e.field.map { "\($0): " } ?? "")"
                            + e.message,
                        fix: e.fix ?? "give a value the scene accepts at \(axis.path)"
                    )
                }
            }
        }
    }

    /// `finish()` with this format's README in the fix.
    static func finish(_ m: Mapping) throws {
        do {
            try m.finish()
        } catch var e as SightlineError {
            e.fix = readmeFix
            throw e
        }
    }

    /// The base scene: its reference as written, where it was read from, and its text.
    static func scene(_ m: Mapping, sweepPath: String) throws -> (String, String, String) {
        let reference = try m.string("scene")
        let fix =
            "give a timed scene's path relative to the sweep file, or builtin:"
            + builtInScenes.keys.sorted().joined(separator: ", builtin:")
        if reference.hasPrefix("builtin:") {
            let name = String(reference.dropFirst("builtin:".count))
            guard let text = builtInScenes[name] else {
                throw m.error("scene", "\"\(reference)\" is not a built-in scene", fix: fix)
            }
            return (reference, reference, text)
        }
        let resolved =
            reference.hasPrefix("/")
            ? reference
            : URL(fileURLWithPath: sweepPath).deletingLastPathComponent().appendingPathComponent(reference).path
        do {
            return (reference, resolved, try SceneFile.readText(path: resolved, fix: fix))
        } catch let e as SightlineError where e.code == .fileNotFound {
            throw m.error("scene", "\(reference): no such scene file (looked for \(resolved))", fix: fix)
        }
    }

    static func durations(_ m: Mapping) throws -> [Double] {
        guard let node = m.take("durations") else {
            throw m.error("durations", "missing", fix: "add durations, e.g. [1m, 4m, 8m]")
        }
        let text: String
        switch node {
        case .sequence(let s): text = s.map { $0.string ?? "" }.joined(separator: ",")
        case .scalar: text = node.string ?? ""
        default: throw m.error("durations", "not a list", fix: "write durations as a list, e.g. [1m, 4m, 8m]")
        }
        let location = Mapping.location(m.path, node)
        let seconds = try RiskStudy.durations(parsing: text, location: location, field: "durations")
        guard Set(seconds).count == seconds.count else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "durations",
                message: "a duration is given twice",
                fix: "give each call duration once"
            )
        }
        return seconds.sorted()
    }

    /// One axis: its path and values (a list, or a range), each checked against the scene.
    static func axis(_ a: Mapping) throws -> (SweepManifest.Axis, [Int?]) {
        let path = try a.string("path")
        let components = path.split(separator: ".", omittingEmptySubsequences: false)
        guard !path.isEmpty, components.allSatisfy({ !$0.isEmpty }), components.first != "tactics" else {
            throw a.error(
                "path",
                "\"\(path)\" is not a dotted path into the scene",
                fix: "name a key such as call.position.east_m, or tactic to pick among the scene's tactics"
            )
        }
        var values: [SweepValue] = []
        var lines: [Int?] = []
        switch (a.has("values"), a.has("range")) {
        case (true, false):
            for (j, v) in try a.sequence("values").enumerated() {
                guard case .scalar(let s) = v else {
                    throw SightlineError(
                        .invalidValue,
                        location: Mapping.location(a.path, v),
                        field: a.field("values[\(j)]"),
                        message: "not a plain value",
                        fix: "give one number or name per value (sweep each coordinate as its own axis)"
                    )
                }
                let plain = s.style == .plain || s.style == .any
                if plain, let x = v.int.map(Double.init) ?? v.float, x.isFinite {
                    values.append(.number(x))
                } else {
                    values.append(.text(s.string))
                }
                lines.append(v.mark?.line)
            }
        case (false, true):
            let r = try a.mapping("range")
            let from = try r.number("from", range: -1e9...1e9)
            let to = try r.number("to", range: -1e9...1e9)
            guard to >= from else { throw r.error("to", "\(to) is below from (\(from))", fix: "give to ≥ from") }
            let count: Int
            let step: Double
            switch (r.has("step"), r.has("count")) {
            case (true, false):
                step = try r.number("step", range: 1e-9...1e9)
                let n = ((to - from) / step + 1e-9).rounded(.down) + 1
                guard n <= Double(maximumValuesPerAxis) else {
                    throw r.error("step", "gives \(n) values", fix: "give at most \(maximumValuesPerAxis) values")
                }
                count = Int(n)
            case (false, true):
                let n = try r.number("count", range: 1...Double(maximumValuesPerAxis))
                guard n == n.rounded(), n == 1 || to > from else {
                    throw r.error(
                        "count",
                        "\(n) values from \(from) to \(to)",
                        fix: "give a whole count, and to > from"
                    )
                }
                count = Int(n)
                step = count > 1 ? (to - from) / Double(count - 1) : 0
            default:
                throw r.error("step", "give exactly one of step and count", fix: "e.g. step: 100 or count: 8")
            }
            try finish(r)
            for k in 0..<count {
                // Twelve significant digits drop the binary noise of from + k·step (0.30000000000000004).
                let x = Double(String(format: "%.12g", from + Double(k) * step)) ?? from
                values.append(.number(x))
                lines.append(nil)
            }
        default:
            throw a.error("values", "give exactly one of values and range", fix: "e.g. values: [250, 600, 940]")
        }
        guard !values.isEmpty, values.count <= maximumValuesPerAxis else {
            throw a.error("values", "\(values.count) values", fix: "give 1 to \(maximumValuesPerAxis) values")
        }
        if let j = values.indices.first(where: { values.firstIndex(of: values[$0]) != $0 }) {
            throw SightlineError(
                .invalidValue,
                location: lines[j].map { "\(a.path):\($0)" } ?? a.location(of: a.node),
                field: a.field("values[\(j)]"),
                message: "\(values[j]) appears twice",
                fix: "give each value once"
            )
        }
        return (.init(path: path, values: values), lines)
    }
}
