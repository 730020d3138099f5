import Foundation
import SightlineCore
import SightlineLocate
import SightlineRF
import SightlineSignals
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which level draws each burst's detection and each look's bearing.
public enum Fidelity: String, Sendable, CaseIterable {
    /// Outcomes drawn from `MeasurementModel` (the IQ level's statistics at that SNR).
    case measurement
    /// Outcomes from the real pipeline on synthesized samples (`IQLevel`): slow, for checks.
    case iq
}

/// What happened in one simulated call. Times are seconds from the start of the call (the
/// phone's signalling before it gives negative detection times); nil: not within the call.
public struct CallOutcome: Sendable, Equatable {
    public var detectedSeconds: Double?
    /// When the surveillant declared a fix (its 95 % ellipse within the scene's radius) that
    /// truly was within that radius of the phone — or an agent reached the door.
    public var locatedSeconds: Double?
    /// When the surveillant declared a fix that was wrong: the phone truly farther than the
    /// radius from it (a site error or a reflection the covariance did not cover).
    public var misledSeconds: Double? = nil
    public var agentArrivedSeconds: Double?
    public var firstBearingSeconds: Double?
    public var bearings: Int
}

/// One call on the scene's timeline. The phone sends one burst per TDMA frame (4.615 ms)
/// for the call's length. A listener's per-burst SNR is the median link (`LinkGeometry`)
/// plus log-normal shadowing (one draw per trial for a fixed listener; a Gudmundson AR(1)
/// process along a moving one's path) plus block fading: Rayleigh or Rician power gain held
/// for one coherence time Tc = 0.423/f_D (Clarke), drawn afresh for the next block.
///
/// Time to first detection is drawn block by block, not burst by burst: within a block of n
/// heard bursts at per-burst Pd p, the number of misses before the first hit is geometric,
/// K = ⌊ln U / ln(1 − p)⌋, and the block is a detection iff K < n (then at burst K). This
/// has exactly the distribution of n Bernoulli(p) trials (tested), at the cost of one
/// uniform per block instead of one per burst.
///
/// Once a listener has detected the phone, every `lookIntervalSeconds` a direction-finding
/// listener takes a look: it hears the phone with probability 1 − (1 − p)^(bursts in
/// `lookSeconds`) and then reads a bearing. Its error, as in field DF, is the IQ level's
/// Watson-Watt RMSE at that SNR and the calibration floor (fresh each look), plus the
/// observer's static site error (drawn once per trial and sensor; for a moving observer an
/// AR(1) process over the shadowing decorrelation distance); with the observer's reflection
/// probability the bearing is on a reflection instead (uniform in azimuth). The surveillant
/// pools the looks from one fixed place into one bearing — their weighted mean, whose
/// variance is the random part over the looks plus the site error, which looks do not
/// average away — and fuses the places by the maximum-likelihood fix after each new
/// bearing. It declares the phone located when the fix's 95 % ellipse fits within
/// `locatedWithinMeters`; the call is then "located" if the phone truly is within that
/// distance of the fix and "misled" if not. A homing agent walks along each
/// bearing at its speed until the next look (standing still when a look hears nothing) and
/// "arrives" within `stopMeters` of the phone — which also counts as located when
/// `stopMeters` ≤ `locatedWithinMeters`.
public struct CallSimulator: Sendable {
    public let scene: RiskScene
    public let link: LinkGeometry
    public let model: MeasurementModel
    public let fidelity: Fidelity
    /// Refit the fix after every look, news or not (the reference `FixNews` is tested against).
    public var refitEveryLook = false
    let meanSNR: [[Double]]
    let coherenceSeconds: Double
    /// Each observer's bursts per look and the SNR gain of such a look (its device's detector).
    let lookBursts: [Int]
    let lookGainDB: [Double]

    public init(scene: RiskScene, model: MeasurementModel, fidelity: Fidelity = .measurement) throws {
        self.scene = scene
        let link = try LinkGeometry(scene: scene)
        self.link = link
        self.model = model
        self.fidelity = fidelity
        coherenceSeconds = max(GSMChannel.frameSeconds, scene.propagation.coherenceSeconds)
        lookBursts = scene.observers.map(\.device.burstsPerLook)
        lookGainDB = lookBursts.map(Self.lookGain)
        meanSNR = scene.observers.map { o in
            let places = o.kind == .multiSensor ? o.sensors : [o.position]
            return places.map { link.meanSNRdB(device: o.device, at: $0, heightMeters: o.heightMeters) }
        }
    }

    public static let frameSeconds = GSMChannel.frameSeconds

    /// ``MeasurementModel/lookGainDB(bursts:)``, computed once per look length per process.
    static func lookGain(_ bursts: Int) -> Double {
        lookGains.withLock { cache in
            if let g = cache[bursts] { return g }
            let g = MeasurementModel.lookGainDB(bursts: bursts)
            cache[bursts] = g
            return g
        }
    }
    static let lookGains = Mutex<[Int: Double]>([:])

    // MARK: - Randomness

    func fadingDB(_ rng: inout SeededGenerator) -> Double {
        switch scene.propagation.fading {
        case .none: return 0
        case .rayleigh:
            return Decibels.fromPowerRatio(max(-log(max(rng.nextUnitDouble(), 1e-300)), 1e-30))
        case .rician(let kDB):
            let k = Decibels.toPowerRatio(kDB)
            let los = (k / (k + 1)).squareRoot()
            let s = (1 / (2 * (k + 1))).squareRoot()
            let i = los + s * rng.nextGaussian()
            let q = s * rng.nextGaussian()
            return Decibels.fromPowerRatio(max(i * i + q * q, 1e-30))
        }
    }

    /// Draws the number of misses before the first hit among `n` bursts at Pd `p`; nil: none hit.
    @inline(__always)
    static func firstHit(p: Double, bursts n: Int, _ rng: inout SeededGenerator) -> Int? {
        guard n > 0, p > 0 else { return nil }
        if p >= 1 { return 0 }
        let k = log(max(rng.nextUnitDouble(), 1e-300)) / log1p(-p)
        return k < Double(n) ? Int(k) : nil
    }

    /// The time of the `k`-th burst from `a` on, one burst per frame.
    static func time(ofBurst k: Int, from a: Double) -> Double { Double(frameIndex(a) + k) * frameSeconds }

    /// The first frame at or after `t`.
    @inline(__always)
    static func frameIndex(_ t: Double) -> Int { Int(ceil(t / frameSeconds - 1e-9)) }

    /// This call's DTX timeline over `T` (nil without DTX), from a stream of its own.
    func dtxTimeline(seed: UInt64, trial: UInt64, duration T: Double) -> DTXTimeline? {
        guard let schedule = scene.call.dtx else { return nil }
        var rng = SeededGenerator(seed: (seed ^ 0xD7C5_1D00_4608_1000) &+ trial &* 0xA076_1D64_78BD_642F)
        return schedule.timeline(frames: Self.frameIndex(T) + 1, &rng)
    }

    /// Bursts the phone sends in [a, b): one per frame, at multiples of the frame period.
    @inline(__always)
    static func bursts(from a: Double, to b: Double) -> Int {
        guard b > a else { return 0 }
        return max(0, Int(ceil(b / frameSeconds - 1e-9)) - Int(ceil(a / frameSeconds - 1e-9)))
    }

    /// Whether `n` bursts at `snr` were heard, and the index of the first: drawn from the
    /// model, or detected by the pipeline on synthesized samples.
    /// Observer `observer`'s detector looks at `per` bursts at a time (its device's
    /// ``SightlineRF/DevicePreset/burstsPerLook``): `n` bursts make ⌊n/per⌋ looks and one more
    /// with probability (n mod per)/per, each with the look's Pd; the index returned is the
    /// last burst of the first look that detects.
    func firstDetected(
        snrDB snr: Double,
        bursts n: Int,
        observer: Int,
        _ rng: inout SeededGenerator
    ) throws -> Int? {
        let per = lookBursts[observer]
        guard per > 1 else { return try firstDetected(snrDB: snr, bursts: n, &rng) }
        var looks = n / per
        let rest = n - looks * per
        if rest > 0 && rng.nextUnitDouble() < Double(rest) / Double(per) { looks += 1 }
        guard let k = try firstDetected(snrDB: snr + lookGainDB[observer], bursts: looks, &rng) else { return nil }
        return min(n - 1, (k + 1) * per - 1)
    }

    func firstDetected(snrDB snr: Double, bursts n: Int, _ rng: inout SeededGenerator) throws -> Int? {
        switch fidelity {
        case .measurement:
            return Self.firstHit(p: model.pd(snrDB: snr), bursts: n, &rng)
        case .iq:
            // Up to 64 frames (0.3 s) per synthesized window: one coherence block at most
            // Doppler rates of a few hertz, few enough samples to stay in memory.
            var done = 0
            while done < n {
                let chunk = min(64, n - done)
                let found = try IQLevel.detectedBursts(snrDB: snr, frames: chunk, seed: rng.next())
                if let i = found.firstIndex(of: true) { return done + i }
                done += chunk
            }
            return nil
        }
    }

    /// A bearing's error in degrees at `snr`, with the calibration floor `floor` (1σ).
    func bearingErrorDegrees(
        snrDB snr: Double,
        floor: Double,
        truthDegrees: Double,
        _ rng: inout SeededGenerator
    ) throws -> Double {
        let instrument = floor * rng.nextGaussian()
        switch fidelity {
        case .measurement:
            return model.bearingSigmaDegrees(snrDB: snr) * rng.nextGaussian() + instrument
        case .iq:
            let measured = try IQLevel.adcockBearing(snrDB: snr, azimuthDegrees: truthDegrees, seed: rng.next())
            return remainder(measured - truthDegrees, 360) + instrument
        }
    }

    /// A reflection bearing's error: Gaussian of σ `reflectionErrorDegrees`, beyond the
    /// 15° that separates it from a site error (as the IQ level's outliers are counted).
    static func reflectionErrorDegrees(_ m: RiskScene.MultipathErrors, _ rng: inout SeededGenerator) -> Double {
        let t = SiteErrorCalibration.outlierThresholdDegrees
        for _ in 0..<64 {
            let x = m.reflectionErrorDegrees * rng.nextGaussian()
            if abs(x) > t && abs(x) <= 180 { return x }
        }
        return rng.nextUnitDouble() < 0.5 ? -t : t
    }

    // MARK: - Positions

    /// Where a patrol is at time t (phase in metres along its closed loop).
    static func patrolPosition(
        _ path: [RiskScene.Point],
        speed: Double,
        phaseMeters: Double,
        at t: Double
    ) -> RiskScene.Point {
        var legs: [Double] = []
        for i in 0..<path.count { legs.append(path[i].distance(to: path[(i + 1) % path.count])) }
        let loop = legs.reduce(0, +)
        guard loop > 0 else { return path[0] }
        var s = (phaseMeters + speed * max(t, 0)).truncatingRemainder(dividingBy: loop)
        for i in 0..<path.count {
            if s <= legs[i] || i == path.count - 1 {
                let a = path[i]
                let b = path[(i + 1) % path.count]
                let f = legs[i] > 0 ? min(1, s / legs[i]) : 0
                return .init(
                    eastMeters: a.eastMeters + f * (b.eastMeters - a.eastMeters),
                    northMeters: a.northMeters + f * (b.northMeters - a.northMeters)
                )
            }
            s -= legs[i]
        }
        return path[0]
    }

    // MARK: - One call

    /// What this call adds to every observer's SNR: the building's entry loss and power
    /// control's answer to it and to the mast path's shadowing
    /// (``LinkGeometry/callOffsetDB(entryLossDB:mastShadowDB:)``). Drawn from a stream of its
    /// own, so that a scene without a building or mast shadowing draws exactly the calls it
    /// drew before they existed.
    func callOffsetDB(seed: UInt64, trial: UInt64) throws -> Double { try offsetsDB(seed: seed, trial: trial).call }

    /// The call's offset and its signalling's: signalling bursts go out at
    /// ``LinkGeometry/signallingPowerDBm`` whatever power control does, and lose the same
    /// building entry loss.
    func offsetsDB(seed: UInt64, trial: UInt64) throws -> (call: Double, signalling: Double) {
        let call = scene.call
        let signalling = link.signallingPowerDBm - link.transmitPowerDBm
        guard call.indoors != nil || call.mastShadowingDB > 0 else { return (0, signalling) }
        var rng = SeededGenerator(seed: (seed ^ 0xB0E1_1D1E_5EED_2109) &+ trial &* 0xD1B5_4A32_D192_ED03)
        var entry = 0.0
        if let indoors = call.indoors {
            let u = indoors.probability ?? min(max(rng.nextUnitDouble(), 1e-9), 1 - 1e-9)
            entry = try BuildingEntryLoss.lossDB(
                frequencyHz: scene.frequencyHz,
                probability: u,
                building: indoors.building,
                location: "call.indoors"
            )
        }
        let offset = link.callOffsetDB(entryLossDB: entry, mastShadowDB: call.mastShadowingDB * rng.nextGaussian())
        return (offset, signalling - entry)
    }

    /// Simulates one call of `durationSeconds` (and the signalling before it).
    public func run(durationSeconds T: Double, seed: UInt64, trial: UInt64) throws -> CallOutcome {
        var rng = SeededGenerator(seed: seed &+ trial &* 0x9E37_79B9_7F4A_7C15)
        var outcome = CallOutcome(
            detectedSeconds: nil,
            locatedSeconds: nil,
            agentArrivedSeconds: nil,
            firstBearingSeconds: nil,
            bearings: 0
        )
        guard link.callPossible else { return outcome }
        let offsets = try offsetsDB(seed: seed, trial: trial)
        let offset = offsets.call
        let dtx = dtxTimeline(seed: seed, trial: trial, duration: T)
        let sigmaS = scene.propagation.shadowingDB
        let observers = scene.observers
        // Per-observer state drawn once per trial.
        var shadow = observers.indices.map { i in meanSNR[i].map { _ in sigmaS * rng.nextGaussian() } }
        let phases = observers.map { o -> Double in
            guard o.kind == .patrol else { return 0 }
            var loop = 0.0
            for i in 0..<o.path.count { loop += o.path[i].distance(to: o.path[(i + 1) % o.path.count]) }
            return loop * rng.nextUnitDouble()
        }
        let scanPhase = observers.map { $0.revisitSeconds * rng.nextUnitDouble() }
        let phone = scene.call.position
        // The static site error of each observer's bearings, per sensor (fixed places) or
        // along the walk (AR(1) in distance for a moving observer).
        var siteBias = observers.indices.map { i in
            meanSNR[i].map { _ in
                let m = observers[i].multipath
                if observers[i].isMoving { return m.geometricDegrees * rng.nextGaussian() }
                return rng.nextUnitDouble() < m.reflectionProbability
                    ? Self.reflectionErrorDegrees(m, &rng) : m.siteDegrees * rng.nextGaussian()
            }
        }
        var lastLookPlace = [RiskScene.Point?](repeating: nil, count: observers.count)

        // 1. First detection by each listening observer (dispatched agents do not listen first).
        var detected = [Double?](repeating: nil, count: observers.count)
        for (i, o) in observers.enumerated() where o.dispatchedBy == nil {
            detected[i] = try firstDetection(
                observer: i,
                o,
                duration: T,
                shadow: &shadow[i],
                offsetDB: offset,
                signallingOffsetDB: offsets.signalling,
                patrolPhase: phases[i],
                scanPhase: scanPhase[i],
                dtx: dtx,
                &rng
            )
        }
        outcome.detectedSeconds = detected.compactMap { $0 }.min()

        // 2. Looks, bearings, fixes and homing, in time order.
        struct Looker {
            var observer: Int
            var next: Double
            var position: RiskScene.Point
            var homing: Bool
        }
        var lookers: [Looker] = []
        for (i, o) in observers.enumerated() where o.directionFinding || o.kind == .homing {
            let start: Double?
            if let from = o.dispatchedBy, let j = observers.firstIndex(where: { $0.name == from }) {
                // Alerted before the call (by its signalling), the agent is ready when it starts.
                var delay =
                    o.reactionSpread > 0
                    ? o.reactionSeconds * exp(o.reactionSpread * rng.nextGaussian()) : o.reactionSeconds
                // Still out after a false alarm? Drawn from a stream of its own.
                if let chases = o.falseAlarms {
                    var chaseRNG = SeededGenerator(
                        seed: (seed ^ 0xFA15_E0C4_A5E5_0000) &+ trial &* 0x9FB2_1C65_1E98_DF25 &+ UInt64(i)
                    )
                    delay += chases.delaySeconds(&chaseRNG)
                }
                start = detected[j].map { max($0 + delay, 0) }
            } else {
                start = detected[i].map { max($0, 0) }
            }
            guard let s = start, s < T else { continue }
            let origin: RiskScene.Point
            if let start = o.startPosition {
                origin = start
            } else if let from = o.dispatchedBy, let j = observers.firstIndex(where: { $0.name == from }) {
                // From where the dispatcher heard the phone (a patrol's place on its loop).
                let d = observers[j]
                origin =
                    d.kind == .patrol
                    ? Self.patrolPosition(
                        d.path,
                        speed: d.speedMetersPerSecond,
                        phaseMeters: phases[j],
                        at: detected[j] ?? 0
                    )
                    : d.kind == .multiSensor ? d.sensors[0] : d.position
            } else {
                origin = o.position
            }
            lookers.append(Looker(observer: i, next: s, position: origin, homing: o.kind == .homing))
        }
        // Each homing agent's pace this call (a spread of walking speeds across agents).
        let pace = observers.map {
            $0.speedSpread > 0
                ? $0.speedMetersPerSecond * exp($0.speedSpread * rng.nextGaussian()) : $0.speedMetersPerSecond
        }
        // One pooled bearing per fixed place (observer, sensor); every look of a moving
        // observer is its own place.
        var pooled: [Pool] = []
        var poolIndex: [Int: Int] = [:]
        var declared = false
        // When each homing agent came within its stop distance.
        var arrived: [Int: Double] = [:]
        var lastFit: [BearingObservation] = []
        var lastFixPoint: (east: Double, north: Double)?
        while true {
            // The earliest look before the end (the first of equal ones).
            var next: Int?
            for i in lookers.indices where lookers[i].next < T && (next == nil || lookers[i].next < lookers[next!].next)
            {
                next = i
            }
            guard let k = next else { break }
            let t = lookers[k].next
            let o = observers[lookers[k].observer]
            var sensors: [(point: RiskScene.Point, snr: Double)] = []
            switch o.kind {
            case .multiSensor:
                sensors = o.sensors.indices.map {
                    (o.sensors[$0], meanSNR[lookers[k].observer][$0] + shadow[lookers[k].observer][$0] + offset)
                }
            case .patrol:
                let p = Self.patrolPosition(
                    o.path,
                    speed: o.speedMetersPerSecond,
                    phaseMeters: phases[lookers[k].observer],
                    at: t
                )
                sensors = [
                    (
                        p,
                        link.meanSNRdB(device: o.device, at: p, heightMeters: o.heightMeters)
                            + shadow[lookers[k].observer][0] + offset
                    )
                ]
            case .homing:
                let p = lookers[k].position
                sensors = [
                    (
                        p,
                        link.meanSNRdB(device: o.device, at: p, heightMeters: o.heightMeters)
                            + shadow[lookers[k].observer][0] + offset
                    )
                ]
            case .stationary:
                sensors = [(o.position, meanSNR[lookers[k].observer][0] + shadow[lookers[k].observer][0] + offset)]
            }
            var homingBearing: Double?
            let observer = lookers[k].observer
            let moving = o.kind == .patrol || o.kind == .homing
            if moving, let last = lastLookPlace[observer], let here = sensors.first?.point {
                let rho = exp(-here.distance(to: last) / scene.propagation.shadowingDecorrelationMeters)
                siteBias[observer][0] =
                    rho * siteBias[observer][0] + o.multipath.geometricDegrees * (1 - rho * rho).squareRoot()
                    * rng.nextGaussian()
            }
            if moving { lastLookPlace[observer] = sensors.first?.point }
            for (si, s) in sensors.enumerated() {
                let snr = s.snr + fadingDB(&rng)
                if let dtx {
                    guard
                        try firstHeard(
                            snrDB: snr,
                            from: t,
                            to: min(T, t + o.lookSeconds),
                            observer: observer,
                            dtx,
                            &rng
                        )
                            != nil
                    else { continue }
                } else {
                    let n = Self.bursts(from: t, to: min(T, t + o.lookSeconds))
                    guard try firstDetected(snrDB: snr, bursts: n, observer: observer, &rng) != nil else { continue }
                }
                let truth = s.point.azimuthDegrees(to: phone)
                // A still receiver's multipath error is all in its site bias (a reflection
                // place included); a moving one's changes from look to look.
                let m = o.multipath
                let azimuth: Double
                if moving && m.lookReflectionProbability > 0 && rng.nextUnitDouble() < m.lookReflectionProbability {
                    azimuth = truth + Self.reflectionErrorDegrees(m, &rng)
                } else {
                    let error = try bearingErrorDegrees(
                        snrDB: snr,
                        floor: o.calibrationDegrees,
                        truthDegrees: truth,
                        &rng
                    )
                    let fluctuation = moving ? m.fluctuationDegrees * rng.nextGaussian() : 0
                    azimuth = truth + error + fluctuation + siteBias[observer][si]
                }
                let fluctuationVariance = moving ? m.fluctuationDegrees * m.fluctuationDegrees : 0
                let sigma =
                    (pow(model.bearingSigmaDegrees(snrDB: snr), 2) + o.calibrationDegrees * o.calibrationDegrees
                    + fluctuationVariance).squareRoot()
                outcome.bearings += 1
                if outcome.firstBearingSeconds == nil { outcome.firstBearingSeconds = t + o.lookSeconds }
                if lookers[k].homing { homingBearing = azimuth }
                if o.directionFinding {
                    // A fixed sensor pools all its looks; a moving observer pools the looks
                    // within two decorrelation distances of where the pool began (its site
                    // error is the same there: ρ ≥ e⁻² between pools' neighbours is left).
                    let key = observer * 4096 + si
                    if let j = poolIndex[key],
                        !moving
                            || pooled[j].origin.distance(to: s.point)
                                <= 2 * scene.propagation.shadowingDecorrelationMeters
                    {
                        pooled[j].add(azimuthDegrees: azimuth, sigmaDegrees: max(sigma, 0.1), at: s.point)
                    } else {
                        poolIndex[key] = pooled.count
                        pooled.append(
                            Pool(
                                place: s.point,
                                azimuthDegrees: azimuth,
                                sigmaDegrees: max(sigma, 0.1),
                                siteDegrees: moving ? m.geometricDegrees : m.siteDegrees
                            )
                        )
                    }
                }
            }
            // A fix from bearings taken at two or more places, declared when its 95 % ellipse
            // fits within the radius and can be trusted (its major sigma at most a tenth of
            // the range: beyond, the linearised ellipse claims more than it holds); then
            // right (located) or wrong (misled).
            // Only bearings that tell the fix something new are refitted (`FixNews`), from
            // the last fix.
            var fix: PositionFix?
            if !declared, pooled.count >= 2, let first = pooled.first?.place,
                pooled.contains(where: { $0.place.distance(to: first) > 1 })
            {
                let bearings = pooled.map(\.bearing)
                if refitEveryLook || FixNews.isNews(bearings, since: lastFit, fix: lastFixPoint) {
                    lastFit = bearings
                    fix = try? BearingLocalizer.fix(bearings, method: .ml, from: lastFixPoint)
                    if let f = fix { lastFixPoint = (f.eastMeters, f.northMeters) }
                }
            }
            if let fix, fix.ellipse95.majorMeters <= scene.locatedWithinMeters,
                fix.majorSigmaPerRange(sensors: pooled.map { ($0.place.eastMeters, $0.place.northMeters) })
                    <= PositionFix.linearLimit
            {
                declared = true
                let miss = RiskScene.Point(eastMeters: fix.eastMeters, northMeters: fix.northMeters).distance(to: phone)
                if miss <= scene.locatedWithinMeters {
                    outcome.locatedSeconds = t + o.lookSeconds
                } else {
                    outcome.misledSeconds = t + o.lookSeconds
                }
            }
            // The homing agent walks along its bearing until the next look.
            if lookers[k].homing, arrived[observer] == nil {
                let p = lookers[k].position
                if p.distance(to: phone) <= o.stopMeters {
                    arrived[observer] = t
                } else if let az = homingBearing {
                    let h = az * .pi / 180
                    // On a street grid the way along a heading is longer than the heading.
                    let detour =
                        o.detourFactor
                        ?? o.streetGridDegrees.map { g in
                            abs(sin(h - g * .pi / 180)) + abs(cos(h - g * .pi / 180))
                        } ?? 1
                    let speed = pace[lookers[k].observer] / detour
                    let step = speed * o.lookIntervalSeconds
                    if let s = HomingAgent.stopDistance(
                        east: p.eastMeters - phone.eastMeters,
                        north: p.northMeters - phone.northMeters,
                        heading: h,
                        legMeters: step,
                        stopMeters: o.stopMeters
                    ) {
                        arrived[observer] = t + s / speed
                    }
                    lookers[k].position = .init(
                        eastMeters: p.eastMeters + step * sin(h),
                        northMeters: p.northMeters + step * cos(h)
                    )
                }
            }
            lookers[k].next = t + o.lookIntervalSeconds
            if declared && lookers.allSatisfy({ !$0.homing || arrived[$0.observer] != nil }) { break }
        }
        // Near the door each agent still has to find it; the first to knock counts.
        for (i, a) in arrived.sorted(by: { $0.key < $1.key }) {
            var door: Double? = a
            if let search = observers[i].search {
                door =
                    rng.nextUnitDouble() < search.failureProbability
                    ? nil : a + search.medianSeconds * exp(search.spread * rng.nextGaussian())
            }
            guard let d = door, d <= T else { continue }
            outcome.agentArrivedSeconds = min(outcome.agentArrivedSeconds ?? d, d)
            // An agent at the door has located the phone to within its stop distance.
            if observers[i].stopMeters <= scene.locatedWithinMeters {
                outcome.locatedSeconds = min(outcome.locatedSeconds ?? d, d)
            }
        }
        if let l = outcome.locatedSeconds, l > T { outcome.locatedSeconds = nil }
        if let m = outcome.misledSeconds, m > T { outcome.misledSeconds = nil }
        if let b = outcome.firstBearingSeconds, b > T { outcome.firstBearingSeconds = nil }
        return outcome
    }

    /// The first detection time of observer `i` over the signalling before the call and the
    /// call itself, block by block.
    func firstDetection(
        observer i: Int,
        _ o: RiskScene.Observer,
        duration T: Double,
        shadow: inout [Double],
        offsetDB: Double,
        signallingOffsetDB: Double,
        patrolPhase: Double,
        scanPhase: Double,
        dtx: DTXTimeline?,
        _ rng: inout SeededGenerator
    ) throws -> Double? {
        // Signalling transactions before the call, in time order: at power-on and every
        // T3212, and the call's set-up when modelled; each `signallingBursts` bursts within
        // one coherence time, at MS_TXPWR_MAX_CCH.
        let call = scene.call
        var events: [Double] = []
        if call.onBeforeCallSeconds > 0 {
            var t = -call.onBeforeCallSeconds
            while t < 0 {
                events.append(t)
                t += call.locationUpdateIntervalSeconds
            }
        }
        if let setup = call.setupSeconds, setup > 0 {
            events.append(-setup)
            events.sort()
        }
        for t in events {
            for (s, base) in meanSNR[i].enumerated() {
                let snr = base + signallingOffsetDB + shadow[s] + fadingDB(&rng)
                let heard = listened(call.signallingBursts, at: t, o, scanPhase)
                if try firstDetected(snrDB: snr, bursts: heard, observer: i, &rng) != nil {
                    return t
                }
            }
        }
        let tc = coherenceSeconds
        let rho =
            o.kind == .patrol ? exp(-o.speedMetersPerSecond * tc / scene.propagation.shadowingDecorrelationMeters) : 1
        let innovation = scene.propagation.shadowingDB * (1 - rho * rho).squareRoot()
        var a = 0.0
        while a < T {
            let b = min(T, a + tc)
            for (s, base) in meanSNR[i].enumerated() {
                var mean = base
                if o.kind == .patrol {
                    let p = Self.patrolPosition(
                        o.path,
                        speed: o.speedMetersPerSecond,
                        phaseMeters: patrolPhase,
                        at: (a + b) / 2
                    )
                    mean = link.meanSNRdB(device: o.device, at: p, heightMeters: o.heightMeters)
                    shadow[s] = rho * shadow[s] + innovation * rng.nextGaussian()
                }
                let snr = mean + offsetDB + shadow[s] + fadingDB(&rng)
                if let hit = try firstHeard(snrDB: snr, from: a, to: b, observer: i, o, scanPhase, dtx, &rng) {
                    return hit
                }
            }
            a = b
        }
        return nil
    }

    /// Bursts a scanning receiver hears of `n` sent back to back from t (all when it does not scan).
    func listened(_ n: Int, at t: Double, _ o: RiskScene.Observer, _ phase: Double) -> Int {
        guard o.dwellSeconds < o.revisitSeconds else { return n }
        let inCycle = (t + phase).truncatingRemainder(dividingBy: o.revisitSeconds)
        let within = inCycle < 0 ? inCycle + o.revisitSeconds : inCycle
        return within < o.dwellSeconds ? n : 0
    }

    /// The time of the first detected burst in [a, b) under DTX: the bursts sent while
    /// talking drawn with the train's Pd, those of the pauses with the pause table's
    /// (``MeasurementModel/pausePd(snrDB:)``), the earlier detection kept. The IQ fidelity
    /// runs its pipeline on both as on a train.
    func firstHeard(
        snrDB snr: Double,
        from a: Double,
        to b: Double,
        observer i: Int,
        _ dtx: DTXTimeline,
        _ rng: inout SeededGenerator
    ) throws -> Double? {
        let f0 = max(0, Self.frameIndex(a))
        let f1 = max(0, Self.frameIndex(b))
        let c = dtx.counts(frames: f0, f1)
        var best: Int?
        if let k = try firstDetected(snrDB: snr, bursts: c.talking, observer: i, &rng) {
            best = dtx.frame(ofBurst: k, from: f0, before: f1, talking: true)
        }
        let shift = fidelity == .measurement ? pauseShiftDB(snr) : 0
        if let k = try firstDetected(snrDB: snr + shift, bursts: c.pause, observer: i, &rng),
            let f = dtx.frame(ofBurst: k, from: f0, before: f1, talking: false)
        {
            best = min(best ?? f, f)
        }
        return best.map { Double($0) * Self.frameSeconds }
    }

    /// The SNR shift that makes the train's table give the pause table's Pd at `snr`, so that
    /// a pause burst goes through the same look logic (integration, the IQ level) as a train's.
    func pauseShiftDB(_ snr: Double) -> Double {
        let target = model.pausePd(snrDB: snr)
        guard let needed = model.requiredSNRdB(pd: target) else { return 0 }
        return needed - snr
    }

    /// The time of the first detected burst in [a, b) for a listener that may scan.
    func firstHeard(
        snrDB snr: Double,
        from a: Double,
        to b: Double,
        observer i: Int,
        _ o: RiskScene.Observer,
        _ phase: Double,
        _ dtx: DTXTimeline?,
        _ rng: inout SeededGenerator
    ) throws -> Double? {
        if o.dwellSeconds >= o.revisitSeconds {
            if let dtx { return try firstHeard(snrDB: snr, from: a, to: b, observer: i, dtx, &rng) }
            let n = Self.bursts(from: a, to: b)
            guard let k = try firstDetected(snrDB: snr, bursts: n, observer: i, &rng) else { return nil }
            return Self.time(ofBurst: k, from: a)
        }
        // Dwell windows [j·R − phase, j·R − phase + D) that meet [a, b).
        let r = o.revisitSeconds
        var j = floor((a + phase) / r)
        while true {
            let ws = j * r - phase
            let we = ws + o.dwellSeconds
            if ws >= b { return nil }
            let lo = max(a, ws)
            let hi = min(b, we)
            if hi > lo {
                if let dtx {
                    if let t = try firstHeard(snrDB: snr, from: lo, to: hi, observer: i, dtx, &rng) { return t }
                } else if let k = try firstDetected(
                    snrDB: snr,
                    bursts: Self.bursts(from: lo, to: hi),
                    observer: i,
                    &rng
                ) {
                    return Self.time(ofBurst: k, from: lo)
                }
            }
            j += 1
        }
    }
}

/// The looks from one place pooled into one bearing: the inverse-variance mean of their
/// azimuths (unwrapped about the first) from the centroid of the places they were taken at,
/// with the variance of that mean plus the site error's, which every look from the place
/// shares. With three or more looks, a look more than 3σ from their median is left out (a
/// bearing on a reflection, as an operator drops the odd one out); one or two looks cannot
/// tell.
struct Pool: Sendable {
    /// Where the first look was taken.
    var origin: RiskScene.Point
    var reference: Double
    var offsets: [Double] = []
    var sigmas: [Double] = []
    /// `offsets` in ascending order, for their median.
    var sortedOffsets: [Double] = []
    var siteDegrees: Double { didSet { bearing = pooledBearing() } }
    var eastSum = 0.0
    var northSum = 0.0
    /// The pooled bearing, kept up to date by `add` (a fix asks for it after every look).
    private(set) var bearing: BearingObservation

    init(place: RiskScene.Point, azimuthDegrees: Double, sigmaDegrees: Double, siteDegrees: Double) {
        origin = place
        reference = azimuthDegrees
        self.siteDegrees = siteDegrees
        bearing = BearingObservation(eastMeters: 0, northMeters: 0, azimuthDegrees: 0, sigmaDegrees: 1)
        add(azimuthDegrees: azimuthDegrees, sigmaDegrees: sigmaDegrees, at: place)
    }

    mutating func add(azimuthDegrees: Double, sigmaDegrees: Double, at place: RiskScene.Point? = nil) {
        let offset = remainder(azimuthDegrees - reference, 360)
        offsets.append(offset)
        sigmas.append(sigmaDegrees)
        var i = sortedOffsets.endIndex
        while i > 0 && sortedOffsets[i - 1] > offset { i -= 1 }
        sortedOffsets.insert(offset, at: i)
        let p = place ?? origin
        eastSum += p.eastMeters
        northSum += p.northMeters
        bearing = pooledBearing()
    }

    /// The centroid of the looks' places.
    var place: RiskScene.Point {
        .init(eastMeters: eastSum / Double(offsets.count), northMeters: northSum / Double(offsets.count))
    }

    private func pooledBearing() -> BearingObservation {
        let median = offsets.count >= 3 ? Statistics.median(sorted: sortedOffsets) : .nan
        var weightedOffset = 0.0
        var weight = 0.0
        for (x, sigma) in zip(offsets, sigmas) where !(abs(x - median) > 3 * sigma) {
            let w = 1 / (sigma * sigma)
            weightedOffset += w * x
            weight += w
        }
        let p = place
        return BearingObservation(
            eastMeters: p.eastMeters,
            northMeters: p.northMeters,
            azimuthDegrees: reference + weightedOffset / weight,
            sigmaDegrees: (1 / weight + siteDegrees * siteDegrees).squareRoot()
        )
    }
}

/// Whether pooled bearings tell a fix anything the last fit did not know: a new place, or a
/// place whose bearing has moved (or turned, by the place's move) by at least
/// `azimuthFraction` of its sigma or whose
/// information (1/σ²) has grown by at least `informationGrowth` since. Below that, the fix
/// would move by a few hundredths of its own sigma and its ellipse shrink by under 1 %, so
/// refitting is skipped; the drift is measured from the last fit, so it adds up and is
/// never lost.
struct FixNews: Sendable {
    static let azimuthFraction = 0.05
    static let informationGrowth = 1.02

    /// `fix`: the last fix, from which a place's move (a moving observer's pool gains a look
    /// a few metres on) is judged: it turns the bearing line by the move across the line
    /// over the range, news when that is `azimuthFraction` of the sigma.
    static func isNews(
        _ now: [BearingObservation],
        since last: [BearingObservation],
        fix: (east: Double, north: Double)?
    ) -> Bool {
        guard now.count == last.count else { return true }
        for (a, b) in zip(now, last) {
            if a.eastMeters != b.eastMeters || a.northMeters != b.northMeters {
                guard let fix else { return true }
                let de = fix.east - a.eastMeters
                let dn = fix.north - a.northMeters
                let range = (de * de + dn * dn).squareRoot()
                let across =
                    abs((a.eastMeters - b.eastMeters) * dn - (a.northMeters - b.northMeters) * de) / max(range, 1)
                if across > azimuthFraction * a.sigmaDegrees * .pi / 180 * range { return true }
            }
            if abs(remainder(a.azimuthDegrees - b.azimuthDegrees, 360)) > azimuthFraction * a.sigmaDegrees {
                return true
            }
            if b.sigmaDegrees * b.sigmaDegrees > informationGrowth * a.sigmaDegrees * a.sigmaDegrees { return true }
        }
        return false
    }
}
