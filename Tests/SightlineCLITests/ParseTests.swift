import ArgumentParser
import Foundation
import Sightline
import SightlineCLI
import SightlineTestSupport
import Testing

/// In-process parsing: defaults, validation, and a full run on the committed fixture.
@Suite struct SpectrumParseTests {
    @Test func defaults() throws {
        let c = try SpectrumCommand.parse(["in.sigmf-meta"])
        #expect(c.spectral.nfft == 1024 && c.spectral.overlap == 0.5 && c.spectral.window == .hann)
        #expect(c.spectral.scaling == .density && c.spectral.average == .mean && !c.json)
        let config = c.spectral.configuration(sampleRateHz: 1e6)
        #expect(config.overlapSamples == 512 && config.hop == 512)
    }

    @Test(arguments: [
        ["x", "--overlap", "1"], ["x", "--overlap", "-0.1"], ["x", "--window", "triangle"],
        ["x", "--scaling", "power"], ["x", "--average", "mode"], ["x", "--nfft", "1"],
        ["x", "--waterfall-combine", "min"], ["x", "--channel", "-1"], ["x", "--threads", "0"],
    ])
    func rejectsBadOptions(arguments: [String]) {
        // A usage error (exit 64, not a crash or a failure while running) whose one line
        // names the option at fault.
        do {
            _ = try SpectrumCommand.parse(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(SpectrumCommand.exitCode(for: error) == .validationFailure, "\(arguments): \(error)")
            let line = SpectrumCommand.message(for: error)
            #expect(line.contains(arguments[1]) && !line.contains("\n"), "\(arguments): \(line)")
        }
    }

    @Test func kaiserAndOverlapFractions() throws {
        let c = try SpectrumCommand.parse(["x", "--window", "kaiser:8.6", "--overlap", "0.75", "--nfft", "255"])
        let config = c.spectral.configuration(sampleRateHz: 1)
        #expect(config.window == .kaiser(beta: 8.6))
        #expect(config.overlapSamples == 191)
    }

    /// The command's CSV equals scipy's median Welch estimate for nfft 1024 / 512 overlap /
    /// Hann on the fixture (Tests/Fixtures/welch.json, case 2), at absolute frequencies.
    @Test func runWritesCSVMatchingScipy() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("psd.csv").path
        let png = dir.appendingPathComponent("w.png").path
        let c = try SpectrumCommand.parse([
            Fixtures.path("mixture.sigmf-meta"), "--average", "median",
            "--psd-csv", csv, "--waterfall", png,
        ])
        let summary = try SpectrumRun.run(
            input: c.input,
            channel: 0,
            configuration: c.spectral.configuration(sampleRateHz:),
            psdCSV: csv,
            waterfallPNG: png,
            combine: .max
        )
        #expect(summary.frames == 38 && summary.samples == 20011)
        #expect(abs(summary.peakFrequencyHz - (902.4e6 - 600_000)) < 2000)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "frequency_hz,psd")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        let reference = try Fixtures.json("welch.json")["cases"] as! [[String: Any]]
        let scipy = reference[1]["psd"] as! [Double]
        let freqs = reference[1]["frequencies_hz"] as! [Double]
        #expect(rows.count == 1024)
        #expect(maxRelativeError(rows.map { $0[1] }, scipy) <= 1e-4)
        #expect(zip(rows, freqs).allSatisfy { abs($0[0] - ($1 + 902.4e6)) < 1e-3 })
        #expect(FileManager.default.fileExists(atPath: png))
    }
}

/// Libraries name parameters as quantities; the command line maps them to its options.
@Suite struct ErrorMappingTests {
    @Test func parametersBecomeOptions() {
        let e = SightlineError(
            .invalidValue,
            location: SightlineError.parametersLocation,
            field: "min_sigma_deg",
            message: "above `max_sigma_deg`",
            fix: "lower `min_sigma_deg`, or use the `array` ula:8:0.5"
        )
        let mapped = SightlineCommand.commandLine(e)
        #expect(mapped.location == "command line" && mapped.field == "--min-sigma-deg")
        #expect(
            mapped.message == "above --max-sigma-deg"
                && mapped.fix == "lower --min-sigma-deg, or use the --array ula:8:0.5"
        )
        // A file's error keeps its location and field; quoted parameters in it are still mapped.
        let file = SightlineError(
            .invalidValue,
            location: "a.yaml",
            field: "observers[0]",
            message: "m",
            fix: "see `pfa`"
        )
        let kept = SightlineCommand.commandLine(file)
        #expect(kept.location == "a.yaml" && kept.field == "observers[0]" && kept.fix == "see --pfa")
        let joined = SightlineCommand.commandLine(
            SightlineError(.invalidValue, location: SightlineError.parametersLocation, field: "pd/pfa", message: "m")
        )
        #expect(joined.field == "--pd/--pfa")
    }
}
