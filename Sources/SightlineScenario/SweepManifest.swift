import SightlineCore

/// What a sweep's result was computed from, recorded in its JSON: the sweep file (its name,
/// text and SHA-256), the base scene (as the sweep names it, its text and SHA-256), the
/// version of Sightline, the seed and everything else that fixes the numbers. It holds no
/// path of the machine it ran on and no time, so the same sweep gives the same manifest on
/// every machine and in every shard; its SHA-256 (`SweepDocument.manifestSHA256`) is how
/// `sightline sweep merge` knows that parts belong together.
public struct SweepManifest: Codable, Sendable, Equatable {
    public struct Axis: Codable, Sendable, Equatable {
        /// A dotted path into the scene (`call.position.east_m`), or `tactic`.
        public var path: String
        public var values: [SweepValue]
        public init(path: String, values: [SweepValue]) {
            self.path = path
            self.values = values
        }
    }

    public var name: String
    /// The sweep file's name (without its folder: the manifest is the same wherever it ran).
    public var sweepFile: String
    public var sweepSHA256: String
    public var sweepText: String
    /// The base scene as the sweep file names it (a path relative to it, or `builtin:…`).
    public var scene: String
    public var sceneSHA256: String
    public var sceneText: String
    public var sightlineVersion: String
    public var fidelity: String
    public var trials: Int
    /// The sweep's seed; point i runs with `Sweep.pointSeed(seed, i)` (in each row).
    public var seed: UInt64
    /// How a point's seed derives from the sweep's seed and the point's index.
    public var pointSeeds: String
    public var durationsSeconds: [Double]
    public var outcomes: [String]
    /// The grid is the product of the axes, the last axis varying fastest; point i is its
    /// i-th element in that order.
    public var axes: [Axis]
    public var points: Int
    /// The SHA-256 of the measurement model the points ran with (its JSON): the IQ level's
    /// statistics, calibrated once per process or read from the file `--slurm` writes.
    public var measurementModelSHA256: String

    enum CodingKeys: String, CodingKey {
        case name, sweepFile = "sweep_file", sweepSHA256 = "sweep_sha256", sweepText = "sweep_text", scene
        case sceneSHA256 = "scene_sha256", sceneText = "scene_text", sightlineVersion = "sightline_version"
        case fidelity, trials, seed, pointSeeds = "point_seeds", durationsSeconds = "durations_s", outcomes, axes
        case points, measurementModelSHA256 = "measurement_model_sha256"
    }

    /// The SHA-256 of the manifest's JSON text (sorted keys).
    public func sha256() throws -> String { SHA256.hex(try JSONText.string(encoding: self)) }
}
