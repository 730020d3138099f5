import ArgumentParser
import Foundation
import Sightline

/// `sightline powercontrol`: a handset's ordered transmit power vs distance to its mast.
public struct PowerControlCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "powercontrol",
        abstract: "GSM handset transmit power vs distance to the serving mast (CLAIMS.md C10).",
        discussion: """
            The network orders the lowest level, in 2 dB steps from 33 down to 5 dBm (GSM 900, TS 45.005 §4.1.1), \
            that still delivers --target-dbm at the mast: P = target + L(d) − G_mast − G_handset, rounded up to \
            the \
            grid and clamped. Defaults: the chinese-mast and handset presets.
            """
    )

    @Option(name: .customLong("mast-km"), parsing: .unconditional, help: "Distance from the handset to its mast.")
    public var mastKm: Double = 16
    @Option(parsing: .unconditional, help: "Path-loss model handset → mast.") public var model: PathLossModel =
        .hataSuburban
    @Option(name: .customLong("target-dbm"), parsing: .unconditional, help: "Level the network aims for at the mast.")
    public var targetDBm: Double = -85
    @Option(name: .customLong("mast-gain-dbi"), parsing: .unconditional) public var mastGainDBi: Double = 15
    @Option(name: .customLong("mast-height-m"), parsing: .unconditional) public var mastHeightM: Double = 40
    @Option(name: .customLong("frequency-mhz"), parsing: .unconditional) public var frequencyMHz: Double = 902.4
    @Flag(name: .customLong("allow-extrapolation")) public var allowExtrapolation = false
    @Option(help: "Write PREFIX.csv and PREFIX.svg of power vs distance (1–30 km).") public var sweep: String?
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false

    public init() {}

    public func validate() throws {
        guard mastKm > 0 && mastKm.isFinite else {
            throw ValidationError("--mast-km \(mastKm): give a positive distance")
        }
    }

    public func run() throws {
        try AtomicFile.checkOutputs([sweep.map { $0 + ".csv" }, sweep.map { $0 + ".svg" }], inputs: [])
        let handset = DevicePreset.named("handset")!
        let path = PropagationPath(
            model: model,
            frequencyHz: frequencyMHz * 1e6,
            txHeightMeters: mastHeightM,
            rxHeightMeters: handset.heightMeters,
            allowExtrapolation: allowExtrapolation
        )
        let control = GSMPowerControl(targetDBm: targetDBm)
        let gains = mastGainDBi + handset.antennaGainDBi - handset.lossesDB
        func power(_ d: Double) throws -> (loss: Double, power: Double) {
            let l = try path.lossDB(distanceMeters: d, location: "command line")
            return (l, control.transmitPowerDBm(pathLossDB: l, gainsDB: gains))
        }
        let here = try power(mastKm * 1000)
        if let sweep {
            var csv = CSVTable(header: ["distance_m", "path_loss_db", "tx_power_dbm"])
            var points: [(x: Double, y: Double)] = []
            let domain = path.distanceDomainMeters
            for i in 0..<300 {
                let d = max(domain.lowerBound, min(domain.upperBound, 1000 + Double(i) * 29_000 / 299))
                let p = try power(d)
                csv.append(numbers: [d, p.loss, p.power])
                points.append((d / 1000, p.power))
            }
            var plot = SVGPlot(
                title: "Handset power control vs distance to the mast (\(model.rawValue))",
                xLabel: "distance to the mast (km)",
                yLabel: "ordered transmit power (dBm)"
            )
            plot.series = [.init(label: "GSM 900 class 4", points: points, colour: SVGPlot.palette[0])]
            plot.markers = [
                .init(axis: .x, value: mastKm, label: String(format: "%.0f km: %.0f dBm", mastKm, here.power))
            ]
            try csv.write(to: sweep + ".csv")
            try AtomicFile.write(plot.render(), to: sweep + ".svg")
        }
        if json {
            print(
                try PowerControlDocument(
                    txPowerDBm: here.power,
                    pathLossDB: here.loss,
                    distanceMeters: mastKm * 1000,
                    model: model.rawValue,
                    targetDBm: targetDBm
                ).json()
            )
        } else {
            print(
                String(
                    format: "%.1f km from the mast (%@, loss %.1f dB): the handset transmits %.0f dBm%@",
                    mastKm,
                    model.rawValue,
                    here.loss,
                    here.power,
                    here.power >= control.maxPowerDBm ? " — its maximum" : ""
                )
            )
        }
    }
}
