import Benchmark
import Foundation
import Sightline

/// Measurement-level risk engine: simulated 8-minute calls on both cores. One iteration is
/// one `RiskEngine.run` of 1000 calls, so calls per second = 1000 / (wall clock per
/// iteration in s) = 1000 × the reported throughput (iterations/s). The issue's
/// target is ≥ 10⁴ calls/s on two cores for a single stationary observer; the worst case for
/// that observer is a phone it never hears (every coherence block of the call is drawn), so
/// both a marginal link (8 km, detected in about half the calls) and an unheard one (20 km)
/// are timed, and then every timed scene shipped in Signals/scenes.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        maxDuration: .seconds(3),
        maxIterations: 30
    )
    nonisolated(unsafe) var model: MeasurementModel?
    func standardModel() throws -> MeasurementModel {
        if let model { return model }
        let m = try MeasurementModel.standard()
        model = m
        return m
    }
    func single(_ km: Double) throws -> RiskScene {
        try RiskSceneFile.parse(
            """
            name: single stationary observer at \(km) km
            call: {position: {east_m: 0, north_m: \(km * 1000)}, tx_dbm: 33}
            propagation: {shadowing_db: 6, fading: rayleigh, doppler_hz: 1}
            observers: [{name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}]
            """,
            path: "benchmark"
        )
    }
    var scenes: [(String, () throws -> RiskScene)] = [
        ("single stationary observer, 8 km (marginal)", { try single(8) }),
        ("single stationary observer, 20 km (never heard: worst case)", { try single(20) }),
    ]
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Signals/scenes")
    for f in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter({
        $0.hasSuffix("-risk.yaml")
    }).sorted() {
        scenes.append((f, { try RiskSceneFile.read(path: dir.appendingPathComponent(f).path) }))
    }
    for (name, make) in scenes {
        Benchmark("8-minute calls, measurement level: \(name)") { benchmark in
            let m = try standardModel()
            let scene = try make()
            benchmark.startMeasurement()
            for i in benchmark.scaledIterations {
                blackHole(
                    try RiskEngine.run(
                        scene: scene,
                        model: m,
                        durations: [480],
                        trials: 1000,
                        seed: UInt64(i),
                        threads: 2
                    )
                )
            }
            benchmark.stopMeasurement()
        }
    }
}
