import Numerics
import SightlineCore
import SightlineRF
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Direction-of-arrival estimation on array snapshots, with DESIGN.md's conventions
/// (azimuth clockwise from north; steering a(θ)ₖ = exp(+j2π pₖ·u/λ); channel = element).
public struct DOAEstimator: Sendable {
    public enum Method: String, Sendable, CaseIterable { case bartlett, mvdr, music, rootMusic = "root-music", esprit }

    /// ESPRIT's form: `dual` (the default) is forward–backward averaged with the coarse/fine
    /// displacements 1 and round(M/3); `textbook` is Roy & Kailath's LS-ESPRIT on the plain
    /// covariance with a one-element displacement (what doa-py and most references compute).
    public enum ESPRITForm: String, Sendable, CaseIterable { case dual, textbook }

    public private(set) var array: AntennaArray
    /// The sample covariance R = (1/N) Σ x xᴴ.
    public private(set) var covariance: ComplexMatrix
    public private(set) var snapshots: Int

    /// From interleaved snapshots (channel k of snapshot n at n·M + k).
    public init(array: AntennaArray, snapshots x: [Complex<Float>]) {
        self.array = array
        let m = array.elementCount
        let n = x.count / m
        snapshots = n
        var r = ComplexMatrix(rows: m, columns: m)
        for s in 0..<n {
            for i in 0..<m {
                let xi = Complex(Double(x[s * m + i].real), Double(x[s * m + i].imaginary))
                for j in i..<m {
                    let xj = Complex(Double(x[s * m + j].real), Double(x[s * m + j].imaginary))
                    r[i, j] = r[i, j] + xi * xj.conjugate
                }
            }
        }
        for i in 0..<m {
            for j in i..<m {
                r[i, j] = Complex(r[i, j].real / Double(n), r[i, j].imaginary / Double(n))
                r[j, i] = r[i, j].conjugate
            }
        }
        covariance = r
    }

    /// The same array with another covariance (a model's, say).
    public func with(covariance r: ComplexMatrix, snapshots n: Int? = nil) -> DOAEstimator {
        var copy = self
        copy.covariance = r
        if let n { copy.snapshots = n }
        return copy
    }

    /// Forward–backward averaging, R ← (R + J R* J)/2 (a ULA's covariance is persymmetric;
    /// this decorrelates coherent sources and halves the variance).
    public mutating func forwardBackwardAverage() {
        let m = covariance.rows
        var out = covariance
        for i in 0..<m {
            for j in 0..<m {
                let sum = covariance[i, j] + covariance[m - 1 - i, m - 1 - j].conjugate
                out[i, j] = Complex(sum.real / 2, sum.imaginary / 2)
            }
        }
        covariance = out
    }

    /// Spatial smoothing for a ULA (Shan, Wax & Kailath, IEEE Trans. ASSP 33(4), 1985): the
    /// covariance becomes the average of the L-element subarray covariances, decorrelating
    /// up to M − L + 1 coherent sources (multipath); the array is then an L-element ULA.
    public func spatiallySmoothed(subarray l: Int) throws -> DOAEstimator {
        guard case .ula(let m, let d) = array.geometry else {
            throw SightlineError(
                .unsupported,
                location: "bearing",
                field: "smoothing",
                message: "spatial smoothing needs a ULA",
                fix: "drop `smoothing`, or use `array` ula:M:D"
            )
        }
        guard l >= 2 && l <= m else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "smoothing",
                message: "subarray size \(l) is not in 2…\(m)",
                fix: "give a subarray of 2 to \(m) elements"
            )
        }
        let count = m - l + 1
        var r = ComplexMatrix(rows: l, columns: l)
        for o in 0..<count { for i in 0..<l { for j in 0..<l { r[i, j] = r[i, j] + covariance[o + i, o + j] } } }
        for i in 0..<l {
            for j in 0..<l { r[i, j] = Complex(r[i, j].real / Double(count), r[i, j].imaginary / Double(count)) }
        }
        var smoothed = self
        smoothed.array = AntennaArray(
            .ula(elements: l, spacingWavelengths: d),
            frequencyHz: SpeedOfLight.metersPerSecond / array.wavelengthMeters
        )
        smoothed.covariance = r
        return smoothed
    }

    /// Azimuth search domain: a ULA is ambiguous front/back, so its bearings are reported in
    /// the northern half-plane, θ ∈ [−90°, 90°].
    public var domainDegrees: ClosedRange<Double> {
        if case .ula = array.geometry { return -90...90 }
        return 0...360
    }

    func steering(_ degrees: Double) -> [Complex<Double>] { array.steeringVector(azimuthRadians: degrees * .pi / 180) }

    static func quadratic(_ a: [Complex<Double>], _ r: ComplexMatrix) -> Double {
        var total = Complex<Double>.zero
        for j in 0..<r.columns {
            var rowSum = Complex<Double>.zero
            for i in 0..<r.rows { rowSum += a[i].conjugate * r[i, j] }
            total += rowSum * a[j]
        }
        return total.real
    }

    /// Throws unless 1 ≤ k ≤ M − 1: the subspace methods need at least one noise eigenvector,
    /// and every method's k-source model needs one noise eigenvalue to measure the noise.
    func checkSources(_ k: Int) throws {
        let m = covariance.rows
        guard k >= 1 && k < m else {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "sources",
                message:
                    """
                    \(k) source(s) on \(m) elements\(m == array.elementCount ? "" : " (the smoothing subarray)"): \
                    at most \(m - 1) can be estimated
                    """,
                fix: "ask for 1 to \(m - 1) sources\(m < 3 ? ", or smooth over larger subarrays" : "")"
            )
        }
    }

    /// The spatial spectrum of a grid-search method at `degrees`.
    public func spectrum(_ method: Method, sources k: Int, at degrees: [Double]) throws -> [Double] {
        let m = covariance.rows
        if method != .bartlett && method != .mvdr { try checkSources(k) }
        switch method {
        case .bartlett:
            return degrees.map { Self.quadratic(steering($0), covariance) / Double(m) }
        case .mvdr:
            let (values, vectors) = try covariance.hermitianEigen()
            var inverse = ComplexMatrix(rows: m, columns: m)
            for e in 0..<m {
                let v = vectors.column(e)
                let w = 1 / max(values[e], 1e-300)
                for i in 0..<m {
                    for j in 0..<m {
                        let t = v[i] * v[j].conjugate
                        inverse[i, j] = inverse[i, j] + Complex(t.real * w, t.imaginary * w)
                    }
                }
            }
            return degrees.map { 1 / max(Self.quadratic(steering($0), inverse), 1e-300) }
        case .music, .rootMusic, .esprit:
            let noise = try noiseProjector(sources: k)
            return degrees.map { 1 / max(Self.quadratic(steering($0), noise), 1e-300) }
        }
    }

    /// En·Enᴴ, the projector on the M − K smallest eigenvectors.
    func noiseProjector(sources k: Int) throws -> ComplexMatrix {
        let m = covariance.rows
        let (_, vectors) = try covariance.hermitianEigen()
        var p = ComplexMatrix(rows: m, columns: m)
        for e in 0..<(m - k) {
            let v = vectors.column(e)
            for i in 0..<m { for j in 0..<m { p[i, j] = p[i, j] + v[i] * v[j].conjugate } }
        }
        return p
    }

    /// Bearings (degrees, in the method's domain) of the `k` strongest sources: exactly `k`
    /// of them, or an error saying the method could not resolve that many (with
    /// `allowFewer`, the grid methods return the peaks they found instead).
    public func estimate(
        _ method: Method,
        sources k: Int,
        espritForm: ESPRITForm = .dual,
        allowFewer: Bool = false
    ) throws -> [Double] {
        try checkSources(k)
        switch method {
        case .rootMusic: return try rootMUSIC(sources: k)
        case .esprit:
            return espritForm == .dual
                ? try esprit(sources: k) : try esprit(sources: k, displacement: 1, forwardBackward: false)
        default: return try gridPeaks(method, sources: k, allowFewer: allowFewer)
        }
    }

    /// Peaks of the spatial spectrum on a 0.25° grid, each refined by golden-section search.
    func gridPeaks(_ method: Method, sources k: Int, allowFewer: Bool = false) throws -> [Double] {
        let d = domainDegrees
        let grid = stride(from: d.lowerBound, through: d.upperBound, by: 0.25).map { $0 }
        let p = try spectrum(method, sources: k, at: grid)
        var peaks: [(Double, Double)] = []
        for i in grid.indices {
            let left = i > 0 ? p[i - 1] : (d.upperBound - d.lowerBound == 360 ? p[p.count - 2] : -Double.infinity)
            let right = i + 1 < p.count ? p[i + 1] : (d.upperBound - d.lowerBound == 360 ? p[1] : -Double.infinity)
            if p[i] > left && p[i] >= right { peaks.append((grid[i], p[i])) }
        }
        guard peaks.count >= k || (allowFewer && !peaks.isEmpty) else {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "sources",
                message:
                    """
                    \(method.rawValue) found \(peaks.count) peak(s) in its spectrum for \(k) source(s): it cannot \
                    resolve them
                    """,
                fix: "ask for fewer `sources`, take a longer span, or use root-music or esprit (ULA)"
            )
        }
        let best = peaks.sorted { $0.1 > $1.1 }.prefix(k)
        return try best.map { peak in
            var a = peak.0 - 0.25
            var b = peak.0 + 0.25
            let g = (5.0.squareRoot() - 1) / 2
            for _ in 0..<40 {
                let c = b - g * (b - a)
                let e = a + g * (b - a)
                let values = try spectrum(method, sources: k, at: [c, e])
                if values[0] > values[1] { b = e } else { a = c }
            }
            return (a + b) / 2
        }.sorted()
    }

    /// The peak of a grid method's spectrum within `window` degrees of `degrees` (golden
    /// section), or nil when the spectrum rises to the window's edge (no peak there).
    func localPeak(_ method: Method, sources k: Int, near degrees: Double, window: Double) throws -> Double? {
        var a = degrees - window
        var b = degrees + window
        let g = (5.0.squareRoot() - 1) / 2
        for _ in 0..<50 {
            let c = b - g * (b - a)
            let e = a + g * (b - a)
            let values = try spectrum(method, sources: k, at: [c, e])
            if values[0] > values[1] { b = e } else { a = c }
        }
        let peak = (a + b) / 2
        return abs(peak - degrees) < 0.95 * window ? peak : nil
    }

    /// ULA spacing in wavelengths (root-MUSIC and ESPRIT need a ULA).
    func ulaSpacing(_ name: String) throws -> Double {
        guard case .ula(_, let d) = array.geometry else {
            throw SightlineError(
                .unsupported,
                location: "bearing",
                field: "method",
                message: "\(name) needs a uniform linear array",
                fix: "use `array` ula:M:D, or music/mvdr/bartlett for other arrays"
            )
        }
        return d
    }

    static func degrees(fromPhase phase: Double, spacing d: Double) -> Double {
        asin(max(-1, min(1, phase / (2 * Double.pi * d)))) * 180 / .pi
    }

    /// Root-MUSIC (Barabell 1983): the K roots of Σ_l c_l z^l (c_l = sum of the l-th diagonal
    /// of En·Enᴴ) inside and nearest the unit circle give exp(j2π d sin θ).
    func rootMUSIC(sources k: Int) throws -> [Double] {
        let d = try ulaSpacing("root-music")
        let c = try noiseProjector(sources: k)
        let m = c.rows
        // Coefficients for powers z^(M−1+l), l = −(M−1)…(M−1): a_l = Σ_i C[i, i+l]... with
        // a(θ)ᴴ C a(θ) = Σ_{i,j} conj(a_i) C_ij a_j, a_i = z^i.
        var coefficients = [Complex<Double>](repeating: .zero, count: 2 * m - 1)
        for i in 0..<m { for j in 0..<m { coefficients[j - i + m - 1] = coefficients[j - i + m - 1] + c[i, j] } }
        // Companion matrix of the polynomial (highest power first).
        let degree = 2 * m - 2
        let lead = coefficients[degree]
        var companion = ComplexMatrix(rows: degree, columns: degree)
        for j in 0..<degree { companion[0, j] = Complex(0, 0) - coefficients[degree - 1 - j] / lead }
        for i in 1..<degree { companion[i, i - 1] = Complex(1, 0) }
        guard lead.length > 0, lead.real.isFinite, lead.imaginary.isFinite else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "covariance",
                message: "root-music's polynomial is degenerate (no noise subspace)",
                fix: "check that the span holds signal and noise"
            )
        }
        let roots = try companion.eigenvalues()
        let inside = roots.filter { $0.length < 1 && $0.real.isFinite && $0.imaginary.isFinite }
            .sorted { abs(1 - $0.length) < abs(1 - $1.length) }
        guard inside.count >= k else {
            throw SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: "sources",
                message: "root-music found \(inside.count) root(s) inside the unit circle for \(k) source(s)",
                fix: "ask for fewer `sources`"
            )
        }
        return inside.prefix(k).map { Self.degrees(fromPhase: atan2($0.imaginary, $0.real), spacing: d) }.sorted()
    }

    /// ESPRIT (Roy & Kailath 1989), least squares on the forward–backward averaged
    /// covariance (a ULA's is persymmetric, Rao & Hari, IEEE Trans. ASSP 37(12), 1989):
    /// for a subarray displacement D, Es₂ = Es₁·Ψ_D and the eigenvalues of Ψ_D are
    /// exp(jD·μ), μ = 2πd·sin θ.
    ///
    /// With D = 1 (the textbook choice) the LS estimate at high SNR telescopes to the phase
    /// difference of the two end elements, whose variance is M(M²−1)/(6(M−1)²) times the
    /// CRB: 1.71× for M = 8. A displacement D ≈ M/3 minimises the phase-noise variance
    /// 2σ²/(D(M−D)²) (1.12× the CRB for M = 8) but is ambiguous modulo 2π/D, so the D = 1
    /// eigenvalues serve as the coarse, unambiguous estimate that picks the branch — the
    /// coarse/fine scheme of Wong & Zoltowski (IEEE Trans. AP 45(10), 1997) on one array.
    /// Coarse and fine eigenvalues are paired by the nearest exp(jD·μ₁); if the coarse error
    /// exceeds π/D (far below the SNR where ESPRIT works at all) the branch can be wrong.
    ///
    /// `forwardBackward: false, displacement: 1` is the textbook LS-ESPRIT (`--esprit-form
    /// textbook`).
    func esprit(sources k: Int, displacement: Int? = nil, forwardBackward: Bool = true) throws -> [Double] {
        let d = try ulaSpacing("esprit")
        let m = covariance.rows
        try checkSources(k)
        var averaged = self
        if forwardBackward { averaged.forwardBackwardAverage() }
        let (_, vectors) = try averaged.covariance.hermitianEigen()
        func rotation(displacement shift: Int) throws -> [Complex<Double>] {
            var e1 = ComplexMatrix(rows: m - shift, columns: k)
            var e2 = ComplexMatrix(rows: m - shift, columns: k)
            for s in 0..<k {
                let v = vectors.column(m - 1 - s)
                for i in 0..<(m - shift) {
                    e1[i, s] = v[i]
                    e2[i, s] = v[i + shift]
                }
            }
            return try ComplexMatrix.leastSquares(e1, e2).eigenvalues()
        }
        let coarse = try rotation(displacement: 1).map { atan2($0.imaginary, $0.real) }
        let shift = displacement ?? Self.espritDisplacement(elements: m, sources: k)
        guard shift > 1 else { return coarse.map { Self.degrees(fromPhase: $0, spacing: d) }.sorted() }
        var fine = try rotation(displacement: shift).map { atan2($0.imaginary, $0.real) }
        var phases: [Double] = []
        for mu1 in coarse {
            // Pair with the fine eigenvalue nearest exp(jD·μ₁), then take the branch of
            // (arg + 2πn)/D nearest μ₁.
            func wrapped(_ x: Double) -> Double { remainder(x, 2 * .pi) }
            let index = fine.indices.min {
                abs(wrapped(fine[$0] - Double(shift) * mu1)) < abs(wrapped(fine[$1] - Double(shift) * mu1))
            }!
            let muD = fine.remove(at: index)
            let branch = ((Double(shift) * mu1 - muD) / (2 * .pi)).rounded()
            phases.append((muD + 2 * .pi * branch) / Double(shift))
        }
        return phases.map { Self.degrees(fromPhase: $0, spacing: d) }.sorted()
    }

    /// The fine ESPRIT displacement: D = round(M/3), the minimiser of 1/(D(M−D)²), kept
    /// small enough that each subarray still has more rows than there are sources.
    static func espritDisplacement(elements m: Int, sources k: Int) -> Int {
        var shift = max(1, Int((Double(m) / 3).rounded()))
        while shift > 1 && m - shift <= k { shift -= 1 }
        return shift
    }

    /// Number of sources by Wax & Kailath's information criteria (IEEE Trans. ASSP 33(2),
    /// 1985): minimise over k the log ratio of the M − k smallest eigenvalues' geometric and
    /// arithmetic means, penalised by k(2M − k) free parameters (AIC: ×2; MDL: ×½·ln N).
    public func sourceCount(criterion: SourceCountCriterion) throws -> Int {
        let (values, _) = try covariance.hermitianEigen()
        let m = values.count
        let n = Double(snapshots)
        let sorted = values.sorted(by: >).map { max($0, 1e-300) }
        var best = 0
        var bestScore = Double.infinity
        for k in 0..<m {
            let tail = sorted[k...]
            let arithmetic = tail.reduce(0, +) / Double(tail.count)
            let logGeometric = tail.reduce(0) { $0 + log($1) } / Double(tail.count)
            let likelihood = -n * Double(m - k) * (logGeometric - log(arithmetic))
            let parameters = Double(k * (2 * m - k))
            let score = criterion == .aic ? 2 * likelihood + 2 * parameters : likelihood + 0.5 * parameters * log(n)
            if score < bestScore {
                bestScore = score
                best = k
            }
        }
        return best
    }

    public enum SourceCountCriterion: String, Sendable { case aic, mdl }
}

/// Cramér–Rao bounds on the bearing of one source for a ULA of M elements spaced d
/// wavelengths, N snapshots, per-element SNR: with μ = 2πd·sin θ (Stoica & Nehorai,
/// IEEE Trans. ASSP 37(5), 1989; Van Trees, Optimum Array Processing, §8.4):
///   deterministic  CRB(μ) = 6 / (N·SNR·M(M² − 1)),
///   stochastic     CRB(μ) = 6 / (N·SNR·M(M² − 1)) · (1 + 1/(M·SNR)),
/// and CRB(θ) = CRB(μ)/(2πd·cos θ)², returned as a standard deviation in degrees.
public enum BearingCRB {
    public static func ulaDegrees(
        elements m: Int,
        spacingWavelengths d: Double,
        snapshots n: Int,
        snrDB: Double,
        bearingDegrees: Double,
        stochastic: Bool = true
    ) -> Double {
        let snr = Decibels.toPowerRatio(snrDB)
        let mm = Double(m)
        var crbMu = 6 / (Double(n) * snr * mm * (mm * mm - 1))
        if stochastic { crbMu *= 1 + 1 / (mm * snr) }
        let slope = 2 * Double.pi * d * cos(bearingDegrees * .pi / 180)
        return (crbMu / (slope * slope)).squareRoot() * 180 / .pi
    }

    /// The single-source CRB for any array geometry: 1/(2N·SNR·‖P⊥ȧ‖²), times
    /// (1 + 1/(M·SNR)) for the stochastic bound, with ȧ = ∂a/∂θ taken by central difference
    /// (step 1e-6 rad: relative error ~1e-10) and P⊥ the projector off a(θ) (Stoica & Nehorai
    /// 1989, single-source case). For a ULA it equals `ulaDegrees`; for a UCA of M ≥ 3
    /// elements it equals `ucaDegrees` at every azimuth.
    public static func degrees(
        array: AntennaArray,
        bearingDegrees: Double,
        snapshots n: Int,
        snrDB: Double,
        stochastic: Bool = true
    ) -> Double {
        let theta = bearingDegrees * .pi / 180
        let h = 1e-6
        let a = array.steeringVector(azimuthRadians: theta)
        let a1 = array.steeringVector(azimuthRadians: theta + h)
        let a0 = array.steeringVector(azimuthRadians: theta - h)
        let m = Double(a.count)
        let derivative = zip(a1, a0).map { ($0 - $1) / Complex(2 * h, 0) }
        var projection = Complex<Double>.zero
        for (x, y) in zip(a, derivative) { projection += x.conjugate * y }
        var norm = 0.0
        for (x, y) in zip(a, derivative) { norm += (y - x * projection / Complex(m, 0)).lengthSquared }
        let snr = Decibels.toPowerRatio(snrDB)
        var crb = 1 / (2 * Double(n) * snr * max(norm, 1e-300))
        if stochastic { crb *= 1 + 1 / (m * snr) }
        return crb.squareRoot() * 180 / .pi
    }

    /// Closed form for a UCA of M ≥ 3 elements on radius r = ρλ (κ = 2πρ): the element phases
    /// κ·cos(θ − γₖ) have derivatives −κ·sin(θ − γₖ), whose mean is 0 and whose sum of
    /// squares is κ²M/2 for M ≥ 3, so CRB_det(θ) = 1/(N·SNR·M·κ²), the same at every azimuth
    /// (the UCA's isotropy; Gazzah & Marcos, IEEE Trans. SP 54(1), 2006), and the stochastic
    /// bound is that times (1 + 1/(M·SNR)).
    public static func ucaDegrees(
        elements m: Int,
        radiusWavelengths rho: Double,
        snapshots n: Int,
        snrDB: Double,
        stochastic: Bool = true
    ) -> Double {
        let kappa = 2 * Double.pi * rho
        let snr = Decibels.toPowerRatio(snrDB)
        let mm = Double(m)
        var crb = 1 / (Double(n) * snr * mm * kappa * kappa)
        if stochastic { crb *= 1 + 1 / (mm * snr) }
        return crb.squareRoot() * 180 / .pi
    }
}
