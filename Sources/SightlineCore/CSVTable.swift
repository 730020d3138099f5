/// The one CSV writer: a header row, then one row per record, `\n` line ends. Numbers are
/// written in the shortest form that reads back to the same Double (non-finite ones as
/// `nan`, `inf`, `-inf`, as numpy and pandas read them); text is quoted when it holds a
/// comma, a quote or a line break (RFC 4180).
public struct CSVTable: Sendable {
    /// One field of a row.
    public enum Cell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
        ExpressibleByIntegerLiteral
    {
        case number(Double)
        case text(String)
        public init(stringLiteral value: String) { self = .text(value) }
        public init(floatLiteral value: Double) { self = .number(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }

        var field: String {
            switch self {
            case .number(let x):
                if x.isNaN { return "nan" }
                if x.isInfinite { return x > 0 ? "inf" : "-inf" }
                return "\(x)"
            case .text(let s):
                guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
        }
    }

    public let header: [String]
    public private(set) var rows: [[Cell]] = []

    public init(header: [String]) { self.header = header }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [Cell]) {
        precondition(row.count == header.count, "a CSV row needs \(header.count) cells")
        rows.append(row)
    }

    /// Appends a row of numbers.
    public mutating func append(numbers: [Double]) {
        append(numbers.map(Cell.number))
    }

    /// The table as CSV text.
    public var text: String {
        var text = header.map { Cell.text($0).field }.joined(separator: ",") + "\n"
        text.reserveCapacity(rows.count * 16 * max(1, header.count))
        for row in rows {
            text += row.map(\.field).joined(separator: ",")
            text += "\n"
        }
        return text
    }

    /// Numeric `columns` (equal lengths) under `header`, as CSV text.
    public static func text(header: [String], columns: [[Double]]) -> String {
        precondition(header.count == columns.count && Set(columns.map(\.count)).count <= 1)
        var table = CSVTable(header: header)
        for r in 0..<(columns.first?.count ?? 0) { table.append(numbers: columns.map { $0[r] }) }
        return table.text
    }

    /// Writes the table atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(text, to: path)
    }
}
