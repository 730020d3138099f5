import SightlineCore

/// One value an axis of a sweep takes: a number (a distance, a height, a power) or a name (a
/// device preset, an environment, a tactic). Written in JSON as a number or a string and in
/// CSV as a number or a text field.
public enum SweepValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .text(let s): try c.encode(s)
        }
    }

    /// The value as it is written into the scene's YAML (a number in its shortest form).
    public var description: String {
        switch self {
        case .number(let x):
            return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .text(let s): return s
        }
    }

    /// The value as a CSV cell.
    public var cell: CSVTable.Cell {
        switch self {
        case .number(let x): return .number(x)
        case .text(let s): return .text(s)
        }
    }
}
