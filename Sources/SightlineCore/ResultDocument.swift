import Foundation

/// A result document: the JSON a command writes and another command (or an outside tool)
/// reads. One `Codable` type per document, shared by its writer and its reader; the field
/// names are its coding keys. Written with sorted keys and unescaped slashes; a non-finite
/// number is written as `null` (JSON has neither), so fields that may be non-finite are
/// optional.
public protocol ResultDocument: Codable, Sendable {
    /// What the document is called in an error ("bearings", "fix").
    static var documentName: String { get }
    /// The command that writes it, for the fix in an error.
    static var writtenBy: String { get }
    /// Decodes and checks a document (a default decodes it and names the failing field).
    static func decode(_ data: Data, location: String) throws -> Self
}

extension ResultDocument {
    /// The document as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        try JSONText.string(encoding: self)
    }

    /// Decodes a document from JSON bytes; anything else is a one-line error naming the
    /// location and the command that writes such a document.
    public static func decode(_ data: Data, location: String) throws -> Self {
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw SightlineError(
                .malformedFile,
                location: location,
                field: Self.field(of: error),
                message: "not a \(documentName) document (\(Self.reason(error)))",
                fix: "give the file written by \(writtenBy)"
            )
        }
    }

    /// Reads a document from a regular file (at most 256 MiB).
    public static func read(path: String) throws -> Self {
        let data = try InputFile.contents(
            of: path,
            what: "\(documentName) file",
            limit: 256 << 20,
            fix: "write one with \(writtenBy)"
        )
        return try decode(data, location: path)
    }

    /// The dotted path of the field a decoding error is about (`bearings[2].sigma_deg`).
    static func field(of error: DecodingError) -> String {
        let path: [CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        guard !path.isEmpty else { return documentName }
        var text = ""
        for key in path {
            if let i = key.intValue { text += "[\(i)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "a field is missing"
        case .typeMismatch: return "a field has the wrong type"
        case .valueNotFound: return "a field is null"
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "not JSON"
        case .dataCorrupted: return "a field's value is invalid"
        @unknown default: return "unreadable"
        }
    }
}

/// An optional field of a result document that is written as `null` when it has no value
/// (a range that does not exist, a quantile of no calls), so that a reader sees the field
/// and knows it was computed; a missing key reads as nil too.
@propertyWrapper
public struct Nullable<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A `Nullable` field may be absent (older writers, hand-made files).
    public func decode<Value>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}
