import Foundation
import SightlineCore
import Synchronization

/// Monte Carlo over many seeded calls. Each trial simulates one call of the longest
/// duration asked for; because nothing in a call depends on when it will end, the events
/// before D in that call are exactly those of a call of length D, so one run per trial gives
/// every point of the curves. Trials are spread over the cores; trial i always uses the
/// generator seeded from (seed, i), so the numbers do not depend on the thread count.
public struct RiskEngine: Sendable {
    public struct Point: Sendable, Equatable {
        public var durationSeconds: Double
        public var pDetected: Double
        public var pLocated: Double
        public var pAgentArrived: Double
        public var pDetectedCI95: (Double, Double)
        public var pLocatedCI95: (Double, Double)
        public var pAgentArrivedCI95: (Double, Double)
        /// The chance that the surveillant declared a fix that was wrong (the phone farther
        /// than the scene's radius from it) by this duration.
        public var pMisled: Double = 0
        public var pMisledCI95: (Double, Double) = (0, 1)
        /// Across assumption draws (`--assumptions sample`): the 5th, 50th and 95th
        /// percentiles of each probability; nil for a nominal run.
        public var assumptionBand: AssumptionBand? = nil
        public static func == (l: Point, r: Point) -> Bool {
            l.durationSeconds == r.durationSeconds && l.pDetected == r.pDetected && l.pLocated == r.pLocated
                && l.pAgentArrived == r.pAgentArrived
        }
    }

    public struct Result: Sendable {
        public var name: String
        public var fidelity: Fidelity
        public var trials: Int
        public var seed: UInt64
        public var curve: [Point]
        /// Times to a fix within R (sorted), over the trials that got one in the longest call.
        public var timesToFixSeconds: [Double]
        public var timesToDetectSeconds: [Double]
        /// Times to the first bearing (sorted), over the trials that got one.
        public var timesToFirstBearingSeconds: [Double]
        /// Times for the agent to reach the door (sorted), over the trials where it did.
        public var timesToArrivalSeconds: [Double]
        public var meanSNRdB: [String: Double]
        public var transmitPowerDBm: Double
        public var callPossible: Bool
        public var downlinkSINRdB: Double?
    }

    /// The Wilson score interval at 95 % (z = 1.96) for k successes in n trials.
    public static func wilson(_ k: Int, _ n: Int) -> (Double, Double) {
        guard n > 0 else { return (0, 1) }
        let z = 1.959963984540054
        let p = Double(k) / Double(n)
        let nn = Double(n)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z / (1 + z * z / nn) * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The most calls per curve (each keeps its outcome until the curves are drawn).
    public static let maximumTrials = 1_000_000
    /// The longest call simulated, in seconds (24 h).
    public static let maximumDurationSeconds = 86_400.0
    /// The most call durations (curve points) per run.
    public static let maximumDurations = 1000

    public static func run(
        scene: RiskScene,
        model: MeasurementModel,
        durations: [Double],
        trials: Int,
        seed: UInt64,
        fidelity: Fidelity = .measurement,
        threads: Int = Parallel.defaultThreads,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> Result {
        guard trials >= 1 && trials <= maximumTrials else {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "trials",
                message: "\(trials) trials is outside 1 to \(maximumTrials)",
                fix: "give at most \(maximumTrials) trials"
            )
        }
        guard !durations.isEmpty, durations.count <= maximumDurations,
            durations.allSatisfy({ $0 > 0 && $0 <= maximumDurationSeconds })
        else {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "durations",
                message:
                    """
                    call durations must be 1 to \(maximumDurations) values above 0 and at most \
                    \(Int(maximumDurationSeconds)) s (24 h)
                    """,
                fix: "e.g. `durations` 30s,1m,8m"
            )
        }
        let sim = try CallSimulator(scene: scene, model: model, fidelity: fidelity)
        let longest = durations.max() ?? 0
        let done = Mutex(0)
        let all = try Parallel.map(trials, threads: threads) { i in
            let outcome = try sim.run(durationSeconds: longest, seed: seed, trial: UInt64(i))
            if let progress {
                progress(
                    done.withLock {
                        $0 += 1
                        return $0
                    }
                )
            }
            return outcome
        }
        let curve = durations.sorted().map { d -> Point in
            let kd = all.filter { ($0.detectedSeconds ?? .infinity) <= d }.count
            let kl = all.filter { ($0.locatedSeconds ?? .infinity) <= d }.count
            let ka = all.filter { ($0.agentArrivedSeconds ?? .infinity) <= d }.count
            let km = all.filter { ($0.misledSeconds ?? .infinity) <= d }.count
            let n = Double(all.count)
            return Point(
                durationSeconds: d,
                pDetected: Double(kd) / n,
                pLocated: Double(kl) / n,
                pAgentArrived: Double(ka) / n,
                pDetectedCI95: wilson(kd, all.count),
                pLocatedCI95: wilson(kl, all.count),
                pAgentArrivedCI95: wilson(ka, all.count),
                pMisled: Double(km) / n,
                pMisledCI95: wilson(km, all.count)
            )
        }
        var snr: [String: Double] = [:]
        for (i, o) in scene.observers.enumerated() { snr[o.name] = sim.meanSNR[i].max() }
        return Result(
            name: scene.name,
            fidelity: fidelity,
            trials: trials,
            seed: seed,
            curve: curve,
            timesToFixSeconds: all.compactMap(\.locatedSeconds).sorted(),
            timesToDetectSeconds: all.compactMap(\.detectedSeconds).sorted(),
            timesToFirstBearingSeconds: all.compactMap(\.firstBearingSeconds).sorted(),
            timesToArrivalSeconds: all.compactMap(\.agentArrivedSeconds).sorted(),
            meanSNRdB: snr,
            transmitPowerDBm: sim.link.transmitPowerDBm,
            callPossible: sim.link.callPossible,
            downlinkSINRdB: sim.link.downlinkSINRdB
        )
    }

}
