import ArgumentParser
import Foundation
import Sightline
import Synchronization

/// Options shared by `risk` and `report`.
public struct RiskOptions: ParsableArguments {
    @Argument(help: "A timed scene (.yaml), e.g. Signals/scenes/c4-railway-station-risk.yaml.") public var scene: String
    @Option(help: "Call durations: numbers with s, m or h (plain numbers are seconds), comma-separated.")
    public var durations: String = "30s,1m,2m,4m,6m,8m,15m"
    @Option(parsing: .unconditional, help: "Calls simulated per curve (and per tactic).") public var trials: Int = 4000
    @Option(parsing: .unconditional, help: "Seed (default: the scene's).") public var seed: UInt64?
    @Option(
        help: """
            measurement (outcomes drawn from the IQ level's statistics) or iq (the real pipeline on synthesized \
            samples; \
            slow).
            """
    )
    public var fidelity: Fidelity = .measurement
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") public var threads: Int?
    @Option(
        help: """
            nominal (the scene as written) or sample (also across the scene's assumptions: every curve point gets the \
            5th, 50th and 95th percentile over --assumption-draws Latin-hypercube draws).
            """
    )
    public var assumptions: AssumptionChoice = .nominal
    @Option(parsing: .unconditional, help: "Assumption draws with --assumptions sample.")
    public var assumptionDraws: Int = 32

    public init() {}

    public func validate() throws {
        guard assumptionDraws >= 2 && assumptionDraws <= 4096 else {
            throw ValidationError("--assumption-draws \(assumptionDraws): give 2 to 4096")
        }
        do {
            _ = try RiskStudy.durations(parsing: durations, field: "--durations")
        } catch let e as SightlineError {
            throw ValidationError("--durations \(durations): \(e.message)" + (e.fix.map { "; \($0)" } ?? ""))
        }
        guard trials >= 1 && trials <= RiskEngine.maximumTrials else {
            throw ValidationError("--trials \(trials): give 1 to \(RiskEngine.maximumTrials) (the limit)")
        }
        if let threads {
            guard threads >= 1 && threads <= Parallel.maximumThreads else {
                throw ValidationError("--threads \(threads): give 1 to \(Parallel.maximumThreads) (the limit)")
            }
        }
    }

    /// Reads the scene and runs it and every tactic, with a progress bar on a terminal.
    func run(progressLabel: String?) throws -> (scene: RiskScene, results: [RiskEngine.Result], model: MeasurementModel)
    {
        let parsed = try RiskSceneFile.read(path: scene)
        var study = RiskStudy(
            scene: parsed,
            durationsSeconds: try RiskStudy.durations(parsing: durations, field: "--durations"),
            trials: trials,
            seed: seed,
            fidelity: fidelity
        )
        if let threads { study.threads = threads }
        if assumptions == .sample { study.assumptions = .sample(draws: assumptionDraws) }
        let model = try MeasurementModel.standard()
        let bar = progressLabel.map { SharedProgress(label: $0, total: study.totalCalls) }
        var progress: (@Sendable (Int) -> Void)?
        if let bar { progress = { bar.update($0) } }
        let results = try study.run(model: model, progress: progress)
        return (parsed, results, model)
    }
}

/// `--assumptions`: run the scene as written, or across its assumptions.
public enum AssumptionChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    case nominal, sample
}

/// A progress bar several workers update.
final class SharedProgress: Sendable {
    let bar: Mutex<ProgressBar>
    let total: Int
    init(label: String, total: Int) {
        bar = Mutex(ProgressBar(label: label))
        self.total = total
    }
    func update(_ done: Int) { bar.withLock { $0.update(done: done, total: total) } }
}

/// `sightline risk`: P(detected), P(located), P(agent at the door) against call duration.
public struct RiskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: """
            Monte Carlo over calls: the chance of being detected, located and reached, against call duration, for the \
            scene and each tactic.
            """,
        discussion: """
            Each trial is one seeded call in the scene (shadowing, fading, patrol phase and every detection and \
            bearing drawn afresh). The measurement level draws each burst's detection and each bearing's error from \
            the statistics the IQ level (the real detector and Watson-Watt on synthesized samples) produces at that \
            SNR, measured once per build and kept in ~/.cache/sightline ($SIGHTLINE_CACHE_DIR; empty: measured each \
            run); --fidelity iq runs the IQ level itself (slow: use few trials and \
            short durations). Intervals are Wilson 95 %.
            Output (--json): {"fidelity", "trials", "seed", "curves": [{duration_s, p_detected, p_located, \
            p_agent_arrived, p_detected_ci95: [lo, hi]}], plus "scene", "tactics": [{name, curves}], "call_possible", \
            "transmit_power_dbm", "mean_snr_db", and the median, p10, p90 and count of "time_to_detect_s", \
            "time_to_first_bearing_s", "time_to_fix_s", "time_to_door_s" over the longest call}.
            """
    )

    @OptionGroup public var options: RiskOptions
    @Option(help: "Write the curves (scene and tactics) as CSV.") public var csv: String?
    @Flag(help: "Print the risk document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func run() throws {
        try AtomicFile.checkOutputs([csv], inputs: [options.scene])
        let (_, results, _) = try options.run(progressLabel: json ? nil : "calls")
        let doc = RiskDocument(results)
        if let csv { try RiskDocument.csv(results).write(to: csv) }
        if json {
            print(try doc.json())
            return
        }
        print(
            "fidelity: \(options.fidelity.rawValue) level, \(options.trials) calls per curve, seed \(results[0].seed)"
        )
        for r in results {
            print(
                "\n\(r.name)"
                    + (r.callPossible
                        ? String(format: " (handset at %.0f dBm)", r.transmitPowerDBm)
                        : " — the call cannot be held here (downlink jammed)")
            )
            print("  duration   P(detected)          P(located)   P(misled)   P(agent at door)")
            for p in r.curve {
                print(
                    String(
                        format: "  %7.0f s   %.3f [%.3f, %.3f]   %.3f        %.3f       %.3f",
                        p.durationSeconds,
                        p.pDetected,
                        p.pDetectedCI95.0,
                        p.pDetectedCI95.1,
                        p.pLocated,
                        p.pMisled,
                        p.pAgentArrived
                    )
                )
                if let b = p.assumptionBand {
                    print(
                        String(
                            format: """
                                    assumptions, 5–95 %%:  %.3f–%.3f          %.3f–%.3f  %.3f–%.3f %.3f–%.3f
                                """,
                            b.detected[0],
                            b.detected[2],
                            b.located[0],
                            b.located[2],
                            b.misled[0],
                            b.misled[2],
                            b.agentArrived[0],
                            b.agentArrived[2]
                        )
                    )
                }
            }
            let median: ([Double]) -> String = {
                RiskDocument.TimeQuantiles(sorted: $0).median.map { String(format: "%.0f s", $0) } ?? "—"
            }
            print(
                """
                  median time to detection \(median(r.timesToDetectSeconds)), to a fix \
                \(median(r.timesToFixSeconds)), to the door \(median(r.timesToArrivalSeconds)) (calls where it \
                happened)
                """
            )
        }
        if let csv { print("\ncurves: \(csv)") }
    }
}

/// `sightline report`: the self-contained HTML report of a timed scene.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: """
            Write one self-contained HTML report of a timed scene: what it is, what was assumed, and what the risk \
            curves say.
            """,
        discussion: """
            Runs the same Monte Carlo as sightline risk (same options) and writes a single HTML file with inline SVG \
            and no network access, readable offline and printable.
            """
    )

    @OptionGroup public var options: RiskOptions
    @Option(name: .shortAndLong, help: "The HTML file to write.") public var output: String
    @Option(help: "The report's language: en (English) or ko (Korean).") public var lang: ReportLanguage = .en
    @Option(help: "A `sightline sensitivity --json` document of the same scene: drawn as the tornado chart.")
    public var sensitivity: String?

    public init() {}

    public func run() throws {
        try AtomicFile.checkOutputs([output], inputs: [options.scene] + [sensitivity].compactMap { $0 })
        let swings = try sensitivity.map { path in
            SensitivityChart.tornado(
                try SensitivityDocument.decode(
                    InputFile.contents(of: path, what: "sensitivity document"),
                    location: path
                )
            )
        }
        let (scene, results, model) = try options.run(progressLabel: "calls")
        var command =
            "sightline report \(options.scene) --durations \(options.durations) --trials \(options.trials) "
            + "--seed \(results[0].seed) --fidelity \(options.fidelity.rawValue)"
        if options.assumptions == .sample {
            command += " --assumptions sample --assumption-draws \(options.assumptionDraws)"
        }
        if let sensitivity { command += " --sensitivity \(sensitivity)" }
        if lang != .en { command += " --lang \(lang.rawValue)" }
        command += " -o \(output)"
        let report = RiskReport(
            scene: scene,
            results: results,
            model: model,
            command: command,
            language: lang,
            bands: ReportUncertainty.bands(of: results),
            tornado: swings
        )
        try AtomicFile.write(report.render(), to: output)
        print("report: \(output)")
    }
}
