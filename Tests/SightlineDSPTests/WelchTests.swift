import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import SightlineTestSupport
import Testing

struct WelchCase: CustomTestStringConvertible, Sendable {
    let nfft: Int
    let noverlap: Int
    let window: String
    let scaling: String
    let average: String
    let frequencies: [Double]
    let psd: [Double]
    var testDescription: String { "\(window) nfft \(nfft) overlap \(noverlap) \(scaling) \(average)" }

    static func all() -> [WelchCase] {
        guard let root = try? Fixtures.json("welch.json"), let cases = root["cases"] as? [[String: Any]] else {
            return []
        }
        return cases.map { c in
            WelchCase(
                nfft: c["nfft"] as! Int,
                noverlap: c["noverlap"] as! Int,
                window: c["window"] as! String,
                scaling: c["scaling"] as! String,
                average: c["average"] as! String,
                frequencies: c["frequencies_hz"] as! [Double],
                psd: c["psd"] as! [Double]
            )
        }
    }

    func configuration(threads: Int, domain: WindowDomain) -> SpectralConfiguration {
        SpectralConfiguration(
            nfft: nfft,
            overlapSamples: noverlap,
            window: WindowKind(name: window)!,
            scaling: SpectralScaling(rawValue: scaling)!,
            average: SpectralAverage(rawValue: average)!,
            sampleRateHz: 2_000_000,
            threads: threads,
            windowDomain: domain
        )
    }
}

@Suite struct WelchTests {
    static let cases = WelchCase.all()

    @Test func fixturesLoaded() { #expect(Self.cases.count == 10) }

    /// The acceptance bar: ≤ 1e-4 relative error per bin against
    /// scipy.signal.welch(detrend=False, return_onesided=False) after fftshift, on the
    /// committed mixture (Tests/Fixtures/welch.json), for both window domains and for one
    /// and two worker threads.
    @Test(arguments: cases)
    func matchesScipyWelch(_ c: WelchCase) throws {
        let x = try Fixtures.mixture()
        for threads in [1, 2] {
            for domain in [WindowDomain.time, .frequency] {
                let psd = try Welch.estimate(x, configuration: c.configuration(threads: threads, domain: domain))
                let error = maxRelativeError(psd.values, c.psd)
                #expect(error <= 1e-4, "threads \(threads) \(domain): max relative error \(error)")
                #expect(
                    maxRelativeError(psd.frequencyOffsetsHz.map { $0 + 1e-300 }, c.frequencies.map { $0 + 1e-300 })
                        < 1e-12
                )
            }
        }
    }

    /// Feeding the input in ragged blocks through a small internal buffer gives the same
    /// estimate as one block (only the float partial sums' grouping differs).
    @Test func streamingInRaggedBlocksMatchesOneShot() throws {
        let x = try Fixtures.mixture()
        for average in [SpectralAverage.mean, .median] {
            let config = SpectralConfiguration(
                nfft: 256,
                overlapSamples: 100,
                window: .blackman,
                average: average,
                sampleRateHz: 2e6,
                threads: 2
            )
            let whole = try Welch.estimate(x, configuration: config)
            let loop = try SpectralLoop(configuration: config, blockFrames: 3)
            var offset = 0
            var size = 1
            while offset < x.count {
                let n = min(size, x.count - offset)
                x[offset..<offset + n].withUnsafeBufferPointer { loop.append($0) }
                offset += n
                size = (size * 7 + 3) % 5000 + 1
            }
            let streamed = try loop.finish()
            #expect(streamed.frameCount == whole.frameCount)
            #expect(streamed.sampleCount == x.count)
            #expect(maxRelativeError(streamed.values, whole.values) < 1e-5)
        }
    }

    /// Closed form: with `spectrum` scaling a bin-centred tone of power P reads P in its bin
    /// for any window (the scaling divides by (Σw)²), and its mean-square over all bins is
    /// P·ENBW (Parseval).
    @Test(arguments: ["hann", "blackmanharris", "flattop", "kaiser:6", "rectangular"])
    func binCentredToneReadsItsPower(window: String) throws {
        let n = 512
        let bin = 37
        let power = 0.25
        let x = (0..<(8 * n)).map { i in
            let phase = 2 * Double.pi * Double(bin * i) / Double(n)
            return Complex(Float(power.squareRoot() * cos(phase)), Float(power.squareRoot() * sin(phase)))
        }
        let config = SpectralConfiguration(
            nfft: n,
            window: WindowKind(name: window)!,
            scaling: .spectrum,
            sampleRateHz: 1,
            threads: 1
        )
        let psd = try Welch.estimate(x, configuration: config)
        #expect(abs(psd.values[n / 2 + bin] / power - 1) < 1e-5)
        let enbw = Window(WindowKind(name: window)!, length: n).equivalentNoiseBandwidthBins
        #expect(abs(psd.values.reduce(0, +) / (power * enbw) - 1) < 1e-4)
    }

    /// White noise of variance σ² has density σ²/fs at every frequency; the Welch mean over
    /// K frames of χ²₂ periodograms (50 % overlapped Hann frames are nearly independent,
    /// Welch 1967) has relative standard deviation ≈ 1/√K per bin, so the band average over
    /// 1024 bins is within 1 % of σ²/fs.
    @Test func whiteNoiseDensityLevel() throws {
        var rng = SeededGeneratorForTests(seed: 7)
        let sigma2 = 3.0
        let x = (0..<400_000).map { _ in
            Complex(
                Float(rng.gaussian() * (sigma2 / 2).squareRoot()),
                Float(rng.gaussian() * (sigma2 / 2).squareRoot())
            )
        }
        let psd = try Welch.estimate(x, configuration: SpectralConfiguration(nfft: 1024, sampleRateHz: 1e5))
        let mean = psd.values.reduce(0, +) / Double(psd.values.count)
        #expect(abs(mean / (sigma2 / 1e5) - 1) < 0.01)
    }

    /// The median in bounded memory: with a tiny in-memory budget the rows go to a temporary
    /// file and the medians come from radix selection over it; the result must match scipy
    /// (and the in-memory path) for every median fixture, odd and even frame counts alike.
    @Test(arguments: cases.filter { $0.average == "median" })
    func spilledMedianMatchesScipy(_ c: WelchCase) throws {
        let x = try Fixtures.mixture()
        let config = c.configuration(threads: 2, domain: .automatic)
        let loop = try SpectralLoop(configuration: config, blockFrames: 7, medianMemoryBytes: 4 * c.nfft * 5)
        loop.append(x)
        let psd = try loop.finish()
        #expect(maxRelativeError(psd.values, c.psd) <= 1e-4)
        #expect(maxRelativeError(psd.values, try Welch.estimate(x, configuration: config).values) < 1e-12)
    }

    @Test func spilledMedianEvenAndOddCounts() throws {
        // 4 and 5 frames of a ramp: the median is known exactly.
        for frames in [4, 5] {
            let n = 8
            let x = (0..<(n * frames)).map { i in Complex<Float>(Float(1 + i / n), 0) }
            let config = SpectralConfiguration(
                nfft: n,
                overlapSamples: 0,
                window: .rectangular,
                scaling: .spectrum,
                average: .median,
                sampleRateHz: 1,
                threads: 1
            )
            let loop = try SpectralLoop(configuration: config, medianMemoryBytes: 0)
            loop.append(x)
            let psd = try loop.finish()
            // DC bin of frame f is (f+1)²: median of 1,4,9,16 is 6.5; of 1…25 it is 9.
            let expected = (frames == 4 ? 6.5 : 9) / SpectralLoop.medianBias(frames)
            #expect(abs(psd.values[n / 2] - expected) < 1e-9)
        }
    }

    @Test func medianBiasMatchesScipy() {
        // scipy.signal._spectral_py._median_bias(n) for n = 1, 2, 3, 4, 9.
        #expect(SpectralLoop.medianBias(1) == 1)
        #expect(SpectralLoop.medianBias(2) == 1)
        #expect(abs(SpectralLoop.medianBias(3) - (1 + 1.0 / 3 - 0.5)) < 1e-15)
        #expect(abs(SpectralLoop.medianBias(4) - (1 + 1.0 / 3 - 0.5)) < 1e-15)
        #expect(
            abs(SpectralLoop.medianBias(9) - (1 + 1.0 / 3 - 0.5 + 0.2 - 0.25 + 1.0 / 7 - 1.0 / 6 + 1.0 / 9 - 0.125))
                < 1e-15
        )
    }

    @Test func inputShorterThanAFrameIsAnError() throws {
        let loop = try SpectralLoop(configuration: SpectralConfiguration(nfft: 64, sampleRateHz: 1))
        loop.append(testVector(count: 63))
        #expect(
            throws: SightlineError(
                .invalidValue,
                location: "input",
                field: "samples",
                message: "63 samples is shorter than one frame of 64",
                fix: "use a smaller nfft or a longer input"
            )
        ) { try loop.finish() }
    }

    /// Each bad parameter is refused by name.
    @Test func badConfigurationsAreRejected() {
        func refusedField(_ c: SpectralConfiguration) -> String? {
            do {
                try c.validate()
                return nil
            } catch let e as SightlineError {
                return e.field
            } catch {
                return "untyped \(error)"
            }
        }
        #expect(refusedField(SpectralConfiguration(nfft: 1)) == "nfft")
        #expect(refusedField(SpectralConfiguration(nfft: 64, overlapSamples: 64)) == "overlap")
        #expect(refusedField(SpectralConfiguration(nfft: 64, sampleRateHz: 0)) == "sample_rate")
        #expect(refusedField(SpectralConfiguration(nfft: 64, threads: Parallel.maximumThreads + 1)) == "threads")
        #expect(refusedField(SpectralConfiguration(nfft: 64, threads: 0)) == "threads")
        #expect(refusedField(SpectralConfiguration(nfft: 64)) == nil)
    }

    /// The STFT rows equal scipy.signal.spectrogram(mode="psd", detrend=False,
    /// return_onesided=False) after fftshift, frame by frame (Tests/Fixtures/spectrogram.json).
    @Test func spectrogramMatchesScipy() throws {
        let reference = try Fixtures.json("spectrogram.json")
        let nfft = reference["nfft"] as! Int
        let rows = reference["rows"] as! [[Double]]
        let x = try Fixtures.mixture()
        for domain in [WindowDomain.time, .frequency] {
            let config = SpectralConfiguration(
                nfft: nfft,
                overlapSamples: reference["noverlap"] as! Int,
                window: .hann,
                sampleRateHz: 2e6,
                threads: 2,
                windowDomain: domain
            )
            let s = try Spectrogram.compute(x, configuration: config)
            #expect(s.frameCount == config.frameCount(sampleCount: x.count))
            for (f, row) in rows.enumerated() {
                // One frame's bins are exponentially distributed, so a few sit far below the
                // row's mean, where float32 rounding in scipy's transform and ours (absolute
                // ≈ ε·frame energy) dominates: allow 1e-4 relative plus 1e-6 of the row mean.
                let mean = row.reduce(0, +) / Double(nfft)
                for k in 0..<nfft {
                    let ours = Double(s.values[f * nfft + k])
                    #expect(abs(ours - row[k]) <= 1e-4 * row[k] + 1e-6 * mean, "\(domain) frame \(f) bin \(k)")
                }
            }
            #expect(abs(s.frameStartTimesS[1] - Double(config.hop) / 2e6) < 1e-15)
        }
    }

    /// Same input, same configuration: the same bits (reproducibility across runs with two
    /// workers, whose split depends only on the frame count).
    @Test func deterministicWithTwoThreads() throws {
        let x = try Fixtures.mixture()
        let config = SpectralConfiguration(nfft: 128, sampleRateHz: 2e6, threads: 2)
        let a = try Welch.estimate(x, configuration: config).values
        let b = try Welch.estimate(x, configuration: config).values
        #expect(a == b)
    }
}

/// A tiny Gaussian source for tests (Box–Muller over a 64-bit LCG), independent of the
/// library's generator so that the library is not tested against itself.
struct SeededGeneratorForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (Double(state >> 11) + 0.5) * 0x1.0p-53
    }
    mutating func gaussian() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
