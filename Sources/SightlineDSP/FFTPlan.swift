internal import CFFTW
import Numerics
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Direction of a discrete Fourier transform. FFTW's sign convention:
/// forward X[k] = Σ x[n]·e^(−2πi·kn/N), inverse x[n] = Σ X[k]·e^(+2πi·kn/N) (unnormalised).
public enum FFTDirection: Int32, Sendable, Hashable {
    case forward = -1
    case inverse = 1
}

/// How hard FFTW's planner searches for a fast algorithm. `measure` and `patient` time
/// candidate algorithms once; the result is kept as wisdom (see ``FFTWisdom``).
public enum FFTRigor: Sendable, Hashable {
    case estimate, measure, patient

    var flags: UInt32 {
        switch self {
        case .estimate: UInt32(FFTW_ESTIMATE)
        case .measure: UInt32(FFTW_MEASURE)
        case .patient: UInt32(FFTW_PATIENT)
        }
    }
}

/// The shape of a (batched) one-dimensional complex transform.
///
/// `batch` transforms of `size` points each; transform b reads `size` contiguous samples
/// starting `b·inputDistance` samples after the input pointer and writes `size` contiguous
/// samples starting `b·outputDistance` after the output pointer. Input frames may overlap
/// (Welch/STFT hops) when the plan preserves its input.
public struct FFTShape: Hashable, Sendable {
    public var size: Int
    public var direction: FFTDirection
    public var batch: Int
    public var inputDistance: Int
    public var outputDistance: Int
    public var inPlace: Bool
    public var preservesInput: Bool

    public init(
        size: Int,
        direction: FFTDirection,
        batch: Int = 1,
        inputDistance: Int? = nil,
        outputDistance: Int? = nil,
        inPlace: Bool = false,
        preservesInput: Bool = true
    ) {
        precondition(size >= 1, "FFT size must be at least 1")
        precondition(batch >= 1, "FFT batch must be at least 1")
        self.size = size
        self.direction = direction
        self.batch = batch
        self.inputDistance = inputDistance ?? size
        self.outputDistance = outputDistance ?? size
        self.inPlace = inPlace
        self.preservesInput = preservesInput
    }
}

/// An FFTW plan for one ``FFTShape`` and one pair of pointer alignments.
///
/// Plans are made once by ``FFTPlanCache`` under its lock and then executed from any
/// thread with FFTW's new-array interface (`fftwf_execute_dft`), which is thread-safe.
/// The arrays passed to ``execute(input:output:)`` must have the alignment the plan was made
/// for; ``FFTPlanCache/plan(for:input:output:rigor:)`` guarantees it.
///
/// `@unchecked Sendable` because the compiler cannot see through the C pointer, and it is
/// safe: every stored property is immutable after `init`; FFTW documents
/// `fftwf_execute_dft` on an existing plan as thread-safe (it reads the plan, never
/// writes it); and the only call that is not, `fftwf_destroy_plan` in `deinit`, runs under
/// the planner lock like every planner call.
public final class FFTPlan: @unchecked Sendable {
    public let shape: FFTShape
    let plan: OpaquePointer
    let inputAlignment: Int32
    let outputAlignment: Int32

    init(shape: FFTShape, plan: OpaquePointer, inputAlignment: Int32, outputAlignment: Int32) {
        self.shape = shape
        self.plan = plan
        self.inputAlignment = inputAlignment
        self.outputAlignment = outputAlignment
    }

    deinit {
        FFTPlanCache.plannerLock.withLock { _ in fftwf_destroy_plan(plan) }
    }

    /// Runs the transform. `input` and `output` must span the shape's extent and have the
    /// same FFTW alignment class as the arrays the plan was made for.
    public func execute(input: UnsafePointer<Complex<Float>>, output: UnsafeMutablePointer<Complex<Float>>) {
        let inRaw = UnsafeMutableRawPointer(mutating: input)
        precondition(
            fftwf_alignment_of(inRaw.assumingMemoryBound(to: Float.self)) == inputAlignment
                && fftwf_alignment_of(UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self))
                    == outputAlignment,
            "FFTPlan executed on arrays of another alignment than it was planned for"
        )
        fftwf_execute_dft(
            plan,
            inRaw.assumingMemoryBound(to: fftwf_complex.self),
            UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftwf_complex.self)
        )
    }

    /// Runs an in-place transform on `data`.
    public func execute(inPlace data: UnsafeMutablePointer<Complex<Float>>) {
        execute(input: data, output: data)
    }
}

/// The process-wide cache of FFTW plans, keyed by shape, rigor and pointer alignment.
///
/// FFTW's planner is not thread-safe, so every planner call (and wisdom import/export and
/// plan destruction) happens under one lock. Executing a cached plan takes no lock.
public final class FFTPlanCache: Sendable {
    public static let shared = FFTPlanCache()

    /// Serialises every call into FFTW's planner; the Bool records whether wisdom was loaded.
    static let plannerLock = Mutex<Bool>(false)

    private struct Key: Hashable {
        var shape: FFTShape
        var rigor: FFTRigor
        var inputAlignment: Int32
        var outputAlignment: Int32
    }

    private let plans = Mutex<[Key: FFTPlan]>([:])

    public init() {}

    /// The plan for `shape` on arrays aligned like `input` and `output`, made on first use.
    ///
    /// Planning never touches `input` or `output`: FFTW measures on scratch arrays of the
    /// same alignment, so data already in the arrays survives.
    public func plan(
        for shape: FFTShape,
        input: UnsafeRawPointer,
        output: UnsafeRawPointer,
        rigor: FFTRigor = .measure
    ) -> FFTPlan {
        let ia = fftwf_alignment_of(UnsafeMutableRawPointer(mutating: input).assumingMemoryBound(to: Float.self))
        let oa = fftwf_alignment_of(UnsafeMutableRawPointer(mutating: output).assumingMemoryBound(to: Float.self))
        let key = Key(shape: shape, rigor: rigor, inputAlignment: ia, outputAlignment: oa)
        if let cached = plans.withLock({ $0[key] }) { return cached }
        let made = Self.makePlan(
            shape: shape,
            rigor: rigor,
            inputOffset: Int(UInt(bitPattern: input) % 64),
            outputOffset: Int(UInt(bitPattern: output) % 64),
            inputAlignment: ia,
            outputAlignment: oa
        )
        return plans.withLock { table in
            if let raced = table[key] { return raced }
            table[key] = made
            return made
        }
    }

    /// A plan for contiguous arrays allocated by ``AlignedBuffer`` (64-byte aligned).
    public func plan(for shape: FFTShape, rigor: FFTRigor = .measure) -> FFTPlan {
        let probe = AlignedBuffer<Complex<Float>>(count: 1)
        return plan(for: shape, input: probe.baseAddress, output: probe.baseAddress, rigor: rigor)
    }

    private static func makePlan(
        shape: FFTShape,
        rigor: FFTRigor,
        inputOffset: Int,
        outputOffset: Int,
        inputAlignment: Int32,
        outputAlignment: Int32
    ) -> FFTPlan {
        let inExtent = (shape.batch - 1) * shape.inputDistance + shape.size
        let outExtent = (shape.batch - 1) * shape.outputDistance + shape.size
        // Scratch arrays with the caller's alignment (offsets within a 64-byte line).
        let complexStride = MemoryLayout<Complex<Float>>.stride
        let inScratch = AlignedBuffer<UInt8>(count: inExtent * complexStride + 64)
        let outScratch = shape.inPlace ? inScratch : AlignedBuffer<UInt8>(count: outExtent * complexStride + 64)
        let inPtr = UnsafeMutableRawPointer(inScratch.baseAddress + inputOffset)
        let outPtr = shape.inPlace ? inPtr : UnsafeMutableRawPointer(outScratch.baseAddress + outputOffset)
        var flags = rigor.flags
        if !shape.inPlace { flags |= shape.preservesInput ? UInt32(FFTW_PRESERVE_INPUT) : UInt32(FFTW_DESTROY_INPUT) }
        return plannerLock.withLock { wisdomLoaded in
            if !wisdomLoaded {
                wisdomLoaded = true
                if let path = FFTWisdom.defaultPath { _ = FFTWisdom.importUnlocked(from: path) }
            }
            var n = Int32(shape.size)
            let p = fftwf_plan_many_dft(
                1,
                &n,
                Int32(shape.batch),
                inPtr.assumingMemoryBound(to: fftwf_complex.self),
                nil,
                1,
                Int32(shape.inputDistance),
                outPtr.assumingMemoryBound(to: fftwf_complex.self),
                nil,
                1,
                Int32(shape.outputDistance),
                shape.direction.rawValue,
                flags
            )
            guard let p else {
                fatalError("FFTW could not plan a transform of shape \(shape)")
            }
            precondition(
                fftwf_alignment_of(inPtr.assumingMemoryBound(to: Float.self)) == inputAlignment
                    && fftwf_alignment_of(outPtr.assumingMemoryBound(to: Float.self)) == outputAlignment
            )
            if rigor != .estimate, let path = FFTWisdom.defaultPath {
                FFTWisdom.exportUnlocked(to: path)
            }
            return FFTPlan(shape: shape, plan: p, inputAlignment: inputAlignment, outputAlignment: outputAlignment)
        }
    }
}

extension FFTPlan {
    /// FFTW's own account of the plan (`fftwf_sprint_plan`): the algorithm tree with the
    /// codelets it runs (`n1fv_64_avx2`, `t2fv_16_avx512`, …), so their SIMD level shows.
    public var fftwDescription: String {
        FFTPlanCache.plannerLock.withLock { _ in
            guard let text = fftwf_sprint_plan(plan) else { return "" }
            defer { free(text) }
            return String(cString: text)
        }
    }

    /// FFTW's operation counts for one execution: (additions, multiplications, fused multiply-adds).
    public var operationCounts: (add: Double, mul: Double, fma: Double) {
        var add = 0.0
        var mul = 0.0
        var fma = 0.0
        fftwf_flops(plan, &add, &mul, &fma)
        return (add, mul, fma)
    }
}

/// Which FFTW the process runs on.
public enum FFTLibrary {
    /// FFTW's version string, which lists the SIMD levels the library was built with
    /// ("fftw-3.3.10-sse2-avx" for Debian's, "…-avx2-avx512…" for a build for the machine).
    public static var version: String { String(cString: sightline_fftwf_version()) }
    /// The compiler command FFTW was built with.
    public static var compiler: String { String(cString: sightline_fftwf_cc()) }
    /// The SIMD levels named in ``version`` (after "fftw-3.x.y-").
    public static var simdLevels: [String] {
        let parts = version.split(separator: "-").map(String.init)
        return Array(parts.dropFirst(2))
    }
    /// The file the FFTW code is in: the shared library's path, or the executable's when
    /// FFTW is linked statically (a build for the machine).
    public static var location: String {
        sightline_fftwf_location().map { String(cString: $0) } ?? "unknown"
    }
}
