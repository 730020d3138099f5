import ArgumentParser
import Foundation
import Sightline

/// `sightline jam`: how far a jammer denies a victim link.
public struct JamCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jam",
        abstract: "Jammer-to-signal ratio, denial radius and burn-through for a victim link.",
        discussion: """
            The victim receives a wanted signal and the jammer. The jammer's in-band power is its ERP scaled by \
            B_victim/B_jammer when it is wider; SINR = S − 10·log10(N + J). The link is denied where SINR < \
            --required-sinr-db. Denial radius: the largest victim–jammer distance that is denied (the wanted \
            transmitter held at --signal-distance-km from the victim, or the wanted level fixed by --signal-dbm). \
            Burn-through: the farthest wanted transmitter that still works with the victim --victim-distance-km from \
            the jammer. Links: gsm-downlink (the Chinese mast preset → a handset; 9 dB C/I, TS 45.005) and tv (a \
            distant broadcast → the tv-receiver preset; 15 dB). Jammers: \(DevicePreset.names(.jammer)). Preset \
            numbers are assumptions, listed with sources in Signals/presets/README.md: \(DevicePreset.helpTable).
            """
    )

    @Option(
        parsing: .unconditional,
        help: "Jammer preset (default: border-jammer for gsm-downlink, city-jammer for tv)."
    ) public var jammer: DevicePreset?
    @Option(name: .customLong("jammer-erp-dbm"), parsing: .unconditional) public var jammerERPdBm: Double?
    @Option(name: .customLong("jammer-bandwidth-hz"), parsing: .unconditional) public var jammerBandwidthHz: Double?
    @Option(name: .customLong("jammer-height-m"), parsing: .unconditional) public var jammerHeightM: Double?
    @Option(name: .customLong("jammer-model"), help: "Path-loss model jammer → victim (default: the jammer's).")
    public var jammerModel: PathLossModel?
    @Option(parsing: .unconditional, help: "Victim link.") public var link: JammingStudy.Link = .gsmDownlink
    @Option(
        name: .customLong("signal-distance-km"),
        parsing: .unconditional,
        help: "Wanted transmitter → victim distance."
    ) public var signalDistanceKm: Double = 10
    @Option(
        name: .customLong("signal-eirp-dbm"),
        parsing: .unconditional,
        help: "Wanted transmitter EIRP (default: the link's)."
    ) public var signalEIRPdBm: Double?
    @Option(
        name: .customLong("signal-model"),
        parsing: .unconditional,
        help: "Path-loss model for the wanted signal (default: the link's)."
    ) public var signalModel: PathLossModel?
    @Option(
        name: .customLong("signal-dbm"),
        parsing: .unconditional,
        help: "Fix the wanted level at the victim instead of computing it."
    ) public var signalDBm: Double?
    @Option(
        name: .customLong("victim-distance-km"),
        parsing: .unconditional,
        help: "Victim → jammer distance for J/S and burn-through."
    ) public var victimDistanceKm: Double = 2
    @Option(
        name: .customLong("required-sinr-db"),
        parsing: .unconditional,
        help: "SINR the victim needs (default: the link's)."
    ) public var requiredSINRdB: Double?
    @Option(name: .customLong("frequency-mhz"), parsing: .unconditional, help: "Carrier (default: the link's).") public
        var frequencyMHz: Double?
    @Flag(name: .customLong("allow-extrapolation"), help: "Use models outside their validated ranges.") public
        var allowExtrapolation = false
    @OptionGroup public var terrain: TerrainOptions
    @Option(help: "Write PREFIX.csv (J, S, J/S, SINR vs distance from the jammer) and PREFIX.svg.") public var sweep:
        String?
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        try checkRole(chosenJammer, .jammer, "--jammer")
        for (name, v) in [("--signal-distance-km", signalDistanceKm), ("--victim-distance-km", victimDistanceKm)] {
            guard v > 0 && v.isFinite else { throw ValidationError("\(name) \(v): give a positive distance") }
        }
    }

    /// The jammer given, or the one of the testimony the link belongs to (C6, C8).
    var chosenJammer: DevicePreset {
        jammer ?? .named(link == .tv ? "city-jammer" : "border-jammer")!
    }

    /// The study the options describe.
    func study() throws -> JammingStudy {
        var o = JammingStudy.Overrides()
        o.jammerERPdBm = jammerERPdBm
        o.jammerBandwidthHz = jammerBandwidthHz
        o.jammerHeightMeters = jammerHeightM
        o.jammerModel = jammerModel
        o.signalEIRPdBm = signalEIRPdBm
        o.signalModel = signalModel
        o.signalDBm = signalDBm
        o.requiredSINRdB = requiredSINRdB
        o.frequencyHz = frequencyMHz.map { $0 * 1e6 }
        return try JammingStudy(
            jammer: chosenJammer,
            link: link,
            overrides: o,
            allowExtrapolation: allowExtrapolation,
            terrain: try terrain.load(),
            diffraction: terrain.diffraction,
            kFactor: terrain.kFactor
        )
    }

    public func run() throws {
        try AtomicFile.checkOutputs(
            [sweep.map { $0 + ".csv" }, sweep.map { $0 + ".svg" }],
            inputs: [terrain.profile].compactMap { $0 }
        )
        let study = try study()
        let signalM = signalDistanceKm * 1000
        let victimM = victimDistanceKm * 1000
        let doc = try study.solve(signalDistanceMeters: signalM, victimDistanceMeters: victimM)
        if let sweep { try writeSweep(prefix: sweep, study, signalM: signalM, doc: doc) }
        if json {
            print(try doc.json())
            return
        }
        print(
            """
            \(chosenJammer.name) against \(link.rawValue): wanted \(String(format: "%.1f", doc.signalDBm)) dBm, noise \
            \(String(format: "%.1f", doc.noiseDBm)) dBm, needs SINR \(doc.requiredSINRdB) dB
            """
        )
        switch doc.denial {
        case .radius, .atLeast:
            print(
                String(
                    format: "denial radius: %.0f m%@",
                    doc.denialRadiusMeters ?? 0,
                    doc.denial == .atLeast ? " or more (model range ends)" : ""
                )
            )
        case .linkFailsWithoutJammer: print("denial radius: everywhere — the link fails even with the jammer off")
        case .none: print("denial radius: none — the jammer cannot deny this link")
        }
        print(
            String(
                format: "at %.1f km from the jammer: J/S %.1f dB, SINR %.1f dB (%@)",
                victimDistanceKm,
                doc.jsDB,
                doc.sinrDB,
                doc.sinrDB < doc.requiredSINRdB ? "denied" : "works"
            )
        )
        if signalDBm != nil {
            print("burn-through: not computed (the wanted level is fixed by --signal-dbm)")
        } else if let b = doc.burnThroughMeters {
            print(String(format: "burn-through: the link works with its transmitter up to %.0f m away", b))
        } else {
            print("burn-through: none — denied whatever the transmitter distance")
        }
        if let sweep { print("sweep: \(sweep).csv, \(sweep).svg") }
    }

    func writeSweep(prefix: String, _ study: JammingStudy, signalM: Double, doc: JammingDocument) throws {
        let points = try study.sweep(signalDistanceMeters: signalM)
        let required = study.scenario.requiredSINRdB
        var plot = SVGPlot(
            title: "\(chosenJammer.name) against \(link.rawValue): SINR vs distance from the jammer",
            xLabel: "victim distance from the jammer (m)",
            yLabel: "SINR (dB)",
            logX: true
        )
        plot.series = [
            .init(
                label: "SINR at the victim",
                points: points.map { ($0.jammerDistanceMeters, $0.sinrDB) },
                colour: SVGPlot.palette[1]
            )
        ]
        plot.markers = [.init(axis: .y, value: required, label: "required \(required) dB")]
        if let r = doc.denialRadiusMeters {
            plot.markers.append(.init(axis: .x, value: r, label: String(format: "denial radius %.0f m", r)))
        }
        try JammingStudy.csv(points).write(to: prefix + ".csv")
        try AtomicFile.write(plot.render(), to: prefix + ".svg")
    }
}

/// `sightline presets`: the device assumptions.
public struct PresetsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract:
            """
            List the device presets, the assumptions behind their numbers and the plausible ranges of the unknown \
            ones.
            """
    )
    @Flag(help: "Print the Markdown table of Signals/presets/README.md.") public var markdown = false
    public init() {}
    public func run() throws {
        if markdown {
            print(DevicePreset.markdown, terminator: "")
            return
        }
        for p in DevicePreset.all {
            print(
                """
                \(p.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \
                \(p.role.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(p.summary)
                """
            )
            for r in p.ranges {
                print(String(repeating: " ", count: 15) + "range " + r.line(nominal: p.value(of: r.field)))
            }
        }
    }
}
