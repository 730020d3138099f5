import ArgumentParser
import Foundation
import Sightline

/// `sightline pathloss`: the median loss of one path under one model.
public struct PathLossCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pathloss",
        abstract: "Median path loss in dB for a model, frequency and distance.",
        discussion: """
            Models: \(PathLossModel.namesHelp). Hata: 150–1500 MHz, COST-231: 1500–2000 MHz, both for base heights \
            30–200 m, mobile heights 1–10 m and 1–20 km; outside those ranges the command refuses unless \
            --allow-extrapolation is given. log-distance uses free space up to --reference-distance-m and --exponent \
            beyond.
            """
    )

    @Option(help: "Model.")
    public var model: PathLossModel = .fspl

    @Option(name: .customLong("frequency-mhz"), parsing: .unconditional, help: "Carrier frequency in MHz.")
    public var frequencyMHz: Double = 900

    @Option(name: .customLong("distance-km"), parsing: .unconditional, help: "Distance between the antennas in km.")
    public var distanceKm: Double = 1

    @Option(
        name: .customLong("tx-height-m"),
        parsing: .unconditional,
        help: "Transmitter (base) antenna height above ground in metres."
    )
    public var txHeightM: Double = 30

    @Option(
        name: .customLong("rx-height-m"),
        parsing: .unconditional,
        help: "Receiver (mobile) antenna height above ground in metres."
    )
    public var rxHeightM: Double = 1.5

    @Option(parsing: .unconditional, help: "log-distance path-loss exponent (2 = free space).")
    public var exponent: Double = 3

    @Option(
        name: .customLong("reference-distance-m"),
        parsing: .unconditional,
        help: "log-distance reference distance in metres."
    )
    public var referenceDistanceM: Double = 100

    @Flag(name: .customLong("allow-extrapolation"), help: "Use the model outside the range its source validates.")
    public var allowExtrapolation = false

    @Flag(help: "Print the result document as JSON on stdout (and nothing else).")
    public var json = false

    public init() {}

    public func run() throws {
        let g = PathGeometry(
            frequencyHz: frequencyMHz * 1e6,
            distanceMeters: distanceKm * 1000,
            txHeightMeters: txHeightM,
            rxHeightMeters: rxHeightM,
            pathLossExponent: exponent,
            referenceDistanceMeters: referenceDistanceM
        )
        let doc = try PathLossDocument(model: model, geometry: g, allowExtrapolation: allowExtrapolation)
        if json {
            print(try doc.json())
        } else {
            print(
                String(
                    format: "%@: %.2f dB at %g MHz, %g km (tx %g m, rx %g m)",
                    model.rawValue,
                    doc.lossDB,
                    frequencyMHz,
                    distanceKm,
                    txHeightM,
                    rxHeightM
                )
            )
        }
    }
}
