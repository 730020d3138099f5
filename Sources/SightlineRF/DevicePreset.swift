/// The devices of the testimonies, with every number stated as an assumption and its
/// source. `sightline range`/`jam` take their defaults from these so a newcomer can run
/// the claims with few flags; `Signals/presets/README.md` is this table, printed by
/// `sightline presets --markdown` (a test keeps the two identical).
public struct DevicePreset: Sendable, Equatable {
    public enum Role: String, Sendable { case transmitter, receiver, jammer }

    public var name: String
    public var role: Role
    public var summary: String
    /// Transmit power (transmitters: conducted; jammers: ERP) in dBm.
    public var powerDBm: Double = 0
    public var antennaGainDBi: Double = 0
    /// Cable, body and other losses at this end.
    public var lossesDB: Double = 0
    public var heightMeters: Double
    public var frequencyHz: Double
    public var bandwidthHz: Double
    public var noiseFigureDB: Double = 0
    /// Receivers: how long one look integrates (one GSM burst by default).
    public var integrationSeconds: Double = 0
    public var pd: Double = 0.9
    public var pfa: Double = 1e-6
    /// The path-loss model for links to or from this device, and its log-distance terms.
    public var model: PathLossModel = .fspl
    public var pathLossExponent: Double = 3
    public var referenceDistanceMeters: Double = 100
    /// Added to the model's median loss on every link to or from this device (dB): what the
    /// site-general model cannot know about the place (0 nominal; its range says how much
    /// the answers depend on it).
    public var pathLossOffsetDB: Double = 0
    /// The assumptions, each with its source.
    public var notes: [String]
    /// The plausible ranges of the numbers that are genuinely unknown, each with its source.
    public var ranges: [PresetRange] = []

    /// GSM bursts a receiver integrates per look (its integration time over one burst's):
    /// 1 for the per-burst detectors, 8 for the fixed post.
    public var burstsPerLook: Int {
        integrationSeconds > 0 ? max(1, Int((integrationSeconds / Self.gsmBurstSeconds).rounded())) : 1
    }

    /// Useful part of a GSM normal burst, 148 bits at 270.833 kbit/s (TS 45.002).
    public static let gsmBurstSeconds = 148 / GSMChannel.bitRateHz

    /// The street-level receivers' unknown: how much more cluttered the town is than
    /// P.1411's suburban class.
    static let streetLevelOffsetRange = PresetRange(
        .pathLossOffsetDB,
        0,
        6.8,
        source: "ITU-R P.1411-12 eq. (61): L_urban 0 dB suburban to 6.8 dB urban"
    )

    public static let all: [DevicePreset] = [
        DevicePreset(
            name: "handset",
            role: .transmitter,
            summary: "GSM 900 class-4 handset in a call (a smuggled Chinese phone)",
            powerDBm: 33,
            antennaGainDBi: 0,
            lossesDB: 3,
            heightMeters: 1.5,
            frequencyHz: 902.4e6,
            bandwidthHz: 200e3,
            notes: [
                "33 dBm: power class 4 maximum (3GPP TS 45.005 §4.1.1); power control may lower it (C10)",
                "0 dBi antenna, 3 dB body loss: the usual handset assumptions of 3GPP TR 25.942 §4.1",
                "1.5 m: held at the head", "902.4 MHz: ARFCN 62 uplink; 200 kHz channel",
            ],
            ranges: [
                .init(
                    .lossesDB,
                    3,
                    10,
                    source:
                        """
                        talk position, head and hand: total radiated power 3–10 dB below free space in GSM 900 \
                        handset surveys (Pedersen et al., Aalborg University, Mobile Phone Antenna Performance, \
                        2008–2013)
                        """
                )
            ]
        ),
        DevicePreset(
            name: "chinese-mast",
            role: .transmitter,
            summary: "Chinese GSM 900 mast across the border (BCCH downlink)",
            powerDBm: 43,
            antennaGainDBi: 15,
            lossesDB: 3,
            heightMeters: 40,
            frequencyHz: 947.4e6,
            bandwidthHz: 200e3,
            model: .hataSuburban,
            notes: [
                "43 dBm (20 W) per carrier, 15 dBi sector antenna, 3 dB feeder loss: a typical macro cell (assumption)",
                "40 m mast on the Chinese bank", "947.4 MHz: ARFCN 62 downlink",
                "suburban Hata for the path to handsets in border towns",
            ]
        ),
        DevicePreset(
            name: "backpack",
            role: .receiver,
            summary: "backpack wideband receiver carried on patrol (C1)",
            antennaGainDBi: 0,
            lossesDB: 2,
            heightMeters: 1.3,
            frequencyHz: 902.4e6,
            bandwidthHz: 200e3,
            noiseFigureDB: 8,
            integrationSeconds: gsmBurstSeconds,
            model: .p1411Suburban,
            notes: [
                """
                8 dB noise figure, 0 dBi whip, 2 dB cable and body shadowing: a portable commercial receiver \
                (assumption)
                """,
                "channelised at 200 kHz, one look per GSM burst (546 µs, time-bandwidth ≈ 109)",
                "Pd 0.9 at Pfa 1e-6 per look: a 'red light' that rarely lies (assumption)",
                """
                ITU-R P.1411-12 §4.3.1 site-general, suburban: both antennas near street level among low \
                houses, 40 dB per decade beyond the line-of-sight streets
                """,
            ],
            ranges: [
                .init(
                    .noiseFigureDB,
                    5,
                    12,
                    source:
                        """
                        portable receivers and SDR front ends: 4.5–6 dB with an LNA, 8–12 dB for wideband \
                        scanners (manufacturers' data sheets; assumption)
                        """
                ),
                .init(
                    .antennaGainDBi,
                    -6,
                    2,
                    source: "a body-worn whip or short monopole: −6 to 2 dBi with the body in the way (assumption)"
                ),
                streetLevelOffsetRange,
            ]
        ),
        DevicePreset(
            name: "handheld-df",
            role: .receiver,
            summary: "hand-held 'antenna-shaped' direction finder (Adcock, C1)",
            antennaGainDBi: 0,
            lossesDB: 1,
            heightMeters: 1.5,
            frequencyHz: 902.4e6,
            bandwidthHz: 200e3,
            noiseFigureDB: 10,
            integrationSeconds: gsmBurstSeconds,
            model: .p1411Suburban,
            notes: [
                "10 dB noise figure: a compact five-channel front end (assumption)",
                "0 dBi Adcock elements, 1 dB loss", "one burst per look, Pd 0.9 at Pfa 1e-6",
                "ITU-R P.1411-12 §4.3.1 site-general, suburban, as for the backpack",
            ],
            ranges: [
                .init(
                    .noiseFigureDB,
                    6,
                    14,
                    source:
                        "a compact multi-channel front end: 6 dB with an LNA per element, 14 dB without (assumption)"
                ),
                .init(.antennaGainDBi, -3, 2, source: "Adcock or loop elements in the hand (assumption)"),
                streetLevelOffsetRange,
            ]
        ),
        DevicePreset(
            name: "fixed-post",
            role: .receiver,
            summary: "elevated fixed monitoring post (the Hyesan hospital room, C5)",
            antennaGainDBi: 8,
            lossesDB: 2,
            heightMeters: 15,
            frequencyHz: 902.4e6,
            bandwidthHz: 200e3,
            noiseFigureDB: 5,
            integrationSeconds: 8 * gsmBurstSeconds,
            model: .cost231WI,
            notes: [
                "15 m: an upper-floor window (assumption)",
                "8 dBi log-periodic aimed at the town, 2 dB cable (assumption)",
                "5 dB noise figure: a mains-powered receiver with a preamplifier (assumption)",
                "integrates 8 bursts (37 ms) per look, Pd 0.9 at Pfa 1e-6",
                """
                COST 231 Walfisch–Ikegami from 9 m above the roofs to the street, over a town of one- and \
                two-storey houses (roofs 6 m, rows 25 m apart, streets 12 m wide; assumption)
                """,
            ],
            ranges: [
                .init(
                    .noiseFigureDB,
                    3,
                    8,
                    source: "mains-powered receiver: 3 dB with a mast-head preamplifier, 8 dB without (assumption)"
                ),
                .init(.antennaGainDBi, 3, 12, source: "a dipole to a large log-periodic behind a window (assumption)"),
                .init(
                    .pathLossOffsetDB,
                    -6,
                    6,
                    source: """
                        COST 231 final report §4.4.1: Walfisch–Ikegami's mean error ±3 dB and standard \
                        deviation 4–8 dB against measurements; the town's roofs and rows are guessed
                        """
                ),
            ]
        ),
        DevicePreset(
            name: "border-jammer",
            role: .jammer,
            summary: "border barrage jammer over the GSM 900 downlink band (C6)",
            powerDBm: 50,
            heightMeters: 20,
            frequencyHz: 947.5e6,
            bandwidthHz: 25e6,
            model: .cost231WI,
            notes: [
                "50 dBm (100 W) ERP of noise over 935–960 MHz (25 MHz): a mid-size barrage jammer (assumption)",
                "20 m mast in the town",
                "COST 231 Walfisch–Ikegami from 14 m above the roofs to handsets in the streets",
            ]
        ),
        DevicePreset(
            name: "city-jammer",
            role: .jammer,
            summary: "city broadcast jammer against foreign TV (Pyongyang, C8)",
            powerDBm: 60,
            heightMeters: 150,
            frequencyHz: 600e6,
            bandwidthHz: 6e6,
            model: .hataSuburban,
            notes: [
                "60 dBm (1 kW) ERP of noise over one 6 MHz UHF TV channel (assumption)",
                "150 m: a broadcast tower in the city (assumption)", "suburban Hata to rooftop TV antennas",
            ]
        ),
        DevicePreset(
            name: "handset-receiver",
            role: .receiver,
            summary: "the handset as a receiver of the Chinese downlink (the victim in C6, C7)",
            antennaGainDBi: 0,
            lossesDB: 3,
            heightMeters: 1.5,
            frequencyHz: 947.4e6,
            bandwidthHz: 200e3,
            noiseFigureDB: 9,
            notes: [
                """
                9 dB noise figure: a GSM handset receiver (3GPP TS 45.005's −102 dBm reference sensitivity \
                implies about 8–10 dB)
                """,
                "0 dBi antenna, 3 dB body loss (3GPP TR 25.942 §4.1)",
                "needs 9 dB C/I to hold the call (TS 45.005 §6.3)",
            ]
        ),
        DevicePreset(
            name: "tv-broadcast",
            role: .transmitter,
            summary: "distant foreign TV transmitter (the wanted signal in C8)",
            powerDBm: 80,
            heightMeters: 300,
            frequencyHz: 600e6,
            bandwidthHz: 6e6,
            model: .fspl,
            notes: [
                "80 dBm (100 kW) ERP on a 300 m site (assumption: a major UHF broadcaster)",
                "free space is optimistic beyond the horizon; pass --signal-dbm with a measured level where one exists",
            ]
        ),
        DevicePreset(
            name: "tv-receiver",
            role: .receiver,
            summary: "domestic TV set with a rooftop antenna (the victim in C8)",
            antennaGainDBi: 10,
            lossesDB: 3,
            heightMeters: 10,
            frequencyHz: 600e6,
            bandwidthHz: 6e6,
            noiseFigureDB: 7,
            notes: [
                """
                10 dBi rooftop Yagi, 3 dB cable, 7 dB noise figure (assumptions, ITU-R BT.1368 planning values \
                are similar)
                """,
                """
                needs 15 dB C/(N+I) for analogue PAL/NTSC pictures (ITU-R BT.655: about 15 dB for a just-usable \
                picture)
                """,
            ]
        ),
    ]

    public static func named(_ name: String) -> DevicePreset? { all.first { $0.name == name } }
    public static func names(_ role: Role) -> String {
        all.filter { $0.role == role }.map(\.name).joined(separator: ", ")
    }

    /// The numbers on one line, for `--help`.
    public var oneLine: String {
        var parts: [String] = []
        if role != .receiver { parts.append("\(Self.number(powerDBm)) dBm\(role == .jammer ? " ERP" : "")") }
        if role == .receiver { parts.append("NF \(Self.number(noiseFigureDB)) dB") }
        parts.append("\(Self.number(antennaGainDBi)) dBi")
        if lossesDB > 0 { parts.append("\(Self.number(lossesDB)) dB loss") }
        parts.append("\(Self.number(heightMeters)) m")
        parts.append("\(Self.number(bandwidthHz / 1e3)) kHz")
        if integrationSeconds > 0 {
            parts.append("\(Self.number((integrationSeconds * 1e5).rounded() / 100)) ms per look, Pd \(pd), Pfa \(pfa)")
        }
        parts.append(
            model == .logDistance
                ? "log-distance n \(Self.number(pathLossExponent)) from \(Self.number(referenceDistanceMeters)) m"
                : model.rawValue
        )
        return "\(name): " + parts.joined(separator: ", ")
    }

    static func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    /// Every preset's one-line numbers.
    public static var helpTable: String { all.map(\.oneLine).joined(separator: "; ") }

    /// The whole table as Markdown (Signals/presets/README.md).
    public static var markdown: String {
        var lines = [
            "# Device presets", "",
            "Every number is an assumption, stated with its source. `sightline range`, `jam` and",
            "`powercontrol` use them as defaults; override any with the command's flags.",
            "(Generated by `sightline presets --markdown`; a test keeps this file in step.)", "",
        ]
        for p in all {
            lines.append("## `\(p.name)` — \(p.summary)")
            lines.append("")
            var facts: [String] = ["role: \(p.role.rawValue)"]
            if p.role != .receiver { facts.append("power: \(p.powerDBm) dBm\(p.role == .jammer ? " ERP" : "")") }
            facts.append("antenna gain: \(p.antennaGainDBi) dBi")
            facts.append("losses: \(p.lossesDB) dB")
            facts.append("height: \(p.heightMeters) m")
            facts.append("frequency: \(p.frequencyHz / 1e6) MHz")
            facts.append("bandwidth: \(p.bandwidthHz / 1e3) kHz")
            if p.role == .receiver {
                facts.append("noise figure: \(p.noiseFigureDB) dB")
                if p.integrationSeconds > 0 {
                    facts.append(
                        "integration: \((p.integrationSeconds * 1e6).rounded() / 1000) ms; Pd \(p.pd), Pfa \(p.pfa)"
                    )
                    let n = p.burstsPerLook
                    facts.append(
                        "detector (range and risk): the pipeline's per-burst detector as measured at the IQ level"
                            + (n > 1 ? ", over \(n)-burst looks with the ideal energy detector's integration gain" : "")
                    )
                }
            }
            let exponent =
                p.model == .logDistance ? " (n = \(p.pathLossExponent), d₀ = \(p.referenceDistanceMeters) m)" : ""
            facts.append("path loss: \(p.model.rawValue)\(exponent)")
            lines.append(facts.map { "- \($0)" }.joined(separator: "\n"))
            lines.append("")
            lines.append("Assumptions and sources:")
            lines.append("")
            lines.append(p.notes.map { "- \($0)" }.joined(separator: "\n"))
            lines.append("")
            if !p.ranges.isEmpty {
                lines.append("Plausible ranges (timed scenes sample them with `preset_range: true`):")
                lines.append("")
                lines.append(p.ranges.map { "- \($0.line(nominal: p.value(of: $0.field)))" }.joined(separator: "\n"))
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }
}
