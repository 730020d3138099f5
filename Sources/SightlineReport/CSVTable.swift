import Foundation
import SightlineCore

/// Writes simple numeric CSV tables atomically: a header row, then one row per record.
public enum CSVTable {
    /// Writes `columns` (equal lengths) under `header`. Numbers use the shortest
    /// representation that reads back to the same Double.
    public static func write(header: [String], columns: [[Double]], to path: String) throws {
        try AtomicFile.write(text(header: header, columns: columns), to: path)
    }

    /// The table as CSV text (the same bytes ``write(header:columns:to:)`` writes).
    public static func text(header: [String], columns: [[Double]]) -> String {
        precondition(header.count == columns.count && Set(columns.map(\.count)).count <= 1)
        var text = header.joined(separator: ",") + "\n"
        let rows = columns.first?.count ?? 0
        text.reserveCapacity(rows * 24 * max(1, columns.count))
        for r in 0..<rows {
            text += columns.map { "\($0[r])" }.joined(separator: ",")
            text += "\n"
        }
        return text
    }
}
