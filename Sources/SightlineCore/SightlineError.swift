/// A typed error whose one-line description names the file, the field and the fix.
///
/// Every error that reaches the command line is one of these, so that bad input always
/// produces a single line such as
/// `capture.sigmf-meta: core:datatype: "ri16_le" is not supported; use cf32_le`.
public struct SightlineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, broadly; stable across releases so scripts can match on it.
    public enum Code: String, Sendable {
        case fileNotFound = "file-not-found"
        case unreadableFile = "unreadable-file"
        case malformedFile = "malformed-file"
        case missingField = "missing-field"
        case invalidValue = "invalid-value"
        case unsupported = "unsupported"
        case writeFailed = "write-failed"
    }

    /// The location of an error in the parameters a library function was given (not in a
    /// file). Its `field` names the parameter as a quantity in snake case with its unit
    /// (`min_sigma_deg`), and its message and fix quote parameters in backquotes
    /// (`` `sources` ``); a front end maps both to its own names (the command line to
    /// `--min-sigma-deg`, `--sources`).
    public static let parametersLocation = "parameters"

    public var code: Code
    /// The file (or other source, such as a command-line option) the problem is in.
    public var location: String
    /// The field, key or option at fault, if one can be named.
    public var field: String?
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var fix: String?

    public init(_ code: Code, location: String, field: String? = nil, message: String, fix: String? = nil) {
        self.code = code
        self.location = location
        self.field = field
        self.message = message
        self.fix = fix
    }

    public var description: String {
        var line = location
        if let field { line += ": \(field)" }
        line += ": \(message)"
        if let fix { line += "; \(fix)" }
        // Guarantee a single line whatever the pieces contain.
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
