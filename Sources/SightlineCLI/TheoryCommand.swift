import ArgumentParser
import Foundation
import Sightline

/// Options shared by the `theory` subcommands.
public struct TheoryOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "False-alarm probability (down to 1e-12 and below with --method energy).")
    public var pfa: Double = 1e-6
    @Option(
        help: """
            albersheim (non-coherent integration of --pulses; Pfa 1e-7…1e-3, Pd 0.1…0.9) or energy (exact energy \
            detector \
            over --time-bandwidth samples).
            """
    )
    public var method: DetectorLaw = .albersheim
    @Option(parsing: .unconditional, help: "Pulses (looks) integrated non-coherently, for albersheim.") public
        var pulses: Double = 1
    @Option(
        name: .customLong("time-bandwidth"),
        parsing: .unconditional,
        help: "Time-bandwidth product N (independent samples summed), for energy."
    )
    public var timeBandwidth: Double = 1
    @Flag(name: .customLong("allow-extrapolation"), help: "Use Albersheim outside its validity range.") public
        var allowExtrapolation = false
    @Flag(help: "Print the result document as JSON on stdout (and nothing else).") public var json = false
    public init() {}

    /// The largest --pulses and --time-bandwidth (the energy detector's cost grows with N·SNR).
    static let maximumCount = 1e6
    /// SNRs beyond ±200 dB mean nothing physical (and overflow the power ratio's square).
    static func checkSNR(_ snr: Double, option: String = "--snr-db") throws {
        guard snr >= -200 && snr <= 200 else {
            throw ValidationError("\(option) \(snr): give an SNR from -200 to 200 dB")
        }
    }

    public func validate() throws {
        guard pfa > 0 && pfa < 1 else { throw ValidationError("--pfa \(pfa): give a probability in (0, 1)") }
        guard pulses >= 1 && timeBandwidth >= 1 else {
            throw ValidationError("--pulses and --time-bandwidth must be ≥ 1")
        }
        guard pulses <= Self.maximumCount else {
            throw ValidationError("--pulses \(pulses): give at most \(Int(Self.maximumCount)) (the limit)")
        }
        guard timeBandwidth <= Self.maximumCount else {
            throw ValidationError(
                "--time-bandwidth \(timeBandwidth): give at most \(Int(Self.maximumCount)) (the limit)"
            )
        }
    }

    func pd(snrDB: Double) throws -> Double {
        method == .energy
            ? EnergyDetector.detectionProbability(snrDB: snrDB, pfa: pfa, samples: timeBandwidth)
            : try Albersheim.detectionProbability(
                snrDB: snrDB,
                pfa: pfa,
                pulses: pulses,
                allowExtrapolation: allowExtrapolation,
                location: "command line"
            )
    }

    func snr(pd: Double) throws -> Double {
        method == .energy
            ? EnergyDetector.requiredSNRdB(pd: pd, pfa: pfa, samples: timeBandwidth)
            : try Albersheim.requiredSNRdB(
                pd: pd,
                pfa: pfa,
                pulses: pulses,
                allowExtrapolation: allowExtrapolation,
                location: "command line"
            )
    }

    func emit(_ doc: some ResultDocument, text: String) throws {
        if json { print(try doc.json()) } else { print(text) }
    }
}

/// `sightline theory`: analytic detection probability, required SNR and ROC curves.
public struct TheoryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "theory",
        abstract: """
            Detection theory: Pd for an SNR, the SNR for a Pd, ROC curves (Albersheim or the exact energy detector).
            """,
        discussion: """
            SNR is per sample (per pulse). The energy detector sums N = time × bandwidth squared samples of unit \
            noise; Pfa = Q(N, τ), Pd = Q_N(√(2Nγ), √(2τ)) (Marcum), exact to Pfa 1e-12 and beyond (Urkowitz \
            1967). \
            Albersheim (1981) approximates Robertson's curves within 0.2 dB for Pfa 1e-7…1e-3, Pd 0.1…0.9, N \
            1…8096.
            """,
        subcommands: [Pd.self, SNR.self, ROC.self]
    )

    public init() {}

    public struct Pd: ParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "Detection probability for an SNR.")
        @Option(name: .customLong("snr-db"), parsing: .unconditional, help: "Per-sample SNR in dB.") public var snrDB:
            Double
        @OptionGroup public var options: TheoryOptions
        public init() {}
        public func validate() throws { try TheoryOptions.checkSNR(snrDB) }
        public func run() throws {
            let pd = try options.pd(snrDB: snrDB)
            try options.emit(
                DetectionPointDocument(pd: pd, snrDB: snrDB, pfa: options.pfa, method: options.method.rawValue),
                text: String(
                    format: "Pd = %.6g at SNR %.2f dB, Pfa %.3g (%@)",
                    pd,
                    snrDB,
                    options.pfa,
                    options.method.rawValue
                )
            )
        }
    }

    public struct SNR: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "snr",
            abstract: "SNR needed for a detection probability."
        )
        @Option(parsing: .unconditional, help: "Target detection probability.") public var pd: Double
        @OptionGroup public var options: TheoryOptions
        public init() {}
        public func validate() throws {
            guard pd > 0 && pd < 1 else { throw ValidationError("--pd \(pd): give a probability in (0, 1)") }
        }
        public func run() throws {
            let snr = try options.snr(pd: pd)
            try options.emit(
                DetectionPointDocument(pd: pd, snrDB: snr, pfa: options.pfa, method: options.method.rawValue),
                text: String(
                    format: "SNR %.2f dB for Pd %.3g at Pfa %.3g (%@)",
                    snr,
                    pd,
                    options.pfa,
                    options.method.rawValue
                )
            )
        }
    }

    public struct ROC: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "roc",
            abstract: "ROC curves (Pd vs Pfa) for one or more SNRs, as CSV and SVG."
        )
        @Option(name: .customLong("snr-db"), parsing: .unconditional, help: "SNRs in dB, comma-separated.") public
            var snrDB = NumberList([0, 3, 6, 10])
        @Option(help: "Write the table as CSV here (pfa,pd at each SNR).") public var csv: String?
        @Option(help: "Write the plot as SVG here.") public var svg: String?
        @OptionGroup public var options: TheoryOptions
        public init() {}

        var snrs: [Double] { snrDB.values }
        public func validate() throws {
            guard snrs.count <= 64 else {
                throw ValidationError("--snr-db: \(snrs.count) SNRs is more than the limit of 64")
            }
            for s in snrs { try TheoryOptions.checkSNR(s) }
        }

        public func run() throws {
            try AtomicFile.checkOutputs([csv, svg], inputs: [])
            // Energy: Pfa from 1e-12 to 0.5; Albersheim: its validity range unless extrapolating.
            let lo = options.method == .energy || options.allowExtrapolation ? -12.0 : -7.0
            let hi = options.method == .energy || options.allowExtrapolation ? log10(0.5) : -3.0
            let pfas = (0..<60).map { pow(10, lo + (hi - lo) * Double($0) / 59) }
            var rows: [[Double]] = []
            for pfa in pfas {
                var o = options
                o.pfa = pfa
                o.allowExtrapolation = true
                rows.append([pfa] + (try snrs.map { min(1, max(0, try o.pd(snrDB: $0))) }))
            }
            let doc = ROCDocument(
                method: options.method.rawValue,
                snrDB: snrs,
                curves: rows.map { ROCDocument.Point(pfa: $0[0], pd: Array($0.dropFirst())) }
            )
            let table = doc.csv.text
            let integration =
                options.method == .energy
                ? "N = \(Int(options.timeBandwidth))" : "\(Int(options.pulses)) pulse(s)"
            var plot = SVGPlot(
                title: "ROC (\(options.method.rawValue), \(integration))",
                xLabel: "probability of false alarm",
                yLabel: "probability of detection",
                logX: true
            )
            plot.series = snrs.enumerated().map { i, s in
                .init(
                    label: "SNR \(s) dB",
                    points: rows.map { ($0[0], $0[i + 1]) },
                    colour: SVGPlot.palette[i % SVGPlot.palette.count]
                )
            }
            let svgText = plot.render()
            if let csv { try AtomicFile.write(table, to: csv) }
            if let svg { try AtomicFile.write(svgText, to: svg) }
            if options.json {
                print(try doc.json())
            } else {
                print(table, terminator: "")
            }
        }
    }
}
