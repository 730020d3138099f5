import Numerics

/// One-shot complex transforms of any size, for callers that are not in a hot loop.
/// Hot loops take an ``FFTPlan`` from ``FFTPlanCache`` once and execute it per frame.
public enum FFT {
    /// The forward DFT X[k] = Σₙ x[n]·e^(−2πi·kn/N), unnormalised.
    ///
    /// Error: FFTW's single-precision transforms have RMS relative error of order
    /// ε·√(log₂N) with ε = 2⁻²⁴ (see FFTW's accuracy benchmarks); the tests hold it to
    /// 1e-5·‖x‖ per bin against a double-precision DFT.
    public static func forward(_ x: [Complex<Float>], rigor: FFTRigor = .estimate) -> [Complex<Float>] {
        transform(x, direction: .forward, rigor: rigor)
    }

    /// The inverse DFT x[n] = (1/N)·Σₖ X[k]·e^(+2πi·kn/N), normalised so that
    /// `inverse(forward(x)) ≈ x`.
    public static func inverse(_ x: [Complex<Float>], rigor: FFTRigor = .estimate) -> [Complex<Float>] {
        let scale = Float(1) / Float(max(1, x.count))
        return transform(x, direction: .inverse, rigor: rigor).map { Complex($0.real * scale, $0.imaginary * scale) }
    }

    static func transform(_ x: [Complex<Float>], direction: FFTDirection, rigor: FFTRigor) -> [Complex<Float>] {
        guard !x.isEmpty else { return [] }
        let input = AlignedBuffer<Complex<Float>>(count: x.count)
        let output = AlignedBuffer<Complex<Float>>(count: x.count)
        _ = x.withUnsafeBufferPointer { input.buffer.update(fromContentsOf: $0) }
        let plan = FFTPlanCache.shared.plan(for: FFTShape(size: x.count, direction: direction), rigor: rigor)
        plan.execute(input: input.baseAddress, output: output.baseAddress)
        return output.toArray()
    }
}
