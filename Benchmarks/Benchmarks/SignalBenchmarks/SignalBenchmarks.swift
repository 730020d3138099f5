import Benchmark
import Sightline

/// Generation throughput: complex Gaussian noise (the ziggurat, target ≥ 100 MS/s per core),
/// GSM uplink bursts and the continuous downlink, and a whole scene (C4) rendered block by
/// block. Throughput is in samples (scalingFactor mega: one iteration = 1 Msample).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 1000
    )

    let block = 1 << 16
    let perIteration = 1 << 20

    Benchmark("Complex Gaussian noise 1 Msample (ziggurat)") { benchmark in
        let out = AlignedBuffer<Complex<Float>>(count: block)
        var rng = SeededGenerator(seed: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for _ in 0..<(perIteration / block) { GaussianNoise.shared.fill(out.buffer, power: 1, &rng) }
        }
        blackHole(out[3])
    }

    Benchmark("Complex Gaussian noise 1 Msample (Marsaglia polar, reference)") { benchmark in
        let out = AlignedBuffer<Complex<Float>>(count: block)
        var rng = SeededGenerator(seed: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for _ in 0..<(perIteration / block) {
                for i in 0..<block { out[i] = Complex(Float(rng.nextGaussian()), Float(rng.nextGaussian())) }
            }
        }
        blackHole(out[3])
    }

    for link in [GSMWaveform.Link.uplink, .downlink] {
        Benchmark("GSM \(link.rawValue) GMSK 1 Msample at 2 MS/s") { benchmark in
            let out = AlignedBuffer<Complex<Float>>(count: block)
            var w = GSMWaveform(link: link, timeslot: 3, seed: 1)
            var t = 0.0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<(perIteration / block) {
                    w.render(into: out.buffer, startSeconds: t, intervalSeconds: 5e-7)
                    t += Double(block) * 5e-7
                }
            }
            blackHole(out[3])
        }
    }

    Benchmark("Scene C4 (noise + GSM call + fading) 1 Msample") { benchmark in
        var scene = try SceneFile.parse(BuiltInScenes.railwayStation, path: "c4")
        scene.durationSeconds = 1e6
        let synth = try SceneSynthesizer(scene: scene)
        let out = AlignedBuffer<Complex<Float>>(count: block)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for _ in 0..<(perIteration / block) { blackHole(synth.render(into: out.buffer)) }
        }
    }
}
