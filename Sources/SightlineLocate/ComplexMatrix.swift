internal import CLAPACK
import Numerics
import SightlineCore

/// A dense complex matrix, column-major (LAPACK's layout).
public struct ComplexMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var elements: [Complex<Double>]

    public init(rows: Int, columns: Int, elements: [Complex<Double>]? = nil) {
        self.rows = rows
        self.columns = columns
        self.elements = elements ?? [Complex<Double>](repeating: .zero, count: rows * columns)
    }

    public subscript(r: Int, c: Int) -> Complex<Double> {
        get { elements[c * rows + r] }
        set { elements[c * rows + r] = newValue }
    }

    public func column(_ c: Int) -> [Complex<Double>] { Array(elements[(c * rows)..<((c + 1) * rows)]) }

    /// Eigen-decomposition of a Hermitian matrix (LAPACK zheev): eigenvalues ascending, with
    /// the matching orthonormal eigenvectors as the columns of the returned matrix.
    public func hermitianEigen() throws -> (values: [Double], vectors: ComplexMatrix) {
        precondition(rows == columns)
        var a = elements
        var w = [Double](repeating: 0, count: rows)
        let n = Int32(rows)
        let info = a.withUnsafeMutableBufferPointer { ap in
            LAPACKE_zheev(
                LAPACK_COL_MAJOR,
                CChar(UInt8(ascii: "V")),
                CChar(UInt8(ascii: "U")),
                n,
                OpaquePointer(ap.baseAddress),
                n,
                &w
            )
        }
        guard info == 0 else {
            throw SightlineError(
                .invalidValue,
                location: "covariance",
                message: "the eigen-decomposition failed (LAPACK zheev info \(info))",
                fix: "check the snapshots for NaN or infinite samples"
            )
        }
        return (w, ComplexMatrix(rows: rows, columns: rows, elements: a))
    }

    /// Eigenvalues of a general square matrix (LAPACK zgeev).
    public func eigenvalues() throws -> [Complex<Double>] {
        precondition(rows == columns)
        var a = elements
        var w = [Complex<Double>](repeating: .zero, count: rows)
        let n = Int32(rows)
        let info = a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_zgeev(
                    LAPACK_COL_MAJOR,
                    CChar(UInt8(ascii: "N")),
                    CChar(UInt8(ascii: "N")),
                    n,
                    OpaquePointer(ap.baseAddress),
                    n,
                    OpaquePointer(wp.baseAddress),
                    nil,
                    1,
                    nil,
                    1
                )
            }
        }
        guard info == 0 else {
            throw SightlineError(
                .invalidValue,
                location: "matrix",
                message: "the eigenvalue computation failed (LAPACK zgeev info \(info))",
                fix: "check the input for NaN or infinite values"
            )
        }
        return w
    }

    /// Least-squares solution X of A·X = B (LAPACK zgels), A tall or square of full rank.
    public static func leastSquares(_ a: ComplexMatrix, _ b: ComplexMatrix) throws -> ComplexMatrix {
        var aa = a.elements
        var bb = b.elements
        let m = Int32(a.rows)
        let n = Int32(a.columns)
        let nrhs = Int32(b.columns)
        let info = aa.withUnsafeMutableBufferPointer { ap in
            bb.withUnsafeMutableBufferPointer { bp in
                LAPACKE_zgels(
                    LAPACK_COL_MAJOR,
                    CChar(UInt8(ascii: "N")),
                    m,
                    n,
                    nrhs,
                    OpaquePointer(ap.baseAddress),
                    m,
                    OpaquePointer(bp.baseAddress),
                    m
                )
            }
        }
        guard info == 0 else {
            throw SightlineError(
                .invalidValue,
                location: "matrix",
                message: "the least-squares solve failed (LAPACK zgels info \(info))",
                fix: "the subarrays are rank-deficient: use fewer sources"
            )
        }
        var x = ComplexMatrix(rows: a.columns, columns: b.columns)
        for c in 0..<b.columns { for r in 0..<a.columns { x[r, c] = bb[c * a.rows + r] } }
        return x
    }
}

extension ComplexMatrix {
    public static func identity(_ n: Int) -> ComplexMatrix {
        var m = ComplexMatrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = Complex(1, 0) }
        return m
    }

    /// From columns of equal length.
    public init(columns vectors: [[Complex<Double>]]) {
        let rows = vectors.first?.count ?? 0
        self.init(rows: rows, columns: vectors.count, elements: vectors.flatMap { $0 })
    }

    /// The conjugate transpose.
    public var adjoint: ComplexMatrix {
        var out = ComplexMatrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { out[c, r] = self[r, c].conjugate } }
        return out
    }

    public static func * (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.columns == b.rows)
        var out = ComplexMatrix(rows: a.rows, columns: b.columns)
        for c in 0..<b.columns {
            for k in 0..<a.columns {
                let bk = b[k, c]
                if bk == .zero { continue }
                for r in 0..<a.rows { out.elements[c * a.rows + r] += a.elements[k * a.rows + r] * bk }
            }
        }
        return out
    }

    public static func + (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.rows == b.rows && a.columns == b.columns)
        return ComplexMatrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 + $1 })
    }

    public static func - (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.rows == b.rows && a.columns == b.columns)
        return ComplexMatrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 - $1 })
    }

    /// The inverse of a square matrix by Gauss–Jordan elimination with partial pivoting, or
    /// nil when a pivot falls below 1e-12 of the largest entry (numerically singular). For
    /// the small matrices of the source models (K×K, M×M with M a few tens).
    public var inverse: ComplexMatrix? {
        precondition(rows == columns)
        let n = rows
        var a = self
        var inv = ComplexMatrix.identity(n)
        let scale = elements.map(\.length).max() ?? 0
        guard scale > 0, scale.isFinite else { return nil }
        for col in 0..<n {
            var pivot = col
            var best = a[col, col].length
            for r in (col + 1)..<max(col + 1, n) where a[r, col].length > best {
                pivot = r
                best = a[r, col].length
            }
            guard best > 1e-12 * scale else { return nil }
            if pivot != col {
                for c in 0..<n {
                    let t = a[col, c]
                    a[col, c] = a[pivot, c]
                    a[pivot, c] = t
                    let u = inv[col, c]
                    inv[col, c] = inv[pivot, c]
                    inv[pivot, c] = u
                }
            }
            let p = a[col, col]
            for c in 0..<n {
                a[col, c] = a[col, c] / p
                inv[col, c] = inv[col, c] / p
            }
            for r in 0..<n where r != col {
                let f = a[r, col]
                if f == .zero { continue }
                for c in 0..<n {
                    a[r, c] = a[r, c] - f * a[col, c]
                    inv[r, c] = inv[r, c] - f * inv[col, c]
                }
            }
        }
        return inv
    }
}
