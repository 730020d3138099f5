import Benchmark
import Sightline

/// FFT sizes 256…16384, the Welch loop and the STFT loop. Throughput is in samples;
/// malloc counts show that the loops do not allocate per frame (they stay flat as the
/// input grows).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    for size in [256, 512, 1024, 2048, 4096, 8192, 16384] {
        Benchmark("FFT forward \(size)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            let input = AlignedBuffer<Complex<Float>>(count: size)
            let output = AlignedBuffer<Complex<Float>>(count: size)
            for i in 0..<size { input[i] = Complex(Float(i % 7), Float(i % 3)) }
            let plan = FFTPlanCache.shared.plan(for: FFTShape(size: size, direction: .forward))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                plan.execute(input: input.baseAddress, output: output.baseAddress)
            }
            blackHole(output[1])
        }
    }

    let samples = 1 << 20
    let data = AlignedBuffer<Complex<Float>>(count: samples)
    var rng = SeededGenerator(seed: 3)
    for i in 0..<samples { data[i] = Complex(Float(rng.nextGaussian()), Float(rng.nextGaussian())) }
    // The closures below run after this one returns: each captures `data` itself so the
    // samples outlive registration.

    for threads in [1, 2] {
        for domain in [WindowDomain.time, .frequency] {
            Benchmark("Welch 1 Msample nfft 1024 hann 50% \(threads) thread(s) window \(domain)") { benchmark in
                let config = SpectralConfiguration(nfft: 1024, sampleRateHz: 1, threads: threads, windowDomain: domain)
                let input = UnsafeBufferPointer(start: UnsafePointer(data.baseAddress), count: samples)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    let loop = try SpectralLoop(configuration: config)
                    loop.append(input)
                    blackHole(try loop.finish().values[0])
                }
                withExtendedLifetime(data) {}
            }
        }
    }

    Benchmark("STFT rows 1 Msample nfft 1024 hann 50% 2 threads") { benchmark in
        let config = SpectralConfiguration(nfft: 1024, sampleRateHz: 1, threads: 2)
        let input = UnsafeBufferPointer(start: UnsafePointer(data.baseAddress), count: samples)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var peak: Float = 0
            let loop = try SpectralLoop(configuration: config) { _, rows in peak = max(peak, rows[0]) }
            loop.append(input)
            _ = try loop.finish()
            blackHole(peak)
        }
        withExtendedLifetime(data) {}
    }
}
