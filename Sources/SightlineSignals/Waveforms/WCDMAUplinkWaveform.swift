import Numerics
import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A WCDMA (UTRA FDD) handset's uplink dedicated physical channels: one DPDCH and the
/// DPCCH, spread, scrambled and shaped as 3GPP TS 25.211 and TS 25.213 describe.
///
/// - Chips at 3.84 Mcps; radio frames of 10 ms = 15 slots of 2560 chips (TS 25.211 §5.2.1).
/// - Spreading (TS 25.213 §4.2.1, §4.3.1): the DPCCH by the OVSF code C_ch,256,0 on the Q
///   branch, the DPDCH by C_ch,SF,SF/4 on the I branch (SF 4…256), weighted by the gain
///   factors βc and βd (TS 25.213 §4.2.1.1; default βc = 11/15, βd = 15/15). The OVSF codes
///   are built by the tree of §4.3.1.1: C_2n,2k = (C_n,k, C_n,k), C_2n,2k+1 = (C_n,k, −C_n,k).
/// - Complex scrambling by the long uplink code n (TS 25.213 §4.3.2.2): the Gold code
///   z_n = x_n ⊕ y from x^25 + x^3 + 1 (initial state: n in x(0…23), x(24) = 1) and
///   x^25 + x^3 + x^2 + x + 1 (all ones); c₁(i) = Z_n(i), c₂(i) = Z_n(i + 16777232) and
///   C_long,n(i) = c₁(i)·(1 + j(−1)^i c₂(2⌊i/2⌋)), restarted every frame (i = 0…38399);
///   S = (I + jQ)·C_long. This structure is HPSK: between chips 2m and 2m+1 the
///   scrambling phase turns by exactly ±90°, never 180° (fewer zero crossings, lower PAPR).
/// - Pulse shaping: root-raised cosine, roll-off 0.22 (TS 25.101 §6.8.1; TS 25.213 §4.4),
///   truncated to ±8 chips and evaluated at the scene's sample times (any rate), so the
///   occupied bandwidth is 3.84·1.22 = 4.68 MHz at the −∞ edges and about 4.2 MHz at 99 %.
/// - Inner-loop power control at 1500 Hz (TS 25.214 §5.1.2): every slot the handset steps
///   its power by ±1 dB (Δ_TPC = 1 dB) as the serving Node B commands, up while the received
///   power was below its target in the previous slot, down otherwise. The channel the Node B
///   sees is a seeded Gauss–Markov log-normal process (`pathVariationDB` rms, correlation
///   time `pathCorrelationSeconds`); the offset is clamped to ±`controlRangeDB`. The step
///   is applied at slot boundaries.
/// - Activity: the DPDCH is sent in a frame with probability `activity` (speech DTX); the
///   DPCCH is always on, as on a connected DCH.
///
/// Data, pilot, TFCI and TPC bits are seeded random bits (no content is modelled). The
/// envelope is scaled so that a frame with the DPDCH on, at 0 dB control offset, has unit
/// mean power. Class 3 handset: 24 dBm maximum (TS 25.101 §6.2.1), ``maxPowerDBm``.
public struct WCDMAUplinkWaveform: Waveform {
    public static let chipRateHz = 3.84e6
    public static let chipsPerSlot = 2560
    public static let slotsPerFrame = 15
    public static let chipsPerFrame = 38400
    public static let rollOff = 0.22
    public static let pulseHalfSpanChips = 8
    /// Power-class 3 maximum output power (TS 25.101 Table 6.1).
    public static let maxPowerDBm = 24.0
    /// Slot rate of the inner power-control loop, 1500 Hz.
    public static var slotSeconds: Double { Double(chipsPerSlot) / chipRateHz }

    public var kind: String { downlink ? "wcdma-downlink" : "wcdma-uplink" }
    /// A Node B-like downlink carrier instead: continuous, no power control, its chips
    /// seeded random QPSK — a stand-in for the sum of many orthogonal channels under the
    /// downlink scrambling code (TS 25.213 §5), whose statistics it shares (not its code).
    public let downlink: Bool
    /// The RRC's full width, (1 + α)·3.84 MHz.
    public var occupiedBandwidthHz: Double? { Self.chipRateHz * (1 + Self.rollOff) }

    public let spreadingFactor: Int
    public let scramblingCode: Int
    public let betaC: Double
    public let betaD: Double
    public let activity: Double
    public let powerControl: Bool
    public let pathVariationDB: Double
    public let pathCorrelationSeconds: Double
    public let controlRangeDB: Double
    let seed: UInt64
    /// C_long,n over one frame.
    let scrambling: [Complex<Float>]
    let dpdchCode: [Float]
    /// The RRC pulse sampled every 1/`pulseResolution` chip over ±`pulseHalfSpanChips`.
    let pulse: [Float]
    static let pulseResolution = 256

    // Streaming state.
    private var slotOffsets: [Double] = []
    private var pathState = 0.0
    private var chips: [Complex<Float>] = []

    public init(
        spreadingFactor: Int = 64,
        scramblingCode: Int = 0,
        betaC: Double = 11.0 / 15.0,
        betaD: Double = 1,
        activity: Double = 1,
        powerControl: Bool = true,
        pathVariationDB: Double = 4,
        pathCorrelationSeconds: Double = 0.05,
        controlRangeDB: Double = 20,
        downlink: Bool = false,
        seed: UInt64
    ) {
        self.downlink = downlink
        precondition([4, 8, 16, 32, 64, 128, 256].contains(spreadingFactor), "DPDCH SF is 4…256")
        self.spreadingFactor = spreadingFactor
        self.scramblingCode = scramblingCode & 0xFF_FFFF
        self.betaC = betaC
        self.betaD = betaD
        self.activity = activity
        self.powerControl = powerControl
        self.pathVariationDB = pathVariationDB
        self.pathCorrelationSeconds = pathCorrelationSeconds
        self.controlRangeDB = controlRangeDB
        self.seed = seed
        scrambling = Self.longScramblingCode(self.scramblingCode)
        dpdchCode = Self.ovsf(spreadingFactor: spreadingFactor, index: spreadingFactor / 4)
        pulse = Self.rrcTable()
    }

    // MARK: - Codes

    /// The OVSF code C_ch,SF,k (TS 25.213 §4.3.1.1) as ±1.
    public static func ovsf(spreadingFactor sf: Int, index k: Int) -> [Float] {
        if sf == 1 { return [1] }
        let parent = ovsf(spreadingFactor: sf / 2, index: k / 2)
        return parent + (k % 2 == 0 ? parent : parent.map { -$0 })
    }

    /// The state of a 25-stage Fibonacci register (bit j = s(i + j)) after `steps` steps,
    /// by squaring its GF(2) transition matrix (the code's second branch starts 16777232
    /// chips on).
    static func jump(_ state: UInt32, taps: UInt32, steps: Int) -> UInt32 {
        func step(_ s: UInt32) -> UInt32 { (s >> 1) | (UInt32((s & taps).nonzeroBitCount & 1) << 24) }
        func apply(_ cols: [UInt32], _ v: UInt32) -> UInt32 {
            var r: UInt32 = 0
            for j in 0..<25 where v & (1 << j) != 0 { r ^= cols[j] }
            return r
        }
        var cols = (0..<25).map { step(1 << UInt32($0)) }
        var result = state
        var k = steps
        while k > 0 {
            if k & 1 == 1 { result = apply(cols, result) }
            cols = cols.map { apply(cols, $0) }
            k >>= 1
        }
        return result
    }

    /// ±1 of the Gold code z_n over `count` chips starting `offset` chips in.
    static func goldSequence(_ n: Int, offset: Int, count: Int) -> [Float] {
        let xTaps: UInt32 = 0b1001  // x(i+25) = x(i+3) ⊕ x(i)
        let yTaps: UInt32 = 0b1111  // y(i+25) = y(i+3) ⊕ y(i+2) ⊕ y(i+1) ⊕ y(i)
        var x = jump(UInt32(n & 0xFF_FFFF) | (1 << 24), taps: xTaps, steps: offset)
        var y = jump(0x1FF_FFFF, taps: yTaps, steps: offset)
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            out[i] = ((x ^ y) & 1) == 0 ? 1 : -1
            x = (x >> 1) | (UInt32((x & xTaps).nonzeroBitCount & 1) << 24)
            y = (y >> 1) | (UInt32((y & yTaps).nonzeroBitCount & 1) << 24)
        }
        return out
    }

    /// C_long,n(i) = c₁(i)·(1 + j(−1)^i·c₂(2⌊i/2⌋)), i = 0…38399 (TS 25.213 §4.3.2.2).
    public static func longScramblingCode(_ n: Int) -> [Complex<Float>] {
        let c1 = goldSequence(n, offset: 0, count: chipsPerFrame)
        let c2 = goldSequence(n, offset: 16_777_232, count: chipsPerFrame)
        return (0..<chipsPerFrame).map { i in
            let w: Float = i % 2 == 0 ? 1 : -1
            return Complex(c1[i], c1[i] * w * c2[2 * (i / 2)])
        }
    }

    /// The RRC pulse (roll-off 0.22, unit energy per chip) at `resolution` points per chip.
    static func rrcTable() -> [Float] {
        let r = pulseResolution
        let h = pulseHalfSpanChips
        let b = rollOff
        var g = (0...(2 * h * r)).map { i -> Double in
            let t = Double(i - h * r) / Double(r)
            if t == 0 { return 1 - b + 4 * b / Double.pi }
            if abs(abs(t) - 1 / (4 * b)) < 1e-9 {
                return b / 2.0.squareRoot()
                    * ((1 + 2 / Double.pi) * sin(Double.pi / (4 * b)) + (1 - 2 / Double.pi) * cos(Double.pi / (4 * b)))
            }
            return (sin(Double.pi * t * (1 - b)) + 4 * b * t * cos(Double.pi * t * (1 + b)))
                / (Double.pi * t * (1 - (4 * b * t) * (4 * b * t)))
        }
        let energy = g.reduce(0) { $0 + $1 * $1 } / Double(r)
        for i in g.indices { g[i] /= energy.squareRoot() }
        return g.map(Float.init)
    }

    // MARK: - Chips

    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        var z = a &+ b &* 0x9E37_79B9_7F4A_7C15 &+ c &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Whether the DPDCH is sent in `frame`.
    public func dpdchOn(frame: Int) -> Bool {
        activity >= 1 || Double(Self.mix(seed, 0xDA7A, UInt64(bitPattern: Int64(frame))) >> 11) * 0x1p-53 < activity
    }

    /// The power-control offset (dB) of slot `slot` from scene time 0 (slots before 0: 0 dB).
    public mutating func slotOffsetDB(_ slot: Int) -> Double {
        guard powerControl, !downlink, slot >= 0 else { return 0 }
        if slotOffsets.isEmpty {
            var rng = SeededGenerator(seed: seed ^ 0x7C_0000)
            pathState = pathVariationDB * Self.gaussian(&rng)
            slotOffsets.append((-pathState).rounded().clamped(controlRangeDB))
            pathRNG = rng
        }
        if slot >= slotOffsets.count {
            let rho = exp(-Self.slotSeconds / pathCorrelationSeconds)
            let innovation = pathVariationDB * (1 - rho * rho).squareRoot()
            while slot >= slotOffsets.count {
                // The Node B compares the last slot's received power with its target (0 dB).
                let received = slotOffsets[slotOffsets.count - 1] + pathState
                let next = slotOffsets[slotOffsets.count - 1] + (received < 0 ? 1 : -1)
                slotOffsets.append(next.clamped(controlRangeDB))
                pathState = rho * pathState + innovation * Self.gaussian(&pathRNG)
            }
        }
        return slotOffsets[slot]
    }
    private var pathRNG = SeededGenerator(seed: 0)

    static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u1 = max(rng.nextUnitDouble(), 1e-300)
        let u2 = rng.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// The complex chips (after scrambling and power control) with indices
    /// `first ..< first + count`, chip 0 at scene time 0.
    public mutating func chips(from first: Int, count: Int) -> [Complex<Float>] {
        var out = [Complex<Float>](repeating: .zero, count: count)
        out.withUnsafeMutableBufferPointer { fillChips($0, first: first) }
        return out
    }

    private mutating func fillChips(_ out: UnsafeMutableBufferPointer<Complex<Float>>, first: Int) {
        let norm = 1 / (2 * (betaC * betaC + betaD * betaD)).squareRoot()
        let bc = Float(betaC * norm)
        let bd = Float(betaD * norm)
        let sf = spreadingFactor
        let perFrame = Self.chipsPerFrame
        if downlink {
            let a = Float(0.5.squareRoot())
            for j in out.indices {
                let z = Self.mix(seed, 0xD0, UInt64(bitPattern: Int64(first + j)))
                out[j] = Complex(z & 1 == 0 ? a : -a, z & 2 == 0 ? a : -a)
            }
            return
        }
        var k = first
        var i = 0
        while i < out.count {
            let frame = Int((Double(k) / Double(perFrame)).rounded(.down))
            let inFrame = k - frame * perFrame
            let slot = inFrame / Self.chipsPerSlot
            let slotEnd = min(out.count, i + (slot + 1) * Self.chipsPerSlot - inFrame)
            let gain = Float(pow(10, slotOffsetDB(frame * Self.slotsPerFrame + slot) / 20))
            let data = dpdchOn(frame: frame)
            let f = UInt64(bitPattern: Int64(frame))
            var bitIndex = -1
            var dBit: Float = 0
            var cIndex = -1
            var cBit: Float = 0
            scrambling.withUnsafeBufferPointer { code in
                dpdchCode.withUnsafeBufferPointer { ovsf in
                    for j in i..<slotEnd {
                        let c = inFrame + (j - i)
                        if data && c / sf != bitIndex {
                            bitIndex = c / sf
                            dBit = Self.mix(seed, f, UInt64(bitIndex) << 1) & 1 == 0 ? 1 : -1
                        }
                        if c / 256 != cIndex {
                            cIndex = c / 256
                            cBit = Self.mix(seed, f, UInt64(cIndex) << 1 | 1) & 1 == 0 ? 1 : -1
                        }
                        let re = data ? bd * dBit * ovsf[c % sf] : 0
                        let im = bc * cBit  // C_ch,256,0 is all ones
                        let s = code[c]
                        out[j] = Complex(
                            gain * (re * s.real - im * s.imaginary),
                            gain * (re * s.imaginary + im * s.real)
                        )
                    }
                }
            }
            k += slotEnd - i
            i = slotEnd
        }
    }

    // MARK: - Waveform

    public mutating func render(
        into output: UnsafeMutableBufferPointer<Complex<Float>>,
        startSeconds: Double,
        intervalSeconds: Double
    ) {
        guard output.count > 0 else { return }
        let rc = Self.chipRateHz
        let h = Self.pulseHalfSpanChips
        let r = Self.pulseResolution
        let uFirst = startSeconds * rc
        let uLast = (startSeconds + Double(output.count - 1) * intervalSeconds) * rc
        let kFirst = Int(uFirst.rounded(.down)) - h - 1
        let kLast = Int(uLast.rounded(.down)) + h + 1
        let n = kLast - kFirst + 1
        var line = [Complex<Float>]()
        swap(&line, &chips)
        defer { swap(&line, &chips) }
        if line.count < n { line = [Complex<Float>](repeating: .zero, count: n) }
        line.withUnsafeMutableBufferPointer { buf in
            fillChips(UnsafeMutableBufferPointer(rebasing: buf[0..<n]), first: kFirst)
        }
        line.withUnsafeBufferPointer { c in
            pulse.withUnsafeBufferPointer { g in
                for i in output.indices {
                    let u = (startSeconds + Double(i) * intervalSeconds) * rc
                    let centre = Int(u.rounded(.down))
                    let frac = u - Double(centre)
                    // g(u − k) for k = centre − h + 1 … centre + h.
                    var re: Float = 0
                    var im: Float = 0
                    let base = Int(((frac + Double(2 * h - 1)) * Double(r)).rounded())
                    var tap = base
                    var k = centre - h + 1 - kFirst
                    for _ in 0..<(2 * h) {
                        if tap >= 0 && tap < g.count {
                            let w = g[tap]
                            re += w * c[k].real
                            im += w * c[k].imaginary
                        }
                        tap -= r
                        k += 1
                    }
                    output[i] = Complex(re, im)
                }
            }
        }
    }

    public func emissions(fromSeconds: Double, toSeconds: Double) -> [Emission] {
        [Emission(startSeconds: fromSeconds, durationSeconds: toSeconds - fromSeconds)]
    }
}

extension Double {
    fileprivate func clamped(_ range: Double) -> Double { Swift.min(range, Swift.max(-range, self)) }
}
