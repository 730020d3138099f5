import Numerics
import SightlineCore
import Synchronization

/// A finished Welch estimate.
public struct PowerSpectrum: Sendable {
    public let configuration: SpectralConfiguration
    /// Bin frequencies relative to the centre frequency, ascending.
    public let frequencyOffsetsHz: [Double]
    /// The estimate per bin, ascending frequency, scaled as `configuration.scaling` says.
    public let values: [Double]
    /// Frames averaged.
    public let frameCount: Int
    /// Samples consumed (including a partial last frame that was not used).
    public let sampleCount: Int
}

/// The streaming spectral loop: Welch PSD (mean or median) and, optionally, every frame's
/// scaled periodogram (the STFT power spectrogram) for a waterfall or a detector.
///
/// Feed samples in blocks of any size with ``append(_:)`` or, without a copy, by letting a
/// reader write into the loop's own buffer with ``fill(_:)``; then call ``finish()``.
/// Memory is bounded by the block size whatever the input length; the median keeps up to
/// `medianMemoryBytes` of per-frame periodograms in memory and the rest in a temporary file
/// (``SpilledMedian``), from which exact medians are selected.
///
/// Numerically equal to `scipy.signal.welch(x, fs, window, nperseg=nfft, noverlap,
/// detrend=False, return_onesided=False, scaling, average)` after `fftshift`: frames start
/// every hop samples from the first, a partial last frame is dropped. Sums are kept in
/// double precision (per-batch float partials of 16 frames), so the mean's rounding error
/// stays near float epsilon however many frames are averaged.
public final class SpectralLoop {
    public let configuration: SpectralConfiguration
    public let window: Window
    /// Called with each block's frames in order: (index of the first frame, rows of nfft
    /// scaled periodogram values in ascending frequency, one row after another).
    public typealias FrameHandler = (_ firstFrame: Int, _ rows: UnsafeBufferPointer<Float>) -> Void

    private let frameHandler: FrameHandler?
    private let workers: [Worker]
    private let total: AlignedBuffer<Double>
    /// The block buffer, in the input's own sample format; `capacity` samples.
    private let buffer: AlignedBuffer<UInt8>
    private let capacity: Int
    private let bytesPerSample: Int
    private var buffered = 0
    private var framesDone = 0
    private var samplesSeen = 0
    private var rowBuffer: AlignedBuffer<Float>?
    private var medianRows: [Float] = []
    private var spilled: SpilledMedian?
    /// Bytes of periodogram rows the median keeps in memory before moving them to a
    /// temporary file (then selection runs over the file, still exactly).
    private let medianMemoryBytes: Int
    private let scale: Double

    /// Frames per block at most: the buffer holds this many hops plus one frame.
    public static let defaultBlockFrames = 1024

    /// Bytes of input a block holds by default: 1024 hops of nfft 1024 cf32 at 50 %, small
    /// enough to stay in the last-level cache between the read and the windowing pass.
    public static let defaultBlockBytes = 4 << 20

    /// The default frames per block for `configuration`: ``defaultBlockFrames``, fewer for
    /// long transforms so the block stays near ``defaultBlockBytes`` (at least 64 frames, so
    /// that a block still splits between two workers). Measured through a 512 MiB file in
    /// the page cache, nfft 16384: 1024 frames per block (a 128 MiB buffer) ran at 0.5× an
    /// mmap'd C loop.
    public static func blockFrames(for configuration: SpectralConfiguration) -> Int {
        let perFrame = configuration.hop * configuration.sampleFormat.bytesPerSample
        return max(64, min(defaultBlockFrames, defaultBlockBytes / max(1, perFrame)))
    }

    public init(
        configuration: SpectralConfiguration,
        blockFrames: Int? = nil,
        medianMemoryBytes: Int = 8 << 20,
        frameHandler: FrameHandler? = nil
    ) throws {
        self.medianMemoryBytes = medianMemoryBytes
        try configuration.validate()
        self.configuration = configuration
        self.frameHandler = frameHandler
        window = Window(configuration.window, length: configuration.nfft, periodic: configuration.periodicWindow)
        workers = (0..<Parallel.threads(configuration.threads)).map { _ in Worker(configuration: configuration) }
        total = AlignedBuffer(count: configuration.nfft)
        let frames = blockFrames ?? Self.blockFrames(for: configuration)
        capacity = max(1, frames) * configuration.hop + configuration.nfft
        bytesPerSample = configuration.sampleFormat.bytesPerSample
        buffer = AlignedBuffer(count: capacity * bytesPerSample, zeroed: false)
        scale =
            switch configuration.scaling {
            case .density: 1 / (configuration.sampleRateHz * window.sumOfSquares)
            case .spectrum: 1 / (window.sum * window.sum)
            }
    }

    /// Frames processed so far.
    public var frameCount: Int { framesDone }

    /// Consumes `samples`. Whole frames are transformed straight from the caller's memory
    /// when nothing is pending; only a partial frame at the end is copied in. The loop's
    /// sample format must be cf32.
    public func append(_ samples: UnsafeBufferPointer<Complex<Float>>) {
        precondition(configuration.sampleFormat.encoding == .cf32, "append(Complex<Float>) on a loop for integer input")
        guard let base = samples.baseAddress else { return }
        append(raw: UnsafeRawPointer(base), count: samples.count)
    }

    /// Consumes `count` samples stored at `raw` in the loop's sample format (a memory-mapped
    /// recording, say). Whole frames are read in place; only a partial frame is copied.
    public func append(raw: UnsafeRawPointer, count: Int) {
        let n = configuration.nfft
        let hop = configuration.hop
        let bps = bytesPerSample
        let blockFrames = (capacity - n) / hop + 1
        var offset = 0
        while offset < count {
            let available = count - offset
            if buffered == 0 && available >= n {
                let frames = min(blockFrames, (available - n) / hop + 1)
                processFrames(input: raw + offset * bps, frames: frames)
                offset += frames * hop
                samplesSeen += frames * hop
                continue
            }
            fillRaw { free, room in
                let taken = min(room, count - offset)
                free.copyMemory(from: raw + offset * bps, byteCount: taken * bps)
                offset += taken
                return taken
            }
        }
    }

    /// Copies `samples` in.
    public func append(_ samples: [Complex<Float>]) {
        samples.withUnsafeBufferPointer { append($0) }
    }

    /// Lets `body` write up to the free capacity straight into the loop's buffer; `body`
    /// returns how many samples it wrote (0 at end of input). Returns that count.
    /// The loop's sample format must be cf32.
    @discardableResult
    public func fill(_ body: (UnsafeMutableBufferPointer<Complex<Float>>) throws -> Int) rethrows -> Int {
        precondition(configuration.sampleFormat.encoding == .cf32, "fill(Complex<Float>) on a loop for integer input")
        return try fillRaw { free, room in
            let typed = free.bindMemory(to: Complex<Float>.self, capacity: room)
            return try body(UnsafeMutableBufferPointer(start: typed, count: room))
        }
    }

    /// Lets `body` write samples in the loop's sample format straight into its buffer:
    /// `body(start, room)` writes up to `room` whole samples at `start` and returns how many
    /// (0 at end of input). Returns that count.
    @discardableResult
    public func fillRaw(_ body: (UnsafeMutableRawPointer, Int) throws -> Int) rethrows -> Int {
        let room = capacity - buffered
        let written = try body(UnsafeMutableRawPointer(buffer.baseAddress + buffered * bytesPerSample), room)
        precondition(written >= 0 && written <= room, "fill wrote outside the free space")
        buffered += written
        samplesSeen += written
        if buffered == capacity { processBuffered() }
        return written
    }

    /// Processes what is buffered and returns the estimate. Throws if no whole frame was seen.
    public func finish() throws -> PowerSpectrum {
        processBuffered()
        if let spillError { throw spillError }
        let n = configuration.nfft
        guard framesDone > 0 else {
            throw SightlineError(
                .invalidValue,
                location: "input",
                field: "samples",
                message: "\(samplesSeen) samples is shorter than one frame of \(n)",
                fix: "use a smaller nfft or a longer input"
            )
        }
        var values = [Double](repeating: 0, count: n)
        switch configuration.average {
        case .mean:
            let half = n / 2
            let upper = n - half
            let factor = scale / Double(framesDone)
            for i in 0..<half { values[i] = total[upper + i] * factor }
            for i in 0..<upper { values[half + i] = total[i] * factor }
        case .median:
            let medians: [Double]
            if let spilled {
                medians = try spilled.medians()
            } else {
                medians = Self.median(rows: medianRows, frames: framesDone, bins: n)
            }
            let bias = framesDone > 1 ? Self.medianBias(framesDone) : 1
            values = medians.map { $0 / bias }
        }
        return PowerSpectrum(
            configuration: configuration,
            frequencyOffsetsHz: configuration.frequencyOffsetsHz,
            values: values,
            frameCount: framesDone,
            sampleCount: samplesSeen
        )
    }

    /// Processes every whole frame in the buffer and keeps the tail for the next block.
    private func processBuffered() {
        let n = configuration.nfft
        let hop = configuration.hop
        let frames = buffered < n ? 0 : (buffered - n) / hop + 1
        guard frames > 0 else { return }
        processFrames(input: UnsafeRawPointer(buffer.baseAddress), frames: frames)
        // Keep the samples from the next frame's start on.
        let consumed = frames * hop
        let remaining = buffered - consumed
        if remaining > 0 {
            buffer.baseAddress.update(
                from: buffer.baseAddress + consumed * bytesPerSample,
                count: remaining * bytesPerSample
            )
        }
        buffered = remaining
    }

    /// Runs `frames` hop-spaced frames starting at `input` through the workers.
    private func processFrames(input start: UnsafeRawPointer, frames: Int) {
        let n = configuration.nfft
        let hop = configuration.hop
        let needRows = frameHandler != nil || configuration.average == .median
        if needRows && (rowBuffer?.count ?? 0) < frames * n {
            rowBuffer = AlignedBuffer(count: frames * n, zeroed: false)
        }
        let rowsPointer = needRows ? rowBuffer!.baseAddress : nil
        // The workers get addresses, not pointers, so that no pointer joins a worker's locked
        // state: the frames are only read, and each run writes only its own rows.
        let inputAddress = UInt(bitPattern: start)
        let rowsAddress = rowsPointer.map { UInt(bitPattern: $0) }
        let wantSum = configuration.average == .mean
        // Split the block's frames into contiguous runs, one per worker; short blocks run
        // on the calling thread. The split depends only on the frame count, so results are
        // reproducible for a given configuration.
        let parts = frames >= 64 ? workers.count : 1
        let rowScale = Float(scale)
        let slots = workers
        let bps = bytesPerSample
        _ = Parallel.map(parts, threads: parts) { w in
            let run = Parallel.range(part: w, of: parts, count: frames)
            slots[w].state.withLock { s in
                if wantSum { s.accumulator.fill(with: 0) }
                guard !run.isEmpty else { return }
                let frameInput = UnsafeRawPointer(bitPattern: inputAddress)! + run.lowerBound * hop * bps
                let frameRows = rowsAddress.map { UnsafeMutablePointer<Float>(bitPattern: $0)! + run.lowerBound * n }
                s.kernel.process(
                    input: frameInput,
                    frameCount: run.count,
                    accumulator: wantSum ? s.accumulator.baseAddress : nil,
                    frameRows: frameRows,
                    rowScale: rowScale
                )
            }
        }
        if wantSum {
            for w in 0..<parts {
                workers[w].state.withLock { s in
                    let acc = s.accumulator.baseAddress
                    for k in 0..<n { total[k] += acc[k] }
                }
            }
        }
        if let rowsPointer {
            let rows = UnsafeBufferPointer(start: UnsafePointer(rowsPointer), count: frames * n)
            if configuration.average == .median { keepForMedian(rows) }
            frameHandler?(framesDone, rows)
        }
        framesDone += frames
    }

    /// Keeps rows for the median: in memory up to the budget, then in a temporary file.
    private func keepForMedian(_ rows: UnsafeBufferPointer<Float>) {
        do {
            if spilled == nil && (medianRows.count + rows.count) * 4 > medianMemoryBytes {
                let file = try SpilledMedian(bins: configuration.nfft)
                try medianRows.withUnsafeBufferPointer { try file.append($0) }
                medianRows = []
                spilled = file
            }
            if let spilled {
                try spilled.append(rows)
            } else {
                medianRows.append(contentsOf: rows)
            }
        } catch {
            spillError = error
        }
    }
    private var spillError: Error?

    /// Per-bin median over frames (np.median: mean of the middle two for an even count).
    static func median(rows: [Float], frames: Int, bins: Int) -> [Double] {
        var column = [Float](repeating: 0, count: frames)
        var result = [Double](repeating: 0, count: bins)
        for k in 0..<bins {
            for f in 0..<frames { column[f] = rows[f * bins + k] }
            column.sort()
            result[k] = Statistics.median(sorted: column)
        }
        return result
    }

    /// The median's bias relative to the mean for n χ²₂ periodograms:
    /// 1 + Σ_{i=1}^{⌊(n−1)/2⌋} (1/(2i+1) − 1/(2i)) (Allen et al. 2012, App. B; scipy's
    /// `_median_bias`).
    public static func medianBias(_ n: Int) -> Double {
        var bias = 1.0
        let terms = (n - 1) / 2
        if terms >= 1 {
            for i in 1...terms {
                let ii = 2 * Double(i)
                bias += 1 / (ii + 1) - 1 / ii
            }
        }
        return bias
    }
}

extension SpectralLoop {
    /// One worker's periodogram kernel and partial sums. Item w of a block is the only user
    /// of worker w, so its lock is never contended; it is what lets the kernel (not
    /// thread-safe) be handed to the worker thread without an unchecked `Sendable`.
    final class Worker: Sendable {
        struct State {
            let kernel: PeriodogramKernel
            let accumulator: AlignedBuffer<Double>
        }
        let state: Mutex<State>

        init(configuration: SpectralConfiguration) {
            state = Mutex(
                State(
                    kernel: PeriodogramKernel(configuration: configuration),
                    accumulator: AlignedBuffer(count: configuration.nfft)
                )
            )
        }
    }
}

/// Whole-array conveniences.
public enum Welch {
    /// The Welch PSD of `samples` (see ``SpectralLoop``).
    public static func estimate(
        _ samples: [Complex<Float>],
        configuration: SpectralConfiguration
    ) throws -> PowerSpectrum {
        let loop = try SpectralLoop(configuration: configuration)
        loop.append(samples)
        return try loop.finish()
    }
}

/// The STFT power spectrogram: every frame's scaled periodogram, ascending frequency.
public struct Spectrogram: Sendable {
    public let configuration: SpectralConfiguration
    public let frameCount: Int
    /// Row-major frames × nfft.
    public let values: [Float]

    /// Frame start times in seconds from the first sample (the frame's first sample).
    public var frameStartTimesS: [Double] {
        (0..<frameCount).map { Double($0 * configuration.hop) / configuration.sampleRateHz }
    }

    public static func compute(_ samples: [Complex<Float>], configuration: SpectralConfiguration) throws -> Spectrogram
    {
        var values: [Float] = []
        let loop = try SpectralLoop(configuration: configuration) { _, rows in values.append(contentsOf: rows) }
        loop.append(samples)
        let psd = try loop.finish()
        return Spectrogram(configuration: configuration, frameCount: psd.frameCount, values: values)
    }
}
