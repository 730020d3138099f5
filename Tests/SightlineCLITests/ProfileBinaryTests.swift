import Foundation
import SightlineTestSupport
import Testing

/// `sightline profile`: the JSON document alone on stdout, a table otherwise, one-line errors.
@Suite struct ProfileBinaryTests {
    static let small = ["--nfft", "64,128", "--samples", "16384", "--rounds", "1", "--datatype", "cu8"]

    @Test func jsonIsTheOnlyStdoutAndHasEveryRow() throws {
        let r = try BinaryTests.run(["profile", "--json"] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let sizes = doc["sizes"] as! [[String: Any]]
        #expect(sizes.map { $0["nfft"] as? Int } == [64, 128])
        for key in ["machine", "fftw", "parameters", "memory_stream_gbps"] { #expect(doc[key] != nil, "\(key)") }
        let parameters = doc["parameters"] as! [String: Any]
        #expect(parameters["datatype"] as? String == "cu8")
        for s in sizes {
            for key in ["plan", "rates", "stages", "fraction_of_bound", "scaling", "thread_speedup", "batch_times"] {
                #expect(s[key] != nil, "\(key)")
            }
        }
    }

    @Test func tableNamesThePlanAndTheLibrary() throws {
        let r = try BinaryTests.run(["profile"] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("FFTW fftw-3"))
        #expect(r.stdout.contains("Plans (fftwf_sprint_plan"))
        #expect(r.stdout.contains("of bound"))
    }

    @Test(arguments: [
        (["--overlap", "1.5"], "--overlap"),
        (["--nfft", "8"], "--nfft"),
        (["--nfft", "1024,x"], "--nfft"),
        (["--threads", "0"], "--threads"),
        (["--datatype", "cf64"], "--datatype"),
        (["--samples", "100"], "--samples"),
    ])
    func badOptionsGiveOneLine(arguments: [String], mentions: String) throws {
        let r = try BinaryTests.run(["profile"] + arguments)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(r.stderr)")
    }
}
