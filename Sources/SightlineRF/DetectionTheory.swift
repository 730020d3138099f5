import SightlineCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Incomplete gamma functions, accurate in the far tails (Numerical Recipes §6.2: the
/// series for x < s + 1, Lentz's continued fraction otherwise, so the small side is always
/// computed directly and never as 1 − (something close to 1)).
public enum IncompleteGamma {
    /// The regularised lower P(s, x) and upper Q(s, x) = 1 − P(s, x), computed together.
    public static func pq(_ s: Double, _ x: Double) -> (p: Double, q: Double) {
        precondition(s > 0)
        if x <= 0 { return (0, 1) }
        let logPrefix = s * log(x) - x - lgamma(s)
        if x < s + 1 {
            var term = 1 / s
            var sum = term
            var a = s
            for _ in 0..<100_000 {
                a += 1
                term *= x / a
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            let p = min(1, exp(logPrefix) * sum)
            return (p, 1 - p)
        }
        // Continued fraction for Q (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - s
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        let q = min(1, exp(logPrefix) * h)
        return (1 - q, q)
    }

    public static func q(_ s: Double, _ x: Double) -> Double { pq(s, x).q }
    public static func p(_ s: Double, _ x: Double) -> Double { pq(s, x).p }

    /// x with Q(s, x) = `probability` (bisection in log x; exact to 1e−12 relative).
    public static func inverseQ(_ s: Double, _ probability: Double) -> Double {
        var lo = 1e-300
        var hi = max(10.0, s)
        while q(s, hi) > probability { hi *= 2 }
        for _ in 0..<400 {
            let mid = (lo * hi).squareRoot()
            if q(s, mid) > probability { lo = mid } else { hi = mid }
            if hi / lo < 1 + 1e-13 { break }
        }
        return (lo * hi).squareRoot()
    }
}

/// The energy (square-law) detector for a known-bandwidth, unknown signal: the statistic
/// is the sum of N = time·bandwidth squared complex samples of unit noise power, so under
/// noise alone it is Gamma(N, 1), and with a deterministic signal of per-sample SNR γ it is
/// a scaled non-central χ² with 2N degrees of freedom and non-centrality 2Nγ
/// (H. Urkowitz, "Energy detection of unknown deterministic signals", Proc. IEEE 55(4),
/// 1967). Then Pfa = Q(N, τ) and Pd = Q_N(√(2Nγ), √(2τ)), the generalised Marcum Q
/// function, here summed as a Poisson mixture of gamma tails:
/// Pd = Σₖ e^{−Nγ}(Nγ)^k/k! · Q(N + k, τ). Robust at Pfa down to 1e−12 and below.
public enum EnergyDetector {
    /// The threshold on the sum of N unit-noise powers for `pfa`.
    public static func threshold(pfa: Double, samples n: Double) -> Double {
        IncompleteGamma.inverseQ(n, pfa)
    }

    /// The generalised Marcum Q function Q_M(a, b) for integer-or-real order M ≥ 1.
    public static func marcumQ(order m: Double, a: Double, b: Double) -> Double {
        let lambda = a * a / 2
        let x = b * b / 2
        if lambda == 0 { return IncompleteGamma.q(m, x) }
        guard lambda.isFinite && x.isFinite && m.isFinite else {
            return x.isInfinite ? 0 : 1  // an infinite threshold is never crossed; an infinite signal always
        }
        if lambda > 1e8 {
            // Far beyond any tabulated case the Poisson sum has millions of terms; the
            // non-central χ² (2M degrees, non-centrality 2λ) is then normal to within 1e-4.
            let mean = 2 * m + 2 * lambda
            let sd = (4 * m + 8 * lambda).squareRoot()
            return 0.5 * erfc((2 * x - mean) / sd / 2.0.squareRoot())
        }
        // Poisson weights around the mode, summed until the tail is negligible.
        let mode = lambda.rounded(.down)
        let spread = 12 * lambda.squareRoot() + 30
        let k0 = max(0, mode - spread)
        let k1 = mode + spread
        var total = 0.0
        var k = k0
        while k <= k1 {
            let logWeight = -lambda + k * log(lambda) - lgamma(k + 1)
            if logWeight > -745 { total += exp(logWeight) * IncompleteGamma.q(m + k, x) }
            k += 1
        }
        return min(1, total)
    }

    /// Pd for per-sample SNR `snrDB` over `samples` (= time·bandwidth) at `pfa`.
    public static func detectionProbability(snrDB: Double, pfa: Double, samples n: Double) -> Double {
        let gamma = Decibels.toPowerRatio(snrDB)
        let tau = threshold(pfa: pfa, samples: n)
        return marcumQ(order: n, a: (2 * n * gamma).squareRoot(), b: (2 * tau).squareRoot())
    }

    /// The per-sample SNR (dB) at which Pd reaches `pd` (bisection on the monotone Pd).
    public static func requiredSNRdB(pd: Double, pfa: Double, samples n: Double) -> Double {
        var lo = -60.0
        var hi = 60.0
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if detectionProbability(snrDB: mid, pfa: pfa, samples: n) < pd { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}

/// Detecting a bursty emitter at least once within a time: independent looks, each with
/// its own Pd, combine as 1 − Π(1 − Pdᵢ).
public enum DetectionOverTime {
    /// Looks at one burst emitter (one burst per `burstPeriodSeconds`, e.g. a GSM call:
    /// 4.615 ms) during `durationSeconds`, by a receiver that listens for `dwellSeconds` out
    /// of every `revisitSeconds` (dwell = revisit: always listening). Bursts heard: whole
    /// bursts inside the dwells, ⌊duration/revisit⌋·⌊dwell/period⌋ plus those in the last,
    /// partial dwell.
    public static func burstsObserved(
        durationSeconds: Double,
        burstPeriodSeconds: Double,
        dwellSeconds: Double,
        revisitSeconds: Double
    ) -> Int {
        let dwell = min(dwellSeconds, revisitSeconds)
        // Floors with a relative slack of 1e−9, so exact multiples are not lost to rounding.
        func whole(_ x: Double) -> Double { (x * (1 + 1e-9)).rounded(.down) }
        if dwellSeconds >= revisitSeconds { return Int(whole(durationSeconds / burstPeriodSeconds)) }
        let fullVisits = whole(durationSeconds / revisitSeconds)
        let perDwell = whole(dwell / burstPeriodSeconds)
        let rest = max(0, min(dwell, durationSeconds - fullVisits * revisitSeconds))
        return Int(fullVisits * perDwell + whole(rest / burstPeriodSeconds))
    }

    /// P(at least one detection) from `looks` independent looks of probability `pd` each.
    public static func probability(perLookPd pd: Double, looks: Int) -> Double {
        guard looks > 0 else { return 0 }
        // 1 − (1 − p)^n without cancellation for small p.
        return -expm1(Double(looks) * log1p(-min(pd, 1 - 1e-300)))
    }
}
