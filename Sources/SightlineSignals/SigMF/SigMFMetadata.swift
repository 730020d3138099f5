import Foundation
import SightlineCore

/// The parts of a `.sigmf-meta` file Sightline uses (SigMF specification v1.x).
public struct SigMFMetadata: Sendable {
    public var metaPath: String
    public var dataPath: String
    public var datatype: SigMFDatatype
    public var sampleRateHz: Double
    /// The first capture's `core:frequency`, or nil when the file has none.
    public var frequencyHz: Double?
    public var channelCount: Int
    public var annotationCount: Int
    public var description: String?
    /// The annotations, in file order.
    public var annotations: [SigMFAnnotation] = []
    /// Integer samples are divided by this to give floats: `sightline:scale` when the file
    /// records one, else the type's full scale (so full scale reads as magnitude 1).
    public var scale: Double = 1
    /// The first capture's `core:datetime`, if any.
    public var datetime: String?
    /// `sightline:array`, the receiving array's geometry (`ula:8:0.5`, …), if recorded.
    public var arrayGeometry: String?
    /// `sightline:receiver`: where the receiver stood (east, north in metres), if the
    /// recording says.
    public var receiverPosition: (eastMeters: Double, northMeters: Double)?

    public init(
        metaPath: String,
        dataPath: String,
        datatype: SigMFDatatype,
        sampleRateHz: Double,
        frequencyHz: Double?,
        channelCount: Int = 1,
        annotationCount: Int = 0,
        description: String? = nil
    ) {
        self.metaPath = metaPath
        self.dataPath = dataPath
        self.datatype = datatype
        self.sampleRateHz = sampleRateHz
        self.frequencyHz = frequencyHz
        self.channelCount = channelCount
        self.annotationCount = annotationCount
        self.description = description
    }

    /// The `.sigmf-meta` and `.sigmf-data` paths for a path naming either file or their
    /// common base name.
    public static func paths(for path: String) -> (meta: String, data: String) {
        var base = path
        for suffix in [".sigmf-meta", ".sigmf-data", ".sigmf-"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            break
        }
        if base.hasSuffix(".") { base.removeLast() }
        return (base + ".sigmf-meta", base + ".sigmf-data")
    }

    /// The sample rates a recording may declare, in Hz: from 1 Hz to 1 THz (beyond any
    /// receiver; a rate outside makes durations and bin widths meaningless or infinite).
    public static let sampleRateRangeHz: ClosedRange<Double> = 1...1e12
    /// The largest `core:num_channels` accepted (arrays with more elements are not modelled).
    public static let maximumChannels = 1024
    /// The largest |centre frequency| accepted, in Hz (10 THz).
    public static let maximumFrequencyHz = 1e13
    /// The largest metadata file read, in bytes.
    public static let maximumMetadataBytes = 64 << 20

    /// Reads and checks a recording's metadata and that its data file fits it.
    public static func read(path: String) throws -> SigMFMetadata {
        let (metaPath, dataPath) = paths(for: path)
        let bytes = try InputFile.contents(
            of: metaPath,
            what: "metadata file",
            limit: maximumMetadataBytes,
            fix: "give the path of an existing .sigmf-meta file"
        )
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw SightlineError(
                .malformedFile,
                location: metaPath,
                message: "not valid JSON (\(Self.jsonProblem(error)))",
                fix: "fix the JSON syntax; a SigMF metadata file is one JSON object"
            )
        }
        guard let root = json.object else {
            throw SightlineError(
                .malformedFile,
                location: metaPath,
                message: "the top level is not a JSON object",
                fix: "a SigMF metadata file is one object with global, captures and annotations"
            )
        }
        guard let global = root["global"]?.object else {
            throw SightlineError(
                .missingField,
                location: metaPath,
                field: "global",
                message: "missing or not an object",
                fix: "add a \"global\" object with core:datatype and core:sample_rate"
            )
        }
        guard let typeName = global["core:datatype"]?.string else {
            throw SightlineError(
                .missingField,
                location: metaPath,
                field: "global.core:datatype",
                message: "missing or not a string",
                fix: "add \"core:datatype\": \"cf32_le\""
            )
        }
        guard let datatype = SigMFDatatype(rawValue: typeName) else {
            throw SightlineError(
                .invalidValue,
                location: metaPath,
                field: "global.core:datatype",
                message: "\"\(typeName)\" is not a SigMF datatype",
                fix: "use one of \(SigMFDatatype.supportedNames)"
            )
        }
        guard datatype.isSupported else {
            throw SightlineError(
                .unsupported,
                location: metaPath,
                field: "global.core:datatype",
                message: "\"\(typeName)\" is not supported by this build",
                fix: "convert the recording to one of \(SigMFDatatype.supportedNames)"
            )
        }
        guard let rate = global["core:sample_rate"]?.double else {
            throw SightlineError(
                .missingField,
                location: metaPath,
                field: "global.core:sample_rate",
                message: "missing or not a number",
                fix: "add the sample rate in Hz, e.g. \"core:sample_rate\": 2000000"
            )
        }
        guard rate.isFinite && rate > 0 else {
            throw SightlineError(
                .invalidValue,
                location: metaPath,
                field: "global.core:sample_rate",
                message: "\(rate) is not a positive sample rate",
                fix: "give the sample rate in Hz, above 0"
            )
        }
        guard sampleRateRangeHz.contains(rate) else {
            throw SightlineError(
                .invalidValue,
                location: metaPath,
                field: "global.core:sample_rate",
                message: "\(rate) Hz is outside the supported range of 1 Hz to 1e12 Hz",
                fix: "give the sample rate in Hz (e.g. 2000000 for 2 MS/s)"
            )
        }
        var channels = 1
        if let value = global["core:num_channels"] {
            guard let n = value.integer, n >= 1 else {
                throw SightlineError(
                    .invalidValue,
                    location: metaPath,
                    field: "global.core:num_channels",
                    message: "must be a positive integer",
                    fix: "give the channel count, e.g. 1"
                )
            }
            guard n <= maximumChannels else {
                throw SightlineError(
                    .invalidValue,
                    location: metaPath,
                    field: "global.core:num_channels",
                    message: "\(n) channels is more than the limit of \(maximumChannels)",
                    fix: "give the recording's real channel count (at most \(maximumChannels))"
                )
            }
            channels = n
        }
        var scale = datatype.fullScale
        if let value = global["sightline:scale"] {
            guard let x = value.double, x.isFinite, x > 0 else {
                throw SightlineError(
                    .invalidValue,
                    location: metaPath,
                    field: "global.sightline:scale",
                    message: "must be a positive number",
                    fix: "give the integer value of a unit sample, e.g. 2048"
                )
            }
            scale = x
        }
        var frequency: Double?
        var datetime: String?
        if let captures = root["captures"] {
            guard let list = captures.array?.compactMap(\.object), list.count == captures.array?.count else {
                throw SightlineError(
                    .malformedFile,
                    location: metaPath,
                    field: "captures",
                    message: "not an array of objects",
                    fix: "make captures a list of capture objects"
                )
            }
            if let first = list.first, let f = first["core:frequency"] {
                guard let hz = f.double, hz.isFinite else {
                    throw SightlineError(
                        .invalidValue,
                        location: metaPath,
                        field: "captures[0].core:frequency",
                        message: "not a number",
                        fix: "give the centre frequency in Hz"
                    )
                }
                guard abs(hz) <= maximumFrequencyHz else {
                    throw SightlineError(
                        .invalidValue,
                        location: metaPath,
                        field: "captures[0].core:frequency",
                        message: "\(hz) Hz is beyond the supported ±1e13 Hz",
                        fix: "give the centre frequency in Hz"
                    )
                }
                frequency = hz
            }
            datetime = list.first?["core:datetime"]?.string
        }
        var annotations: [SigMFAnnotation] = []
        if let value = root["annotations"] {
            guard let list = value.array?.compactMap(\.object), list.count == value.array?.count else {
                throw SightlineError(
                    .malformedFile,
                    location: metaPath,
                    field: "annotations",
                    message: "not an array of objects",
                    fix: "make annotations a list of annotation objects"
                )
            }
            for (i, a) in list.enumerated() {
                annotations.append(try Self.annotation(a, index: i, metaPath: metaPath))
            }
        }
        guard FileManager.default.fileExists(atPath: dataPath) else {
            throw SightlineError(
                .fileNotFound,
                location: dataPath,
                message: "the data file for \(metaPath) is missing",
                fix: "put the .sigmf-data file next to its .sigmf-meta with the same base name"
            )
        }
        let size = try dataFileSize(dataPath)
        let frameBytes = datatype.bytesPerSample * channels
        guard size % frameBytes == 0 else {
            throw SightlineError(
                .malformedFile,
                location: dataPath,
                field: "size",
                message:
                    """
                    \(size) bytes is not a whole number of \(frameBytes)-byte \(typeName) samples (\(channels) \
                    channel(s))
                    """,
                fix: "check core:datatype and core:num_channels, or truncate the file to a whole sample"
            )
        }
        let samples = size / frameBytes
        for (i, a) in annotations.enumerated() where a.sampleStart > samples || a.sampleCount > samples - a.sampleStart
        {
            let end = a.sampleStart.addingReportingOverflow(a.sampleCount)
            throw SightlineError(
                .malformedFile,
                location: dataPath,
                field: "annotations[\(i)]",
                message:
                    """
                    the annotation ends at sample \(end.overflow ? "past \(Int.max)" : "\(end.partialValue)") but \
                    the data file holds \(samples) samples per channel
                    """,
                fix: "the data file is truncated: restore it, or drop the annotations past its end"
            )
        }
        var result = SigMFMetadata(
            metaPath: metaPath,
            dataPath: dataPath,
            datatype: datatype,
            sampleRateHz: rate,
            frequencyHz: frequency,
            channelCount: channels,
            annotationCount: annotations.count,
            description: global["core:description"]?.string
        )
        result.annotations = annotations
        result.scale = scale
        result.datetime = datetime
        result.arrayGeometry = global["sightline:array"]?.string
        if let value = global["sightline:receiver"] {
            guard let east = value["east_m"]?.double, let north = value["north_m"]?.double, east.isFinite,
                north.isFinite
            else {
                throw SightlineError(
                    .invalidValue,
                    location: metaPath,
                    field: "global.sightline:receiver",
                    message: "needs finite east_m and north_m",
                    fix: "give the receiver's position in metres"
                )
            }
            result.receiverPosition = (east, north)
        }
        return result
    }

    static func annotation(_ a: [String: JSONValue], index i: Int, metaPath: String) throws -> SigMFAnnotation {
        func count(_ key: String) throws -> Int {
            guard let v = a[key]?.integer, v >= 0 else {
                throw SightlineError(
                    .invalidValue,
                    location: metaPath,
                    field: "annotations[\(i)].\(key)",
                    message: a[key] == nil ? "missing" : "not a non-negative integer",
                    fix: "give a sample index or count (an integer ≥ 0)"
                )
            }
            return v
        }
        func number(_ key: String) throws -> Double? {
            guard let v = a[key] else { return nil }
            guard let x = v.double, x.isFinite else {
                throw SightlineError(
                    .invalidValue,
                    location: metaPath,
                    field: "annotations[\(i)].\(key)",
                    message: "not a number",
                    fix: "give a finite number"
                )
            }
            return x
        }
        var truth: [String: Double] = [:]
        for (key, value) in a where key.hasPrefix("sightline:") {
            if let x = value.double { truth[String(key.dropFirst("sightline:".count))] = x }
        }
        return SigMFAnnotation(
            sampleStart: try count("core:sample_start"),
            sampleCount: a["core:sample_count"] == nil ? 0 : try count("core:sample_count"),
            label: a["core:label"]?.string,
            frequencyLowerEdgeHz: try number("core:freq_lower_edge"),
            frequencyUpperEdgeHz: try number("core:freq_upper_edge"),
            sourceID: a["sightline:source_id"]?.string,
            waveform: a["sightline:waveform"]?.string,
            truth: truth
        )
    }

    /// The data file's size, following symbolic links; a directory, FIFO or device is refused.
    static func dataFileSize(_ path: String) throws -> Int {
        try InputFile.size(
            of: path,
            what: "data file",
            fix: "put the .sigmf-data file next to its .sigmf-meta with the same base name"
        )
    }

    static func jsonProblem(_ error: Error) -> String {
        var underlying: Error? = error
        if case DecodingError.dataCorrupted(let context) = error { underlying = context.underlyingError ?? error }
        if let ns = underlying as NSError?, let detail = ns.userInfo[NSDebugDescriptionErrorKey] as? String {
            return detail
        }
        return "parse error"
    }

    /// Samples per channel in the data file.
    public func sampleCount() throws -> Int {
        try Self.dataFileSize(dataPath) / (datatype.bytesPerSample * channelCount)
    }
}
