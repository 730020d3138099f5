import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Discontinuous transmission on a GSM full-rate speech channel (TCH/FS): while the caller
/// talks the handset sends a burst in every TDMA frame but the idle one; in silence it sends
/// only its SACCH and the SID frames that keep comfort noise going at the far end.
///
/// - The 26-frame multiframe of a TCH/F (TS 45.002 §7, Table 1 of clause 7): frames 0–11
///   and 13–24 traffic, 12 SACCH, 25 idle — 25 bursts in 26 frames while talking.
/// - In silence (TS 45.008 §8.3, TS 46.031 §5.1.2, TS 46.081): the SACCH frames (12, 38,
///   64, 90 of the 104-frame SACCH multiframe) and the SID update, sent in the 8 frames
///   52–59 of each 104 (timeslots 0 and 1) — 12 bursts in 104 frames, one every 40 ms on
///   average, in bunches of 8.
/// - Speech and silence alternate as talkspurts and pauses of exponential length: ITU-T P.59
///   (1993) gives means of 1.004 s and 1.587 s for one side of a conversation (activity
///   0.388); Brady (1969) measured 1.0 s and 1.35 s (0.43). Each call starts in a talkspurt
///   with the activity's probability. The voice activity detector's hangover is part of the
///   talkspurt lengths so measured.
public struct DTXSchedule: Sendable, Equatable {
    /// Mean talkspurt and pause lengths.
    public var talkspurtSeconds: Double
    public var pauseSeconds: Double

    public init(talkspurtSeconds: Double = 1.004, pauseSeconds: Double = 1.587) {
        self.talkspurtSeconds = talkspurtSeconds
        self.pauseSeconds = pauseSeconds
    }

    /// The voice activity factor: the long-run share of time in talkspurts.
    public var activity: Double { talkspurtSeconds / (talkspurtSeconds + pauseSeconds) }

    public static let frameSeconds = 120e-3 / 26

    /// Frames f < `f` of a TCH/F that carry a burst while talking: all but the idle ones (25 mod 26).
    @inline(__always)
    static func talking(before f: Int) -> Int { f - f / 26 }

    /// Frames f < `f` that carry a burst in silence: SACCH (12 mod 26) and SID (52–59 mod 104).
    @inline(__always)
    static func silent(before f: Int) -> Int {
        let q = f / 104
        let r = f - 104 * q
        // Within one 104-frame multiframe, the SACCH frames 12, 38, 64, 90 and SID 52…59.
        var n = 12 * q
        for s in [12, 38, 64, 90] where s < r { n += 1 }
        n += max(0, min(r, 60) - 52)
        return n
    }

    /// Whether frame `f` carries a burst, given whether the caller is talking then.
    public static func emits(frame f: Int, talking: Bool) -> Bool {
        let m = f % 26
        if m == 25 { return false }
        if talking { return true }
        let r = f % 104
        return m == 12 || (52...59).contains(r)
    }

    /// One call's timeline over frames 0 ..< `frames`: its talkspurts and the multiframe
    /// phase it starts on, drawn from `rng`.
    public func timeline(frames: Int, _ rng: inout SeededGenerator) -> DTXTimeline {
        let phase = Int(rng.nextUnitDouble() * 104) % 104
        return DTXTimeline(talkspurts: talkspurts(frames: frames, &rng), multiframePhase: phase)
    }

    /// One call's talkspurts: the frame ranges [start, end) in which the caller talks, over
    /// frames 0 ..< `frames`, drawn from `rng`.
    public func talkspurts(frames: Int, _ rng: inout SeededGenerator) -> [Range<Int>] {
        var spurts: [Range<Int>] = []
        var t = 0.0
        var talking = rng.nextUnitDouble() < activity
        let end = Double(frames) * Self.frameSeconds
        while t < end {
            let mean = talking ? talkspurtSeconds : pauseSeconds
            let length = -mean * log(max(rng.nextUnitDouble(), 1e-300))
            if talking {
                let a = Int((t / Self.frameSeconds).rounded(.up))
                let b = min(frames, Int(((t + length) / Self.frameSeconds).rounded(.up)))
                if b > a { spurts.append(a..<b) }
            }
            t += length
            talking.toggle()
        }
        return spurts
    }
}

/// One call's emissions under DTX: its talkspurts, and the bursts it sends in any time span.
/// Frames are counted from the call's start; `multiframePhase` is the frame number (mod 104)
/// the call starts on, so the SID and SACCH frames do not fall at the same times in every call.
public struct DTXTimeline: Sendable {
    public let talkspurts: [Range<Int>]
    public let multiframePhase: Int

    public init(talkspurts: [Range<Int>], multiframePhase: Int = 0) {
        self.talkspurts = talkspurts
        self.multiframePhase = multiframePhase
    }

    /// The bursts sent in frames [f0, f1): talking frames inside talkspurts, SACCH and SID
    /// frames outside them (exact, in time proportional to the talkspurts it meets).
    public func bursts(frames f0: Int, _ f1: Int) -> Int {
        let c = counts(frames: f0, f1)
        return c.talking + c.pause
    }

    /// The bursts sent in frames [f0, f1) while talking and in pauses.
    public func counts(frames f0: Int, _ f1: Int) -> (talking: Int, pause: Int) {
        guard f1 > f0 else { return (0, 0) }
        let p = multiframePhase
        func silent(_ f: Int) -> Int { DTXSchedule.silent(before: f + p) }
        func talking(_ f: Int) -> Int { DTXSchedule.talking(before: f + p) }
        var n = 0
        var speech = 0
        var cursor = f0
        // The first talkspurt that ends after f0 (binary search), then those that follow.
        var lo = 0
        var hi = talkspurts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if talkspurts[mid].upperBound <= f0 { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < talkspurts.count && talkspurts[i].lowerBound < f1 {
            let a = max(cursor, talkspurts[i].lowerBound)
            let b = min(f1, talkspurts[i].upperBound)
            n += silent(a) - silent(cursor)
            speech += talking(b) - talking(a)
            cursor = b
            i += 1
        }
        n += silent(f1) - silent(cursor)
        return (speech, n)
    }

    /// The frame of the `k`-th burst (0-based) sent from frame `f0` on — of those sent while
    /// talking (`talking: true`), in pauses (`false`) or either (nil) — or nil if fewer than
    /// k + 1 are sent before `f1`.
    public func frame(ofBurst k: Int, from f0: Int, before f1: Int, talking kind: Bool? = nil) -> Int? {
        var seen = 0
        var f = f0
        while f < f1 {
            let talking = isTalking(f)
            if kind == nil || kind == talking, DTXSchedule.emits(frame: f + multiframePhase, talking: talking) {
                if seen == k { return f }
                seen += 1
            }
            f += 1
        }
        return nil
    }

    /// Whether the handset sends a burst in frame `f` (counted from the timeline's start).
    public func sends(frame f: Int) -> Bool {
        f >= 0 && DTXSchedule.emits(frame: f + multiframePhase, talking: isTalking(f))
    }

    /// Whether the caller talks in frame `f`.
    public func isTalking(_ f: Int) -> Bool {
        var lo = 0
        var hi = talkspurts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if talkspurts[mid].upperBound <= f { lo = mid + 1 } else { hi = mid }
        }
        return lo < talkspurts.count && talkspurts[lo].contains(f)
    }
}
