import ArgumentParser
import Foundation
import Sightline

/// `sightline jam`: how far a jammer denies a victim link.
public struct JamCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jam",
        abstract: "Jammer-to-signal ratio, denial radius and burn-through for a victim link.",
        discussion: """
            The victim receives a wanted signal and the jammer. The jammer's in-band power is its ERP scaled by B_victim/B_jammer when it is wider; SINR = S − 10·log10(N + J). The link is denied where SINR < --required-sinr-db. Denial radius: the largest victim–jammer distance that is denied (the wanted transmitter held at --signal-distance-km from the victim, or the wanted level fixed by --signal-dbm). Burn-through: the farthest wanted transmitter that still works with the victim --victim-distance-km from the jammer. Links: gsm-downlink (the Chinese mast preset → a handset; 9 dB C/I, TS 45.005) and tv (a distant broadcast → the tv-receiver preset; 15 dB). Jammers: \(DevicePreset.names(.jammer)). Preset numbers are assumptions, listed with sources in Signals/presets/README.md: \(DevicePreset.helpTable).
            """)

    @Option(parsing: .unconditional, help: "Jammer preset.") public var jammer: String = "border-jammer"
    @Option(name: .customLong("jammer-erp-dbm"), parsing: .unconditional) public var jammerERPdBm: Double?
    @Option(name: .customLong("jammer-bandwidth-hz"), parsing: .unconditional) public var jammerBandwidthHz: Double?
    @Option(name: .customLong("jammer-height-m"), parsing: .unconditional) public var jammerHeightM: Double?
    @Option(name: .customLong("jammer-model"), help: "Path-loss model jammer → victim (default: the jammer's).") public var jammerModel: String?
    @Option(parsing: .unconditional, help: "Victim link: gsm-downlink or tv.") public var link: String = "gsm-downlink"
    @Option(name: .customLong("signal-distance-km"), parsing: .unconditional, help: "Wanted transmitter → victim distance.") public var signalDistanceKm: Double = 10
    @Option(name: .customLong("signal-eirp-dbm"), parsing: .unconditional, help: "Wanted transmitter EIRP (default: the link's).") public var signalEIRPdBm: Double?
    @Option(name: .customLong("signal-model"), parsing: .unconditional, help: "Path-loss model for the wanted signal (default: the link's).") public var signalModel: String?
    @Option(name: .customLong("signal-dbm"), parsing: .unconditional, help: "Fix the wanted level at the victim instead of computing it.") public var signalDBm: Double?
    @Option(name: .customLong("victim-distance-km"), parsing: .unconditional, help: "Victim → jammer distance for J/S and burn-through.") public var victimDistanceKm: Double = 2
    @Option(name: .customLong("required-sinr-db"), parsing: .unconditional, help: "SINR the victim needs (default: the link's).") public var requiredSINRdB: Double?
    @Option(name: .customLong("frequency-mhz"), parsing: .unconditional, help: "Carrier (default: the link's).") public var frequencyMHz: Double?
    @Flag(name: .customLong("allow-extrapolation"), help: "Use models outside their validated ranges.") public var allowExtrapolation = false
    @OptionGroup public var terrain: TerrainOptions
    @Option(help: "Write PREFIX.csv (J, S, J/S, SINR vs distance from the jammer) and PREFIX.svg.") public var sweep: String?
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        _ = try preset(jammer, "--jammer", role: .jammer)
        guard ["gsm-downlink", "tv"].contains(link) else { throw ValidationError("--link \(link): use gsm-downlink or tv") }
        if let m = jammerModel { _ = try modelNamed(m, "--jammer-model") }
        if let m = signalModel { _ = try modelNamed(m, "--signal-model") }
        for (name, v) in [("--signal-distance-km", signalDistanceKm), ("--victim-distance-km", victimDistanceKm)] {
            guard v > 0 && v.isFinite else { throw ValidationError("\(name) \(v): give a positive distance") }
        }
    }

    func scenario() throws -> (JammingScenario, DevicePreset, DevicePreset) {
        let j = try preset(jammer, "--jammer", role: .jammer)
        let signal = DevicePreset.named(link == "tv" ? "tv-broadcast" : "chinese-mast")!
        let victim = DevicePreset.named(link == "tv" ? "tv-receiver" : "handset-receiver")!
        let frequency = frequencyMHz.map { $0 * 1e6 } ?? signal.frequencyHz
        let profile = try terrain.load()
        let jammerPath = PropagationPath(
            model: try jammerModel.map { try modelNamed($0, "--jammer-model") } ?? j.model, frequencyHz: frequency,
            txHeightMeters: jammerHeightM ?? j.heightMeters, rxHeightMeters: victim.heightMeters,
            pathLossExponent: j.pathLossExponent, referenceDistanceMeters: j.referenceDistanceMeters,
            allowExtrapolation: allowExtrapolation, terrain: profile, diffraction: terrain.method, kFactor: terrain.kFactor)
        let signalPath = PropagationPath(
            model: try signalModel.map { try modelNamed($0, "--signal-model") } ?? signal.model, frequencyHz: frequency,
            txHeightMeters: signal.heightMeters, rxHeightMeters: victim.heightMeters, allowExtrapolation: allowExtrapolation)
        let s = JammingScenario(
            jammerERPdBm: jammerERPdBm ?? j.powerDBm, jammerBandwidthHz: jammerBandwidthHz ?? j.bandwidthHz, jammerPath: jammerPath,
            signalEIRPdBm: signalEIRPdBm ?? (signal.powerDBm + signal.antennaGainDBi - signal.lossesDB), signalPath: signalPath,
            signalDBm: signalDBm, victimGainDBi: victim.antennaGainDBi - victim.lossesDB, victimNoiseFigureDB: victim.noiseFigureDB,
            victimBandwidthHz: victim.bandwidthHz,
            requiredSINRdB: requiredSINRdB ?? (link == "tv" ? 15 : GSMThresholds.carrierToInterferenceDB))
        return (s, j, victim)
    }

    public func run() throws {
        try AtomicFile.checkOutputs([sweep.map { $0 + ".csv" }, sweep.map { $0 + ".svg" }], inputs: [terrain.profile].compactMap { $0 })
        let (s, _, _) = try scenario()
        let signalM = signalDistanceKm * 1000, victimM = victimDistanceKm * 1000
        let denial = try s.denialRadius(signalDistanceMeters: signalM)
        let sDBm = try s.signalDBm(signalDistanceMeters: signalM)
        let jDBm = try s.jammerDBm(jammerDistanceMeters: victimM)
        let sinr = try s.sinrDB(jammerDistanceMeters: victimM, signalDistanceMeters: signalM)
        // With the wanted level fixed there is no transmitter distance to burn through.
        let burn = signalDBm == nil ? try s.burnThroughDistance(jammerDistanceMeters: victimM)
            : RangeSolver.Solution(distanceMeters: nil, limitedByDomain: false)
        var radius: Any = NSNull()
        var status = "none"
        switch denial {
        case .radius(let r, let limited): radius = r; status = limited ? "at-least" : "radius"
        case .linkFailsWithoutJammer: status = "link-fails-without-jammer"
        case .none: status = "none"
        }
        if let sweep { try writeSweep(prefix: sweep, s, signalM: signalM, denial: denial) }
        let doc: [String: Any] = [
            "denial_radius_m": radius, "denial": status,
            "js_db": jDBm - sDBm, "sinr_db": sinr, "signal_dbm": sDBm, "jammer_dbm": jDBm, "noise_dbm": s.noiseDBm,
            "required_sinr_db": s.requiredSINRdB, "burn_through_m": burn.distanceMeters ?? NSNull(),
            "victim_distance_m": victimM, "signal_distance_m": signalM, "jammer": jammer, "link": link,
        ]
        if json {
            print(try JSONOutput.string(doc))
            return
        }
        print("\(jammer) against \(link): wanted \(String(format: "%.1f", sDBm)) dBm, noise \(String(format: "%.1f", s.noiseDBm)) dBm, needs SINR \(s.requiredSINRdB) dB")
        switch denial {
        case .radius(let r, let limited): print(String(format: "denial radius: %.0f m%@", r, limited ? " or more (model range ends)" : ""))
        case .linkFailsWithoutJammer: print("denial radius: everywhere — the link fails even with the jammer off")
        case .none: print("denial radius: none — the jammer cannot deny this link")
        }
        print(String(format: "at %.1f km from the jammer: J/S %.1f dB, SINR %.1f dB (%@)", victimDistanceKm, jDBm - sDBm, sinr,
                     sinr < s.requiredSINRdB ? "denied" : "works"))
        if signalDBm != nil { print("burn-through: not computed (the wanted level is fixed by --signal-dbm)") }
        else if let b = burn.distanceMeters { print(String(format: "burn-through: the link works with its transmitter up to %.0f m away", b)) }
        else { print("burn-through: none — denied whatever the transmitter distance") }
        if let sweep { print("sweep: \(sweep).csv, \(sweep).svg") }
    }

    func writeSweep(prefix: String, _ s: JammingScenario, signalM: Double, denial: JammingScenario.Denial) throws {
        let domain = s.jammerPath.distanceDomainMeters
        let sDBm = try s.signalDBm(signalDistanceMeters: signalM)
        var csv = "jammer_distance_m,jammer_dbm,signal_dbm,js_db,sinr_db,denied\n"
        var points: [(x: Double, y: Double)] = []
        for i in 0..<200 {
            let d = domain.lowerBound * pow(domain.upperBound / domain.lowerBound, Double(i) / 199)
            let j = try s.jammerDBm(jammerDistanceMeters: d)
            let sinr = try s.sinrDB(jammerDistanceMeters: d, signalDistanceMeters: signalM)
            csv += String(format: "%.3f,%.4f,%.4f,%.4f,%.4f,%d\n", d, j, sDBm, j - sDBm, sinr, sinr < s.requiredSINRdB ? 1 : 0)
            points.append((d, sinr))
        }
        var plot = SVGPlot(title: "\(jammer) against \(link): SINR vs distance from the jammer",
                           xLabel: "victim distance from the jammer (m)", yLabel: "SINR (dB)", logX: true)
        plot.series = [.init(label: "SINR at the victim", points: points, colour: SVGPlot.palette[1])]
        plot.markers = [.init(axis: .y, value: s.requiredSINRdB, label: "required \(s.requiredSINRdB) dB")]
        if case .radius(let r, _) = denial { plot.markers.append(.init(axis: .x, value: r, label: String(format: "denial radius %.0f m", r))) }
        try AtomicFile.write(csv, to: prefix + ".csv")
        try AtomicFile.write(plot.render(), to: prefix + ".svg")
    }
}

/// `sightline presets`: the device assumptions.
public struct PresetsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "presets", abstract: "List the device presets and the assumptions behind their numbers.")
    @Flag(help: "Print the Markdown table of Signals/presets/README.md.") public var markdown = false
    public init() {}
    public func run() throws {
        if markdown { print(DevicePreset.markdown, terminator: ""); return }
        for p in DevicePreset.all { print("\(p.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(p.role.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(p.summary)") }
    }
}
