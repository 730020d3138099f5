import SightlineCore
import SightlineRF
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CFAR variants: cell-averaging, greatest-of and smallest-of the two half-windows'
/// averages, and ordered-statistic (the k-th smallest training cell).
public enum CFARKind: String, Sendable, CaseIterable {
    case ca, goca, soca, os
}

/// Exact CFAR threshold factors for square-law cells in exponential noise.
///
/// Each cell is the sum of K independent exponential powers (K averaged frames or bins:
/// Gamma(K) statistics); the cell under test (CUT) is declared a detection when it exceeds
/// α times the noise estimate from N training cells. Pfa(α) is exact:
///
/// - CA: the training sum is Gamma(NK), and with r = α/N
///   Pfa = Σ_{i<K} C(NK + i − 1, i)·rⁱ/(1 + r)^{NK+i}; for K = 1 this is (1 + α/N)^(−N),
///   so α = N·(Pfa^(−1/N) − 1) (Finn & Johnson, RCA Review 29, 1968).
/// - GO/SO: each half-window sum is Gamma(nK), n = N/2; their maximum or minimum has
///   density 2F·f or 2(1 − F)·f, and Pfa = ∫ Q(K, αz/n)·f_M(z) dz (Gandhi & Kassam, IEEE
///   Trans. AES 24(4), 1988, generalised to Gamma cells), integrated numerically.
/// - OS: the k-th smallest of N Gamma(K) cells; for K = 1 Pfa = Π_{i<k} (N − i)/(N − i + α)
///   (Rohling, IEEE Trans. AES 19(4), 1983), otherwise integrated numerically.
///
/// α is found by bisection on log α to 1e−10 relative; the numerical integrals (GO/SO and
/// OS with K > 1) use composite Simpson over 6000 intervals in ln z, checked against the
/// closed forms in the tests.
public enum CFARThreshold {
    /// Pfa for threshold factor `alpha`.
    public static func falseAlarmProbability(
        kind: CFARKind,
        alpha: Double,
        trainingCells n: Int,
        averaged k: Int,
        rank: Int? = nil
    ) -> Double {
        let kk = Double(k)
        switch kind {
        case .ca:
            let shape = Double(n) * kk
            let r = alpha / Double(n)
            var total = 0.0
            for i in 0..<k {
                let di = Double(i)
                let logTerm =
                    lgamma(shape + di) - lgamma(di + 1) - lgamma(shape) + di * log(r) - (shape + di) * log1p(r)
                total += exp(logTerm)
            }
            return total
        case .goca, .soca:
            let half = max(1, n / 2)
            if k == 1 {
                // Gandhi & Kassam's closed forms (single frames).
                let h = Double(half)
                var so = 0.0
                for i in 0..<half {
                    let di = Double(i)
                    let logBinomial = lgamma(h + di) - lgamma(di + 1) - lgamma(h)
                    so += exp(logBinomial - (h + di) * log(2 + alpha / h))
                }
                so *= 2
                return kind == .soca ? so : 2 * pow(1 + alpha / h, -h) - so
            }
            return numerically(kind: kind, alpha: alpha, trainingCells: n, averaged: k, rank: rank)
        case .os:
            if k == 1 {
                var p = 1.0
                for i in 0..<(rank ?? defaultRank(n)) { p *= Double(n - i) / (Double(n - i) + alpha) }
                return p
            }
            return numerically(kind: kind, alpha: alpha, trainingCells: n, averaged: k, rank: rank)
        }
    }

    /// The GO/SO/OS false-alarm probability by numerical integration over the noise
    /// estimate's density (used for K > 1; tests check it against the K = 1 closed forms).
    static func numerically(kind: CFARKind, alpha: Double, trainingCells n: Int, averaged k: Int, rank: Int?) -> Double
    {
        let kk = Double(k)
        switch kind {
        case .ca:
            return falseAlarmProbability(kind: .ca, alpha: alpha, trainingCells: n, averaged: k)
        case .goca, .soca:
            let half = max(1, n / 2)
            let shape = Double(half) * kk
            let density = { (z: Double) -> Double in
                let f = exp((shape - 1) * log(z) - z - lgamma(shape))
                let cdf = IncompleteGamma.p(shape, z)
                return 2 * (kind == .goca ? cdf : 1 - cdf) * f
            }
            return integrate(shape: shape) { z in IncompleteGamma.q(kk, alpha * z / Double(half)) * density(z) }
        case .os:
            let rankK = rank ?? defaultRank(n)
            let logCoefficient = lgamma(Double(n) + 1) - lgamma(Double(rankK)) - lgamma(Double(n - rankK) + 1)
            return integrate(shape: kk) { z in
                let f = exp((kk - 1) * log(z) - z - lgamma(kk))
                let (p, q) = IncompleteGamma.pq(kk, z)
                let order =
                    exp(
                        logCoefficient + Double(rankK - 1) * log(max(p, 1e-300)) + Double(n - rankK)
                            * log(max(q, 1e-300))
                    ) * f
                return IncompleteGamma.q(kk, alpha * z) * order
            }
        }
    }

    /// The usual OS rank, k = ⌈3N/4⌉ (Rohling 1983).
    public static func defaultRank(_ n: Int) -> Int { max(1, Int((0.75 * Double(n)).rounded(.up))) }

    /// ∫₀^∞ f(z) dz for an integrand living on a Gamma(shape)-like scale: composite Simpson
    /// in u = ln z from z = 1e−14 to the far tail, so that both the bulk and the region
    /// near 0 (where a large α makes the integrand fall off within a tiny z) are resolved.
    static func integrate(shape: Double, _ f: (Double) -> Double) -> Double {
        let upper = shape + 40 * shape.squareRoot() + 40
        let u0 = log(1e-14)
        let u1 = log(upper)
        let intervals = 6000
        let h = (u1 - u0) / Double(intervals)
        var sum = 0.0
        for i in 0...intervals {
            let u = u0 + Double(i) * h
            let z = exp(u)
            let weight: Double = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += weight * f(z) * z
        }
        return sum * h / 3
    }

    private static let cache = Mutex<[AlphaKey: Double]>([:])
    private struct AlphaKey: Hashable { var kind: CFARKind, pfa: Double, n: Int, k: Int, rank: Int? }

    /// ``alpha(kind:pfa:trainingCells:averaged:rank:)``, remembered for the process: the OS
    /// and GO/SO forms take tens of milliseconds each, and detectors built again and again
    /// (the IQ level's calibration) ask for the same few.
    public static func cachedAlpha(
        kind: CFARKind,
        pfa: Double,
        trainingCells n: Int,
        averaged k: Int,
        rank: Int? = nil
    ) -> Double {
        let key = AlphaKey(kind: kind, pfa: pfa, n: n, k: k, rank: rank)
        if let a = cache.withLock({ $0[key] }) { return a }
        let a = alpha(kind: kind, pfa: pfa, trainingCells: n, averaged: k, rank: rank)
        cache.withLock { $0[key] = a }
        return a
    }

    /// α for `pfa`.
    public static func alpha(
        kind: CFARKind,
        pfa: Double,
        trainingCells n: Int,
        averaged k: Int,
        rank: Int? = nil
    ) -> Double {
        if kind == .ca && k == 1 { return Double(n) * (pow(pfa, -1 / Double(n)) - 1) }
        // Bracket, then the Illinois variant of regula falsi on ln Pfa against ln α (nearly
        // linear there, so a handful of evaluations reach 1e−10 where bisection took ~40),
        // falling back to bisection whenever a step would leave the bracket.
        func f(_ a: Double) -> Double {
            log(max(falseAlarmProbability(kind: kind, alpha: a, trainingCells: n, averaged: k, rank: rank), 1e-300))
                - log(pfa)
        }
        var lo = 1e-8
        var hi = 1.0
        var fHi = f(hi)
        while fHi > 0 {
            lo = hi
            hi *= 4
            if hi > 1e15 { return .infinity }  // unreachable Pfa: never declare a detection
            fHi = f(hi)
        }
        var fLo = f(lo)
        var side = 0
        for _ in 0..<200 {
            let x0 = log(lo)
            let x1 = log(hi)
            var x = fLo - fHi != 0 ? x1 - fHi * (x1 - x0) / (fHi - fLo) : 0.5 * (x0 + x1)
            if !(x > x0 && x < x1) { x = 0.5 * (x0 + x1) }
            let mid = exp(x)
            let fm = f(mid)
            if fm > 0 {
                lo = mid
                fLo = fm
                if side == -1 { fHi /= 2 }
                side = -1
            } else {
                hi = mid
                fHi = fm
                if side == 1 { fLo /= 2 }
                side = 1
            }
            if hi / lo < 1 + 1e-10 || fm == 0 { return fm == 0 ? mid : (lo * hi).squareRoot() }
        }
        return (lo * hi).squareRoot()
    }
}
