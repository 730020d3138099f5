import Numerics
import Foundation
import SightlineCore

/// Streams one channel of a SigMF recording in blocks, in bounded memory.
public final class SigMFReader {
    public let metadata: SigMFMetadata
    public let channel: Int
    private let file: UnsafeMutablePointer<FILE>
    private var scratch: [Complex<Float>] = []

    public init(metadata: SigMFMetadata, channel: Int = 0) throws {
        guard channel >= 0 && channel < metadata.channelCount else {
            throw SightlineError(.invalidValue, location: metadata.metaPath, field: "channel",
                                 message: "channel \(channel) does not exist (the file has \(metadata.channelCount))",
                                 fix: "choose a channel from 0 to \(metadata.channelCount - 1)")
        }
        guard let f = fopen(metadata.dataPath, "rb") else {
            throw SightlineError(.unreadableFile, location: metadata.dataPath, message: "cannot open the data file",
                                 fix: "check that it exists and is readable")
        }
        self.metadata = metadata
        self.channel = channel
        file = f
    }

    /// Opens the recording at `path` (meta, data or base name).
    public convenience init(path: String, channel: Int = 0) throws {
        try self.init(metadata: SigMFMetadata.read(path: path), channel: channel)
    }

    deinit { fclose(file) }

    /// Reads up to `destination.count` samples of the chosen channel; returns how many
    /// (0 at the end of the file).
    public func read(into destination: UnsafeMutableBufferPointer<Complex<Float>>) throws -> Int {
        guard let base = destination.baseAddress, destination.count > 0 else { return 0 }
        let channels = metadata.channelCount
        if channels == 1 {
            let n = fread(base, 8, destination.count, file)
            if n < destination.count && ferror(file) != 0 { throw readError() }
            return n
        }
        if scratch.count < destination.count * channels {
            scratch = [Complex<Float>](repeating: .zero, count: destination.count * channels)
        }
        let frames = scratch.withUnsafeMutableBufferPointer { s in
            fread(s.baseAddress!, 8 * channels, destination.count, file)
        }
        if frames < destination.count && ferror(file) != 0 { throw readError() }
        for i in 0..<frames { base[i] = scratch[i * channels + channel] }
        return frames
    }

    /// Reads the whole channel (for small files and tests).
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

    private func readError() -> SightlineError {
        SightlineError(.unreadableFile, location: metadata.dataPath, message: "read error", fix: "check the file and the disk")
    }
}
