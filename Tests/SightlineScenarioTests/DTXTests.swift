import Foundation
import SightlineCore
import SightlineSignals
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 21: discontinuous transmission (TS 45.008 §8.3, TS 46.031) in the timed scenes.
@Suite struct DTXTests {
    /// The schedule: talking, 25 bursts in every 26 frames (the idle frame); in silence, the
    /// 4 SACCH and 8 SID frames of every 104 — whatever multiframe phase the call starts on.
    @Test func theScheduleOfOneMultiframe() {
        for phase in [0, 1, 25, 51, 60, 103] {
            let silent = DTXTimeline(talkspurts: [], multiframePhase: phase)
            #expect(silent.bursts(frames: 0, 104) == 12)
            #expect(silent.bursts(frames: 0, 104 * 7) == 84)
            let talking = DTXTimeline(talkspurts: [0..<1000], multiframePhase: phase)
            #expect(talking.bursts(frames: 0, 104) == 100)
            #expect(talking.bursts(frames: 0, 26) == 25)
        }
        // SID in frames 52–59, SACCH in 12, 38, 64, 90; idle 25, 51, 77, 103.
        let sent = (0..<104).filter { DTXSchedule.emits(frame: $0, talking: false) }
        #expect(sent == [12, 38, 52, 53, 54, 55, 56, 57, 58, 59, 64, 90])
        #expect((0..<104).filter { !DTXSchedule.emits(frame: $0, talking: true) } == [25, 51, 77, 103])
    }

    /// A call's burst count over any span is exactly the frame-by-frame count of its
    /// schedule (talking frames in talkspurts, SACCH and SID in pauses): 2 000 random spans
    /// of 50 random calls.
    @Test func countsAreExact() {
        var rng = SeededGenerator(seed: 46_081)
        let schedule = DTXSchedule()
        for _ in 0..<50 {
            let timeline = schedule.timeline(frames: 20_000, &rng)
            for _ in 0..<40 {
                let a = Int(rng.nextUnitDouble() * 19_000)
                let b = a + Int(rng.nextUnitDouble() * 1_000)
                let brute = (a..<b).filter {
                    DTXSchedule.emits(frame: $0 + timeline.multiframePhase, talking: timeline.isTalking($0))
                }.count
                #expect(timeline.bursts(frames: a, b) == brute)
                if brute > 0, let f = timeline.frame(ofBurst: brute - 1, from: a, before: b) {
                    #expect(f >= a && f < b)
                    #expect(timeline.bursts(frames: a, f + 1) == brute)
                }
            }
        }
    }

    /// Over many calls the bursts per frame are the voice activity's share of 25/26 plus the
    /// rest's 12/104: ITU-T P.59's 1.004 s / 1.587 s, activity 0.388, gives 0.4441 per frame.
    /// 400 eight-minute calls hold about 74 000 talkspurts; the share of time talking then has
    /// a standard error near 0.002 (alternating exponential renewal), so 0.01 is 5σ.
    @Test func theLongRunRateFollowsTheActivity() {
        var rng = SeededGenerator(seed: 59)
        let schedule = DTXSchedule()
        #expect(abs(schedule.activity - 0.3875) < 1e-3)
        let frames = Int(480 / DTXSchedule.frameSeconds)
        var sent = 0
        for _ in 0..<400 { sent += schedule.timeline(frames: frames, &rng).bursts(frames: 0, frames) }
        let perFrame = Double(sent) / Double(400 * frames)
        let expected = schedule.activity * 25 / 26 + (1 - schedule.activity) * 12 / 104
        #expect(abs(perFrame - expected) < 0.01, "\(perFrame) against \(expected)")
    }

    /// In a timed scene, DTX leaves fewer bursts to hear: a weak phone is heard less often
    /// in 10 s with DTX than without, and a scene without `dtx:` draws the calls it drew before.
    @Test func aCallWithDTXIsHeardLessWhenWeak() throws {
        func run(_ call: String) throws -> Double {
            let text = """
                name: dtx
                call: {position: {east_m: 0, north_m: 620}, tx_dbm: 33\(call)}
                propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
                observers:
                  - {name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}
                """
            let r = try RiskEngine.run(
                scene: try RiskSceneFile.parse(text, path: "d.yaml"),
                model: try MeasurementModel.standard(),
                durations: [1, 10],
                trials: 2000,
                seed: 8,
                fidelity: .measurement,
                threads: 2
            )
            return r.curve[1].pDetected
        }
        let plain = try run("")
        let dtx = try run(", dtx: {}")
        let quieter = try run(", dtx: {talkspurt_s: 0.5, pause_s: 5}")
        #expect(plain > dtx && dtx > quieter, "\(plain), \(dtx), \(quieter)")
        #expect(plain < 0.99, "the scene is not weak enough to show it: \(plain)")
    }
}

/// The IQ detector on the bursts a pause leaves (SID in 8 consecutive frames, SACCH alone)
/// and on a continuous train at the same per-burst SNR, with seeds the calibration did not
/// use, at the knee of the curve (4.5 dB): 100 windows of one 104-frame multiframe give
/// 1 200 pause bursts (σ ≈ 0.013) and 10 000 train bursts (σ ≈ 0.005). The pipeline finds
/// pause bursts more often (its noise floor is cleaner between them: 0.69 against 0.60 when
/// this was written), which is why the model has a pause table; each measurement must agree
/// with its table within 4σ of the two (the table's 200-odd bursts per point included).
@Suite struct DTXIQTests {
    @Test func pauseBurstsHaveTheirOwnTable() throws {
        let model = try MeasurementModel.standard()
        let table = try #require(model.pauseBurstPd)
        #expect(table.count == model.snrDB.count)
        let pause = (0..<104).filter { DTXSchedule.emits(frame: $0, talking: false) }
        #expect(pause.count == 12)
        var found = 0
        var sent = 0
        var trainFound = 0
        var trainSent = 0
        for w in 0..<100 {
            let hits = try IQLevel.detectedBursts(snrDB: 4.5, emitting: pause, frames: 104, seed: 90_000 + UInt64(w))
            #expect(hits.count == 12)
            found += hits.filter { $0 }.count
            sent += hits.count
            let train = try IQLevel.detectedBursts(snrDB: 4.5, frames: 100, seed: 70_000 + UInt64(w))
            trainFound += train.filter { $0 }.count
            trainSent += train.count
        }
        let pPause = Double(found) / Double(sent)
        let pTrain = Double(trainFound) / Double(trainSent)
        func sigma(_ p: Double, _ n: Int) -> Double { (p * (1 - p) / Double(n)).squareRoot() }
        let gap = (sigma(pPause, sent) * sigma(pPause, sent) + sigma(pTrain, trainSent) * sigma(pTrain, trainSent))
            .squareRoot()
        #expect(pPause - pTrain > 4 * gap, "pause \(pPause) against train \(pTrain)")
        let pauseTable = model.pausePd(snrDB: 4.5)
        let trainTable = model.pd(snrDB: 4.5)
        let pauseBound =
            4
            * (sigma(pPause, sent) * sigma(pPause, sent) + sigma(pauseTable, 204) * sigma(pauseTable, 204))
            .squareRoot()
        let trainBound =
            4
            * (sigma(pTrain, trainSent) * sigma(pTrain, trainSent) + sigma(trainTable, 200) * sigma(trainTable, 200))
            .squareRoot()
        #expect(abs(pPause - pauseTable) < pauseBound, "pause: measured \(pPause), table \(pauseTable)")
        #expect(abs(pTrain - trainTable) < trainBound, "train: measured \(pTrain), table \(trainTable)")
    }
}
