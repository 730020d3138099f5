import Foundation
import Numerics
import SightlineCore
import SightlineSignals
import SightlineTestSupport
import Testing

@Suite struct SigMFTests {
    @Test func readsTheFixtureRecording() throws {
        let meta = try SigMFMetadata.read(path: Fixtures.path("mixture.sigmf-meta"))
        #expect(meta.datatype == .cf32LE)
        #expect(meta.sampleRateHz == 2_000_000)
        #expect(meta.frequencyHz == 902.4e6)
        #expect(meta.channelCount == 1)
        #expect(try meta.sampleCount() == 20011)
        let samples = try SigMFReader(metadata: meta).readAll()
        #expect(samples == (try Fixtures.mixture()))
        // The data path and the base name name the same recording.
        #expect(try SigMFMetadata.read(path: Fixtures.path("mixture.sigmf-data")).metaPath == meta.metaPath)
        #expect(try SigMFMetadata.read(path: Fixtures.path("mixture")).dataPath == meta.dataPath)
    }

    @Test func writesAndReadsBack() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = testVector(count: 1000)
        let path = dir.appendingPathComponent("w.sigmf-meta").path
        try SigMFWriter.write(
            x,
            to: path,
            metadata: .init(
                sampleRateHz: 1e6,
                frequencyHz: 9e8,
                description: "t",
                annotations: [.init(sampleStart: 10, sampleCount: 5, label: "b")]
            )
        )
        let meta = try SigMFMetadata.read(path: path)
        #expect(meta.annotationCount == 1)
        #expect(try SigMFReader(metadata: meta).readAll() == x)
    }

    @Test func readsOneChannelOfAnInterleavedRecording() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = testVector(count: 300)  // 100 frames of 3 channels
        try x.withUnsafeBytes { try Data($0).write(to: dir.appendingPathComponent("m.sigmf-data")) }
        try
            #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1000,"core:num_channels":3},"captures":[],"annotations":[]}"#
            .write(to: dir.appendingPathComponent("m.sigmf-meta"), atomically: true, encoding: .utf8)
        let reader = try SigMFReader(path: dir.appendingPathComponent("m.sigmf-meta").path, channel: 2)
        let ch2 = try reader.readAll()
        #expect(ch2.count == 100)
        #expect(ch2 == (0..<100).map { x[3 * $0 + 2] })
        #expect(throws: SightlineError.self) { try SigMFReader(metadata: reader.metadata, channel: 3) }
    }

    /// Each kind of bad input gives a typed error whose one line names the file and field.
    @Test(arguments: [
        (
            "missing-data", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, nil as Int?,
            "sigmf-data", SightlineError.Code.fileNotFound
        ),
        (
            "bad-size", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, 12, "whole number",
            .malformedFile
        ),
        (
            "unsupported", #"{"global":{"core:datatype":"ri16_le","core:sample_rate":1e6}}"#, 16, "core:datatype",
            .unsupported
        ),
        (
            "big-endian", #"{"global":{"core:datatype":"cf32_be","core:sample_rate":1e6}}"#, 16, "core:datatype",
            .unsupported
        ),
        (
            "truncated",
            #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6},"annotations":[{"core:sample_start":1,"core:sample_count":4}]}"#,
            16, "truncated", .malformedFile
        ),
        (
            "bad-annotation",
            #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6},"annotations":[{"core:sample_start":-3}]}"#,
            16, "annotations[0].core:sample_start", .invalidValue
        ),
        (
            "bad-channels", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6,"core:num_channels":0}}"#, 16,
            "core:num_channels", .invalidValue
        ),
        (
            "unknown-type", #"{"global":{"core:datatype":"cf33","core:sample_rate":1e6}}"#, 16, "core:datatype",
            .invalidValue
        ),
        ("malformed", #"{"global": {"core:datatype": "cf32_le",, }"#, 16, "JSON", .malformedFile),
        ("no-rate", #"{"global":{"core:datatype":"cf32_le"}}"#, 16, "core:sample_rate", .missingField),
        (
            "zero-rate", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":0}}"#, 16, "core:sample_rate",
            .invalidValue
        ),
        ("no-global", #"{"captures":[]}"#, 16, "global", .missingField),
    ])
    func badInputIsATypedOneLineError(
        name: String,
        meta: String,
        dataBytes: Int?,
        mentions: String,
        code: SightlineError.Code
    ) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let metaURL = dir.appendingPathComponent("\(name).sigmf-meta")
        try meta.write(to: metaURL, atomically: true, encoding: .utf8)
        if let dataBytes {
            try Data(count: dataBytes).write(to: dir.appendingPathComponent("\(name).sigmf-data"))
        }
        do {
            _ = try SigMFMetadata.read(path: metaURL.path)
            Issue.record("expected an error for \(name)")
        } catch let e as SightlineError {
            #expect(e.code == code)
            #expect(e.description.contains(mentions), "\(e)")
            #expect(e.description.contains(name))
            #expect(e.description == e.expectedLine, "a piece of \(e) had a line break")
            #expect(e.fix != nil)
        }
    }

    @Test func missingMetadataFile() {
        #expect(throws: SightlineError.self) { try SigMFMetadata.read(path: "/nonexistent/x.sigmf-meta") }
    }
}

@Suite struct SigMFDatatypeTests {
    /// Every supported type round-trips through the writer and reader: exactly for floats
    /// (cf64 holds every Float), and within half a quantisation step (0.5/scale) for
    /// integers, with the scale recorded as sightline:scale.
    @Test(arguments: SigMFDatatype.allCases.filter(\.isSupported))
    func roundTrips(type: SigMFDatatype) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let frames = 257
        let channels = 3
        let x = (0..<(frames * channels)).map { i in
            Complex<Float>(Float(sin(Double(i) * 0.37)) * 0.9, Float(cos(Double(i) * 0.11)) * -0.8)
        }
        let path = dir.appendingPathComponent("r.sigmf-meta").path
        let scale = type.isInteger ? type.fullScale / 2 : nil
        try SigMFWriter.write(
            x,
            to: path,
            datatype: type,
            channelCount: channels,
            scale: scale,
            metadata: .init(
                sampleRateHz: 1e3,
                frequencyHz: 1e9,
                description: "round trip",
                datetime: "2016-03-01T00:00:00Z"
            )
        )
        let meta = try SigMFMetadata.read(path: path)
        #expect(meta.datatype == type && meta.channelCount == channels && meta.datetime == "2016-03-01T00:00:00Z")
        #expect(try meta.sampleCount() == frames)
        let reader = try SigMFReader(metadata: meta)
        var y = [Complex<Float>](repeating: .zero, count: x.count)
        let n = try y.withUnsafeMutableBufferPointer { try reader.readFrames(into: $0) }
        #expect(n == frames)
        // Half a quantisation step, plus one Float rounding of a value below 1 (2⁻²⁴).
        let tolerance: Float = type.isInteger ? Float(0.5 / (scale ?? 1)) * 1.0001 + 0x1p-24 : 0
        let worst = zip(x, y).map { max(abs($0.real - $1.real), abs($0.imaginary - $1.imaginary)) }.max() ?? 0
        #expect(worst <= tolerance, "\(type.rawValue): \(worst) > \(tolerance)")
        // One channel alone, through the block reader.
        let ch1 = try SigMFReader(metadata: meta, channel: 1).readAll()
        #expect(ch1.count == frames)
        #expect(ch1 == (0..<frames).map { y[$0 * channels + 1] })
    }

    /// Integer output saturates instead of wrapping, and counts what saturated.
    @Test func integersSaturate() throws {
        let x: [Complex<Float>] = [Complex(2, -2), Complex(0.5, 0)]
        var raw = [UInt8](repeating: 0, count: 8)
        let clipped = raw.withUnsafeMutableBytes { r in
            x.withUnsafeBufferPointer { SigMFDatatype.ci16LE.encode($0, scale: 32768, into: r) }
        }
        #expect(clipped == 2)
        let v = raw.withUnsafeBytes {
            (
                Int16(littleEndian: $0.loadUnaligned(as: Int16.self)),
                Int16(littleEndian: $0.loadUnaligned(fromByteOffset: 2, as: Int16.self))
            )
        }
        #expect(v.0 == 32767 && v.1 == -32768)
    }

    /// A writer that is dropped before finishing leaves nothing behind.
    @Test func unfinishedWriterLeavesNoFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let w = try SigMFWriter(path: dir.appendingPathComponent("u").path, datatype: .ci8)
            try w.append([Complex<Float>(0.1, 0.2)])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
