import Foundation

/// Result documents as JSON text: sorted keys, unescaped slashes, pretty-printed. JSON has
/// no infinity or NaN, so a non-finite number is written as `null` (a peak of −∞ dB in an
/// all-zero capture, say) instead of failing after other outputs are written.
public enum JSONText {
    /// A `Codable` document (the encoder's own formatting of every finite value is kept).
    public static func string<T: Encodable>(encoding value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: marker + "+inf",
            negativeInfinity: marker + "-inf",
            nan: marker + "nan"
        )
        var text = String(decoding: try encoder.encode(value), as: UTF8.self)
        for kind in ["+inf", "-inf", "nan"] {
            text = text.replacingOccurrences(of: "\"\(marker)\(kind)\"", with: "null")
        }
        return text
    }

    private static let marker = "sightline-non-finite:"
}
