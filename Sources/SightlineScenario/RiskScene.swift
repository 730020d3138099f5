import Foundation
import SightlineCore
import SightlineRF
import SightlineSignals

/// A scene with time: a call (and the phone's signalling before it), the people and devices
/// listening, jammers, terrain, and the avoidance tactics to compare. The format is in
/// `Signals/scenes/README.md` ("Timed scenes"); `RiskSceneFile` reads it.
public struct RiskScene: Sendable {
    public var name: String
    public var description: String
    public var seed: UInt64
    public var frequencyHz: Double
    public var call: Call
    public var propagation: Propagation
    public var terrain: Terrain
    public var observers: [Observer]
    public var jammers: [Jammer]
    /// The surveillant declares the phone located when its fix's 95 % ellipse fits within a
    /// circle of this radius (its major semi-axis is at most this); the call is then
    /// "located" if the phone is truly that close to the fix, "misled" if not.
    public var locatedWithinMeters: Double
    /// Where the direction finding is done: sets each observer's site error and reflection
    /// rate unless it gives its own.
    public var environment: Environment = .suburban

    /// Direction finding in the field, by kind of place. A bearing there has three errors:
    /// the instrument's calibration floor, a random part that falls with SNR, and a static
    /// site error — the same wherever the same sensor looks from the same place, because it
    /// comes from the reflections around the antenna, so repeated looks do not average it
    /// away — plus, now and then, a bearing on a reflection instead of the phone.
    ///
    /// Site errors (1σ): 5° in a town is the Narda IDA 2 manual's default bearing
    /// uncertainty, "mainly due to reflections and multipath"; CRFS give 3–5° RMS as the
    /// real-world error of field DF (suburban: 3°, the low end); 1.5° for open ground, with
    /// few reflectors near the antenna, is an assumption (plausible range 0.5–3°). Reflection
    /// rates are assumptions too (plausible range 0–0.2; no source gives a figure).
    public enum Environment: String, Sendable, CaseIterable {
        case open, suburban, dense

        /// The static site error, 1σ in degrees.
        public var siteErrorDegrees: Double {
            switch self {
            case .open: return 1.5
            case .suburban: return 3
            case .dense: return 5
            }
        }

        /// The chance that a look's bearing is on a reflection (uniform in azimuth).
        public var reflectionProbability: Double {
            switch self {
            case .open: return 0.01
            case .suburban: return 0.05
            case .dense: return 0.1
            }
        }
    }
    /// Named variants of this scene (a tactic each), already applied.
    public var tactics: [(name: String, scene: RiskScene)] = []

    public struct Point: Sendable, Equatable {
        public var eastMeters: Double, northMeters: Double
        public init(eastMeters: Double, northMeters: Double) {
            self.eastMeters = eastMeters
            self.northMeters = northMeters
        }
        public func distance(to p: Point) -> Double {
            let de = eastMeters - p.eastMeters
            let dn = northMeters - p.northMeters
            return (de * de + dn * dn).squareRoot()
        }
        /// Degrees clockwise from north, from self towards p.
        public func azimuthDegrees(to p: Point) -> Double {
            let a = atan2(p.eastMeters - eastMeters, p.northMeters - northMeters) * 180 / .pi
            return a < 0 ? a + 360 : a
        }
    }

    /// The handset's emissions: one normal burst per 4.615 ms TDMA frame during the call, and
    /// short signalling transactions (IMSI attach at power-on, periodic location updates)
    /// while it is switched on before the call.
    public struct Call: Sendable {
        public var position: Point
        public var heightMeters: Double
        /// The handset preset (transmit power ceiling, antenna gain, body loss).
        public var handset: DevicePreset
        /// Fixed transmit power, or nil for GSM power control towards `mast`.
        public var fixedPowerDBm: Double?
        public var mast: Point
        public var mastHeightMeters: Double
        public var mastAntennaGainDBi: Double
        public var mastPathLoss: PathLossModel
        public var powerControlTargetDBm: Double
        /// How long the phone is on before the call starts (0: switched on just to call).
        public var onBeforeCallSeconds: Double
        /// Periodic location-update timer T3212 (3GPP TS 24.008 §4.4.2); a transaction also
        /// happens at power-on.
        public var locationUpdateIntervalSeconds: Double
        /// Uplink bursts per signalling transaction.
        public var signallingBursts: Int
    }

    public struct Propagation: Sendable {
        /// Log-normal shadowing σ on every phone–observer path.
        public var shadowingDB: Double
        /// Gudmundson's decorrelation distance for a moving observer's shadowing.
        public var shadowingDecorrelationMeters: Double
        public var fading: Fading
        /// Maximum Doppler of the fading; the coherence time is 0.423/f_D (Clarke's model).
        public var dopplerHz: Double
        public enum Fading: Sendable, Equatable { case none, rayleigh, rician(kFactorDB: Double) }

        /// Coherence time × maximum Doppler in Clarke's model: Tc = 0.423/f_D, the geometric
        /// mean of 9/(16π·f_D) (envelope correlation above 0.5) and 1/f_D (Rappaport's rule).
        public static let coherenceDopplerProduct = 0.423
        /// The fading's coherence time Tc = 0.423/f_D in seconds.
        public var coherenceSeconds: Double { Self.coherenceDopplerProduct / dopplerHz }
    }

    /// A ridge across every phone–observer path: a single knife edge (ITU-R P.526).
    public struct Terrain: Sendable {
        /// Height of the ridge's crest above the straight line between the antennas (≤ 0:
        /// no ridge).
        public var ridgeHeightMeters: Double
        /// The ridge's distance from the phone (it only shields paths longer than this).
        public var ridgeDistanceFromPhoneMeters: Double
    }

    public struct Observer: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case stationary, patrol, homing, multiSensor = "multi-sensor"
        }
        public var name: String
        public var kind: Kind
        public var device: DevicePreset
        public var position: Point
        public var heightMeters: Double
        /// Patrol waypoints (a closed loop) and walking speed.
        public var path: [Point]
        public var speedMetersPerSecond: Double
        /// Multi-sensor: where the sensors stand (each with the device's receiver and DF).
        public var sensors: [Point]
        /// Scanning receiver: listens `dwellSeconds` on this channel every `revisitSeconds`.
        public var dwellSeconds: Double
        public var revisitSeconds: Double
        /// Whether the device takes bearings (Adcock / Watson-Watt, as the hand-held).
        public var directionFinding: Bool
        /// Seconds between bearings once the phone has been detected.
        public var lookIntervalSeconds: Double
        /// Seconds of listening per bearing look.
        public var lookSeconds: Double
        /// Homing: start when this observer first detects the phone (nil: its own detection).
        public var dispatchedBy: String?
        public var reactionSeconds: Double
        /// Homing: the agent is "at the door" within this distance.
        public var stopMeters: Double
        /// Bearing error floor (instrument calibration) in degrees.
        public var calibrationDegrees: Double
        /// The static site error of this observer's bearings, 1σ in degrees (see
        /// `Environment`); it decorrelates over the propagation's shadowing distance as a
        /// moving observer walks.
        public var siteErrorDegrees: Double = Environment.suburban.siteErrorDegrees
        /// The chance that one look's bearing is on a reflection.
        public var reflectionProbability: Double = Environment.suburban.reflectionProbability
        /// Homing: spread of the dispatch delay and of the walking speed across calls, as
        /// the σ of their logarithms (0: `reactionSeconds` and `speedMetersPerSecond` every
        /// time; 0.5: a factor e^±0.5 ≈ 0.6–1.6 at one σ).
        public var reactionSpread: Double = 0
        public var speedSpread: Double = 0
        /// Homing: the agent walks on a street grid of this orientation (degrees from
        /// north): a leg of length L along heading h takes L·(|sin(h − g)| + |cos(h − g)|)
        /// of walking, 4/π ≈ 1.27 on average (nil: open ground, straight lines).
        public var streetGridDegrees: Double? = nil
        /// Homing: once within `stopMeters` the agent still has to find the door — close-range
        /// DF or signal strength through walls: a log-normal time (median, σ of its log) and a
        /// chance of not finding it at all (nil: at the door on arrival).
        public var search: Search? = nil

        public struct Search: Sendable, Equatable {
            public var medianSeconds: Double
            public var spread: Double
            public var failureProbability: Double
            public init(medianSeconds: Double, spread: Double, failureProbability: Double) {
                self.medianSeconds = medianSeconds
                self.spread = spread
                self.failureProbability = failureProbability
            }
        }
    }

    public struct Jammer: Sendable {
        public var device: DevicePreset
        public var position: Point
        public var erpDBm: Double
    }
}
