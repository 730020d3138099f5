import Foundation
import Numerics
import SightlineCore
import SightlineDSP
import SightlineRF
import SightlineSignals
import SightlineTestSupport
import Testing

@testable import SightlineDetect

@Suite struct CFARThresholdTests {
    /// CA with single frames: α = N(Pfa^(−1/N) − 1), and Pfa(α) = (1 + α/N)^(−N).
    @Test func cellAveragingClosedForm() {
        for n in [4, 12, 32] {
            for pfa in [1e-3, 1e-6, 1e-12] {
                let a = CFARThreshold.alpha(kind: .ca, pfa: pfa, trainingCells: n, averaged: 1)
                #expect(abs(a - Double(n) * (pow(pfa, -1 / Double(n)) - 1)) < 1e-9 * a)
                let back = CFARThreshold.falseAlarmProbability(kind: .ca, alpha: a, trainingCells: n, averaged: 1)
                #expect(abs(back / pfa - 1) < 1e-9)
            }
        }
        // With K frames averaged the Gamma form inverts too.
        let a = CFARThreshold.alpha(kind: .ca, pfa: 1e-6, trainingCells: 12, averaged: 4)
        #expect(
            abs(CFARThreshold.falseAlarmProbability(kind: .ca, alpha: a, trainingCells: 12, averaged: 4) / 1e-6 - 1)
                < 1e-6
        )
    }

    /// GO and SO (single frames) against Gandhi & Kassam's closed forms (IEEE Trans. AES
    /// 24(4), 1988, n = N/2 per side): Pfa_SO = 2·Σ_{k<n} C(n−1+k, k)(2 + α/n)^(−(n+k)),
    /// Pfa_GO = 2(1 + α/n)^(−n) − Pfa_SO; this checks the numerical integration.
    @Test(arguments: [CFARKind.goca, .soca])
    func greatestAndSmallestOfMatchClosedForms(kind: CFARKind) {
        for n in [8, 16] {
            let half = Double(n / 2)
            for alpha in [2.0, 6.0, 15.0] {
                var so = 0.0
                for k in 0..<(n / 2) {
                    let dk = Double(k)
                    let logBinomial: Double = lgamma(half + dk) - lgamma(dk + 1) - lgamma(half)
                    let logPower: Double = (half + dk) * log(2 + alpha / half)
                    so += exp(logBinomial - logPower)
                }
                so *= 2
                let go = 2 * pow(1 + alpha / half, -half) - so
                let expected = kind == .soca ? so : go
                let got = CFARThreshold.numerically(kind: kind, alpha: alpha, trainingCells: n, averaged: 1, rank: nil)
                #expect(abs(got / expected - 1) < 1e-5, "\(kind) N=\(n) α=\(alpha): \(got) vs \(expected)")
                let closed = CFARThreshold.falseAlarmProbability(
                    kind: kind,
                    alpha: alpha,
                    trainingCells: n,
                    averaged: 1
                )
                #expect(abs(closed / expected - 1) < 1e-12)
            }
        }
    }

    /// OS: α for Pfa 1e−4 satisfies Rohling's product, and the numerical integral used for
    /// Gamma cells (K > 1) reproduces it at K = 1.
    @Test func orderedStatisticRohling() {
        let n = 16
        let k = 12
        let alpha = CFARThreshold.alpha(kind: .os, pfa: 1e-4, trainingCells: n, averaged: 1, rank: k)
        var product = 1.0
        for i in 0..<k { product *= Double(n - i) / (Double(n - i) + alpha) }
        #expect(abs(product / 1e-4 - 1) < 1e-8)
        // The numerical integral (the K > 1 path) agrees with the product at K = 1.
        let numeric = CFARThreshold.numerically(kind: .os, alpha: alpha, trainingCells: n, averaged: 1, rank: k)
        #expect(abs(numeric / 1e-4 - 1) < 1e-4, "\(numeric)")
        // Averaging frames lowers the factor needed.
        #expect(CFARThreshold.alpha(kind: .os, pfa: 1e-4, trainingCells: n, averaged: 4, rank: k) < alpha)
    }
}

@Suite struct CFARFalseAlarmTests {
    /// Feeds rows straight to the detector and counts hits over `cells` cells.
    static func measure(
        kind: CFARKind,
        pfa: Double,
        rows: Int,
        bins: Int = 64,
        stride: Int = 1,
        averaged: Int = 1,
        rowSource: (inout [Float]) -> Void
    ) -> Double {
        var hits = 0
        var cells = 0
        let d = CFARDetector(
            configuration: CFARConfiguration(
                kind: kind,
                pfa: pfa,
                guardBins: 2,
                trainingBins: 8,
                trainingStride: stride,
                averagedFrames: averaged
            ),
            bins: bins,
            onHit: { if $0.strong { hits += 1 } },
            onRowDone: { _ in cells += bins }
        )
        var row = [Float](repeating: 0, count: bins)
        for _ in 0..<rows {
            rowSource(&row)
            row.withUnsafeBufferPointer { d.add(frames: $0) }
        }
        d.finish()
        return Double(hits) / Double(cells)
    }

    /// Exponential cells (square-law noise): the measured false-alarm rate is within ±25 % of
    /// 1e−3 for every kind (2·10⁶ cells: σ of the count is √2000 ≈ 2.2 %, so ±25 % is > 10σ),
    /// and within a factor 2 of 1e−5 (4·10⁶ cells, 40 expected: σ ≈ 16 %).
    @Test(arguments: CFARKind.allCases)
    func falseAlarmRateOnExponentialNoise(kind: CFARKind) {
        var rng = SeededGenerator(seed: 1000 + UInt64(CFARKind.allCases.firstIndex(of: kind)!))
        let exponential: (inout [Float]) -> Void = { row in
            for i in row.indices { row[i] = Float(-log(1 - rng.nextUnitDouble())) }
        }
        let high = Self.measure(kind: kind, pfa: 1e-3, rows: 2_000_000 / 64, rowSource: exponential)
        #expect(abs(high / 1e-3 - 1) < 0.25, "\(kind): \(high)")
        let low = Self.measure(kind: kind, pfa: 1e-5, rows: 4_000_000 / 64, rowSource: exponential)
        #expect(low > 0.5e-5 && low < 2e-5, "\(kind): \(low)")
    }

    /// The real path: spectrogram rows of complex Gaussian noise (Hann, no overlap, two
    /// frames per cell, training bins spaced by 2): Pfa within ±25 % of 1e−3 for every kind.
    @Test(arguments: CFARKind.allCases)
    func falseAlarmRateOnSpectrogramNoise(kind: CFARKind) throws {
        let nfft = 64
        var hits = 0
        var cells = 0
        let d = CFARDetector(
            configuration: CFARConfiguration(
                kind: kind,
                pfa: 1e-3,
                guardBins: 2,
                trainingBins: 8,
                trainingStride: 2,
                averagedFrames: 2
            ),
            bins: nfft,
            onHit: { if $0.strong { hits += 1 } },
            onRowDone: { _ in cells += nfft }
        )
        try NoiseSpectrogram.feed(nfft: nfft, frames: 2 * 16_000, seed: 77) { d.add(frames: $0) }
        d.finish()
        let rate = Double(hits) / Double(cells)
        #expect(abs(rate / 1e-3 - 1) < 0.25, "\(kind): \(rate)")
    }
}
