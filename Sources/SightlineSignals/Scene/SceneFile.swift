import Foundation
import SightlineCore
import SightlineRF
import Yams

/// Reads scene files: YAML (JSON is accepted too, being YAML's subset). Every error names the
/// file, the line and the key: `scene.yaml:14: sources[0].waveform.arfcn: …; fix`.
/// Unknown keys are errors (a misspelt key is never silently ignored).
public enum SceneFile {
    public static func read(path: String) throws -> Scene {
        try parse(readText(path: path, fix: "give the path of a scene .yaml (see Signals/scenes/)"), path: path)
    }

    public static func parse(_ text: String, path: String) throws -> Scene {
        let node = try compose(
            text,
            path: path,
            emptyFix: "write a scene: sample_rate_hz, center_frequency_hz, duration_s, receiver, sources"
        )
        let root = try Mapping(node, path: path, name: "scene")
        return try parseScene(root)
    }

    /// A scene file's text; a missing or non-UTF-8 file is a one-line error naming it.
    package static func readText(path: String, fix: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SightlineError(.fileNotFound, location: path, message: "no such scene file", fix: fix)
        }
        // A FIFO or a directory is refused (not read forever or as garbage); scenes are small.
        let data = try InputFile.contents(of: path, what: "scene file", limit: 16 << 20, fix: fix)
        guard let text = String(data: data, encoding: .utf8) else {
            throw SightlineError(
                .unreadableFile,
                location: path,
                message: "cannot read the file as UTF-8 text",
                fix: "check the file"
            )
        }
        return text
    }

    /// The YAML tree of a scene file; empty files and syntax errors are one-line errors
    /// naming the file and the line.
    package static func compose(_ text: String, path: String, emptyFix: String) throws -> Node {
        do {
            guard let n = try Yams.compose(yaml: text) else {
                throw SightlineError(.malformedFile, location: path, message: "the file is empty", fix: emptyFix)
            }
            return n
        } catch let e as SightlineError {
            throw e
        } catch let e as YamlError {
            throw SightlineError(
                .malformedFile,
                location: path + yamlLine(e),
                message: "not valid YAML (\(yamlProblem(e)))",
                fix: "fix the syntax at that line"
            )
        }
    }

    static func yamlLine(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return ":\(mark.line)"
        default: return ""
        }
    }

    static func yamlProblem(_ e: YamlError) -> String {
        let text: String
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            text = problem
        default: text = "\(e)"
        }
        return userFacing(text)
    }

    /// libyaml's wording without its C API names ("Maximum nesting level reached, set with
    /// yaml_set_max_nest_level()" becomes "the nesting is too deep (at most 1000 levels)").
    static func userFacing(_ problem: String) -> String {
        if problem.lowercased().contains("nesting level") { return "the nesting is too deep (at most 1000 levels)" }
        guard problem.contains("yaml_") else { return problem }
        let kept = problem.split(separator: ",").filter { !$0.contains("yaml_") }.joined(separator: ",")
        return kept.isEmpty ? "libyaml could not read it" : kept
    }

    // MARK: - Scene

    static func parseScene(_ m: Mapping) throws -> Scene {
        let fs = try m.number("sample_rate_hz", range: 1...1e10)
        let fc = try m.number("center_frequency_hz", range: 0...1e12)
        let duration = try m.number("duration_s", range: 1e-9...1e7)
        var scene = Scene(sampleRateHz: fs, centerFrequencyHz: fc, durationSeconds: duration)
        scene.description = try m.optionalString("description") ?? ""
        scene.datetime = try m.optionalString("datetime") ?? Scene.defaultDatetime
        if let seed = try m.optionalNumber("seed", range: 0...9.007199254740992e15) { scene.seed = UInt64(seed) }
        if let r = try m.optionalMapping("receiver") { scene.receiver = try parseReceiver(r) }
        let sources = try m.sequence("sources")
        var ids = Set<String>()
        for (i, node) in sources.enumerated() {
            let s = try Mapping(node, path: m.path, name: "sources[\(i)]")
            let source = try parseSource(s, scene: scene)
            guard ids.insert(source.id).inserted else {
                throw s.error("id", "\"\(source.id)\" is used by another source", fix: "give each source its own id")
            }
            scene.sources.append(source)
        }
        try m.finish()
        return scene
    }

    static func parseReceiver(_ m: Mapping) throws -> Receiver {
        var r = Receiver()
        if let p = try m.optionalMapping("position") { r.position = try parsePosition(p) }
        r.noiseFigureDB = try m.optionalNumber("noise_figure_db", range: 0...60) ?? r.noiseFigureDB
        r.antennaGainDBi = try m.optionalNumber("antenna_gain_dbi", range: -50...60) ?? r.antennaGainDBi
        r.noise = try m.optionalBool("noise") ?? true
        if let f = try m.optionalMapping("filter") {
            let passband = try f.number("passband_hz", range: 1...1e10)
            r.filter = ChannelFilter(
                passbandHz: passband,
                stopbandDB: try f.optionalNumber("stopband_db", range: 21...200) ?? 90,
                transitionHz: try f.optionalNumber("transition_hz", range: 1...1e10)
            )
            try f.finish()
        }
        if let v = try m.optionalMapping("velocity") {
            r.velocityMetersPerSecond = SIMD2(
                try v.optionalNumber("east_mps", range: -1e4...1e4) ?? 0,
                try v.optionalNumber("north_mps", range: -1e4...1e4) ?? 0
            )
            try v.finish()
        }
        if let node = m.take("array") {
            if let text = node.string, case .scalar = node {
                r.array = try AntennaArray.geometry(
                    parsing: text,
                    location: m.location(of: node),
                    field: m.field("array")
                )
            } else {
                let a = try Mapping(node, path: m.path, name: m.field("array"))
                let text = try a.string("geometry")
                r.array = try AntennaArray.geometry(
                    parsing: text,
                    location: a.location(of: a.node),
                    field: a.field("geometry")
                )
                r.elementErrors = ElementErrors(
                    gainDBRMS: try a.optionalNumber("gain_error_db_rms", range: 0...20) ?? 0,
                    phaseDegreesRMS: try a.optionalNumber("phase_error_deg_rms", range: 0...180) ?? 0
                )
                try a.finish()
            }
        }
        try m.finish()
        return r
    }

    package static func parsePosition(_ m: Mapping) throws -> Position {
        let p = Position(
            eastMeters: try m.optionalNumber("east_m", range: -1e7...1e7) ?? 0,
            northMeters: try m.optionalNumber("north_m", range: -1e7...1e7) ?? 0,
            upMeters: try m.optionalNumber("up_m", range: -1e4...1e5) ?? 1.5
        )
        try m.finish()
        return p
    }

    static func parsePathLoss(_ node: Node, _ parent: Mapping, key: String) throws -> PathLossSpec {
        if case .scalar = node, let name = node.string {
            if name == "fspl" { return .fspl }
            guard let model = PathLossModel(rawValue: name) else {
                throw SightlineError(
                    .invalidValue,
                    location: parent.location(of: node),
                    field: parent.field(key),
                    message: "\"\(name)\" is not a path-loss model",
                    fix: "use one of \(PathLossModel.namesHelp), or {fixed_db: L}"
                )
            }
            return .model(model, allowExtrapolation: false)
        }
        let m = try Mapping(node, path: parent.path, name: parent.field(key))
        if let fixed = try m.optionalNumber("fixed_db", range: 0...400) {
            try m.finish()
            return .fixed(dB: fixed)
        }
        let name = try m.string("model")
        guard let model = PathLossModel(rawValue: name) else {
            throw m.error("model", "\"\(name)\" is not a path-loss model", fix: "use one of \(PathLossModel.namesHelp)")
        }
        let allow = try m.optionalBool("allow_extrapolation") ?? false
        let exponent = try m.optionalNumber("exponent", range: 1...8) ?? 3
        let reference = try m.optionalNumber("reference_distance_m", range: 0.01...1e5) ?? 100
        try m.finish()
        return model == .fspl
            ? .fspl
            : .model(model, allowExtrapolation: allow, exponent: exponent, referenceDistanceMeters: reference)
    }

    // MARK: - Sources

    /// A waveform that needs at least `minimumHz` of sample rate refuses a lower one.
    static func requireRate(_ w: Mapping, _ scene: Scene, _ minimumHz: Double, _ type: String) throws {
        guard scene.sampleRateHz >= minimumHz else {
            throw w.error(
                "type",
                """
                \(type) needs sample_rate_hz ≥ \(minimumHz) Hz (its occupied band); the scene has \
                \(scene.sampleRateHz)
                """,
                fix: "raise sample_rate_hz to e.g. 7.68e6"
            )
        }
    }

    static func parseSource(_ m: Mapping, scene: Scene) throws -> Source {
        let id = try m.string("id")
        let w = try m.mapping("waveform")
        let type = try w.string("type")
        var arfcn: Int?
        var frequency: Double?
        if let n = try w.optionalNumber("arfcn", range: 0...1023) {
            guard n == n.rounded() else { throw w.error("arfcn", "must be an integer", fix: "give the ARFCN, e.g. 62") }
            arfcn = Int(n)
        }
        let fsHalf = scene.sampleRateHz / 2
        if let f = try w.optionalNumber("frequency_hz", range: 0...1e12) { frequency = f }
        if let o = try w.optionalNumber("offset_hz", range: -fsHalf...fsHalf) {
            guard frequency == nil else {
                throw w.error(
                    "offset_hz",
                    "frequency_hz is also given",
                    fix: "give only one of frequency_hz, offset_hz, arfcn"
                )
            }
            frequency = scene.centerFrequencyHz + o
        }
        var link = "uplink"
        if let l = try w.optionalString("link") {
            guard l == "uplink" || l == "downlink" else {
                throw w.error("link", "\"\(l)\" is not uplink or downlink", fix: "write link: uplink or link: downlink")
            }
            link = l
        }
        if let n = arfcn {
            guard frequency == nil else {
                throw w.error(
                    "arfcn",
                    "a frequency is also given",
                    fix: "give only one of frequency_hz, offset_hz, arfcn"
                )
            }
            let channel = try GSMChannel(arfcn: n, location: w.location(of: w.node))
            if type == "gsm-downlink" { link = "downlink" }
            if type == "gsm-uplink" { link = "uplink" }
            frequency = link == "downlink" ? channel.downlinkHz : channel.uplinkHz
        }
        if let b = try w.optionalString("band") {
            // DCS 1800 (TS 45.005 §2: ARFCN 512–885, 1 W class-1 handsets) or GSM 900.
            guard let band = GSMChannel.Band(rawValue: b) else {
                throw w.error("band", "\"\(b)\" is not gsm900 or dcs1800", fix: "write band: gsm900 or band: dcs1800")
            }
            guard let n = arfcn, let ch = try? GSMChannel(arfcn: n), ch.band == band else {
                throw w.error(
                    "band",
                    "needs an arfcn in the \(b) range",
                    fix: band == .dcs1800 ? "give arfcn 512–885" : "give arfcn 1–124 or 975–1023"
                )
            }
        }
        guard let carrier = frequency else {
            throw w.error(
                "frequency_hz",
                "missing",
                fix: "give the carrier as frequency_hz (absolute), offset_hz (from the centre) or arfcn"
            )
        }
        let tsc = Int(try w.optionalNumber("training_sequence", range: 0...7) ?? 0)
        let spec: WaveformSpec
        var dtx: DTXSchedule?
        switch type {
        case "gsm-uplink":
            spec = .gsmUplink(timeslot: Int(try w.optionalNumber("timeslot", range: 0...7) ?? 0), trainingSequence: tsc)
            dtx = try w.optionalMapping("dtx").map(DTXSchedule.init(parsing:))
        case "gsm-downlink":
            spec = .gsmDownlink(trainingSequence: tsc)
        case "tone":
            spec = .tone
        case "barrage-noise":
            spec = .barrageNoise(bandwidthHz: try w.number("bandwidth_hz", range: 1...1e10))
        case "spot-noise":
            spec = .spotNoise(
                bandwidthHz: try w.optionalNumber("bandwidth_hz", range: 1...1e10) ?? GSMChannel.spacingHz
            )
        case "swept":
            spec = .swept(
                spanHz: try w.number("span_hz", range: 1...1e10),
                sweepRateHzPerSecond: try w.number("sweep_rate_hz_per_s", range: 1...1e15)
            )
        case "pulsed":
            let period = try w.number("period_s", range: 1e-9...1e6)
            let width = try w.number("pulse_width_s", range: 1e-9...1e6)
            guard width <= period else {
                throw w.error("pulse_width_s", "longer than period_s", fix: "make the pulse shorter than its period")
            }
            spec = .pulsed(periodSeconds: period, pulseWidthSeconds: width)
        case "wcdma-uplink":
            var u = WCDMAUplinkSpec()
            if let sf = try w.optionalNumber("spreading_factor", range: 4...256) {
                guard [4.0, 8, 16, 32, 64, 128, 256].contains(sf) else {
                    throw w.error(
                        "spreading_factor",
                        "\(sf) is not a DPDCH spreading factor",
                        fix: "use 4, 8, …, 256"
                    )
                }
                u.spreadingFactor = Int(sf)
            }
            u.scramblingCode = Int(try w.optionalNumber("scrambling_code", range: 0...16_777_215) ?? 0)
            u.activity = try w.optionalNumber("activity", range: 0...1) ?? 1
            u.powerControl = try w.optionalBool("inner_loop_power_control") ?? true
            u.pathVariationDB = try w.optionalNumber("path_variation_db", range: 0...30) ?? 4
            try requireRate(w, scene, WCDMAUplinkWaveform.chipRateHz * 1.22, type)
            spec = .wcdmaUplink(u)
        case "wcdma-downlink":
            try requireRate(w, scene, WCDMAUplinkWaveform.chipRateHz * 1.22, type)
            spec = .wcdmaDownlink
        case "lte-uplink":
            let n = try w.number("resource_blocks", range: 1...100)
            var l = LTEUplinkSpec(resourceBlocks: Int(n))
            if let sys = try w.optionalNumber("system_resource_blocks", range: 6...100) {
                guard sys >= n else {
                    throw w.error("system_resource_blocks", "fewer than resource_blocks", fix: "make it ≥ \(Int(n))")
                }
                l.systemResourceBlocks = Int(sys)
            }
            let system = l.systemResourceBlocks ?? max(Int(n) + 2, 6)
            if let first = try w.optionalNumber("first_resource_block", range: 0...99) {
                guard Int(first) + Int(n) <= system else {
                    throw w.error("first_resource_block", "the allocation runs past the carrier", fix: "lower it")
                }
                l.firstResourceBlock = Int(first)
            }
            l.activity = try w.optionalNumber("activity", range: 0...1) ?? 1
            l.pucchProbability = try w.optionalNumber("pucch_probability", range: 0...1) ?? 0.5
            guard LTEUplinkWaveform.validSampleRate(scene.sampleRateHz, systemResourceBlocks: system) else {
                throw w.error(
                    "type",
                    "lte-uplink needs sample_rate_hz a multiple of 1.92 MHz above the carrier's \(system) × 180 kHz",
                    fix: "set sample_rate_hz to e.g. 7.68e6 or 15.36e6"
                )
            }
            spec = .lteUplink(l)
        default:
            throw w.error(
                "type",
                "\"\(type)\" is not a waveform",
                fix: "use gsm-uplink, gsm-downlink, tone, barrage-noise, spot-noise, swept, pulsed, wcdma-uplink, "
                    + "wcdma-downlink or lte-uplink"
            )
        }
        // The emission must fit in the captured band.
        let halfWidth: Double
        switch spec {
        case .gsmUplink, .gsmDownlink: halfWidth = GSMChannel.spacingHz / 2
        case .barrageNoise(let b), .spotNoise(let b): halfWidth = b / 2
        case .swept(let span, _): halfWidth = span / 2
        case .wcdmaUplink, .wcdmaDownlink: halfWidth = WCDMAUplinkWaveform.chipRateHz * 1.22 / 2
        case .lteUplink(let l): halfWidth = Double(l.systemResourceBlocks ?? max(l.resourceBlocks + 2, 6)) * 90_000
        default: halfWidth = 0
        }
        let offset = carrier - scene.centerFrequencyHz
        guard abs(offset) + halfWidth <= fsHalf else {
            throw w.error(
                w.has("arfcn") ? "arfcn" : (w.has("offset_hz") ? "offset_hz" : "frequency_hz"),
                """
                the emission (\(carrier) Hz ± \(halfWidth) Hz) lies outside the captured band \
                \(scene.centerFrequencyHz) ± \(fsHalf) Hz
                """,
                fix: "move center_frequency_hz or raise sample_rate_hz"
            )
        }
        try w.finish()

        var source = Source(id: id, waveform: spec, frequencyHz: carrier, arfcn: arfcn, power: .received(dBm: 0))
        source.dtx = dtx
        if let p = try m.optionalMapping("position") { source.position = try parsePosition(p) }
        source.bearingDegrees = try m.optionalNumber("bearing_deg", range: -360...360)
        source.elevationDegrees = try m.optionalNumber("elevation_deg", range: -90...90) ?? 0
        source.transmitAntennaGainDBi = try m.optionalNumber("tx_antenna_gain_dbi", range: -50...60) ?? 0
        source.startSeconds = try m.optionalNumber("start_s", range: 0...1e7) ?? 0
        source.stopSeconds = try m.optionalNumber("stop_s", range: 0...1e7) ?? scene.durationSeconds
        guard source.stopSeconds > source.startSeconds else {
            throw m.error(
                "stop_s",
                "\(source.stopSeconds) is not after start_s \(source.startSeconds)",
                fix: "make stop_s later than start_s"
            )
        }
        // Power: exactly one way.
        let given = ["tx_power_dbm", "power_control", "received_power_dbm", "snr_db"].filter { m.has($0) }
        guard given.count == 1 else {
            throw m.error(
                given.count > 1 ? given[1] : "tx_power_dbm",
                given.count > 1 ? "\(given.joined(separator: " and ")) are both given" : "no power given",
                fix: "give one of tx_power_dbm or power_control (with a position), received_power_dbm, or snr_db"
            )
        }
        switch given[0] {
        case "tx_power_dbm":
            source.power = .transmitted(.fixed(dBm: try m.number("tx_power_dbm", range: -100...100)))
        case "power_control":
            guard case .gsmUplink = spec else {
                throw m.error(
                    "power_control",
                    "only a gsm-uplink source has power control",
                    fix: "give tx_power_dbm instead"
                )
            }
            let pc = try m.mapping("power_control")
            var control = PowerControlSpec(mast: try parsePosition(try pc.mapping("mast")))
            if let n = arfcn, let ch = try? GSMChannel(arfcn: n) {
                control.control.maxPowerDBm = ch.handsetMaxPowerDBm
                control.control.minPowerDBm = ch.handsetMinPowerDBm
            }
            control.control.targetDBm =
                try pc.optionalNumber("target_dbm", range: -150...0) ?? control.control.targetDBm
            control.control.maxPowerDBm =
                try pc.optionalNumber("max_power_dbm", range: -50...60) ?? control.control.maxPowerDBm
            control.control.minPowerDBm =
                try pc.optionalNumber("min_power_dbm", range: -50...60) ?? control.control.minPowerDBm
            control.mastAntennaGainDBi =
                try pc.optionalNumber("mast_antenna_gain_dbi", range: -50...60) ?? control.mastAntennaGainDBi
            if let node = pc.take("path_loss") { control.pathLoss = try parsePathLoss(node, pc, key: "path_loss") }
            try pc.finish()
            source.power = .transmitted(.powerControl(control))
        case "received_power_dbm":
            source.power = .received(dBm: try m.number("received_power_dbm", range: -300...100))
        default:
            source.power = .snr(
                dB: try m.number("snr_db", range: -100...200),
                bandwidthHz: try m.optionalNumber("snr_bandwidth_hz", range: 1...1e10)
            )
        }
        if case .transmitted = source.power, source.position == nil {
            throw m.error(
                "position",
                "missing: a transmit power needs a position to compute the path loss",
                fix: "give position {east_m, north_m, up_m}, or use received_power_dbm or snr_db"
            )
        }
        if let c = try m.optionalMapping("channel") { source.channel = try parseChannel(c) }
        try m.finish()
        return source
    }

    static func parseChannel(_ m: Mapping) throws -> ChannelSpec {
        var c = ChannelSpec()
        if let node = m.take("path_loss") { c.pathLoss = try parsePathLoss(node, m, key: "path_loss") }
        c.carrierOffsetHz = try m.optionalNumber("cfo_hz", range: -1e9...1e9) ?? 0
        c.delaySeconds = try m.optionalNumber("delay_s", range: 0...10) ?? 0
        if m.has("reflections") {
            for (i, node) in try m.sequence("reflections").enumerated() {
                let r = try Mapping(node, path: m.path, name: m.field("reflections[\(i)]"))
                c.reflections.append(
                    ReflectionSpec(
                        azimuthDegrees: try r.number("azimuth_deg", range: -360...360),
                        elevationDegrees: try r.optionalNumber("elevation_deg", range: -90...90) ?? 0,
                        excessDelaySeconds: try r.optionalNumber("delay_s", range: 0...1e-3) ?? 0,
                        relativeLevelDB: try r.number("level_db", range: -60...30),
                        phaseDegrees: try r.optionalNumber("phase_deg", range: -360...360)
                    )
                )
                try r.finish()
            }
        }
        if let f = try m.optionalMapping("fading") {
            let kindName = try f.string("kind")
            let kind: FadingProcess.Kind
            switch kindName {
            case "rayleigh": kind = .rayleigh
            case "rician": kind = .rician(kFactorDB: try f.number("k_factor_db", range: -50...50))
            default:
                throw f.error(
                    "kind",
                    "\"\(kindName)\" is not rayleigh or rician",
                    fix: "write kind: rayleigh or kind: rician"
                )
            }
            let variation: FadingProcess.Variation
            let block = try f.optionalNumber("block_s", range: 1e-9...1e7)
            let doppler = try f.optionalNumber("doppler_hz", range: 1e-6...1e6)
            switch (block, doppler) {
            case (let b?, nil): variation = .block(seconds: b)
            case (nil, let d?): variation = .clarke(dopplerHz: d)
            default:
                throw f.error(
                    block == nil ? "block_s" : "doppler_hz",
                    block == nil ? "missing" : "given with block_s",
                    fix: "give block_s (block fading) or doppler_hz (time-varying Clarke fading), not both"
                )
            }
            try f.finish()
            c.fading = FadingSpec(kind: kind, variation: variation)
        }
        try m.finish()
        return c
    }
}

// MARK: - A checked YAML mapping

/// A YAML mapping whose keys are taken one by one; ``finish()`` rejects the leftovers.
package final class Mapping {
    package let node: Node
    package let path: String
    package let name: String
    private var entries: [(key: String, keyNode: Node, value: Node)] = []
    private var used = Set<String>()

    package init(_ node: Node, path: String, name: String) throws {
        self.node = node
        self.path = path
        self.name = name
        guard case .mapping(let mapping) = node else {
            throw SightlineError(
                .invalidValue,
                location: Self.location(path, node),
                field: name,
                message: "expected a mapping of keys to values",
                fix: "indent the keys under \(name):"
            )
        }
        for (k, v) in mapping {
            let key = k.string ?? ""
            if entries.contains(where: { $0.key == key }) {
                throw SightlineError(
                    .invalidValue,
                    location: Self.location(path, k),
                    field: field(key),
                    message: "the key appears twice",
                    fix: "keep one"
                )
            }
            entries.append((key, k, v))
        }
    }

    package static func location(_ path: String, _ node: Node) -> String {
        node.mark.map { "\(path):\($0.line)" } ?? path
    }
    package func location(of node: Node) -> String { Self.location(path, node) }
    package func field(_ key: String) -> String { name == "scene" ? key : "\(name).\(key)" }

    package func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
    /// The mapping's keys, in file order.
    package var keys: [String] { entries.map(\.key) }

    package func take(_ key: String) -> Node? {
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        used.insert(key)
        return e.value
    }

    package func error(_ key: String, _ message: String, fix: String) -> SightlineError {
        let where_ = entries.first { $0.key == key }.map { location(of: $0.keyNode) } ?? location(of: node)
        return SightlineError(.invalidValue, location: where_, field: field(key), message: message, fix: fix)
    }

    package func finish() throws {
        for e in entries where !used.contains(e.key) {
            throw SightlineError(
                .invalidValue,
                location: location(of: e.keyNode),
                field: field(e.key),
                message: "unknown key",
                fix: "remove it or check its spelling (see Signals/scenes/README.md)"
            )
        }
    }

    package func optionalNumber(_ key: String, range: ClosedRange<Double>) throws -> Double? {
        guard let v = take(key) else { return nil }
        guard case .scalar = v, let x = v.float ?? v.int.map(Double.init), x.isFinite else {
            throw error(key, "\"\(v.string ?? "?")\" is not a number", fix: "give a number in the unit the key names")
        }
        guard range.contains(x) else {
            throw error(
                key,
                "\(x) is out of range",
                fix: "give a value from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return x
    }

    package func number(_ key: String, range: ClosedRange<Double>) throws -> Double {
        guard let x = try optionalNumber(key, range: range) else {
            throw error(key, "missing", fix: "add \(key) (a number from \(range.lowerBound) to \(range.upperBound))")
        }
        return x
    }

    package func optionalString(_ key: String) throws -> String? {
        guard let v = take(key) else { return nil }
        guard case .scalar = v, let s = v.string else { throw error(key, "not a string", fix: "give a text value") }
        return s
    }

    package func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw error(key, "missing", fix: "add \(key)") }
        return s
    }

    package func optionalBool(_ key: String) throws -> Bool? {
        guard let v = take(key) else { return nil }
        guard let b = v.bool else { throw error(key, "not true or false", fix: "write true or false") }
        return b
    }

    package func optionalMapping(_ key: String) throws -> Mapping? {
        guard let v = take(key) else { return nil }
        return try Mapping(v, path: path, name: field(key))
    }

    package func mapping(_ key: String) throws -> Mapping {
        guard let m = try optionalMapping(key) else { throw error(key, "missing", fix: "add the \(key) section") }
        return m
    }

    package func sequence(_ key: String) throws -> [Node] {
        guard let v = take(key) else { throw error(key, "missing", fix: "add a list of \(key)") }
        guard case .sequence(let s) = v else { throw error(key, "not a list", fix: "write \(key) as a list (- items)") }
        return Array(s)
    }
}

extension DTXSchedule {
    /// A `dtx:` section of a scene file, IQ or timed: `talkspurt_s`, `pause_s` (0.05–60 s,
    /// defaults ITU-T P.59's); `dtx: {}` takes both defaults.
    package init(parsing d: Mapping) throws {
        self.init()
        talkspurtSeconds = try d.optionalNumber("talkspurt_s", range: 0.05...60) ?? talkspurtSeconds
        pauseSeconds = try d.optionalNumber("pause_s", range: 0.05...60) ?? pauseSeconds
        try d.finish()
    }
}
