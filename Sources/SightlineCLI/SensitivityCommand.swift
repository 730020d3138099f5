import ArgumentParser
import Foundation
import Sightline

extension SensitivityOutcome: ExpressibleByArgument {}
extension SensitivityMethod: ExpressibleByArgument {}

/// `sightline sensitivity`: what a timed scene's answer depends on most.
public struct SensitivityCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which of a timed scene's assumptions its answer depends on most (tornado chart, Sobol' indices).",
        discussion: """
            Runs the scene at its nominal values and with each of its assumptions (the scene's assumptions: list) \
            alone at its low (5th percentile) and high (95th percentile) value, every run on the same seeded calls, \
            and sorts the assumptions by how far they move the outcome at --duration. --method sobol also draws \
            N·(k + 2) assumption sets (Saltelli 2010) and gives each assumption's first-order index (the share of \
            the answer's variance it causes alone) and total index (with its interactions; Jansen 1999), with 95 % \
            intervals.
            Output (--json): {"outcome", "duration_s", "method", "trials_per_point", "seed", "p_nominal", \
            "sobol_samples", "factors": [{"name", "low", "high", "p_low", "p_high", "first_order", "total", \
            "first_order_ci95", "total_ci95"}]}, factors widest swing first.
            """
    )

    @Argument(help: "A timed scene with an assumptions: list, e.g. Signals/scenes/c4-railway-station-risk.yaml.")
    public var scene: String
    @Option(help: "The call duration the outcome is read at: a number with s, m or h.") public var duration: String =
        "8m"
    @Option(help: "The outcome: detected, located or agent-arrived.") public var outcome: SensitivityOutcome =
        .agentArrived
    @Option(help: "oat (one at a time: low/high swings) or sobol (also first-order and total Sobol' indices).")
    public var method: SensitivityMethod = .oat
    @Option(parsing: .unconditional, help: "Calls simulated per point.") public var trials: Int = 2000
    @Option(parsing: .unconditional, help: "Sobol' base samples N (--method sobol).") public var sobolSamples: Int = 64
    @Option(parsing: .unconditional, help: "Seed (default: the scene's).") public var seed: UInt64?
    @Option(parsing: .unconditional, help: "Threads (default: all cores).") public var threads: Int?
    @Option(help: "Write the tornado chart as SVG.") public var svg: String?
    @Option(help: "Write one row per assumption as CSV.") public var csv: String?
    @Flag(help: "Print the sensitivity document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        do {
            let d = try RiskStudy.durations(parsing: duration, field: "--duration")
            guard d.count == 1 else { throw ValidationError("--duration \(duration): give one duration") }
        } catch let e as SightlineError {
            throw ValidationError("--duration \(duration): \(e.message)" + (e.fix.map { "; \($0)" } ?? ""))
        }
        if let threads {
            guard threads >= 1 && threads <= Parallel.maximumThreads else {
                throw ValidationError("--threads \(threads): give 1 to \(Parallel.maximumThreads) (the limit)")
            }
        }
    }

    public func run() throws {
        try AtomicFile.checkOutputs([svg, csv], inputs: [scene])
        let parsed = try RiskSceneFile.read(path: scene)
        var study = SensitivityStudy(
            scene: parsed,
            durationSeconds: try RiskStudy.durations(parsing: duration, field: "--duration")[0],
            outcome: outcome,
            method: method,
            trialsPerPoint: trials,
            seed: seed,
            sobolSamples: sobolSamples
        )
        if let threads { study.threads = threads }
        let model = try MeasurementModel.standard()
        let bar = json ? nil : SharedProgress(label: "points", total: study.points)
        var progress: (@Sendable (Int) -> Void)?
        if let bar { progress = { bar.update($0) } }
        let doc = try study.run(model: model, progress: progress)
        // Everything is computed before anything is written.
        let chart = svg.map { _ in SensitivityChart.svg(doc, scene: parsed, model: model) }
        if let svg, let chart { try AtomicFile.write(chart, to: svg) }
        if let csv { try SensitivityChart.csv(doc).write(to: csv) }
        if json {
            print(try doc.json())
            return
        }
        print(
            String(
                format: "%@ at %.0f s: %.3f nominal (%d calls per point, seed %llu, %@)",
                doc.outcome.rawValue,
                doc.durationSeconds,
                doc.pNominal,
                doc.trialsPerPoint,
                doc.seed,
                doc.method.rawValue
            )
        )
        print(
            "  assumption                               low → high          p(low)  p(high)  swing"
                + (doc.method == .sobol ? "   S1      ST" : "")
        )
        for f in doc.factors {
            var line = String(
                format: "  %@ %9.4g → %-9.4g  %.3f   %.3f    %.3f",
                f.name.padding(toLength: 40, withPad: " ", startingAt: 0),
                f.low,
                f.high,
                f.pLow,
                f.pHigh,
                f.swing
            )
            if let s1 = f.firstOrder, let st = f.total { line += String(format: "   %6.3f  %6.3f", s1, st) }
            print(line)
        }
        if let svg { print("tornado: \(svg)") }
        if let csv { print("factors: \(csv)") }
    }
}
