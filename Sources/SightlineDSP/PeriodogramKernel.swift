internal import CSightlineKernels
import Foundation
import Numerics

/// The spectral loop's inner engine for one worker thread: turns runs of hop-spaced frames
/// into windowed periodograms |DFT(w·x)|² (unscaled, natural FFT order).
///
/// Frames are transformed in batches with one batched FFTW plan that reads the frames
/// straight from the caller's buffer (overlapping inputs are fine: the plan preserves its
/// input). Periodic cosine-sum windows are applied afterwards as a circular convolution of
/// 2K+1 taps, fused with the squaring; other windows are applied in the time domain while
/// copying each frame into the batch buffer. Nothing is allocated per frame.
///
/// Not thread-safe (and so not `Sendable`): one kernel per worker, each behind its
/// worker's lock (``SpectralLoop``).
final class PeriodogramKernel {
    let nfft: Int
    let hop: Int
    let batch: Int
    /// Taps c[−K…K] of the frequency-domain window (just [1] for the time-domain path).
    private let taps: [Float]
    private let halfWidth: Int
    /// Interleaved window (w₀, w₀, w₁, w₁, …) for the time-domain path, else nil.
    private let timeWindow: AlignedBuffer<Float>?
    /// Batch rows: each row holds nfft bins starting `lead` elements in (a cache-line
    /// boundary, so FFTW can use aligned SIMD stores), with K wrap-around bins either side.
    private let rows: AlignedBuffer<Complex<Float>>
    private let rowStride: Int
    private let lead: Int
    /// Squares of real and imaginary parts summed over up to `flushFrames` frames, kept
    /// interleaved (re², im², …) so the hot loop needs no shuffles; combined per bin and
    /// added into the caller's double accumulator at each flush.
    private let pairSum: AlignedBuffer<Float>
    /// Windowed frames of one batch (time-domain path), transformed out of place into
    /// `rows`: FFTW's out-of-place plans between two cache-resident buffers measured ~15 %
    /// faster than in-place ones for nfft 1024 (Benchmarks/compare).
    private let windowed: AlignedBuffer<Complex<Float>>?
    private let power: AlignedBuffer<Float>

    /// How the input is stored: integer samples are converted while windowing.
    let format: SampleFormat
    private let bytesPerSample: Int

    /// The batch when the configuration does not fix one: four transforms per plan call, one
    /// from nfft 8192 on. Measured by `make compare` (Debian's FFTW, one thread, two runs per
    /// length): batch 1 against 4 ran at 0.97/0.94× the rate at 2048/4096, 1.02–1.19× at 8192
    /// and 1.05–1.07× at 16384 (batches of long transforms gain nothing and leave the cache).
    static func defaultBatch(nfft: Int) -> Int { nfft >= 8192 ? 1 : 4 }

    init(configuration: SpectralConfiguration, batch: Int? = nil) {
        nfft = configuration.nfft
        hop = configuration.hop
        self.batch = max(1, batch ?? configuration.batch ?? Self.defaultBatch(nfft: configuration.nfft))
        format = configuration.sampleFormat
        bytesPerSample = format.bytesPerSample
        let window = Window(configuration.window, length: nfft, periodic: configuration.periodicWindow)
        let kernel: [Double]? =
            switch configuration.windowDomain {
            // Measured (Benchmarks/compare): windowing while copying each frame into a
            // cache-resident batch and transforming in place beats transforming straight
            // from the input and windowing after, because FFTW's out-of-place passes over
            // a large input miss the cache. So the automatic choice is the time domain.
            // Integer input is always windowed in the time domain (the conversion is there).
            case .automatic, .time: nil
            case .frequency: format.encoding == .cf32 ? window.frequencyDomainKernel : nil
            }
        if let kernel {
            taps = kernel.map { Float($0) }
            halfWidth = (kernel.count - 1) / 2
            timeWindow = nil
        } else {
            taps = [1]
            halfWidth = 0
            // The window divided by the integer scale: conversion and windowing are one multiply.
            let interleaved = AlignedBuffer<Float>(count: 2 * nfft)
            let inverseScale = 1 / format.scale
            for (n, w) in window.values.enumerated() {
                interleaved[2 * n] = Float(w * inverseScale)
                interleaved[2 * n + 1] = Float(w * inverseScale)
            }
            timeWindow = interleaved
        }
        // 8 complex floats = 64 bytes: rows and their data start on cache lines.
        lead = halfWidth > 0 ? 8 : 0
        rowStride = (lead + nfft + halfWidth + 7) / 8 * 8
        rows = AlignedBuffer(count: self.batch * rowStride)
        pairSum = AlignedBuffer(count: 2 * nfft)
        windowed = timeWindow == nil ? nil : AlignedBuffer(count: self.batch * nfft, zeroed: false)
        power = AlignedBuffer(count: nfft)
    }

    /// Processes `frameCount` frames, frame f starting `f·hop` samples after `input` (samples
    /// stored as `format` says).
    ///
    /// - accumulator: if given, Σ over frames of each bin's periodogram is added to it
    ///   (natural FFT order, nfft doubles).
    /// - frameRows: if given, frame f's periodogram times `rowScale` is written to
    ///   `frameRows + f·nfft` in ascending frequency (fftshifted) order.
    func process(
        input: UnsafeRawPointer,
        frameCount: Int,
        accumulator: UnsafeMutablePointer<Double>?,
        frameRows: UnsafeMutablePointer<Float>?,
        rowScale: Float
    ) {
        var first = 0
        var pending = 0  // frames summed in pairSum since the last flush
        while first < frameCount {
            let count = min(batch, frameCount - first)
            transform(input: input + first * hop * bytesPerSample, count: count)
            for b in 0..<count {
                let row = rows.baseAddress + b * rowStride + lead - halfWidth
                if let frameRows {
                    computePower(row: row, into: power.baseAddress)
                    writeShifted(power.baseAddress, to: frameRows + (first + b) * nfft, scale: rowScale)
                }
                if accumulator != nil { accumulateSquares(row: row) }
            }
            first += count
            pending += count
            if let accumulator, pending >= Self.flushFrames || first == frameCount {
                flush(into: accumulator)
                pending = 0
            }
        }
    }

    /// Frames summed in single precision before the sums move to double precision: the
    /// float partial sums then carry at most ~16 terms of rounding (relative 1e-6).
    static let flushFrames = 16

    /// accumulator[k] += pairSum[2k] + pairSum[2k+1]; pairSum = 0.
    private func flush(into accumulator: UnsafeMutablePointer<Double>) {
        let s = pairSum.baseAddress
        for k in 0..<nfft {
            accumulator[k] += Double(s[2 * k]) + Double(s[2 * k + 1])
        }
        pairSum.fill(with: 0)
    }

    /// FFTs `count` frames into the batch rows (at offset `lead` in each row) and fills the
    /// wrap-around bins.
    private func transform(input: UnsafeRawPointer, count: Int) {
        if timeWindow != nil {
            windowFrames(input: input, count: count)
            transformWindowed(count: count)
        } else {
            executeBatches(
                input: input.assumingMemoryBound(to: Complex<Float>.self),
                inputDistance: hop,
                output: rows.baseAddress + lead,
                count: count,
                preservesInput: true
            )
            fillWrapAround(count: count)
        }
    }

    /// Whether the windowing and (time-domain) accumulate passes run the C kernels (compiled
    /// for AVX-512/AVX2 and chosen at load time) rather than the Swift SIMD loops (x86-64
    /// baseline: SSE): `SIGHTLINE_WINDOW_KERNEL=swift` selects the Swift loops, for comparisons.
    static let vectorKernels = ProcessInfo.processInfo.environment["SIGHTLINE_WINDOW_KERNEL"] != "swift"

    /// Time-domain path, first half: converts and windows `count` frames into the batch buffer.
    func windowFrames(input: UnsafeRawPointer, count: Int) {
        guard let timeWindow, let windowed else { return }
        let w = UnsafeRawPointer(timeWindow.baseAddress)
        let frameBytes = hop * bytesPerSample
        for b in 0..<count {
            let src = input + b * frameBytes
            let dst = UnsafeMutableRawPointer(windowed.baseAddress + b * nfft)
            if Self.vectorKernels {
                let wf = timeWindow.baseAddress
                let out = dst.assumingMemoryBound(to: Float.self)
                let n = 2 * nfft
                switch format.encoding {
                case .cf32: sightline_window_cf32(src.assumingMemoryBound(to: Float.self), wf, out, n)
                case .ci16: sightline_window_ci16(src.assumingMemoryBound(to: Int16.self), wf, out, n)
                case .ci8: sightline_window_ci8(src.assumingMemoryBound(to: Int8.self), wf, out, n)
                case .cu8:
                    sightline_window_cu8(
                        src.assumingMemoryBound(to: UInt8.self),
                        wf,
                        SampleEncoding.cu8.unsignedOffset,
                        out,
                        n
                    )
                }
                continue
            }
            switch format.encoding {
            case .cf32: Self.windowFloat(src, w, dst, floats: 2 * nfft)
            case .ci16: Self.windowInt16(src, w, dst, floats: 2 * nfft)
            case .ci8: Self.windowInt8(src, w, dst, floats: 2 * nfft)
            case .cu8: Self.windowUInt8(src, w, dst, floats: 2 * nfft)
            }
        }
    }

    /// Time-domain path, second half: transforms the windowed batch into the rows.
    func transformWindowed(count: Int) {
        guard let windowed else { return }
        executeBatches(
            input: windowed.baseAddress,
            inputDistance: nfft,
            output: rows.baseAddress + lead,
            count: count,
            preservesInput: false
        )
    }

    /// Adds the squares of the first `count` batch rows into the float partial sums (the
    /// accumulate stage alone, for the profile).
    func accumulateBatch(count: Int) {
        for b in 0..<count { accumulateSquares(row: rows.baseAddress + b * rowStride + lead - halfWidth) }
    }

    /// Moves the partial sums into `accumulator` (double) and clears them.
    func flushPartialSums(into accumulator: UnsafeMutablePointer<Double>) { flush(into: accumulator) }

    /// FFTW's description of the plan the kernel runs on batches of `count` frames (made on
    /// first use; "" before any batch of that size ran).
    func planDescription(count: Int) -> String {
        planSlots.first { $0.howMany == (count == batch ? batch : 1) }?.plan.fftwDescription ?? ""
    }

    private func fillWrapAround(count: Int) {
        if halfWidth > 0 {
            for b in 0..<count {
                let x = rows.baseAddress + b * rowStride + lead  // X[0]
                for j in 1...halfWidth {
                    x[-j] = x[nfft - j]  // X[−j] = X[nfft−j]
                    x[nfft + j - 1] = x[j - 1]  // X[nfft+j−1] = X[j−1]
                }
            }
        }
    }

    // The windowing loops, one per encoding: `floats` interleaved values (I, Q, …) times the
    // interleaved window. Eight lanes at a time (SIMD8 conversions compile to vector
    // instructions; wider ones call into the runtime), then a scalar tail.

    @inline(__always)
    private static func windowFloat(
        _ src: UnsafeRawPointer,
        _ w: UnsafeRawPointer,
        _ dst: UnsafeMutableRawPointer,
        floats: Int
    ) {
        var i = 0
        while i + 8 <= floats {
            let x = src.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            let wv = w.load(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            dst.storeBytes(of: x * wv, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < floats {
            let x = src.loadUnaligned(fromByteOffset: 4 * i, as: Float.self)
            dst.storeBytes(of: x * w.load(fromByteOffset: 4 * i, as: Float.self), toByteOffset: 4 * i, as: Float.self)
            i += 1
        }
    }

    @inline(__always)
    private static func windowInt16(
        _ src: UnsafeRawPointer,
        _ w: UnsafeRawPointer,
        _ dst: UnsafeMutableRawPointer,
        floats: Int
    ) {
        var i = 0
        while i + 8 <= floats {
            let raw = src.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Int16>.self)  // little-endian host
            let x = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: raw))
            let wv = w.load(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            dst.storeBytes(of: x * wv, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < floats {
            let x = Float(src.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))
            dst.storeBytes(of: x * w.load(fromByteOffset: 4 * i, as: Float.self), toByteOffset: 4 * i, as: Float.self)
            i += 1
        }
    }

    @inline(__always)
    private static func windowInt8(
        _ src: UnsafeRawPointer,
        _ w: UnsafeRawPointer,
        _ dst: UnsafeMutableRawPointer,
        floats: Int
    ) {
        var i = 0
        while i + 8 <= floats {
            let raw = src.loadUnaligned(fromByteOffset: i, as: SIMD8<Int8>.self)
            let x = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: raw))
            let wv = w.load(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            dst.storeBytes(of: x * wv, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < floats {
            let x = Float(src.load(fromByteOffset: i, as: Int8.self))
            dst.storeBytes(of: x * w.load(fromByteOffset: 4 * i, as: Float.self), toByteOffset: 4 * i, as: Float.self)
            i += 1
        }
    }

    @inline(__always)
    private static func windowUInt8(
        _ src: UnsafeRawPointer,
        _ w: UnsafeRawPointer,
        _ dst: UnsafeMutableRawPointer,
        floats: Int
    ) {
        let offset = SIMD8<Float>(repeating: SampleEncoding.cu8.unsignedOffset)
        var i = 0
        while i + 8 <= floats {
            let raw = src.loadUnaligned(fromByteOffset: i, as: SIMD8<UInt8>.self)
            let x = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: raw)) - offset
            let wv = w.load(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            dst.storeBytes(of: x * wv, toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < floats {
            let x = Float(src.load(fromByteOffset: i, as: UInt8.self)) - SampleEncoding.cu8.unsignedOffset
            dst.storeBytes(of: x * w.load(fromByteOffset: 4 * i, as: Float.self), toByteOffset: 4 * i, as: Float.self)
            i += 1
        }
    }

    private struct PlanSlot {
        var inputOffset: UInt
        var outputOffset: UInt
        var howMany: Int
        var preservesInput: Bool
        var plan: FFTPlan
    }
    /// Plans already fetched by this kernel, keyed by the pointers' offsets within a cache
    /// line (frames at odd hops alternate alignment) and batch size: a few entries at most.
    private var planSlots: [PlanSlot] = []

    private func plan(
        input: UnsafePointer<Complex<Float>>,
        output: UnsafeMutablePointer<Complex<Float>>,
        inputDistance: Int,
        howMany: Int,
        preservesInput: Bool
    ) -> FFTPlan {
        let io = UInt(bitPattern: input) % 64
        let oo = UInt(bitPattern: output) % 64
        for slot in planSlots
        where slot.inputOffset == io && slot.outputOffset == oo && slot.howMany == howMany
            && slot.preservesInput == preservesInput
        {
            return slot.plan
        }
        let shape = FFTShape(
            size: nfft,
            direction: .forward,
            batch: howMany,
            inputDistance: inputDistance,
            outputDistance: rowStride,
            inPlace: false,
            preservesInput: preservesInput
        )
        let made = FFTPlanCache.shared.plan(for: shape, input: input, output: output)
        planSlots.append(
            PlanSlot(inputOffset: io, outputOffset: oo, howMany: howMany, preservesInput: preservesInput, plan: made)
        )
        return made
    }

    private func executeBatches(
        input: UnsafePointer<Complex<Float>>,
        inputDistance: Int,
        output: UnsafeMutablePointer<Complex<Float>>,
        count: Int,
        preservesInput: Bool
    ) {
        let howMany = count == batch ? batch : 1
        var b = 0
        while b < count {
            let src = input + b * inputDistance
            let dst = output + b * rowStride
            plan(
                input: src,
                output: dst,
                inputDistance: inputDistance,
                howMany: howMany,
                preservesInput: preservesInput
            )
            .execute(input: src, output: dst)
            b += howMany
        }
    }

    /// pairSum[2m…2m+1] += (Re Y[m])², (Im Y[m])² with Y[m] = Σⱼ c[j]·X[m+j], for the row
    /// whose X[−K] is at `row`.
    @inline(__always)
    func accumulateSquares(row: UnsafePointer<Complex<Float>>) {
        let raw = UnsafeRawPointer(row)
        let d = UnsafeMutableRawPointer(pairSum.baseAddress)
        let n = nfft
        var m = 0
        switch halfWidth {
        case 0 where Self.vectorKernels:
            sightline_accumulate_squares(
                UnsafeRawPointer(row).assumingMemoryBound(to: Float.self),
                pairSum.baseAddress,
                2 * n
            )
            return
        case 0:
            while m + 4 <= n {
                let y = raw.loadUnaligned(fromByteOffset: 8 * m, as: SIMD8<Float>.self)
                let a = d.load(fromByteOffset: 8 * m, as: SIMD8<Float>.self)
                d.storeBytes(of: a + y * y, toByteOffset: 8 * m, as: SIMD8<Float>.self)
                m += 4
            }
        case 1:
            let c0 = SIMD8<Float>(repeating: taps[1])
            let c1 = SIMD8<Float>(repeating: taps[0])
            while m + 4 <= n {
                let left = raw.loadUnaligned(fromByteOffset: 8 * m, as: SIMD8<Float>.self)
                let mid = raw.loadUnaligned(fromByteOffset: 8 * (m + 1), as: SIMD8<Float>.self)
                let right = raw.loadUnaligned(fromByteOffset: 8 * (m + 2), as: SIMD8<Float>.self)
                let y = c0 * mid + c1 * (left + right)
                let a = d.load(fromByteOffset: 8 * m, as: SIMD8<Float>.self)
                d.storeBytes(of: a + y * y, toByteOffset: 8 * m, as: SIMD8<Float>.self)
                m += 4
            }
        default:
            taps.withUnsafeBufferPointer { c in
                while m + 4 <= n {
                    var y = SIMD8<Float>(repeating: 0)
                    for j in 0..<c.count {
                        y +=
                            SIMD8<Float>(repeating: c[j])
                            * raw.loadUnaligned(fromByteOffset: 8 * (m + j), as: SIMD8<Float>.self)
                    }
                    let a = d.load(fromByteOffset: 8 * m, as: SIMD8<Float>.self)
                    d.storeBytes(of: a + y * y, toByteOffset: 8 * m, as: SIMD8<Float>.self)
                    m += 4
                }
            }
        }
        let s = pairSum.baseAddress
        while m < n {  // remaining bins (nfft not a multiple of 4)
            let (re, im) = filtered(row: row, bin: m)
            s[2 * m] += re * re
            s[2 * m + 1] += im * im
            m += 1
        }
    }

    /// Y[m] for one bin, scalar.
    @inline(__always)
    private func filtered(row: UnsafePointer<Complex<Float>>, bin m: Int) -> (Float, Float) {
        var re: Float = 0
        var im: Float = 0
        for j in 0..<taps.count {
            let x = row[m + j]
            re += taps[j] * x.real
            im += taps[j] * x.imaginary
        }
        return (re, im)
    }

    /// power[m] = |Σⱼ c[j]·X[m+j]|² for the row whose X[−K] is at `row` (one frame's
    /// periodogram, for spectrogram rows).
    private func computePower(row: UnsafePointer<Complex<Float>>, into dest: UnsafeMutablePointer<Float>) {
        var m = 0
        if halfWidth == 0 {
            let raw = UnsafeRawPointer(row)
            let d = UnsafeMutableRawPointer(dest)
            while m + 4 <= nfft {
                let y = raw.loadUnaligned(fromByteOffset: 8 * m, as: SIMD8<Float>.self)
                let sq = y * y
                d.storeBytes(of: sq.evenHalf + sq.oddHalf, toByteOffset: 4 * m, as: SIMD4<Float>.self)
                m += 4
            }
        }
        while m < nfft {
            let (re, im) = filtered(row: row, bin: m)
            dest[m] = re * re + im * im
            m += 1
        }
    }

    /// dest[i] = scale·source[(i − ⌊n/2⌋) mod n]: ascending frequency order.
    @inline(__always)
    private func writeShifted(_ source: UnsafePointer<Float>, to dest: UnsafeMutablePointer<Float>, scale: Float) {
        let half = nfft / 2
        let upper = nfft - half
        for i in 0..<half { dest[i] = scale * source[upper + i] }
        for i in 0..<upper { dest[half + i] = scale * source[i] }
    }
}
