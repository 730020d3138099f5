import SightlineCore

/// The risk document (`sightline risk --json`): the curves of the scene and of each tactic,
/// and the spread of the times to detection, first bearing, fix and door over the longest
/// call. Probabilities with Wilson 95 % intervals; a time quantile is null when no call got
/// there.
public struct RiskDocument: ResultDocument, Equatable {
    public static let documentName = "risk"
    public static let writtenBy = "sightline risk --json"

    public struct Curve: Codable, Sendable, Equatable {
        public var durationSeconds: Double
        public var pDetected: Double
        public var pLocated: Double
        public var pAgentArrived: Double
        public var pDetectedCI95: [Double]
        public var pLocatedCI95: [Double]
        public var pAgentArrivedCI95: [Double]
        /// A declared fix that was wrong (absent in documents written before it existed).
        public var pMisled: Double?
        public var pMisledCI95: [Double]?
        /// Across assumption draws: [p05, p50, p95] (absent in a nominal run).
        public var pDetectedAssumptions: [Double]?
        public var pLocatedAssumptions: [Double]?
        public var pMisledAssumptions: [Double]?
        public var pAgentArrivedAssumptions: [Double]?

        enum CodingKeys: String, CodingKey {
            case pDetectedAssumptions = "p_detected_assumptions", pLocatedAssumptions = "p_located_assumptions"
            case pMisledAssumptions = "p_misled_assumptions", pAgentArrivedAssumptions = "p_agent_arrived_assumptions"
            case durationSeconds = "duration_s", pDetected = "p_detected", pLocated = "p_located"
            case pAgentArrived = "p_agent_arrived", pDetectedCI95 = "p_detected_ci95", pLocatedCI95 = "p_located_ci95"
            case pAgentArrivedCI95 = "p_agent_arrived_ci95", pMisled = "p_misled", pMisledCI95 = "p_misled_ci95"
        }

        public init(_ p: RiskEngine.Point) {
            durationSeconds = p.durationSeconds
            pDetected = p.pDetected
            pLocated = p.pLocated
            pAgentArrived = p.pAgentArrived
            pDetectedCI95 = [p.pDetectedCI95.0, p.pDetectedCI95.1]
            pLocatedCI95 = [p.pLocatedCI95.0, p.pLocatedCI95.1]
            pAgentArrivedCI95 = [p.pAgentArrivedCI95.0, p.pAgentArrivedCI95.1]
            pMisled = p.pMisled
            pMisledCI95 = [p.pMisledCI95.0, p.pMisledCI95.1]
            pDetectedAssumptions = p.assumptionBand?.detected
            pLocatedAssumptions = p.assumptionBand?.located
            pMisledAssumptions = p.assumptionBand?.misled
            pAgentArrivedAssumptions = p.assumptionBand?.agentArrived
        }
    }

    /// Quantiles of a time over the calls where it happened (linear interpolation between
    /// order statistics, numpy's default); nil when it never happened.
    public struct TimeQuantiles: Codable, Sendable, Equatable {
        @Nullable public var median: Double?
        @Nullable public var p10: Double?
        @Nullable public var p90: Double?
        public var count: Int

        public init(sorted t: [Double]) {
            median = Statistics.quantile(sorted: t, 0.5)
            p10 = Statistics.quantile(sorted: t, 0.1)
            p90 = Statistics.quantile(sorted: t, 0.9)
            count = t.count
        }
    }

    public struct Tactic: Codable, Sendable, Equatable {
        public var name: String
        public var curves: [Curve]
        public var callPossible: Bool
        public var transmitPowerDBm: Double?

        enum CodingKeys: String, CodingKey {
            case name, curves, callPossible = "call_possible", transmitPowerDBm = "transmit_power_dbm"
        }
    }

    public var fidelity: String
    public var trials: Int
    public var seed: UInt64
    public var scene: String
    public var curves: [Curve]
    public var callPossible: Bool
    public var transmitPowerDBm: Double?
    public var meanSNRdB: [String: Double]
    public var timeToFixSeconds: TimeQuantiles
    public var timeToDetectSeconds: TimeQuantiles
    public var timeToFirstBearingSeconds: TimeQuantiles
    public var timeToDoorSeconds: TimeQuantiles
    public var tactics: [Tactic]

    enum CodingKeys: String, CodingKey {
        case fidelity, trials, seed, scene, curves, callPossible = "call_possible", transmitPowerDBm =
            "transmit_power_dbm"
        case meanSNRdB = "mean_snr_db", timeToFixSeconds = "time_to_fix_s", timeToDetectSeconds = "time_to_detect_s"
        case timeToFirstBearingSeconds = "time_to_first_bearing_s", timeToDoorSeconds = "time_to_door_s", tactics
    }

    /// The document of a study's results: the first is the scene, the rest its tactics.
    public init(_ results: [RiskEngine.Result]) {
        let base = results[0]
        fidelity = base.fidelity.rawValue
        trials = base.trials
        seed = base.seed
        scene = base.name
        curves = base.curve.map(Curve.init)
        callPossible = base.callPossible
        transmitPowerDBm = base.transmitPowerDBm.isFinite ? base.transmitPowerDBm : nil
        meanSNRdB = base.meanSNRdB.filter { $0.value.isFinite }
        timeToFixSeconds = TimeQuantiles(sorted: base.timesToFixSeconds)
        timeToDetectSeconds = TimeQuantiles(sorted: base.timesToDetectSeconds)
        timeToFirstBearingSeconds = TimeQuantiles(sorted: base.timesToFirstBearingSeconds)
        timeToDoorSeconds = TimeQuantiles(sorted: base.timesToArrivalSeconds)
        tactics = results.dropFirst().map {
            Tactic(
                name: $0.name,
                curves: $0.curve.map(Curve.init),
                callPossible: $0.callPossible,
                transmitPowerDBm: $0.transmitPowerDBm.isFinite ? $0.transmitPowerDBm : nil
            )
        }
    }

    /// The curves of the scene and every tactic as one CSV table.
    public static func csv(_ results: [RiskEngine.Result]) -> CSVTable {
        var table = CSVTable(header: [
            "scenario", "duration_s", "p_detected", "p_detected_lo", "p_detected_hi", "p_located", "p_located_lo",
            "p_located_hi", "p_agent_arrived", "p_agent_lo", "p_agent_hi", "p_misled", "p_misled_lo", "p_misled_hi",
        ])
        for r in results {
            for p in r.curve {
                let numbers = [
                    p.durationSeconds, p.pDetected, p.pDetectedCI95.0, p.pDetectedCI95.1, p.pLocated, p.pLocatedCI95.0,
                    p.pLocatedCI95.1, p.pAgentArrived, p.pAgentArrivedCI95.0, p.pAgentArrivedCI95.1, p.pMisled,
                    p.pMisledCI95.0, p.pMisledCI95.1,
                ]
                table.append([.text(r.name)] + numbers.map(CSVTable.Cell.number))
            }
        }
        return table
    }
}
