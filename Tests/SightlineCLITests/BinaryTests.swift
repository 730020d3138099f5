import Foundation
import SightlineTestSupport
import Testing

/// Runs the built `sightline` binary as a user would.
@Suite struct BinaryTests {
    static var binary: URL {
        // The test bundle sits next to the products in the build folder.
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        for candidate in [dir, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("sightline")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return dir.appendingPathComponent("sightline")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus,
            stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self)
        )
    }

    @Test func jsonSummaryIsTheOnlyStdout() throws {
        let r = try Self.run(["spectrum", Fixtures.path("mixture.sigmf-meta"), "--json", "--nfft", "256"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(doc["frames"] as? Int == 155)
        #expect(doc["samples"] as? Int == 20011)
        #expect(doc["nfft"] as? Int == 256)
        for key in ["duration_s", "peak_frequency_hz", "noise_floor_db", "sample_rate_hz", "frequency_hz"] {
            #expect(doc[key] != nil, "\(key)")
        }
    }

    /// Bad input: one line on stderr naming the problem, exit status 1, no output written.
    @Test(arguments: [
        ("unsupported", #"{"global":{"core:datatype":"ri16_le","core:sample_rate":1e6}}"#, 16, "core:datatype"),
        ("size", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, 13, "whole number"),
        ("json", #"{"global":"#, 16, "JSON"),
        ("nodata", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, -1, "sigmf-data"),
        ("short", #"{"global":{"core:datatype":"cf32_le","core:sample_rate":1e6}}"#, 80, "shorter than one frame"),
    ])
    func badInputExitsOneWithOneLine(name: String, meta: String, dataBytes: Int, mentions: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let metaPath = dir.appendingPathComponent("\(name).sigmf-meta").path
        try meta.write(toFile: metaPath, atomically: true, encoding: .utf8)
        if dataBytes >= 0 { try Data(count: dataBytes).write(to: dir.appendingPathComponent("\(name).sigmf-data")) }
        let csv = dir.appendingPathComponent("out.csv").path
        let png = dir.appendingPathComponent("out.png").path
        let r = try Self.run(["spectrum", metaPath, "--psd-csv", csv, "--waterfall", png])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: csv) && !FileManager.default.fileExists(atPath: png))
    }

    @Test func badOptionExitsOne() throws {
        let r = try Self.run(["spectrum", Fixtures.path("mixture.sigmf-meta"), "--overlap", "2"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--overlap"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func helpExplainsUnits() throws {
        let r = try Self.run(["spectrum", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--nfft") && r.stdout.contains("dBFS"))
    }
}

@Suite struct PathLossBinaryTests {
    @Test func jsonLoss() throws {
        let r = try BinaryTests.run([
            "pathloss", "--model", "fspl", "--frequency-mhz", "900", "--distance-km", "10", "--json",
        ])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(abs((doc["loss_db"] as! Double) - 111.5) < 0.05)
    }

    @Test(arguments: [
        ["pathloss", "--distance-km", "-1"],
        ["pathloss", "--model", "hata-urban", "--frequency-mhz", "2400"],
        ["pathloss", "--model", "nonsense"],
    ])
    func badInputExitsOne(arguments: [String]) throws {
        let r = try BinaryTests.run(arguments)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
