import Foundation
import SightlineCore
import Testing

@testable import SightlineScenario

/// Issue 21: each device's false alarms per hour, measured on noise.
@Suite struct FalseAlarmTests {
    /// The exact Poisson 95 % upper bounds (Garwood 1936; e.g. Gehrels 1986, Table 1, S = 1.645
    /// column's one-sided 95 %): 2.996, 4.744, 6.296 and 16.96 for 0, 1, 2 and 10 events.
    @Test func poissonUpperBounds() {
        for (n, mu) in [(0, 2.9957), (1, 4.7439), (2, 6.2958), (10, 16.962)] {
            #expect(abs(FalseAlarmCount.poissonUpper95(n) - mu) < 2e-3, "\(n): \(FalseAlarmCount.poissonUpper95(n))")
        }
        let none = FalseAlarmCount(detections: 0, channelHours: 0.5)
        #expect(none.perChannelHour == 0 && abs(none.upper95PerChannelHour - 5.9915) < 4e-3)
    }

    /// The count is real: at a per-cell Pfa of 1e-2 the pipeline does raise detections on
    /// noise, more than at its own 1e-6, and the same seed gives the same count.
    @Test func theDetectorRaisesAlarmsOnNoiseAtAHighPfa() throws {
        let loose = try IQLevel.falseAlarms(seconds: 0.5, seed: 4, pfa: 1e-2)
        let strict = try IQLevel.falseAlarms(seconds: 0.5, seed: 4)
        #expect(loose.detections > 0 && loose.detections > strict.detections, "\(loose) against \(strict)")
        #expect(try IQLevel.falseAlarms(seconds: 0.5, seed: 4, pfa: 1e-2) == loose)
        // 0.5 s over 0.85 × 2 MHz / 200 kHz = 8.5 channels.
        #expect(abs(loose.channelHours - 0.5 * 8.5 / 3600) < 1e-12)
    }

    /// The standard model carries its measurement: 180 s of noise, 0.425 channel-hours.
    @Test func theStandardModelCountsItsFalseAlarms() throws {
        let count = try #require(try MeasurementModel.standard().falseAlarms)
        #expect(abs(count.channelHours - 180 * 8.5 / 3600) < 1e-9)
        #expect(count.upper95PerChannelHour >= FalseAlarmCount.poissonUpper95(0) / count.channelHours - 1e-9)
    }
}
