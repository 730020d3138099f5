import Foundation
import Numerics
import SightlineDSP
import SightlineTestSupport
import Testing

@Suite struct FFTTests {
    /// FFTW's single-precision error grows like ε·√log₂N·‖x‖ (ε = 2⁻²⁴ ≈ 6e-8); 2e-6·‖x‖
    /// per bin is ~30× that at N = 4096 and still far below any error that matters.
    @Test(arguments: [1, 2, 3, 7, 16, 100, 255, 256, 1000, 1024, 4096])
    func forwardMatchesDoublePrecisionDFT(size: Int) {
        let x = testVector(count: size, seed: UInt64(size))
        let fast = FFT.forward(x)
        let reference = naiveDFT(x)
        let norm = x.reduce(0.0) { $0 + Double($1.lengthSquared) }.squareRoot()
        for k in 0..<size {
            let dr = Double(fast[k].real) - reference[k].real
            let di = Double(fast[k].imaginary) - reference[k].imaginary
            #expect((dr * dr + di * di).squareRoot() <= 2e-6 * norm, "bin \(k) of \(size)")
        }
    }

    @Test(arguments: [5, 64, 1536, 16384])
    func inverseUndoesForward(size: Int) {
        let x = testVector(count: size, seed: 99)
        let y = FFT.inverse(FFT.forward(x, rigor: .measure), rigor: .measure)
        for i in 0..<size {
            #expect(abs(y[i].real - x[i].real) < 1e-5 && abs(y[i].imaginary - x[i].imaginary) < 1e-5)
        }
    }

    @Test func inverseMatchesDoublePrecisionDFT() {
        let x = testVector(count: 48, seed: 4)
        let y = FFT.inverse(x)
        let reference = naiveDFT(x, inverse: true)
        for i in 0..<48 {
            #expect(abs(Double(y[i].real) - reference[i].real / 48) < 1e-6)
            #expect(abs(Double(y[i].imaginary) - reference[i].imaginary / 48) < 1e-6)
        }
    }

    /// Planning from many threads at once must serialise inside the cache and give the same
    /// bits as planning alone.
    @Test func concurrentPlanningAndExecutionAgree() async {
        let sizes = [64, 128, 96, 250, 512, 1024, 2048, 320]
        let serial = sizes.map { FFT.forward(testVector(count: $0, seed: UInt64($0))) }
        let parallel = await withTaskGroup(of: (Int, [Complex<Float>]).self) { group in
            for (i, n) in sizes.enumerated() {
                for _ in 0..<4 {
                    group.addTask { (i, FFT.forward(testVector(count: n, seed: UInt64(n)))) }
                }
            }
            var results: [(Int, [Complex<Float>])] = []
            for await r in group { results.append(r) }
            return results
        }
        for (i, spectrum) in parallel {
            #expect(spectrum == serial[i])
        }
    }

    @Test func plansAreCachedPerShape() {
        let shape = FFTShape(size: 384, direction: .forward)
        let a = FFTPlanCache.shared.plan(for: shape, rigor: .estimate)
        let b = FFTPlanCache.shared.plan(for: shape, rigor: .estimate)
        #expect(a === b)
        let c = FFTPlanCache.shared.plan(for: FFTShape(size: 384, direction: .inverse), rigor: .estimate)
        #expect(a !== c)
    }

    @Test func wisdomRoundTrips() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = FFTPlanCache.shared.plan(for: FFTShape(size: 640, direction: .forward), rigor: .measure)
        let path = dir.appendingPathComponent("w.wisdom").path
        FFTWisdom.save(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("fftwf_wisdom"))
        #expect(FFTWisdom.load(from: path))
        #expect(!FFTWisdom.load(from: dir.appendingPathComponent("absent").path))
    }

    @Test func alignedBuffersAre64ByteAligned() {
        for n in [1, 3, 1000] {
            let b = AlignedBuffer<Complex<Float>>(count: n)
            #expect(UInt(bitPattern: b.baseAddress) % 64 == 0)
            #expect(b.toArray().allSatisfy { $0 == .zero })
        }
    }
}
