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
    /// What the scene stages, in words, for the report (nil: neutral wording).
    public var story: RiskStory? = nil

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

        /// What multipath does to this environment's bearings, measured at the IQ level:
        /// `SiteErrorCalibration.measure(.environment(self), places: 1500, seed: 2013)` —
        /// the TR 38.901 multipath of ``MultipathProfile`` rendered and put through the
        /// hand-held Adcock and Watson-Watt. `SiteErrorCalibrationTests` re-measures them
        /// with fresh seeds. Field figures for comparison: Narda's IDA manual assumes 5°
        /// "mainly due to reflections and multipath"; CRFS quotes 3–5° RMS for its (mast
        /// and rooftop) sensors; a hand-held DF at street level sees more.
        public var multipath: MultipathErrors {
            switch self {
            case .open:
                return .init(
                    site: 6.8,
                    reflection: 0.15,
                    reflectionError: 31,
                    geometric: 2.4,
                    fluctuation: 6.6,
                    lookReflection: 0.16
                )
            case .suburban:
                return .init(
                    site: 6.6,
                    reflection: 0.22,
                    reflectionError: 37,
                    geometric: 2.4,
                    fluctuation: 6.6,
                    lookReflection: 0.22
                )
            case .dense:
                return .init(
                    site: 7.2,
                    reflection: 0.29,
                    reflectionError: 49,
                    geometric: 2.6,
                    fluctuation: 7.2,
                    lookReflection: 0.30
                )
            }
        }
        /// A still receiver's site error, 1σ in degrees.
        public var siteErrorDegrees: Double { multipath.siteDegrees }
        /// The chance that a still receiver's place gives a reflection bearing.
        public var reflectionProbability: Double { multipath.reflectionProbability }
    }

    /// Bearing errors from multipath (see ``SiteErrorStatistics`` for how each is measured).
    /// A still receiver — a fixed sensor, a post — sees a static field: per place a site
    /// error of σ `siteDegrees` or, with `reflectionProbability`, a reflection bearing
    /// (σ `reflectionErrorDegrees`, beyond 15°), the same for every look from there. A
    /// moving receiver keeps only the geometric part (σ `geometricDegrees`, decorrelating
    /// over the shadowing distance) and gets per look a fluctuation (σ `fluctuationDegrees`)
    /// or, with `lookReflectionProbability`, a reflection bearing.
    public struct MultipathErrors: Sendable, Equatable {
        public var siteDegrees: Double
        public var reflectionProbability: Double
        public var reflectionErrorDegrees: Double
        public var geometricDegrees: Double
        public var fluctuationDegrees: Double
        public var lookReflectionProbability: Double
        public init(
            site: Double,
            reflection: Double,
            reflectionError: Double,
            geometric: Double,
            fluctuation: Double,
            lookReflection: Double
        ) {
            siteDegrees = site
            reflectionProbability = reflection
            reflectionErrorDegrees = reflectionError
            geometricDegrees = geometric
            fluctuationDegrees = fluctuation
            lookReflectionProbability = lookReflection
        }
    }
    /// Named variants of this scene (a tactic each), already applied.
    public var tactics: [(name: String, scene: RiskScene)] = []
    /// The numbers of the scene that are assumptions, with their ranges (``Assumption``).
    public var assumptions: [Assumption] = []
    /// The file the scene was read from (its text and path), so that assumption draws can be
    /// read again with other values; nil for a scene built in code.
    public var definition: (text: String, path: String)? = nil

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
        /// The building the phone is in, or nil for a phone outdoors: its entry loss
        /// (ITU-R P.2109) lies between the phone and every observer and the mast.
        public var indoors: Indoors? = nil
        /// Log-normal shadowing σ (dB) on the phone–mast path, drawn once per call: power
        /// control answers it (and the building's loss), so the phone transmits more where
        /// its mast is harder to reach, up to its ceiling. 0: the median path.
        public var mastShadowingDB: Double = 0
        /// Discontinuous transmission during the call (nil: a burst in every frame, as when
        /// the caller talks all the time).
        public var dtx: DTXSchedule? = nil
        /// MS_TXPWR_MAX_CCH (TS 45.008 §4.7, broadcast on the BCCH, TS 44.018 §10.5.2.4): the
        /// power of the access and signalling bursts (RACH, SDCCH) of location updates and call
        /// set-up, before power control takes over on a dedicated channel (nil: the handset's
        /// maximum, 33 dBm in GSM 900, the usual setting). Ignored by a fixed-power phone.
        public var maxCCHPowerDBm: Double? = nil
        /// The call set-up transaction (RACH, SDCCH: `signallingBursts` bursts at
        /// MS_TXPWR_MAX_CCH) this long before the call, or nil when it is not modelled.
        public var setupSeconds: Double? = nil

        /// A phone inside a building: the building class of ITU-R P.2109 and the probability
        /// at which its loss is taken (nil: drawn uniformly per call, i.e. a random building
        /// and position in it, which is the Recommendation's distribution).
        public struct Indoors: Sendable, Equatable {
            public var building: BuildingEntryLoss.Building
            public var probability: Double?

            public init(building: BuildingEntryLoss.Building, probability: Double? = nil) {
                self.building = building
                self.probability = probability
            }
        }
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
        /// What multipath does to this observer's bearings (default: the environment's).
        public var multipath: MultipathErrors = Environment.suburban.multipath
        /// A patrol or a homing agent: its bearings come from ever new places.
        public var isMoving: Bool { kind == .patrol || kind == .homing }
        /// A still receiver's static site error, 1σ in degrees.
        public var siteErrorDegrees: Double {
            get { multipath.siteDegrees }
            set { multipath.siteDegrees = newValue }
        }
        /// The chance that a still receiver's place gives a reflection bearing.
        public var reflectionProbability: Double {
            get { multipath.reflectionProbability }
            set { multipath.reflectionProbability = newValue }
        }
        /// Homing: spread of the dispatch delay and of the walking speed across calls, as
        /// the σ of their logarithms (0: `reactionSeconds` and `speedMetersPerSecond` every
        /// time; 0.5: a factor e^±0.5 ≈ 0.6–1.6 at one σ).
        public var reactionSpread: Double = 0
        public var speedSpread: Double = 0
        /// Homing: false alarms the dispatcher sends the agent after (per hour, a Poisson
        /// process) and the time each chase takes before the agent is free again (nil: none).
        public var falseAlarms: FalseAlarmChases? = nil

        /// An agent who follows the dispatcher's false alarms: each takes it away for
        /// `chaseSeconds`; one that comes less than that before the real detection delays the
        /// agent's setting off by what is left of the chase.
        public struct FalseAlarmChases: Sendable, Equatable {
            public var perHour: Double
            public var chaseSeconds: Double

            public init(perHour: Double, chaseSeconds: Double) {
                self.perHour = perHour
                self.chaseSeconds = chaseSeconds
            }

            /// The delay at a detection: the time since the last false alarm before it is
            /// exponential with mean 1/rate (the process is memoryless), and the agent is
            /// still out for what is left of that chase. E[delay] = C − (1 − e^(−λC))/λ.
            public func delaySeconds(_ rng: inout SeededGenerator) -> Double {
                guard perHour > 0, chaseSeconds > 0 else { return 0 }
                let since = -log(max(rng.nextUnitDouble(), 1e-300)) * 3600 / perHour
                return max(0, chaseSeconds - since)
            }

            /// The mean delay, in closed form.
            public var meanDelaySeconds: Double {
                guard perHour > 0, chaseSeconds > 0 else { return 0 }
                let lambda = perHour / 3600
                return chaseSeconds - (1 - exp(-lambda * chaseSeconds)) / lambda
            }
        }
        /// Homing: the agent walks on a street grid of this orientation (degrees from
        /// north): a leg of length L along heading h takes L·(|sin(h − g)| + |cos(h − g)|)
        /// of walking, 4/π ≈ 1.27 on average (nil: open ground, straight lines).
        public var streetGridDegrees: Double? = nil
        /// Homing: where only the ratio of walked to straight-line distance is known (lanes,
        /// a river with few bridges), every leg takes this many times its length; it wins
        /// over `streetGridDegrees`.
        public var detourFactor: Double? = nil
        /// Homing: where the agent sets off from (a named place of the scene or a point;
        /// nil: where the dispatcher heard the phone).
        public var startPosition: Point? = nil
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
