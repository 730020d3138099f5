import Foundation
import SightlineCore

#if canImport(Glibc)
import Glibc
#endif

/// What `sightline profile` measures: the FFT path of the spectral loop, stage by stage, on
/// this machine, in one process (the machine's speed drifts between processes, so only
/// figures measured side by side in one run are compared).
public struct FFTProfileOptions: Sendable, Equatable {
    /// Transform lengths profiled (each a row).
    public var nfftSizes: [Int]
    public var window: WindowKind
    /// Overlap as a fraction of nfft (0 ≤ f < 1).
    public var overlapFraction: Double
    public var encoding: SampleEncoding
    /// Worker threads of the loop figure; scaling is measured on 1 and max(2, threads).
    public var threads: Int
    /// Samples in the in-memory input (chosen larger than the last-level cache).
    public var samples: Int
    /// Interleaved rounds; each figure is its best round.
    public var rounds: Int
    /// Batch sizes whose per-transform time is measured.
    public var candidateBatches: [Int]
    /// Where the file-I/O stage's temporary file goes (in the page cache once written).
    public var temporaryDirectory: String

    public static let defaultSizes = [256, 512, 1024, 2048, 4096, 8192, 16384]

    public init(
        nfftSizes: [Int] = FFTProfileOptions.defaultSizes,
        window: WindowKind = .hann,
        overlapFraction: Double = 0.5,
        encoding: SampleEncoding = .cf32,
        threads: Int = 1,
        samples: Int = 1 << 23,
        rounds: Int = 3,
        candidateBatches: [Int] = [1, 2, 4, 8, 16],
        temporaryDirectory: String = NSTemporaryDirectory()
    ) {
        self.nfftSizes = nfftSizes
        self.window = window
        self.overlapFraction = overlapFraction
        self.encoding = encoding
        self.threads = threads
        self.samples = samples
        self.rounds = rounds
        self.candidateBatches = candidateBatches
        self.temporaryDirectory = temporaryDirectory
    }

    /// Checks the options; errors name the option (`nfft`, `overlap`, …) in backquotes.
    public func validate() throws {
        func bad(_ field: String, _ message: String, _ fix: String) -> SightlineError {
            SightlineError(
                .invalidValue,
                location: SightlineError.parametersLocation,
                field: field,
                message: message,
                fix: fix
            )
        }
        guard !nfftSizes.isEmpty else { throw bad("nfft", "no transform length", "give `nfft`, e.g. 1024") }
        for n in nfftSizes where n < 16 || n > 1 << 20 {
            throw bad("nfft", "\(n) is out of range", "use a transform length from 16 to 1048576")
        }
        guard overlapFraction.isFinite && overlapFraction >= 0 && overlapFraction < 1 else {
            throw bad("overlap", "\(overlapFraction) is not a fraction of a frame", "use `overlap` from 0 to below 1")
        }
        guard threads >= 1 && threads <= SpectralConfiguration.maximumThreads else {
            throw bad(
                "threads",
                "\(threads) threads",
                "use `threads` from 1 to \(SpectralConfiguration.maximumThreads)"
            )
        }
        guard rounds >= 1 && rounds <= 100 else { throw bad("rounds", "\(rounds) rounds", "use 1 to 100") }
        let largest = nfftSizes.max() ?? 0
        guard samples >= 4 * largest && samples <= 1 << 28 else {
            throw bad("samples", "\(samples) samples", "use at least 4·nfft (\(4 * largest)) and at most 268435456")
        }
        guard !candidateBatches.isEmpty, candidateBatches.allSatisfy({ $0 >= 1 && $0 <= 256 }) else {
            throw bad("batch", "batch sizes \(candidateBatches)", "use batch sizes from 1 to 256")
        }
    }

    /// The spectral configuration profiled for one transform length.
    public func configuration(nfft: Int, threads: Int, batch: Int? = nil) -> SpectralConfiguration {
        let overlap = min(nfft - 1, Int((overlapFraction * Double(nfft)).rounded()))
        return SpectralConfiguration(
            nfft: nfft,
            overlapSamples: overlap,
            window: window,
            threads: threads,
            sampleFormat: SampleFormat(encoding),
            batch: batch
        )
    }
}

/// `sightline profile --json`: the machine, the FFTW it runs on, and one row per transform
/// length. Rates are in millions of input samples per second (a transform of nfft points
/// advances the input by one hop), times in nanoseconds.
public struct FFTProfileDocument: ResultDocument, Equatable {
    public static let documentName = "FFT profile"
    public static let writtenBy = "sightline profile --json"

    public struct Machine: Codable, Sendable, Equatable {
        public var cpu: String
        public var cores: Int
        /// The SIMD extensions /proc/cpuinfo lists (sse2 … avx512f, fma).
        public var simd: [String]
    }

    public struct FFTW: Codable, Sendable, Equatable {
        /// `fftwf_version`: "fftw-3.3.10-sse2-avx" (Debian) or with avx2/avx512 (for the machine).
        public var version: String
        public var simdLevels: [String]
        public var compiler: String
        /// The shared library, or the executable when FFTW is linked in statically.
        public var location: String

        enum CodingKeys: String, CodingKey {
            case version, simdLevels = "simd_levels", compiler, location
        }
    }

    public struct Parameters: Codable, Sendable, Equatable {
        public var window: String
        public var overlapFraction: Double
        public var datatype: String
        public var threads: Int
        public var samples: Int
        public var inputBytes: Int
        public var rounds: Int

        enum CodingKeys: String, CodingKey {
            case window, overlapFraction = "overlap_fraction", datatype, threads, samples
            case inputBytes = "input_bytes", rounds
        }
    }

    /// One stage of the loop measured alone over the same frames.
    public struct Stage: Codable, Sendable, Equatable {
        /// `window` (convert and window copy from memory), `transform` (cache-resident),
        /// `accumulate` (|X|² sums), `file_io` (read(2) of the input from the page cache).
        public var name: String
        public var nsPerSample: Double
        /// Its share of the four stages' total.
        public var share: Double

        enum CodingKeys: String, CodingKey {
            case name, nsPerSample = "ns_per_sample", share
        }
    }

    public struct BatchTime: Codable, Sendable, Equatable {
        public var batch: Int
        public var nsPerTransform: Double

        enum CodingKeys: String, CodingKey {
            case batch, nsPerTransform = "ns_per_transform"
        }
    }

    public struct ThreadRate: Codable, Sendable, Equatable {
        public var threads: Int
        public var msps: Double
    }

    public struct Rates: Codable, Sendable, Equatable {
        /// The loop's transforms alone on a cache-resident batch.
        public var transform: Double
        /// One read of the input at the memory stream rate.
        public var memoryPass: Double
        /// The window (and conversion) pass alone, input in memory.
        public var window: Double
        public var accumulate: Double
        /// read(2) of the input from the page cache into an aligned block.
        public var fileRead: Double
        /// The whole loop, input in memory, `threads` workers.
        public var loop: Double
        /// The whole loop, one worker, input in memory.
        public var loopOneThread: Double
        /// The whole loop, one worker, reading the file into its block buffer.
        public var loopFileRead: Double
        /// The whole loop, one worker, over the file mapped with MADV_SEQUENTIAL.
        public var loopFileMmap: Double
        /// Transform plus one memory pass: the most any loop over FFTW's transforms can do.
        public var bound: Double

        enum CodingKeys: String, CodingKey {
            case transform, memoryPass = "memory_pass", window, accumulate, fileRead = "file_read", loop
            case loopOneThread = "loop_one_thread", loopFileRead = "loop_file_read"
            case loopFileMmap = "loop_file_mmap", bound
        }
    }

    public struct Size: Codable, Sendable, Equatable {
        public var nfft: Int
        public var hop: Int
        /// The batch the loop uses (transforms per plan call).
        public var batch: Int
        /// `fftwf_sprint_plan` of the loop's batched plan.
        public var plan: String
        public var transformNs: Double
        public var rates: Rates
        public var stages: [Stage]
        /// bound time / one-thread loop time.
        public var fractionOfBound: Double
        public var scaling: [ThreadRate]
        /// Rate on two (or more) threads over the rate on one.
        public var threadSpeedup: Double
        public var batchTimes: [BatchTime]
        public var fastestBatch: Int
        /// "read" or "mmap": the faster reader path through the page cache.
        public var fasterReader: String

        enum CodingKeys: String, CodingKey {
            case nfft, hop, batch, plan, transformNs = "transform_ns", rates, stages
            case fractionOfBound = "fraction_of_bound", scaling, threadSpeedup = "thread_speedup"
            case batchTimes = "batch_times", fastestBatch = "fastest_batch", fasterReader = "faster_reader"
        }
    }

    public var machine: Machine
    public var fftw: FFTW
    public var parameters: Parameters
    /// Sequential read bandwidth of the input buffer, GB/s (10⁹ bytes).
    public var memoryStreamGBps: Double
    public var sizes: [Size]

    enum CodingKeys: String, CodingKey {
        case machine, fftw, parameters, memoryStreamGBps = "memory_stream_gbps", sizes
    }
}

/// Measures the FFT path (see ``FFTProfileOptions``).
public enum FFTPathProfile {
    /// Runs the profile; `progress` gets one line per transform length.
    public static func run(
        _ options: FFTProfileOptions,
        progress: (String) -> Void = { _ in }
    ) throws -> FFTProfileDocument {
        try options.validate()
        let format = SampleFormat(options.encoding)
        let bps = format.bytesPerSample
        let input = AlignedBuffer<UInt8>(count: options.samples * bps, zeroed: false)
        fillNoise(input, encoding: options.encoding)
        let file = try TemporaryInput(directory: options.temporaryDirectory, contents: input)
        defer { file.remove() }

        var stream = Double.infinity
        for _ in 0..<options.rounds { stream = min(stream, seconds { _ = streamRead(input) }) }
        let streamGBps = Double(input.count) / stream / 1e9

        var sizes: [FFTProfileDocument.Size] = []
        for nfft in options.nfftSizes {
            progress("profiling nfft \(nfft)…")
            sizes.append(try profile(nfft: nfft, options: options, input: input, file: file, streamGBps: streamGBps))
        }
        return FFTProfileDocument(
            machine: machineInfo(),
            fftw: FFTProfileDocument.FFTW(
                version: FFTLibrary.version,
                simdLevels: FFTLibrary.simdLevels,
                compiler: FFTLibrary.compiler,
                location: FFTLibrary.location
            ),
            parameters: FFTProfileDocument.Parameters(
                window: options.window.description,
                overlapFraction: options.overlapFraction,
                datatype: options.encoding.rawValue,
                threads: options.threads,
                samples: options.samples,
                inputBytes: input.count,
                rounds: options.rounds
            ),
            memoryStreamGBps: streamGBps,
            sizes: sizes
        )
    }

    private static func profile(
        nfft: Int,
        options: FFTProfileOptions,
        input: AlignedBuffer<UInt8>,
        file: TemporaryInput,
        streamGBps: Double
    ) throws -> FFTProfileDocument.Size {
        let one = options.configuration(nfft: nfft, threads: 1)
        let hop = one.hop
        let bps = one.sampleFormat.bytesPerSample
        let samples = options.samples
        let frames = one.frameCount(sampleCount: samples)
        let advanced = Double(frames * hop)  // input samples the frames advance over
        let kernel = PeriodogramKernel(configuration: one)
        let batch = kernel.batch
        let base = UnsafeRawPointer(input.baseAddress)
        let accumulator = AlignedBuffer<Double>(count: nfft)
        // Plans and wisdom outside the timed runs; the first batch is windowed and transformed
        // once, so the rows hold finite values for the accumulate stage.
        kernel.windowFrames(input: base, count: batch)
        kernel.transformWindowed(count: batch)
        let batchKernels = options.candidateBatches.map { b in
            let k = PeriodogramKernel(configuration: one, batch: b)
            k.windowFrames(input: base, count: b)
            k.transformWindowed(count: b)
            return k
        }
        let scalingThreads = Array(Set([1, max(2, options.threads)])).sorted()
        for t in Set(scalingThreads + [options.threads]) {
            _ = try runLoop(options.configuration(nfft: nfft, threads: t), base, min(samples, 64 * nfft))
        }

        var t = [String: Double]()
        func best(_ key: String, _ value: Double) { t[key] = min(t[key] ?? .infinity, value) }
        var batchBest = [Double](repeating: .infinity, count: batchKernels.count)
        let whole = frames / batch * batch
        for _ in 0..<options.rounds {
            best(
                "window",
                seconds {
                    var f = 0
                    while f < whole {
                        kernel.windowFrames(input: base + f * hop * bps, count: batch)
                        f += batch
                    }
                }
            )
            kernel.windowFrames(input: base, count: batch)
            best(
                "transform",
                seconds {
                    var f = 0
                    while f < whole {
                        kernel.transformWindowed(count: batch)
                        f += batch
                    }
                }
            )
            best(
                "accumulate",
                seconds {
                    var f = 0
                    var pending = 0
                    while f < whole {
                        kernel.accumulateBatch(count: batch)
                        pending += batch
                        if pending >= PeriodogramKernel.flushFrames {
                            kernel.flushPartialSums(into: accumulator.baseAddress)
                            pending = 0
                        }
                        f += batch
                    }
                }
            )
            best("file_io", try seconds { try file.readAll() })
            for t1 in scalingThreads {
                best(
                    "loop\(t1)",
                    try seconds { _ = try runLoop(options.configuration(nfft: nfft, threads: t1), base, samples) }
                )
            }
            if !scalingThreads.contains(options.threads) {
                best(
                    "loop\(options.threads)",
                    try seconds {
                        _ = try runLoop(options.configuration(nfft: nfft, threads: options.threads), base, samples)
                    }
                )
            }
            best("loop_read", try seconds { _ = try file.loopRead(one) })
            best("loop_mmap", try seconds { _ = try file.loopMapped(one) })
            for (i, k) in batchKernels.enumerated() {
                let b = k.batch
                let calls = max(1, whole / b)
                let s = seconds { for _ in 0..<calls { k.transformWindowed(count: b) } }
                batchBest[i] = min(batchBest[i], s / Double(calls * b))
            }
        }
        // Accumulated frames cover `whole` frames in the stage runs, `frames` in the loop.
        let stageFrames = Double(whole * hop)
        func perSample(_ key: String, frames count: Double) -> Double { t[key]! / count }
        let window = perSample("window", frames: stageFrames)
        let transform = perSample("transform", frames: stageFrames)
        let accumulate = perSample("accumulate", frames: stageFrames)
        let fileIO = t["file_io"]! / Double(samples)
        let memory = Double(bps) / (streamGBps * 1e9)
        let loopOne = t["loop1"]! / advanced
        let loop = t["loop\(options.threads)"]! / advanced
        let bound = transform + memory
        let stageTotal = window + transform + accumulate + fileIO
        let stages = [("window", window), ("transform", transform), ("accumulate", accumulate), ("file_io", fileIO)]
            .map { FFTProfileDocument.Stage(name: $0.0, nsPerSample: $0.1 * 1e9, share: $0.1 / stageTotal) }
        let scaling = scalingThreads.map { n in
            FFTProfileDocument.ThreadRate(threads: n, msps: advanced / t["loop\(n)"]! / 1e6)
        }
        let batchTimes = zip(batchKernels, batchBest).map {
            FFTProfileDocument.BatchTime(batch: $0.0.batch, nsPerTransform: $0.1 * 1e9)
        }
        let fastest = batchTimes.min { $0.nsPerTransform < $1.nsPerTransform }?.batch ?? batch
        let rate = { (perSample: Double) in 1 / perSample / 1e6 }
        let readLoop = t["loop_read"]! / advanced
        let mmapLoop = t["loop_mmap"]! / advanced
        return FFTProfileDocument.Size(
            nfft: nfft,
            hop: hop,
            batch: batch,
            plan: kernel.planDescription(count: batch),
            transformNs: transform * Double(hop) * 1e9,
            rates: FFTProfileDocument.Rates(
                transform: rate(transform),
                memoryPass: rate(memory),
                window: rate(window),
                accumulate: rate(accumulate),
                fileRead: rate(fileIO),
                loop: rate(loop),
                loopOneThread: rate(loopOne),
                loopFileRead: rate(readLoop),
                loopFileMmap: rate(mmapLoop),
                bound: rate(bound)
            ),
            stages: stages,
            fractionOfBound: bound / loopOne,
            scaling: scaling,
            threadSpeedup: scaling.count > 1 ? scaling.last!.msps / scaling.first!.msps : 1,
            batchTimes: batchTimes,
            fastestBatch: fastest,
            fasterReader: mmapLoop < readLoop ? "mmap" : "read"
        )
    }

    /// The whole loop over `count` samples at `base`.
    static func runLoop(
        _ configuration: SpectralConfiguration,
        _ base: UnsafeRawPointer,
        _ count: Int
    ) throws
        -> PowerSpectrum
    {
        let loop = try SpectralLoop(configuration: configuration)
        loop.append(raw: base, count: count)
        return try loop.finish()
    }

    /// Wall-clock seconds of `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Reads every byte once (eight floats at a time), returning a sum so it is not elided.
    static func streamRead(_ buffer: AlignedBuffer<UInt8>) -> Float {
        let raw = UnsafeRawPointer(buffer.baseAddress)
        var a = SIMD8<Float>()
        var b = SIMD8<Float>()
        var i = 0
        let n = buffer.count
        while i + 64 <= n {
            a += raw.load(fromByteOffset: i, as: SIMD8<Float>.self)
            b += raw.load(fromByteOffset: i + 32, as: SIMD8<Float>.self)
            i += 64
        }
        return (a + b).sum()
    }

    /// Fills the input with small pseudo-random values of the encoding (fast; a sum of
    /// uniforms is noise enough for timing).
    static func fillNoise(_ buffer: AlignedBuffer<UInt8>, encoding: SampleEncoding) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let raw = UnsafeMutableRawPointer(buffer.baseAddress)
        switch encoding {
        case .cf32:
            for i in 0..<(buffer.count / 4) {
                let u = Float(next() >> 40) / Float(1 << 24) - 0.5
                raw.storeBytes(of: u, toByteOffset: 4 * i, as: Float.self)
            }
        case .ci16:
            for i in 0..<(buffer.count / 2) {
                raw.storeBytes(of: Int16(truncatingIfNeeded: next() >> 52) - 2048, toByteOffset: 2 * i, as: Int16.self)
            }
        case .ci8, .cu8:
            for i in 0..<buffer.count {
                raw.storeBytes(of: UInt8(truncatingIfNeeded: next() >> 56), toByteOffset: i, as: UInt8.self)
            }
        }
    }

    static func machineInfo() -> FFTProfileDocument.Machine {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let lines = info.split(separator: "\n")
        func field(_ name: String) -> String? {
            lines.first { $0.hasPrefix(name) }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let flags = Set((field("flags") ?? "").split(separator: " ").map(String.init))
        let simd = ["sse2", "avx", "avx2", "fma", "avx512f"].filter(flags.contains)
        return FFTProfileDocument.Machine(
            cpu: field("model name") ?? "unknown CPU",
            cores: ProcessInfo.processInfo.activeProcessorCount,
            simd: simd
        )
    }
}

/// The profile's input written to a temporary file (then in the page cache), read back with
/// read(2) into aligned blocks or mapped with MADV_SEQUENTIAL.
final class TemporaryInput {
    let path: String
    let bytes: Int
    private let block: AlignedBuffer<UInt8>

    init(directory: String, contents: AlignedBuffer<UInt8>) throws {
        let name = "sightline-profile-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).raw"
        path = (directory as NSString).appendingPathComponent(name)
        bytes = contents.count
        block = AlignedBuffer(count: 4 << 20, zeroed: false)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Self.error(path, "cannot create the temporary input") }
        defer { close(fd) }
        var done = 0
        while done < bytes {
            let n = write(fd, contents.baseAddress + done, bytes - done)
            guard n > 0 else {
                unlink(path)
                throw Self.error(path, "cannot write the temporary input")
            }
            done += n
        }
    }

    func remove() { unlink(path) }

    static func error(_ path: String, _ message: String) -> SightlineError {
        SightlineError(
            .unreadableFile,
            location: path,
            message: message,
            fix: "give a writable temporary directory with room for the input (TMPDIR)"
        )
    }

    private func openForReading() throws -> Int32 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Self.error(path, "cannot open the temporary input") }
        return fd
    }

    /// read(2) of the whole file into one reused aligned block.
    func readAll() throws {
        let fd = try openForReading()
        defer { close(fd) }
        while read(fd, block.baseAddress, block.count) > 0 {}
    }

    /// The loop fed by read(2) straight into its block buffer.
    func loopRead(_ configuration: SpectralConfiguration) throws -> PowerSpectrum {
        let fd = try openForReading()
        defer { close(fd) }
        let bps = configuration.sampleFormat.bytesPerSample
        let loop = try SpectralLoop(configuration: configuration)
        while true {
            let got = loop.fillRaw { start, room in
                var filled = 0
                while filled < room * bps {
                    let n = read(fd, start + filled, room * bps - filled)
                    if n <= 0 { break }
                    filled += n
                }
                return filled / bps
            }
            if got == 0 { break }
        }
        return try loop.finish()
    }

    /// The loop over the file mapped read-only with MADV_SEQUENTIAL, frames read in place.
    func loopMapped(_ configuration: SpectralConfiguration) throws -> PowerSpectrum {
        let fd = try openForReading()
        defer { close(fd) }
        guard let map = mmap(nil, bytes, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw Self.error(path, "cannot map the temporary input")
        }
        defer { munmap(map, bytes) }
        madvise(map, bytes, MADV_SEQUENTIAL)
        let loop = try SpectralLoop(configuration: configuration)
        loop.append(raw: UnsafeRawPointer(map), count: bytes / configuration.sampleFormat.bytesPerSample)
        return try loop.finish()
    }
}

extension FFTProfileDocument {
    /// The profile as a table for people: one row per transform length, then each plan.
    public func table() -> String {
        let p = parameters
        var lines = [
            "FFT path profile — \(machine.cpu), \(machine.cores) cores (\(machine.simd.joined(separator: " ")))",
            "FFTW \(fftw.version) from \(fftw.location)",
            String(
                format: "%@ window, %.0f %% overlap, %@, %d samples (%.0f MiB) in memory, loop on %d thread%@, "
                    + "best of %d rounds; memory stream %.1f GB/s",
                p.window,
                p.overlapFraction * 100,
                p.datatype,
                p.samples,
                Double(p.inputBytes) / 1_048_576,
                p.threads,
                p.threads == 1 ? "" : "s",
                p.rounds,
                memoryStreamGBps
            ),
            "Rates in M input samples/s. Stages measured alone over the same frames; shares of their sum.",
            "",
        ]
        let header = [
            "nfft", "batch", "fft ns", "transform", "mem pass", "window", "accum", "file rd", "bound", "loop 1t",
            "of bound", "loop \(max(2, p.threads))t", "speedup", "file:read", "file:mmap", "share win/fft/acc/io",
            "batch ns/fft (fastest)",
        ]
        var rows: [[String]] = []
        for s in sizes {
            let shares = s.stages.map { String(format: "%.0f", $0.share * 100) }.joined(separator: "/")
            let batches = s.batchTimes.map { "\($0.batch):" + String(format: "%.0f", $0.nsPerTransform) }
                .joined(separator: " ")
            rows.append([
                "\(s.nfft)", "\(s.batch)", String(format: "%.0f", s.transformNs),
                f(s.rates.transform), f(s.rates.memoryPass), f(s.rates.window), f(s.rates.accumulate),
                f(s.rates.fileRead), f(s.rates.bound), f(s.rates.loopOneThread),
                String(format: "%.0f %%", s.fractionOfBound * 100), f(s.scaling.last?.msps ?? .nan),
                String(format: "%.2f×", s.threadSpeedup), f(s.rates.loopFileRead), f(s.rates.loopFileMmap),
                shares + " %", batches + " (\(s.fastestBatch))",
            ])
        }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c >= header.count - 2
                    ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }
            .joined(separator: "  ")
        }
        lines.append(line(header))
        lines.append(contentsOf: rows.map(line))
        lines.append("")
        lines.append("Plans (fftwf_sprint_plan of the loop's batched plan):")
        for s in sizes {
            let plan = s.plan.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            lines.append("  \(s.nfft): \(plan)")
        }
        return lines.joined(separator: "\n")
    }

    private func f(_ x: Double) -> String { x.isFinite ? String(format: "%.0f", x) : "–" }
}
