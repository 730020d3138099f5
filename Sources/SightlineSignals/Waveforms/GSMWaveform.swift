import Numerics
import SightlineCore
import SightlineRF

/// GSM carriers with GMSK modulation (BT 0.3, 270.833 kbit/s; TS 45.004) and the TDMA
/// frame of TS 45.002: frames of 4.615 ms, eight timeslots of 156.25 bit periods.
///
/// - `uplink`: a handset in a call sends one normal burst per frame in its timeslot
///   (duty cycle 1/8). A normal burst (TS 45.002 §5.2.3) is 3 tail bits, 57 data bits,
///   1 stealing flag, the 26-bit training sequence, 1 flag, 57 data, 3 tail: 148 bits,
///   differentially encoded (TS 45.004 §2.2: d̂ᵢ = dᵢ ⊕ dᵢ₋₁, aᵢ = 1 − 2d̂ᵢ). Its useful part
///   is centred in the slot, from bit period 4.125 to 152.125; the power ramps up over the
///   3 bit periods before it and down over the 3 after it (raised cosine, inside the
///   TS 45.005 Annex B time mask), so the transmitter is off for the remaining 2.25 bits
///   of guard. Data bits are random, drawn per burst from the seed and the frame number.
/// - `downlink`: the serving mast's BCCH carrier, on in every timeslot at constant power
///   (idle slots carry dummy bursts, TS 45.002 §5.2.6), rendered as continuous GMSK of
///   random symbols.
///
/// Frames are numbered from scene time 0 (plus `frameOffsetSeconds`).
public struct GSMWaveform: Waveform {
    public enum Link: String, Sendable { case uplink, downlink }

    public let link: Link
    public let timeslot: Int
    public let trainingSequence: Int
    public let frameOffsetSeconds: Double
    public var kind: String { link == .uplink ? "gsm-uplink" : "gsm-downlink" }
    public var occupiedBandwidthHz: Double? { GSMChannel.spacingHz }
    /// The source's on-time in scene seconds: only bursts wholly inside it are sent (a call
    /// starts and ends on burst boundaries).
    public var activeSeconds: Range<Double> = -Double.infinity..<Double.infinity
    /// Uplink: discontinuous transmission — only the frames the timeline sends carry a burst
    /// (frames numbered as above; nil: every frame).
    public var dtx: DTXTimeline?
    let seed: UInt64
    let modulator: GMSKModulator

    /// Bit periods from the slot start to the first useful bit, and ramp length.
    public static let usefulStartBits = 4.125
    public static let usefulBits = 148
    public static let rampBits = 3.0

    /// The eight training sequences (TS 45.002 §5.2.3, TSC 0…7), 26 bits each.
    public static let trainingSequences: [[UInt8]] = [
        "00100101110000100010010111", "00101101110111100010110111", "01000011101110100100001110",
        "01000111101101000100011110", "00011010111001000001101011", "01001110101100000100111010",
        "10100111110110001010011111", "11101111000100101110111100",
    ].map { $0.map { $0 == "1" ? 1 : 0 } }

    public init(link: Link, timeslot: Int = 0, trainingSequence: Int = 0, frameOffsetSeconds: Double = 0, seed: UInt64)
    {
        self.link = link
        self.timeslot = timeslot
        self.trainingSequence = trainingSequence
        self.frameOffsetSeconds = frameOffsetSeconds
        self.seed = seed
        modulator = GMSKModulator()
    }

    // Current burst cache (uplink) or running symbol state (downlink).
    private var cachedFrame = Int.min
    private var symbols: [Int8] = []
    private var prefix: [Int32] = []
    private var burstPhase = 0.0

    /// The 148 symbols (±1) of the normal burst sent in `frame`.
    public func burstSymbols(frame: Int) -> [Int8] {
        var rng = SeededGenerator(seed: seed ^ (UInt64(bitPattern: Int64(frame)) &* 0x9E37_79B9_7F4A_7C15))
        var bits = [UInt8](repeating: 0, count: Self.usefulBits)
        func random(_ range: Range<Int>) { for i in range { bits[i] = UInt8(rng.next() >> 63) } }
        random(3..<60)  // data
        bits[60] = 0  // stealing flags: speech
        for (i, b) in Self.trainingSequences[trainingSequence].enumerated() { bits[61 + i] = b }
        bits[87] = 0
        random(88..<145)  // data; tails 0…2 and 145…147 stay 0
        var previous: UInt8 = 1
        return bits.map { d in
            let encoded = d ^ previous
            previous = d
            return encoded == 0 ? 1 : -1
        }
    }

    /// A random symbol for the continuous downlink, symbol index `k` from scene time 0.
    func downlinkSymbol(_ k: Int) -> Int8 {
        var z = seed &+ UInt64(bitPattern: Int64(k)) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) & 1 == 0 ? 1 : -1
    }

    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        switch link {
        case .uplink: renderUplink(output, startSeconds, intervalSeconds)
        case .downlink: renderDownlink(output, startSeconds, intervalSeconds)
        }
    }

    private mutating func renderUplink(_ output: UnsafeMutableBufferPointer<Complex<Float>>, _ t0: Double, _ dt: Double)
    {
        let frameS = GSMChannel.frameSeconds
        let rate = GSMChannel.bitRateHz
        let slotOffset = Double(timeslot) * GSMChannel.timeslotSeconds
        let rampStart = Self.usefulStartBits - Self.rampBits
        let rampEnd = Self.usefulStartBits + Double(Self.usefulBits) + Self.rampBits
        for i in output.indices {
            let t = t0 + Double(i) * dt - frameOffsetSeconds
            let frame = Int((t / frameS).rounded(.down))
            let bits = (t - Double(frame) * frameS - slotOffset) * rate
            guard bits >= rampStart && bits < rampEnd else {
                output[i] = .zero
                continue
            }
            let burstOn = frameOffsetSeconds + Double(frame) * frameS + slotOffset + rampStart / rate
            guard
                burstOn >= activeSeconds.lowerBound
                    && burstOn + (rampEnd - rampStart) / rate <= activeSeconds.upperBound,
                dtx?.sends(frame: frame) ?? true
            else {
                output[i] = .zero
                continue
            }
            if frame != cachedFrame {
                symbols = burstSymbols(frame: frame)
                prefix = GMSKModulator.prefixSums(symbols)
                var rng = SeededGenerator(seed: seed ^ 0x5EED_0F_FA5E ^ UInt64(bitPattern: Int64(frame)))
                burstPhase = 2 * Double.pi * rng.nextUnitDouble()
                cachedFrame = frame
            }
            let u = bits - Self.usefulStartBits
            var amplitude: Float = 1
            if u < 0 {
                amplitude = Float(0.5 - 0.5 * Double.cos(Double.pi * (u + Self.rampBits) / Self.rampBits))
            } else if u > Double(Self.usefulBits) {
                amplitude = Float(0.5 + 0.5 * Double.cos(Double.pi * (u - Double(Self.usefulBits)) / Self.rampBits))
            }
            let phase = Float(
                (modulator.phase(atBits: u, symbols: symbols, prefix: prefix) + burstPhase)
                    .truncatingRemainder(dividingBy: 2 * Double.pi)
            )
            output[i] = Complex(amplitude * Float.cos(phase), amplitude * Float.sin(phase))
        }
    }

    private mutating func renderDownlink(
        _ output: UnsafeMutableBufferPointer<Complex<Float>>,
        _ t0: Double,
        _ dt: Double
    ) {
        guard output.count > 0 else { return }
        let rate = GSMChannel.bitRateHz
        let span = GMSKPulse.halfSpanBits
        let uFirst = (t0 - frameOffsetSeconds) * rate
        let uLast = (t0 + Double(output.count - 1) * dt - frameOffsetSeconds) * rate
        // The symbols this block touches, computed once (not per sample).
        let kFirst = Int(uFirst.rounded(.down)) - span - 1
        let kLast = Int(uLast.rounded(.down)) + span + 1
        symbols.removeAll(keepingCapacity: true)
        for k in kFirst...kLast { symbols.append(downlinkSymbol(k)) }
        if cachedFrame == Int.min {
            cachedFrame = kFirst
            burstPhase = 0
        }
        for i in output.indices {
            let u = (t0 + Double(i) * dt - frameOffsetSeconds) * rate
            let centre = Int(u.rounded(.down))
            let lo = centre - span - 1
            // Running sum of all symbols before `lo` (rendering moves forward in time).
            while cachedFrame < lo {
                burstPhase += Double(
                    cachedFrame >= kFirst ? symbols[cachedFrame - kFirst] : downlinkSymbol(cachedFrame)
                )
                cachedFrame += 1
            }
            var total = burstPhase
            for k in lo...(centre + span + 1) {
                total += Double(symbols[k - kFirst]) * modulator.pulse.value(u - (Double(k) + 0.5))
            }
            let phase = Float((0.5 * Double.pi * total).truncatingRemainder(dividingBy: 2 * Double.pi))
            output[i] = Complex(Float.cos(phase), Float.sin(phase))
        }
    }

    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        guard link == .uplink else {
            return [Emission(startSeconds: fromSeconds, durationSeconds: toSeconds - fromSeconds)]
        }
        let frameS = GSMChannel.frameSeconds
        let bit = 1 / GSMChannel.bitRateHz
        let slotOffset = Double(timeslot) * GSMChannel.timeslotSeconds
        var result: [Emission] = []
        var frame = Int(((fromSeconds - frameOffsetSeconds) / frameS).rounded(.down))
        while true {
            let start = frameOffsetSeconds + Double(frame) * frameS + slotOffset + Self.usefulStartBits * bit
            if start >= toSeconds { break }
            let duration = Double(Self.usefulBits) * bit
            if start - Self.rampBits * bit >= fromSeconds && start + duration + Self.rampBits * bit <= toSeconds,
                dtx?.sends(frame: frame) ?? true
            {
                result.append(Emission(startSeconds: start, durationSeconds: duration, frameNumber: frame))
            }
            frame += 1
        }
        return result
    }
}
