import Foundation
import SightlineDSP
import SightlineTestSupport
import Testing

@Suite struct WindowTests {
    /// Every window at lengths 16, 255 and 1024, periodic and symmetric, against
    /// scipy.signal.get_window (Tests/Fixtures/windows.json). Both sides compute in double
    /// precision, so 1e-12 allows only rounding.
    @Test func matchScipyGetWindow() throws {
        let cases = try Fixtures.jsonArray("windows.json")
        #expect(cases.count == 42)
        for c in cases {
            let name = c["name"] as! String
            let length = c["length"] as! Int
            let periodic = c["periodic"] as! Bool
            let kind = try #require(WindowKind(name: name))
            let w = Window(kind, length: length, periodic: periodic)
            let reference = c["values"] as! [Double]
            let worst = zip(w.values, reference).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-12, "\(name) \(length) periodic=\(periodic)")
            #expect(abs(w.coherentGain - (c["coherent_gain"] as! Double)) < 1e-12)
            #expect(abs(w.equivalentNoiseBandwidthBins / (c["enbw_bins"] as! Double) - 1) < 1e-12)
        }
    }

    /// Closed-form figures (Harris 1978, Table I): Hann CG 0.5, ENBW 1.5 bins; Hamming CG
    /// 0.54, ENBW 1.36 bins; rectangular 1 and 1. Periodic windows hit them exactly.
    @Test func harrisTableFigures() {
        let hann = Window(.hann, length: 4096)
        #expect(abs(hann.coherentGain - 0.5) < 1e-12)
        #expect(abs(hann.equivalentNoiseBandwidthBins - 1.5) < 1e-12)
        let hamming = Window(.hamming, length: 4096)
        #expect(abs(hamming.coherentGain - 0.54) < 1e-12)
        #expect(abs(hamming.equivalentNoiseBandwidthBins - 1.3628) < 1e-4)
        let rect = Window(.rectangular, length: 17)
        #expect(rect.coherentGain == 1 && rect.equivalentNoiseBandwidthBins == 1)
    }

    @Test func parsesNames() {
        #expect(WindowKind(name: "Hann") == .hann)
        #expect(WindowKind(name: "kaiser:8.6") == .kaiser(beta: 8.6))
        #expect(WindowKind(name: "blackman-harris") == .blackmanHarris)
        #expect(WindowKind(name: "kaiser:-1") == nil)
        #expect(WindowKind(name: "kaiser:") == nil)
        #expect(WindowKind(name: "triangle") == nil)
    }

    /// The frequency-domain kernel reproduces the time-domain window: applying it to the DFT
    /// of a unit impulse train… simplest: the kernel's inverse DFT is the window.
    @Test func frequencyKernelIsTheWindowsSpectrum() {
        for kind in [WindowKind.hann, .hamming, .blackman, .blackmanHarris, .flatTop] {
            let n = 64
            let w = Window(kind, length: n)
            let kernel = w.frequencyDomainKernel!
            let k = (kernel.count - 1) / 2
            // w[n] = Σ_j c[j]·e^(−2πi·jn/N) for the convolution Y[m] = Σ_j c[j]·X[m+j].
            for t in 0..<n {
                var v = 0.0
                for (i, c) in kernel.enumerated() {
                    v += c * cos(2 * Double.pi * Double((i - k) * t) / Double(n))
                }
                #expect(abs(v - w.values[t]) < 1e-12, "\(kind) n=\(t)")
            }
        }
        #expect(Window(.kaiser(beta: 5), length: 64).frequencyDomainKernel == nil)
        #expect(Window(.hann, length: 64, periodic: false).frequencyDomainKernel == nil)
    }
}
