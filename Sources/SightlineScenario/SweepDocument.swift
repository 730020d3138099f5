import SightlineCore

/// The result of `sightline sweep` (`OUT.json`): the manifest, its SHA-256, and one row per
/// grid point and call duration, in point order, then duration order. `OUT.csv` is the same
/// rows as a table (`csv()`). A sweep merged from shards is this same document, byte for
/// byte.
public struct SweepDocument: ResultDocument, Equatable {
    public static let documentName = "sweep"
    public static let writtenBy = "sightline sweep SWEEP.yaml -o OUT (or sightline sweep merge)"

    /// One grid point at one call duration. Each outcome asked for has its probability, its
    /// Wilson 95 % interval and (detected, located, agent_arrived) the quantiles of the time
    /// it took over the calls of this duration in which it happened; outcomes not asked for
    /// are absent.
    public struct Row: Codable, Sendable, Equatable {
        public var point: Int
        public var seed: UInt64
        /// The point's value on every axis, by the axis's path.
        public var axes: [String: SweepValue]
        public var durationSeconds: Double
        public var pDetected: Double?
        public var pDetectedCI95: [Double]?
        public var pLocated: Double?
        public var pLocatedCI95: [Double]?
        public var pMisled: Double?
        public var pMisledCI95: [Double]?
        public var pAgentArrived: Double?
        public var pAgentArrivedCI95: [Double]?
        public var timeToDetectSeconds: RiskDocument.TimeQuantiles?
        public var timeToFixSeconds: RiskDocument.TimeQuantiles?
        public var timeToDoorSeconds: RiskDocument.TimeQuantiles?

        enum CodingKeys: String, CodingKey {
            case point, seed, axes, durationSeconds = "duration_s", pDetected = "p_detected"
            case pDetectedCI95 = "p_detected_ci95", pLocated = "p_located", pLocatedCI95 = "p_located_ci95"
            case pMisled = "p_misled", pMisledCI95 = "p_misled_ci95", pAgentArrived = "p_agent_arrived"
            case pAgentArrivedCI95 = "p_agent_arrived_ci95", timeToDetectSeconds = "time_to_detect_s"
            case timeToFixSeconds = "time_to_fix_s", timeToDoorSeconds = "time_to_door_s"
        }
    }

    public var manifest: SweepManifest
    public var manifestSHA256: String
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case manifest, manifestSHA256 = "manifest_sha256", rows
    }

    public init(manifest: SweepManifest, manifestSHA256: String, rows: [Row]) {
        self.manifest = manifest
        self.manifestSHA256 = manifestSHA256
        self.rows = rows
    }

    /// The rows as one table: `point`, `seed`, one column per axis (its path), `duration_s`,
    /// then per outcome `p_X`, `p_X_lo`, `p_X_hi` and, where it has times,
    /// `time_to_X_median_s`, `_p10_s`, `_p90_s` (nan when it never happened).
    public func csv() -> CSVTable {
        let outcomes = manifest.outcomes.compactMap(Sweep.Outcome.init(rawValue:))
        var header = ["point", "seed"] + manifest.axes.map(\.path) + ["duration_s"]
        for o in outcomes {
            header += ["p_\(o.rawValue)", "p_\(o.rawValue)_lo", "p_\(o.rawValue)_hi"]
            if let t = o.timeName { header += ["\(t)_median_s", "\(t)_p10_s", "\(t)_p90_s"] }
        }
        var table = CSVTable(header: header)
        for r in rows {
            var cells: [CSVTable.Cell] = [.text(String(r.point)), .text(String(r.seed))]
            cells += manifest.axes.map { r.axes[$0.path]?.cell ?? .text("") }
            cells.append(.number(r.durationSeconds))
            for o in outcomes {
                let (p, ci) = r.probability(o)
                cells += [.number(p ?? .nan), .number(ci?.first ?? .nan), .number(ci?.last ?? .nan)]
                if o.timeName != nil {
                    let q = r.times(o)
                    cells += [q?.median, q?.p10, q?.p90].map { .number($0 ?? .nan) }
                }
            }
            table.append(cells)
        }
        return table
    }

    /// Writes `OUT.csv`, then `OUT.json`, each atomically (see `Sweep.outputPaths`).
    public func write(base: String) throws {
        let paths = Sweep.outputPaths(base)
        try csv().write(to: paths.csv)
        try AtomicFile.write(try json() + "\n", to: paths.json)
    }
}

extension SweepDocument.Row {
    /// The probability of an outcome and its interval (nil when not asked for).
    public func probability(_ o: Sweep.Outcome) -> (Double?, [Double]?) {
        switch o {
        case .detected: return (pDetected, pDetectedCI95)
        case .located: return (pLocated, pLocatedCI95)
        case .misled: return (pMisled, pMisledCI95)
        case .agentArrived: return (pAgentArrived, pAgentArrivedCI95)
        }
    }

    /// The time quantiles of an outcome (nil for misled, or when not asked for).
    public func times(_ o: Sweep.Outcome) -> RiskDocument.TimeQuantiles? {
        switch o {
        case .detected: return timeToDetectSeconds
        case .located: return timeToFixSeconds
        case .misled: return nil
        case .agentArrived: return timeToDoorSeconds
        }
    }
}

/// One shard's share of a sweep (`OUT.shard-K-of-N.json`): the manifest and its hash, which
/// shard it is, the points it ran, and their rows. `sightline sweep merge` turns a full set
/// into the `SweepDocument` the unsharded run writes.
public struct SweepPartDocument: ResultDocument, Equatable {
    public static let documentName = "sweep part"
    public static let writtenBy = "sightline sweep SWEEP.yaml --shard K/N -o OUT"

    public var manifest: SweepManifest
    public var manifestSHA256: String
    public var shard: SweepShard
    public var points: [Int]
    public var rows: [SweepDocument.Row]

    enum CodingKeys: String, CodingKey {
        case manifest, manifestSHA256 = "manifest_sha256", shard, points, rows
    }

    public init(
        manifest: SweepManifest,
        manifestSHA256: String,
        shard: SweepShard,
        points: [Int],
        rows: [SweepDocument.Row]
    ) {
        self.manifest = manifest
        self.manifestSHA256 = manifestSHA256
        self.shard = shard
        self.points = points
        self.rows = rows
    }
}
