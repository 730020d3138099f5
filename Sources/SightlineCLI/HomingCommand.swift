import ArgumentParser
import Foundation
import Sightline

/// `sightline homing`: how long an agent who follows the signal takes to reach the door.
public struct HomingCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "homing",
        abstract: """
            Time for an agent who takes a bearing every few seconds and walks along it to reach the emitter (C2).
            """,
        discussion: """
            Seeded Monte Carlo: the agent starts --start-m away, takes a bearing with Gaussian error --sigma-deg \
            every --interval-s, walks at --speed-mps, and stops within --stop-m. Prints the fraction that arrive \
            within --max-s and the mean, median and 90th percentile of the time. With --snr-db the error instead \
            follows the signal: the per-element SNR is --snr-db at the start distance and rises by \
            10·n·log10(start/d) as the agent closes in (n = --exponent); each look's σ is the Cramér–Rao bound \
            of the \
            hand-held Adcock (R = 0.08 m at --frequency-mhz) for --snapshots snapshots, never below --sigma-deg (the \
            instrument's calibration floor). With --mode rss the agent has no direction finder: at each stop it reads \
            the level where it stands and --baseline-m east and north of it (log-distance with --exponent, shadowing \
            --shadowing-db correlated over --decorrelation-m, reading error --level-error-db) and walks up the \
            estimated gradient.
            """
    )

    @Option(name: .customLong("start-m"), help: "Start distances in metres, comma-separated.") public var startM =
        NumberList([250, 500, 1000, 2000])
    @Option(name: .customLong("sigma-deg"), help: "Bearing error (1σ) in degrees.") public var sigmaDeg: Double = 10
    @Option(name: .customLong("speed-mps")) public var speedMps: Double = 1.4
    @Option(name: .customLong("interval-s"), help: "Seconds between bearings.") public var intervalS: Double = 10
    @Option(name: .customLong("stop-m"), help: "Distance at which the agent is at the door.") public var stopM: Double =
        20
    @Option(name: .customLong("max-s"), help: "Give up after (e.g. the call's length).") public var maxS: Double = 3600
    @Option(
        name: .customLong("snr-db"),
        parsing: .unconditional,
        help: "Per-element SNR at the start distance; makes σ follow the SNR (see above)."
    )
    public var snrDB: Double?
    @Option(help: "Path-loss exponent for the SNR's growth as the agent closes in.") public var exponent: Double = 3
    @Option(help: "Snapshots per look (for the CRB).") public var snapshots: Int = 200
    @Option(name: .customLong("frequency-mhz")) public var frequencyMHz: Double = 900
    @Option(
        help: """
            bearing (a DF bearing per look) or rss (walk up the signal-strength gradient read at three points \
            --baseline-m apart).
            """
    )
    public var mode: HomingDocument.Mode = .bearing
    @Option(name: .customLong("baseline-m"), help: "rss: spacing of the three level readings.") public var baselineM:
        Double = 10
    @Option(name: .customLong("level-error-db"), help: "rss: 1σ error of one averaged level reading.") public
        var levelErrorDB: Double = 1
    @Option(name: .customLong("shadowing-db"), help: "rss: log-normal shadowing σ.") public var shadowingDB: Double = 6
    @Option(name: .customLong("decorrelation-m"), help: "rss: shadowing decorrelation distance (Gudmundson).") public
        var decorrelationM: Double = 50
    @Option public var trials: Int = 2000
    @Option public var seed: UInt64 = 1
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    var starts: [Double] { startM.values }

    public func validate() throws {
        guard !starts.isEmpty, starts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError(
                "--start-m \(startM.defaultValueDescription): give positive distances separated by commas"
            )
        }
        // Each trial takes about --max-s / --interval-s looks: both bounded so that no
        // request asks for more than a few million.
        guard trials <= 1_000_000 else { throw ValidationError("--trials \(trials): at most 1000000") }
        guard intervalS >= 0.01 && intervalS <= 3600, maxS <= 86_400 else {
            throw ValidationError(
                """
                --interval-s \(intervalS) / --max-s \(maxS): give an interval from 0.01 to 3600 s and at most \
                86400 s in all
                """
            )
        }
        guard sigmaDeg >= 0, speedMps > 0, intervalS > 0, stopM > 0, maxS > 0, trials >= 1 else {
            throw ValidationError("--sigma-deg ≥ 0, and --speed-mps, --interval-s, --stop-m, --max-s, --trials > 0")
        }
        guard baselineM > 0, levelErrorDB >= 0, shadowingDB >= 0, decorrelationM > 0 else {
            throw ValidationError(
                "--baseline-m and --decorrelation-m must be positive, --level-error-db and --shadowing-db ≥ 0"
            )
        }
        guard exponent > 0, snapshots >= 1, frequencyMHz > 0, snrDB?.isFinite ?? true else {
            throw ValidationError("--exponent, --snapshots and --frequency-mhz must be positive and --snr-db finite")
        }
    }

    public func run() throws {
        let agent = HomingAgent(
            speedMetersPerSecond: speedMps,
            intervalSeconds: intervalS,
            stopMeters: stopM,
            maximumSeconds: maxS
        )
        let floor = sigmaDeg
        let adcock = AntennaArray(.adcock(radiusMeters: 0.08), frequencyHz: frequencyMHz * 1e6)
        let rows = starts.map { d -> HomingDocument.Row in
            var sigma: @Sendable (Double) -> Double = { _ in floor }
            if let snrDB {
                sigma = HomingAgent.sigmaFollowingSNR(
                    array: adcock,
                    snrDBAtStart: snrDB,
                    startMeters: d,
                    exponent: exponent,
                    snapshots: snapshots,
                    floorDegrees: floor
                )
            }
            let gradient = RSSGradient(
                exponent: exponent,
                baselineMeters: baselineM,
                levelErrorDB: levelErrorDB,
                shadowingDB: shadowingDB,
                decorrelationMeters: decorrelationM
            )
            let s =
                mode == .rss
                ? agent.simulate(startMeters: d, trials: trials, seed: seed, gradient: gradient)
                : agent.simulate(startMeters: d, trials: trials, seed: seed, sigmaDegrees: sigma)
            return HomingDocument.Row(startMeters: d, s)
        }
        if json {
            print(
                try HomingDocument(
                    homing: rows,
                    sigmaDegrees: sigmaDeg,
                    speedMetersPerSecond: speedMps,
                    intervalSeconds: intervalS,
                    stopMeters: stopM,
                    trials: trials,
                    seed: seed,
                    snrDBAtStart: snrDB,
                    mode: mode
                ).json()
            )
            return
        }
        for r in rows {
            print(
                String(
                    format: "from %5.0f m: %3.0f %% reach the door within %.0f s; median %@, 90 %% within %@",
                    r.startMeters,
                    100 * r.reachedFraction,
                    maxS,
                    r.medianSeconds.map { String(format: "%.0f s", $0) } ?? "—",
                    r.p90Seconds.map { String(format: "%.0f s", $0) } ?? "—"
                )
            )
        }
    }
}
