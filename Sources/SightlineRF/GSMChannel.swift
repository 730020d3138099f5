import SightlineCore

/// GSM radio channels (3GPP TS 45.005 §2, formerly GSM 05.05): ARFCN ↔ carrier frequency.
///
/// - P-GSM 900, ARFCN 1…124: uplink 890 + 0.2·n MHz; E-GSM adds 0 and 975…1023:
///   uplink 890 + 0.2·(n − 1024) MHz; downlink = uplink + 45 MHz.
/// - DCS 1800, ARFCN 512…885: uplink 1710.2 + 0.2·(n − 512) MHz; downlink = uplink + 95 MHz.
public struct GSMChannel: Sendable, Equatable {
    public enum Band: String, Sendable { case gsm900 = "gsm900", dcs1800 = "dcs1800" }

    public let arfcn: Int
    public let band: Band

    /// Channel spacing, 200 kHz.
    public static let spacingHz = 200_000.0
    /// Gross bit (symbol) rate, 1625/6 kbit/s = 270.833… kbit/s (TS 45.004).
    public static let bitRateHz = 1_625_000.0 / 6
    /// TDMA frame: 8 timeslots of 156.25 bit periods = 60/13 ms = 4.615 ms (TS 45.002).
    public static let bitsPerTimeslot = 156.25
    public static let timeslotsPerFrame = 8
    public static var timeslotSeconds: Double { bitsPerTimeslot / bitRateHz }
    public static var frameSeconds: Double { Double(timeslotsPerFrame) * timeslotSeconds }

    public init(arfcn: Int, location: String = "arfcn") throws {
        switch arfcn {
        case 0...124, 975...1023: band = .gsm900
        case 512...885: band = .dcs1800
        default:
            throw SightlineError(
                .invalidValue,
                location: location,
                field: "arfcn",
                message: "\(arfcn) is not a GSM 900 or DCS 1800 ARFCN",
                fix: "use 1–124 or 975–1023 (GSM 900), or 512–885 (DCS 1800)"
            )
        }
        self.arfcn = arfcn
    }

    public var uplinkHz: Double {
        switch band {
        case .gsm900:
            let n = arfcn >= 975 ? arfcn - 1024 : arfcn
            return 890e6 + 0.2e6 * Double(n)
        case .dcs1800:
            return 1710.2e6 + 0.2e6 * Double(arfcn - 512)
        }
    }

    public var downlinkHz: Double { uplinkHz + (band == .gsm900 ? 45e6 : 95e6) }

    /// Maximum handset output power: class 4 (2 W, 33 dBm) in GSM 900, class 1 (1 W,
    /// 30 dBm) in DCS 1800; minimum 5 dBm (GSM 900) or 0 dBm (DCS 1800) (TS 45.005 §4.1.1).
    public var handsetMaxPowerDBm: Double { band == .gsm900 ? 33 : 30 }
    public var handsetMinPowerDBm: Double { band == .gsm900 ? 5 : 0 }
}
