import ArgumentParser
import Foundation
import Sightline

/// Options shared by `range` and `jam` for terrain.
public struct TerrainOptions: ParsableArguments {
    @Option(help: "Terrain profile CSV (distance_m,elevation_m from the transmitter end); adds diffraction loss.")
    public var profile: String?

    @Option(help: "Diffraction over the profile: deygout, bullington or none.")
    public var diffraction: TerrainPath.Diffraction = .deygout

    @Option(
        name: .customLong("k-factor"),
        parsing: .unconditional,
        help: "Effective earth-radius factor (4/3 in the standard atmosphere)."
    )
    public var kFactor: Double = 4.0 / 3.0

    @Option(
        name: .customLong("smooth-earth-km"),
        help: """
            Instead of a profile: flat ground this long, so the earth's bulge (with --k-factor) diffracts beyond \
            the radio horizon.
            """
    )
    public var smoothEarthKm: Double?

    @Option(help: "Folder of SRTM .hgt tiles (1″ or 3″) to take the profile from, along --srtm-path.")
    public var srtm: String?

    @Option(
        name: .customLong("srtm-path"),
        help: """
            LAT,LON:LAT,LON — the path's transmitter and far ends, in degrees.
            """
    )
    public var srtmPath: GeographicPath?

    public init() {}

    public func validate() throws {
        guard kFactor > 0 && kFactor.isFinite else {
            throw ValidationError("--k-factor \(kFactor): give a positive factor, e.g. 1.333")
        }
        if let l = smoothEarthKm {
            guard l > 0 && l <= 1000 else {
                throw ValidationError("--smooth-earth-km \(l): give a length from 0 to 1000 km")
            }
            guard profile == nil else {
                throw ValidationError("--smooth-earth-km and --profile: give one or the other")
            }
        }
        if srtm != nil || srtmPath != nil {
            guard srtm != nil, srtmPath != nil else {
                throw ValidationError(
                    "--srtm needs --srtm-path LAT,LON:LAT,LON (degrees), e.g. 41.39,128.19:41.45,128.10"
                )
            }
            guard profile == nil && smoothEarthKm == nil else {
                throw ValidationError("--srtm: give one terrain source only")
            }
        }
    }

    func load() throws -> ElevationProfile? {
        if let l = smoothEarthKm { return ElevationProfile.flat(lengthMeters: l * 1000, stepMeters: max(10, l)) }
        if let folder = srtm, let p = srtmPath {
            return try SRTMTerrain(folder: folder).profile(
                from: (p.from.latitude, p.from.longitude),
                to: (p.to.latitude, p.to.longitude)
            )
        }
        return try profile.map { try ElevationProfile.readCSV(path: $0) }
    }
}

/// Refuses a preset given for the wrong role (`--transmitter backpack`).
func checkRole(_ preset: DevicePreset, _ role: DevicePreset.Role, _ option: String) throws {
    guard preset.role == role else {
        throw ValidationError(
            "\(option) \(preset.name) is a \(preset.role.rawValue) preset; use one of \(DevicePreset.names(role))"
        )
    }
}

/// `range --detector`.
public enum RangeDetectorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case device, ideal
}

/// `sightline range`: detection range and intercept range of a handset for a receiver.
public struct RangeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "range",
        abstract: "How far a receiver detects (and could demodulate) a transmitter: detection and intercept range.",
        discussion: """
            Link budget: SNR(d) = P_tx + G_tx − L_tx − L(d) + G_rx − L_rx − (−174 dBm/Hz + 10·log10 B + \
            NF). \
            Detection needs the SNR at which the receiver's detector reaches --pd per look: for the GSM-burst \
            receivers (backpack, handheld-df, fixed-post) the pipeline's per-burst detector as measured at the IQ \
            level (Pd 0.9 at 5.3 dB in this build), over the bursts the receiver integrates per look (plus the ideal \
            integration gain: 4.9 dB for the fixed post's 8) — the detector risk uses, so the two agree; with \
            --detector ideal, or any other receiver, Albersheim's equation for --pd/--pfa after integrating N = B·T \
            independent samples (T = --integration-s; valid for Pfa 1e-7…1e-3, Pd 0.1…0.9, N ≤ 8096); or \
            --threshold-db. \
            Interception (demodulating the burst, C3) needs --intercept-threshold-db (GSM: 9 dB, TS 45.005). \
            Detection range is the largest distance at which the SNR still meets the requirement (scanned from far to \
            near, so non-monotone losses are handled); the gap to the intercept range is how much farther a listener \
            can notice than understand. Defaults come from the presets (sightline presets): transmitter \
            \(DevicePreset.names(.transmitter)); receiver \(DevicePreset.names(.receiver)). Their numbers are \
            assumptions, listed with sources in Signals/presets/README.md: \(DevicePreset.helpTable).
            """
    )

    @Option(help: "Transmitter preset.") public var transmitter: DevicePreset = .named("handset")!
    @Option(help: "Receiver preset.") public var receiver: DevicePreset = .named("backpack")!
    @Option(parsing: .unconditional, help: "Path-loss model (default: the receiver preset's).") public var model:
        PathLossModel?
    @Option(
        name: .customLong("frequency-mhz"),
        parsing: .unconditional,
        help: "Carrier in MHz (default: the transmitter's)."
    ) public var frequencyMHz: Double?
    @Option(
        name: .customLong("tx-power-dbm"),
        parsing: .unconditional,
        help: "Transmit power in dBm (default: the transmitter's)."
    ) public var txPowerDBm: Double?
    @Option(name: .customLong("tx-gain-dbi"), parsing: .unconditional) public var txGainDBi: Double?
    @Option(name: .customLong("tx-height-m"), parsing: .unconditional) public var txHeightM: Double?
    @Option(name: .customLong("rx-gain-dbi"), parsing: .unconditional) public var rxGainDBi: Double?
    @Option(name: .customLong("rx-height-m"), parsing: .unconditional) public var rxHeightM: Double?
    @Option(name: .customLong("noise-figure-db"), parsing: .unconditional) public var noiseFigureDB: Double?
    @Option(name: .customLong("bandwidth-hz"), parsing: .unconditional, help: "Detector bandwidth.") public
        var bandwidthHz: Double?
    @Option(
        name: .customLong("integration-s"),
        parsing: .unconditional,
        help: "Time integrated per look (default: the receiver's)."
    ) public var integrationS: Double?
    @Option(
        help: """
            device (the receiver's own detector: for a GSM-burst receiver the pipeline's per-burst detector as \
            measured at the IQ level over its bursts per look, as risk uses it; else the ideal one) or ideal \
            (Albersheim's square-law detector on B·T samples).
            """
    ) public var detector: RangeDetectorChoice = .device
    @Option(parsing: .unconditional, help: "Target detection probability per look.") public var pd: Double?
    @Option(parsing: .unconditional, help: "False-alarm probability per look.") public var pfa: Double?
    @Option(
        name: .customLong("threshold-db"),
        parsing: .unconditional,
        help: "Required detection SNR in dB (instead of --pd/--pfa)."
    ) public var thresholdDB: Double?
    @Option(
        name: .customLong("intercept-threshold-db"),
        parsing: .unconditional,
        help: "SNR needed to demodulate (GSM C/I: 9 dB)."
    ) public var interceptThresholdDB: Double = GSMThresholds.carrierToInterferenceDB
    @Option(parsing: .unconditional, help: "log-distance exponent (default: the receiver's).") public var exponent:
        Double?
    @Option(
        name: .customLong("reference-distance-m"),
        parsing: .unconditional,
        help: "log-distance reference distance."
    ) public var referenceDistanceM: Double?
    @Flag(name: .customLong("allow-extrapolation"), help: "Use models outside their validated ranges.") public
        var allowExtrapolation = false
    @OptionGroup public var terrain: TerrainOptions
    @Option(help: "Write PREFIX.csv (distance, loss, SNR, Pd) and PREFIX.svg (SNR vs distance).") public var sweep:
        String?
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        try checkRole(transmitter, .transmitter, "--transmitter")
        try checkRole(receiver, .receiver, "--receiver")
        for (name, v) in [
            ("--frequency-mhz", frequencyMHz), ("--bandwidth-hz", bandwidthHz), ("--integration-s", integrationS),
            ("--tx-height-m", txHeightM), ("--rx-height-m", rxHeightM),
        ] {
            if let v {
                guard v > 0 && v.isFinite else { throw ValidationError("\(name) \(v): give a positive number") }
            }
        }
        if let pd { guard pd > 0 && pd < 1 else { throw ValidationError("--pd \(pd): give a probability in (0, 1)") } }
        if let pfa {
            guard pfa > 0 && pfa < 1 else { throw ValidationError("--pfa \(pfa): give a probability in (0, 1)") }
        }
    }

    /// The detector `--detector` names: the measured one applies to a receiver of GSM bursts
    /// in 200 kHz at its own Pfa (what the IQ level measured); any other gets the ideal one.
    func curve() throws -> DetectorCurve {
        guard detector == .device, thresholdDB == nil, receiver.integrationSeconds > 0,
            (bandwidthHz ?? receiver.bandwidthHz) == GSMChannel.spacingHz,
            (pfa ?? receiver.pfa) == MeasurementModel.pipelinePfa
        else { return .ideal }
        var device = receiver
        if let integrationS { device.integrationSeconds = integrationS }
        return try MeasurementModel.standard().detectorCurve(for: device)
    }

    /// The study the options describe.
    func study() throws -> RangeStudy {
        var o = RangeStudy.Overrides()
        o.model = model
        o.frequencyHz = frequencyMHz.map { $0 * 1e6 }
        o.txPowerDBm = txPowerDBm
        o.txGainDBi = txGainDBi
        o.txHeightMeters = txHeightM
        o.rxGainDBi = rxGainDBi
        o.rxHeightMeters = rxHeightM
        o.noiseFigureDB = noiseFigureDB
        o.bandwidthHz = bandwidthHz
        o.integrationSeconds = integrationS
        o.pd = pd
        o.pfa = pfa
        o.thresholdDB = thresholdDB
        o.pathLossExponent = exponent
        o.referenceDistanceMeters = referenceDistanceM
        return try RangeStudy(
            transmitter: transmitter,
            receiver: receiver,
            overrides: o,
            interceptSNRdB: interceptThresholdDB,
            allowExtrapolation: allowExtrapolation,
            detector: try curve(),
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
        let s = try study()
        var doc = try s.solve()
        if case .measured = s.detector, !s.thresholdGiven, let count = try MeasurementModel.standard().falseAlarms {
            doc.falseAlarmsPerChannelHour = count.perChannelHour
            doc.falseAlarmsUpper95PerChannelHour = count.upper95PerChannelHour
        }
        if let sweep { try writeSweep(prefix: sweep, s, doc) }
        if json {
            print(try doc.json())
            return
        }
        let domain = s.path.distanceDomainMeters
        func show(_ distance: Double?, limited: Bool) -> String {
            guard let d = distance else { return "none (fails even at \(Int(domain.lowerBound)) m)" }
            guard limited else { return String(format: "%.0f m", d) }
            if s.path.terrain == nil && abs(d - s.path.radioHorizonMeters) < 1 {
                return String(
                    format:
                        """
                        %.0f m, the radio horizon of the two antennas (beyond it the earth is in the way: give a \
                        terrain profile to compute diffraction)
                        """,
                    d
                )
            }
            return String(format: "%.0f m", d)
                + """
                 or more (the search ends there: the end of the terrain profile or of the model's validated \
                range, which --allow-extrapolation lifts)
                """
        }
        print(
            """
            \(transmitter.name) → \(receiver.name), \(s.path.model.rawValue) at \(s.path.frequencyHz / 1e6) MHz: \
            EIRP \(String(format: "%.1f", s.budget.eirpDBm)) dBm, noise \
            \(String(format: "%.1f", s.budget.noiseDBm)) dBm in \(Int(s.budget.bandwidthHz)) Hz
            """
        )
        print(
            "detection needs SNR \(String(format: "%.1f", s.requiredSNRdB)) dB"
                + (s.usesAlbersheim ? " (Pd \(s.pd), Pfa \(s.pfa), \(Int(s.pulses)) samples, Albersheim)" : "")
                + (!s.usesAlbersheim && !s.thresholdGiven ? " (Pd \(s.pd) per look, \(s.detector.name))" : "")
                + ": range \(show(doc.detectionRangeMeters, limited: doc.detectionLimitedByModelRange))"
        )
        if let rate = doc.falseAlarmsPerChannelHour, let bound = doc.falseAlarmsUpper95PerChannelHour,
            let count = try MeasurementModel.standard().falseAlarms
        {
            print(
                String(
                    format: "false alarms: %d in %.2f channel-hours of noise, %.1f per channel-hour (95 %% ≤ %.1f)",
                    count.detections,
                    count.channelHours,
                    rate,
                    bound
                )
            )
        }
        print(
            """
            interception needs SNR \(String(format: "%.1f", s.interceptSNRdB)) dB: range \
            \(show(doc.interceptRangeMeters, limited: doc.interceptLimitedByModelRange))
            """
        )
        if let sweep { print("sweep: \(sweep).csv, \(sweep).svg") }
    }

    func writeSweep(prefix: String, _ s: RangeStudy, _ doc: RangeDocument) throws {
        let points = try s.sweep()
        var plot = SVGPlot(
            title: "\(transmitter.name) → \(receiver.name): SNR vs distance (\(s.path.model.rawValue))",
            xLabel: "distance (m)",
            yLabel: "SNR in \(Int(s.budget.bandwidthHz / 1000)) kHz (dB)",
            logX: true
        )
        plot.series = [
            .init(label: "SNR", points: points.map { ($0.distanceMeters, $0.snrDB) }, colour: SVGPlot.palette[0])
        ]
        plot.markers = [
            .init(axis: .y, value: s.requiredSNRdB, label: String(format: "detection %.1f dB", s.requiredSNRdB)),
            .init(axis: .y, value: s.interceptSNRdB, label: String(format: "interception %.1f dB", s.interceptSNRdB)),
        ]
        if let d = doc.detectionRangeMeters {
            plot.markers.append(.init(axis: .x, value: d, label: String(format: "detect %.0f m", d)))
        }
        if let d = doc.interceptRangeMeters {
            plot.markers.append(.init(axis: .x, value: d, label: String(format: "intercept %.0f m", d)))
        }
        try RangeStudy.csv(points).write(to: prefix + ".csv")
        try AtomicFile.write(plot.render(), to: prefix + ".svg")
    }
}
