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
        try SigMFWriter.write(x, to: path, sampleRateHz: 1e6, frequencyHz: 9e8, description: "t",
                              annotations: [.init(sampleStart: 10, sampleCount: 5, label: "b")])
        let meta = try SigMFMetadata.read(path: path)
        #expect(meta.annotationCount == 1)
        #expect(try SigMFReader(metadata: meta).readAll() == x)
    }

    @Test func readsOneChannelOfAnInterleavedRecording() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = testVector(count: 300)  // 100 frames of 3 channels
        try x.withUnsafeBytes { try Data($0).write(to: dir.appendingPathComponent("m.sigmf-data")) }
        try #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1000,"core:num_channels":3},"captures":[],"annotations":[]}"#
            .write(to: dir.appendingPathComponent("m.sigmf-meta"), atomically: true, encoding: .utf8)
        let reader = try SigMFReader(path: dir.appendingPathComponent("m.sigmf-meta").path, channel: 2)
        let ch2 = try reader.readAll()
        #expect(ch2.count == 100)
        #expect(ch2 == (0..<100).map { x[3 * $0 + 2] })
        #expect(throws: SightlineError.self) { try SigMFReader(metadata: reader.metadata, channel: 3) }
    }

    /// Each kind of bad input gives a typed error whose one line names the file and field.
    @Test(arguments: [
        ("missing-data", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, nil as Int?, "sigmf-data", SightlineError.Code.fileNotFound),
        ("bad-size", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, 12, "whole number", .malformedFile),
        ("unsupported", #"{"global":{"core:datatype":"ci16_le","core:sample_rate":1e6}}"#, 16, "core:datatype", .unsupported),
        ("unknown-type", #"{"global":{"core:datatype":"cf33","core:sample_rate":1e6}}"#, 16, "core:datatype", .invalidValue),
        ("malformed", #"{"global": {"core:datatype": "cf32_le",, }"#, 16, "JSON", .malformedFile),
        ("no-rate", #"{"global":{"core:datatype":"cf32_le"}}"#, 16, "core:sample_rate", .missingField),
        ("zero-rate", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":0}}"#, 16, "core:sample_rate", .invalidValue),
        ("no-global", #"{"captures":[]}"#, 16, "global", .missingField),
    ])
    func badInputIsATypedOneLineError(name: String, meta: String, dataBytes: Int?, mentions: String, code: SightlineError.Code) throws {
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
            #expect(!e.description.contains("\n"))
            #expect(e.fix != nil)
        }
    }

    @Test func missingMetadataFile() {
        #expect(throws: SightlineError.self) { try SigMFMetadata.read(path: "/nonexistent/x.sigmf-meta") }
    }
}

@Suite struct TestSignalTests {
    @Test func sameSeedSameSamples() {
        var s = TestSignal.demo
        s.durationS = 0.01
        #expect(s.samples(seed: 5) == s.samples(seed: 5))
        #expect(s.samples(seed: 5) != s.samples(seed: 6))
    }

    /// The noise level is what was asked for: E|n|² = noisePower (Monte Carlo over 2·10⁵
    /// samples: the estimate's relative standard deviation is 1/√(2·10⁵) ≈ 0.22 %, so 1 %
    /// is a 4.5σ bound).
    @Test func noisePowerIsCalibrated() {
        let s = TestSignal(sampleRateHz: 1e6, centreFrequencyHz: 0, durationS: 0.2, noisePower: 2.5, tones: [], bursts: [])
        let x = s.samples(seed: 11)
        let p = x.reduce(0.0) { $0 + Double($1.lengthSquared) } / Double(x.count)
        #expect(abs(p / 2.5 - 1) < 0.01)
    }

    @Test func burstAnnotationsFollowTheGate() {
        let s = TestSignal.demo
        let a = s.burstAnnotations
        #expect(a.count == Int((s.durationS / 4.615e-3).rounded(.up)))
        #expect(a[0].start == 0 && abs(a[0].count - 1154) <= 1)
        #expect(abs(a[1].start - 9230) <= 1)
    }
}
