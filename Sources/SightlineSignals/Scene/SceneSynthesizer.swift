import Numerics
import SightlineCore
import SightlineRF

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a ``Scene`` into samples, block by block, and into ground-truth annotations.
///
/// Sample units: a sample of power 1 is the receiver's thermal noise power over the sample
/// rate, kTBF·fs (``Scene/noisePowerDBm``), so the noise has unit power per element and a
/// source received at P dBm has power 10^((P − N)/10).
///
/// For each source: received power from the link budget (P_tx + G_tx + G_rx − L) or as
/// given; the waveform evaluated at t − delay; fading; a rotation by the carrier's offset
/// from the centre frequency plus the CFO and the Doppler shift of a moving receiver,
/// f_D = f·(v·u)/c with u the unit vector from receiver to source; and, with an array, the
/// steering vector towards the source (times the element errors) on every channel.
/// Geometry is fixed over a scene (scenes are seconds long; the timeline issue moves things).
public final class SceneSynthesizer {
    public let scene: Scene
    public let seed: UInt64
    public let array: AntennaArray
    public let sampleCount: Int
    public var channelCount: Int { array.elementCount }
    /// Per-source facts (received power, bearing, …), in scene order.
    public private(set) var sources: [PreparedSource] = []
    /// The reflected waves of every source (``ReflectionSpec``): rendered, never annotated.
    private var echoes: [PreparedSource] = []
    private var noiseGenerator: SeededGenerator
    private var scratch: [Complex<Float>] = []
    private var framesDone = 0
    private let filterState: ChannelFilterState?
    /// The receiver filter's group delay (samples): annotations are moved by it.
    public let filterDelaySamples: Int

    /// The facts a source's annotations carry.
    public struct PreparedSource: Sendable {
        public var source: Source
        public var receivedPowerDBm: Double
        public var transmitPowerDBm: Double?
        public var snrDB: Double
        public var snrBandwidthHz: Double
        public var bearingDegrees: Double?
        public var distanceMeters: Double?
        public var offsetHz: Double
        public var amplitude: Float
        public var elementGains: [Complex<Float>]
        var waveform: any Waveform
        var fading: FadingProcess?
        var phase0: Double
    }

    public init(scene: Scene, seed: UInt64? = nil, location: String = "scene") throws {
        try scene.checkSize(location: location)
        self.scene = scene
        self.seed = seed ?? scene.seed
        sampleCount = scene.sampleCount
        array = AntennaArray(scene.receiver.array, frequencyHz: max(scene.centerFrequencyHz, 1))
        filterState = scene.receiver.filter.map {
            ChannelFilterState(
                filter: $0,
                sampleRateHz: scene.sampleRateHz,
                channels: AntennaArray(
                    scene.receiver.array,
                    frequencyHz: max(scene.centerFrequencyHz, 1)
                ).elementCount
            )
        }
        filterDelaySamples = filterState.map { ($0.taps.count - 1) / 2 } ?? 0
        var master = SeededGenerator(seed: self.seed)
        noiseGenerator = SeededGenerator(seed: master.next())
        let errorSeed = master.next()
        let errors = scene.receiver.elementErrors.draw(count: array.elementCount, seed: errorSeed)
        for (index, source) in scene.sources.enumerated() {
            let sourceSeed = master.next()
            let prepared = try Self.prepare(
                source,
                index: index,
                scene: scene,
                array: array,
                errors: errors,
                seed: sourceSeed,
                location: location
            )
            sources.append(prepared)
            echoes += Self.echoes(of: prepared, scene: scene, array: array, errors: errors, seed: sourceSeed)
        }
    }

    /// A source's reflected waves: copies of its prepared signal (the same waveform, bit for
    /// bit) delayed by the excess delay, scaled by the relative level, turned by the relative
    /// phase, arriving from the reflection's direction (its own steering vector and, for a
    /// moving receiver, its own Doppler shift), with fading of its own. Their phases and
    /// fading come from a generator of their own, so a scene without reflections draws
    /// exactly what it drew before reflections existed.
    static func echoes(
        of p: PreparedSource,
        scene: Scene,
        array: AntennaArray,
        errors: [Complex<Double>],
        seed: UInt64
    ) -> [PreparedSource] {
        guard !p.source.channel.reflections.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed ^ 0x5EF1_EC71_0A5E_ED00)
        let v = scene.receiver.velocityMetersPerSecond
        let directDoppler: Double
        if let az = p.bearingDegrees {
            let u = AntennaArray.direction(
                azimuthRadians: az * .pi / 180,
                elevationRadians: p.source.elevationDegrees * .pi / 180
            )
            directDoppler = p.source.frequencyHz * (v.x * u.x + v.y * u.y) / SpeedOfLight.metersPerSecond
        } else {
            directDoppler = 0
        }
        return p.source.channel.reflections.map { r in
            var e = p
            e.source.channel.delaySeconds += r.excessDelaySeconds
            e.amplitude = p.amplitude * Float(Decibels.toAmplitudeRatio(r.relativeLevelDB))
            let phase = r.phaseDegrees.map { $0 * .pi / 180 } ?? 2 * Double.pi * rng.nextUnitDouble()
            e.phase0 = p.phase0 + phase
            let az = r.azimuthDegrees * .pi / 180
            let el = r.elevationDegrees * .pi / 180
            let u = AntennaArray.direction(azimuthRadians: az, elevationRadians: el)
            e.offsetHz =
                p.offsetHz - directDoppler + p.source.frequencyHz * (v.x * u.x + v.y * u.y)
                / SpeedOfLight.metersPerSecond
            if array.elementCount > 1 {
                let a = array.steeringVector(azimuthRadians: az, elevationRadians: el)
                e.elementGains = zip(a, errors).map { Complex(Float(($0 * $1).real), Float(($0 * $1).imaginary)) }
            }
            e.fading = p.source.channel.fading.map {
                FadingProcess(kind: $0.kind, variation: $0.variation, seed: rng.next())
            }
            return e
        }
    }

    static func pathLossDB(
        _ spec: PathLossSpec,
        frequencyHz: Double,
        from a: Position,
        to b: Position,
        location: String
    ) throws -> Double {
        let d = max(1, ((a.vector - b.vector) * (a.vector - b.vector)).sum().squareRoot())
        switch spec {
        case .fixed(let db): return db
        case .fspl:
            return PathLossModel.freeSpace(frequencyMHz: frequencyHz / 1e6, distanceKm: d / 1000)
        case .model(let model, let allow, let exponent, let reference):
            let g = PathGeometry(
                frequencyHz: frequencyHz,
                distanceMeters: d,
                txHeightMeters: max(a.upMeters, b.upMeters),
                rxHeightMeters: min(a.upMeters, b.upMeters),
                pathLossExponent: exponent,
                referenceDistanceMeters: reference
            )
            return try model.lossDB(g, allowExtrapolation: allow, location: location)
        }
    }

    static func prepare(
        _ s: Source,
        index: Int,
        scene: Scene,
        array: AntennaArray,
        errors: [Complex<Double>],
        seed: UInt64,
        location: String
    ) throws -> PreparedSource {
        var rng = SeededGenerator(seed: seed)
        let fs = scene.sampleRateHz
        let rx = scene.receiver
        let where_ = "\(location): sources[\(index)] (\(s.id))"
        // Waveform.
        var waveform: any Waveform
        switch s.waveform {
        case .gsmUplink(let ts, let tsc):
            var w = GSMWaveform(link: .uplink, timeslot: ts, trainingSequence: tsc, seed: rng.next())
            w.activeSeconds = s.startSeconds..<s.stopSeconds
            if let schedule = s.dtx {
                var talk = SeededGenerator(seed: rng.next())
                let frames = Int((scene.durationSeconds / GSMChannel.frameSeconds).rounded(.up)) + 1
                w.dtx = schedule.timeline(frames: frames, &talk)
            }
            waveform = w
        case .gsmDownlink(let tsc):
            waveform = GSMWaveform(link: .downlink, trainingSequence: tsc, seed: rng.next())
        case .tone: waveform = ToneWaveform()
        case .barrageNoise(let b):
            waveform = NoiseWaveform(kind: "barrage-noise", bandwidthHz: b, sampleRateHz: fs, seed: rng.next())
        case .spotNoise(let b):
            waveform = NoiseWaveform(kind: "spot-noise", bandwidthHz: b, sampleRateHz: fs, seed: rng.next())
        case .swept(let span, let rate): waveform = SweptWaveform(spanHz: span, sweepRateHzPerSecond: rate)
        case .pulsed(let period, let width):
            waveform = PulsedWaveform(periodSeconds: period, pulseWidthSeconds: width, originSeconds: s.startSeconds)
        case .wcdmaUplink(let w):
            waveform = WCDMAUplinkWaveform(
                spreadingFactor: w.spreadingFactor,
                scramblingCode: w.scramblingCode,
                activity: w.activity,
                powerControl: w.powerControl,
                pathVariationDB: w.pathVariationDB,
                seed: rng.next()
            )
        case .wcdmaDownlink: waveform = WCDMAUplinkWaveform(downlink: true, seed: rng.next())
        case .lteUplink(let l):
            waveform = LTEUplinkWaveform(
                resourceBlocks: l.resourceBlocks,
                systemResourceBlocks: l.systemResourceBlocks,
                firstResourceBlock: l.firstResourceBlock,
                activity: l.activity,
                pucchProbability: l.pucchProbability,
                sampleRateHz: fs,
                seed: rng.next()
            )
        }
        let snrBandwidth: Double
        if case .snr(_, let b?) = s.power {
            snrBandwidth = b
        } else {
            snrBandwidth = min(waveform.occupiedBandwidthHz ?? fs, fs)
        }
        let noiseInReference = ThermalNoise.powerDBm(bandwidthHz: snrBandwidth, noiseFigureDB: rx.noiseFigureDB)

        // Geometry.
        var bearing = s.bearingDegrees
        var elevation = s.elevationDegrees
        var distance: Double?
        var doppler = 0.0
        if let p = s.position {
            let d = p.vector - rx.position.vector
            let range = (d * d).sum().squareRoot()
            distance = range
            let horizontal = (d.x * d.x + d.y * d.y).squareRoot()
            if horizontal > 0 || d.z != 0 {
                var az = atan2(d.x, d.y) * 180 / Double.pi
                if az < 0 { az += 360 }
                bearing = az
                elevation = atan2(d.z, horizontal) * 180 / Double.pi
            }
            if range > 0 {
                let radial = (rx.velocityMetersPerSecond.x * d.x + rx.velocityMetersPerSecond.y * d.y) / range
                doppler = s.frequencyHz * radial / SpeedOfLight.metersPerSecond
            }
        }

        // Power.
        var txPower: Double?
        let received: Double
        switch s.power {
        case .received(let p): received = p
        case .snr(let snr, _): received = noiseInReference + snr
        case .transmitted(let t):
            guard let p = s.position else { preconditionFailure("checked by the parser") }
            switch t {
            case .fixed(let dbm): txPower = dbm
            case .powerControl(let pc):
                let loss = try pathLossDB(
                    pc.pathLoss,
                    frequencyHz: s.frequencyHz,
                    from: pc.mast,
                    to: p,
                    location: where_ + " power_control"
                )
                txPower = pc.control.transmitPowerDBm(
                    pathLossDB: loss,
                    gainsDB: s.transmitAntennaGainDBi + pc.mastAntennaGainDBi
                )
            }
            let loss = try pathLossDB(
                s.channel.pathLoss,
                frequencyHz: s.frequencyHz,
                from: p,
                to: rx.position,
                location: where_
            )
            received = txPower! + s.transmitAntennaGainDBi + rx.antennaGainDBi - loss
        }
        let snr = received - noiseInReference
        let amplitude = Float(Decibels.toAmplitudeRatio(received - scene.noisePowerDBm))

        // Array response.
        var gains: [Complex<Float>]
        if array.elementCount == 1 {
            gains = [Complex(Float(errors[0].real), Float(errors[0].imaginary))]
        } else {
            guard let az = bearing else {
                throw SightlineError(
                    .missingField,
                    location: where_,
                    field: "bearing_deg",
                    message: "the receiver has an array but the source has neither a position nor a bearing",
                    fix: "give the source a position or bearing_deg"
                )
            }
            let a = array.steeringVector(
                azimuthRadians: az * Double.pi / 180,
                elevationRadians: elevation * Double.pi / 180
            )
            gains = zip(a, errors).map { Complex(Float(($0 * $1).real), Float(($0 * $1).imaginary)) }
        }
        let fading = s.channel.fading.map { FadingProcess(kind: $0.kind, variation: $0.variation, seed: rng.next()) }
        return PreparedSource(
            source: s,
            receivedPowerDBm: received,
            transmitPowerDBm: txPower,
            snrDB: snr,
            snrBandwidthHz: snrBandwidth,
            bearingDegrees: bearing.map {
                ($0.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
            },
            distanceMeters: distance,
            offsetHz: s.frequencyHz - scene.centerFrequencyHz + s.channel.carrierOffsetHz + doppler,
            amplitude: amplitude,
            elementGains: gains,
            waveform: waveform,
            fading: fading,
            phase0: 2 * Double.pi * rng.nextUnitDouble()
        )
    }

    /// Ground truth: one annotation per burst or emission, with its true SNR, power and
    /// (with an array, or a positioned source) bearing.
    public func annotations() -> [SigMFAnnotation] {
        let fs = scene.sampleRateHz
        var result: [SigMFAnnotation] = []
        for p in sources {
            let s = p.source
            let from = s.startSeconds
            let to = min(s.stopSeconds, scene.durationSeconds)
            guard to > from else { continue }
            let half = (p.source.waveform == .tone ? 0 : (p.waveform.occupiedBandwidthHz ?? 0) / 2)
            let centre = s.frequencyHz + s.channel.carrierOffsetHz
            for e in p.waveform.emissions(fromSeconds: from, toSeconds: to) {
                let start = Int(((e.startSeconds + s.channel.delaySeconds) * fs).rounded()) + filterDelaySamples
                let end = min(
                    sampleCount,
                    Int(((e.startSeconds + e.durationSeconds + s.channel.delaySeconds) * fs).rounded())
                        + filterDelaySamples
                )
                guard end > start, start < sampleCount else { continue }
                var truth: [String: Double] = [
                    "snr_db": p.snrDB, "snr_bandwidth_hz": p.snrBandwidthHz, "received_power_dbm": p.receivedPowerDBm,
                ]
                if let t = p.transmitPowerDBm { truth["tx_power_dbm"] = t }
                if let b = p.bearingDegrees {
                    truth["bearing_deg"] = b
                    truth["elevation_deg"] = s.elevationDegrees
                }
                if let d = p.distanceMeters { truth["distance_m"] = d }
                if let f = e.frameNumber { truth["frame_number"] = Double(f) }
                if let a = s.arfcn { truth["arfcn"] = Double(a) }
                if case .gsmUplink(let ts, _) = s.waveform { truth["timeslot"] = Double(ts) }
                result.append(
                    SigMFAnnotation(
                        sampleStart: start,
                        sampleCount: end - start,
                        label: s.id,
                        frequencyLowerEdgeHz: centre - half,
                        frequencyUpperEdgeHz: centre + half,
                        sourceID: s.id,
                        waveform: p.waveform.kind,
                        truth: truth
                    )
                )
            }
        }
        return result.sorted { ($0.sampleStart, $0.sourceID ?? "") < ($1.sampleStart, $1.sourceID ?? "") }
    }

    /// Whether every frame has been rendered.
    public var isFinished: Bool { framesDone >= sampleCount }
    public var framesRendered: Int { framesDone }

    /// Renders the next `output.count / channelCount` frames (fewer at the end), channels
    /// interleaved; returns the frame count.
    public func render(into output: UnsafeMutableBufferPointer<Complex<Float>>) -> Int {
        let channels = channelCount
        let frames = min(output.count / channels, sampleCount - framesDone)
        guard frames > 0 else { return 0 }
        let block = UnsafeMutableBufferPointer(rebasing: output[0..<(frames * channels)])
        let fs = scene.sampleRateHz
        if scene.receiver.noise {
            GaussianNoise.shared.fill(block, power: 1, &noiseGenerator)
        } else {
            block.update(repeating: .zero)
        }
        if scratch.count < frames { scratch = [Complex<Float>](repeating: .zero, count: frames) }
        for i in sources.indices {
            Self.mix(&sources[i], into: block, from: framesDone, sampleRateHz: fs, scratch: &scratch)
        }
        for i in echoes.indices {
            Self.mix(&echoes[i], into: block, from: framesDone, sampleRateHz: fs, scratch: &scratch)
        }
        filterState?.apply(block)
        framesDone += frames
        return frames
    }

    /// Adds one source's (or echo's) samples for the frames of `block` that start at frame
    /// `framesDone`: its waveform at t − delay, faded, rotated to its offset and phase, scaled,
    /// and weighted by its gain on every channel.
    private static func mix(
        _ p: inout PreparedSource,
        into block: UnsafeMutableBufferPointer<Complex<Float>>,
        from framesDone: Int,
        sampleRateHz fs: Double,
        scratch: inout [Complex<Float>]
    ) {
        let channels = p.elementGains.count
        let frames = block.count / channels
        let dt = 1 / fs
        let s = p.source
        let delay = s.channel.delaySeconds
        // Samples whose delayed time falls in [start, stop).
        let first = max(framesDone, Int(((s.startSeconds + delay) * fs).rounded(.up)))
        let last = min(framesDone + frames, Int(((s.stopSeconds + delay) * fs).rounded(.up)))
        guard last > first else { return }
        let n = last - first
        let tFirst = Double(first) / fs - delay
        scratch.withUnsafeMutableBufferPointer { buf in
            let x = UnsafeMutableBufferPointer(rebasing: buf[0..<n])
            p.waveform.render(into: x, startSeconds: tFirst, intervalSeconds: dt)
            p.fading?.apply(to: x, startSeconds: tFirst, intervalSeconds: dt)
            let a = p.amplitude
            let f = p.offsetHz
            let phase0 = p.phase0
            for k in 0..<n {
                var cycles = f * (tFirst + Double(k) * dt) + phase0 / (2 * Double.pi)
                cycles -= cycles.rounded(.down)
                let ph = Float(2 * Double.pi * cycles)
                let rot = Complex(a * Float.cos(ph), a * Float.sin(ph))
                x[k] = x[k] * rot
            }
            let gains = p.elementGains
            let offset = (first - framesDone) * channels
            for c in 0..<channels {
                let g = gains[c]
                var j = offset + c
                for k in 0..<n {
                    block[j] = block[j] + x[k] * g
                    j += channels
                }
            }
        }
    }

    /// Renders every remaining frame into one array (channels interleaved): for short
    /// scenes held in memory (tests, the IQ level's windows).
    public func renderAll() -> [Complex<Float>] {
        var samples = [Complex<Float>](repeating: .zero, count: (sampleCount - framesDone) * channelCount)
        var filled = 0
        samples.withUnsafeMutableBufferPointer { buffer in
            while filled < buffer.count {
                let n = render(into: UnsafeMutableBufferPointer(rebasing: buffer[filled...]))
                if n == 0 { break }
                filled += n * channelCount
            }
        }
        return samples
    }

    /// The total expected power per sample (noise plus every source), for choosing an
    /// integer datatype's scale.
    public var totalPower: Double {
        (scene.receiver.noise ? 1 : 0) + (sources + echoes).reduce(0) { $0 + Double($1.amplitude * $1.amplitude) }
    }
}
