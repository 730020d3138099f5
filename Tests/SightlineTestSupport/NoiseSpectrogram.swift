import Numerics
import Sightline

/// Spectrogram rows of complex Gaussian noise (Hann, no overlap), as the detectors see them.
public enum NoiseSpectrogram {
    /// Streams `frames` frames of `nfft` seeded noise samples through the spectral loop,
    /// handing every batch of rows to `rows`.
    public static func feed(
        nfft: Int,
        frames: Int,
        seed: UInt64,
        rows: @escaping (UnsafeBufferPointer<Float>) -> Void
    ) throws {
        var rng = SeededGenerator(seed: seed)
        let loop = try SpectralLoop(
            configuration: SpectralConfiguration(
                nfft: nfft,
                overlapSamples: 0,
                window: .hann,
                sampleRateHz: 1,
                threads: 1
            )
        ) { _, batch in rows(batch) }
        var block = [Complex<Float>](repeating: .zero, count: nfft * 1000)
        for _ in 0..<(frames / 1000) {
            block.withUnsafeMutableBufferPointer { GaussianNoise.shared.fill($0, power: 1, &rng) }
            block.withUnsafeBufferPointer { loop.append($0) }
        }
        _ = try loop.finish()
    }
}
