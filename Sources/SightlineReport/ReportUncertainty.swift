import Foundation
import SightlineScenario

/// What the risk report can show about the assumptions, when a run provides it: bands across
/// assumption sets on every curve, and one-at-a-time swings for a tornado chart. The report
/// draws them when present and says plainly when they are absent.
public enum ReportUncertainty {
    /// The 5th, 50th and 95th percentile of one probability across assumption sets.
    public struct Percentiles: Sendable, Equatable {
        public var p05: Double
        public var p50: Double
        public var p95: Double
        public init(p05: Double, p50: Double, p95: Double) {
            self.p05 = p05
            self.p50 = p50
            self.p95 = p95
        }
        /// From `[p05, p50, p95]` as in the risk JSON's `p_detected_assumptions`.
        public init?(_ triple: [Double]) {
            guard triple.count == 3 else { return nil }
            self.init(p05: triple[0], p50: triple[1], p95: triple[2])
        }
    }

    /// One curve's bands: an entry per curve point, in the curve's order.
    public struct Bands: Sendable, Equatable {
        public var detected: [Percentiles]
        public var located: [Percentiles]
        public var agentArrived: [Percentiles]
        public init(detected: [Percentiles], located: [Percentiles] = [], agentArrived: [Percentiles] = []) {
            self.detected = detected
            self.located = located
            self.agentArrived = agentArrived
        }
    }

    /// One factor of a one-at-a-time sensitivity run (`sightline sensitivity --json`).
    public struct Factor: Sendable, Equatable {
        public var name: String
        public var low: Double
        public var high: Double
        /// The outcome's probability with the factor at `low` and at `high`.
        public var pLow: Double
        public var pHigh: Double
        public init(name: String, low: Double, high: Double, pLow: Double, pHigh: Double) {
            self.name = name
            self.low = low
            self.high = high
            self.pLow = pLow
            self.pHigh = pHigh
        }
        public var swing: Double { abs(pHigh - pLow) }
    }

    /// A tornado: the outcome (detected, located or agent-arrived), the call length, the
    /// nominal answer and the factors.
    public struct Tornado: Sendable, Equatable {
        public enum Outcome: String, Sendable, CaseIterable {
            case detected, located, agentArrived = "agent-arrived"
        }
        public var outcome: Outcome
        public var durationSeconds: Double
        public var nominal: Double
        public var factors: [Factor]
        public init(outcome: Outcome, durationSeconds: Double, nominal: Double, factors: [Factor]) {
            self.outcome = outcome
            self.durationSeconds = durationSeconds
            self.nominal = nominal
            self.factors = factors
        }
    }

    /// The bands of every result whose curve was run across assumptions
    /// (`sightline risk --assumptions sample`), by result name; results without bands are left
    /// out, so a nominal run gives an empty dictionary and the report says so.
    public static func bands(of results: [RiskEngine.Result]) -> [String: Bands] {
        var out: [String: Bands] = [:]
        for r in results {
            let band = r.curve.compactMap(\.assumptionBand)
            guard !band.isEmpty, band.count == r.curve.count else { continue }
            func pick(_ key: KeyPath<AssumptionBand, [Double]>) -> [Percentiles] {
                band.compactMap { Percentiles($0[keyPath: key]) }
            }
            out[r.name] = Bands(
                detected: pick(\.detected),
                located: pick(\.located),
                agentArrived: pick(\.agentArrived)
            )
        }
        return out
    }
}
