import Foundation
import SightlineCore
import SightlineTestSupport
import Testing

@testable import SightlineScenario

/// Issue 14: the measurement level's calibration is paid once per configuration and build,
/// on disk, keyed by everything it depends on.
@Suite struct MeasurementModelCacheTests {
    /// A calibration small enough to repeat in a test (about 0.2 s): three detection points
    /// of two windows, two bearing points of ten bearings.
    static var small: CalibrationRequest {
        var r = CalibrationRequest()
        r.snrDB = [0, 5, 10]
        r.windows = 2
        r.bearingSNRdB = [0, 12]
        r.bearings = 10
        r.noiseSeconds = 0.2
        r.pauseWindows = 1
        return r
    }

    @Test func savesOnceThenReadsTheFileBack() throws {
        let dir = try temporaryDirectory().path
        let cache = MeasurementModelCache(directory: dir)
        let request = Self.small
        let path = try #require(cache.path(for: request))
        #expect(!FileManager.default.fileExists(atPath: path))
        let first = try cache.model(for: request, threads: 1)
        #expect(first == (try request.calibrate(threads: 1)))
        #expect(FileManager.default.fileExists(atPath: path))
        // The second call reads the file: a model written there by hand (a changed Pd table,
        // otherwise valid) is what comes back, which a calibration would not give.
        var marked = first
        marked.burstPd = marked.burstPd.map { $0 * 0.5 }
        try AtomicFile.write(try marked.json(), to: path)
        #expect(try cache.model(for: request, threads: 1) == marked)
    }

    @Test(arguments: ["", "{not json", "{\"snrDB\": [1, 0]}"])
    func aCorruptFileIsCalibratedAgainAndReplaced(_ junk: String) throws {
        let dir = try temporaryDirectory().path
        let cache = MeasurementModelCache(directory: dir)
        let request = Self.small
        let path = try #require(cache.path(for: request))
        try junk.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(cache.load(request) == nil)
        let m = try cache.model(for: request, threads: 1)
        #expect(m == (try request.calibrate(threads: 1)))
        #expect(cache.load(request) == m)
    }

    @Test func theKeyNamesEveryDependency() throws {
        let base = Self.small
        let key = MeasurementModelCache.key(for: base)
        #expect(key.count == 64)
        #expect(MeasurementModelCache.key(for: base) == key)
        var changed: [CalibrationRequest] = []
        var r = base
        r.seed += 1
        changed.append(r)
        r = base
        r.windows += 1
        changed.append(r)
        r = base
        r.snrDB[1] = 5.5
        changed.append(r)
        r = base
        r.bearings += 1
        changed.append(r)
        r = base
        r.bearingSNRdB = [0, 15]
        changed.append(r)
        r = base
        r.noiseSeconds = 0.4
        changed.append(r)
        r = base
        r.pauseWindows = 2
        changed.append(r)
        for c in changed { #expect(MeasurementModelCache.key(for: c) != key) }
        let text = MeasurementModelCache.keyText(for: base)
        for dependency in ["request:", "detector:", "CFAR", "fft: fftw-", "executable: /"] {
            #expect(text.contains(dependency), "the key does not name \(dependency)")
        }
    }

    @Test func offWritesNothing() throws {
        let cache = MeasurementModelCache(directory: nil)
        #expect(cache.path(for: Self.small) == nil)
        #expect(try cache.model(for: Self.small, threads: 1) == (try Self.small.calibrate(threads: 1)))
    }
}
