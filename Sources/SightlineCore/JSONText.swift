import Foundation

/// Result documents as JSON text: sorted keys, unescaped slashes, pretty-printed. JSON has
/// no infinity or NaN, so a non-finite number is written as `null` (a peak of −∞ dB in an
/// all-zero capture, say) instead of failing after other outputs are written.
public enum JSONText {
    /// A JSONSerialization object (dictionaries, arrays, strings, numbers, NSNull).
    public static func string(_ object: Any) throws -> String {
        let clean = sanitized(object)
        guard JSONSerialization.isValidJSONObject(clean) else {
            throw SightlineError(.invalidValue, location: "output", message: "the result is not a JSON document",
                                 fix: "report this as a bug")
        }
        let data = try JSONSerialization.data(withJSONObject: clean,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A `Codable` document, with the same null-for-non-finite rule (the encoder's own
    /// formatting of every other value is kept).
    public static func string<T: Encodable>(encoding value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: marker + "+inf", negativeInfinity: marker + "-inf", nan: marker + "nan")
        var text = String(decoding: try encoder.encode(value), as: UTF8.self)
        for kind in ["+inf", "-inf", "nan"] {
            text = text.replacingOccurrences(of: "\"\(marker)\(kind)\"", with: "null")
        }
        return text
    }

    private static let marker = "sightline-non-finite:"

    /// `object` with every non-finite number replaced by NSNull.
    public static func sanitized(_ object: Any) -> Any {
        let type = Swift.type(of: object)
        if type == Double.self { let d = object as! Double; return d.isFinite ? d : NSNull() }
        if type == Float.self { let f = object as! Float; return f.isFinite ? f : NSNull() }
        if let dictionary = object as? [String: Any] { return dictionary.mapValues(sanitized) }
        if let array = object as? [Any] { return array.map(sanitized) }
        if type is NSNumber.Type, let n = object as? NSNumber {
            return n.doubleValue.isFinite ? n : NSNull()
        }
        return object
    }
}
