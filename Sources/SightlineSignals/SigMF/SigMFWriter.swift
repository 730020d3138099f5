import Foundation
import Numerics
import SightlineCore

/// Writes a SigMF recording block by block (files larger than memory), in any supported
/// datatype and channel count. Nothing appears under the target names until ``finish(_:)``:
/// the data streams into a hidden temporary file, the metadata is written to another, and
/// both are renamed into place only when complete. A writer dropped without finishing
/// (an error, a signal) removes its temporaries, so no partial recording is left behind.
public final class SigMFWriter {
    /// What goes into the `.sigmf-meta` besides the datatype, channel count and scale.
    public struct Metadata: Sendable {
        public var sampleRateHz: Double
        public var frequencyHz: Double
        public var description: String
        /// ISO 8601 UTC time of the first sample (`core:datetime` of the capture).
        public var datetime: String?
        public var annotations: [SigMFAnnotation]
        /// Extra `global` fields (`sightline:…` keys only).
        public var extraGlobal: [String: JSONValue]

        public init(
            sampleRateHz: Double,
            frequencyHz: Double,
            description: String,
            datetime: String? = nil,
            annotations: [SigMFAnnotation] = [],
            extraGlobal: [String: JSONValue] = [:]
        ) {
            self.sampleRateHz = sampleRateHz
            self.frequencyHz = frequencyHz
            self.description = description
            self.datetime = datetime
            self.annotations = annotations
            self.extraGlobal = extraGlobal
        }
    }

    /// The SigMF version Sightline writes.
    public static let sigmfVersion = "1.2.0"
    /// Sightline's extension namespace, declared in `core:extensions`.
    public static let extensionName = "sightline"
    public static let extensionVersion = "1.0.0"

    public let metaPath: String
    public let dataPath: String
    public let datatype: SigMFDatatype
    public let channelCount: Int
    /// Integer samples are float·scale.
    public let scale: Double
    public private(set) var framesWritten = 0
    /// Samples that saturated the integer range.
    public private(set) var clippedSamples = 0
    private let temporaryData: String
    private var file: UnsafeMutablePointer<FILE>?
    private var raw: UnsafeMutableRawBufferPointer

    /// Starts a recording at `path` (a `.sigmf-meta` path or base name). `scale` applies to
    /// integer datatypes only (default: the type's full scale, so ±1 maps to full range).
    public init(path: String, datatype: SigMFDatatype = .cf32LE, channelCount: Int = 1, scale: Double? = nil) throws {
        guard datatype.isSupported else {
            throw SightlineError(
                .unsupported,
                location: path,
                field: "datatype",
                message: "\(datatype.rawValue) cannot be written",
                fix: "choose one of \(SigMFDatatype.supportedNames)"
            )
        }
        (metaPath, dataPath) = SigMFMetadata.paths(for: path)
        // A base name is needed: "/" or "out/" would write "/.sigmf-meta" (a hidden file).
        let base = (metaPath as NSString).lastPathComponent
        var isDirectory: ObjCBool = false
        guard base != ".sigmf-meta", !path.hasSuffix("/"),
            !(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        else {
            throw SightlineError(
                .invalidValue,
                location: path,
                field: "output",
                message: "is a folder, not a recording name",
                fix: "give a base name inside it, e.g. \((path as NSString).appendingPathComponent("capture"))"
            )
        }
        guard channelCount >= 1 && channelCount <= SigMFMetadata.maximumChannels else {
            throw SightlineError(
                .invalidValue,
                location: path,
                field: "channels",
                message: "\(channelCount) channels is outside 1 to \(SigMFMetadata.maximumChannels)",
                fix: "use fewer array elements"
            )
        }
        try AtomicFile.checkOutputs([metaPath, dataPath], inputs: [])
        self.datatype = datatype
        self.channelCount = channelCount
        self.scale = datatype.isInteger ? (scale ?? datatype.fullScale) : 1
        let url = URL(fileURLWithPath: dataPath)
        temporaryData =
            url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
            .path
        guard let f = fopen(temporaryData, "wb") else {
            throw SightlineError(
                .writeFailed,
                location: dataPath,
                message: "cannot create the data file",
                fix: "check that the folder exists and is writable"
            )
        }
        file = f
        raw = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 64)
    }

    deinit {
        if let file {
            fclose(file)
            unlink(temporaryData)
        }
        raw.deallocate()
    }

    /// Appends whole frames (`channelCount` interleaved samples each).
    public func append(_ samples: UnsafeBufferPointer<Complex<Float>>) throws {
        guard let file else { return }
        precondition(samples.count % channelCount == 0, "append whole frames")
        let bytesPer = datatype.bytesPerSample
        var done = 0
        while done < samples.count {
            let n = min(samples.count - done, raw.count / bytesPer)
            clippedSamples += datatype.encode(
                UnsafeBufferPointer(rebasing: samples[done..<(done + n)]),
                scale: scale,
                into: raw
            )
            guard fwrite(raw.baseAddress!, 1, n * bytesPer, file) == n * bytesPer else {
                throw SightlineError(
                    .writeFailed,
                    location: dataPath,
                    message: "writing failed",
                    fix: "check free disk space and permissions"
                )
            }
            done += n
        }
        framesWritten += samples.count / channelCount
    }

    public func append(_ samples: [Complex<Float>]) throws {
        try samples.withUnsafeBufferPointer { try append($0) }
    }

    /// The metadata document for `metadata` (sorted keys, so the same input gives the same bytes).
    public func metadataJSON(_ metadata: Metadata) throws -> Data {
        var global: [String: JSONValue] = [
            "core:datatype": .string(datatype.rawValue),
            "core:sample_rate": .number(metadata.sampleRateHz),
            "core:version": .string(Self.sigmfVersion),
            "core:num_channels": .integer(channelCount),
            "core:description": .string(metadata.description),
            "core:recorder": "sightline",
            "core:extensions": [
                ["name": .string(Self.extensionName), "version": .string(Self.extensionVersion), "optional": true]
            ],
        ]
        if datatype.isInteger { global["sightline:scale"] = .number(scale) }
        for (k, v) in metadata.extraGlobal { global[k] = v }
        var capture: [String: JSONValue] = ["core:sample_start": 0, "core:frequency": .number(metadata.frequencyHz)]
        if let datetime = metadata.datetime { capture["core:datetime"] = .string(datetime) }
        let annotations = metadata.annotations
            .sorted { ($0.sampleStart, $0.sourceID ?? "") < ($1.sampleStart, $1.sourceID ?? "") }
            .map { JSONValue.object($0.jsonObject) }
        let root: JSONValue = [
            "global": .object(global), "captures": [.object(capture)], "annotations": .array(annotations),
        ]
        return Data(try JSONText.string(encoding: root).utf8)
    }

    /// Writes the metadata and moves both files into place.
    public func finish(_ metadata: Metadata) throws {
        guard let f = file else { return }
        file = nil
        let flushed = fflush(f) == 0
        fclose(f)
        guard flushed else {
            unlink(temporaryData)
            throw SightlineError(
                .writeFailed,
                location: dataPath,
                message: "writing failed",
                fix: "check free disk space and permissions"
            )
        }
        let json: Data
        do { json = try metadataJSON(metadata) } catch {
            unlink(temporaryData)
            throw SightlineError(
                .writeFailed,
                location: metaPath,
                message: "cannot encode the metadata (\(error))",
                fix: "report this as a bug"
            )
        }
        do {
            // Data first under its own name, then the metadata, whose appearance marks the
            // recording complete; if the metadata fails the data is removed again.
            guard rename(temporaryData, dataPath) == 0 else {
                throw SightlineError(
                    .writeFailed,
                    location: dataPath,
                    message: "cannot move the finished file into place",
                    fix: "check permissions on its folder"
                )
            }
            do { try AtomicFile.write(json, to: metaPath) } catch {
                unlink(dataPath)
                throw error
            }
        } catch {
            unlink(temporaryData)
            throw error
        }
    }

    /// Writes `samples` (frames of `channelCount` interleaved samples) as one recording.
    public static func write(
        _ samples: [Complex<Float>],
        to path: String,
        datatype: SigMFDatatype = .cf32LE,
        channelCount: Int = 1,
        scale: Double? = nil,
        metadata: Metadata
    ) throws {
        let writer = try SigMFWriter(path: path, datatype: datatype, channelCount: channelCount, scale: scale)
        try writer.append(samples)
        try writer.finish(metadata)
    }
}
