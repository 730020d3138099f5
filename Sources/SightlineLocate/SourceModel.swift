import Numerics
import SightlineCore
import SightlineSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The k-source narrowband model R = A·P·Aᴴ + σ²·I fitted to a sample covariance at given
/// bearings: σ² is the mean of the M − K smallest eigenvalues, and the source covariance is
/// P = A⁺·Es·(Λs − σ²I)·Esᴴ·A⁺ᴴ with Es, Λs the K largest eigenpairs and A⁺ = (AᴴA)⁻¹Aᴴ —
/// the signal subspace's eigenvalues, net of the noise, projected on the sources' steering
/// vectors. The diagonal of P is each source's power at an element, so each source gets its
/// own SNR; with one source it reduces to (λ_max − σ²)/M (for a steering vector that matches
/// the principal eigenvector). P is positive semidefinite by construction. This is the
/// stochastic-ML estimate of P given the bearings, A⁺(R − σ²I)A⁺ᴴ (Stoica & Nehorai, IEEE
/// Trans. ASSP 38(10), 1990), with R replaced by its rank-K denoised part.
public struct SourceModel: Sendable {
    public let bearingsDegrees: [Double]
    /// σ², the noise power per element.
    public let noisePower: Double
    /// P (K×K), source powers and cross-powers per element.
    public let sourceCovariance: ComplexMatrix
    public let snapshots: Int
    /// The share of the denoised signal subspace, tr(P_A·S)/tr(S) with S = Es(Λs − σ²)Esᴴ,
    /// that the bearings' steering vectors span: near 1 when the model fits; well below
    /// when a bearing is wrong (a spurious peak, an estimate past its threshold).
    public var subspaceFit: Double = 1
    /// The signal-subspace energy outside the bearings' steering vectors over what the
    /// subspace's own estimation noise leaves there on average (see `fit`): about 1 when
    /// the model fits.
    public var misfitRatio: Double = 0
    /// Degrees of freedom of that residual: 2K(M − K) − K.
    public var misfitDegreesOfFreedom: Int = 0

    /// The largest `misfitRatio` a fitting model shows: 1.5 × χ²_ν(0.999)/ν (Wilson–Hilferty),
    /// the 1.5 for the first-order leak's heavier tail at low SNR (measured on correct
    /// one- and two-source fits from −10 to 20 dB: at most 2.9 for ν = 13, where this is 4.0).
    public var misfitLimit: Double {
        let nu = Double(max(misfitDegreesOfFreedom, 1))
        let z = 3.090
        let q = nu * pow(1 - 2 / (9 * nu) + z * (2 / (9 * nu)).squareRoot(), 3)
        return 1.5 * q / nu
    }

    /// True when the bearings do not span the signal subspace: a wrong bearing (an
    /// estimator past its threshold SNR or resolution), more sources than the model has, or
    /// a plane-wave model that does not fit the array (calibration errors, multipath).
    public var brokenDown: Bool { misfitRatio > misfitLimit }

    /// The bearing error that would leave the misfit beyond the noise's own: a bearing off
    /// by δ leaves p‖P⊥ȧ‖²δ² of its source's signal outside the steering vectors, so the
    /// excess residual (misfitRatio − 1) × its expected value over Σₖ pₖ‖P⊥ȧₖ‖² is δ²
    /// (degrees; 0 when the model fits). Whatever causes the misfit, a bearing cannot be
    /// trusted closer than that.
    public var equivalentBearingErrorDegrees: Double = 0

    /// Each source's power at an element (the diagonal of P), floored at 1e-6 σ² (−60 dB)
    /// so a source the model gives no power has a finite, very low SNR.
    public var powers: [Double] {
        (0..<sourceCovariance.rows).map { max(sourceCovariance[$0, $0].real, 1e-6 * noisePower) }
    }
    /// Per-element SNR of each source, dB.
    public var snrDB: [Double] { powers.map { Decibels.fromPowerRatio($0 / noisePower) } }

    public init(bearingsDegrees: [Double], noisePower: Double, sourceCovariance: ComplexMatrix, snapshots: Int) {
        self.bearingsDegrees = bearingsDegrees
        self.noisePower = noisePower
        self.sourceCovariance = sourceCovariance
        self.snapshots = snapshots
    }

    /// Fits the model to `covariance` (M×M) of `snapshots` snapshots at `bearingsDegrees`.
    /// Throws when the bearings' steering vectors are linearly dependent (two bearings the
    /// array cannot tell apart), so no source powers can be assigned.
    public static func fit(
        covariance r: ComplexMatrix,
        array: AntennaArray,
        snapshots n: Int,
        bearingsDegrees: [Double]
    ) throws -> SourceModel {
        let m = r.rows
        let k = bearingsDegrees.count
        guard k >= 1, k < m else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "sources",
                message: "\(k) source(s) on \(m) elements: the model needs 1 to \(m - 1)",
                fix: "ask for fewer `sources`"
            )
        }
        let (values, vectors) = try r.hermitianEigen()
        let trace = values.reduce(0, +)
        // A noise-free covariance (synthetic input) still gets a finite, tiny noise power.
        let noise = max(values[0..<(m - k)].reduce(0, +) / Double(m - k), 1e-15 * max(trace, 1e-300))
        var s = ComplexMatrix(rows: m, columns: m)
        for e in (m - k)..<m {
            let v = vectors.column(e)
            let w = max(0, values[e] - noise)
            for i in 0..<m { for j in 0..<m { s[i, j] = s[i, j] + Complex(w, 0) * v[i] * v[j].conjugate } }
        }
        let a = ComplexMatrix(columns: bearingsDegrees.map { array.steeringVector(azimuthRadians: $0 * .pi / 180) })
        guard let gramInverse = (a.adjoint * a).inverse else {
            throw SightlineError(
                .invalidValue,
                location: "bearing",
                field: "sources",
                message:
                    """
                    the bearings \(bearingsDegrees.map { String(format: "%.2f°", $0) }.joined(separator: ", ")) \
                    have steering vectors the array cannot tell apart
                    """,
                fix: "ask for fewer `sources`"
            )
        }
        let pseudo = gramInverse * a.adjoint
        let p = pseudo * s * pseudo.adjoint
        var model = SourceModel(bearingsDegrees: bearingsDegrees, noisePower: noise, sourceCovariance: p, snapshots: n)
        let total = (0..<m).reduce(0.0) { $0 + s[$1, $1].real }
        let projected = a * p * a.adjoint
        model.subspaceFit = total > 0 ? (0..<m).reduce(0.0) { $0 + projected[$1, $1].real } / total : 0
        // Each estimated signal eigenvector e_k leaks into the M − K noise dimensions with
        // variance λ_k σ² / (N (λ_k − σ²)²) per dimension (Kaveh & Barabell, IEEE Trans.
        // ASSP 34(2), 1986), so its weight λ_k − σ² in S puts an expected
        // (M − K)·λ_k σ²/(N (λ_k − σ²)) outside the true steering vectors.
        var expected = 0.0
        for e in (m - k)..<m {
            let excess = max(values[e] - noise, 1e-300)
            expected += Double(m - k) * values[e] * noise / (Double(max(n, 1)) * excess)
        }
        model.misfitRatio = expected > 0 ? max(0, total * (1 - model.subspaceFit)) / expected : 0
        model.misfitDegreesOfFreedom = 2 * k * (m - k) - k
        if model.brokenDown {
            let d = MultiSourceCRB.derivatives(array: array, bearingsRadians: bearingsDegrees.map { $0 * .pi / 180 })
            let projector = ComplexMatrix.identity(m) - a * gramInverse * a.adjoint
            let h = d.adjoint * projector * d
            var curvature = 0.0
            for i in 0..<k { curvature += max(p[i, i].real, 0) * h[i, i].real }
            let excess = (model.misfitRatio - 1) * expected
            model.equivalentBearingErrorDegrees =
                curvature > 0 ? (excess / curvature).squareRoot() * 180 / .pi : .infinity
        }
        return model
    }

    /// The multi-source Cramér–Rao bounds on each bearing at this model (degrees).
    public func crbDegrees(array: AntennaArray, stochastic: Bool) -> [Double] {
        MultiSourceCRB.degrees(
            array: array,
            bearingsDegrees: bearingsDegrees,
            sourceCovariance: sourceCovariance,
            noisePower: noisePower,
            snapshots: snapshots,
            stochastic: stochastic
        )
    }

    /// The per-element SNR (a power ratio) below which a source cannot be told from noise:
    /// with N snapshots on M elements the largest noise eigenvalue reaches about
    /// σ²(1 + √(M/N))² (the Marchenko–Pastur edge), which a source of per-element power
    /// σ²((1 + √(M/N))² − 1)/M would also produce; a source must be twice that.
    public func significantSNR(elements m: Int) -> Double {
        let edge = pow(1 + (Double(m) / Double(max(snapshots, 1))).squareRoot(), 2)
        return 2 * (edge - 1) / Double(m)
    }

    /// The sources whose fitted power is below `significantSNR`: spurious peaks.
    public func insignificantSources(elements m: Int) -> [Int] {
        let limit = significantSNR(elements: m)
        return (0..<sourceCovariance.rows).filter { sourceCovariance[$0, $0].real / noisePower < limit }
    }

    /// The pairs of bearings the array does not resolve: their estimated separation is less
    /// than twice the stochastic bound on the separation, √(C_ii + C_jj − 2C_ij) (the
    /// statistical resolution limit of Smith, IEEE Trans. SP 53(5), 2005, at a margin of 2).
    public func unresolvedPairs(array: AntennaArray) -> [(Int, Int)] {
        let c = MultiSourceCRB.covariance(
            array: array,
            bearingsDegrees: bearingsDegrees,
            sourceCovariance: sourceCovariance,
            noisePower: noisePower,
            snapshots: snapshots,
            stochastic: true
        )
        var pairs: [(Int, Int)] = []
        for i in bearingsDegrees.indices {
            for j in bearingsDegrees.indices where j > i {
                let separation = abs(remainder(bearingsDegrees[i] - bearingsDegrees[j], 360))
                let bound = (c[i][i] + c[j][j] - 2 * c[i][j]).squareRoot()
                if !(separation > 2 * bound) { pairs.append((i, j)) }
            }
        }
        return pairs
    }
}

/// Cramér–Rao bounds on K bearings observed together by any array, N snapshots, noise σ²
/// per element, source covariance P (K×K). With A = [a(θ₁) … a(θ_K)], D = [∂a/∂θ₁ … ∂a/∂θ_K]
/// and P⊥ = I − A(AᴴA)⁻¹Aᴴ:
///
///   deterministic (conditional) model, Stoica & Nehorai, "MUSIC, maximum likelihood, and
///   Cramér–Rao bound", IEEE Trans. ASSP 37(5), 720–741, 1989:
///       CRB(θ) = σ²/(2N) · { Re[(Dᴴ P⊥ D) ⊙ Pᵀ] }⁻¹   (P the sources' sample covariance);
///   stochastic (unconditional) model, Stoica & Nehorai, "Performance study of conditional
///   and unconditional direction-of-arrival estimation", IEEE Trans. ASSP 38(10), 1783–1795,
///   1990 (also Van Trees, Optimum Array Processing, 2002, §8.4):
///       CRB(θ) = σ²/(2N) · { Re[(Dᴴ P⊥ D) ⊙ (P Aᴴ R⁻¹ A P)ᵀ] }⁻¹,  R = A P Aᴴ + σ² I.
///
/// ⊙ is the elementwise product. For one source both reduce to the single-source bounds of
/// `BearingCRB` (the stochastic one times 1 + 1/(M·SNR)). The derivative is analytic:
/// ∂aₘ/∂θ = j·(2π/λ)·(pₘ·∂u/∂θ)·aₘ with ∂u/∂θ = (cos θ, −sin θ, 0). Bearings the array
/// cannot separate (a singular Fisher matrix) get an infinite bound.
public enum MultiSourceCRB {
    public static func degrees(
        array: AntennaArray,
        bearingsDegrees: [Double],
        sourceCovariance p: ComplexMatrix,
        noisePower sigma2: Double,
        snapshots n: Int,
        stochastic: Bool
    ) -> [Double] {
        let c = covariance(
            array: array,
            bearingsDegrees: bearingsDegrees,
            sourceCovariance: p,
            noisePower: sigma2,
            snapshots: n,
            stochastic: stochastic
        )
        return (0..<bearingsDegrees.count).map { c[$0][$0].isFinite ? c[$0][$0].squareRoot() : .infinity }
    }

    /// The whole bound, K×K in degrees²: rows and columns of sources without information are
    /// infinite on the diagonal and zero elsewhere.
    public static func covariance(
        array: AntennaArray,
        bearingsDegrees: [Double],
        sourceCovariance p: ComplexMatrix,
        noisePower sigma2: Double,
        snapshots n: Int,
        stochastic: Bool
    ) -> [[Double]] {
        let k = bearingsDegrees.count
        var unbounded = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k { unbounded[i][i] = .infinity }
        guard k >= 1, sigma2 > 0, n > 0 else { return unbounded }
        let m = array.elementCount
        let thetas = bearingsDegrees.map { $0 * .pi / 180 }
        let a = ComplexMatrix(columns: thetas.map { array.steeringVector(azimuthRadians: $0) })
        let d = derivatives(array: array, bearingsRadians: thetas)
        guard let gramInverse = (a.adjoint * a).inverse else { return unbounded }
        let projector = ComplexMatrix.identity(m) - a * gramInverse * a.adjoint
        let h = d.adjoint * projector * d
        let g: ComplexMatrix
        if stochastic {
            var r = a * p * a.adjoint
            for i in 0..<m { r[i, i] = r[i, i] + Complex(sigma2, 0) }
            guard let rInverse = r.inverse else { return unbounded }
            g = p * a.adjoint * rInverse * a * p
        } else {
            g = p
        }
        // F = (2N/σ²)·Re[H ⊙ Gᵀ]; invert the real K×K matrix.
        var f = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k { for j in 0..<k { f[i][j] = 2 * Double(n) / sigma2 * (h[i, j] * g[j, i]).real } }
        // A source the model gives (almost) no power carries no information on its bearing,
        // and its row and column of F vanish with its power: its bound is infinite and the
        // others' come from the rest of F.
        let top = (0..<k).map { f[$0][$0] }.max() ?? 0
        let kept = (0..<k).filter { f[$0][$0] > 1e-12 * top && f[$0][$0].isFinite }
        guard !kept.isEmpty, let c = invertSymmetric(kept.map { i in kept.map { f[i][$0] } }) else { return unbounded }
        var result = unbounded
        let scale = (180 / Double.pi) * (180 / Double.pi)
        for (a, i) in kept.enumerated() where c[a][a] > 0 && c[a][a].isFinite {
            for (b, j) in kept.enumerated() where c[b][b] > 0 && c[b][b].isFinite { result[i][j] = c[a][b] * scale }
        }
        return result
    }

    /// D = [∂a/∂θ₁ … ∂a/∂θ_K], analytic.
    static func derivatives(array: AntennaArray, bearingsRadians thetas: [Double]) -> ComplexMatrix {
        ComplexMatrix(
            columns: thetas.map { t -> [Complex<Double>] in
                let steering = array.steeringVector(azimuthRadians: t)
                return zip(array.positions, steering).map { pos, s in
                    let rate = 2 * Double.pi / array.wavelengthMeters * (pos.x * cos(t) - pos.y * sin(t))
                    return Complex(0, rate) * s
                }
            }
        )
    }

    /// Inverse of a small real matrix by Gauss–Jordan, nil when singular.
    static func invertSymmetric(_ f: [[Double]]) -> [[Double]]? {
        let n = f.count
        var a = f
        var inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0 } }
        let scale = f.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0, scale.isFinite else { return nil }
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(a[r][col]) > abs(a[pivot][col]) { pivot = r }
            guard abs(a[pivot][col]) > 1e-13 * scale else { return nil }
            a.swapAt(col, pivot)
            inv.swapAt(col, pivot)
            let p = a[col][col]
            for c in 0..<n {
                a[col][c] /= p
                inv[col][c] /= p
            }
            for r in 0..<n where r != col {
                let factor = a[r][col]
                if factor == 0 { continue }
                for c in 0..<n {
                    a[r][c] -= factor * a[col][c]
                    inv[r][c] -= factor * inv[col][c]
                }
            }
        }
        return inv
    }
}
