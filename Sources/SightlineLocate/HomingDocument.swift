import SightlineCore

/// `sightline homing --json`: for each start distance, the share of agents who reach the
/// door in time and the spread of their times (null when none did).
public struct HomingDocument: ResultDocument, Equatable {
    public static let documentName = "homing"
    public static let writtenBy = "sightline homing --json"

    /// How the agent takes its heading.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// A DF bearing per look.
        case bearing
        /// Up the signal-strength gradient read at three points.
        case rss
    }

    public struct Row: Codable, Sendable, Equatable {
        public var startMeters: Double
        public var reachedFraction: Double
        @Nullable public var meanSeconds: Double?
        @Nullable public var medianSeconds: Double?
        @Nullable public var p90Seconds: Double?

        enum CodingKeys: String, CodingKey {
            case startMeters = "start_m", reachedFraction = "reached_fraction", meanSeconds = "mean_s"
            case medianSeconds = "median_s", p90Seconds = "p90_s"
        }

        public init(startMeters: Double, _ s: HomingAgent.Summary) {
            self.startMeters = startMeters
            reachedFraction = s.reachedFraction
            meanSeconds = s.meanSeconds.isFinite ? s.meanSeconds : nil
            medianSeconds = s.medianSeconds.isFinite ? s.medianSeconds : nil
            p90Seconds = s.p90Seconds.isFinite ? s.p90Seconds : nil
        }
    }

    public var homing: [Row]
    public var sigmaDegrees: Double
    public var speedMetersPerSecond: Double
    public var intervalSeconds: Double
    public var stopMeters: Double
    public var trials: Int
    public var seed: UInt64
    @Nullable public var snrDBAtStart: Double?
    public var mode: Mode

    enum CodingKeys: String, CodingKey {
        case homing, sigmaDegrees = "sigma_deg", speedMetersPerSecond = "speed_mps", intervalSeconds = "interval_s"
        case stopMeters = "stop_m", trials, seed, snrDBAtStart = "snr_db_at_start", mode
    }

    public init(
        homing: [Row],
        sigmaDegrees: Double,
        speedMetersPerSecond: Double,
        intervalSeconds: Double,
        stopMeters: Double,
        trials: Int,
        seed: UInt64,
        snrDBAtStart: Double?,
        mode: Mode
    ) {
        self.homing = homing
        self.sigmaDegrees = sigmaDegrees
        self.speedMetersPerSecond = speedMetersPerSecond
        self.intervalSeconds = intervalSeconds
        self.stopMeters = stopMeters
        self.trials = trials
        self.seed = seed
        self.snrDBAtStart = snrDBAtStart
        self.mode = mode
    }
}
