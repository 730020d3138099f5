import Foundation
import Numerics
import SightlineCore
import SightlineDSP

/// Streams a SigMF recording in blocks, in bounded memory: one channel (``read(into:)``) or
/// all channels interleaved frame by frame (``readFrames(into:)``). Integer datatypes are
/// converted to `Complex<Float>` with the file's scale (see ``SigMFMetadata/scale``).
public final class SigMFReader {
    public let metadata: SigMFMetadata
    public let channel: Int
    private let file: UnsafeMutablePointer<FILE>
    private var raw: UnsafeMutableRawBufferPointer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var frames: [Complex<Float>] = []

    public init(metadata: SigMFMetadata, channel: Int = 0) throws {
        guard channel >= 0 && channel < metadata.channelCount else {
            throw SightlineError(
                .invalidValue,
                location: metadata.metaPath,
                field: "channel",
                message: "channel \(channel) does not exist (the file has \(metadata.channelCount))",
                fix: "choose a channel from 0 to \(metadata.channelCount - 1)"
            )
        }
        guard let f = fopen(metadata.dataPath, "rb") else {
            throw SightlineError(
                .unreadableFile,
                location: metadata.dataPath,
                message: "cannot open the data file",
                fix: "check that it exists and is readable"
            )
        }
        self.metadata = metadata
        self.channel = channel
        file = f
    }

    /// Opens the recording at `path` (meta, data or base name).
    public convenience init(path: String, channel: Int = 0) throws {
        try self.init(metadata: SigMFMetadata.read(path: path), channel: channel)
    }

    deinit {
        fclose(file)
        raw.deallocate()
    }

    private func rawBuffer(bytes: Int) -> UnsafeMutableRawBufferPointer {
        if raw.count < bytes {
            raw.deallocate()
            raw = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 64)
        }
        return raw
    }

    /// Reads up to `destination.count / channelCount` whole frames, all channels interleaved
    /// (channel k of frame n at n·channels + k); returns the number of frames (0 at the end).
    public func readFrames(into destination: UnsafeMutableBufferPointer<Complex<Float>>) throws -> Int {
        let channels = metadata.channelCount
        let wanted = destination.count / channels
        guard wanted > 0, let base = destination.baseAddress else { return 0 }
        let type = metadata.datatype
        if type == .cf32LE && UInt32(1).littleEndian == 1 {
            let n = fread(base, 8 * channels, wanted, file)
            if n < wanted && ferror(file) != 0 { throw readError() }
            return n
        }
        let buffer = rawBuffer(bytes: wanted * channels * type.bytesPerSample)
        let n = fread(buffer.baseAddress!, type.bytesPerSample * channels, wanted, file)
        if n < wanted && ferror(file) != 0 { throw readError() }
        type.decode(UnsafeRawBufferPointer(buffer), count: n * channels, scale: metadata.scale, into: destination)
        return n
    }

    /// Reads up to `destination.count` samples of the chosen channel; returns how many
    /// (0 at the end of the file).
    public func read(into destination: UnsafeMutableBufferPointer<Complex<Float>>) throws -> Int {
        guard destination.count > 0 else { return 0 }
        let channels = metadata.channelCount
        if channels == 1 { return try readFrames(into: destination) }
        if frames.count < destination.count * channels {
            frames = [Complex<Float>](repeating: .zero, count: destination.count * channels)
        }
        let n = try frames.withUnsafeMutableBufferPointer { f in
            try readFrames(into: UnsafeMutableBufferPointer(rebasing: f[0..<(destination.count * channels)]))
        }
        for i in 0..<n { destination[i] = frames[i * channels + channel] }
        return n
    }

    /// The loop's sample format for this recording when its samples can be handed to the
    /// spectral loop as they are stored (one channel, cf32/ci16/ci8/cu8), else nil.
    public var rawSampleFormat: SampleFormat? {
        guard metadata.channelCount == 1, UInt32(1).littleEndian == 1 else { return nil }
        let encoding: SampleEncoding? =
            switch metadata.datatype {
            case .cf32LE: .cf32
            case .ci16LE: .ci16
            case .ci8: .ci8
            case .cu8: .cu8
            default: nil
            }
        return encoding.map { SampleFormat($0, scale: metadata.scale) }
    }

    /// Reads up to `samples` samples as stored in the file (see ``rawSampleFormat``) into
    /// `destination`; returns how many (0 at the end of the file).
    public func readRaw(into destination: UnsafeMutableRawPointer, samples: Int) throws -> Int {
        guard samples > 0 else { return 0 }
        let n = fread(destination, metadata.datatype.bytesPerSample, samples, file)
        if n < samples && ferror(file) != 0 { throw readError() }
        return n
    }

    /// Reads the whole chosen channel (for small files and tests).
    public func readAll() throws -> [Complex<Float>] {
        let count = try metadata.sampleCount()
        var result = [Complex<Float>](repeating: .zero, count: count)
        var done = 0
        try result.withUnsafeMutableBufferPointer { all in
            while done < count {
                let n = try read(into: UnsafeMutableBufferPointer(rebasing: all[done...]))
                if n == 0 { break }
                done += n
            }
        }
        return Array(result[0..<done])
    }

    /// Reads frames `range` of every channel, interleaved (for snapshots of small spans).
    public func readFrames(_ range: Range<Int>) throws -> [Complex<Float>] {
        let channels = metadata.channelCount
        let offset = range.lowerBound * channels * metadata.datatype.bytesPerSample
        guard fseeko(file, off_t(offset), SEEK_SET) == 0 else { throw readError() }
        var result = [Complex<Float>](repeating: .zero, count: range.count * channels)
        var done = 0
        try result.withUnsafeMutableBufferPointer { all in
            while done < range.count {
                let n = try readFrames(into: UnsafeMutableBufferPointer(rebasing: all[(done * channels)...]))
                if n == 0 { break }
                done += n
            }
        }
        return Array(result[0..<(done * channels)])
    }

    private func readError() -> SightlineError {
        SightlineError(
            .unreadableFile,
            location: metadata.dataPath,
            message: "read error",
            fix: "check the file and the disk"
        )
    }
}
