import ArgumentParser
import Foundation
import Sightline

/// Options shared by `risk` and `report`.
public struct RiskOptions: ParsableArguments {
    @Argument(help: "A timed scene (.yaml), e.g. Signals/scenes/c4-railway-station-risk.yaml.") public var scene: String
    @Option(help: "Call durations: numbers with s, m or h (plain numbers are seconds), comma-separated.")
    public var durations: String = "30s,1m,2m,4m,6m,8m,15m"
    @Option(parsing: .unconditional, help: "Calls simulated per curve (and per tactic).") public var trials: Int = 4000
    @Option(parsing: .unconditional, help: "Seed (default: the scene's).") public var seed: UInt64?
    @Option(help: "measurement (outcomes drawn from the IQ level's statistics) or iq (the real pipeline on synthesized samples; slow).")
    public var fidelity: String = "measurement"
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") public var threads: Int?

    public init() {}

    public var durationsSeconds: [Double] {
        durations.split(separator: ",", omittingEmptySubsequences: false)
            .compactMap { Self.seconds(String($0).trimmingCharacters(in: .whitespaces)) }
    }

    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("h", 3600), ("min", 60), ("m", 60), ("s", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)), v > 0, v.isFinite else { return nil }
            return v * scale
        }
        guard let v = Double(text), v > 0, v.isFinite else { return nil }
        return v
    }

    public func validate() throws {
        let seconds = durationsSeconds
        guard !seconds.isEmpty, seconds.count == durations.split(separator: ",", omittingEmptySubsequences: false).count else {
            throw ValidationError("--durations \(durations): give positive durations such as 30s,1m,8m (no empty entries)")
        }
        // The limit applies after the unit: 1e9h is 3.6e12 s.
        let longest = RiskEngine.maximumDurationSeconds
        if let bad = seconds.first(where: { $0 > longest }) {
            throw ValidationError("--durations \(durations): \(bad) s is longer than the limit of \(Int(longest)) s (24 h)")
        }
        guard seconds.count <= RiskEngine.maximumDurations else {
            throw ValidationError("--durations: \(seconds.count) durations is more than the limit of \(RiskEngine.maximumDurations)")
        }
        guard trials >= 1 && trials <= RiskEngine.maximumTrials else {
            throw ValidationError("--trials \(trials): give 1 to \(RiskEngine.maximumTrials) (the limit)")
        }
        guard Fidelity(rawValue: fidelity) != nil else { throw ValidationError("--fidelity \(fidelity): use measurement or iq") }
        if let threads {
            guard threads >= 1 && threads <= SpectralConfiguration.maximumThreads else {
                throw ValidationError("--threads \(threads): give 1 to \(SpectralConfiguration.maximumThreads) (the limit)")
            }
        }
    }

    /// Runs the base scene and every tactic.
    func run(progressLabel: String?) throws -> (scene: RiskScene, results: [RiskEngine.Result], model: MeasurementModel) {
        let scene = try RiskSceneFile.read(path: self.scene)
        let model = try MeasurementModel.standard()
        let variants = [(scene.name, scene)] + scene.tactics
        let total = variants.count * trials
        let bar = progressLabel.map { SharedProgress(label: $0, total: total) }
        var results: [RiskEngine.Result] = []
        let level = Fidelity(rawValue: fidelity) ?? .measurement
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let runSeed = seed ?? scene.seed
        let count = trials
        for (i, v) in variants.enumerated() {
            var report: (@Sendable (Int) -> Void)?
            if let bar { report = { done in bar.update(i * count + done) } }
            var r = try RiskEngine.run(scene: v.1, model: model, durations: durationsSeconds, trials: count, seed: runSeed,
                                       fidelity: level, threads: cores, progress: report)
            r.name = v.0
            results.append(r)
        }
        return (scene, results, model)
    }
}

final class SharedProgress: @unchecked Sendable {
    let lock = NSLock()
    var bar: ProgressBar
    let total: Int
    init(label: String, total: Int) { bar = ProgressBar(label: label); self.total = total }
    func update(_ done: Int) { lock.withLock { bar.update(done: done, total: total) } }
}

/// `sightline risk`: P(detected), P(located), P(agent at the door) against call duration.
public struct RiskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Monte Carlo over calls: the chance of being detected, located and reached, against call duration, for the scene and each tactic.",
        discussion: """
            Each trial is one seeded call in the scene (shadowing, fading, patrol phase and every detection and bearing drawn afresh). The measurement level draws each burst's detection and each bearing's error from the statistics the IQ level (the real detector and Watson-Watt on synthesized samples) produces at that SNR, measured when the command starts; --fidelity iq runs the IQ level itself (slow: use few trials and short durations). Intervals are Wilson 95 %.
            Output (--json): {"fidelity", "trials", "seed", "curves": [{duration_s, p_detected, p_located, p_agent_arrived, p_detected_ci95: [lo, hi]}], plus "scene", "tactics": [{name, curves}], "call_possible", "transmit_power_dbm", "mean_snr_db", and the median, p10, p90 and count of "time_to_detect_s", "time_to_first_bearing_s", "time_to_fix_s", "time_to_door_s" over the longest call}.
            """)

    @OptionGroup public var options: RiskOptions
    @Option(help: "Write the curves (scene and tactics) as CSV.") public var csv: String?
    @Flag(help: "Print the risk document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func run() throws {
        try AtomicFile.checkOutputs([csv], inputs: [options.scene])
        let (_, results, _) = try options.run(progressLabel: json ? nil : "calls")
        let doc = Self.document(results)
        if let csv {
            var table = "scenario,duration_s,p_detected,p_detected_lo,p_detected_hi,p_located,p_located_lo,p_located_hi,p_agent_arrived,p_agent_lo,p_agent_hi\n"
            for r in results {
                for p in r.curve {
                    table += "\"\(r.name.replacingOccurrences(of: "\"", with: "'"))\"," + [p.durationSeconds, p.pDetected, p.pDetectedCI95.0, p.pDetectedCI95.1,
                                         p.pLocated, p.pLocatedCI95.0, p.pLocatedCI95.1, p.pAgentArrived, p.pAgentArrivedCI95.0,
                                         p.pAgentArrivedCI95.1].map { String(format: "%.6g", $0) }.joined(separator: ",") + "\n"
                }
            }
            try AtomicFile.write(table, to: csv)
        }
        if json { print(try JSONOutput.string(doc)); return }
        print("fidelity: \(options.fidelity) level, \(options.trials) calls per curve, seed \(results[0].seed)")
        for r in results {
            print("\n\(r.name)" + (r.callPossible ? String(format: " (handset at %.0f dBm)", r.transmitPowerDBm) : " — the call cannot be held here (downlink jammed)"))
            print("  duration   P(detected)          P(located)   P(agent at door)")
            for p in r.curve {
                print(String(format: "  %7.0f s   %.3f [%.3f, %.3f]   %.3f        %.3f", p.durationSeconds, p.pDetected, p.pDetectedCI95.0,
                             p.pDetectedCI95.1, p.pLocated, p.pAgentArrived))
            }
            let median: ([Double]) -> String = { $0.isEmpty ? "—" : String(format: "%.0f s", $0[$0.count / 2]) }
            print("  median time to detection \(median(r.timesToDetectSeconds)), to a fix \(median(r.timesToFixSeconds)), to the door \(median(r.timesToArrivalSeconds)) (calls where it happened)")
        }
        if let csv { print("\ncurves: \(csv)") }
    }

    static func curves(_ r: RiskEngine.Result) -> [[String: Any]] {
        r.curve.map { p in
            ["duration_s": p.durationSeconds, "p_detected": p.pDetected, "p_located": p.pLocated, "p_agent_arrived": p.pAgentArrived,
             "p_detected_ci95": [p.pDetectedCI95.0, p.pDetectedCI95.1], "p_located_ci95": [p.pLocatedCI95.0, p.pLocatedCI95.1],
             "p_agent_arrived_ci95": [p.pAgentArrivedCI95.0, p.pAgentArrivedCI95.1]]
        }
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Any {
        sorted.isEmpty ? NSNull() : sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]
    }

    static func quantiles(_ t: [Double]) -> [String: Any] {
        ["median": quantile(t, 0.5), "p10": quantile(t, 0.1), "p90": quantile(t, 0.9), "count": t.count]
    }

    static func document(_ results: [RiskEngine.Result]) -> [String: Any] {
        let base = results[0]
        return [
            "fidelity": base.fidelity.rawValue, "trials": base.trials, "seed": Int(truncatingIfNeeded: base.seed),
            "scene": base.name, "curves": curves(base), "call_possible": base.callPossible,
            "transmit_power_dbm": base.transmitPowerDBm, "mean_snr_db": base.meanSNRdB,
            "time_to_fix_s": quantiles(base.timesToFixSeconds), "time_to_detect_s": quantiles(base.timesToDetectSeconds),
            "time_to_first_bearing_s": quantiles(base.timesToFirstBearingSeconds), "time_to_door_s": quantiles(base.timesToArrivalSeconds),
            "tactics": results.dropFirst().map { r -> [String: Any] in
                ["name": r.name, "curves": curves(r), "call_possible": r.callPossible, "transmit_power_dbm": r.transmitPowerDBm]
            },
        ]
    }
}

/// `sightline report`: the self-contained HTML report of a timed scene.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report of a timed scene: what it is, what was assumed, and what the risk curves say.",
        discussion: "Runs the same Monte Carlo as sightline risk (same options) and writes a single HTML file with inline SVG and no network access, readable offline and printable.")

    @OptionGroup public var options: RiskOptions
    @Option(name: .shortAndLong, help: "The HTML file to write.") public var output: String

    public init() {}

    public func run() throws {
        try AtomicFile.checkOutputs([output], inputs: [options.scene])
        let (scene, results, model) = try options.run(progressLabel: "calls")
        let command = "sightline report \(options.scene) --durations \(options.durations) --trials \(options.trials) --seed \(results[0].seed) --fidelity \(options.fidelity) -o \(output)"
        try AtomicFile.write(RiskReport(scene: scene, results: results, model: model, command: command).render(), to: output)
        print("report: \(output)")
    }
}
