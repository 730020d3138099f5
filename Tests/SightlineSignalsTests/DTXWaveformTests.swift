import Foundation
import Numerics
import SightlineCore
import SightlineRF
import SightlineSignals
import SightlineTestSupport
import Testing

/// Issue 21: DTX in the IQ scenes — a gsm-uplink with `dtx:` sends only the frames its
/// timeline sends (TS 45.008 §8.3), in its samples and its annotations alike.
@Suite struct DTXWaveformTests {
    static let scene = """
        description: discontinuous transmission
        sample_rate_hz: 2000000
        center_frequency_hz: 902400000
        duration_s: 6
        seed: 31
        receiver: {position: {east_m: 0, north_m: 0, up_m: 3}, noise: false}
        sources:
          - id: phone
            waveform: {type: gsm-uplink, arfcn: 62, timeslot: 0DTX}
            snr_db: 20
        """

    /// The annotated bursts are exactly the sent frames: a pause leaves its SACCH and SID
    /// frames (12 in each 104, consecutive SID runs of 8), talking leaves all but the idle
    /// frame; over 6 s the share is between the two.
    @Test func annotationsFollowTheSchedule() throws {
        let plain = try SceneSynthesizer(
            scene: try SceneFile.parse(Self.scene.replacingOccurrences(of: "DTX", with: ""), path: "p.yaml"),
            seed: 31
        )
        let dtx = try SceneSynthesizer(
            scene: try SceneFile.parse(Self.scene.replacingOccurrences(of: "DTX", with: ", dtx: {}"), path: "d.yaml"),
            seed: 31
        )
        let all = plain.annotations().compactMap { $0.truth["frame_number"].map(Int.init) }
        let sent = dtx.annotations().compactMap { $0.truth["frame_number"].map(Int.init) }
        #expect(all.count > 1200)
        let share = Double(sent.count) / Double(all.count)
        #expect(share > 12.0 / 104 && share < 25.0 / 26, "\(share)")
        // Every 104-frame window holds at least the 12 pause bursts, which sit at fixed
        // places of the multiframe: the SID run of 8 consecutive frames shows up in every
        // window that is all pause.
        let set = Set(sent)
        var pauses = 0
        for w in stride(from: all.first ?? 0, to: (all.last ?? 0) - 104, by: 104) {
            let inWindow = (w..<(w + 104)).filter { set.contains($0) }
            #expect(inWindow.count >= 12, "window at \(w): \(inWindow.count)")
            if inWindow.count == 12 {
                pauses += 1
                let runs = zip(inWindow, inWindow.dropFirst()).filter { $1 == $0 + 1 }.count
                #expect(runs == 7, "a pause window's SID run: \(inWindow)")
            }
        }
        #expect(pauses > 0)
    }

    /// The samples agree with the annotations: a frame that is not sent is silent in the
    /// burst's slot (the scene has no noise), one that is sent carries the burst.
    @Test func samplesAreSilentInUnsentFrames() throws {
        let synth = try SceneSynthesizer(
            scene: try SceneFile.parse(Self.scene.replacingOccurrences(of: "DTX", with: ", dtx: {}"), path: "d.yaml"),
            seed: 31
        )
        let x = synth.renderAll()
        let frames = Set(synth.annotations().compactMap { $0.truth["frame_number"].map(Int.init) })
        let perFrame = GSMChannel.frameSeconds * 2e6
        var silent = 0
        for f in 0..<200 {
            // The middle of timeslot 0's useful part.
            let i = Int((Double(f) * perFrame + 0.3e-3 * 2e6).rounded())
            let level = x[i].length
            if frames.contains(f) {
                #expect(level > 0.1, "frame \(f) should be sent")
            } else {
                #expect(level == 0, "frame \(f) should be silent")
                silent += 1
            }
        }
        #expect(silent > 20)
    }
}
