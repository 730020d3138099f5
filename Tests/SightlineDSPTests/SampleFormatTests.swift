import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import Testing

/// Integer input converted inside the windowing pass gives the PSD of the same samples
/// decoded to floats first; raw appends and fills in odd pieces give the whole-append result.
@Suite struct SampleFormatTests {
    /// Raw integer samples (I, Q interleaved) and the same samples as floats.
    static func samples(_ encoding: SampleEncoding, count: Int) -> (raw: [UInt8], floats: [Complex<Float>]) {
        var g = SeededGenerator(seed: 17)
        var raw: [UInt8] = []
        var floats: [Complex<Float>] = []
        let scale = Float(encoding.fullScale)
        for _ in 0..<count {
            var parts: [Float] = []
            for _ in 0..<2 {
                switch encoding {
                case .ci16:
                    let v = Int16(truncatingIfNeeded: Int(g.next() % 20001) - 10000)
                    withUnsafeBytes(of: v.littleEndian) { raw.append(contentsOf: $0) }
                    parts.append(Float(v) / scale)
                case .ci8:
                    let v = Int8(truncatingIfNeeded: Int(g.next() % 255) - 127)
                    raw.append(UInt8(bitPattern: v))
                    parts.append(Float(v) / scale)
                case .cu8:
                    let v = UInt8(truncatingIfNeeded: g.next() % 256)
                    raw.append(v)
                    parts.append((Float(v) - 127.5) / scale)
                case .cf32:
                    let v = Float(Double(g.next() % 20001) / 10000 - 1)
                    withUnsafeBytes(of: v.bitPattern.littleEndian) { raw.append(contentsOf: $0) }
                    parts.append(v)
                }
            }
            floats.append(Complex(parts[0], parts[1]))
        }
        return (raw, floats)
    }

    @Test(arguments: [SampleEncoding.ci16, .ci8, .cu8, .cf32], [1, 2])
    func integerInputMatchesDecodedFloats(encoding: SampleEncoding, threads: Int) throws {
        let (raw, floats) = Self.samples(encoding, count: 70_001)
        let floatConfig = SpectralConfiguration(nfft: 256, overlapSamples: 100, threads: threads)
        var rawConfig = floatConfig
        rawConfig.sampleFormat = SampleFormat(encoding)
        let expected = try Welch.estimate(floats, configuration: floatConfig)
        let loop = try SpectralLoop(configuration: rawConfig, blockFrames: 37)
        raw.withUnsafeBytes { loop.append(raw: $0.baseAddress!, count: floats.count) }
        let got = try loop.finish()
        #expect(got.frameCount == expected.frameCount)
        #expect(got.sampleCount == expected.sampleCount)
        let peak = expected.values.max()!
        for (a, b) in zip(got.values, expected.values) {
            #expect(abs(a - b) <= 1e-5 * peak)
        }
    }

    @Test func fillRawInOddPiecesMatchesOneAppend() throws {
        let (raw, floats) = Self.samples(.ci16, count: 50_000)
        var config = SpectralConfiguration(nfft: 512, overlapSamples: 256, threads: 2)
        config.sampleFormat = SampleFormat(.ci16)
        let whole = try SpectralLoop(configuration: config)
        raw.withUnsafeBytes { whole.append(raw: $0.baseAddress!, count: floats.count) }
        let expected = try whole.finish()

        let pieces = try SpectralLoop(configuration: config, blockFrames: 5)
        var offset = 0
        let sizes = [1, 999, 4096, 17, 3]
        var k = 0
        try raw.withUnsafeBytes { source in
            while offset < floats.count {
                let want = sizes[k % sizes.count]
                k += 1
                try pieces.fillRaw { start, room in
                    let n = min(room, want, floats.count - offset)
                    start.copyMemory(from: source.baseAddress! + 4 * offset, byteCount: 4 * n)
                    offset += n
                    return n
                }
            }
        }
        let got = try pieces.finish()
        #expect(got.frameCount == expected.frameCount)
        let peak = expected.values.max()!
        for (a, b) in zip(got.values, expected.values) { #expect(abs(a - b) <= 1e-6 * peak) }
    }

    @Test func badScaleAndBatchAreErrors() {
        var c = SpectralConfiguration(nfft: 64)
        c.sampleFormat = SampleFormat(.ci16, scale: 0)
        #expect(throws: SightlineError.self) { try c.validate() }
        c.sampleFormat = .cf32
        c.batch = 0
        #expect(throws: SightlineError.self) { try c.validate() }
    }

    @Test(arguments: [1, 3, 8])
    func everyBatchGivesTheSameEstimate(batch: Int) throws {
        let (_, floats) = Self.samples(.cf32, count: 30_000)
        let reference = try Welch.estimate(floats, configuration: SpectralConfiguration(nfft: 128, threads: 1))
        let got = try Welch.estimate(floats, configuration: SpectralConfiguration(nfft: 128, threads: 1, batch: batch))
        let peak = reference.values.max()!
        for (a, b) in zip(got.values, reference.values) { #expect(abs(a - b) <= 1e-5 * peak) }
    }
}

/// The profile's structure and consistency (never its timings).
@Suite struct FFTPathProfileTests {
    static let options = FFTProfileOptions(
        nfftSizes: [64, 256],
        encoding: .ci16,
        threads: 2,
        samples: 1 << 14,
        rounds: 1,
        candidateBatches: [1, 4]
    )

    @Test func sharesSumToOneAndFiguresAreConsistent() throws {
        let doc = try FFTPathProfile.run(Self.options)
        #expect(doc.sizes.map(\.nfft) == [64, 256])
        #expect(doc.parameters.datatype == "ci16")
        #expect(doc.parameters.inputBytes == 4 << 14)
        #expect(doc.fftw.version.hasPrefix("fftw-3"))
        #expect(doc.memoryStreamGBps > 0)
        for s in doc.sizes {
            #expect(s.hop == s.nfft / 2)
            #expect(s.stages.map(\.name) == ["window", "transform", "accumulate", "file_io"])
            #expect(abs(s.stages.map(\.share).reduce(0, +) - 1) < 1e-9)
            #expect(s.stages.allSatisfy { $0.share > 0 && $0.nsPerSample > 0 })
            #expect(s.plan.contains("dft") || s.plan.contains("n1"), "\(s.plan)")
            #expect(s.scaling.map(\.threads) == [1, 2])
            #expect(s.batchTimes.map(\.batch) == [1, 4])
            #expect([1, 4].contains(s.fastestBatch))
            #expect(["read", "mmap"].contains(s.fasterReader))
            // bound = transform + memory pass, as rates: 1/bound = 1/transform + 1/memory.
            let r = s.rates
            #expect(abs(1 / r.bound - (1 / r.transform + 1 / r.memoryPass)) < 1e-9 * (1 / r.bound))
            #expect(abs(s.fractionOfBound - r.loopOneThread / r.bound) < 1e-9 * s.fractionOfBound)
            #expect(abs(s.threadSpeedup - s.scaling[1].msps / s.scaling[0].msps) < 1e-9)
            #expect(abs(r.loop - s.scaling[1].msps) < 1e-9 * r.loop)
        }
        let again = try FFTProfileDocument.decode(Data(try doc.json().utf8), location: "profile")
        #expect(again == doc)
        let table = doc.table()
        #expect(table.contains(doc.fftw.version))
        #expect(table.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("256") })
    }

    @Test(arguments: [
        FFTProfileOptions(nfftSizes: [8]),
        FFTProfileOptions(overlapFraction: 1),
        FFTProfileOptions(threads: 0),
        FFTProfileOptions(nfftSizes: [4096], samples: 1000),
        FFTProfileOptions(rounds: 0),
        FFTProfileOptions(candidateBatches: []),
    ])
    func badOptionsAreErrors(options: FFTProfileOptions) {
        #expect(throws: SightlineError.self) { try options.validate() }
    }
}
