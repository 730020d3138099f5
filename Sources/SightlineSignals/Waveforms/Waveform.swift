import Numerics

/// One transmission interval of a source, in scene time: a GSM burst, a pulse, or the whole
/// on-time of a continuous emitter. These become the recording's ground-truth annotations.
public struct Emission: Sendable, Equatable {
    public var startSeconds: Double
    public var durationSeconds: Double
    /// Extra facts for the annotation (`sightline:` keys), e.g. the TDMA frame number.
    public var frameNumber: Int?

    public init(startSeconds: Double, durationSeconds: Double, frameNumber: Int? = nil) {
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.frameNumber = frameNumber
    }
}

/// A source's complex envelope, centred on its own carrier (the scene mixes it to its
/// offset from the receiver's centre frequency) and scaled to unit mean power while it is
/// on, so that a source's received power is just the amplitude the scene applies.
///
/// Rendering is sequential: successive calls cover successive, contiguous spans of time,
/// which lets stateful waveforms (filtered noise, continuous GMSK) stream in bounded memory.
public protocol Waveform: Sendable {
    /// The name used in scene files and annotations (`gsm-uplink`, `tone`, …).
    var kind: String { get }
    /// Occupied bandwidth for annotations' frequency edges and as the default SNR
    /// reference bandwidth (nil: a line, whose SNR refers to the whole sample rate).
    var occupiedBandwidthHz: Double? { get }
    /// Writes the envelope at scene times `startSeconds + n·intervalSeconds`; samples at
    /// times outside the source's on-intervals are zero.
    mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    )
    /// The on-intervals within [`fromSeconds`, `toSeconds`).
    func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission]
}

/// An unmodulated carrier: the envelope is 1 throughout the source's on-time.
public struct ToneWaveform: Waveform {
    public var kind: String { "tone" }
    public var occupiedBandwidthHz: Double? { nil }
    public init() {}
    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        for i in output.indices { output[i] = Complex(1, 0) }
    }
    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        [Emission(startSeconds: fromSeconds, durationSeconds: toSeconds - fromSeconds)]
    }
}

/// A linear chirp swept repeatedly (sawtooth) from −span/2 to +span/2 about the carrier at
/// `sweepRateHzPerSecond`: the swept-frequency jammer. Constant envelope, unit power.
public struct SweptWaveform: Waveform {
    public var kind: String { "swept" }
    public let spanHz: Double
    public let sweepRateHzPerSecond: Double
    public var occupiedBandwidthHz: Double? { spanHz }

    public init(spanHz: Double, sweepRateHzPerSecond: Double) {
        self.spanHz = spanHz
        self.sweepRateHzPerSecond = sweepRateHzPerSecond
    }

    /// One sweep's duration.
    public var periodSeconds: Double { spanHz / sweepRateHzPerSecond }

    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        let period = periodSeconds
        let f0 = -spanHz / 2
        let rate = sweepRateHzPerSecond
        // Phase (in cycles) over one whole sweep; sweeps start in phase with each other.
        for i in output.indices {
            let t = startSeconds + Double(i) * intervalSeconds
            let m = (t / period).rounded(.down)
            let tau = t - m * period
            var cycles = f0 * tau + 0.5 * rate * tau * tau
            cycles -= cycles.rounded(.down)
            let phase = Float(2 * Double.pi * cycles)
            output[i] = Complex(Float.cos(phase), Float.sin(phase))
        }
    }

    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        [Emission(startSeconds: fromSeconds, durationSeconds: toSeconds - fromSeconds)]
    }
}

/// An on/off-keyed carrier: on for `pulseWidthSeconds` at the start of every period.
public struct PulsedWaveform: Waveform {
    public var kind: String { "pulsed" }
    public let periodSeconds: Double
    public let pulseWidthSeconds: Double
    /// The time of the first pulse's leading edge (the source's start).
    public let originSeconds: Double
    /// Null-to-null main lobe of a rectangular pulse, 2/width.
    public var occupiedBandwidthHz: Double? { 2 / pulseWidthSeconds }

    public init(periodSeconds: Double, pulseWidthSeconds: Double, originSeconds: Double) {
        self.periodSeconds = periodSeconds
        self.pulseWidthSeconds = pulseWidthSeconds
        self.originSeconds = originSeconds
    }

    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        for i in output.indices {
            let t = startSeconds + Double(i) * intervalSeconds - originSeconds
            let tau = t - (t / periodSeconds).rounded(.down) * periodSeconds
            output[i] = tau < pulseWidthSeconds ? Complex(1, 0) : .zero
        }
    }

    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        var result: [Emission] = []
        var k = max(0, ((fromSeconds - originSeconds) / periodSeconds).rounded(.down))
        while true {
            let start = originSeconds + k * periodSeconds
            if start >= toSeconds { break }
            let end = min(start + pulseWidthSeconds, toSeconds)
            if end > fromSeconds {
                result.append(
                    Emission(startSeconds: max(start, fromSeconds), durationSeconds: end - max(start, fromSeconds))
                )
            }
            k += 1
        }
        return result
    }
}
