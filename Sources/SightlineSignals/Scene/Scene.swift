import SightlineCore
import SightlineRF

/// A point in local east/north/up metres.
public struct Position: Sendable, Equatable {
    public var eastMeters: Double
    public var northMeters: Double
    public var upMeters: Double
    public init(eastMeters: Double = 0, northMeters: Double = 0, upMeters: Double = 1.5) {
        self.eastMeters = eastMeters
        self.northMeters = northMeters
        self.upMeters = upMeters
    }
    public var vector: SIMD3<Double> { SIMD3(eastMeters, northMeters, upMeters) }
}

/// A synthetic scene: what a receiver would capture during `durationSeconds`.
/// See `Signals/scenes/README.md` for the file format; ``SceneFile`` reads it.
public struct Scene: Sendable {
    public var description: String
    public var sampleRateHz: Double
    public var centerFrequencyHz: Double
    public var durationSeconds: Double
    /// ISO 8601 time of the first sample, written as the capture's `core:datetime`.
    public var datetime: String
    public var seed: UInt64
    public var receiver: Receiver
    public var sources: [Source]

    public init(
        description: String = "",
        sampleRateHz: Double,
        centerFrequencyHz: Double,
        durationSeconds: Double,
        datetime: String = Scene.defaultDatetime,
        seed: UInt64 = 1,
        receiver: Receiver = Receiver(),
        sources: [Source] = []
    ) {
        self.description = description
        self.sampleRateHz = sampleRateHz
        self.centerFrequencyHz = centerFrequencyHz
        self.durationSeconds = durationSeconds
        self.datetime = datetime
        self.seed = seed
        self.receiver = receiver
        self.sources = sources
    }

    /// A fixed, obviously synthetic default, so that output bytes never depend on the clock.
    public static let defaultDatetime = "2016-03-01T00:00:00Z"

    /// Samples per channel (Int.max for a duration × rate beyond any Int, which
    /// ``checkSize(location:)`` refuses).
    public var sampleCount: Int {
        let n = (durationSeconds * sampleRateHz).rounded()
        return n.isFinite && n >= 0 && n < 9e18 ? Int(n) : (n < 0 ? 0 : Int.max)
    }

    /// The most samples per channel a scene may ask for: 2^33 (about 8.6e9: 143 min at 1 MS/s,
    /// 69 GB of cf32 per channel).
    public static let maximumSamples = 1 << 33

    /// Refuses a scene whose duration × sample rate exceeds ``maximumSamples``, or that is not finite.
    public func checkSize(location: String) throws {
        guard durationSeconds.isFinite, durationSeconds > 0, sampleRateHz.isFinite, sampleRateHz > 0 else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "duration_s",
                message: "duration \(durationSeconds) s at \(sampleRateHz) Hz is not a positive finite length",
                fix: "give a positive duration in seconds"
            )
        }
        guard sampleCount <= Self.maximumSamples else {
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "duration_s",
                message:
                    """
                    \(durationSeconds) s at \(sampleRateHz) Hz is more than the limit of \(Self.maximumSamples) \
                    samples per channel
                    """,
                fix: "give a duration of at most \(Double(Self.maximumSamples) / sampleRateHz) s (or record in parts)"
            )
        }
    }

    /// Receiver noise power over the sample rate, kTBF (dBm): the unit of sample power.
    public var noisePowerDBm: Double {
        ThermalNoise.powerDBm(bandwidthHz: sampleRateHz, noiseFigureDB: receiver.noiseFigureDB)
    }
}

/// The receiving station.
public struct Receiver: Sendable {
    public var position: Position
    public var noiseFigureDB: Double
    public var antennaGainDBi: Double
    /// Add thermal noise (turn off only to inspect clean waveforms).
    public var noise: Bool
    /// Velocity (east, north) in m/s, for Doppler on every source.
    public var velocityMetersPerSecond: SIMD2<Double>
    public var array: AntennaArray.Geometry
    public var elementErrors: ElementErrors
    /// A digital channel filter applied to the received samples (noise and sources alike),
    /// as a receiver that channelises before recording does.
    public var filter: ChannelFilter?

    public init(
        position: Position = Position(),
        noiseFigureDB: Double = 6,
        antennaGainDBi: Double = 0,
        noise: Bool = true,
        velocityMetersPerSecond: SIMD2<Double> = .zero,
        array: AntennaArray.Geometry = .single,
        elementErrors: ElementErrors = ElementErrors()
    ) {
        self.position = position
        self.noiseFigureDB = noiseFigureDB
        self.antennaGainDBi = antennaGainDBi
        self.noise = noise
        self.velocityMetersPerSecond = velocityMetersPerSecond
        self.array = array
        self.elementErrors = elementErrors
    }
}

/// What a source transmits.
public enum WaveformSpec: Sendable, Equatable {
    case gsmUplink(timeslot: Int, trainingSequence: Int)
    case gsmDownlink(trainingSequence: Int)
    case tone
    case barrageNoise(bandwidthHz: Double)
    case spotNoise(bandwidthHz: Double)
    case swept(spanHz: Double, sweepRateHzPerSecond: Double)
    case pulsed(periodSeconds: Double, pulseWidthSeconds: Double)
    /// A WCDMA handset's DPCCH + DPDCH (``WCDMAUplinkWaveform``).
    case wcdmaUplink(WCDMAUplinkSpec)
    /// A Node B-like continuous WCDMA carrier (``WCDMAUplinkWaveform/downlink``).
    case wcdmaDownlink
    /// An LTE handset's SC-FDMA PUSCH/PUCCH (``LTEUplinkWaveform``).
    case lteUplink(LTEUplinkSpec)

    public var name: String {
        switch self {
        case .gsmUplink: "gsm-uplink"
        case .gsmDownlink: "gsm-downlink"
        case .tone: "tone"
        case .barrageNoise: "barrage-noise"
        case .spotNoise: "spot-noise"
        case .swept: "swept"
        case .pulsed: "pulsed"
        case .wcdmaUplink: "wcdma-uplink"
        case .wcdmaDownlink: "wcdma-downlink"
        case .lteUplink: "lte-uplink"
        }
    }
}

/// A scene's `wcdma-uplink` settings (see ``WCDMAUplinkWaveform``).
public struct WCDMAUplinkSpec: Sendable, Equatable {
    public var spreadingFactor = 64
    public var scramblingCode = 0
    public var activity = 1.0
    public var powerControl = true
    public var pathVariationDB = 4.0
    public init() {}
}

/// A scene's `lte-uplink` settings (see ``LTEUplinkWaveform``).
public struct LTEUplinkSpec: Sendable, Equatable {
    public var resourceBlocks: Int
    public var systemResourceBlocks: Int?
    public var firstResourceBlock: Int?
    public var activity = 1.0
    public var pucchProbability = 0.5
    public init(resourceBlocks: Int) { self.resourceBlocks = resourceBlocks }
}

/// How strong a source arrives.
public enum SourcePower: Sendable, Equatable {
    /// From the link budget: transmit power (or GSM power control), gains and path loss.
    case transmitted(TransmitPower)
    /// A fixed power at the receiver input.
    case received(dBm: Double)
    /// A fixed SNR in a reference bandwidth (nil: the waveform's occupied bandwidth, or the
    /// sample rate for a line).
    case snr(dB: Double, bandwidthHz: Double?)
}

public enum TransmitPower: Sendable, Equatable {
    case fixed(dBm: Double)
    /// GSM power control towards a serving mast.
    case powerControl(PowerControlSpec)
}

/// The serving mast a handset's power control aims at.
public struct PowerControlSpec: Sendable, Equatable {
    public var mast: Position
    public var mastAntennaGainDBi: Double
    public var pathLoss: PathLossSpec
    public var control: GSMPowerControl
    public init(
        mast: Position,
        mastAntennaGainDBi: Double = 15,
        pathLoss: PathLossSpec = .fspl,
        control: GSMPowerControl = GSMPowerControl()
    ) {
        self.mast = mast
        self.mastAntennaGainDBi = mastAntennaGainDBi
        self.pathLoss = pathLoss
        self.control = control
    }
}

/// The large-scale loss between a source and the receiver.
public enum PathLossSpec: Sendable, Equatable {
    case fspl
    case fixed(dB: Double)
    /// A named model; `exponent` and `referenceDistanceMeters` apply to `log-distance`.
    case model(PathLossModel, allowExtrapolation: Bool, exponent: Double = 3, referenceDistanceMeters: Double = 100)
}

/// The propagation channel of one source.
public struct ChannelSpec: Sendable, Equatable {
    public var pathLoss: PathLossSpec
    public var fading: FadingSpec?
    public var carrierOffsetHz: Double
    public var delaySeconds: Double
    /// Reflected waves besides the direct one (multipath), each a copy of the source's signal.
    public var reflections: [ReflectionSpec]
    public init(
        pathLoss: PathLossSpec = .fspl,
        fading: FadingSpec? = nil,
        carrierOffsetHz: Double = 0,
        delaySeconds: Double = 0,
        reflections: [ReflectionSpec] = []
    ) {
        self.pathLoss = pathLoss
        self.fading = fading
        self.carrierOffsetHz = carrierOffsetHz
        self.delaySeconds = delaySeconds
        self.reflections = reflections
    }
}

/// One reflected wave of a source: the source's signal arriving again from another
/// direction (a facade, a hillside), later and at its own level and carrier phase. With an
/// array it has its own steering vector, so a direction finder sees the sum of the direct and
/// reflected waves — the site error and reflection bearings of field DF.
public struct ReflectionSpec: Sendable, Equatable {
    /// Direction of arrival, degrees clockwise from north.
    public var azimuthDegrees: Double
    public var elevationDegrees: Double
    /// Delay beyond the direct wave's.
    public var excessDelaySeconds: Double
    /// Power relative to the direct wave (positive when the direct wave is obstructed).
    public var relativeLevelDB: Double
    /// Carrier phase relative to the direct wave; nil: drawn uniformly from the scene's seed.
    public var phaseDegrees: Double?
    public init(
        azimuthDegrees: Double,
        elevationDegrees: Double = 0,
        excessDelaySeconds: Double = 0,
        relativeLevelDB: Double,
        phaseDegrees: Double? = nil
    ) {
        self.azimuthDegrees = azimuthDegrees
        self.elevationDegrees = elevationDegrees
        self.excessDelaySeconds = excessDelaySeconds
        self.relativeLevelDB = relativeLevelDB
        self.phaseDegrees = phaseDegrees
    }
}

public struct FadingSpec: Sendable, Equatable {
    public var kind: FadingProcess.Kind
    public var variation: FadingProcess.Variation
}

/// One emitter in a scene.
public struct Source: Sendable {
    public var id: String
    public var waveform: WaveformSpec
    /// Absolute carrier frequency.
    public var frequencyHz: Double
    /// The ARFCN, when the carrier was given as one.
    public var arfcn: Int?
    public var position: Position?
    /// Direction of arrival for a source without a position (degrees clockwise from north).
    public var bearingDegrees: Double?
    public var elevationDegrees: Double
    public var power: SourcePower
    public var transmitAntennaGainDBi: Double
    public var startSeconds: Double
    public var stopSeconds: Double
    public var channel: ChannelSpec
    /// A GSM uplink's discontinuous transmission (talkspurts drawn per source from the
    /// scene's seed; nil: a burst in every frame of its on-time).
    public var dtx: DTXSchedule? = nil

    public init(
        id: String,
        waveform: WaveformSpec,
        frequencyHz: Double,
        arfcn: Int? = nil,
        position: Position? = nil,
        bearingDegrees: Double? = nil,
        elevationDegrees: Double = 0,
        power: SourcePower,
        transmitAntennaGainDBi: Double = 0,
        startSeconds: Double = 0,
        stopSeconds: Double = .infinity,
        channel: ChannelSpec = ChannelSpec()
    ) {
        self.id = id
        self.waveform = waveform
        self.frequencyHz = frequencyHz
        self.arfcn = arfcn
        self.position = position
        self.bearingDegrees = bearingDegrees
        self.elevationDegrees = elevationDegrees
        self.power = power
        self.transmitAntennaGainDBi = transmitAntennaGainDBi
        self.startSeconds = startSeconds
        self.stopSeconds = stopSeconds
        self.channel = channel
    }
}
