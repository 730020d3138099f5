import ArgumentParser
import Foundation
import Sightline

/// `sightline info`: what a SigMF recording holds.
public struct InfoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Datatype, rate, frequency, channels, duration and annotation counts of a SigMF recording.",
        discussion: """
            The checks are the ones every command makes before reading: a supported datatype, a data file that is a \
            whole number of samples and long enough for every annotation.
            """
    )

    @Argument(help: "The recording: a .sigmf-meta path (or its .sigmf-data, or the base name).")
    public var input: String

    @Flag(help: "Print the document as JSON on stdout (and nothing else).")
    public var json = false

    public init() {}

    public func run() throws {
        let meta = try SigMFMetadata.read(path: input)
        let info = try RecordingInfo(meta)
        if json {
            print(try info.json())
            return
        }
        let samples = info.samples
        let byLabel = info.annotationsByLabel
        print("\(meta.metaPath)")
        print("  datatype    \(meta.datatype.rawValue)\(meta.datatype.isInteger ? " (scale \(meta.scale))" : "")")
        print("  sample rate \(meta.sampleRateHz) Hz")
        print("  frequency   \(meta.frequencyHz.map { "\($0) Hz" } ?? "not given")")
        print("  channels    \(meta.channelCount)\(meta.arrayGeometry.map { " (\($0))" } ?? "")")
        print("  samples     \(samples) per channel, \(String(format: "%.6g", Double(samples) / meta.sampleRateHz)) s")
        print(
            "  annotations \(meta.annotations.count)"
                + (byLabel.isEmpty
                    ? ""
                    : ": " + byLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        )
    }
}
