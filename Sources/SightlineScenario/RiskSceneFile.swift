import Foundation
import SightlineCore
import SightlineRF
import SightlineSignals
import Yams

/// Reads timed scenes (YAML or JSON). Errors name the file, the line and the key, as for IQ
/// scenes; unknown keys are errors. A tactic is a list of `path: value` overrides applied to
/// the scene's YAML before it is read (`call.position.east_m: 900`,
/// `observers.0.position.north_m: 50`), so every tactic is checked like the scene itself.
public enum RiskSceneFile {
    public static func read(path: String) throws -> RiskScene {
        try parse(
            SceneFile.readText(path: path, fix: "give the path of a timed scene .yaml (see Signals/scenes/)"),
            path: path
        )
    }

    public static func parse(_ text: String, path: String) throws -> RiskScene {
        let node = try SceneFile.compose(
            text,
            path: path,
            emptyFix: "write a timed scene: name, call, observers (see Signals/scenes/README.md)"
        )
        // Tactics are read off the root first; the rest is the base scene.
        guard case .mapping(var rootMapping) = node else {
            throw SightlineError(
                .invalidValue,
                location: Mapping.location(path, node),
                field: "scene",
                message: "expected a mapping of keys to values",
                fix: "write the scene's keys at the top level"
            )
        }
        var baseNode = node
        var tacticNodes: [Node] = []
        var assumptionNodes: [Node] = []
        if let a = rootMapping["assumptions"] {
            guard case .sequence(let s) = a else {
                throw SightlineError(
                    .invalidValue,
                    location: Mapping.location(path, a),
                    field: "assumptions",
                    message: "not a list",
                    fix: "write assumptions as a list of {name, path, uniform|triangular|lognormal, source}"
                )
            }
            assumptionNodes = Array(s)
        }
        rootMapping["assumptions"] = nil
        baseNode = .mapping(rootMapping)
        if let t = rootMapping["tactics"] {
            guard case .sequence(let s) = t else {
                throw SightlineError(
                    .invalidValue,
                    location: Mapping.location(path, t),
                    field: "tactics",
                    message: "not a list",
                    fix: "write tactics as a list of {name, set}"
                )
            }
            tacticNodes = Array(s)
            var m = rootMapping
            m["tactics"] = nil
            baseNode = .mapping(m)
        }
        var scene = try parseScene(Mapping(baseNode, path: path, name: "scene"))
        scene.definition = (text, path)
        for (i, n) in assumptionNodes.enumerated() {
            scene.assumptions.append(
                try parseAssumption(Mapping(n, path: path, name: "assumptions[\(i)]"), base: baseNode, scene: scene)
            )
        }
        for (i, t) in tacticNodes.enumerated() {
            let tm = try Mapping(t, path: path, name: "tactics[\(i)]")
            let name = try tm.string("name")
            let set = try tm.mapping("set")
            var variant = baseNode
            guard case .mapping(let pairs) = set.node else { continue }
            for (k, v) in pairs {
                let key = k.string ?? ""
                _ = set.take(key)
                variant = try override(
                    variant,
                    path: key.split(separator: ".").map(String.init),
                    with: v,
                    location: Mapping.location(path, k),
                    field: "tactics[\(i)].set.\(key)"
                )
            }
            try tm.finish()
            var tactic = try parseScene(Mapping(variant, path: path, name: "scene"))
            tactic.name = name
            scene.tactics.append((name, tactic))
        }
        return scene
    }

    /// One assumption: its path must name a number of the scene, its range must hold the
    /// scene's value, and the scene must read at both ends of its swing.
    static func parseAssumption(_ m: Mapping, base: Node, scene: RiskScene) throws -> Assumption {
        let name = try m.string("name")
        let dotted = try m.string("path")
        let source = try m.string("source")
        let keys = ["uniform", "triangular", "lognormal", "preset_range"].filter { m.has($0) }
        guard keys.count == 1 else {
            throw m.error(
                keys.isEmpty ? "uniform" : keys[1],
                keys.isEmpty ? "missing: no distribution" : "more than one distribution",
                fix:
                    "give one of uniform: [low, high], triangular: [low, mode, high], lognormal: {median, spread}, "
                    + "preset_range: true"
            )
        }
        func numbers(_ key: String, _ count: Int) throws -> [Double] {
            guard case .sequence(let s)? = m.take(key),
                s.count == count,
                case let xs = s.compactMap({ $0.float ?? $0.int.map(Double.init) }),
                xs.count == count, xs.allSatisfy(\.isFinite)
            else {
                throw m.error(
                    key,
                    "not a list of \(count) numbers",
                    fix: "write \(key): [\(count == 2 ? "low, high" : "low, mode, high")]"
                )
            }
            return xs
        }
        let distribution: Assumption.Distribution
        switch keys[0] {
        case "uniform":
            let x = try numbers("uniform", 2)
            guard x[0] <= x[1] else { throw m.error("uniform", "low above high", fix: "write [low, high]") }
            distribution = .uniform(low: x[0], high: x[1])
        case "triangular":
            let x = try numbers("triangular", 3)
            guard x[0] <= x[1], x[1] <= x[2] else {
                throw m.error("triangular", "not low ≤ mode ≤ high", fix: "write [low, mode, high]")
            }
            distribution = .triangular(low: x[0], mode: x[1], high: x[2])
        case "preset_range":
            // Uniform over the device preset's published range (sightline presets), so the
            // range and its source live in one place.
            guard try m.optionalBool("preset_range") == true else {
                throw m.error("preset_range", "false", fix: "write preset_range: true, or give a distribution")
            }
            guard let (device, field) = presetField(of: dotted, in: scene), let r = device.range(of: field) else {
                throw m.error(
                    "preset_range",
                    "\"\(dotted)\" is not a preset number with a range",
                    fix:
                        "use call.<field> or observers.N.<field> for a field the device's preset gives a range "
                        + "(sightline presets lists them), or give a distribution"
                )
            }
            distribution = .uniform(low: r.low, high: r.high)
        default:
            let l = try m.mapping("lognormal")
            let median = try l.number("median", range: 1e-12...1e12)
            let spread = try l.number("spread", range: 0...5)
            try l.finish()
            distribution = .logNormal(median: median, spread: spread)
        }
        try m.finish()
        // The path must name a number already in the scene.
        var node: Node? = base
        for part in dotted.split(separator: ".").map(String.init) {
            if case .sequence(let s)? = node, let i = Int(part), i >= 0, i < s.count {
                node = s[i]
            } else {
                node = node?.mapping?[part]
            }
        }
        guard let value = node.flatMap({ $0.float ?? $0.int.map(Double.init) }) else {
            throw m.error(
                "path",
                "\"\(dotted)\" names no number of the scene",
                fix: "give the dotted path of a number the scene sets (e.g. observers.1.reaction_s)"
            )
        }
        let a = Assumption(name: name, path: dotted, distribution: distribution, source: source)
        let (low, high) = distribution.swing
        guard value >= distribution.quantile(0) - 1e-9 * abs(value),
            value <= distribution.quantile(1) + 1e-9 * abs(value)
        else {
            throw m.error("path", "the scene's value \(value) is outside the range", fix: "widen the range to hold it")
        }
        for v in [low, high] {
            do {
                _ = try parseScene(
                    Mapping(
                        override(
                            base,
                            path: dotted.split(separator: ".").map(String.init),
                            with: Node(SweepValue.number(v).description),
                            location: m.path,
                            field: dotted
                        ),
                        path: m.path,
                        name: "scene"
                    )
                )
            } catch let e as SightlineError {
                throw m.error(
                    "path",
                    "the scene does not read with \(dotted) = \(v): \(e.message)",
                    fix: "narrow the range"
                )
            }
        }
        return a
    }

    /// Replaces (or adds) the value at a dotted path in a YAML tree; list items by index.
    static func override(_ node: Node, path: [String], with value: Node, location: String, field: String) throws -> Node
    {
        guard let head = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch node {
        case .mapping(var m):
            let child = m[head]
            if child == nil && !rest.isEmpty {
                m[head] = try override(
                    .mapping(Node.Mapping([])),
                    path: rest,
                    with: value,
                    location: location,
                    field: field
                )
            } else {
                m[head] = try override(child ?? value, path: rest, with: value, location: location, field: field)
            }
            return .mapping(m)
        case .sequence(var s):
            guard let i = Int(head), i >= 0, i < s.count else {
                throw SightlineError(
                    .invalidValue,
                    location: location,
                    field: field,
                    message: "\(head) is not an index of that list",
                    fix: "use 0 … \(s.count - 1)"
                )
            }
            s[i] = try override(s[i], path: rest, with: value, location: location, field: field)
            return .sequence(s)
        default:
            throw SightlineError(
                .invalidValue,
                location: location,
                field: field,
                message: "\(head) reaches inside a plain value",
                fix: "name a key of a mapping (e.g. call.position.east_m)"
            )
        }
    }

    // MARK: - Sections

    static func parseScene(_ m: Mapping) throws -> RiskScene {
        let name = try m.string("name")
        let description = try m.optionalString("description") ?? ""
        let seed = UInt64(try m.optionalNumber("seed", range: 0...9.007e15) ?? 1)
        let frequencyHz = (try m.optionalNumber("frequency_mhz", range: 30...3000) ?? 902.4) * 1e6
        let call = try parseCall(m.mapping("call"))
        let propagation = try parsePropagation(m.optionalMapping("propagation"))
        let terrain = try parseTerrain(m.optionalMapping("terrain"))
        let environmentName = try m.optionalString("environment") ?? RiskScene.Environment.suburban.rawValue
        guard let environment = RiskScene.Environment(rawValue: environmentName) else {
            throw m.error(
                "environment",
                "\"\(environmentName)\" is not an environment",
                fix: "use open, suburban or dense"
            )
        }
        // Named places (a security office, a station) agents can be dispatched from.
        var places: [String: RiskScene.Point] = [:]
        if let pm = try m.optionalMapping("places") {
            for key in pm.keys { places[key] = try point(pm.mapping(key)) }
            try pm.finish()
        }
        let observerNodes = try m.sequence("observers")
        guard !observerNodes.isEmpty else {
            throw m.error("observers", "the list is empty", fix: "add at least one observer")
        }
        var observers: [RiskScene.Observer] = []
        for (i, n) in observerNodes.enumerated() {
            let om = try Mapping(n, path: m.path, name: "observers[\(i)]")
            let count = try om.optionalNumber("agents", range: 1...50) ?? 1
            guard count == count.rounded() else {
                throw om.error("agents", "\(count) is not a whole number", fix: "give how many agents, 1 to 50")
            }
            let o = try parseObserver(om, environment: environment, places: places)
            if count > 1 && o.kind != .homing {
                throw om.error("agents", "only homing agents come in numbers", fix: "set kind: homing or remove it")
            }
            observers.append(o)
            // The others are sent with the first, each with its own delay, pace and bearings.
            for k in 2..<(Int(count) + 1) {
                var copy = o
                copy.name = "\(o.name) #\(k)"
                observers.append(copy)
            }
        }
        for (i, o) in observers.enumerated() {
            if let from = o.dispatchedBy, !observers.contains(where: { $0.name == from }) {
                throw SightlineError(
                    .invalidValue,
                    location: m.path,
                    field: "observers[\(i)].dispatched_by",
                    message: "no observer is named \"\(from)\"",
                    fix: "give the name of another observer"
                )
            }
        }
        if Set(observers.map(\.name)).count != observers.count {
            throw m.error("observers", "two observers share a name", fix: "give each observer its own name")
        }
        var jammers: [RiskScene.Jammer] = []
        if m.has("jammers") {
            for (i, n) in try m.sequence("jammers").enumerated() {
                let j = try Mapping(n, path: m.path, name: "jammers[\(i)]")
                let device = try preset(j, "device", role: .jammer, default: "border-jammer")
                let position = try point(j.mapping("position"))
                let erp = try j.optionalNumber("erp_dbm", range: -50...100) ?? device.powerDBm
                try j.finish()
                jammers.append(.init(device: device, position: position, erpDBm: erp))
            }
        }
        let within = try m.optionalNumber("located_within_m", range: 1...1e5) ?? 100
        let story = try parseStory(m.optionalMapping("story"))
        try m.finish()
        return RiskScene(
            name: name,
            description: description,
            seed: seed,
            frequencyHz: frequencyHz,
            call: call,
            propagation: propagation,
            terrain: terrain,
            observers: observers,
            jammers: jammers,
            locatedWithinMeters: within,
            environment: environment,
            story: story
        )
    }

    static func point(_ m: Mapping) throws -> RiskScene.Point {
        let p = RiskScene.Point(
            eastMeters: try m.optionalNumber("east_m", range: -1e7...1e7) ?? 0,
            northMeters: try m.optionalNumber("north_m", range: -1e7...1e7) ?? 0
        )
        try m.finish()
        return p
    }

    static func preset(
        _ m: Mapping,
        _ key: String,
        role: DevicePreset.Role,
        default name: String
    ) throws -> DevicePreset {
        let chosen = try m.optionalString(key) ?? name
        guard let p = DevicePreset.named(chosen), p.role == role else {
            throw m.error(
                key,
                "\"\(chosen)\" is not a \(role.rawValue) preset",
                fix: "use one of: \(DevicePreset.names(role))"
            )
        }
        // The numbers that may carry a range (PresetRange.Field) can be set per scene, so a
        // tactic or an assumption can move them.
        let fields: [PresetRange.Field] =
            role == .receiver
            ? [.noiseFigureDB, .antennaGainDBi, .lossesDB, .pathLossExponent, .pathLossOffsetDB]
            : [.antennaGainDBi, .lossesDB]
        var device = p
        for f in fields {
            let range: ClosedRange<Double> =
                switch f {
                case .pathLossExponent: 1...8
                case .noiseFigureDB: 0...40
                case .pathLossOffsetDB: -40...40
                default: -40...60
                }
            if let v = try m.optionalNumber(f.rawValue, range: range) { device = device.with(f, v) }
        }
        return device
    }

    /// The device an assumption's path sets a preset number of (`call.losses_db`: the
    /// handset; `observers.N.noise_figure_db`: that observer's device), with the field.
    static func presetField(of dotted: String, in scene: RiskScene) -> (DevicePreset, PresetRange.Field)? {
        let parts = dotted.split(separator: ".").map(String.init)
        guard let last = parts.last, let field = PresetRange.Field(rawValue: last) else { return nil }
        if parts.count == 2 && parts[0] == "call" { return (scene.call.handset, field) }
        if parts.count == 3 && parts[0] == "observers", let i = Int(parts[1]), scene.observers.indices.contains(i) {
            return (scene.observers[i].device, field)
        }
        return nil
    }

    static func parseCall(_ m: Mapping) throws -> RiskScene.Call {
        let handset = try preset(m, "handset", role: .transmitter, default: "handset")
        let position = try point(m.mapping("position"))
        let height = try m.optionalNumber("height_m", range: 0...1000) ?? handset.heightMeters
        let fixed = try m.optionalNumber("tx_dbm", range: -30...50)
        var mast = RiskScene.Point(eastMeters: position.eastMeters, northMeters: position.northMeters + 5000)
        var mastHeight = 40.0
        var mastGain = 15.0
        var model = PathLossModel.hataSuburban
        var target = -85.0
        var mastShadowing = 0.0
        var maxCCH: Double?
        if let pc = try m.optionalMapping("power_control") {
            mast = try point(pc.mapping("mast"))
            mastHeight = try pc.optionalNumber("mast_height_m", range: 1...500) ?? mastHeight
            mastGain = try pc.optionalNumber("mast_antenna_gain_dbi", range: -10...30) ?? mastGain
            if let name = try pc.optionalString("model") {
                guard let mm = PathLossModel(rawValue: name) else {
                    throw pc.error(
                        "model",
                        "\"\(name)\" is not a path-loss model",
                        fix: "use one of: \(PathLossModel.namesHelp)"
                    )
                }
                model = mm
            }
            target = try pc.optionalNumber("target_dbm", range: -120...0) ?? target
            mastShadowing = try pc.optionalNumber("shadowing_db", range: 0...20) ?? 0
            maxCCH = try pc.optionalNumber("max_cch_dbm", range: 5...39)
            try pc.finish()
        } else if fixed == nil {
            throw m.error(
                "power_control",
                "missing (and no tx_dbm)",
                fix: "give power_control: {mast: {east_m, north_m}} or a fixed tx_dbm"
            )
        }
        let onBefore = try m.optionalNumber("on_before_call_s", range: 0...1e6) ?? 0
        let lu = try m.optionalNumber("location_update_interval_s", range: 60...1e6) ?? 1800
        let bursts = Int(try m.optionalNumber("signalling_bursts", range: 1...10000) ?? 24)
        var indoors: RiskScene.Call.Indoors?
        if let b = try m.optionalMapping("indoors") {
            let name = try b.string("building")
            // `outdoors` lets a tactic take the phone out of the scene's building.
            let building = BuildingEntryLoss.Building(rawValue: name)
            guard building != nil || name == "outdoors" else {
                throw b.error(
                    "building",
                    "\"\(name)\" is not a building class of ITU-R P.2109",
                    fix: "use traditional or thermally-efficient (or outdoors: no building)"
                )
            }
            let probability = try b.optionalNumber("probability", range: 0.001...0.999)
            try b.finish()
            indoors = building.map { .init(building: $0, probability: probability) }
        }
        let setup = try m.optionalNumber("setup_s", range: 0.1...60)
        let dtx = try m.optionalMapping("dtx").map(DTXSchedule.init(parsing:))
        try m.finish()
        var call = RiskScene.Call(
            position: position,
            heightMeters: height,
            handset: handset,
            fixedPowerDBm: fixed,
            mast: mast,
            mastHeightMeters: mastHeight,
            mastAntennaGainDBi: mastGain,
            mastPathLoss: model,
            powerControlTargetDBm: target,
            onBeforeCallSeconds: onBefore,
            locationUpdateIntervalSeconds: lu,
            signallingBursts: bursts
        )
        call.indoors = indoors
        call.mastShadowingDB = mastShadowing
        call.dtx = dtx
        call.maxCCHPowerDBm = maxCCH
        call.setupSeconds = setup
        return call
    }

    static func parsePropagation(_ m: Mapping?) throws -> RiskScene.Propagation {
        var p = RiskScene.Propagation(shadowingDB: 6, shadowingDecorrelationMeters: 50, fading: .rayleigh, dopplerHz: 1)
        guard let m else { return p }
        p.shadowingDB = try m.optionalNumber("shadowing_db", range: 0...20) ?? p.shadowingDB
        p.shadowingDecorrelationMeters =
            try m.optionalNumber("shadowing_decorrelation_m", range: 1...1e4) ?? p.shadowingDecorrelationMeters
        p.dopplerHz = try m.optionalNumber("doppler_hz", range: 0.01...1000) ?? p.dopplerHz
        if let f = try m.optionalString("fading") {
            switch f {
            case "none": p.fading = .none
            case "rayleigh": p.fading = .rayleigh
            case "rician":
                p.fading = .rician(kFactorDB: try m.optionalNumber("k_factor_db", range: -20...40) ?? 6)
            default:
                throw m.error(
                    "fading",
                    "\"\(f)\" is not a fading kind",
                    fix: "use none, rayleigh or rician (with k_factor_db)"
                )
            }
        }
        if case .rician = p.fading {
        } else if m.has("k_factor_db") {
            throw m.error(
                "k_factor_db",
                "only applies to rician fading",
                fix: "set fading: rician or remove k_factor_db"
            )
        }
        try m.finish()
        return p
    }

    static func parseTerrain(_ m: Mapping?) throws -> RiskScene.Terrain {
        var t = RiskScene.Terrain(ridgeHeightMeters: 0, ridgeDistanceFromPhoneMeters: 100)
        guard let m else { return t }
        if let r = try m.optionalMapping("ridge") {
            t.ridgeHeightMeters = try r.number("height_m", range: -1000...3000)
            t.ridgeDistanceFromPhoneMeters = try r.optionalNumber("distance_from_phone_m", range: 1...1e5) ?? 100
            try r.finish()
        }
        try m.finish()
        return t
    }

    static func parseObserver(
        _ m: Mapping,
        environment: RiskScene.Environment,
        places: [String: RiskScene.Point] = [:]
    ) throws -> RiskScene.Observer {
        let name = try m.string("name")
        let kindText = try m.optionalString("kind") ?? "stationary"
        guard let kind = RiskScene.Observer.Kind(rawValue: kindText) else {
            throw m.error(
                "kind",
                "\"\(kindText)\" is not an observer kind",
                fix: "use one of: \(RiskScene.Observer.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let defaultDevice = kind == .stationary ? "fixed-post" : kind == .patrol ? "backpack" : "handheld-df"
        let device = try preset(m, "device", role: .receiver, default: defaultDevice)
        let position =
            try m.has("position") ? point(m.mapping("position")) : RiskScene.Point(eastMeters: 0, northMeters: 0)
        let height = try m.optionalNumber("height_m", range: 0...1000) ?? device.heightMeters
        var path: [RiskScene.Point] = []
        if m.has("path") {
            for (i, n) in try m.sequence("path").enumerated() {
                path.append(try point(Mapping(n, path: m.path, name: m.field("path[\(i)]"))))
            }
        }
        if kind == .patrol && path.count < 2 {
            throw m.error("path", "a patrol needs at least two waypoints", fix: "list the patrol's waypoints")
        }
        var sensors: [RiskScene.Point] = []
        if m.has("sensors") {
            for (i, n) in try m.sequence("sensors").enumerated() {
                sensors.append(try point(Mapping(n, path: m.path, name: m.field("sensors[\(i)]"))))
            }
        }
        if kind == .multiSensor && sensors.count < 2 {
            throw m.error(
                "sensors",
                "a multi-sensor locator needs two or more sensors",
                fix: "list the sensors' positions"
            )
        }
        let speed = try m.optionalNumber("speed_mps", range: 0.01...100) ?? 1.4
        var dwell = 1.0
        var revisit = 1.0
        if let scan = try m.optionalMapping("scan") {
            dwell = try scan.number("dwell_s", range: 0.001...1e5)
            revisit = try scan.number("revisit_s", range: 0.001...1e5)
            guard dwell <= revisit else {
                throw scan.error("dwell_s", "longer than revisit_s", fix: "make dwell_s ≤ revisit_s")
            }
            try scan.finish()
        }
        let df =
            try m.optionalBool("direction_finding")
            ?? (device.name == "handheld-df" || kind == .multiSensor || kind == .homing)
        let lookInterval = try m.optionalNumber("look_interval_s", range: 0.1...3600) ?? 10
        let look = try m.optionalNumber("look_s", range: 0.005...60) ?? 0.5
        let dispatchedBy = try m.optionalString("dispatched_by")
        if dispatchedBy != nil && kind != .homing {
            throw m.error("dispatched_by", "only a homing agent is dispatched", fix: "set kind: homing or remove it")
        }
        let reaction = try m.optionalNumber("reaction_s", range: 0...1e5) ?? 30
        let stop = try m.optionalNumber("stop_m", range: 1...1e4) ?? 20
        let calibration = try m.optionalNumber("calibration_deg", range: 0...90) ?? 2
        let reactionSpread = try m.optionalNumber("reaction_spread", range: 0...3) ?? 0
        let speedSpread = try m.optionalNumber("speed_spread", range: 0...3) ?? 0
        var chases: RiskScene.Observer.FalseAlarmChases?
        if let fa = try m.optionalMapping("false_alarms") {
            chases = .init(
                perHour: try fa.number("per_hour", range: 0...1e5),
                chaseSeconds: try fa.number("chase_s", range: 0...1e5)
            )
            try fa.finish()
        }
        let grid = try m.optionalNumber("street_grid_deg", range: -360...360)
        let detour = try m.optionalNumber("detour_factor", range: 1...10)
        var start: RiskScene.Point?
        if let node = m.take("dispatch_from") {
            if case .mapping = node {
                start = try point(Mapping(node, path: m.path, name: m.field("dispatch_from")))
            } else if let name = node.string, let p = places[name] {
                start = p
            } else {
                throw m.error(
                    "dispatch_from",
                    "\"\(node.string ?? "?")\" is not a place of the scene",
                    fix: places.isEmpty
                        ? "give a point {east_m, north_m}, or name it under places:"
                        : "use one of: \(places.keys.sorted().joined(separator: ", ")), or a point {east_m, north_m}"
                )
            }
        }
        var search: RiskScene.Observer.Search?
        if let sm = try m.optionalMapping("search") {
            search = .init(
                medianSeconds: try sm.number("median_s", range: 0...1e5),
                spread: try sm.optionalNumber("spread", range: 0...3) ?? 0,
                failureProbability: try sm.optionalNumber("failure_probability", range: 0...1) ?? 0
            )
            try sm.finish()
        }
        if kind != .homing,
            reactionSpread > 0 || speedSpread > 0 || grid != nil || search != nil || detour != nil || start != nil
                || chases != nil
        {
            throw m.error(
                "kind",
                """
                reaction_spread, speed_spread, street_grid_deg, detour_factor, dispatch_from, search and \
                false_alarms are for a homing agent
                """,
                fix: "set kind: homing or remove them"
            )
        }
        var multipath = environment.multipath
        multipath.siteDegrees = try m.optionalNumber("site_error_deg", range: 0...90) ?? multipath.siteDegrees
        multipath.reflectionProbability =
            try m.optionalNumber("reflection_probability", range: 0...1) ?? multipath.reflectionProbability
        multipath.reflectionErrorDegrees =
            try m.optionalNumber("reflection_error_deg", range: 15...180) ?? multipath.reflectionErrorDegrees
        multipath.geometricDegrees =
            try m.optionalNumber("geometric_site_error_deg", range: 0...90) ?? multipath.geometricDegrees
        multipath.fluctuationDegrees =
            try m.optionalNumber("fluctuation_deg", range: 0...90) ?? multipath.fluctuationDegrees
        multipath.lookReflectionProbability =
            try m.optionalNumber("look_reflection_probability", range: 0...1) ?? multipath.lookReflectionProbability
        try m.finish()
        var observer = RiskScene.Observer(
            name: name,
            kind: kind,
            device: device,
            position: position,
            heightMeters: height,
            path: path,
            speedMetersPerSecond: speed,
            sensors: sensors,
            dwellSeconds: dwell,
            revisitSeconds: revisit,
            directionFinding: df,
            lookIntervalSeconds: lookInterval,
            lookSeconds: look,
            dispatchedBy: dispatchedBy,
            reactionSeconds: reaction,
            stopMeters: stop,
            calibrationDegrees: calibration,
            multipath: multipath,
            reactionSpread: reactionSpread,
            speedSpread: speedSpread,
            streetGridDegrees: grid,
            detourFactor: detour,
            startPosition: start,
            search: search
        )
        observer.falseAlarms = chases
        return observer
    }

    /// The optional `story:` section: claim, key_duration_s, the English words, and a `ko:`
    /// sub-map with the same words in Korean.
    static func parseStory(_ m: Mapping?) throws -> RiskStory? {
        guard let m else { return nil }
        let claim = try m.optionalString("claim")
        let key = try m.optionalNumber("key_duration_s", range: 1...1e6)
        let english = try parseStoryText(m)
        var korean: RiskStory.Text?
        if let ko = try m.optionalMapping("ko") {
            korean = try parseStoryText(ko)
            try ko.finish()
        }
        try m.finish()
        return RiskStory(claim: claim, keyDurationSeconds: key, english: english, korean: korean)
    }

    /// The words of a story (title, description, testimony, source, narrative, people,
    /// places, network, precautions, tactics) from `m`; the caller finishes `m`.
    static func parseStoryText(_ m: Mapping) throws -> RiskStory.Text {
        func lines(_ key: String) throws -> [String] {
            guard m.has(key) else { return [] }
            return try m.sequence(key).enumerated().map { i, n in
                guard case .scalar = n, let s = n.string else {
                    throw SightlineError(
                        .invalidValue,
                        location: m.location(of: n),
                        field: m.field("\(key)[\(i)]"),
                        message: "not a string",
                        fix: "give one line of text per item"
                    )
                }
                return s
            }
        }
        var tactics: [String: String] = [:]
        if let tm = try m.optionalMapping("tactics") {
            for k in tm.keys { tactics[k] = try tm.string(k) }
            try tm.finish()
        }
        return .init(
            title: try m.optionalString("title"),
            description: try m.optionalString("description"),
            testimony: try m.optionalString("testimony"),
            source: try m.optionalString("source"),
            narrative: try m.optionalString("narrative"),
            people: try lines("people"),
            places: try lines("places"),
            network: try m.optionalString("network"),
            precautions: try m.optionalString("precautions"),
            tactics: tactics
        )
    }
}
