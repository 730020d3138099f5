import Foundation
import Testing
@testable import SightlineScenario

@Test func probeCalibration() throws {
    let t0 = Date()
    let m = try MeasurementModel.calibrate()
    print("calibration took \(Date().timeIntervalSince(t0)) s")
    for (s, p) in zip(m.snrDB, m.burstPd) { print("snr \(s) pd \(p)") }
    for (s, r) in zip(m.bearingSNRdB, m.bearingRMSEDegrees) { print("snr \(s) rmse \(r)") }
}
