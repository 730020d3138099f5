/// SigMF `core:datatype` values. Sightline reads `cf32_le` today; the others are named so
/// that a file using one gets a precise "unsupported" error rather than a parse failure.
public enum SigMFDatatype: String, Sendable, CaseIterable {
    case cf32LE = "cf32_le"
    case cf64LE = "cf64_le"
    case ci32LE = "ci32_le"
    case ci16LE = "ci16_le"
    case ci8 = "ci8"
    case cu8 = "cu8"
    case cu16LE = "cu16_le"
    case rf32LE = "rf32_le"
    case ri16LE = "ri16_le"

    /// Bytes per sample of one channel.
    public var bytesPerSample: Int {
        switch self {
        case .cf32LE: 8
        case .cf64LE: 16
        case .ci32LE: 8
        case .ci16LE: 4
        case .ci8, .cu8: 2
        case .cu16LE: 4
        case .rf32LE: 4
        case .ri16LE: 2
        }
    }

    /// Whether this build can read the type.
    public var isReadable: Bool { self == .cf32LE }

    public static var readableNames: String {
        allCases.filter(\.isReadable).map(\.rawValue).joined(separator: ", ")
    }
}
